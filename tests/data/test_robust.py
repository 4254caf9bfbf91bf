"""Bad input and hostile file systems: a Dutch message and exit 1, no traceback, no lost data.

Unreadable or unwritable folders are real ones: the test chmods them and runs evalkit in a
subprocess that cannot bypass file permissions (as root: `setpriv` drops the capabilities
that would).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit.build import book, render
from evalkit.data.load import load_jaarplan
from evalkit.errors import ExcelImportError, OutputError, ValidationError
from evalkit.tools import excel

TESTS = Path(__file__).parents[1]
ROOT = TESTS.parent
GELDIG = TESTS / "fixtures" / "geldig"
RENDER = TESTS / "fixtures" / "render"
PLAN = "fixture-2023"
SETPRIV = shutil.which("setpriv")


def momentopname(map_: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file below map_ (to prove nothing changed)."""
    return {
        str(p.relative_to(map_)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(map_.rglob("*"))
        if p.is_file()
    }


def zonder_rechten(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command that cannot bypass file permissions (also when the tests run as root)."""
    voorvoegsel: list[str] = []
    if os.geteuid() == 0:
        if not SETPRIV:
            pytest.skip("setpriv ontbreekt: als root zijn rechten niet te beperken")
        voorvoegsel = [SETPRIV, "--bounding-set=-dac_override,-dac_read_search"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **kwargs.pop("env", {})}
    return subprocess.run(
        [*voorvoegsel, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env=env,
        cwd=kwargs.pop("cwd", ROOT),
        **kwargs,
    )


def evalkit(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return zonder_rechten([sys.executable, "-m", "evalkit", *args], **kwargs)


@contextlib.contextmanager
def rechten(pad: Path, modus: int):
    """Give a file or folder other permissions for the duration of the block."""
    oud = pad.stat().st_mode & 0o777
    pad.chmod(modus)
    try:
        yield pad
    finally:
        pad.chmod(oud)


def geen_traceback(res: subprocess.CompletedProcess) -> None:
    assert res.returncode == 1, res.stdout + res.stderr
    assert "Traceback" not in res.stderr
    assert "Error" not in res.stderr, res.stderr  # no English exception names


def render_kopie(doel: Path) -> dict[str, Path]:
    """A writable copy of the render fixture (data, params, notebooks, executed reports)."""
    mappen = {}
    for naam in ("data", "params", "notebooks", "reports"):
        shutil.copytree(RENDER / naam, doel / naam)
        mappen[f"{naam}_dir"] = doel / naam
    return mappen


# --- 2. folders that cannot be read ------------------------------------------------------------


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(GELDIG, tmp_path / "data" / "geldig")
    return tmp_path / "data"


@pytest.mark.parametrize(
    ("map_", "verwacht"),
    [
        ("geldig", "geldig: map kan niet gelezen worden (geen toegang)"),
        ("geldig/realisatie", "geldig/realisatie: map kan niet gelezen worden (geen toegang)"),
        ("geldig/realisatie/M12", "geldig/realisatie/M12: map kan niet gelezen worden"),
        ("geldig/tekst", "geldig/tekst: map kan niet gelezen worden (geen toegang)"),
    ],
)
def test_onleesbare_map_is_een_probleem_geen_traceback(data, map_, verwacht):
    with rechten(data / map_, 0o000):
        res = evalkit("validate", str(data))
    geen_traceback(res)
    assert "geldig: 1 probleem\n" in res.stderr
    assert f"  {verwacht}" in res.stderr


@pytest.mark.parametrize("opdracht", [["evaluate", "geldig"], ["summary"]])
def test_evaluate_en_summary_met_onleesbare_planmap(data, opdracht):
    with rechten(data / "geldig", 0o000):
        res = evalkit(*opdracht, "--data", str(data))
    geen_traceback(res)
    assert "geldig: map kan niet gelezen worden (geen toegang)" in res.stderr


@pytest.mark.parametrize(
    "opdracht", [["validate", "{data}"], ["summary", "--data", "{data}"], ["evaluate", "geldig"]]
)
def test_onleesbare_datamap(data, opdracht):
    args = [a.replace("{data}", str(data)) for a in opdracht]
    if args[0] == "evaluate":
        args += ["--data", str(data)]
    with rechten(data, 0o000):
        res = evalkit(*args)
    geen_traceback(res)
    assert "map kan niet gelezen worden (geen toegang)" in res.stderr


# --- 3. policy texts that are not UTF-8 ---------------------------------------------------------


def test_boek_met_cp1252_tekst_geeft_nederlandse_fout_en_wijzigt_niets(tmp_path):
    mappen = render_kopie(tmp_path)
    book.make_book(PLAN, "test", meld=lambda _t: None, **mappen)
    boekmap = mappen["reports_dir"] / PLAN
    voor = momentopname(boekmap)
    tekst = mappen["data_dir"] / PLAN / "tekst" / "komend-jaarplan.md"
    tekst.write_bytes("Eerste regel\nTweede regel met één cp1252-teken\n".encode("cp1252"))
    with pytest.raises(OutputError) as fout:
        book.make_book(PLAN, "test", meld=lambda _t: None, **mappen)
    assert str(fout.value) == (
        f"{tekst}, regel 2: bestand is geen UTF-8-tekst (teken 0xe9); sla het op als UTF-8-tekst"
    )
    assert momentopname(boekmap) == voor


# --- 4. import into a data folder that is not writable ------------------------------------------


@pytest.fixture
def werkboek(tmp_path: Path) -> Path:
    pad = tmp_path / "jaarplan.xlsx"
    excel.write_template(pad, plan_id="geldig", data_dir=TESTS / "fixtures")
    return pad


def test_import_in_alleen_lezen_datamap(werkboek, tmp_path, capsys):
    data = tmp_path / "alleen-lezen"
    data.mkdir()
    with rechten(data, 0o555):
        res = evalkit("import", str(werkboek), "--data", str(data))
    geen_traceback(res)
    assert res.stderr.startswith(f"Fout: Kan niet schrijven in de data-map {data} (geen toegang)")
    assert list(data.iterdir()) == []


def test_import_overschrijf_in_alleen_lezen_datamap_laat_oude_map_staan(werkboek, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(GELDIG, data / "geldig")
    voor = momentopname(data)
    with rechten(data, 0o555):
        res = evalkit("import", str(werkboek), "--data", str(data), "--overschrijf")
    geen_traceback(res)
    assert "Kan niet schrijven in de data-map" in res.stderr
    assert momentopname(data) == voor


def test_mislukte_wissel_zet_de_oude_map_terug(werkboek, tmp_path, capsys, failing_import_swap):
    data = tmp_path / "data"
    shutil.copytree(GELDIG, data / "geldig")
    voor = momentopname(data)
    with pytest.raises(
        ExcelImportError, match=r"kan niet vervangen worden \(geen toegang\); er is niets"
    ):
        excel.import_workbook(werkboek, data_dir=data, overschrijf=True)
    assert momentopname(data) == voor
    assert sorted(p.name for p in data.iterdir()) == ["geldig"]  # no temp or backup folder


# --- 5. report into a reports folder that is not writable ---------------------------------------


def test_rapport_in_alleen_lezen_map_laat_vorig_rapport_staan(tmp_path):
    mappen = render_kopie(tmp_path)
    render.render_book(book.make_book(PLAN, "test", meld=lambda _t: None, **mappen))
    boekmap = mappen["reports_dir"] / PLAN
    voor = momentopname(boekmap)
    assert {"jaarverslag.html", "jaarverslag.pdf"} <= set(voor)
    mappen_json = json.dumps({k: str(v) for k, v in mappen.items()})
    script = (
        "import json, sys\nfrom pathlib import Path\nfrom evalkit.build import report\n"
        f"m = {{k: Path(v) for k, v in json.loads({mappen_json!r}).items()}}\n"
        "uit = report.make_reports(\n"
        f"    ['{PLAN}'], renderer='ingebouwd', uitvoeren=False,\n"
        "    warn=lambda t: print(t, file=sys.stderr), **m\n"
        ")\n"
        "sys.exit(int(uit))\n"
    )
    with rechten(boekmap, 0o555):
        res = zonder_rechten([sys.executable, "-c", script])
    geen_traceback(res)
    assert res.stderr.startswith(
        f"Fout bij {PLAN}: kan niet schrijven in {boekmap}/ (geen toegang); het jaarverslag van "
        f"{PLAN} is niet gemaakt (de vorige HTML en PDF blijven staan)"
    )
    assert momentopname(boekmap) == voor


# --- 7. runner failures in Dutch ----------------------------------------------------------------


def test_run_met_alleen_lezen_uitvoermap_meldt_in_het_nederlands(tmp_path):
    mappen = render_kopie(tmp_path)
    ronde = mappen["reports_dir"] / PLAN / "M12"
    voor = momentopname(ronde)
    with rechten(ronde, 0o555):
        res = evalkit("run", "--force", "--jobs", "1", env={"EVALKIT_ROOT": str(tmp_path)})
    geen_traceback(res)
    assert res.stderr.splitlines() == [
        "Mislukt:",
        f"  {PLAN}/M12/evaluatie: kan de uitvoer niet schrijven in reports/{PLAN}/M12/ "
        "(geen toegang)",
        f"  {PLAN}/M12/overzicht: kan de uitvoer niet schrijven in reports/{PLAN}/M12/ "
        "(geen toegang)",
    ]
    assert momentopname(ronde) == voor


# --- 1. and 8. through the public loader --------------------------------------------------------


@pytest.mark.parametrize(
    ("oud", "nieuw", "kolom"),
    [
        ("doelen_behaald: 75%", "doelen_behaald: yes", "normen.doelen_behaald"),
        ("deels_behaald_telt: 0.5", "deels_behaald_telt: on", "normen.deels_behaald_telt"),
        ("minimum: 0.05", "minimum: true", "normen.extra[1].minimum"),
    ],
)
def test_ja_nee_is_geen_norm(tmp_path, oud, nieuw, kolom):
    map_ = tmp_path / "geldig"
    shutil.copytree(GELDIG, map_)
    pad = map_ / "jaarplan.yaml"
    pad.write_text(pad.read_text(encoding="utf-8").replace(oud, nieuw), encoding="utf-8")
    regels = [r.strip() for r in pad.read_text(encoding="utf-8").splitlines()]
    rij = regels.index(nieuw) + 1
    with pytest.raises(ValidationError) as fout:
        load_jaarplan("geldig", tmp_path)
    assert [str(p) for p in fout.value.problemen] == [
        f"geldig/jaarplan.yaml, rij {rij}, kolom '{kolom}': 'ja/nee' is geen getal of percentage "
        "(YAML leest yes/no/true/false als ja/nee; schrijf bijvoorbeeld 75% of 0,75)"
    ]
