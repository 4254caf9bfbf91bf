"""Tests of the built-in renderer: notebook cells, the merged book, HTML and PDF output."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml

from evalkit.build import book, provenance, render
from evalkit.errors import OutputError

FIXTURE = Path(__file__).parents[1] / "fixtures" / "render"
PLAN = "fixture-2023"
PDFTOTEXT = shutil.which("pdftotext")
PDFFONTS = shutil.which("pdffonts")
nodig_poppler = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext ontbreekt (Debian-pakket poppler-utils)"
)

# A 1x1 PNG for synthetic notebook outputs.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
        "9c6360f8cfc000000301010018dd8db00000000049454e44ae426082"
    )
).decode()


def kopie(doel: Path) -> dict[str, Path]:
    """A writable copy of the render fixture (data, params, notebooks, executed reports)."""
    mappen = {}
    for naam in ("data", "params", "notebooks", "reports"):
        shutil.copytree(FIXTURE / naam, doel / naam)
        mappen[f"{naam}_dir"] = doel / naam
    return mappen


def make_book(doel: Path) -> Path:
    return book.make_book(PLAN, render.renderer_name(), meld=lambda _t: None, **kopie(doel))


def pdf_tekst(pdf: Path) -> str:
    uit = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return uit.stdout


def zonder_opmaak(tekst: str) -> str:
    """Text with all runs of whitespace as one space (pdftotext layout varies)."""
    return " ".join(tekst.split())


@pytest.fixture(scope="module")
def gerenderd(tmp_path_factory) -> tuple[Path, render.RenderResult]:
    boekmap = make_book(tmp_path_factory.mktemp("boek"))
    return boekmap, render.render_book(boekmap)


# --- cells of one notebook (the Lua filter) --------------------------------------------------


def notebook(tmp_path: Path, cellen: list) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = cellen
    for i, cel in enumerate(nb.cells):
        cel["id"] = f"c{i}"
    pad = tmp_path / "nb.ipynb"
    nbformat.write(nb, pad)
    return pad


def code(bron: str, outputs: list | None = None, tags: list[str] | None = None):
    cel = nbformat.v4.new_code_cell(bron, outputs=outputs or [])
    if tags:
        cel.metadata["tags"] = tags
    return cel


def uitvoer(data: dict, soort: str = "display_data"):
    if soort == "execute_result":
        return nbformat.v4.new_output(soort, data=data, execution_count=1)
    return nbformat.v4.new_output(soort, data=data)


def woorden(x) -> str:
    """The Str contents of a pandoc JSON fragment, joined by spaces."""
    if isinstance(x, dict):
        return x["c"] if x.get("t") == "Str" else woorden(x.get("c"))
    if isinstance(x, list):
        return " ".join(w for w in (woorden(y) for y in x) if w)
    return ""


def als_markdown(pad: Path, werkmap: Path, echo: bool = False) -> str:
    doc = render.chapter_json(pad, werkmap, echo=echo)
    args = ["-f", "json", "-t", "markdown", "--wrap=none"]
    return render.pandoc(args, "test", werkmap, json.dumps(doc))


def test_code_verborgen_tenzij_echo(tmp_path):
    pad = notebook(tmp_path, [code("x = 1"), code("#| echo: true\ny = 2")])
    md = als_markdown(pad, tmp_path)
    assert "x = 1" not in md
    assert "y = 2" in md
    assert "#|" not in md
    assert "x = 1" in als_markdown(pad, tmp_path, echo=True)


def test_parametercellen_en_include_false_verdwijnen(tmp_path):
    pad = notebook(
        tmp_path,
        [
            code('jaarplan = "a"', tags=["parameters"]),
            code(
                'jaarplan = "b"', [uitvoer({"text/plain": "'geheim-1'"})], ["injected-parameters"]
            ),
            code("1", [uitvoer({"text/plain": "'geheim-2'"}, "execute_result")], ["remove-cell"]),
            code("#| include: false\n2", [uitvoer({"text/plain": "'geheim-3'"})]),
            code("#| output: false\n3", [uitvoer({"text/plain": "'geheim-4'"})]),
        ],
    )
    md = als_markdown(pad, tmp_path, echo=True)
    assert "geheim" not in md
    assert "jaarplan" not in md
    assert "3" in md  # output: false still shows the code when echo is on


def test_een_weergave_per_uitvoer_markdown_voor_platte_tekst(tmp_path):
    pad = notebook(
        tmp_path,
        [
            code(
                "display(Markdown(...))",
                [uitvoer({"text/markdown": "Van de **12** doelen", "text/plain": "<Markdown>"})],
            )
        ],
    )
    md = als_markdown(pad, tmp_path)
    assert "Van de **12** doelen" in md
    assert "<Markdown>" not in md


def test_meerdere_rijke_uitvoer_in_een_cel_blijft_staan(tmp_path):
    pad = notebook(
        tmp_path,
        [
            code(
                "for t in thema's: display(Markdown(t))",
                [
                    uitvoer({"text/markdown": "Eerste alinea", "text/plain": "<Markdown>"}),
                    uitvoer({"text/markdown": "Tweede alinea", "text/plain": "<Markdown>"}),
                    nbformat.v4.new_output("stream", name="stdout", text="ruis\n"),
                ],
            )
        ],
    )
    md = als_markdown(pad, tmp_path)
    assert md.index("Eerste alinea") < md.index("Tweede alinea")
    assert "ruis" not in md  # plain text is only shown when the cell has nothing richer


def test_figuur_met_label_en_onderschrift(tmp_path):
    pad = notebook(
        tmp_path,
        [
            code(
                "#| label: fig-budget\n#| fig-cap: Budget per thema\nplt.show()",
                [
                    uitvoer({"text/plain": "<BarContainer object of 2 artists>"}, "execute_result"),
                    uitvoer({"image/png": PNG, "text/plain": "<Figure size 640x480>"}),
                ],
            )
        ],
    )
    doc = render.chapter_json(pad, tmp_path)
    figuren = [b for b in doc["blocks"] if b["t"] == "Figure"]
    assert len(figuren) == 1
    assert figuren[0]["c"][0][0] == "fig-budget"
    md = als_markdown(pad, tmp_path)
    assert "Budget per thema" in md
    assert "BarContainer" not in md  # plain text dropped when the cell has a figure
    assert "Figure size" not in md
    assert list((tmp_path / "media").glob("*.png"))


def test_html_tabel_wordt_echte_tabel_zonder_rangeindex(tmp_path):
    html = (
        '<table border="1" class="dataframe"><thead><tr style="text-align: right;"><th></th>'
        "<th>Thema</th><th>Budget</th></tr></thead><tbody>"
        "<tr><th>0</th><td>Basis</td><td>€ 10.000</td></tr>"
        "<tr><th>1</th><td>Netwerk</td><td>€ 2.500,50</td></tr></tbody></table>"
    )
    pad = notebook(
        tmp_path,
        [
            code(
                "#| label: tbl-budget\n#| tbl-cap: Budget per thema\ndf",
                [uitvoer({"text/html": html, "text/plain": "   Thema ..."}, "execute_result")],
            )
        ],
    )
    doc = render.chapter_json(pad, tmp_path)
    tabellen = [b for b in doc["blocks"] if b["t"] == "Table"]
    assert len(tabellen) == 1
    attr, caption, colspecs = tabellen[0]["c"][0], tabellen[0]["c"][1], tabellen[0]["c"][2]
    assert attr[0] == "tbl-budget"
    assert woorden(caption) == "Budget per thema"
    assert len(colspecs) == 2  # the 0, 1 index column is gone
    assert [c[0]["t"] for c in colspecs] == ["AlignDefault", "AlignRight"]  # amounts right
    md = als_markdown(pad, tmp_path)
    assert "Thema ..." not in md


def test_html_tabel_met_benoemde_index(tmp_path):
    html = (
        '<table class="dataframe"><thead><tr><th></th><th>Budget</th></tr>'
        "<tr><th>Thema</th><th></th></tr></thead><tbody>"
        "<tr><th>Basis</th><td>10</td></tr><tr><th>Netwerk</th><td>20</td></tr></tbody></table>"
    )
    pad = notebook(tmp_path, [code("df", [uitvoer({"text/html": html}, "execute_result")])])
    doc = render.chapter_json(pad, tmp_path)
    tabel = next(b for b in doc["blocks"] if b["t"] == "Table")
    kop = tabel["c"][3][1]
    assert len(kop) == 1  # the index-name row is merged into the header
    assert "Thema" in json.dumps(kop)
    assert "Basis" in json.dumps(tabel["c"][4])


def test_stderr_en_fouten_worden_niet_getoond(tmp_path):
    stderr = nbformat.v4.new_output("stream", name="stderr", text="DeprecationWarning: oud\n")
    stdout = nbformat.v4.new_output("stream", name="stdout", text="Peildatum: 1 oktober 2024\n")
    pad = notebook(tmp_path, [code("print()", [stderr, stdout])])
    md = als_markdown(pad, tmp_path)
    assert "DeprecationWarning" not in md
    assert "Peildatum: 1 oktober 2024" in md


# --- merging chapters (pure helpers) ---------------------------------------------------------


def kop(niveau: int, tekst: str) -> dict:
    return {"t": "Header", "c": [niveau, ["x", [], []], [{"t": "Str", "c": tekst}]]}


def test_bereid_hoofdstuk_voegt_titel_toe_als_die_ontbreekt():
    blokken = render.prepare_chapter([{"t": "Para", "c": []}], "Overzicht", "hoofdstuk")
    assert blokken[0]["t"] == "Header"
    assert blokken[0]["c"][0] == 1
    assert blokken[0]["c"][2][0] == {"t": "Str", "c": "Overzicht"}
    assert len(render.prepare_chapter([kop(1, "A"), kop(2, "B")], "X", "hoofdstuk")) == 2


def test_bereid_hoofdstuk_markeert_index_en_bijlage():
    index = render.prepare_chapter([kop(1, "Samenvatting"), kop(2, "Doelen")], "", "index")
    assert all("unnumbered" in b["c"][1][1] for b in index)
    bijlage = render.prepare_chapter([kop(1, "Verantwoording"), kop(2, "Invoer")], "", "bijlage")
    assert bijlage[0]["c"][1][1] == ["unnumbered", "bijlage"]
    assert bijlage[1]["c"][1][1] == ["unnumbered"]


def test_hoofdstuk_titel_uit_bestandsnaam():
    assert render.chapter_title(Path("komend-jaarplan.md"), {"meta": {}}) == "Komend jaarplan"


def test_typst_opties_uit_de_boekdefinitie():
    args = render.typst_args({"papersize": "a5", "toc": False, "margin": {"x": "2cm"}})
    assert "papersize=a5" in args
    assert "margin.x=2cm" in args
    assert "--toc" not in args
    assert "--toc" in render.html_args({})


# --- the rendered fixture book ---------------------------------------------------------------


def test_render_schrijft_html_en_pdf(gerenderd):
    boekmap, r = gerenderd
    assert r.html == boekmap / "jaarverslag.html"
    assert r.pdf == boekmap / "jaarverslag.pdf"
    assert r.pdf.read_bytes().startswith(b"%PDF-")
    assert r.hoofdstukken == 5
    assert r.paginas is not None and r.paginas >= 6
    assert not list(boekmap.glob(".render-*"))  # temp folder removed


@nodig_poppler
def test_pdf_inhoud(gerenderd):
    _, r = gerenderd
    ruw = pdf_tekst(r.pdf)
    paginas = ruw.split("\f")[:-1]
    assert len(paginas) == r.paginas
    tekst = zonder_opmaak(ruw)
    for titel in (
        "Inhoudsopgave",
        "Samenvatting",
        "1 Evaluatie van de voortgang",
        "2 Vergelijking met andere jaarplannen",
        "3 Wat betekent de evaluatie voor het komende jaarplan?",
        "Bijlage A: Verantwoording",
    ):
        assert titel in tekst, titel
    assert "1.1 Doelen" in tekst
    assert "Figuur 1: Budget en besteding per activiteit (in euro)" in tekst
    assert "Tabel 1: Status van de doelen op 31 december 2023" in tekst
    assert "Tabel 2: Aandeel behaalde doelen per jaarplan" in tekst
    assert "Van de 2 beoordeelde doelen is 50% behaald" in tekst
    assert "€ 12.500,50" in tekst
    assert "Planperiode 1 januari 2023 – 31 december 2023" in tekst
    assert "import pandas" not in tekst  # code hidden
    assert "jaarplan = " not in tekst  # parameter cells hidden
    for nummer, pagina in enumerate(paginas, start=1):
        assert "VOORBEELDDATA" in pagina, f"pagina {nummer} zonder VOORBEELDDATA"
        if nummer > 1:
            assert f"Pagina {nummer} van {len(paginas)}" in pagina


@pytest.mark.skipif(PDFFONTS is None, reason="pdffonts ontbreekt (Debian-pakket poppler-utils)")
def test_pdf_gebruikt_ingebedde_dejavu_sans(gerenderd):
    _, r = gerenderd
    regels = subprocess.run(
        [PDFFONTS, str(r.pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    fonts = {regel.split()[0].split("+")[-1]: regel for regel in regels}
    assert "DejaVuSans" in fonts
    assert "DejaVuSans-Bold" in fonts
    for regel in regels:
        assert " yes " in regel  # embedded
    assert not any("Libertinus" in f or "NewCM" in f for f in fonts)


def test_html_is_een_zelfstandig_bestand(gerenderd):
    _, r = gerenderd
    html = r.html.read_text(encoding="utf-8")
    assert '<nav id="TOC"' in html
    assert "Evaluatie van de voortgang" in html
    assert re.search(r"<figcaption[^>]*>.*Figuur 1:.*Budget en besteding", html, re.S)
    assert re.search(r"<caption>.*Tabel 1:.*Status van de doelen", html, re.S)
    assert "voorbeelddata-banner" in html
    assert "import pandas" not in html
    assert "<script" not in html
    bronnen = re.findall(r'(?:src|href)="([^"#][^"]*)"', html)
    assert bronnen, "verwacht ten minste de figuur"
    for bron in bronnen:
        assert bron.startswith("data:"), bron
    afbeeldingen = re.findall(r'<img [^>]*src="([^"]+)"', html)
    assert afbeeldingen and all(a.startswith("data:image/png;base64,") for a in afbeeldingen)
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html
    assert "<link " not in html  # the CSS is inlined


def test_html_nummert_hoofdstukken_en_verwijst(tmp_path):
    boekmap = make_book(tmp_path)
    tekst = boekmap / "tekst" / "komend-jaarplan.md"
    tekst.write_text(
        tekst.read_text() + "\nZie @fig-budget en @tbl-doelen; @fig-bestaat-niet blijft tekst.\n"
    )
    r = render.render_book(boekmap)
    html = r.html.read_text(encoding="utf-8")
    assert '<a href="#fig-budget">Figuur 1</a>' in html
    assert '<a href="#tbl-doelen">Tabel 1</a>' in html
    assert "@fig-bestaat-niet" in html
    assert re.search(r'<span class="header-section-number">3</span> Wat betekent', html)
    if PDFTOTEXT:
        assert "Zie Figuur 1 en Tabel 1; @fig-bestaat-niet" in zonder_opmaak(pdf_tekst(r.pdf))


def test_twee_keer_renderen_geeft_dezelfde_bytes(gerenderd):
    boekmap, r = gerenderd
    html, pdf = r.html.read_bytes(), r.pdf.read_bytes()
    doel = boekmap.parent / "tweede"
    r2 = render.render_book(boekmap, doel)
    assert r2.html == doel / "jaarverslag.html"
    assert r2.html.read_bytes() == html
    assert r2.pdf.read_bytes() == pdf


@nodig_poppler
def test_hoofdstukvolgorde_komt_uit_quarto_yml(tmp_path):
    boekmap = make_book(tmp_path)
    pad = boekmap / "_quarto.yml"
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    data["book"]["chapters"] = [
        "index.md",
        "tekst/komend-jaarplan.md",
        "M12/overzicht.ipynb",
        "M12/evaluatie.ipynb",
    ]
    data["book"]["title"] = "Andere titel"
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = render.render_book(boekmap)
    tekst = zonder_opmaak(pdf_tekst(r.pdf))
    assert "Andere titel" in tekst
    a = tekst.index("1 Wat betekent de evaluatie voor het komende jaarplan?")
    b = tekst.index("2 Vergelijking met andere jaarplannen")
    c = tekst.index("3 Evaluatie van de voortgang")
    assert a < b < c
    # dropping a chapter from the definition drops it from the output
    data["book"]["chapters"].remove("M12/overzicht.ipynb")
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    tekst = zonder_opmaak(pdf_tekst(render.render_book(boekmap).pdf))
    assert "Vergelijking met andere jaarplannen" not in tekst
    assert "2 Evaluatie van de voortgang" in tekst


def test_mislukte_render_laat_vorige_uitvoer_staan(tmp_path):
    boekmap = make_book(tmp_path)
    r = render.render_book(boekmap)
    html, pdf = r.html.read_bytes(), r.pdf.read_bytes()
    (boekmap / "M12" / "overzicht.ipynb").write_text("{ geen json", encoding="utf-8")
    with pytest.raises(OutputError, match=r"Omzetten van hoofdstuk overzicht\.ipynb mislukt"):
        render.render_book(boekmap)
    assert r.html.read_bytes() == html
    assert r.pdf.read_bytes() == pdf
    assert not list(boekmap.glob(".render-*"))


def test_mislukte_typst_stap_noemt_de_stap(tmp_path, monkeypatch):
    boekmap = make_book(tmp_path)
    monkeypatch.setattr(render, "font_dir", lambda: tmp_path / "bestaat-niet")
    slecht = tmp_path / "slecht.typ"
    slecht.write_text("#let x = (\n", encoding="utf-8")
    with pytest.raises(OutputError, match="PDF maken met typst mislukt"):
        render.compile_pdf(slecht, tmp_path / "slecht.pdf")
    assert not (tmp_path / "slecht.pdf").exists()
    assert not (boekmap / "jaarverslag.pdf").exists()


def test_zonder_formaten_is_een_nette_fout(tmp_path):
    boekmap = make_book(tmp_path)
    pad = boekmap / "_quarto.yml"
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    data["format"] = {"docx": {}}
    pad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(OutputError, match="geen formaat html of typst"):
        render.render_book(boekmap)


def test_renderer_naam_noemt_versies():
    naam = render.renderer_name()
    assert naam.startswith("ingebouwd: pandoc ")
    assert f"typst {provenance.package_version('typst')}" in naam


# --- internal reports (publiek: false) ----------------------------------------------------------

INTERN = "INTERN — niet publiceren"


def pdf_paginas(pdf: Path) -> list[str]:
    """The text of every page (pdftotext separates pages with a form feed)."""
    return pdf_tekst(pdf).split("\f")[:-1]


@nodig_poppler
def test_intern_verslag_is_op_titelpagina_elke_pagina_en_in_html_gemarkeerd(tmp_path):
    mappen = kopie(tmp_path)
    nb = mappen["reports_dir"] / PLAN / "M12" / "evaluatie.ipynb"
    data = json.loads(nb.read_text(encoding="utf-8"))
    data["metadata"].setdefault("papermill", {}).setdefault("parameters", {})["publiek"] = False
    nb.write_text(json.dumps(data), encoding="utf-8")
    boekmap = book.make_book(PLAN, render.renderer_name(), meld=lambda _t: None, **mappen)
    r = render.render_book(boekmap)
    paginas = pdf_paginas(r.pdf)
    assert len(paginas) == r.paginas and r.paginas >= 5
    assert all(INTERN in p for p in paginas)  # the page header of every page
    titel = zonder_opmaak(paginas[0])
    assert titel.count(INTERN) == 2  # header and the box on the title page
    assert "Kleine aantallen leerlingen zijn in dit verslag niet afgeschermd." in titel
    html = r.html.read_text(encoding="utf-8")
    assert re.search(rf'<div class="intern-banner"[^>]*><strong>{INTERN}</strong>', html)
    assert f'<p class="intern-mark"><strong>{INTERN}</strong></p>' in html


@nodig_poppler
def test_publiek_verslag_heeft_geen_interne_markering(gerenderd):
    _, r = gerenderd
    assert not any(INTERN in p for p in pdf_paginas(r.pdf))
    html = r.html.read_text(encoding="utf-8")
    assert '<div class="intern-banner"' not in html
    assert INTERN not in html


# --- the renderer applies exactly what _quarto.yml names --------------------------------------


def wijzig_definitie(boekmap: Path, wijzig) -> None:
    pad = boekmap / "_quarto.yml"
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    wijzig(data)
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_zonder_genoemde_filter_en_css_verdwijnt_hun_effect(tmp_path):
    boekmap = make_book(tmp_path)
    html = render.render_book(boekmap).html.read_text(encoding="utf-8")
    assert "Bijlage A: Verantwoording" in html and 'class="tabel"' in html  # boek.lua
    assert "--rood" in html  # jaarverslag.css

    def weg(data: dict) -> None:
        data["filters"] = [f for f in data["filters"] if "boek.lua" not in str(f)]
        del data["format"]["html"]["css"]

    wijzig_definitie(boekmap, weg)
    # boek.lua gives every image its alt text in typst; without it PDF/UA-1 refuses the PDF.
    with pytest.raises(OutputError, match="missing alt text"):
        render.render_book(boekmap)
    wijzig_definitie(boekmap, lambda d: d["format"].pop("typst"))
    html = render.render_book(boekmap).html.read_text(encoding="utf-8")
    assert "Bijlage A" not in html and 'class="tabel"' not in html
    assert "--rood" not in html
    assert 'http-equiv="Content-Security-Policy"' in html  # include-in-header csp.html


@nodig_poppler
def test_pdf_volgt_de_genoemde_typst_partials(tmp_path):
    boekmap = make_book(tmp_path)
    partial = boekmap / "_evalkit" / "typst-template.typ"
    tekst = partial.read_text(encoding="utf-8")
    partial.write_text(tekst.replace(")[VOORBEELDDATA])", ")[PROEFDRUK])"), encoding="utf-8")
    paginas = pdf_paginas(render.render_book(boekmap).pdf)
    assert all("PROEFDRUK" in p for p in paginas)  # the page header of every page
    # Without the partial the built-in renderer has no page setup: a Dutch error.
    wijzig_definitie(boekmap, lambda d: d["format"]["typst"]["template-partials"].pop())
    with pytest.raises(OutputError, match=r"_quarto.yml: .*template-partials.*typst-show.typ"):
        render.render_book(boekmap)


def test_pdf_standaard_komt_uit_de_boekdefinitie(tmp_path, monkeypatch):
    boekmap = make_book(tmp_path)
    gezien: list[tuple[str, ...]] = []

    def compileer(_typ: Path, pdf: Path, standaarden: tuple[str, ...]) -> None:
        gezien.append(standaarden)
        pdf.write_bytes(b"%PDF-")

    monkeypatch.setattr(render, "compile_pdf", compileer)
    render.render_book(boekmap)
    wijzig_definitie(boekmap, lambda d: d["format"]["typst"].pop("pdf-standard"))
    render.render_book(boekmap)
    assert gezien == [("ua-1",), ()]
