"""Hostile input through the real CLI: limits, links, pipes and unreadable numbers.

Every case starts from a copy of tests/fixtures/geldig in a temporary data folder, makes it
hostile, and runs `evalkit validate <folder>` (and, where the data is read for it,
`evalkit evaluate geldig --data <folder>`). Each run must end with exit code 1, a Dutch
message naming the file (and the row where there is one), no traceback, and nothing
changed under the data folder (names, kinds and bytes). Cases with a named pipe run in a
subprocess, so that a regression (blocking on the pipe) fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from evalkit import cli
from evalkit.data import limits

TESTS = Path(__file__).parents[1]
GELDIG = TESTS / "fixtures" / "geldig"
ROOT = TESTS.parent


def snapshot(map_: Path) -> dict[str, object]:
    """Every entry below map_ with its kind and contents (links and pipes are not opened)."""
    uit: dict[str, object] = {}
    for pad in sorted(map_.rglob("*")):
        info = pad.lstat()
        if stat.S_ISLNK(info.st_mode):
            uit[str(pad)] = ("link", os.readlink(pad))
        elif stat.S_ISREG(info.st_mode):
            uit[str(pad)] = pad.read_bytes()
        else:
            uit[str(pad)] = stat.S_IFMT(info.st_mode)
    return uit


def _append(pad: Path, tekst: str) -> None:
    with pad.open("a", encoding="utf-8") as f:
        f.write(tekst)


def _replace(pad: Path, oud: str, nieuw: str) -> None:
    tekst = pad.read_text(encoding="utf-8")
    assert tekst.count(oud) == 1, f"{oud!r} niet precies één keer in {pad}"
    pad.write_text(tekst.replace(oud, nieuw), encoding="utf-8")


def _fifo(pad: Path) -> None:
    pad.unlink(missing_ok=True)
    os.mkfifo(pad)


def _link(pad: Path, doel: Path) -> None:
    if pad.is_dir() and not pad.is_symlink():
        shutil.rmtree(pad)
    else:
        pad.unlink(missing_ok=True)
    pad.symlink_to(doel)


def _outside_copy(buiten: Path, naam: str, bron: Path) -> Path:
    doel = buiten / naam
    if bron.is_dir():
        shutil.copytree(bron, doel)
    else:
        shutil.copy(bron, doel)
    return doel


def _many_rows(pad: Path, n: int) -> None:
    regels = "".join(f"leerlingen_gespecialiseerd;1-1-2020;{i % 900 + 1};b\n" for i in range(n))
    _append(pad, regels)


@dataclass(frozen=True)
class Case:
    """One hostile change: what to do to the plan, and which message must name which file."""

    naam: str
    maak: Callable[[Path, Path], None]  # (plan folder, a folder outside the data folder)
    bestand: str  # as named in the message, relative to the data folder
    melding: str  # Dutch fragment of the message
    rij: int | None = None
    evaluate: bool = True  # also run `evalkit evaluate` (it reads the same data)
    pijp: bool = False  # contains a named pipe: run in a subprocess


BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

CASES = [
    # --- YAML -------------------------------------------------------------------------------
    Case(
        "yaml_billion_laughs",
        lambda m, _: _append(m / "jaarplan.yaml", "lol:\n" + BILLION_LAUGHS.replace("\n", "\n  ")),
        "geldig/jaarplan.yaml",
        "ankers en verwijzingen (&naam, *naam) zijn niet toegestaan",
        rij=24,
    ),
    Case(
        "yaml_merge_key_met_anker",
        lambda m, _: _append(
            m / "realisatie/M12/ronde.yaml", "x: &basis {a: 1}\ny:\n  <<: *basis\n"
        ),
        "geldig/realisatie/M12/ronde.yaml",
        "ankers en verwijzingen",
    ),
    Case(
        "yaml_diep_genest_flow",
        lambda m, _: _append(m / "jaarplan.yaml", "diep: " + "[" * 5000 + "]" * 5000 + "\n"),
        "geldig/jaarplan.yaml",
        f"te diep genest (meer dan {limits.MAX_YAML_DEPTH} niveaus",
    ),
    Case(
        "yaml_diep_genest_blok",
        lambda m, _: _append(
            m / "realisatie/M12/ronde.yaml",
            "diep:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60)),
        ),
        "geldig/realisatie/M12/ronde.yaml",
        "te diep genest",
    ),
    Case(
        "yaml_te_groot",
        lambda m, _: _append(m / "jaarplan.yaml", ("# " + "x" * 98 + "\n") * 15_000),
        "geldig/jaarplan.yaml",
        "bestand is te groot (1,5 MB; maximaal 1 MB)",
    ),
    Case(
        "yaml_normen_nan",
        lambda m, _: _replace(m / "jaarplan.yaml", "doelen_behaald: 75%", "doelen_behaald: .nan"),
        "geldig/jaarplan.yaml",
        "'nan' is te groot of geen eindig getal",
        rij=10,
    ),
    Case(
        "yaml_normen_400_cijfers",
        lambda m, _: _replace(m / "jaarplan.yaml", "minimum: 0.05", "minimum: " + "9" * 400),
        "geldig/jaarplan.yaml",
        "'99999999999999999999999999999…' is te groot of geen eindig getal",
        rij=18,
    ),
    # --- CSV --------------------------------------------------------------------------------
    Case(
        "csv_te_veel_rijen",
        lambda m, _: _many_rows(m / "indicatorwaarden.csv", limits.MAX_CSV_ROWS),
        "geldig/indicatorwaarden.csv",
        "te veel rijen: maximaal 100.000 rijen per bestand",
        rij=100_002,
        evaluate=False,
    ),
    Case(
        "csv_regel_te_lang",
        lambda m, _: _append(m / "themas.csv", "T9" + ";x" * 300_000 + "\n"),
        "geldig/themas.csv",
        "regel is te lang (600.002 tekens; maximaal 500.000)",
        rij=4,
    ),
    Case(
        "csv_alleen_witruimte",
        lambda m, _: (m / "themas.csv").write_text("   \n\t\n  \n", encoding="utf-8"),
        "geldig/themas.csv",
        "bestand bevat alleen spaties of lege regels",
        rij=1,
    ),
    Case(
        "csv_bom_in_kop",
        lambda m, _: _replace(m / "doelen.csv", "id;thema", "id;\ufeffthema"),
        "geldig/doelen.csv",
        "onzichtbare teken U+FEFF",
        rij=1,
    ),
    Case(
        "csv_zero_width_space_in_kop",
        lambda m, _: _replace(m / "doelen.csv", "id;thema", "id;thema\u200b"),
        "geldig/doelen.csv",
        "onzichtbare teken U+200B",
        rij=1,
    ),
    Case(
        "getal_400_cijfers",
        lambda m, _: _replace(
            m / "indicatorwaarden.csv", "1-10-2021;1.250;", "1-10-2021;" + "9" * 400 + ";"
        ),
        "geldig/indicatorwaarden.csv",
        "is te groot of geen eindig getal; verwacht een getal kleiner dan 10^15",
        rij=2,
    ),
    Case(
        "getal_precies_10_tot_de_15e",
        lambda m, _: _replace(
            m / "indicatorwaarden.csv", "1-10-2021;1.250;", "1-10-2021;1.000.000.000.000.000;"
        ),
        "geldig/indicatorwaarden.csv",
        "kleiner dan 10^15",
        rij=2,
    ),
    Case(
        "bedrag_te_groot",
        lambda m, _: _replace(m / "activiteiten.csv", "€ 200.000", "€ 5.000.000.000.000.000"),
        "geldig/activiteiten.csv",
        "is te groot of geen eindig getal",
        rij=2,
    ),
    Case(
        "getal_nan_als_tekst",
        lambda m, _: _replace(m / "indicatorwaarden.csv", "1-10-2021;1.250;", "1-10-2021;NaN;"),
        "geldig/indicatorwaarden.csv",
        "'NaN' is geen getal",
        rij=2,
    ),
    # --- links, pipes and other files that are not regular --------------------------------
    Case(
        "symlink_csv_naar_buiten",
        lambda m, b: _link(m / "doelen.csv", _outside_copy(b, "doelen.csv", m / "doelen.csv")),
        "geldig/doelen.csv",
        "is een symbolische koppeling (symlink)",
    ),
    Case(
        "symlink_yaml_naar_buiten",
        lambda m, b: _link(
            m / "jaarplan.yaml", _outside_copy(b, "jaarplan.yaml", m / "jaarplan.yaml")
        ),
        "geldig/jaarplan.yaml",
        "is een symbolische koppeling",
    ),
    Case(
        "symlink_rondemap_naar_buiten",
        lambda m, b: _link(m / "realisatie/M12", _outside_copy(b, "M12", m / "realisatie/M12")),
        "geldig/realisatie/M12",
        "is een symbolische koppeling",
    ),
    Case(
        "symlink_tekst_naar_systeembestand",
        lambda m, _: _link(m / "tekst/geheim.md", Path("/etc/passwd")),
        "geldig/tekst/geheim.md",
        "is een symbolische koppeling",
        evaluate=False,
    ),
    Case(
        "symlink_tekstmap_naar_buiten",
        lambda m, b: _link(m / "tekst", _outside_copy(b, "tekst", m / "tekst")),
        "geldig/tekst",
        "is een symbolische koppeling",
        evaluate=False,
    ),
    Case(
        "symlink_dat_nergens_heen_wijst",
        lambda m, b: (m / "notities.txt").symlink_to(b / "bestaat-niet"),
        "geldig/notities.txt",
        "is een symbolische koppeling",
    ),
    Case(
        "pijp_in_plaats_van_csv",
        lambda m, _: _fifo(m / "doelen.csv"),
        "geldig/doelen.csv",
        "is geen gewoon bestand (maar bijvoorbeeld een named pipe",
        pijp=True,
    ),
    Case(
        "pijp_in_plaats_van_ronde_csv",
        lambda m, _: _fifo(m / "realisatie/M12/indicatoren.csv"),
        "geldig/realisatie/M12/indicatoren.csv",
        "is geen gewoon bestand",
        pijp=True,
    ),
    Case(
        "pijp_in_plaats_van_jaarplan_yaml",
        lambda m, _: _fifo(m / "jaarplan.yaml"),
        "geldig/jaarplan.yaml",
        "is geen gewoon bestand",
        pijp=True,
    ),
    Case(
        "pijp_in_tekstmap",
        lambda m, _: _fifo(m / "tekst/hoofdstuk.md"),
        "geldig/tekst/hoofdstuk.md",
        "is geen gewoon bestand",
        evaluate=False,
        pijp=True,
    ),
]


def _run(args: list[str], pijp: bool, capsys) -> tuple[int, str]:
    """Exit code and all output of one CLI run (in a subprocess when a pipe is involved)."""
    if pijp:
        # A hang guard, not a speed check: a regression that opens the pipe blocks forever.
        uit = subprocess.run(
            [sys.executable, "-m", "evalkit", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
        )
        return uit.returncode, uit.stdout + uit.stderr
    code = cli.main(args)
    gevangen = capsys.readouterr()
    return code, gevangen.out + gevangen.err


@pytest.mark.parametrize("case", CASES, ids=[c.naam for c in CASES])
def test_vijandige_invoer_via_de_cli(case: Case, tmp_path: Path, capsys):
    data = tmp_path / "data"
    buiten = tmp_path / "buiten"
    buiten.mkdir()
    map_ = data / "geldig"
    shutil.copytree(GELDIG, map_)
    case.maak(map_, buiten)
    voor = snapshot(tmp_path)
    opdrachten = [["validate", str(map_)]]
    if case.evaluate:
        opdrachten.append(["evaluate", "geldig", "--data", str(data)])
    for args in opdrachten:
        code, uitvoer = _run(args, case.pijp, capsys)
        assert code == 1, (args, uitvoer)
        assert "Traceback" not in uitvoer, uitvoer
        regels = [r for r in uitvoer.splitlines() if case.bestand in r and case.melding in r]
        assert regels, (
            f"{args[0]}: geen melding over {case.bestand} met {case.melding!r}:\n{uitvoer}"
        )
        if case.rij is not None:
            assert any(f"{case.bestand}, rij {case.rij}" in r for r in regels), uitvoer
    assert snapshot(tmp_path) == voor


def _project(tmp_path: Path, opties: str) -> Path:
    """A minimal project (data, params, notebooks, reports) whose params file has `opties`."""
    root = tmp_path / "project"
    shutil.copytree(GELDIG, root / "data" / "geldig")
    (root / "params" / "geldig").mkdir(parents=True)
    (root / "params" / "geldig" / "M12.yaml").write_text(
        f"jaarplan: geldig\nronde: M12\nnotebooks: [evaluatie]\nopties:\n{opties}",
        encoding="utf-8",
    )
    (root / "notebooks").mkdir()
    (root / "notebooks" / "evaluatie.ipynb").write_text('{"cells": []}', encoding="utf-8")
    (root / "reports").mkdir()
    return root


@pytest.mark.parametrize(
    ("opties", "melding"),
    [
        (
            '  publiek: "nee"\n',
            "optie 'publiek' moet true of false zijn (zonder aanhalingstekens), niet tekst 'nee'",
        ),
        ("  publiek: nee\n", "optie 'publiek' moet true of false zijn"),
        ("  publiek: 0\n", "niet geheel getal '0'"),
        ("  publiek: &p true\n  grafieken: *p\n", "ankers en verwijzingen"),
    ],
    ids=["publiek_nee_tussen_aanhalingstekens", "publiek_nee", "publiek_0", "anker"],
)
def test_vijandige_parameters_via_evalkit_run(tmp_path: Path, opties: str, melding: str):
    root = _project(tmp_path, opties)
    voor = snapshot(root)
    uit = subprocess.run(
        [sys.executable, "-m", "evalkit", "run"],
        capture_output=True,
        text=True,
        env={**os.environ, "EVALKIT_ROOT": str(root)},
    )
    assert uit.returncode == 1, uit.stdout + uit.stderr
    assert "Traceback" not in uit.stderr
    assert "params/geldig/M12.yaml" in uit.stderr and melding in uit.stderr, uit.stderr
    assert snapshot(root) == voor


def test_symlink_en_pijp_in_params_map(tmp_path: Path):
    root = _project(tmp_path, "  publiek: true\n")
    buiten = tmp_path / "buiten.yaml"
    buiten.write_text("jaarplan: geldig\nronde: M12\n", encoding="utf-8")
    (root / "params" / "geldig" / "extra.yaml").symlink_to(buiten)
    os.mkfifo(root / "params" / "geldig" / "pijp.yaml")
    voor = snapshot(root)
    uit = subprocess.run(
        [sys.executable, "-m", "evalkit", "run"],
        capture_output=True,
        text=True,
        env={**os.environ, "EVALKIT_ROOT": str(root)},
        timeout=300,  # hang guard for the pipe, not a speed check
    )
    assert uit.returncode == 1 and "Traceback" not in uit.stderr, uit.stderr
    assert "params/geldig/extra.yaml: is een symbolische koppeling" in uit.stderr, uit.stderr
    assert "params/geldig/pijp.yaml: is geen gewoon bestand" in uit.stderr, uit.stderr
    assert snapshot(root) == voor


def test_symlink_in_stakeholderset(tmp_path: Path, capsys):
    data = tmp_path / "data"
    bron = ROOT / "data" / "stakeholders-almere-2022"
    shutil.copytree(bron, data / "stakeholders-almere-2022")
    map_ = data / "stakeholders-almere-2022"
    doel = tmp_path / "vragen.csv"
    shutil.copy(map_ / "vragen.csv", doel)
    _link(map_ / "vragen.csv", doel)
    voor = snapshot(tmp_path)
    code, uitvoer = _run(["validate", str(map_)], False, capsys)
    assert code == 1 and "Traceback" not in uitvoer
    assert "stakeholders-almere-2022/vragen.csv: is een symbolische koppeling" in uitvoer, uitvoer
    assert snapshot(tmp_path) == voor
