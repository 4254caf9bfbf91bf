"""Tests of `evalkit report`: renderer choice, run-then-render, Quarto glue, shipped reports."""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from evalkit import cli, fmt
from evalkit.build import book, report
from evalkit.build.runner import NotebookOutcome, RunResult
from evalkit.data.load import load_jaarplan
from evalkit.engine.rules import percent_short
from evalkit.errors import OutputError, ParameterError

ROOT = Path(__file__).parents[2]
FIXTURE = Path(__file__).parents[1] / "fixtures" / "render"
PLAN = "fixture-2023"
PDFTOTEXT = shutil.which("pdftotext")
VERZONDEN = ("almere-2023-2024", "plein013-2023", "ppo-nk-2023")


def kopie(doel: Path) -> dict[str, Path]:
    """A writable copy of the render fixture (data, params, notebooks, executed reports)."""
    mappen = {}
    for naam in ("data", "params", "notebooks", "reports"):
        shutil.copytree(FIXTURE / naam, doel / naam)
        mappen[f"{naam}_dir"] = doel / naam
    return mappen


def zonder_opmaak(tekst: str) -> str:
    return " ".join(tekst.split())


def pdf_tekst(pdf: Path) -> str:
    assert PDFTOTEXT, "pdftotext ontbreekt"
    uit = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True)
    return zonder_opmaak(uit.stdout)


def html_tekst(pad: Path) -> str:
    tekst = re.sub(r"<[^>]+>", " ", pad.read_text(encoding="utf-8"))
    return zonder_opmaak(htmllib.unescape(tekst))


def nep_quarto(map_: Path, versie: str, render: str = "ok") -> Path:
    """A stand-in `quarto` script: answers --version; `render` writes a site and a PDF."""
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / "quarto"
    if render.startswith("zonder-ua"):
        # the typst of this Quarto does not know PDF/UA-1 (the PyPI binding of typst 0.14.2),
        # or not even the option
        melding = (
            "ERROR: unknown pdf standard: ua-1"
            if render == "zonder-ua"
            else "error: unexpected argument '--pdf-standard' found"
        )
        opdracht = (
            'if grep -q "pdf-standard:" "$2/_quarto.yml"; then '
            f'echo "{melding}" >&2; exit 1; fi; '
            'mkdir -p "$2/_book" && echo "<html>boek</html>" > "$2/_book/index.html" '
            '&& printf "%%PDF-1.7 zonder ua" > "$2/_book/jaarverslag.pdf"'
        )
    elif render == "ok":
        opdracht = (
            'mkdir -p "$2/_book" && echo "<html>boek</html>" > "$2/_book/index.html" '
            '&& printf "%%PDF-1.7 nep" > "$2/_book/jaarverslag.pdf"'
        )
    else:
        opdracht = 'echo "ERROR: kapot hoofdstuk" >&2; exit 1'
    pad.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "--version" ]; then echo {versie}; exit 0; fi\n'
        f'if [ "$1" = "render" ]; then {opdracht}; exit $?; fi\n'
        "exit 2\n"
    )
    pad.chmod(0o755)
    return map_


# --- renderer choice -------------------------------------------------------------------------


def test_lees_versie():
    assert report.read_version("1.9.18\n") == (1, 9, 18)
    assert report.read_version("quarto 1.10") == (1, 10)
    assert report.read_version("geen versie") is None


@pytest.mark.parametrize(
    ("gevraagd", "versie", "gekozen"),
    [
        ("auto", None, "ingebouwd"),
        ("auto", (1, 8, 27), "ingebouwd"),
        ("auto", (1, 9, 18), "quarto"),
        ("auto", (2, 0), "quarto"),
        ("ingebouwd", (1, 9, 18), "ingebouwd"),
        ("quarto", (1, 9, 0), "quarto"),
    ],
)
def test_kies_renderer(gevraagd, versie, gekozen):
    assert report.choose_renderer(gevraagd, versie) == gekozen


