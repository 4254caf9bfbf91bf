"""Tests of the book definition: template, placeholders, chapter selection, generated files."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from evalkit.build import book, provenance
from evalkit.data.load import load_jaarplan
from evalkit.errors import OutputError, ParameterError
from evalkit.escape import markdown
from evalkit.files import write_atomic

FIXTURE = Path(__file__).parents[1] / "fixtures" / "render"
PLAN = "fixture-2023"
TEMPLATE = Path(__file__).parents[2] / "reports" / "_quarto.yml"


def kopie(doel: Path) -> dict[str, Path]:
    """A writable copy of the render fixture (data, params, notebooks, executed reports)."""
    mappen = {}
    for naam in ("data", "params", "notebooks", "reports"):
        shutil.copytree(FIXTURE / naam, doel / naam)
        mappen[f"{naam}_dir"] = doel / naam
    return mappen


def maak(mappen: dict[str, Path], meldingen: list[str] | None = None, **extra) -> Path:
    meld = meldingen.append if meldingen is not None else (lambda _t: None)
    return book.make_book(PLAN, "testrenderer 1.0", meld=meld, **mappen, **extra)


# --- placeholders ----------------------------------------------------------------------------


def test_vul_in_vervangt_plaatshouders_in_tekst():
    assert book.fill_in(
        "Evaluatie {{ronde_naam}} ({{ronde}})", {"ronde_naam": "M12", "ronde": "x"}
    ) == ("Evaluatie M12 (x)")


def test_vul_in_houdt_het_type_van_een_losse_plaatshouder():
    assert book.fill_in("{{voorbeelddata}}", {"voorbeelddata": True}) is True
    assert book.fill_in(" {{ voorbeelddata }} ", {"voorbeelddata": False}) is False


def test_vul_in_onbekende_plaatshouder_is_een_nette_fout():
    with pytest.raises(OutputError, match=r"Onbekende plaatshouder '\{\{nam\}\}' in sjabloon"):
        book.fill_in("{{nam}}", {"naam": "x"}, bron="sjabloon")


def test_vul_alles_in_gaat_door_de_hele_structuur():
    uit = book.fill_in_all(
        {"book": {"title": "{{naam}}", "chapters": ["{{ronde}}/a.ipynb", 3]}, "v": "{{vd}}"},
        {"naam": "Plan", "ronde": "M8", "vd": True},
    )
    assert uit == {"book": {"title": "Plan", "chapters": ["M8/a.ipynb", 3]}, "v": True}


def test_periode_tekst_is_nederlands():
    assert book.period_text(date(2023, 8, 1), date(2024, 7, 31)) == "1 augustus 2023 – 31 juli 2024"


# --- the template ----------------------------------------------------------------------------


def test_sjabloon_is_een_quarto_boek_met_html_en_typst():
    data = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    assert data["project"]["type"] == "book"
    assert data["lang"] == "nl"
    assert data["format"]["typst"]["papersize"] == "a4"
    assert data["format"]["typst"]["lang"] == "nl-NL"
    assert set(data["format"]) == {"html", "typst"}
    hoofdstukken = data["book"]["chapters"]
    assert hoofdstukken[0] == "index.md"
    assert "{{ronde}}/evaluatie.ipynb" in hoofdstukken
    # The stakeholder input is detail material: an appendix, before the Verantwoording.
    assert data["book"]["appendices"] == ["{{ronde}}/stakeholders.ipynb", "verantwoording.md"]
    assert data["book"]["appendices"][-1] == "verantwoording.md"


# --- chapter selection -----------------------------------------------------------------------


def test_filter_hoofdstukken_laat_ontbrekende_weg_en_zegt_het(tmp_path):
    (tmp_path / "a.md").write_text("# A\n")
    (tmp_path / "tekst").mkdir()
    (tmp_path / "tekst" / "z.md").write_text("# Z\n")
    (tmp_path / "tekst" / "b.md").write_text("# B\n")
    meldingen: list[str] = []
    uit = book.filter_chapters(
        ["a.md", "weg.ipynb", "tekst/*.md", "leeg/*.md"], tmp_path, meldingen.append, "p"
    )
    assert uit == ["a.md", "tekst/b.md", "tekst/z.md"]
    assert meldingen == [
        "p: hoofdstuk 'weg.ipynb' weggelaten: het bestand bestaat niet",
        "p: hoofdstuk 'leeg/*.md' weggelaten: geen bestanden gevonden",
    ]


def test_filter_hoofdstukken_volgt_quarto_delen(tmp_path):
    (tmp_path / "a.md").write_text("# A\n")
    uit = book.filter_chapters(
        [{"part": "Deel 1", "chapters": ["a.md", "b.md"]}, {"part": "Leeg", "chapters": ["c.md"]}],
        tmp_path,
        lambda _t: None,
    )
    assert uit == [{"part": "Deel 1", "chapters": ["a.md"]}]


# --- the book's round ------------------------------------------------------------------------


def test_boek_ronde_is_de_laatste_ronde_met_parameterbestand(tmp_path):
    mappen = kopie(tmp_path)
    plan = load_jaarplan(PLAN, mappen["data_dir"])
    assert book.book_ronde(plan, mappen["params_dir"]).id == "M12"
    (mappen["params_dir"] / PLAN / "M12.yaml").rename(mappen["params_dir"] / PLAN / "M8.yaml")
    assert book.book_ronde(plan, mappen["params_dir"]).id == "M8"


def test_boek_ronde_zonder_parameterbestand_is_een_nette_fout(tmp_path):
    mappen = kopie(tmp_path)
    plan = load_jaarplan(PLAN, mappen["data_dir"])
    shutil.rmtree(mappen["params_dir"] / PLAN)
    with pytest.raises(ParameterError, match="geen parameterbestand"):
        book.book_ronde(plan, mappen["params_dir"])


# --- generating the book ---------------------------------------------------------------------


def test_maak_boek_vult_het_sjabloon_in(tmp_path):
    mappen = kopie(tmp_path)
    meldingen: list[str] = []
    boekmap = maak(mappen, meldingen)
    tekst = (boekmap / "_quarto.yml").read_text(encoding="utf-8")
    assert "{{" not in tekst
    data = yaml.safe_load(tekst)
    assert data["project"]["type"] == "book"
    assert data["book"]["title"] == "Jaarplan 2023 Voorbeeldverband"
    assert data["book"]["author"] == "Samenwerkingsverband Voorbeeldverband"
    # The round's name is the subtitle as it is (no "Evaluatie Oktoberevaluatie 2024").
    assert data["book"]["subtitle"] == "Voortgangsrapportage M12"
    assert data["book"]["date"] == "31 december 2023"
    assert data["periode"] == "1 januari 2023 – 31 december 2023"
    assert data["voorbeelddata"] is True
    # typst: the page header with the mark comes from the named partial, not from an include.
    assert "include-before-body" not in data["format"]["typst"]
    assert "VOORBEELDDATA" in data["format"]["html"]["include-before-body"][0]["text"]
    assert data["book"]["chapters"] == [
        "index.md",
        "M12/evaluatie.ipynb",
        "M12/overzicht.ipynb",
        "tekst/komend-jaarplan.md",
    ]
    assert data["book"]["appendices"][-1] == "verantwoording.md"
    assert meldingen == [
        f"{PLAN}: hoofdstuk 'M12/stakeholders.ipynb' weggelaten: het bestand bestaat niet"
    ]


def test_maak_boek_neemt_stakeholders_op_als_het_notebook_er_is(tmp_path):
    mappen = kopie(tmp_path)
    ronde = mappen["reports_dir"] / PLAN / "M12"
    shutil.copy(ronde / "overzicht.ipynb", ronde / "stakeholders.ipynb")
    meldingen: list[str] = []
    boekmap = maak(mappen, meldingen)
    boek = yaml.safe_load((boekmap / "_quarto.yml").read_text())["book"]
    assert "M12/stakeholders.ipynb" not in boek["chapters"]
    assert boek["appendices"] == ["M12/stakeholders.ipynb", "verantwoording.md"]
    assert meldingen == []


def test_maak_boek_zonder_voorbeelddata(tmp_path):
    mappen = kopie(tmp_path)
    ronde = mappen["data_dir"] / PLAN / "realisatie" / "M12" / "ronde.yaml"
    ronde.write_text(ronde.read_text().replace("voorbeelddata: true", "voorbeelddata: false"))
    data = yaml.safe_load((maak(mappen) / "_quarto.yml").read_text())
    assert data["voorbeelddata"] is False
    assert data["voorbeelddata-tekst"] == ""
    assert data["format"]["html"]["include-before-body"][0]["text"] == ""


def test_index_bevat_de_managementsamenvatting(tmp_path):
    index = (maak(kopie(tmp_path)) / "index.md").read_text(encoding="utf-8")
    assert index.startswith("# Samenvatting {.unnumbered}\n")
    assert "Jaarplan 2023 Voorbeeldverband" in index
    assert "Let op: voorbeelddata" in index
    assert "€ 12.500,50" in index  # budget total of the fixture (10.000 + 2.500,50)


def test_teksten_van_beleidsmedewerkers_worden_gespiegeld(tmp_path):
    mappen = kopie(tmp_path)
    boekmap = maak(mappen)
    bron = mappen["data_dir"] / PLAN / "tekst" / "komend-jaarplan.md"
    assert (boekmap / "tekst" / "komend-jaarplan.md").read_text() == bron.read_text()
    (boekmap / "tekst" / "oud.md").write_text("# Oud\n")
    maak(mappen)
    assert not (boekmap / "tekst" / "oud.md").exists()


def test_verantwoording_noemt_invoer_met_sha256_parameters_en_versies(tmp_path):
    mappen = kopie(tmp_path)
    tekst = (maak(mappen) / "verantwoording.md").read_text(encoding="utf-8")
    assert tekst.startswith("# Verantwoording\n")
    bestanden = sorted(p for p in (mappen["data_dir"] / PLAN).rglob("*") if p.is_file())
    assert len(bestanden) == 12  # 5 plan files, 3 per round (M8, M12), 1 text
    for pad in bestanden:
        naam = "data/" + pad.relative_to(mappen["data_dir"]).as_posix()
        sha = hashlib.sha256(pad.read_bytes()).hexdigest()
        assert f"| `{naam}` | `{sha}` |" in tekst
    nb = mappen["notebooks_dir"] / "evaluatie.ipynb"
    assert (
        f"| `notebooks/evaluatie.ipynb` | `{hashlib.sha256(nb.read_bytes()).hexdigest()}` |"
        in tekst
    )
    assert f"| `params/{PLAN}/M12.yaml` |" in tekst
    assert "**M12/evaluatie.ipynb**" in tekst
    assert f"| Jaarplan | {markdown(PLAN)} |" in tekst
    assert "| Evaluatieronde | M12 |" in tekst
    assert "data_dir" not in tekst and "`publiek`" not in tekst  # no raw parameter names
    assert f"| pandoc | {provenance.pandoc_version()} |" in tekst
    assert f"| typst | {provenance.package_version('typst')} |" in tekst
    assert "| Renderer | testrenderer 1.0 |" in tekst
    assert "| Git-commit |" in tekst


def test_versie_volgt_de_invoer(tmp_path):
    mappen = kopie(tmp_path)

    def versie() -> str:
        return yaml.safe_load((maak(mappen) / "_quarto.yml").read_text())["versie"]

    eerste = versie()
    assert len(eerste) == 8
    assert versie() == eerste  # deterministic
    doelen = mappen["data_dir"] / PLAN / "realisatie" / "M12" / "doelen.csv"
    doelen.write_text(doelen.read_text().replace("D02;9;", "D02;7;"))
    assert versie() != eerste


# --- reading a generated book ----------------------------------------------------------------


def test_lees_boek_leest_hoofdstukken_en_formaten(tmp_path):
    boekmap = maak(kopie(tmp_path))
    boek = book.read_book(boekmap)
    assert [p.relative_to(boekmap).as_posix() for p in boek.hoofdstukken] == [
        "index.md",
        "M12/evaluatie.ipynb",
        "M12/overzicht.ipynb",
        "tekst/komend-jaarplan.md",
    ]
    assert [p.name for p in boek.bijlagen] == ["verantwoording.md"]
    assert boek.titel == "Jaarplan 2023 Voorbeeldverband"
    assert boek.voorbeelddata is True
    assert boek.formaten["typst"]["papersize"] == "a4"
    assert boek.metadata["execute"]["echo"] is False


def test_lees_boek_ontbrekend_hoofdstuk_is_een_nette_fout(tmp_path):
    boekmap = maak(kopie(tmp_path))
    (boekmap / "M12" / "overzicht.ipynb").unlink()
    with pytest.raises(OutputError, match=r"hoofdstuk 'M12/overzicht\.ipynb' bestaat niet"):
        book.read_book(boekmap)


def test_lees_boek_zonder_definitie(tmp_path):
    with pytest.raises(OutputError, match="boekdefinitie ontbreekt"):
        book.read_book(tmp_path)


def test_lees_boek_kapotte_yaml(tmp_path):
    (tmp_path / "_quarto.yml").write_text("book: [\n")
    with pytest.raises(OutputError, match="geen geldige YAML"):
        book.read_book(tmp_path)


def test_schrijf_atomair_laat_geen_tijdelijke_bestanden_achter(tmp_path):
    doel = tmp_path / "a" / "b.md"
    write_atomic(doel, "een\n")
    write_atomic(doel, "twee\n")
    assert doel.read_text() == "twee\n"
    assert [p.name for p in doel.parent.iterdir()] == ["b.md"]


def test_verantwoording_noemt_alle_data_als_een_notebook_alles_leest(tmp_path):
    mappen = kopie(tmp_path)
    ander = mappen["data_dir"] / "ander-2023" / "doelen.csv"
    ander.parent.mkdir()
    ander.write_text("id;tekst\n")
    pad = mappen["notebooks_dir"] / "overzicht.ipynb"
    nb = yaml.safe_load(pad.read_text(encoding="utf-8"))  # JSON is YAML
    nb["metadata"]["evalkit"] = {"inputs": "alle"}
    pad.write_text(json.dumps(nb), encoding="utf-8")
    tekst = (maak(mappen) / "verantwoording.md").read_text(encoding="utf-8")
    assert "Het notebook overzicht.ipynb gebruikt de data van alle jaarplannen" in tekst
    sha = hashlib.sha256(ander.read_bytes()).hexdigest()
    assert f"| `data/ander-2023/doelen.csv` | `{sha}` |" in tekst


# --- provenance: evalkit's source and the state of the working tree ---------------------------


def test_versie_volgt_de_broncode_van_evalkit(tmp_path, monkeypatch):
    """A changed rule (evalkit source) with the same package version gives a new version."""
    mappen = kopie(tmp_path)

    def versie() -> str:
        return yaml.safe_load((maak(mappen) / "_quarto.yml").read_text())["versie"]

    eerste = versie()
    assert f"| evalkit-broncode (SHA-256) | `{provenance.evalkit_source_hash()}` |" in (
        mappen["reports_dir"] / PLAN / "verantwoording.md"
    ).read_text(encoding="utf-8")
    monkeypatch.setattr(provenance, "evalkit_source_hash", lambda: "0" * 64)
    tweede = versie()
    assert tweede != eerste
    assert len(tweede) == 8


def nep_git(map_: Path, status: str, status_code: int = 0) -> None:
    """A stand-in `git` on PATH: a fixed commit, and the given `status --porcelain` output."""
    map_.mkdir(exist_ok=True)
    pad = map_ / "git"
    pad.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "rev-parse" ]; then echo ' + "ab" * 20 + "; exit 0; fi\n"
        f'if [ "$1" = "status" ]; then printf "{status}"; exit {status_code}; fi\n'
        "exit 2\n"
    )
    pad.chmod(0o755)


@pytest.mark.parametrize(
    ("status", "code", "verwacht"),
    [
        ("", 0, "ab" * 20),
        (" M src/evalkit/regels.py\\n", 0, "ab" * 20 + " (met niet-vastgelegde wijzigingen)"),
        ("?? data/nieuw-2024/\\n", 0, "ab" * 20 + " (met niet-vastgelegde wijzigingen)"),
        (
            "",
            128,
            "ab" * 20 + " (niet na te gaan of er niet-vastgelegde wijzigingen zijn)",
        ),
    ],
)
def test_git_commit_meldt_niet_vastgelegde_wijzigingen(
    tmp_path, monkeypatch, status, code, verwacht
):
    nep_git(tmp_path / "bin", status, code)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    assert provenance.git_commit(tmp_path) == verwacht


def test_verantwoording_toont_commit_met_wijzigingen(tmp_path, monkeypatch):
    mappen = kopie(tmp_path)
    nep_git(tmp_path / "bin", " M x\\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    tekst = (maak(mappen) / "verantwoording.md").read_text(encoding="utf-8")
    assert f"| Git-commit | `{'ab' * 20}` (met niet-vastgelegde wijzigingen) |" in tekst


# --- robustness of the book's own files ---------------------------------------------------------


def test_lees_yaml_bestand_weigert_dubbele_sleutel(tmp_path):
    pad = tmp_path / "_quarto.yml"
    pad.write_text("book:\n  title: A\n  title: B\n", encoding="utf-8")
    with pytest.raises(OutputError) as fout:
        book.read_yaml_file(pad)
    assert str(fout.value) == (
        f"{pad}: sleutel 'title' staat twee keer in hetzelfde blok (regel 2 en regel 3)"
    )


def test_lees_yaml_bestand_nederlandse_melding_met_plaats(tmp_path):
    pad = tmp_path / "_quarto.yml"
    pad.write_text("book:\n  title: 'A\n", encoding="utf-8")
    with pytest.raises(OutputError) as fout:
        book.read_yaml_file(pad)
    assert str(fout.value) == (
        f"{pad}: geen geldige YAML (regel 2, teken 10): aanhalingsteken niet gesloten"
    )


# --- internal reports (publiek: false) ----------------------------------------------------------


def zet_publiek(mappen: dict[str, Path], publiek: bool) -> None:
    """Record publiek=<publiek> as the evaluation notebook's parameter, as papermill does."""
    nb = mappen["reports_dir"] / PLAN / "M12" / "evaluatie.ipynb"
    data = json.loads(nb.read_text(encoding="utf-8"))
    data["metadata"].setdefault("papermill", {}).setdefault("parameters", {})["publiek"] = publiek
    nb.write_text(json.dumps(data), encoding="utf-8")


