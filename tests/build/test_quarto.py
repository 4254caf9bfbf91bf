"""`quarto render` of a generated book, when Quarto (>= 1.9) is installed; skipped otherwise.

Both renderers obey the one book definition (reports/_quarto.yml: filters, typst partials,
HTML includes), so Quarto's PDF must match the built-in one: the same chapters (the evaluation's
detail part among the appendices), the VOORBEELDDATA mark in the page header of every page, the
same alt texts on the images, as many tables and figures, no numbers or dates broken in tables
and a page count within 10%. Checked on the render fixture and on the three shipped plans.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from evalkit.build import book, render, report

FIXTURE = Path(__file__).parents[1] / "fixtures" / "render"
PLAN = "fixture-2023"
ROOT = Path(__file__).parents[2]
VERZONDEN = ("almere-2023-2024", "plein013-2023", "ppo-nk-2023")

VERSIE = report.quarto_version()
if VERSIE is None:
    pytest.skip(
        "Quarto niet geïnstalleerd: 'quarto' staat niet op het PATH, dus `quarto render` is "
        "niet getest (de ingebouwde renderer wel)",
        allow_module_level=True,
    )
if VERSIE[:2] < report.QUARTO_MINIMUM:
    pytest.skip(
        f"Quarto {report.version_text(VERSIE)} is te oud voor een boek in typst (nodig: 1.9)",
        allow_module_level=True,
    )


def pdf_pages(pdf: Path) -> list[str]:
    """The text of every page (pdftotext separates pages with a form feed)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip(
            "pdftotext ontbreekt (Debian-pakket poppler-utils): PDF-tekst niet gecontroleerd"
        )
    uit = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True)
    return [" ".join(p.split()) for p in uit.stdout.split("\f")[:-1]]


def chapter_titles(html: str) -> list[str]:
    """The level-1 headings of the built-in HTML, without section numbers or appendix letters
    (Quarto letters the appendices in its own way)."""
    titels = []
    for kop in re.findall(r"<h1(?![^>]*class=\"title\")[^>]*>(.*?)</h1>", html, re.S):
        tekst = html_lib.unescape(
            re.sub(r"<span class=\"header-section-number\">.*?</span>", "", kop)
        )
        titel = " ".join(re.sub(r"<[^>]+>", "", tekst).split())
        titels.append(re.sub(r"^Bijlage [A-Z]: ", "", titel))
    return titels


@pytest.fixture(scope="module")
def beide(tmp_path_factory) -> tuple[Path, Path, render.RenderResult]:
    """The fixture book rendered by Quarto (its site and PDF) and by the built-in renderer."""
    doel = tmp_path_factory.mktemp("quarto")
    mappen = {}
    for naam in ("data", "params", "notebooks", "reports"):
        shutil.copytree(FIXTURE / naam, doel / naam)
        mappen[f"{naam}_dir"] = doel / naam
    naam = f"quarto {report.version_text(VERSIE)}"
    boekmap = book.make_book(PLAN, naam, meld=lambda _t: None, **mappen)
    ingebouwd = render.render_book(boekmap, doel / "ingebouwd")
    site, pdf, _ = report.render_quarto(boekmap)
    return site, pdf, ingebouwd


def test_quarto_render_van_het_boek(beide):
    site, pdf, _ = beide
    assert (site / "index.html").is_file()
    assert pdf.read_bytes().startswith(b"%PDF")
    html = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Evaluatie van de voortgang" in html
    assert "VOORBEELDDATA" in html
    assert 'http-equiv="Content-Security-Policy"' in html  # include-in-header
    tekst = " ".join(pdf_pages(pdf))
    assert "Evaluatie van de voortgang" in tekst
    assert "Verantwoording" in tekst


def test_quarto_pdf_heeft_dezelfde_hoofdstukken(beide):
    _, pdf, ingebouwd = beide
    titels = chapter_titles(ingebouwd.html.read_text(encoding="utf-8"))
    assert titels
    tekst = " ".join(pdf_pages(pdf))
    assert [t for t in titels if t not in tekst] == []


