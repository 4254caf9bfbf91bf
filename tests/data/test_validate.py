"""Validation corpus: every malformed jaarplan in tests/malformed/ is reported precisely."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from evalkit import cli, paths
from evalkit.data.load import read_jaarplan
from evalkit.data.validate import FolderMissing, NoPlanFolders, validate, validate_path
from evalkit.errors import ValidationError

TESTS = Path(__file__).parents[1]
GELDIG = TESTS / "fixtures" / "geldig"
CASES = yaml.safe_load((TESTS / "malformed" / "cases.yaml").read_text(encoding="utf-8"))
ROOT = TESTS.parent


def _read_csv(pad: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(pad.read_text(encoding="utf-8"), newline=""), delimiter=";"))


def _schrijf_csv(pad: Path, rijen: list[list[str]], teken: str = ";") -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=teken, lineterminator="\n").writerows(rijen)
    pad.write_text(buf.getvalue(), encoding="utf-8")


def pas_toe(map_: Path, wijziging: dict) -> None:
    """Apply one change of a corpus case to the jaarplan folder `map_`."""
    ((soort, a),) = wijziging.items()
    pad = map_ / a["bestand"]
    if soort == "cel":
        rijen = _read_csv(pad)
        rijen[a["rij"] - 1][rijen[0].index(a["kolom"])] = str(a["waarde"])
        _schrijf_csv(pad, rijen)
    elif soort == "kolom_weg":
        rijen = _read_csv(pad)
        i = rijen[0].index(a["kolom"])
        _schrijf_csv(pad, [r[:i] + r[i + 1 :] for r in rijen])
    elif soort == "kolom_erbij":
        rijen = _read_csv(pad)
        _schrijf_csv(pad, [[*rijen[0], a["kolom"]]] + [[*r, str(a["waarde"])] for r in rijen[1:]])
    elif soort == "rij_erbij":
        with pad.open("a", encoding="utf-8") as f:
            f.write(a["tekst"] + "\n")
    elif soort == "vervang":
        tekst = pad.read_text(encoding="utf-8")
        assert tekst.count(a["oud"]) == 1, f"{a['oud']!r} staat niet precies één keer in {pad}"
        pad.write_text(tekst.replace(a["oud"], a["nieuw"]), encoding="utf-8")
    elif soort == "verwijder":
        pad.unlink()
    elif soort == "schrijf":
        pad.write_text(a["tekst"], encoding="utf-8")
    elif soort == "codering":
        pad.write_bytes(pad.read_text(encoding="utf-8").encode(a["codering"]))
    elif soort == "scheidingsteken":
        _schrijf_csv(pad, _read_csv(pad), a["teken"])
    else:
        raise AssertionError(f"onbekende wijziging {soort!r}")


def maak_case(tmp_path: Path, case: dict) -> Path:
    """Copy the valid fixture to tmp_path/geldig and apply the changes of one case."""
    map_ = tmp_path / "geldig"
    shutil.copytree(GELDIG, map_)
    for wijziging in case["wijzig"]:
        pas_toe(map_, wijziging)
    return map_


def verwachte_plaats(v: dict) -> str:
    """The expected start of a problem line: 'geldig/<file>, rij N, kolom 'x': '."""
    plaats = f"geldig/{v['bestand']}"
    if v.get("rij") is not None:
        plaats += f", rij {v['rij']}"
    if v.get("kolom"):
        plaats += f", kolom '{v['kolom']}'"
    return plaats + ": "


def momentopname(map_: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file below map_ (to prove nothing was written)."""
    return {
        str(p.relative_to(map_)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(map_.rglob("*"))
        if p.is_file()
    }


def controleer_uitvoer(case: dict, rc: int, stderr: str) -> None:
    assert rc == 1, stderr
    assert "Traceback" not in stderr
    regels = [r.strip() for r in stderr.splitlines() if r.startswith("  ")]
    if "stderr" in case:
        assert case["stderr"] in stderr
        assert regels == []
        return
    assert len(regels) == len(case["verwacht"]), "\n".join(regels)
    over = list(regels)
    for v in case["verwacht"]:
        plaats = verwachte_plaats(v)
        treffers = [r for r in over if r.startswith(plaats) and v["melding"] in r[len(plaats) :]]
        assert treffers, f"verwacht {plaats}…{v['melding']}…, gekregen:\n" + "\n".join(regels)
        over.remove(treffers[0])
    n = len(regels)
    assert f"geldig: {n} {'probleem' if n == 1 else 'problemen'}" in stderr


def test_corpus_is_groot_genoeg_en_uniek():
    namen = [c["naam"] for c in CASES]
    assert len(namen) >= 35
    assert len(set(namen)) == len(namen)
    for c in CASES:
        assert c["wijzig"], c["naam"]
        assert ("verwacht" in c) != ("stderr" in c), c["naam"]


def test_geldige_fixture_is_in_orde(capsys):
    voor = momentopname(GELDIG)
    assert cli.main(["validate", str(GELDIG)]) == 0
    out = capsys.readouterr()
    assert out.out.strip() == "geldig: in orde"
    assert out.err == ""
    assert validate(GELDIG) == []
    assert momentopname(GELDIG) == voor


@pytest.mark.parametrize("case", CASES, ids=[c["naam"] for c in CASES])
def test_malformed_via_cli(case, tmp_path, capsys):
    map_ = maak_case(tmp_path, case)
    voor = momentopname(map_)
    rc = cli.main(["validate", str(map_)])
    controleer_uitvoer(case, rc, capsys.readouterr().err)
    assert momentopname(map_) == voor
    assert sorted(p.name for p in tmp_path.iterdir()) == ["geldig"]


# Cases that once crashed with a traceback, plus plain ones, through the real command.
SUBPROCES = [
    "datum_onmogelijk_yaml",
    "geen_utf8_csv",
    "geen_utf8_yaml",
    "drie_problemen_in_een_bestand",
    "aanhalingsteken_niet_gesloten",
    "jaarplan_yaml_ontbreekt",
]


@pytest.mark.parametrize("naam", SUBPROCES)
def test_malformed_via_subprocess(naam, tmp_path):
    case = next(c for c in CASES if c["naam"] == naam)
    map_ = maak_case(tmp_path, case)
    voor = momentopname(map_)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    res = subprocess.run(
        [sys.executable, "-m", "evalkit", "validate", str(map_)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    controleer_uitvoer(case, res.returncode, res.stderr)
    assert momentopname(map_) == voor


def test_valideer_geeft_alle_problemen_als_objecten(tmp_path):
    case = next(c for c in CASES if c["naam"] == "drie_problemen_in_een_bestand")
    map_ = maak_case(tmp_path, case)
    problemen = validate(map_)
    assert [(p.bestand, p.rij, p.kolom) for p in problemen] == [
        ("geldig/activiteiten.csv", 3, "budget"),
        ("geldig/activiteiten.csv", 4, "uren"),
        ("geldig/activiteiten.csv", 5, "doelen"),
    ]
    with pytest.raises(ValidationError) as info:
        read_jaarplan(map_)
    assert info.value.problemen == problemen
    assert str(info.value).startswith("3 problemen gevonden:\n")


def test_te_lange_cel_geeft_melding_geen_traceback(tmp_path):
    map_ = maak_case(tmp_path, {"wijzig": []})
    pas_toe(
        map_, {"cel": {"bestand": "themas.csv", "rij": 3, "kolom": "naam", "waarde": "x" * 200_000}}
    )
    problemen = [str(p) for p in validate(map_)]
    assert problemen == ["geldig/themas.csv, rij 3: cel is te lang (meer dan 131.072 tekens)"]


def test_datamap_met_goed_en_fout_plan(tmp_path, capsys):
    data = tmp_path / "data"
    case = next(c for c in CASES if c["naam"] == "negatief_budget")
    maak_case(data, case)
    shutil.copytree(GELDIG, data / "tweede")
    (data / "tweede" / "jaarplan.yaml").write_text(
        (GELDIG / "jaarplan.yaml").read_text(encoding="utf-8").replace("id: geldig", "id: tweede"),
        encoding="utf-8",
    )
    assert cli.main(["validate", str(data)]) == 1
    out = capsys.readouterr()
    assert out.out.strip() == "tweede: in orde"
    assert "geldig/activiteiten.csv, rij 3, kolom 'budget': negatief budget" in out.err


def test_onbestaand_pad(tmp_path, capsys):
    pad = tmp_path / "bestaat-niet"
    assert cli.main(["validate", str(pad)]) == 1
    out = capsys.readouterr()
    assert out.err == f"Fout: {pad} bestaat niet.\n"
    assert out.out == ""
    with pytest.raises(FolderMissing, match="bestaat niet"):
        validate_path(pad)


def test_map_zonder_jaarplannen(tmp_path, capsys):
    (tmp_path / "leeg").mkdir()
    assert cli.main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"Fout: {tmp_path} bevat geen jaarplanmappen (met jaarplan.yaml).\n"
    )
    with pytest.raises(NoPlanFolders):
        validate_path(tmp_path)


def test_zonder_pad_wordt_de_datamap_gevalideerd(tmp_path, monkeypatch, capsys):
    shutil.copytree(GELDIG, tmp_path / "geldig")
    monkeypatch.setattr(paths, "DATA_DIR", tmp_path)
    assert cli.main(["validate"]) == 0
    assert capsys.readouterr().out == "geldig: in orde\n"
    assert list(validate_path()) == [(tmp_path / "geldig", [])]


def test_validate_path_geeft_problemen_per_map_terug(tmp_path, capsys):
    data = tmp_path / "data"
    maak_case(data, next(c for c in CASES if c["naam"] == "negatief_budget"))
    [(map_, problemen)] = list(validate_path(data))
    assert map_ == data / "geldig"
    assert [p.kolom for p in problemen] == ["budget"]
    assert capsys.readouterr() == ("", "")  # the library prints nothing


def test_deel_van_must_name_another_known_indicator(tmp_path):
    map_ = tmp_path / "geldig"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "geldig", map_)
    pad = map_ / "indicatoren.csv"
    regels = pad.read_text(encoding="utf-8").splitlines()
    kop = regels[0].split(";")
    i = kop.index("bron")
    nieuw = [";".join([*kop[:i], "deel_van", *kop[i:]])]
    for n, regel in enumerate(regels[1:]):
        cellen = regel.split(";")
        nieuw.append(";".join([*cellen[:i], "bestaat_niet" if n == 0 else "", *cellen[i:]]))
    pad.write_text("\n".join(nieuw) + "\n", encoding="utf-8")
    meldingen = [str(p) for p in validate(map_)]
    assert any("deel_van" in m and "'bestaat_niet' onbekend" in m for m in meldingen), meldingen