def test_intern_boek_is_gemarkeerd(tmp_path):
    mappen = kopie(tmp_path)
    zet_publiek(mappen, False)
    boekmap = maak(mappen)
    data = yaml.safe_load((boekmap / "_quarto.yml").read_text(encoding="utf-8"))
    assert data["intern"] is True
    eerste = data["format"]["html"]["include-before-body"][0]["text"]
    assert "INTERN — niet publiceren" in eerste
    assert "VOORBEELDDATA" in data["format"]["html"]["include-before-body"][1]["text"]
    # typst: the named partials print the mark from `intern` (title page and page header).
    partials = data["format"]["typst"]["template-partials"]
    tekst = "".join((boekmap / p).read_text(encoding="utf-8") for p in partials)
    assert tekst.count("INTERN — niet publiceren") == 2
    assert book.read_book(boekmap).intern is True


# --- everything that shapes the book is named in _quarto.yml ------------------------------


def test_boekdefinitie_noemt_filters_partials_en_includes(tmp_path):
    boekmap = maak(kopie(tmp_path))
    data = yaml.safe_load((boekmap / "_quarto.yml").read_text(encoding="utf-8"))
    assert data["filters"] == [
        "_evalkit/cellen.lua",
        {"path": "_evalkit/boek.lua", "at": "post-render"},
    ]
    typst, html = data["format"]["typst"], data["format"]["html"]
    assert typst["template-partials"] == ["_evalkit/typst-template.typ", "_evalkit/typst-show.typ"]
    assert typst["pdf-standard"] == "ua-1"
    assert typst["lang"] == "nl-NL"
    assert typst["papersize"] == "a4"
    assert html["css"] == "_evalkit/jaarverslag.css"
    assert html["include-in-header"] == "_evalkit/csp.html"
    # The named files are in the book folder: the project's own, byte for byte.
    for naam in ("cellen.lua", "boek.lua", "typst-template.typ", "typst-show.typ"):
        kopie_ = boekmap / "_evalkit" / naam
        assert kopie_.read_bytes() == (book.BOOK_FILES / naam).read_bytes()
    csp = (boekmap / "_evalkit" / "csp.html").read_text()
    assert csp == book.csp_meta(book.CONTENT_SECURITY_POLICY) + "\n"
    boek = book.read_book(boekmap)
    assert boek.chapter_filters() == (boekmap / "_evalkit" / "cellen.lua",)
    assert boek.book_filters() == (boekmap / "_evalkit" / "boek.lua",)
    assert boek.files("typst", "template-partials") == (
        boekmap / "_evalkit" / "typst-template.typ",
        boekmap / "_evalkit" / "typst-show.typ",
    )