def test_quarto_pdf_heeft_de_markering_in_de_kop_van_elke_pagina(beide):
    _, pdf, _ = beide
    paginas = pdf_pages(pdf)
    assert paginas
    assert [i + 1 for i, p in enumerate(paginas) if "VOORBEELDDATA" not in p] == []
    assert "Chapter" not in " ".join(paginas)  # no English running header


def test_quarto_beelden_hebben_alt_tekst(beide):
    site, pdf, ingebouwd = beide
    # pdf-standard: ua-1 makes typst refuse an image without alt text; the PDF carries /Alt
    # (the caption's text where the notebook gives none, as the built-in renderer does).
    assert pdf_alt_texts(pdf) == pdf_alt_texts(ingebouwd.pdf) != []
    for pagina in site.rglob("*.html"):
        for img in re.findall(r"<img\b[^>]*>", pagina.read_text(encoding="utf-8")):
            assert re.search(r'\balt="[^"]+"', img), f"{pagina.name}: {img[:120]}"


def test_quarto_paginatal_binnen_tien_procent(beide):
    _, pdf, ingebouwd = beide
    quarto, eigen = len(pdf_pages(pdf)), ingebouwd.paginas
    assert eigen and abs(quarto - eigen) <= 0.1 * eigen, f"Quarto {quarto}, ingebouwd {eigen}"


# /Alt (literal string, balanced parentheses one level deep allowed unescaped) or /Alt <hex>
ALT = re.compile(rb"/Alt\s*(?:\(((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*)\)|<([0-9A-Fa-f\s]*)>)")


def pdf_alt_texts(pdf: Path) -> list[str]:
    """The /Alt strings of a PDF, also those in compressed object streams (typst 0.14)."""
    data = pdf.read_bytes()
    delen = [data]
    for stroom in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            delen.append(zlib.decompress(stroom.group(1)))
        except zlib.error:
            continue
    teksten = []
    for deel in delen:
        for m in ALT.finditer(deel):
            if m.group(2) is not None:  # a hex string, UTF-16 with its byte order mark
                ruw = bytes.fromhex(m.group(2).decode("ascii"))
                teksten.append(ruw.decode("utf-16") if ruw[:2] == b"\xfe\xff" else ruw.decode())
            else:
                teksten.append(m.group(1).decode("latin-1"))
    # (the built-in renderer keeps dates together with no-break spaces, Quarto not)
    return sorted(" ".join(t.split()) for t in teksten)


def layout_pages(pdf: Path) -> list[str]:
    """The text of every page as laid out (pdftotext -layout: table columns side by side)."""
    uit = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return uit.stdout.split("\f")[:-1]


def html_alt_texts(paginas: list[Path]) -> list[str]:
    teksten = []
    for pagina in paginas:
        for img in re.findall(r"<img\b[^>]*>", pagina.read_text(encoding="utf-8")):
            m = re.search(r'\balt="([^"]*)"', img)
            teksten.append(" ".join(html_lib.unescape(m.group(1)).split()) if m else "")
    return sorted(teksten)


@pytest.fixture(scope="module", params=VERZONDEN)
def verzonden_beide(request, tmp_path_factory):
    """A shipped plan rendered by Quarto and by the built-in renderer, from the committed
    executed notebooks (marked shipped: reads the shipped data/)."""
    from evalkit.data.load import load_jaarplan

    plan_id = request.param
    ronde = book.book_ronde(load_jaarplan(plan_id, ROOT / "data"), ROOT / "params").id
    uit = {}
    for soort in ("quarto", "ingebouwd"):
        reports = tmp_path_factory.mktemp(soort) / "reports"
        shutil.copytree(
            ROOT / "reports" / plan_id / ronde,
            reports / plan_id / ronde,
            ignore=shutil.ignore_patterns(".*"),
        )
        naam = f"quarto {report.version_text(VERSIE)}" if soort == "quarto" else None
        boekmap = book.make_book(
            plan_id, naam or render.renderer_name(), reports_dir=reports, meld=lambda _t: None
        )
        if soort == "quarto":
            site, pdf, _ = report.render_quarto(boekmap)
            uit[soort] = (sorted(site.rglob("*.html")), pdf)
        else:
            resultaat = render.render_book(boekmap)
            uit[soort] = ([resultaat.html], resultaat.pdf)
    return uit