def test_quarto_gevraagd_maar_niet_geinstalleerd():
    with pytest.raises(OutputError, match="Quarto is niet geïnstalleerd"):
        report.choose_renderer("quarto", None)


def test_quarto_gevraagd_maar_te_oud():
    with pytest.raises(OutputError, match=r"Quarto 1\.8\.3 is te oud"):
        report.choose_renderer("quarto", (1, 8, 3))


def test_onbekende_renderer():
    with pytest.raises(ParameterError):
        report.choose_renderer("latex", None)


def test_cli_quarto_zonder_quarto_geeft_nederlandse_fout(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert cli.main(["report", "--renderer", "quarto"]) == 1
    fout = capsys.readouterr().err
    assert fout.startswith("Fout: Quarto is niet geïnstalleerd")
    assert "Traceback" not in fout


def test_mislukte_plannen_uit_het_resultaat_van_de_run():
    uitkomsten = [("a", "uitgevoerd"), ("b", "mislukt"), ("c", "niet_uitgevoerd"),
                  ("d", "overgeslagen")]  # fmt: skip
    result = RunResult(tuple(NotebookOutcome(p, "M12", "nb", u) for p, u in uitkomsten))
    assert result.failed_plans() == {"b", "c"}
    assert result.exit_code == 1
    assert RunResult().failed_plans() == set()
    assert RunResult().exit_code == 0


# --- run, then render (real runner, fixture data) --------------------------------------------


def test_maak_rapporten_voert_uit_en_rendert(tmp_path, capsys):
    mappen = kopie(tmp_path)
    shutil.rmtree(mappen["reports_dir"] / PLAN)  # nothing executed yet
    regels: list[str] = []
    result = report.make_reports(
        None, renderer="ingebouwd", jobs=1, progress=regels.append, **mappen
    )
    assert result.ok and result.exit_code == 0
    assert [p.plan_id for p in result.plans] == [PLAN]
    assert result.run is not None and len(result.run.executed) == 2
    uit = "\n".join(regels)
    boekmap = mappen["reports_dir"] / PLAN
    html, pdf = boekmap / "jaarverslag.html", boekmap / "jaarverslag.pdf"
    assert (boekmap / "M12" / "evaluatie.ipynb").is_file()
    assert html.is_file() and pdf.is_file()
    assert f"  {html}" in uit and f"  {pdf}" in uit
    gemaakt = result.plans[0].report
    assert (gemaakt.html, gemaakt.pdf, gemaakt.hoofdstukken) == (html, pdf, 5)
    assert re.search(rf"{PLAN}: jaarverslag gemaakt met ingebouwd: pandoc .* in \d+,\d s", uit)
    assert "(5 hoofdstukken, " in uit
    eerste = html.read_bytes(), pdf.read_bytes()
    # Nothing changed: the runner skips, the report comes out byte-identical.
    tweede = report.make_reports([PLAN], renderer="ingebouwd", jobs=1, **mappen)
    assert tweede.ok
    assert tweede.run.executed == [] and len(tweede.run.skipped) == 2
    assert capsys.readouterr() == ("", "")  # the library prints nothing itself
    assert (html.read_bytes(), pdf.read_bytes()) == eerste


def test_mislukt_notebook_laat_vorig_rapport_staan(tmp_path, capsys):
    mappen = kopie(tmp_path)
    boekmap = mappen["reports_dir"] / PLAN
    (boekmap / "jaarverslag.html").write_text("vorige versie")
    (boekmap / "jaarverslag.pdf").write_bytes(b"%PDF vorige versie")
    bron = mappen["notebooks_dir"] / "overzicht.ipynb"
    nb = json.loads(bron.read_text(encoding="utf-8"))
    nb["cells"].append(
        {"cell_type": "code", "id": "kapot", "metadata": {}, "execution_count": None,
         "outputs": [], "source": "raise ValueError('kapot')"}
    )  # fmt: skip
    bron.write_text(json.dumps(nb), encoding="utf-8")
    meldingen: list[str] = []
    result = report.make_reports(
        [PLAN], renderer="ingebouwd", jobs=1, warn=meldingen.append, **mappen
    )
    assert result.exit_code == 1
    assert result.plans[0].notebook_failed and result.plans[0].report is None
    assert meldingen[0].startswith("Mislukt:\n")
    assert f"{PLAN}: niet gerenderd" in meldingen[-1]
    assert (boekmap / "jaarverslag.html").read_text() == "vorige versie"
    assert (boekmap / "jaarverslag.pdf").read_bytes() == b"%PDF vorige versie"


def test_rapport_met_fout_in_boek_gaat_door_met_exitcode_1(tmp_path, capsys, monkeypatch):
    mappen = kopie(tmp_path)
    sjabloon = tmp_path / "sjabloon.yml"
    sjabloon.write_text("book:\n  title: '{{onbekend}}'\n  chapters: [index.md]\n")
    monkeypatch.setattr(book, "TEMPLATE", sjabloon)
    result = report.make_reports([PLAN], renderer="ingebouwd", uitvoeren=False, **mappen)
    assert result.exit_code == 1 and result.run is None
    assert result.plans[0].error.startswith("Onbekende plaatshouder '{{onbekend}}'")
    fout = report.report_lines(result.plans[0])[1]
    assert fout[0].startswith("Fout bij fixture-2023: Onbekende plaatshouder '{{onbekend}}'")


def test_cli_meldt_per_plan_op_stdout_en_stderr(tmp_path, capsys, monkeypatch):
    kopie(tmp_path)
    monkeypatch.setenv("EVALKIT_ROOT", str(tmp_path))
    assert cli.main(["report", PLAN, "--renderer", "ingebouwd", "--jobs", "1"]) == 0
    uit = capsys.readouterr().out.splitlines()
    assert uit[-4:-1] == [
        f"{PLAN}:",
        f"  reports/{PLAN}/jaarverslag.html",
        f"  reports/{PLAN}/jaarverslag.pdf",
    ]
    assert uit[-1].startswith(f"{PLAN}: jaarverslag gemaakt met ingebouwd: pandoc ")

    sjabloon = tmp_path / "sjabloon.yml"
    sjabloon.write_text("book:\n  title: '{{onbekend}}'\n  chapters: [index.md]\n")
    monkeypatch.setattr(book, "TEMPLATE", sjabloon)
    assert cli.main(["report", PLAN, "--renderer", "ingebouwd", "--jobs", "1"]) == 1
    uitvoer = capsys.readouterr()
    assert "Fout bij fixture-2023: Onbekende plaatshouder '{{onbekend}}'" in uitvoer.err
    assert "uitgevoerd: 0, overgeslagen (ongewijzigd): 2, mislukt: 0" in uitvoer.out


# --- the Quarto path (with a stand-in quarto script) -----------------------------------------


def test_quarto_pad_zet_site_en_pdf_op_hun_plek(tmp_path, monkeypatch, capsys):
    mappen = kopie(tmp_path)
    monkeypatch.setenv("PATH", f"{nep_quarto(tmp_path / 'bin', '1.9.18')}:/usr/bin:/bin")
    result = report.make_reports([PLAN], uitvoeren=False, **mappen)
    assert result.ok
    boekmap = mappen["reports_dir"] / PLAN
    assert (boekmap / "jaarverslag-html" / "index.html").read_text() == "<html>boek</html>\n"
    assert (boekmap / "jaarverslag.pdf").read_bytes() == b"%PDF-1.7 nep"
    assert not (boekmap / "jaarverslag-html" / "jaarverslag.pdf").exists()
    assert not (boekmap / "_book").exists()
    assert "| Renderer | quarto 1.9.18 |" in (boekmap / "verantwoording.md").read_text()
    assert "jaarverslag gemaakt met quarto 1.9.18" in report.summary_line(result.plans[0].report)
    # a second render replaces the site folder
    assert report.make_reports([PLAN], uitvoeren=False, **mappen).ok
    assert sorted(p.name for p in boekmap.iterdir() if p.name.startswith(".jaarverslag")) == []


def test_quarto_te_oud_valt_terug_op_ingebouwd(tmp_path, monkeypatch, capsys):
    mappen = kopie(tmp_path)
    monkeypatch.setenv("PATH", f"{nep_quarto(tmp_path / 'bin', '1.8.3')}:/usr/bin:/bin")
    result = report.make_reports([PLAN], uitvoeren=False, **mappen)
    assert result.ok
    assert (mappen["reports_dir"] / PLAN / "jaarverslag.html").is_file()
    assert result.plans[0].report.renderer.startswith("ingebouwd: pandoc")


@pytest.mark.parametrize("soort", ["zonder-ua", "zonder-ua-optie"])
def test_quarto_met_typst_zonder_pdf_ua_rendert_zonder_en_zegt_het(tmp_path, monkeypatch, soort):
    mappen = kopie(tmp_path)
    monkeypatch.setenv("PATH", f"{nep_quarto(tmp_path / 'bin', '1.9.38', soort)}:/usr/bin:/bin")
    meldingen: list[str] = []
    result = report.make_reports([PLAN], uitvoeren=False, warn=meldingen.append, **mappen)
    assert result.ok
    boekmap = mappen["reports_dir"] / PLAN
    assert (boekmap / "jaarverslag.pdf").read_bytes() == b"%PDF-1.7 zonder ua"
    assert [m for m in meldingen if "kent PDF/UA-1 niet" in m and "ingebouwd" in m]
    # the generated book definition still asks for PDF/UA-1
    assert "pdf-standard: ua-1" in (boekmap / "_quarto.yml").read_text(encoding="utf-8")


def test_mislukte_quarto_render_laat_vorige_uitvoer_staan(tmp_path, monkeypatch, capsys):
    mappen = kopie(tmp_path)
    boekmap = mappen["reports_dir"] / PLAN
    (boekmap / "jaarverslag.pdf").write_bytes(b"%PDF vorige")
    monkeypatch.setenv("PATH", f"{nep_quarto(tmp_path / 'bin', '1.9.18', 'kapot')}:/usr/bin:/bin")
    result = report.make_reports([PLAN], renderer="quarto", uitvoeren=False, **mappen)
    assert result.exit_code == 1
    fout = result.plans[0].error
    assert "quarto render van fixture-2023 mislukt" in fout
    assert "ERROR: kapot hoofdstuk" in fout
    assert (boekmap / "jaarverslag.pdf").read_bytes() == b"%PDF vorige"


# --- the shipped jaarplannen -----------------------------------------------------------------


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext ontbreekt (Debian-pakket poppler-utils)")
@pytest.mark.parametrize("plan_id", VERZONDEN)
def test_verzonden_jaarverslag_toont_de_cijfers_van_evaluate(plan_id, verzonden, capsys):
    boekmap = verzonden[plan_id]
    ronde = yaml.safe_load((boekmap / "_quarto.yml").read_text(encoding="utf-8"))["ronde"]
    plan = load_jaarplan(plan_id)
    ronde_id = next(r.id for r in plan.rondes.values() if r.naam == ronde)
    assert cli.main(["evaluate", plan_id, "--ronde", ronde_id, "--json"]) == 0
    ev = json.loads(capsys.readouterr().out)

    verwacht = [ev["plan_name"], fmt.date_text(plan.rondes[ronde_id].peildatum)]
    if ev["goals_achieved_share"] is not None:
        verwacht.append(percent_short(round(ev["goals_achieved_share"], 3)))
    for sleutel in ("budget_total", "spent_total"):
        if ev[sleutel] is not None:
            verwacht.append(fmt.euro(ev[sleutel]))
    if ev["example_data"]:
        verwacht.append("VOORBEELDDATA")
    pdf = pdf_tekst(boekmap / "jaarverslag.pdf")
    html = html_tekst(boekmap / "jaarverslag.html")
    for tekst in verwacht:
        assert tekst in pdf, f"{tekst!r} ontbreekt in de PDF van {plan_id}"
        assert tekst in html, f"{tekst!r} ontbreekt in de HTML van {plan_id}"
    assert "Verantwoording" in pdf
    assert "Wat betekent de evaluatie voor het komende jaarplan?" in pdf


def test_plein013_begroting_in_het_verslag(verzonden):
    if PDFTOTEXT is None:
        pytest.skip("pdftotext ontbreekt (Debian-pakket poppler-utils)")
    ev = json.loads(
        subprocess.run(
            [sys.executable, "-m", "evalkit", "evaluate", "plein013-2023", "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    bedrag = fmt.euro(ev["budget_total"])
    assert bedrag.startswith("€ ")
    assert bedrag in pdf_tekst(verzonden["plein013-2023"] / "jaarverslag.pdf")


def test_samenvatting_regel_zegt_intern():
    r = report.Report(PLAN, Path("a.html"), Path("a.pdf"), "ingebouwd", 5, 8, 1.25)
    assert report.summary_line(r) == (
        f"{PLAN}: jaarverslag gemaakt met ingebouwd in 1,3 s (5 hoofdstukken, 8 pagina's)."
    )
    intern = report.Report(PLAN, Path("a.html"), Path("a.pdf"), "ingebouwd", 5, 8, 1.25, True)
    assert report.summary_line(intern) == (
        f"{PLAN}: jaarverslag gemaakt met ingebouwd in 1,3 s (5 hoofdstukken, 8 pagina's). "
        "INTERN — niet publiceren: gemaakt met publiek: false, dus kleine aantallen leerlingen "
        "zijn niet afgeschermd."
    )


def test_maak_rapporten_meldt_intern_verslag(tmp_path, capsys):
    mappen = kopie(tmp_path)
    nb = mappen["reports_dir"] / PLAN / "M12" / "evaluatie.ipynb"
    data = json.loads(nb.read_text(encoding="utf-8"))
    data["metadata"].setdefault("papermill", {}).setdefault("parameters", {})["publiek"] = False
    nb.write_text(json.dumps(data), encoding="utf-8")
    regels: list[str] = []
    kwargs = {"renderer": "ingebouwd", "uitvoeren": False, "progress": regels.append}
    result = report.make_reports([PLAN], **kwargs, **mappen)
    assert result.ok and result.plans[0].report.intern
    assert regels[-1].startswith(f"{PLAN}: jaarverslag gemaakt met ")
    assert regels[-1].endswith(". INTERN — niet publiceren: gemaakt met publiek: false, dus "
                               "kleine aantallen leerlingen zijn niet afgeschermd.")  # fmt: skip


def test_books_render_in_parallel_workers_in_plan_order(monkeypatch):
    """--jobs N renders N books at a time in forked processes; results come in plan order."""
    import multiprocessing
    import os

    # The three books to render wait for each other: they only get past the barrier when all
    # three run at the same time, each in its own worker (no timing assumptions).
    samen = multiprocessing.get_context("fork").Barrier(3)

    def fake(plan_id, renderer, quarto, mappen, force):
        samen.wait(timeout=60)
        return report.ReportResult(plan_id, error=f"pid {os.getpid()}"), [f"melding {plan_id}"]

    monkeypatch.setattr(report, "_report_collecting", fake)
    monkeypatch.setattr(report, "_is_current", lambda p, *a: p == "d")
    uit = list(report._render_all(["b", "a", "d", "c"], "ingebouwd", None, None, False, 3))
    assert [r.plan_id for r, _ in uit] == ["b", "a", "d", "c"]
    assert [n for _, n in uit] == [["melding b"], ["melding a"], [], ["melding c"]]
    assert uit[2][0].unchanged
    pids = {r.error for r, _ in uit if r.error}
    assert len(pids) == 3 and f"pid {os.getpid()}" not in pids  # three worker processes
