"""Excel import: typed input, formulas, refusals, replacing a folder and the round trip."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evalkit import cli
from evalkit.data.load import load_jaarplan
from evalkit.data.read import plan_ids
from evalkit.data.validate import validate
from evalkit.errors import ExcelImportError, ValidationError
from evalkit.tools.excel import SHEETS, import_workbook, write_template

FIXTURES = Path(__file__).parents[1] / "fixtures"


# --- helpers --------------------------------------------------------------------------------


def zet_uitkomst(pad: Path, formule: str, waarde: str, fout: bool = False) -> None:
    """Store the cached result of a formula in a saved workbook, as Excel does on saving.

    openpyxl writes formulas without a result (<f>..</f><v/>) and never computes them; Excel
    stores the last result in <v>. This rewrites the sheet XML inside the zip accordingly.
    """
    met = re.compile(
        rb'(<c r="[A-Z]+\d+"(?: s="\d+")?)(><f>' + re.escape(formule.encode()) + rb"</f>)<v\s*/>"
    )
    with zipfile.ZipFile(pad) as z:
        delen = {i.filename: z.read(i.filename) for i in z.infolist()}
    treffers = 0
    for naam, data in delen.items():
        if naam.startswith("xl/worksheets/sheet"):
            nieuw, n = met.subn(
                lambda m: (
                    m[1] + (b' t="e"' if fout else b"") + m[2] + b"<v>" + waarde.encode() + b"</v>"
                ),
                data,
            )
            delen[naam], treffers = nieuw, treffers + n
    assert treffers == 1, f"formule {formule} {treffers} keer gevonden"
    with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as z:
        for naam, data in delen.items():
            z.writestr(naam, data)


def zet_sleutel(ws, sleutel: str, waarde) -> None:
    for rij in ws.iter_rows(min_row=2):
        if rij[0].value == sleutel:
            rij[1].value = waarde
            return
    raise AssertionError(f"sleutel {sleutel} staat niet op het blad jaarplan")


def zet_rijen(ws, rijen: list[dict]) -> None:
    kop = [c.value for c in ws[1]]
    for r, rij in enumerate(rijen, start=2):
        for kolom, waarde in rij.items():
            ws.cell(row=r, column=kop.index(kolom) + 1, value=waarde)


def lees_csv(pad: Path) -> list[dict[str, str]]:
    with pad.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def inhoud(map_: Path) -> dict[str, str]:
    return {
        str(p.relative_to(map_)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(map_.rglob("*"))
        if p.is_file()
    }


def vul_sjabloon(pad: Path, plan_id: str = "nieuw-2024") -> None:
    """Fill an empty template the way a person would: typed text, numbers, date cells."""
    wb = load_workbook(pad)
    ws = wb["jaarplan"]
    zet_sleutel(ws, "id", plan_id)
    zet_sleutel(ws, "naam", "Jaarplan 2024-2025 Nieuw verband")
    zet_sleutel(ws, "organisatie", "Samenwerkingsverband Nieuw VO")
    zet_sleutel(ws, "sector", "VO")
    zet_sleutel(ws, "periode.start", "1-8-2024")
    zet_sleutel(ws, "periode.eind", datetime(2025, 7, 31))
    zet_sleutel(ws, "bron[1].bestand", "001_bron.txt")
    zet_sleutel(ws, "normen.doelen_behaald", "80%")
    zet_sleutel(ws, "normen.projecten_binnen_uren", 0.7)
    zet_rijen(wb["themas"], [
        {"id": "T1", "naam": "Thuisnabij onderwijs", "gemeenschappelijk_thema": "dekkend-netwerk",
         "bron": "001_bron.txt r. 4"},
    ])  # fmt: skip
    zet_rijen(wb["doelen"], [
        {"id": "D01", "thema": "T1", "tekst": "Minder thuiszitters", "nulmeting": "1.234",
         "streefwaarde": 1000, "richting": "Lager", "deadline": datetime(2025, 6, 30),
         "soort": "numeriek", "bron": "001_bron.txt r. 8"},
        {"id": "D02", "thema": "T1", "tekst": "Loket geopend", "deadline": "1 oktober 2024",
         "soort": "mijlpaal", "bron": "001_bron.txt r. 9"},
    ])  # fmt: skip
    zet_rijen(wb["activiteiten"], [
        {"id": "A01", "thema": "T1", "doelen": "D01, D02", "omschrijving": "Loket inrichten",
         "budget": "€ 200.000", "uren": "1.200", "project": "Ja", "bron": "001_bron.txt r. 12"},
        {"id": "A02", "thema": "T1", "omschrijving": "Scholing", "budget": "€20.000,-",
         "bron": "001_bron.txt r. 13"},
        {"id": "A03", "thema": "T1", "omschrijving": "Onderzoek", "budget": 48333,
         "bron": "001_bron.txt r. 14"},
        {"id": "A04", "thema": "T1", "omschrijving": "Uit een formule", "budget": "=1000*20",
         "bron": "001_bron.txt r. 15"},
    ])  # fmt: skip
    zet_rijen(wb["indicatoren"], [
        {"id": "thuiszitters", "naam": "Aantal thuiszitters", "eenheid": "leerlingen",
         "doel": "D01", "bron": "001_bron.txt r. 20"},
    ])  # fmt: skip
    zet_rijen(wb["ronde"], [
        {"id": "M4", "naam": "Viermaandsrapportage", "peildatum": datetime(2024, 11, 30),
         "voorbeelddata": True},
    ])  # fmt: skip
    zet_rijen(wb["realisatie_doelen"], [
        {"ronde": "M4", "doel": "D01", "waarde": "1.180", "status": "Deels behaald"},
        {"ronde": "M4", "doel": "D02", "datum_gereed": "15-10-2024", "status": "behaald"},
    ])  # fmt: skip
    zet_rijen(wb["realisatie_activiteiten"], [
        {"ronde": "M4", "activiteit": "A01", "besteed": "€ 1.234,56", "uren_besteed": 300,
         "status": "loopt"},
    ])  # fmt: skip
    zet_rijen(wb["realisatie_indicatoren"], [
        {"ronde": "M4", "indicator": "thuiszitters", "peildatum": "30-11-2024", "waarde": 41},
    ])  # fmt: skip
    wb.save(pad)


@pytest.fixture
def leeg(tmp_path) -> Path:
    pad = tmp_path / "sjabloon.xlsx"
    assert write_template(pad) == pad
    return pad


@pytest.fixture
def data(tmp_path) -> Path:
    map_ = tmp_path / "data"
    map_.mkdir()
    return map_


@pytest.fixture
def gevuld(leeg) -> Path:
    vul_sjabloon(leeg)
    zet_uitkomst(leeg, "1000*20", "20000")
    return leeg


# --- import ---------------------------------------------------------------------------------


def test_rondreis_sjabloon_import_geeft_gelijk_jaarplan(tmp_path, data):
    pad = tmp_path / "geldig.xlsx"
    write_template(pad, plan_id="geldig", data_dir=FIXTURES)
    assert import_workbook(pad, data_dir=data).map == data / "geldig"
    origineel = load_jaarplan("geldig", FIXTURES)
    terug = load_jaarplan("geldig", data)
    assert dataclasses.replace(terug, map=None) == dataclasses.replace(origineel, map=None)
    assert validate(data / "geldig") == []
    # Canonical text: ISO dates, plain numbers, lists without spaces.
    act = lees_csv(data / "geldig" / "activiteiten.csv")
    assert act[0]["doelen"] == "D01,D02"
    assert [r["budget"] for r in act] == ["200000", "20000", "48333", "1234.56", ""]
    assert [r["uren"] for r in act] == ["1200", "", "150", "", ""]
    doelen = lees_csv(data / "geldig" / "doelen.csv")
    assert [r["deadline"] for r in doelen] == ["2023-10-01", "2023-12-31", "", "2023-12-31"]
    assert [r["nulmeting"] for r in doelen] == ["1234", "", "", "6.5"]
    real = lees_csv(data / "geldig" / "realisatie" / "M12" / "activiteiten.csv")
    assert [r["besteed"] for r in real] == ["180500", "21000", "40000", ""]


def test_rondreis_houdt_de_bron_van_een_norm(tmp_path, data):
    # the source of a norm is data (not a YAML comment), so it survives the round trip
    bron = tmp_path / "bron"
    shutil.copytree(FIXTURES / "geldig", bron / "geldig")
    yaml = bron / "geldig" / "jaarplan.yaml"
    tekst = yaml.read_text(encoding="utf-8")
    tekst = tekst.replace(
        "  doelen_behaald: 75%\n", "  doelen_behaald: {waarde: 75%, bron: plan.txt r. 4}\n"
    )
    yaml.write_text(tekst, encoding="utf-8")
    pad = tmp_path / "geldig.xlsx"
    write_template(pad, plan_id="geldig", data_dir=bron)
    import_workbook(pad, data_dir=data)
    terug = load_jaarplan("geldig", data)
    assert terug.normen.bronnen == {"doelen_behaald": "plan.txt r. 4"}
    assert terug.normen.source("doelen_behaald") == "jaarplan"
    assert terug.normen.source("projecten_binnen_uren") == "standaard"


def test_ingevuld_sjabloon_importeren(gevuld, data):
    resultaat = import_workbook(gevuld, data_dir=data)
    assert resultaat.lines()[0].startswith(f"Jaarplan 'nieuw-2024' geïmporteerd naar {data}")
    assert resultaat.backup is None and len(resultaat.lines()) == 1
    plan = load_jaarplan("nieuw-2024", data)
    assert (plan.sector, plan.periode_start, plan.periode_eind) == (
        "VO", date(2024, 8, 1), date(2025, 7, 31)
    )  # fmt: skip
    assert plan.normen.doelen_behaald == 0.8
    assert plan.normen.projecten_binnen_uren == 0.7
    assert plan.normen.deels_behaald_telt == 0.0
    assert [a.budget for a in plan.activiteiten] == [200000, 20000, 48333, 20000]
    assert plan.activiteiten[0].uren == 1200 and plan.activiteiten[0].project is True
    assert plan.activiteiten[0].doelen == ("D01", "D02")
    d1, d2 = plan.doelen
    assert (d1.nulmeting, d1.streefwaarde, d1.richting, d1.deadline) == (
        1234, 1000, "lager", date(2025, 6, 30)
    )  # fmt: skip
    assert d2.deadline == date(2024, 10, 1)
    ronde = plan.ronde("M4")
    assert (ronde.peildatum, ronde.voorbeelddata) == (date(2024, 11, 30), True)
    assert ronde.doelen["D01"].waarde == 1180 and ronde.doelen["D01"].status == "deels behaald"
    assert ronde.doelen["D02"].datum_gereed == date(2024, 10, 15)
    assert ronde.activiteiten["A01"].besteed == 1234.56
    assert ronde.metingen[0].waarde == 41 and ronde.metingen[0].peildatum == date(2024, 11, 30)
    map_ = data / "nieuw-2024"
    assert sorted(str(p.relative_to(map_)) for p in map_.rglob("*") if p.is_file()) == [
        "activiteiten.csv", "doelen.csv", "indicatoren.csv", "jaarplan.yaml",
        "realisatie/M4/activiteiten.csv", "realisatie/M4/doelen.csv",
        "realisatie/M4/indicatoren.csv", "realisatie/M4/ronde.yaml", "themas.csv",
    ]  # fmt: skip
    assert [r["budget"] for r in lees_csv(map_ / "activiteiten.csv")] == [
        "200000", "20000", "48333", "20000"
    ]  # fmt: skip
    assert lees_csv(map_ / "realisatie" / "M4" / "doelen.csv")[1]["datum_gereed"] == "2024-10-15"
    assert sorted(p.name for p in data.iterdir()) == ["nieuw-2024"]  # no temp folders left


def test_formule_zonder_uitkomst_is_fout(leeg, data):
    vul_sjabloon(leeg)  # the formula in activiteiten!G5 has no cached result
    with pytest.raises(ValidationError) as info:
        import_workbook(leeg, data_dir=data)
    assert [str(p) for p in info.value.problemen] == [
        "sjabloon.xlsx, blad 'activiteiten', rij 5, kolom 'budget': formule zonder opgeslagen "
        "uitkomst; open en sla het bestand op in Excel, of vul de waarde zelf in"
    ]
    assert list(data.iterdir()) == []


def test_excel_foutwaarde_is_fout(leeg, data):
    vul_sjabloon(leeg)
    zet_uitkomst(leeg, "1000*20", "#DIV/0!", fout=True)
    with pytest.raises(ValidationError) as info:
        import_workbook(leeg, data_dir=data)
    assert [(p.bestand, p.rij, p.kolom) for p in info.value.problemen] == [
        ("sjabloon.xlsx, blad 'activiteiten'", 5, "budget")
    ]
    assert "#DIV/0!" in info.value.problemen[0].melding
    assert list(data.iterdir()) == []


def test_alle_fouten_in_een_keer_met_blad_rij_kolom_en_niets_geschreven(gevuld, data):
    wb = load_workbook(gevuld)
    wb["activiteiten"]["G3"] = "veel"  # A02 budget: not an amount (read error)
    wb["doelen"]["I3"] = "31-02-2025"  # D02 deadline: no such date (read error)
    wb["doelen"]["J2"] = datetime(2025, 1, 1)  # D01 soort: a date cell in a choice column
    wb["activiteiten"]["B4"] = "T7"  # A03 thema: unknown (found by validation)
    wb["realisatie_doelen"]["E3"] = "klaar"  # unknown status (found by validation)
    zet_sleutel(wb["jaarplan"], "sector", "MBO")  # (found by validation)
    zet_sleutel(wb["jaarplan"], "periode.eind", "eind juli")  # (read error)
    wb.save(gevuld)
    zet_uitkomst(gevuld, "1000*20", "20000")
    with pytest.raises(ValidationError) as info:
        import_workbook(gevuld, data_dir=data)
    meldingen = [str(p) for p in info.value.problemen]
    verwacht = [  # in workbook order: sheet, then row
        "sjabloon.xlsx, blad 'jaarplan', rij 5, kolom 'waarde': sector: onbekende sector 'MBO'",
        "sjabloon.xlsx, blad 'jaarplan', rij 7, kolom 'waarde': periode.eind: 'eind juli' is "
        "geen datum",
        "sjabloon.xlsx, blad 'doelen', rij 2, kolom 'soort': een datum (2025-01-01), maar hier "
        "hoort geen datum",
        "sjabloon.xlsx, blad 'doelen', rij 3, kolom 'deadline': '31-02-2025' is geen bestaande "
        "datum",
        "sjabloon.xlsx, blad 'activiteiten', rij 3, kolom 'budget': 'veel' is geen bedrag in euro",
        "sjabloon.xlsx, blad 'activiteiten', rij 4, kolom 'thema': onbekend thema 'T7'",
        "sjabloon.xlsx, blad 'realisatie_doelen', rij 3, kolom 'status': onbekende waarde 'klaar'",
    ]
    assert len(meldingen) == len(verwacht), "\n".join(meldingen)
    for melding, begin in zip(meldingen, verwacht, strict=True):
        assert melding.startswith(begin), melding
    assert list(data.iterdir()) == []


def test_ronde_en_sleutelproblemen(gevuld, data):
    wb = load_workbook(gevuld)
    wb["realisatie_doelen"]["A3"] = "M8"  # round not on the sheet ronde
    wb["ronde"]["D2"] = "misschien"  # voorbeelddata
    wb["jaarplan"]["A30"] = "normen.doelen_gehaald"  # unknown key (found by validation)
    wb["jaarplan"]["B30"] = 0.5
    wb.save(gevuld)
    zet_uitkomst(gevuld, "1000*20", "20000")
    with pytest.raises(ValidationError) as info:
        import_workbook(gevuld, data_dir=data)
    assert [str(p) for p in info.value.problemen] == [
        "sjabloon.xlsx, blad 'jaarplan', rij 30, kolom 'waarde': normen.doelen_gehaald: "
        "onbekende sleutel; toegestaan: bron, bronnen, deels_behaald_telt, doelen_behaald, "
        "extra, oordeel_op_richting, projecten_binnen_uren, toelichting",
        "sjabloon.xlsx, blad 'ronde', rij 2, kolom 'voorbeelddata': 'misschien' moet ja of nee "
        "zijn",
        "sjabloon.xlsx, blad 'realisatie_doelen', rij 3, kolom 'ronde': onbekende ronde 'M8'; "
        "bekend: M4",
    ]
    assert list(data.iterdir()) == []


def test_ronde_zonder_voorbeelddata(gevuld, data):
    wb = load_workbook(gevuld)
    wb["ronde"]["D2"] = None
    wb.save(gevuld)
    zet_uitkomst(gevuld, "1000*20", "20000")
    with pytest.raises(ValidationError) as info:
        import_workbook(gevuld, data_dir=data)
    assert [str(p) for p in info.value.problemen] == [
        "sjabloon.xlsx, blad 'ronde', rij 2, kolom 'voorbeelddata': leeg, maar een waarde is "
        "verplicht"
    ]


def test_ongeldige_ronde_id_geeft_een_melding(gevuld, data):
    wb = load_workbook(gevuld)
    for ws in (wb["ronde"], wb["realisatie_doelen"], wb["realisatie_activiteiten"]):
        ws["A2"] = "M 4"
    wb["realisatie_doelen"]["A3"] = "M 4"
    wb["realisatie_indicatoren"]["A2"] = "M 4"
    wb.save(gevuld)
    zet_uitkomst(gevuld, "1000*20", "20000")
    with pytest.raises(ValidationError) as info:
        import_workbook(gevuld, data_dir=data)
    assert [str(p) for p in info.value.problemen] == [
        "sjabloon.xlsx, blad 'ronde', rij 2, kolom 'id': 'M 4' is geen geldige id (letters, "
        "cijfers, '-', '_')"
    ]


@pytest.mark.parametrize("plan_id", ["../buiten", "Hoofdletters", "met spatie", ""])
def test_ongeldige_plan_id_schrijft_niets(gevuld, data, plan_id):
    wb = load_workbook(gevuld)
    zet_sleutel(wb["jaarplan"], "id", plan_id or None)
    wb.save(gevuld)
    zet_uitkomst(gevuld, "1000*20", "20000")
    with pytest.raises(ValidationError) as info:
        import_workbook(gevuld, data_dir=data)
    assert [(p.bestand, p.rij, p.kolom) for p in info.value.problemen] == [
        ("sjabloon.xlsx, blad 'jaarplan'", 2, "waarde")
    ]
    assert list(data.iterdir()) == []
    assert sorted(p.name for p in data.parent.iterdir()) == ["data", "sjabloon.xlsx"]


def test_leeg_sjabloon_noemt_alle_verplichte_gegevens(leeg, data):
    with pytest.raises(ValidationError) as info:
        import_workbook(leeg, data_dir=data)
    rijen = {r[0].value: r[0].row for r in load_workbook(leeg)["jaarplan"].iter_rows(min_row=2)}
    assert [(p.rij, p.kolom, p.melding.split(":")[0]) for p in info.value.problemen] == [
        (rijen["id"], "waarde", "id"),
        (rijen["naam"], "waarde", "naam"),
        (rijen["organisatie"], "waarde", "organisatie"),
        (rijen["sector"], "waarde", "sector"),
        (rijen["periode.start"], "waarde", "periode"),
        (rijen["bron[1].bestand"], "waarde", "bron"),
    ]
    assert list(data.iterdir()) == []


def test_ontbrekend_en_onbekend_blad(gevuld, data):
    wb = load_workbook(gevuld)
    del wb["themas"]
    wb.create_sheet("kladblok")
    wb.save(gevuld)
    with pytest.raises(ValidationError) as info:
        import_workbook(gevuld, data_dir=data)
    assert sorted(str(p) for p in info.value.problemen) == [
        "sjabloon.xlsx, blad 'kladblok': onbekend blad; verwacht: " + ", ".join(SHEETS),
        "sjabloon.xlsx, blad 'themas': blad ontbreekt",
    ]


def test_xlsm_geweigerd(gevuld, data):
    xlsm = gevuld.with_suffix(".xlsm")
    shutil.copy(gevuld, xlsm)
    with pytest.raises(ExcelImportError, match="macro's"):
        import_workbook(xlsm, data_dir=data)
    assert list(data.iterdir()) == []


def test_xlsx_met_macro_geweigerd(gevuld, data):
    with zipfile.ZipFile(gevuld, "a") as z:
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 niet echt, maar wel aanwezig")
    with pytest.raises(ExcelImportError, match="bevat macro's"):
        import_workbook(gevuld, data_dir=data)
    assert list(data.iterdir()) == []


@pytest.mark.parametrize(("naam", "inhoud_", "fragment"), [
    ("kapot.xlsx", b"geen zip", "geen geldig .xlsx-bestand"),
    ("tekst.csv", b"id;naam\n", "alleen Excel-werkmappen (.xlsx)"),
])  # fmt: skip
def test_geen_werkmap_geweigerd(tmp_path, data, naam, inhoud_, fragment):
    pad = tmp_path / naam
    pad.write_bytes(inhoud_)
    with pytest.raises(ExcelImportError, match=re.escape(fragment)):
        import_workbook(pad, data_dir=data)


def test_bestaande_map_geweigerd_tenzij_overschrijf(gevuld, data):
    import_workbook(gevuld, data_dir=data)
    map_ = data / "nieuw-2024"
    (map_ / "tekst").mkdir()
    (map_ / "tekst" / "inleiding.md").write_text("Eigen tekst.\n", encoding="utf-8")
    voor = inhoud(map_)
    with pytest.raises(ExcelImportError, match="bestaat al; gebruik --overschrijf"):
        import_workbook(gevuld, data_dir=data)
    assert inhoud(map_) == voor
    wb = load_workbook(gevuld)
    zet_sleutel(wb["jaarplan"], "naam", "Nieuwe titel")
    wb.save(gevuld)
    zet_uitkomst(gevuld, "1000*20", "20000")
    uit = "\n".join(import_workbook(gevuld, data_dir=data, overschrijf=True).lines())
    assert "tekst/ van de bestaande map is behouden" in uit
    assert load_jaarplan("nieuw-2024", data).naam == "Nieuwe titel"
    assert (map_ / "tekst" / "inleiding.md").read_text(encoding="utf-8") == "Eigen tekst.\n"
    assert sorted(p.name for p in data.iterdir()) == [".evalkit-backup", "nieuw-2024"]
    # The replaced folder is kept, byte for byte, and the output says where.
    backup = data / ".evalkit-backup" / "nieuw-2024-1"
    assert f"De vorige map is bewaard als {backup}." in uit
    assert inhoud(backup) == voor
    # A second replacement gets the next number; the data folder still has one plan.
    assert import_workbook(gevuld, data_dir=data, overschrijf=True).backup == backup.with_name(
        "nieuw-2024-2"
    )
    assert sorted(p.name for p in (data / ".evalkit-backup").iterdir()) == [
        "nieuw-2024-1",
        "nieuw-2024-2",
    ]
    assert plan_ids(data) == ["nieuw-2024"]


def test_overschrijf_met_fouten_laat_oude_map_staan(gevuld, data):
    import_workbook(gevuld, data_dir=data)
    voor = inhoud(data / "nieuw-2024")
    wb = load_workbook(gevuld)
    wb["activiteiten"]["B2"] = "T9"
    wb.save(gevuld)
    zet_uitkomst(gevuld, "1000*20", "20000")
    with pytest.raises(ValidationError):
        import_workbook(gevuld, data_dir=data, overschrijf=True)
    assert inhoud(data / "nieuw-2024") == voor
    assert sorted(p.name for p in data.iterdir()) == ["nieuw-2024"]


def test_cli_template_en_import(tmp_path, data, capsys):
    pad = tmp_path / "s.xlsx"
    assert cli.main(["template", str(pad), "--van", "geldig", "--data", str(FIXTURES)]) == 0
    assert capsys.readouterr().out == f"Sjabloon geschreven: {pad}, gevuld met jaarplan 'geldig'.\n"
    assert cli.main(["import", str(pad), "--data", str(data)]) == 0
    uit = capsys.readouterr().out
    assert uit.startswith(f"Jaarplan 'geldig' geïmporteerd naar {data / 'geldig'}: ")
    assert uit.endswith(" rondes.\n") or uit.endswith(" ronde.\n")
    assert cli.main(["validate", str(data / "geldig")]) == 0
    capsys.readouterr()
    assert cli.main(["import", str(pad), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fout: ") and "bestaat al" in err and "Traceback" not in err
    xlsm = tmp_path / "s.xlsm"
    shutil.copy(pad, xlsm)
    assert cli.main(["import", str(xlsm), "--data", str(data)]) == 1
    assert "macro's" in capsys.readouterr().err


def test_zip_zonder_werkmap_geeft_nederlandse_uitleg_zonder_foutklasse(tmp_path, data):
    """A zip that is no workbook makes openpyxl raise its own errors; the user sees Dutch."""
    pad = tmp_path / "nep.xlsx"
    with zipfile.ZipFile(pad, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "geen xml")
    with pytest.raises(ExcelImportError) as fout:
        import_workbook(pad, data_dir=data)
    assert str(fout.value) == (
        "nep.xlsx kan niet gelezen worden als Excel-werkmap: het bestand is beschadigd of geen "
        "echte .xlsx; open het in Excel en sla het opnieuw op als 'Excel-werkmap (*.xlsx)'."
    )
    assert list(data.iterdir()) == []


def test_cli_import_passes_the_parsed_arguments_and_prints_the_result(monkeypatch, capsys):
    from evalkit.tools import excel
    from evalkit.tools.excel import ImportResult

    aanroepen = []
    backup = Path("data/.evalkit-backup/x-1")

    def nep(*args, **kwargs):
        aanroepen.append((args, kwargs))
        return ImportResult("x", Path("data/x"), "1 thema's", True, backup)

    monkeypatch.setattr(excel, "import_workbook", nep)
    assert cli.main(["import", "plan.xlsx", "--overschrijf"]) == 0
    assert aanroepen == [((Path("plan.xlsx"),), {"data_dir": None, "overschrijf": True})]
    assert capsys.readouterr().out == (
        "Jaarplan 'x' geïmporteerd naar data/x: 1 thema's. De map tekst/ van de bestaande map "
        f"is behouden.\nDe vorige map is bewaard als {backup}.\n"
    )


def test_mislukte_wissel_zet_de_oude_map_terug(gevuld, data, request):
    """The swap goes through files.replace_folder; when it fails the old folder is back."""
    import_workbook(gevuld, data_dir=data)
    voor = inhoud(data / "nieuw-2024")
    request.getfixturevalue("failing_import_swap")
    with pytest.raises(
        ExcelImportError, match=r"kan niet vervangen worden \(geen toegang\); er is niets"
    ):
        import_workbook(gevuld, data_dir=data, overschrijf=True)
    assert inhoud(data / "nieuw-2024") == voor
    assert sorted(p.name for p in data.iterdir()) == ["nieuw-2024"]  # no temp or backup folder


@pytest.mark.shipped
@pytest.mark.parametrize("plan_id", ["almere-2023-2024", "ppo-nk-2023"])
def test_round_trip_keeps_long_term_goals_and_budget_lines(plan_id, tmp_path):
    """Almere's long-term goals and PPO-NK's begrotingsonderdelen survive template -> import."""
    write_template(tmp_path / "plan.xlsx", plan_id=plan_id)
    data = tmp_path / "data"
    data.mkdir()
    import_workbook(tmp_path / "plan.xlsx", data_dir=data)
    bron, terug = load_jaarplan(plan_id), load_jaarplan(plan_id, data)
    assert terug.langetermijndoelen == bron.langetermijndoelen
    assert terug.begroting == bron.begroting
    assert terug.doelen == bron.doelen and terug.activiteiten == bron.activiteiten
    assert bron.langetermijndoelen or bron.begroting  # the plan really has one of them