def test_oude_boekbestanden_worden_opgeruimd(tmp_path):
    mappen = kopie(tmp_path)
    boekmap = maak(mappen)
    (boekmap / "_evalkit" / "oud.lua").write_text("-- oud\n")
    maak(mappen)
    assert not (boekmap / "_evalkit" / "oud.lua").exists()


@pytest.mark.parametrize(
    ("plek", "wijzig"),
    [
        ("filters", lambda d: d["filters"].append("_evalkit/weg.lua")),
        (
            "format.typst.template-partials",
            lambda d: d["format"]["typst"]["template-partials"].append("_evalkit/page.typ"),
        ),
        ("format.html.css", lambda d: d["format"]["html"].update({"css": "stijl.css"})),
        (
            "format.html.include-in-header",
            lambda d: d["format"]["html"].update({"include-in-header": ["kop.html"]}),
        ),
    ],
)
def test_ontbrekend_genoemd_bestand_is_een_nederlandse_fout(tmp_path, plek, wijzig):
    boekmap = maak(kopie(tmp_path))
    pad = boekmap / "_quarto.yml"
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    wijzig(data)
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(
        OutputError, match=rf"_quarto.yml: '{plek}' noemt het bestand .*bestaat niet"
    ):
        book.read_book(boekmap)


def test_publiek_boek_is_niet_gemarkeerd(tmp_path):
    mappen = kopie(tmp_path)
    zet_publiek(mappen, True)
    boekmap = maak(mappen)
    tekst = (boekmap / "_quarto.yml").read_text(encoding="utf-8")
    assert "intern" not in yaml.safe_load(tekst)
    assert "INTERN" not in tekst
    assert book.read_book(boekmap).intern is False


def test_csp_per_renderer_never_allows_script_or_other_sites(tmp_path):
    mappen = kopie(tmp_path)
    ingebouwd = (maak(mappen) / "_evalkit" / "csp.html").read_text()
    assert "img-src data:;" in ingebouwd  # one self-contained file
    quarto = book.make_book(PLAN, "quarto 1.9.38", meld=lambda _t: None, **mappen)
    beleid = (quarto / "_evalkit" / "csp.html").read_text()
    # Quarto's book is a site: its pages load the site's own images, styles and fonts
    assert "img-src 'self' data:;" in beleid and "style-src 'self' 'unsafe-inline';" in beleid
    for tekst in (ingebouwd, beleid):
        assert "default-src 'none'" in tekst
        assert "script-src" not in tekst and "http" not in tekst.replace("http-equiv", "")