@pytest.mark.shipped
def test_verzonden_plan_met_quarto_zoals_ingebouwd(verzonden_beide):
    from test_layout import body_pages, page_fragments

    q_html, q_pdf = verzonden_beide["quarto"]
    e_html, e_pdf = verzonden_beide["ingebouwd"]
    q_paginas, e_paginas = pdf_pages(q_pdf), pdf_pages(e_pdf)
    q_opmaak, e_opmaak = layout_pages(q_pdf), layout_pages(e_pdf)
    # page count within 10%, and the body (before Bijlage A) as long
    assert abs(len(q_paginas) - len(e_paginas)) <= 0.1 * len(e_paginas)
    assert body_pages(q_opmaak) == body_pages(e_opmaak) < len(e_opmaak)
    # the same chapters, the evaluation's detail part as the first appendix
    titels = chapter_titles(e_html[0].read_text(encoding="utf-8"))
    tekst = " ".join(q_paginas)
    assert [t for t in titels if t not in tekst] == []
    assert "Bijlage A: Details van de evaluatie" in tekst
    # as many tables and figures (Quarto numbers them per chapter: "Tabel 1.2")
    for woord in ("Tabel", "Figuur"):
        patroon = rf"\b{woord} [\d.]+: "
        assert len(re.findall(patroon, tekst)) == len(re.findall(patroon, " ".join(e_paginas)))
    # the mark on every page, no English running header, nothing broken in tables
    assert [i + 1 for i, p in enumerate(q_paginas) if "VOORBEELDDATA" not in p] == []
    assert "Chapter" not in tekst
    assert [f for p in q_opmaak for f in page_fragments(p)] == []
    # the same alternative texts, in the PDF and in the HTML
    assert pdf_alt_texts(q_pdf) == pdf_alt_texts(e_pdf) != []
    assert html_alt_texts(q_html) == html_alt_texts(e_html)


@pytest.mark.shipped
def test_verzonden_site_met_csp_banner_en_zonder_axe_fouten(verzonden_beide, tmp_path):
    from test_accessibility import audit, blocking

    q_html, _ = verzonden_beide["quarto"]
    for pagina in q_html:
        tekst = pagina.read_text(encoding="utf-8")
        kop = tekst.partition("</head>")[0]
        assert f'content="{book.QUARTO_CONTENT_SECURITY_POLICY}"' in kop, pagina.name
        assert "VOORBEELDDATA" in tekst, pagina.name
        assert "quarto-unresolved-ref" not in tekst, pagina.name
        # the evaluation's detail part stays on its page, unnumbered (not "2" as a chapter)
        for deel in re.findall(r'<section id="sec-bijlage-evaluatie"[^>]*>', tekst):
            assert "unnumbered" in deel
        # WCAG 2.1 AA as for the built-in HTML: no critical or serious axe-core violation
        uitkomst = audit(pagina, tmp_path / "profiel")
        assert blocking(uitkomst["violations"]) == [], pagina.name
        assert uitkomst["lang"] in ("nl", "nl-NL") and uitkomst["title"].strip()


def test_quarto_intern_verslag_gemarkeerd_op_elke_pagina_en_in_de_site(tmp_path):
    intern = "INTERN — niet publiceren"
    mappen = {}
    for naam in ("data", "params", "notebooks", "reports"):
        shutil.copytree(FIXTURE / naam, tmp_path / naam)
        mappen[f"{naam}_dir"] = tmp_path / naam
    nb = mappen["reports_dir"] / PLAN / "M12" / "evaluatie.ipynb"
    data = json.loads(nb.read_text(encoding="utf-8"))
    data["metadata"].setdefault("papermill", {}).setdefault("parameters", {})["publiek"] = False
    nb.write_text(json.dumps(data), encoding="utf-8")
    naam = f"quarto {report.version_text(VERSIE)}"
    boekmap = book.make_book(PLAN, naam, meld=lambda _t: None, **mappen)
    site, pdf, _ = report.render_quarto(boekmap)
    paginas = pdf_pages(pdf)
    assert paginas and [i + 1 for i, p in enumerate(paginas) if intern not in p] == []
    for pagina in site.rglob("*.html"):
        assert intern in pagina.read_text(encoding="utf-8"), pagina.name
