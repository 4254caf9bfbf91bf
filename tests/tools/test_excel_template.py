"""The Excel template: sheets, headers, drop-down lists, explanation and a filled template."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evalkit.data import schema
from evalkit.data.load import load_jaarplan
from evalkit.errors import OutputError, UnknownJaarplan, ValidationError
from evalkit.tools import excel_layout
from evalkit.tools.excel import import_workbook, write_template
from evalkit.tools.excel_layout import (
    JAARPLAN_ROWS,
    REALISATION_SHEETS,
    REQUIRED_SHEETS,
    RONDE_COLUMN,
    RONDE_COLUMNS,
    SHEETS,
    TABLE_SHEETS,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"
# Every sheet with a table (header row = column names), in workbook order.
TABLE_SHEET_NAMES = [*TABLE_SHEETS, "ronde", *REALISATION_SHEETS]


def _kolommen(blad: str) -> tuple[schema.Column, ...]:
    """The columns of a table sheet, from the layout (realisation sheets start with ronde)."""
    if blad == "ronde":
        return RONDE_COLUMNS
    if blad in REALISATION_SHEETS:
        return (RONDE_COLUMN, *schema.FILES[REALISATION_SHEETS[blad]])
    return schema.FILES[TABLE_SHEETS[blad]]


@pytest.fixture
def leeg(tmp_path) -> Path:
    pad = tmp_path / "sjabloon.xlsx"
    assert write_template(pad) == pad
    return pad


def test_sjabloon_bladen_en_kopregels(leeg):
    wb = load_workbook(leeg)
    assert wb.sheetnames == list(SHEETS)
    # Every data file of the schema has a sheet.
    assert {*TABLE_SHEETS.values(), *REALISATION_SHEETS.values()} == set(schema.FILES)
    for blad in TABLE_SHEET_NAMES:
        assert [c.value for c in wb[blad][1]] == [k.naam for k in _kolommen(blad)], blad
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
        "thema": "themas!$A$2:$A$1000",
        "soort": '"numeriek,mijlpaal,kwalitatief"',
        "richting": '"hoger,lager,gelijk"',
    }
    assert keuzelijsten(wb["indicatoren"]) == {
        "doel": "doelen!$A$2:$A$1000",
        "richting": '"hoger,lager,gelijk"',
        "cumulatief": '"ja,nee"',
        "deel_van": "indicatoren!$A$2:$A$1000",
    }
    assert keuzelijsten(wb["indicatorwaarden"]) == {"indicator": "indicatoren!$A$2:$A$1000"}
    assert keuzelijsten(wb["themas"]) == {"gemeenschappelijk_thema": gemeenschappelijk}
    assert keuzelijsten(wb["activiteiten"]) == {
        "thema": "themas!$A$2:$A$1000",
        "project": '"ja,nee"',
    }
    assert keuzelijsten(wb["realisatie_doelen"]) == {
        "ronde": "ronde!$A$2:$A$1000",
        "doel": "doelen!$A$2:$A$1000",
        "status": '"behaald,deels behaald,niet behaald,nog niet te beoordelen,vervallen"',
    }
    assert keuzelijsten(wb["realisatie_activiteiten"])["status"] == (
        '"niet gestart,loopt,afgerond,uitgesteld,vervallen"'
    )
    assert keuzelijsten(wb["realisatie_activiteiten"])["activiteit"] == (
        "activiteiten!$A$2:$A$1000"
    )
    assert keuzelijsten(wb["realisatie_indicatoren"]) == {
        "ronde": "ronde!$A$2:$A$1000",
        "indicator": "indicatoren!$A$2:$A$1000",
    }
    assert keuzelijsten(wb["ronde"]) == {"voorbeelddata": '"ja,nee"'}
    assert keuzelijsten(wb["langetermijndoelen"]) == {
        "thema": "themas!$A$2:$A$1000",
        "normen": '"doelen_behaald,projecten_binnen_uren"',
    }
    assert keuzelijsten(wb["realisatie_begroting"]) == {
        "ronde": "ronde!$A$2:$A$1000",
        "begrotingsonderdeel": "begroting!$A$2:$A$1000",
    }
    # Columns that may name several choices ('a,b') get a warning, not a refusal, outside the
    # list; the others refuse any other value.
    for blad in TABLE_SHEET_NAMES:
        kop = {c.column_letter: c.value for c in wb[blad][1]}
        kolommen = {k.naam: k for k in _kolommen(blad)}
        for dv in wb[blad].data_validations.dataValidation:
            (bereik,) = dv.sqref.ranges
            k = kolommen[kop[bereik.coord[0]]]
            if k.soort == "keuze":
                assert dv.errorStyle == ("warning" if k.meerdere else None), (blad, k.naam)
    # On the sheet jaarplan: the sector and the ja/nee key each get a list on their value cell.
    rijen = {r[0].value: r[1].coordinate for r in wb["jaarplan"].iter_rows(min_row=2)}
    assert {
        str(dv.sqref): dv.formula1 for dv in wb["jaarplan"].data_validations.dataValidation
    } == {
        rijen["sector"]: '"PO,VO,PO+VO"',
        rijen["normen.oordeel_op_richting"]: '"ja,nee"',
    }
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
    for blad in TABLE_SHEET_NAMES:
        for k in _kolommen(blad):
            regel = regels[(blad, k.naam)]
            assert regel[2] == ("ja" if k.verplicht else "nee"), (blad, k.naam)
    assert "1-10-2023" in regels[("doelen", "deadline")][4]
    assert "€ 200.000" in regels[("activiteiten", "budget")][4]
    assert "numeriek, mijlpaal, kwalitatief" in regels[("doelen", "soort")][4]
    assert regels[("jaarplan", "normen.doelen_behaald")][4].startswith("75%")
    assert regels[("themas", "gemeenschappelijk_thema")][4].startswith("een of meer van: ")
    assert "gescheiden door komma's" in regels[("langetermijndoelen", "normen")][4]
    assert "blad begroting" in regels[("realisatie_begroting", "begrotingsonderdeel")][3]
    notitie = wb["activiteiten"]["G1"]
    assert notitie.value == "budget"
    assert "leeg = geen eigen budget" in notitie.comment.text


def uitleg_tabel(ws) -> tuple[dict[str, tuple], dict[tuple[str, str], tuple]]:
    """The table of the sheet uitleg: per sheet its own row, per (sheet, column) its row."""
    rijen = list(ws.iter_rows(values_only=True))
    kop = next(i for i, r in enumerate(rijen) if r[0] == "blad")
    assert rijen[kop][:5] == ("blad", "kolom", "verplicht", "betekenis", "toegestane invoer")
    bladen, kolommen = {}, {}
    for r in rijen[kop + 1 :]:
        if r[1]:
            assert (r[0], r[1]) not in kolommen, r
            kolommen[(r[0], r[1])] = r
        else:
            assert r[0] not in bladen, r
            bladen[r[0]] = r
    return bladen, kolommen


def test_sjabloon_uitleg_bij_elk_blad_en_elke_kolom(leeg):
    """Every sheet of the layout and every column of it is explained on the sheet uitleg, and
    every column header carries its explanation as a note."""
    wb = load_workbook(leeg)
    bladen, kolommen = uitleg_tabel(wb["uitleg"])
    # Each sheet once, in workbook order, with what it holds and whether it is required.
    assert list(bladen) == list(SHEETS)
    for blad in SHEETS:
        assert (bladen[blad][3] or "").strip(), f"blad {blad} heeft geen uitleg"
        assert bladen[blad][2] == ("ja" if blad in REQUIRED_SHEETS else "nee"), blad
    for sleutel, _ in JAARPLAN_ROWS:
        assert (kolommen[("jaarplan", sleutel)][3] or "").strip(), sleutel
    verwacht = {("jaarplan", s) for s, _ in JAARPLAN_ROWS}
    for blad in TABLE_SHEET_NAMES:
        kop = {c.value: c for c in wb[blad][1]}
        for k in _kolommen(blad):
            verwacht.add((blad, k.naam))
            regel = kolommen.get((blad, k.naam))
            assert regel is not None, f"{blad}.{k.naam} staat niet op het blad uitleg"
            assert (regel[3] or "").strip(), f"{blad}.{k.naam} heeft geen uitleg"
            assert (regel[4] or "").strip(), f"{blad}.{k.naam}: toegestane invoer ontbreekt"
            notitie = kop[k.naam].comment
            assert notitie is not None and regel[3] in notitie.text, (blad, k.naam)
    assert set(kolommen) == verwacht  # no row for a column that does not exist


def test_uitleg_noemt_alleen_bestaande_kolommen():
    """A stale explanation (of a renamed or removed column) is not kept in the layout."""
    for soort, uitleg in excel_layout.EXPLANATION.items():
        if soort == "ronde_kolom":
            continue
        namen = {k.naam for k in (RONDE_COLUMNS if soort == "ronde" else schema.FILES[soort])}
        assert set(uitleg) <= namen, (soort, set(uitleg) - namen)
    assert set(excel_layout.SHEET_EXPLANATION) == set(SHEETS)


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


# --- for the people who fill it in (issue 11) ---------------------------------------------------


@pytest.mark.parametrize("plan_id", [None, "geldig"])
def test_sjabloon_kop_filter_afdruk_en_lange_tekst(tmp_path, plan_id):
    pad = tmp_path / "s.xlsx"
    write_template(pad, plan_id=plan_id, data_dir=FIXTURES)
    wb = load_workbook(pad)
    for ws in wb.worksheets:
        kop_rij = (
            1
            if ws.title != "uitleg"
            else next(r[0].row for r in ws.iter_rows() if r[0].value == "blad")
        )
        for cel in ws[kop_rij]:
            # A named font: LibreOffice shows an unnamed bold font as serif.
            assert cel.font.name == "Calibri" and cel.font.b, (ws.title, cel.coordinate)
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == f"${kop_rij}:${kop_rij}", ws.title
    for blad in TABLE_SHEET_NAMES:
        ws = wb[blad]
        kolommen = _kolommen(blad)
        assert ws.freeze_panes == "A2"
        laatste = chr(ord("A") + len(kolommen) - 1)
        assert ws.auto_filter.ref == f"A1:{laatste}{max(ws.max_row, 1)}", blad
        for c, k in enumerate(kolommen, start=1):
            letter = chr(ord("A") + c - 1)
            dim = ws.column_dimensions[letter]
            if k.soort == "tekst":
                assert 30 <= dim.width <= 50, (blad, k.naam)
                assert dim.alignment.wrap_text, (blad, k.naam)
                for (cel,) in ws.iter_rows(min_row=2, min_col=c, max_col=c):
                    assert cel.alignment.wrap_text, cel.coordinate
            else:
                assert 12 <= dim.width <= 60, (blad, k.naam)
    jaarplan = wb["jaarplan"]
    assert jaarplan.column_dimensions["B"].alignment.wrap_text
    assert jaarplan.column_dimensions["C"].alignment.wrap_text


def test_sjabloon_van_plan_schrijft_tekst_als_tekst_nooit_als_formule(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "geldig", data / "geldig")
    doelen = data / "geldig" / "realisatie" / "M12" / "doelen.csv"
    doelen.write_text(
        doelen.read_text(encoding="utf-8").replace(
            "Daling ingezet, streefwaarde nog niet gehaald.", '"=HYPERLINK(""http://x"";""klik"")"'
        ),
        encoding="utf-8",
    )
    themas = data / "geldig" / "themas.csv"
    themas.write_text(
        themas.read_text(encoding="utf-8").replace("Geen thuiszitters", "=1+1"), encoding="utf-8"
    )
    jaarplan = data / "geldig" / "jaarplan.yaml"
    jaarplan.write_text(
        jaarplan.read_text(encoding="utf-8").replace(
            "toelichting: Kleine", 'toelichting: "=2+2" #'
        ),
        encoding="utf-8",
    )
    pad = tmp_path / "s.xlsx"
    write_template(pad, plan_id="geldig", data_dir=data)
    wb = load_workbook(pad)
    for ws in wb.worksheets:
        for rij in ws.iter_rows():
            for cel in rij:
                assert cel.data_type != "f", (ws.title, cel.coordinate, cel.value)
    assert wb["themas"]["B3"].value == "=1+1" and wb["themas"]["B3"].data_type == "s"
    real = {r[1].value: r[5] for r in wb["realisatie_doelen"].iter_rows(min_row=2)}
    assert real["D01"].value == '=HYPERLINK("http://x";"klik")'
    sleutels = {r[0].value: r[1] for r in wb["jaarplan"].iter_rows(min_row=2)}
    assert sleutels["toelichting"].value == "=2+2"
    assert sleutels["toelichting"].data_type == "s"
    with zipfile.ZipFile(pad) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets"))


# --- what a template made from a plan carries (and brings back on import) ----------------------


def _plan_folder(tmp_path: Path, normen: str = "", begroting: bool = False) -> Path:
    """A copy of the fixture geldig in tmp_path/bron; `normen` replaces its normen lines for
    the three norms, `begroting` adds begroting.csv and a spend per onderdeel in round M12."""
    bron = tmp_path / "bron"
    shutil.copytree(FIXTURES / "geldig", bron / "geldig")
    if normen:
        yaml = bron / "geldig" / "jaarplan.yaml"
        oud = "  doelen_behaald: 75%\n  projecten_binnen_uren: 0.75\n  deels_behaald_telt: 0.5\n"
        tekst = yaml.read_text(encoding="utf-8")
        assert oud in tekst
        yaml.write_text(tekst.replace(oud, normen), encoding="utf-8")
    if begroting:
        (bron / "geldig" / "begroting.csv").write_text(
            "begrotingsonderdeel;bedrag;bron\nBasisondersteuning;€ 250.000;b r. 1\n"
            "Jeugd;;b r. 2\nOuders;1.000;b r. 3\n",
            encoding="utf-8",
        )
        (bron / "geldig" / "realisatie" / "M12" / "begroting.csv").write_text(
            "begrotingsonderdeel;besteed;toelichting\n"
            'Basisondersteuning;€ 201.500;"Meer scholing; ""inhaalslag""\nin Q4"\n'
            "Jeugd;;=nog niet geboekt\nOuders;500;\n",
            encoding="utf-8",
        )
    return bron


def _import(tmp_path: Path, pad: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    import_workbook(pad, data_dir=data)
    return data


def test_template_and_import_keep_the_toelichting_per_begrotingsonderdeel(tmp_path):
    bron = _plan_folder(tmp_path, begroting=True)
    origineel = load_jaarplan("geldig", bron)
    assert origineel.rondes["M12"].begroting_toelichting == {
        "Basisondersteuning": 'Meer scholing; "inhaalslag"\nin Q4',
        "Jeugd": "=nog niet geboekt",
    }
    pad = tmp_path / "s.xlsx"
    write_template(pad, plan_id="geldig", data_dir=bron)
    ws = load_workbook(pad)["realisatie_begroting"]
    assert [c.value for c in ws[1]] == ["ronde", "begrotingsonderdeel", "besteed", "toelichting"]
    rijen = {r[1].value: r for r in ws.iter_rows(min_row=2)}
    assert rijen["Basisondersteuning"][3].value == 'Meer scholing; "inhaalslag"\nin Q4'
    assert rijen["Jeugd"][3].value == "=nog niet geboekt"  # text, never a formula
    assert rijen["Jeugd"][3].data_type == "s"
    assert rijen["Ouders"][3].value is None
    terug = load_jaarplan("geldig", _import(tmp_path, pad))
    assert dataclasses.replace(terug, map=None) == dataclasses.replace(origineel, map=None)


def test_template_sheet_jaarplan_explains_every_key_of_a_plan(tmp_path):
    """A plan with norms in the long form {waarde, bron} and oordeel_op_richting gets a sheet
    jaarplan of explained rows only: the long form is shown as the value and its
    normen.bronnen.<norm>, which is how the loader reads it."""
    bron = _plan_folder(
        tmp_path,
        normen="  doelen_behaald: {waarde: 80%, bron: plan r. 4}\n"
        "  projecten_binnen_uren: 0.75\n"
        "  deels_behaald_telt: {waarde: 0.5, bron: plan r. 5}\n"
        "  bronnen: {doelen_behaald: wordt overschreven, projecten_binnen_uren: plan r. 6}\n"
        "  oordeel_op_richting: true\n",
    )
    pad = tmp_path / "s.xlsx"
    write_template(pad, plan_id="geldig", data_dir=bron)
    ws = load_workbook(pad)["jaarplan"]
    rijen = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    patronen = {p for p, _ in JAARPLAN_ROWS}
    for sleutel, (_, _, uitleg) in rijen.items():
        assert excel_layout.key_pattern(sleutel) in patronen, sleutel
        assert (uitleg.value or "").strip(), sleutel
    waarden = {k: r[1].value for k, r in rijen.items()}
    assert waarden["normen.doelen_behaald"] == 0.8
    assert waarden["normen.deels_behaald_telt"] == 0.5
    assert waarden["normen.bronnen.doelen_behaald"] == "plan r. 4"  # the long form wins
    assert waarden["normen.bronnen.projecten_binnen_uren"] == "plan r. 6"
    assert waarden["normen.bronnen.deels_behaald_telt"] == "plan r. 5"
    assert waarden["normen.oordeel_op_richting"] == "ja"
    assert "ja of nee" in rijen["normen.oordeel_op_richting"][2].value
    # required keys say so on the sheet itself; a second bron is not required
    assert rijen["bron[1].bestand"][2].value.endswith("(verplicht)")
    assert rijen["id"][2].value.endswith("(verplicht)")
    assert "verplicht" not in rijen["bron[1].titel"][2].value


def test_uitleg_marks_the_first_bron_as_required(leeg):
    _, kolommen = uitleg_tabel(load_workbook(leeg)["uitleg"])
    verplicht = {k for (blad, k), r in kolommen.items() if blad == "jaarplan" and r[2] == "ja"}
    assert verplicht == {
        "id", "naam", "organisatie", "sector", "periode.start", "periode.eind", "bron[#].bestand"
    }  # fmt: skip
    assert kolommen[("jaarplan", "normen.oordeel_op_richting")][4] == "ja of nee"
    # jaarplan.yaml requires bron: an empty template names the bron row as missing
    assert schema.JAARPLAN_KEYS["bron"] is True


def test_import_of_long_form_norms_gives_the_same_plan(tmp_path):
    bron = _plan_folder(
        tmp_path,
        normen="  doelen_behaald: {waarde: 80%, bron: plan r. 4}\n"
        "  projecten_binnen_uren: {waarde: 0.7}\n"
        "  deels_behaald_telt: {waarde: 0.5, bron: plan r. 5}\n",
    )
    pad = tmp_path / "s.xlsx"
    write_template(pad, plan_id="geldig", data_dir=bron)
    terug = load_jaarplan("geldig", _import(tmp_path, pad))
    origineel = load_jaarplan("geldig", bron)
    assert terug.normen == origineel.normen
    assert terug.normen.bronnen == {
        "doelen_behaald": "plan r. 4",
        "deels_behaald_telt": "plan r. 5",
    }
    assert (terug.normen.doelen_behaald, terug.normen.projecten_binnen_uren) == (0.8, 0.7)


@pytest.mark.parametrize("waarde", ["ja", "Nee", True])
def test_import_of_oordeel_op_richting(tmp_path, waarde):
    bron = _plan_folder(
        tmp_path,
        normen="  doelen_behaald: 75%\n  projecten_binnen_uren: 0.75\n  deels_behaald_telt: 0.5\n"
        "  oordeel_op_richting: true\n",
    )
    pad = tmp_path / "s.xlsx"
    write_template(pad, plan_id="geldig", data_dir=bron)
    wb = load_workbook(pad)
    rij = next(r for r in wb["jaarplan"].iter_rows(min_row=2) if r[0].value.endswith("richting"))
    rij[1].value = waarde
    wb.save(pad)
    terug = load_jaarplan("geldig", _import(tmp_path, pad))
    assert terug.normen.oordeel_op_richting is (waarde in ("ja", True))


def test_import_of_oordeel_op_richting_refuses_other_words(tmp_path):
    pad = tmp_path / "s.xlsx"
    write_template(pad, plan_id="geldig", data_dir=FIXTURES)
    wb = load_workbook(pad)
    rij = next(r for r in wb["jaarplan"].iter_rows(min_row=2) if r[0].value.endswith("richting"))
    rij[1].value = "misschien"
    wb.save(pad)
    with pytest.raises(ValidationError) as info:
        _import(tmp_path, pad)
    assert [(p.rij, p.kolom, p.melding) for p in info.value.problemen] == [
        (rij[0].row, "waarde", "normen.oordeel_op_richting: 'misschien' moet ja of nee zijn")
    ]
