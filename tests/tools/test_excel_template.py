"""The Excel template: sheets, headers, drop-down lists, explanation and a filled template."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evalkit.data import schema
from evalkit.errors import OutputError, UnknownJaarplan
from evalkit.tools.excel import SHEETS, write_template

FIXTURES = Path(__file__).parents[1] / "fixtures"
TABLE_SHEETS = {
    "themas": "themas.csv",
    "doelen": "doelen.csv",
    "activiteiten": "activiteiten.csv",
    "indicatoren": "indicatoren.csv",
    "indicatorwaarden": "indicatorwaarden.csv",
}
REALISATION_SHEETS = {
    "realisatie_doelen": "realisatie/doelen.csv",
    "realisatie_activiteiten": "realisatie/activiteiten.csv",
    "realisatie_indicatoren": "realisatie/indicatoren.csv",
}


@pytest.fixture
def leeg(tmp_path) -> Path:
    pad = tmp_path / "sjabloon.xlsx"
    assert write_template(pad) == pad
    return pad


def test_sjabloon_bladen_en_kopregels(leeg):
    wb = load_workbook(leeg)
    assert wb.sheetnames == list(SHEETS)
    for blad, soort in TABLE_SHEETS.items():
        assert [c.value for c in wb[blad][1]] == [k.naam for k in schema.FILES[soort]]
    for blad, soort in REALISATION_SHEETS.items():
        kop = [c.value for c in wb[blad][1]]
        assert kop == ["ronde"] + [k.naam for k in schema.FILES[soort]]
    assert [c.value for c in wb["ronde"][1]] == [
        "id", "naam", "peildatum", "voorbeelddata", "toelichting"
    ]  # fmt: skip
    sleutels = {r[0].value: r[1].value for r in wb["jaarplan"].iter_rows(min_row=2)}
    for sleutel in (
        "id",
        "naam",
        "organisatie",
        "sector",
        "periode.start",
        "periode.eind",
        "bron[1].bestand",
        "normen.extra[1].teller",
        "rondes[1].id",
        "toelichting",
    ):
        assert sleutel in sleutels  # fmt: skip
    assert sleutels["normen.doelen_behaald"] == 0.75
    assert sleutels["normen.deels_behaald_telt"] == 0
    assert sleutels["id"] is None


def keuzelijsten(ws) -> dict[str, str]:
    """Header of the column -> list formula of the drop-down on that column."""
    kop = {c.column_letter: c.value for c in ws[1]}
    uit = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list" and dv.showErrorMessage
        for bereik in dv.sqref.ranges:
            assert bereik.min_col == bereik.max_col
            uit[kop[bereik.coord[0]]] = dv.formula1
    return uit


def test_sjabloon_keuzelijsten(leeg):
    wb = load_workbook(leeg)
    gemeenschappelijk = '"' + ",".join(schema.COMMON) + '"'
    assert keuzelijsten(wb["doelen"]) == {
        "soort": '"numeriek,mijlpaal,kwalitatief"',
        "richting": '"hoger,lager,gelijk"',
    }
    assert keuzelijsten(wb["indicatoren"]) == {"richting": '"hoger,lager,gelijk"'}
    assert keuzelijsten(wb["themas"]) == {"gemeenschappelijk_thema": gemeenschappelijk}
    assert keuzelijsten(wb["activiteiten"]) == {"project": '"ja,nee"'}
    assert keuzelijsten(wb["realisatie_doelen"]) == {
        "ronde": "ronde!$A$2:$A$1000",
        "status": '"behaald,deels behaald,niet behaald,nog niet te beoordelen,vervallen"',
    }
    assert keuzelijsten(wb["realisatie_activiteiten"])["status"] == (
        '"niet gestart,loopt,afgerond,uitgesteld,vervallen"'
    )
    assert keuzelijsten(wb["ronde"]) == {"voorbeelddata": '"ja,nee"'}
    (sector,) = wb["jaarplan"].data_validations.dataValidation
    rij = next(r for r in wb["jaarplan"].iter_rows(min_row=2) if r[0].value == "sector")
    assert str(sector.sqref) == rij[1].coordinate
    assert sector.formula1 == '"PO,VO,PO+VO"'
    # Excel refuses a workbook whose lists or messages exceed its limits.
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            assert len(dv.formula1) <= 255
            assert len(dv.error or "") <= 225 and len(dv.prompt or "") <= 255
            assert len(dv.errorTitle or "") <= 32 and len(dv.promptTitle or "") <= 32


def test_sjabloon_uitleg_en_notities(leeg):
    wb = load_workbook(leeg)
    ws = wb["uitleg"]
    regels = {(r[0], r[1]): r for r in ws.iter_rows(values_only=True) if r[1]}
    for blad, soort in {**TABLE_SHEETS, **REALISATION_SHEETS}.items():
        for k in schema.FILES[soort]:
            regel = regels[(blad, k.naam)]
            assert regel[2] == ("ja" if k.verplicht else "nee")
            assert regel[3], (blad, k.naam)  # an explanation for every column
    assert "1-10-2023" in regels[("doelen", "deadline")][4]
    assert "€ 200.000" in regels[("activiteiten", "budget")][4]
    assert "numeriek, mijlpaal, kwalitatief" in regels[("doelen", "soort")][4]
    assert regels[("jaarplan", "normen.doelen_behaald")][4].startswith("75%")
    notitie = wb["activiteiten"]["G1"]
    assert notitie.value == "budget"
    assert "leeg = geen eigen budget" in notitie.comment.text


def test_sjabloon_is_deterministisch_en_atomair(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_template(a, plan_id="geldig", data_dir=FIXTURES)
    write_template(b, plan_id="geldig", data_dir=FIXTURES)
    assert a.read_bytes() == b.read_bytes()
    b.write_bytes(b"oud")
    write_template(b)  # replaces an existing file
    assert b.read_bytes() != b"oud" and zipfile.is_zipfile(b)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]


def test_sjabloon_onbekend_plan_laat_bestand_staan(tmp_path):
    pad = tmp_path / "s.xlsx"
    pad.write_bytes(b"oud")
    with pytest.raises(UnknownJaarplan):
        write_template(pad, plan_id="bestaat-niet", data_dir=FIXTURES)
    assert pad.read_bytes() == b"oud"
    assert [p.name for p in tmp_path.iterdir()] == ["s.xlsx"]


@pytest.mark.parametrize("naam", ["s.xlsm", "s.csv", "geen-map/s.xlsx"])
def test_sjabloon_verkeerd_doel(tmp_path, naam):
    with pytest.raises(OutputError):
        write_template(tmp_path / naam)
    assert list(tmp_path.iterdir()) == []


def test_sjabloon_gevuld_met_plan(tmp_path):
    pad = tmp_path / "s.xlsx"
    write_template(pad, plan_id="geldig", data_dir=FIXTURES)
    wb = load_workbook(pad)
    sleutels = {r[0].value: r[1].value for r in wb["jaarplan"].iter_rows(min_row=2)}
    assert sleutels["id"] == "geldig"
    assert sleutels["periode.start"] == datetime(2023, 1, 1)
    assert sleutels["normen.doelen_behaald"] == 0.75
    assert sleutels["normen.extra[1].minimum"] == 0.05
    act = wb["activiteiten"]
    assert [act.cell(row=r, column=7).value for r in range(2, 7)] == [
        200000, 20000, 48333, 1234.56, None
    ]  # fmt: skip
    assert act["C2"].value == "D01, D02"
    assert wb["doelen"]["I2"].value == datetime(2023, 10, 1)
    assert [c.value for c in wb["ronde"][2]] == [
        "M12", "Voortgangsrapportage M12", datetime(2023, 12, 31), "ja",
        "Voorbeelddata: verzonnen realisatie voor de tests.",
    ]  # fmt: skip
    assert wb["realisatie_doelen"].max_row == 5
