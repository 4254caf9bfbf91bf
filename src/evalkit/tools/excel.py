"""The Excel route into the data format: writing the .xlsx template and importing a filled one."""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evalkit import files, paths
from evalkit.data import schema, values
from evalkit.data.load import load_jaarplan
from evalkit.data.model import SECTORS, Jaarplan
from evalkit.data.read import ID_PATTERN, PLAN_ID_PATTERN
from evalkit.data.validate import validate
from evalkit.errors import ExcelImportError, OutputError, Problem, ValidationError, os_reason

# Sheets holding one table each: sheet name -> schema kind (= file in the jaarplan folder).
TABLE_SHEETS = {
    "themas": "themas.csv",
    "doelen": "doelen.csv",
    "activiteiten": "activiteiten.csv",
    "indicatoren": "indicatoren.csv",
    "indicatorwaarden": "indicatorwaarden.csv",
}
# Realisation sheets: one table for all rounds, with an extra first column `ronde`.
REALISATION_SHEETS = {
    "realisatie_doelen": "realisatie/doelen.csv",
    "realisatie_activiteiten": "realisatie/activiteiten.csv",
    "realisatie_indicatoren": "realisatie/indicatoren.csv",
}
RONDE_COLUMNS = (
    schema.Column("id", "id", True),
    schema.Column("naam", verplicht=True),
    schema.Column("peildatum", "datum", True),
    schema.Column("voorbeelddata", "waarheid", True),
    schema.Column("toelichting"),
)
RONDE_COLUMN = schema.Column("ronde", "id", True)
REQUIRED_SHEETS = ("jaarplan", "themas", "doelen", "activiteiten", "indicatoren")
SHEETS = ("jaarplan", *TABLE_SHEETS, "ronde", *REALISATION_SHEETS, "uitleg")
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam", ".xlsb")
# Error values as stored in the file (Dutch Excel shows #DEEL/0! but stores #DIV/0!).
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                "#GETTING_DATA", "#SPILL!", "#CALC!"}  # fmt: skip

# Rows of the key/value sheet `jaarplan`; `[#]` is a list index (bron[1].bestand, bron[2]...).
JAARPLAN_ROWS = (
    ("id", "id van het jaarplan en naam van de map: kleine letters, cijfers en '-'"),
    ("naam", "titel van het jaarplan, gebruikt in het verslag"),
    ("organisatie", "naam van het samenwerkingsverband"),
    ("sector", "PO, VO of PO+VO"),
    ("periode.start", "eerste dag van de planperiode"),
    ("periode.eind", "laatste dag van de planperiode"),
    ("bron[#].bestand", "brondocument (bestand); meer bronnen: voeg bron[2].bestand enz. toe"),
    ("bron[#].titel", "titel van het brondocument"),
    ("normen.doelen_behaald", "norm: aandeel behaalde doelen (standaard 75%)"),
    ("normen.projecten_binnen_uren", "norm: aandeel projecten binnen de uren (standaard 75%)"),
    ("normen.deels_behaald_telt", "gewicht van 'deels behaald': 0, 0,5 of 1 (standaard 0)"),
    ("normen.bron", "waar de normen vandaan komen (optioneel)"),
    ("normen.toelichting", "toelichting op de normen (optioneel)"),
    ("normen.extra[#].id", "extra verhoudingsnorm (optioneel): id; meer: normen.extra[2].id"),
    ("normen.extra[#].naam", "naam van de extra norm"),
    ("normen.extra[#].teller", "id van de indicator in de teller"),
    ("normen.extra[#].noemer", "id van de indicator in de noemer"),
    ("normen.extra[#].minimum", "minimale verhouding teller/noemer, bijv. 5%"),
    ("normen.extra[#].bron", "bronverwijzing van de extra norm"),
    ("rondes[#].id", "evaluatieronde die het plan voorschrijft (id); meer: rondes[2].id"),
    ("rondes[#].naam", "naam van die evaluatieronde"),
    ("toelichting", "vrije toelichting (optioneel)"),
)
_KEY_KIND = {
    "periode.start": "datum",
    "periode.eind": "datum",
    "normen.doelen_behaald": "aandeel",
    "normen.projecten_binnen_uren": "aandeel",
    "normen.deels_behaald_telt": "aandeel",
    "normen.extra[#].minimum": "aandeel",
}
_KEY = re.compile(r"^[A-Za-z_]\w*(\[[1-9]\d*\])?(\.[A-Za-z_]\w*(\[[1-9]\d*\])?)*$")

# What each column means (Dutch, shown as a note on the header cell and on the sheet `uitleg`).
EXPLANATION = {
    "themas.csv": {
        "id": "unieke code van het thema, bijv. T1",
        "naam": "naam van het thema of speerpunt",
        "langetermijndoel": "het doel op lange termijn (bijv. 2027) van dit thema",
        "gemeenschappelijk_thema": "indeling in de gemeenschappelijke thema's (voor vergelijking)",
        "bron": "bronverwijzing: <bronbestand> r. <regels> en/of een paragraaftitel",
    },
    "doelen.csv": {
        "id": "unieke code van het doel, bijv. D01",
        "thema": "id van het thema (blad themas)",
        "tekst": "het doel zoals het in het jaarplan staat",
        "indicator": "hoe het gemeten wordt ('Hoe meten we dit?')",
        "eenheid": "eenheid van de indicator: leerlingen, %, dagen, aanvragen, ...",
        "nulmeting": "beginwaarde",
        "streefwaarde": "doelwaarde",
        "richting": "hoger (waarde >= streefwaarde), lager (<=) of gelijk; verplicht bij numeriek",
        "deadline": "datum waarop het doel gehaald moet zijn",
        "soort": "numeriek (waarde tegen streefwaarde), mijlpaal (gereed voor deadline) of "
        "kwalitatief (status met de hand)",
        "eigenaar": "wie eigenaar is van het doel",
        "langetermijndoel": "het langetermijndoel waar dit doel aan bijdraagt",
        "bron": "bronverwijzing",
    },
    "activiteiten.csv": {
        "id": "unieke code van de activiteit, bijv. A01",
        "thema": "id van het thema (blad themas)",
        "doelen": "ids van de doelen, gescheiden door komma's: D01, D02",
        "omschrijving": "wat er gedaan wordt ('Wat/hoe')",
        "wie": "wie het doet",
        "wanneer": "planning zoals geschreven: 2023, Q1-Q2, 1-1-2023 tot 1-4-2023",
        "budget": "budget in euro; leeg = geen eigen budget",
        "begrotingsonderdeel": "onderdeel van de begroting",
        "uren": "toegekende uren",
        "project": "ja als dit een project is dat aan de toegekende uren wordt gemeten",
        "bron": "bronverwijzing",
    },
    "indicatoren.csv": {
        "id": "code van de indicator, bijv. leerlingen_gespecialiseerd",
        "naam": "naam van de indicator",
        "eenheid": "eenheid; 'leerlingen' = aantal leerlingen (onder 5 niet gepubliceerd)",
        "doel": "id van het doel dat deze indicator meet",
        "nulmeting": "beginwaarde",
        "streefwaarde": "doelwaarde",
        "richting": "hoger, lager of gelijk",
        "bron": "bronverwijzing",
    },
    "indicatorwaarden.csv": {
        "indicator": "id van de indicator (blad indicatoren)",
        "peildatum": "datum van de meting",
        "waarde": "gemeten waarde",
        "bron": "bronverwijzing",
    },
    "realisatie/doelen.csv": {
        "doel": "id van het doel",
        "waarde": "gemeten waarde (numeriek doel)",
        "datum_gereed": "datum waarop het gereed was (mijlpaal)",
        "status": "status met de hand",
        "toelichting": "toelichting",
    },
    "realisatie/activiteiten.csv": {
        "activiteit": "id van de activiteit",
        "besteed": "tot nu toe besteed, in euro",
        "uren_besteed": "bestede uren",
        "status": "stand van de activiteit",
        "toelichting": "toelichting",
    },
    "realisatie/indicatoren.csv": {
        "indicator": "id van de indicator",
        "peildatum": "datum van de meting",
        "waarde": "gemeten waarde",
        "toelichting": "toelichting",
    },
    "ronde": {
        "id": "id van de ronde en naam van de map, bijv. M12 of oktober-2024",
        "naam": "naam van de ronde, bijv. Voortgangsrapportage M12",
        "peildatum": "datum waarop de realisatie is gemeten",
        "voorbeelddata": "ja = verzonnen voorbeeldrealisatie (staat op elk verslag), "
        "nee = echte realisatie",
        "toelichting": "toelichting op de ronde",
    },
    "ronde_kolom": "id van de ronde (blad ronde)",
}
VALUE_FORMS = {
    "id": "letters, cijfers, '-', '_' of '.' zonder spaties",
    "tekst": "vrije tekst",
    "getal": "12, 1.234, 1.234,5, 3,64 of een getalcel",
    "bedrag": "€ 200.000, €20.000,-, 48.333, 1.234,56 of een getalcel",
    "datum": "1-10-2023, 2023-10-01, 1 oktober 2023 of een datumcel",
    "lijst": "ids gescheiden door komma's: D01, D02",
    "janee": "ja of nee (leeg = nee)",
    "waarheid": "ja of nee",
    "aandeel": "75%, 0,75 of een percentagecel",
}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_MAX_ROWS = 1000  # rows covered by the drop-down lists of an empty template


# --- template -------------------------------------------------------------------------------


def write_template(
    bestand: Path | str, plan_id: str | None = None, data_dir: Path | str | None = None
) -> int:
    """Write the Excel template (.xlsx), pre-filled from a jaarplan when plan_id is given.

    The workbook has one sheet per data file, header row = the column names, drop-down lists
    for the choice columns and a sheet `uitleg`. It is written atomically and byte-for-byte
    the same for the same input. Returns 0 (the CLI exit code).
    """
    bestand = Path(bestand)
    if bestand.suffix.lower() != ".xlsx":
        raise OutputError(f"{bestand}: het sjabloon moet een .xlsx-bestand zijn.")
    if not bestand.parent.is_dir():
        raise OutputError(f"{bestand.parent} bestaat niet; maak eerst de map aan.")
    plan, meta = None, None
    if plan_id:
        plan = load_jaarplan(plan_id, data_dir)
        assert plan.map is not None
        meta = yaml.safe_load((plan.map / "jaarplan.yaml").read_text(encoding="utf-8"))
    inhoud = workbook_bytes(make_template(plan, meta))
    write_atomic(bestand, inhoud)
    gevuld = f", gevuld met jaarplan '{plan_id}'" if plan_id else ""
    print(f"Sjabloon geschreven: {bestand}{gevuld}.")
    return 0


def make_template(plan: Jaarplan | None = None, meta: dict | None = None) -> Workbook:
    """Build the template workbook; with a plan (and its raw jaarplan.yaml) it is filled in."""
    wb = Workbook()
    wb.remove(wb.active)
    _sheet_jaarplan(wb.create_sheet("jaarplan"), _jaarplan_rows(meta))
    for blad, soort in TABLE_SHEETS.items():
        rijen = _model_rows(plan, soort) if plan else []
        _table_sheet(wb.create_sheet(blad), soort, schema.FILES[soort], rijen)
    rondes = list(plan.rondes.values()) if plan else []
    ronderijen = [
        {
            "id": r.id,
            "naam": r.naam,
            "peildatum": r.peildatum,
            "voorbeelddata": "ja" if r.voorbeelddata else "nee",
            "toelichting": r.toelichting,
        }
        for r in rondes
    ]
    _table_sheet(wb.create_sheet("ronde"), "ronde", RONDE_COLUMNS, ronderijen)
    for blad, soort in REALISATION_SHEETS.items():
        rijen = _model_rows(plan, soort) if plan else []
        _table_sheet(wb.create_sheet(blad), soort, (RONDE_COLUMN, *schema.FILES[soort]), rijen)
    _sheet_explanation(wb.create_sheet("uitleg"))
    wb.active = 0
    return wb


def _model_rows(plan: Jaarplan, soort: str) -> list[dict[str, Any]]:
    """The rows of one data file, taken from the loaded (validated) jaarplan."""
    namen = [k.naam for k in schema.FILES[soort]]
    if soort == "indicatorwaarden.csv":
        return [
            {"indicator": m.indicator, "peildatum": m.peildatum, "waarde": m.waarde,
             "bron": m.toelichting}
            for m in plan.indicatorwaarden
        ]  # fmt: skip
    if soort.startswith("realisatie/"):
        rijen = []
        for ronde in plan.rondes.values():
            bron = {
                "realisatie/doelen.csv": list(ronde.doelen.values()),
                "realisatie/activiteiten.csv": list(ronde.activiteiten.values()),
                "realisatie/indicatoren.csv": list(ronde.metingen),
            }[soort]
            rijen += [{"ronde": ronde.id, **{n: getattr(o, n) for n in namen}} for o in bron]
        return rijen
    objecten = {
        "themas.csv": plan.themas,
        "doelen.csv": plan.doelen,
        "activiteiten.csv": plan.activiteiten,
        "indicatoren.csv": plan.indicatoren,
    }[soort]
    return [{n: getattr(o, n) for n in namen} for o in objecten]


def _flatten(data: Any, voorvoegsel: str = "") -> list[tuple[str, Any]]:
    """Flatten YAML data to (key path, value) pairs: {'a': [{'b': 1}]} -> [('a[1].b', 1)]."""
    if isinstance(data, dict):
        uit = []
        for k, w in data.items():
            uit += _flatten(w, f"{voorvoegsel}.{k}" if voorvoegsel else str(k))
        return uit
    if isinstance(data, list):
        uit = []
        for i, w in enumerate(data, start=1):
            uit += _flatten(w, f"{voorvoegsel}[{i}]")
        return uit
    return [(voorvoegsel, data)]


def _jaarplan_rows(meta: dict | None) -> list[tuple[str, Any]]:
    """Key/value rows of the sheet `jaarplan`: the standard keys, then any other keys in meta."""
    plat = dict(_flatten(meta)) if meta else {}
    if not meta:
        plat = {
            "normen.doelen_behaald": 0.75,
            "normen.projecten_binnen_uren": 0.75,
            "normen.deels_behaald_telt": 0.0,
        }
    rijen: list[tuple[str, Any]] = []
    groepen: list[str] = []
    for patroon, _ in JAARPLAN_ROWS:
        if "[#]" not in patroon:
            rijen.append((patroon, plat.get(patroon)))
            continue
        groep = patroon.split("[#]")[0]
        if groep in groepen:
            continue
        groepen.append(groep)
        sub = [p.split("[#].")[1] for p, _ in JAARPLAN_ROWS if p.startswith(groep + "[#].")]
        indexpatroon = re.compile(re.escape(groep) + r"\[(\d+)\]")
        n = max([1] + [int(m[1]) for k in plat if (m := indexpatroon.match(k))])
        for i in range(1, n + 1):
            for s in sub:
                rijen.append((f"{groep}[{i}].{s}", plat.get(f"{groep}[{i}].{s}")))
    bekend = {k for k, _ in rijen}
    rijen += [(k, w) for k, w in plat.items() if k not in bekend]
    return rijen


def _key_kind(sleutel: str) -> str:
    return _KEY_KIND.get(re.sub(r"\[\d+\]", "[#]", sleutel), "tekst")


def _set_cell(ws: Worksheet, rij: int, kolom: int, waarde: Any, soort: str) -> None:
    """Write a value as a typed cell: numbers as numbers, dates as date cells, text as text."""
    if waarde is None or waarde == "" or waarde == ():
        return
    cel = ws.cell(row=rij, column=kolom)
    if soort == "datum" and isinstance(waarde, date | str):
        cel.value = values.read_date(waarde) if isinstance(waarde, str) else waarde
        cel.number_format = "d-m-yyyy"
    elif soort == "aandeel" and isinstance(waarde, int | float | str):
        aandeel = values.read_share(waarde) if isinstance(waarde, str) else float(waarde)
        cel.value = aandeel
        cel.number_format = "0%" if float(round(aandeel * 100, 9)).is_integer() else "0.0##%"
    elif isinstance(waarde, bool):
        cel.value = "ja" if waarde else None
    elif isinstance(waarde, int | float):
        cel.value = int(waarde) if float(waarde).is_integer() else waarde
        if soort == "bedrag":
            cel.number_format = '"€" #,##0' if float(waarde).is_integer() else '"€" #,##0.00'
    else:
        tekst = ", ".join(waarde) if isinstance(waarde, tuple) else str(waarde)
        cel.value = ILLEGAL_CHARACTERS_RE.sub("", tekst)
        cel.data_type = "s"  # text that starts with '=' stays text, not a formula


def _header(ws: Worksheet, namen: list[str], uitleg: dict[str, str]) -> None:
    for i, naam in enumerate(namen, start=1):
        cel = ws.cell(row=1, column=i, value=naam)
        cel.font = Font(bold=True)
        cel.fill = _HEADER_FILL
        if uitleg.get(naam):
            cel.comment = Comment(uitleg[naam], "evalkit", width=300, height=90)
    ws.freeze_panes = "A2"


def _choice_list(ws: Worksheet, bereik: str, keuzes: tuple[str, ...]) -> None:
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(keuzes) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Ongeldige waarde",
        error="Kies een waarde uit de lijst: " + ", ".join(keuzes),
        promptTitle="Keuzelijst",
        prompt="Kies uit: " + ", ".join(keuzes),
    )
    dv.add(bereik)
    ws.add_data_validation(dv)


def _table_sheet(
    ws: Worksheet, soort: str, kolommen: tuple[schema.Column, ...], rijen: list[dict]
) -> None:
    uitleg = dict(EXPLANATION.get(soort, {}))
    uitleg.setdefault("ronde", EXPLANATION["ronde_kolom"])
    for k in kolommen:
        if k.naam in uitleg:
            verplicht = " (verplicht)" if k.verplicht else ""
            uitleg[k.naam] = f"{uitleg[k.naam]}{verplicht}. Invoer: {_value_form(k)}."
    _header(ws, [k.naam for k in kolommen], uitleg)
    for r, rij in enumerate(rijen, start=2):
        for c, k in enumerate(kolommen, start=1):
            _set_cell(ws, r, c, rij.get(k.naam), k.soort)
    tot = max(_MAX_ROWS, len(rijen) + 500)
    for c, k in enumerate(kolommen, start=1):
        letter = get_column_letter(c)
        if k.soort == "keuze":
            _choice_list(ws, f"{letter}2:{letter}{tot}", k.keuzes)
        elif k.soort in ("janee", "waarheid"):
            _choice_list(ws, f"{letter}2:{letter}{tot}", ("ja", "nee"))
        elif k.naam == "ronde" and soort.startswith("realisatie/"):
            dv = DataValidation(
                type="list",
                formula1=f"ronde!$A$2:$A${_MAX_ROWS}",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle="Onbekende ronde",
                error="Deze ronde staat niet op het blad 'ronde'.",
            )
            dv.add(f"A2:A{tot}")
            ws.add_data_validation(dv)
        breedte = max([len(k.naam) + 2, 12] + [min(len(str(x.get(k.naam) or "")), 60)
                                                 for x in rijen])  # fmt: skip
        ws.column_dimensions[get_column_letter(c)].width = breedte


def _value_form(k: schema.Column) -> str:
    if k.soort == "keuze":
        return "een van: " + ", ".join(k.keuzes)
    return VALUE_FORMS.get(k.soort, "vrije tekst")


def _sheet_jaarplan(ws: Worksheet, rijen: list[tuple[str, Any]]) -> None:
    _header(ws, ["sleutel", "waarde", "uitleg"], {
        "sleutel": "naam van het gegeven; niet wijzigen (nieuwe sleutels: zie blad uitleg)",
        "waarde": "de waarde; leeg = niet ingevuld",
    })  # fmt: skip
    uitleg = {p: t for p, t in JAARPLAN_ROWS}
    for r, (sleutel, waarde) in enumerate(rijen, start=2):
        ws.cell(row=r, column=1, value=sleutel).font = Font(bold=True)
        soort = _key_kind(sleutel)
        _set_cell(ws, r, 2, waarde, soort)
        tekst = uitleg.get(re.sub(r"\[\d+\]", "[#]", sleutel), "")
        vorm = VALUE_FORMS.get(soort) if soort != "tekst" else None
        ws.cell(row=r, column=3, value=f"{tekst} ({vorm})" if vorm and tekst else tekst)
        if sleutel == "sector":
            _choice_list(ws, f"B{r}", SECTORS)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 50
    ws.column_dimensions["C"].width = 80


def _sheet_explanation(ws: Worksheet) -> None:
    algemeen = [
        "Uitleg bij dit werkboek (evalkit)",
        "Elk blad is één bestand van de jaarplanmap; de eerste regel bevat de kolomnamen: "
        "niet wijzigen. Lege regels worden overgeslagen.",
        "Bedragen, getallen en datums mogen zoals u ze typt: € 200.000, 1.234,56, 1-10-2023, "
        "1 oktober 2023, of als getal- of datumcel. Formules mogen, als Excel de uitkomst "
        "heeft opgeslagen (sla het bestand op in Excel).",
        "Blad 'jaarplan': één gegeven per regel (sleutel en waarde). Blad 'ronde': één regel "
        "per evaluatieronde; de realisatiebladen verwijzen er met de kolom 'ronde' naar.",
        "Inlezen: evalkit import <bestand>.xlsx. Het bestand wordt eerst volledig "
        "gecontroleerd; bij fouten wordt niets weggeschreven en krijgt u blad, rij en kolom.",
        "Werkboeken met macro's (.xlsm) worden geweigerd.",
    ]
    for r, tekst in enumerate(algemeen, start=1):
        ws.cell(row=r, column=1, value=tekst).font = Font(bold=r == 1)
    kop = len(algemeen) + 2
    namen = ["blad", "kolom", "verplicht", "betekenis", "toegestane invoer"]
    for c, naam in enumerate(namen, start=1):
        cel = ws.cell(row=kop, column=c, value=naam)
        cel.font = Font(bold=True)
        cel.fill = _HEADER_FILL
    regels: list[tuple[str, str, str, str, str]] = []
    verplicht = {"id", "naam", "organisatie", "sector", "periode.start", "periode.eind"}
    for sleutel, tekst in JAARPLAN_ROWS:
        soort = _key_kind(sleutel)
        vorm = "een van: " + ", ".join(SECTORS) if sleutel == "sector" else VALUE_FORMS[soort]
        regels.append(("jaarplan", sleutel, "ja" if sleutel in verplicht else "nee", tekst, vorm))
    bladen = [(b, s, schema.FILES[s]) for b, s in TABLE_SHEETS.items()]
    bladen.append(("ronde", "ronde", RONDE_COLUMNS))
    bladen += [(b, s, (RONDE_COLUMN, *schema.FILES[s])) for b, s in REALISATION_SHEETS.items()]
    for blad, soort, kolommen in bladen:
        uitleg = EXPLANATION.get(soort, {})
        for k in kolommen:
            tekst = uitleg.get(k.naam) or (EXPLANATION["ronde_kolom"] if k.naam == "ronde" else "")
            regels.append((blad, k.naam, "ja" if k.verplicht else "nee", tekst, _value_form(k)))
    for r, regel in enumerate(regels, start=kop + 1):
        for c, waarde in enumerate(regel, start=1):
            cel = ws.cell(row=r, column=c, value=waarde)
            cel.alignment = Alignment(wrap_text=c >= 4, vertical="top")
    for letter, breedte in zip("ABCDE", (22, 30, 10, 70, 45), strict=True):
        ws.column_dimensions[letter].width = breedte


def workbook_bytes(wb: Workbook) -> bytes:
    """Serialise a workbook deterministically: no timestamps in the properties or the zip."""
    wb.properties.creator = "evalkit"
    wb.properties.lastModifiedBy = None
    ruw = io.BytesIO()
    wb.save(ruw)
    uit = io.BytesIO()
    with zipfile.ZipFile(ruw) as zin, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>", b"", data)
            vast = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            vast.compress_type = zipfile.ZIP_DEFLATED
            vast.external_attr = 0o644 << 16
            zout.writestr(vast, data)
    return uit.getvalue()


def write_atomic(bestand: Path, inhoud: bytes) -> None:
    """Write the workbook atomically; a Dutch UitvoerFout when the folder is not writable."""
    try:
        files.write_atomic(bestand, inhoud)
    except OSError as exc:
        raise OutputError(f"{bestand} kan niet geschreven worden ({os_reason(exc)}).") from None


# --- import ---------------------------------------------------------------------------------


@dataclass
class _File:
    """A file to write into the new jaarplan folder, with where each line came from."""

    tekst: str
    blad: str
    herkomst: dict[int, int] = field(default_factory=dict)  # csv line -> sheet row
    sleutels: dict[str, int] = field(default_factory=dict)  # yaml key -> sheet row
    sleutelkolom: bool = False  # yaml problems: report the key as the column (sheet ronde)


@dataclass
class _Import:
    """What was read from a workbook: files to write and the problems found on the way."""

    werkboek: str
    problemen: list[Problem] = field(default_factory=list)
    files: dict[str, _File] = field(default_factory=dict)
    plan_id: str | None = None
    volledig: bool = False  # every sheet was read, so the files can be written and validated

    def fout(self, blad: str, rij: int | None, kolom: str | None, melding: str) -> None:
        self.problemen.append(Problem(f"{self.werkboek}, blad '{blad}'", rij, kolom, melding))


def import_workbook(
    bestand: Path | str, data_dir: Path | str | None = None, overschrijf: bool = False
) -> int:
    """Import a filled workbook as the folder data/<id>/; returns 0 (the CLI exit code).

    Every cell goes through the same readers as the CSV files and is written in canonical
    form (ISO dates, plain numbers). The new folder is written next to the target, validated
    as a whole, and only then renamed into place; on any problem nothing is written and a
    ValidatieFout lists the problems by sheet, row and column. An existing folder is only
    replaced with overschrijf=True (its tekst/ folder is kept); the replaced folder is kept as
    a backup in data/.evalkit-backup/<id>-<n>/. A data folder that is not writable is a Dutch
    ImportFout and changes nothing.
    """
    bestand = Path(bestand)
    basis = Path(data_dir) if data_dir else paths.DATA_DIR
    _check_workbook_file(bestand)
    if not basis.is_dir():
        raise ExcelImportError(f"De data-map {basis} bestaat niet.")
    imp = read_workbook(bestand)
    if not imp.volledig:
        raise ValidationError(sorted(imp.problemen, key=_order))
    doel = basis / (imp.plan_id or "")
    if imp.plan_id and doel.exists() and not overschrijf:
        raise ExcelImportError(
            f"{doel} bestaat al; gebruik --overschrijf om de map te vervangen "
            "(de huidige map blijft bewaard tot de nieuwe klaarstaat)."
        )
    try:
        werkmap = Path(tempfile.mkdtemp(prefix=".evalkit-import-", dir=basis))
    except OSError as exc:
        raise ExcelImportError(
            f"Kan niet schrijven in de data-map {basis} ({os_reason(exc)}); er is niets "
            "geïmporteerd."
        ) from None
    backup = None
    try:
        # Without a usable id the rest is still validated (in a folder with a stand-in name),
        # so every problem is reported in one run; nothing is moved into place then.
        nieuw = werkmap / (imp.plan_id or "zonder-id")
        try:
            for relatief, b in imp.files.items():
                pad = nieuw / relatief
                pad.parent.mkdir(parents=True, exist_ok=True)
                pad.write_text(b.tekst, encoding="utf-8", newline="")
        except OSError as exc:
            raise ExcelImportError(
                f"Kan de nieuwe map niet schrijven in {basis} ({os_reason(exc)}); er is niets "
                "geïmporteerd."
            ) from None
        # All problems in one run: those found while reading cells, then those the validation
        # finds, except where a cell was already reported (a cell that could not be read is
        # written as typed, so the validation would report it a second time).
        gemeld = {(p.bestand, p.rij, p.kolom) for p in imp.problemen}
        problemen = imp.problemen + [
            p
            for p in (_translate_back(imp, q) for q in validate(nieuw))
            if (p.bestand, p.rij, p.kolom) not in gemeld
        ]
        if problemen:
            raise ValidationError(sorted(problemen, key=_order))
        assert imp.plan_id is not None  # a missing or bad id is one of the problems
        behouden = ""
        try:
            if doel.exists() and (doel / "tekst").is_dir():
                shutil.copytree(doel / "tekst", nieuw / "tekst")
                behouden = " De map tekst/ van de bestaande map is behouden."
        except OSError as exc:
            raise ExcelImportError(
                f"De map tekst/ van {doel} kan niet gekopieerd worden ({os_reason(exc)}); er is "
                "niets geïmporteerd."
            ) from None
        backup = _move_into_place(nieuw, doel, basis)
    finally:
        shutil.rmtree(werkmap, ignore_errors=True)
    telling = _counts(imp)
    print(f"Jaarplan '{imp.plan_id}' geïmporteerd naar {doel}: {telling}.{behouden}")
    if backup is not None:
        print(f"De vorige map is bewaard als {backup}.")
    return 0


def _check_workbook_file(bestand: Path) -> None:
    """Refuse anything but a macro-free .xlsx before opening it."""
    if bestand.suffix.lower() in MACRO_EXTENSIONS:
        raise ExcelImportError(
            f"{bestand.name}: werkboeken met macro's ({bestand.suffix}) worden niet ingelezen; "
            "sla het bestand op als 'Excel-werkmap (*.xlsx)'."
        )
    if bestand.suffix.lower() != ".xlsx":
        raise ExcelImportError(
            f"{bestand.name}: alleen Excel-werkmappen (.xlsx) kunnen worden ingelezen."
        )
    if not bestand.is_file():
        raise ExcelImportError(f"{bestand} bestaat niet.")
    try:
        with open(bestand, "rb"):
            pass
    except OSError as exc:
        raise ExcelImportError(
            f"{bestand.name} kan niet gelezen worden ({os_reason(exc)})."
        ) from None
    if not zipfile.is_zipfile(bestand):
        raise ExcelImportError(f"{bestand.name} is geen geldig .xlsx-bestand.")
    try:
        with zipfile.ZipFile(bestand) as z:
            namen = [n.lower() for n in z.namelist()]
            try:
                typen = z.read("[Content_Types].xml").decode("utf-8", "replace").lower()
            except KeyError:
                typen = ""
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        raise ExcelImportError(
            f"{bestand.name} is geen geldig .xlsx-bestand (beschadigd)."
        ) from None
    if (
        any(n.endswith("vbaproject.bin") or n.startswith("xl/macrosheets/") for n in namen)
        or "macroenabled" in typen
    ):
        raise ExcelImportError(
            f"{bestand.name} bevat macro's en wordt niet ingelezen; sla het bestand op als "
            "'Excel-werkmap (*.xlsx)' zonder macro's."
        )


_DAMAGED = (
    "{naam} kan niet gelezen worden als Excel-werkmap: het bestand is beschadigd of geen echte "
    ".xlsx; open het in Excel en sla het opnieuw op als 'Excel-werkmap (*.xlsx)'."
)


def read_workbook(bestand: Path) -> _Import:
    """Read a filled template into files (canonical text) and sheet-located problems."""
    imp = _Import(bestand.name)
    try:
        wb_formules = load_workbook(bestand, data_only=False)
        wb = load_workbook(bestand, data_only=True)
    except OSError as exc:
        if exc.errno is not None:  # a real file system error (openpyxl's own are OSErrors too)
            raise ExcelImportError(
                f"{bestand.name} kan niet gelezen worden ({os_reason(exc)})."
            ) from None
        raise ExcelImportError(_DAMAGED.format(naam=bestand.name)) from None
    except Exception:  # openpyxl raises many kinds on damaged files
        raise ExcelImportError(_DAMAGED.format(naam=bestand.name)) from None
    bladen = {ws.title.strip().lower(): ws for ws in wb.worksheets}
    for naam, ws in bladen.items():
        if naam not in SHEETS:
            imp.fout(ws.title, None, None, f"onbekend blad; verwacht: {', '.join(SHEETS)}")
    for naam in REQUIRED_SHEETS:
        if naam not in bladen:
            imp.fout(naam, None, None, "blad ontbreekt")
    if imp.problemen:
        return imp
    _check_formulas(imp, wb, wb_formules)
    _read_jaarplan_sheet(imp, bladen["jaarplan"])
    for blad, soort in TABLE_SHEETS.items():
        if blad in bladen:
            kop, rijen = _read_table(imp, bladen[blad], {k.naam: k for k in schema.FILES[soort]})
            if rijen or soort in schema.REQUIRED_FILES:
                imp.files[soort] = _csv(blad, kop, rijen)
    rondes, ongeldig = _read_ronde_sheet(imp, bladen.get("ronde"))
    for blad, soort in REALISATION_SHEETS.items():
        kolommen = {k.naam: k for k in (RONDE_COLUMN, *schema.FILES[soort])}
        ws = bladen.get(blad)
        kop, rijen = _read_table(imp, ws, kolommen) if ws is not None else ([], [])
        if ws is not None and rijen and "ronde" not in kop:
            imp.fout(blad, 1, "ronde", "kolom 'ronde' ontbreekt (de ronde van elke regel)")
            continue
        if not kop:
            kop = [k.naam for k in kolommen.values()]
        per_ronde: dict[str, list[tuple[int, dict]]] = {r: [] for r in rondes}
        for rij, waarden_ in rijen:
            ronde = waarden_.get("ronde", "")
            if not ronde:
                imp.fout(blad, rij, "ronde", "leeg; vul de ronde in (blad ronde)")
            elif ronde in ongeldig:
                continue  # the round itself is reported on the sheet ronde
            elif ronde not in rondes:
                bekend = ", ".join(rondes) or "geen"
                imp.fout(blad, rij, "ronde", f"onbekende ronde '{ronde}'; bekend: {bekend}")
            else:
                per_ronde[ronde].append((rij, waarden_))
        csvkop = [k for k in kop if k != "ronde"]
        for ronde, rijen_ronde in per_ronde.items():
            naam = soort.split("/")[1]
            if rijen_ronde or soort in schema.REQUIRED_RONDE_FILES:
                imp.files[f"realisatie/{ronde}/{naam}"] = _csv(blad, csvkop, rijen_ronde)
    imp.volledig = True
    return imp


def _check_formulas(imp: _Import, wb: Workbook, wb_formules: Workbook) -> None:
    for ws in wb_formules.worksheets:
        if ws.title.strip().lower() == "uitleg":
            continue
        waarden_ws = wb[ws.title]
        for rij in ws.iter_rows():
            for cel in rij:
                if cel.data_type == "f" and waarden_ws[cel.coordinate].value is None:
                    imp.fout(
                        ws.title,
                        cel.row,
                        _column_name(ws, cel.column),
                        "formule zonder opgeslagen uitkomst; open en sla het bestand op in "
                        "Excel, of vul de waarde zelf in",
                    )


def _column_name(ws: Worksheet, kolom: int) -> str:
    """Name of a column for messages: its header (or the key column on sheet jaarplan)."""
    if ws.title.strip().lower() == "jaarplan":
        return "waarde" if kolom == 2 else get_column_letter(kolom)
    kop = ws.cell(row=1, column=kolom).value
    return str(kop).strip() if kop not in (None, "") else get_column_letter(kolom)


def _cell_text(waarde: Any, soort: str) -> str:
    """Canonical CSV text of one cell (raises WaardeFout with a Dutch message)."""
    if waarde is None:
        return ""
    if isinstance(waarde, str):
        s = waarde.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not s:
            return ""
        if s in EXCEL_ERRORS:
            raise values.CellValueError(f"de cel bevat de Excel-fout {s}")
        if soort == "getal":
            return values.canonical_number(values.read_number(s))
        if soort == "bedrag":
            return values.canonical_number(values.read_amount(s))
        if soort == "datum":
            return values.read_date(s).isoformat()
        if soort == "lijst":
            return ",".join(values.read_list(s))
        if soort in ("janee", "keuze"):
            return s.lower()
        return s
    if isinstance(waarde, bool):
        if soort in ("janee", "waarheid"):
            return "ja" if waarde else "nee"
        raise values.CellValueError("een WAAR/ONWAAR-cel is hier geen geldige waarde")
    if isinstance(waarde, datetime | date):
        d = waarde.date() if isinstance(waarde, datetime) else waarde
        if soort in ("datum", "tekst"):
            return d.isoformat()
        raise values.CellValueError(f"een datum ({d.isoformat()}), maar hier hoort geen datum")
    if isinstance(waarde, time):
        raise values.CellValueError("een tijd, geen datum of getal")
    if isinstance(waarde, int | float):
        if soort == "datum":
            raise values.CellValueError(
                f"het getal {values.canonical_number(waarde)} is geen datum; typ 1-10-2023 of "
                "maak er een datumcel van"
            )
        if soort == "janee":
            raise values.CellValueError(f"'{values.canonical_number(waarde)}' is geen ja/nee")
        return values.canonical_number(round(waarde, 2) if soort == "bedrag" else waarde)
    return str(waarde).strip()


def _raw(waarde: Any) -> str:
    """A cell as typed (for a value that could not be read: written as is, reported once)."""
    if waarde is None:
        return ""
    return str(waarde).replace("\r\n", "\n").replace("\r", "\n").strip()


def _read_table(
    imp: _Import, ws: Worksheet, kolommen: dict[str, schema.Column]
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and non-empty rows (sheet row, column -> canonical text) of a table sheet."""
    alle = list(ws.iter_rows(values_only=True))
    if not alle:
        return [], []
    kop_ruw = list(alle[0])
    while kop_ruw and kop_ruw[-1] in (None, ""):
        kop_ruw.pop()
    kop = []
    for c, k in enumerate(kop_ruw, start=1):
        naam = str(k).strip() if k not in (None, "") else ""
        if not naam:
            imp.fout(ws.title, 1, get_column_letter(c), "kolom zonder naam in de kopregel")
        kop.append(naam)
    rijen = []
    for r, cellen in enumerate(alle[1:], start=2):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cellen):
            continue
        waarden_: dict[str, str] = {}
        for c, waarde in enumerate(cellen, start=1):
            if c > len(kop):
                if waarde not in (None, ""):
                    imp.fout(ws.title, r, get_column_letter(c), "waarde in een kolom zonder naam")
                continue
            naam = kop[c - 1]
            if not naam:
                continue
            soort = kolommen[naam].soort if naam in kolommen else "tekst"
            try:
                waarden_[naam] = _cell_text(waarde, soort)
            except values.CellValueError as exc:
                imp.fout(ws.title, r, naam, str(exc))
                waarden_[naam] = _raw(waarde)
        rijen.append((r, waarden_))
    return kop, rijen


def _csv(blad: str, kop: list[str], rijen: list[tuple[int, dict[str, str]]]) -> _File:
    """Semicolon CSV text, remembering which sheet row each CSV line came from."""
    kop = [k for k in kop if k]
    buf = io.StringIO()
    schrijver = csv.writer(buf, delimiter=";", lineterminator="\n")
    schrijver.writerow(kop)
    b = _File("", blad, {1: 1})
    regel = 2
    for rij, waarden_ in rijen:
        b.herkomst[regel] = rij
        begin = buf.tell()
        schrijver.writerow([waarden_.get(k, "") for k in kop])
        regel += buf.getvalue()[begin:].count("\n")
    b.tekst = buf.getvalue()
    return b


def _read_jaarplan_sheet(imp: _Import, ws: Worksheet) -> None:
    """The key/value sheet `jaarplan` -> jaarplan.yaml (and the plan id)."""
    rijen: list[tuple[str, Any, int]] = []
    gezien: dict[str, int] = {}
    for r, cellen in enumerate(ws.iter_rows(min_row=2, max_col=2, values_only=True), start=2):
        sleutel_ruw, waarde = [*cellen, None, None][:2]
        sleutel = str(sleutel_ruw).strip() if sleutel_ruw is not None else ""
        if not sleutel:
            if waarde not in (None, ""):
                imp.fout(ws.title, r, "sleutel", "waarde zonder sleutel")
            continue
        if not _KEY.match(sleutel):
            imp.fout(ws.title, r, "sleutel", f"'{sleutel}' is geen geldige sleutel")
            continue
        if sleutel in gezien:
            imp.fout(ws.title, r, "sleutel", f"'{sleutel}' staat al in rij {gezien[sleutel]}")
            continue
        gezien[sleutel] = r
        soort = _key_kind(sleutel)
        try:
            tekst = _cell_text(waarde, "tekst" if soort == "aandeel" else soort)
            if not tekst:
                continue
            if soort == "datum":
                rijen.append((sleutel, date.fromisoformat(tekst), r))
            elif soort == "aandeel":
                rijen.append((sleutel, _share(waarde), r))
            else:
                rijen.append((sleutel, tekst, r))
        except values.CellValueError as exc:
            imp.fout(ws.title, r, "waarde", f"{sleutel}: {exc}")
            rijen.append((sleutel, _raw(waarde), r))  # as typed; not reported twice
    boom = _unflatten(imp, ws.title, rijen)
    plan_id = boom.get("id")
    if not plan_id:
        imp.fout(ws.title, gezien.get("id"), "waarde", "id: verplicht (de naam van de map)")
    elif not isinstance(plan_id, str) or not PLAN_ID_PATTERN.match(plan_id):
        imp.fout(
            ws.title,
            gezien.get("id"),
            "waarde",
            f"id: '{plan_id}' is geen geldige jaarplan-id (kleine letters, cijfers en '-')",
        )
    else:
        imp.plan_id = plan_id
    imp.files["jaarplan.yaml"] = _File(_yaml(boom), ws.title, sleutels=gezien)


def _share(waarde: Any) -> float:
    if isinstance(waarde, bool):
        raise values.CellValueError("een WAAR/ONWAAR-cel is geen percentage")
    if isinstance(waarde, int | float):
        if not 0 <= waarde <= 1:
            raise values.CellValueError(
                f"'{values.canonical_number(waarde)}' is geen aandeel tussen 0 en 1 "
                "(schrijf 12% of 0,12)"
            )
        return float(waarde)
    return values.read_share(str(waarde))


def _unflatten(imp: _Import, blad: str, rijen: list[tuple[str, Any, int]]) -> dict:
    """Build nested YAML data from key paths ('normen.extra[1].id'); lists from indices."""
    boom: dict = {}
    for sleutel, waarde, r in rijen:
        stappen: list[str | int] = []
        for deel in sleutel.split("."):
            m = re.fullmatch(r"(\w+)(?:\[(\d+)\])?", deel)
            assert m is not None  # guaranteed by _SLEUTEL
            stappen.append(m[1])
            if m[2]:
                stappen.append(int(m[2]))
        knoop = boom
        conflict = False
        for stap, volgende in itertools.pairwise(stappen):
            knoop = knoop.setdefault(stap, {})
            if not isinstance(knoop, dict) or (
                knoop and isinstance(next(iter(knoop)), int) != isinstance(volgende, int)
            ):
                conflict = True
                break
        if conflict or stappen[-1] in knoop:
            imp.fout(blad, r, "sleutel", f"'{sleutel}' botst met een andere sleutel")
            continue
        knoop[stappen[-1]] = waarde
    return _lists(boom)


def _lists(knoop: Any) -> Any:
    if isinstance(knoop, dict):
        if knoop and all(isinstance(k, int) for k in knoop):
            return [_lists(knoop[i]) for i in sorted(knoop)]
        return {k: _lists(w) for k, w in knoop.items()}
    return knoop


def _yaml(data: dict) -> str:
    return yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )


def _read_ronde_sheet(imp: _Import, ws: Worksheet | None) -> tuple[list[str], set[str]]:
    """The sheet `ronde` -> realisatie/<id>/ronde.yaml per round.

    Returns the valid round ids and the ids that were rejected (rows of the realisation
    sheets that refer to those are not reported again).
    """
    if ws is None:
        return [], set()
    kolommen = {k.naam: k for k in RONDE_COLUMNS}
    kop, rijen = _read_table(imp, ws, kolommen)
    rondes: dict[str, int] = {}
    ongeldig: set[str] = set()
    for r, w in rijen:
        rid = w.get("id", "")
        if not rid:
            imp.fout(ws.title, r, "id", "leeg, maar een id is verplicht")
            continue
        if not ID_PATTERN.match(rid):
            imp.fout(ws.title, r, "id", f"'{rid}' is geen geldige id (letters, cijfers, '-', '_')")
            ongeldig.add(rid)
            continue
        if rid in rondes:
            imp.fout(ws.title, r, "id", f"ronde '{rid}' staat al in rij {rondes[rid]}")
            continue
        rondes[rid] = r
        data: dict[str, Any] = {}
        for naam in kop:
            tekst = w.get(naam, "")
            if not naam or not tekst:
                continue
            if naam == "peildatum" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", tekst):
                data[naam] = date.fromisoformat(tekst)
            elif naam == "voorbeelddata":
                if tekst.lower() in ("ja", "nee", "true", "false", "waar", "onwaar"):
                    data[naam] = tekst.lower() in ("ja", "true", "waar")
                else:
                    imp.fout(ws.title, r, naam, f"'{tekst}' moet ja of nee zijn")
                    data[naam] = tekst  # as typed; the validation does not report it twice
            else:
                data[naam] = tekst
        imp.files[f"realisatie/{rid}/ronde.yaml"] = _File(
            _yaml(data), ws.title, sleutels={k: r for k in data} | {"": r}, sleutelkolom=True
        )
    return list(rondes), ongeldig


def _translate_back(imp: _Import, p: Problem) -> Problem:
    """Turn a problem in the written folder into one located in the workbook."""
    relatief = "/".join(Path(p.bestand).parts[1:])
    b = imp.files.get(relatief)
    if b is None:  # a file the workbook did not produce (e.g. a required sheet left empty)
        return Problem(imp.werkboek, None, None, f"{relatief}: {p.melding}")
    plaats = f"{imp.werkboek}, blad '{b.blad}'"
    if relatief.endswith(".csv"):
        rij = b.herkomst.get(p.rij) if p.rij is not None else None
        return Problem(plaats, rij, p.kolom, p.melding)
    sleutel = p.kolom or ""
    rij = b.sleutels.get(sleutel)
    if rij is None:
        rij = next(
            (r for k, r in b.sleutels.items() if k.startswith((f"{sleutel}.", f"{sleutel}["))), None
        )
    if rij is None and b.sleutelkolom:
        rij = b.sleutels.get("")  # sheet ronde: the row of the round
    melding = p.melding
    if melding == "verplichte sleutel ontbreekt" and rij is not None:
        melding = "leeg, maar een waarde is verplicht"  # in the workbook the row is there
    if b.sleutelkolom:
        return Problem(plaats, rij, p.kolom, melding)
    melding = f"{sleutel}: {melding}" if sleutel else melding
    return Problem(plaats, rij, "waarde" if rij is not None else None, melding)


def _order(p: Problem) -> tuple[int, int]:
    """Sort key: problems in workbook order (sheet, then row); stable within a row."""
    m = re.search(r"blad '([^']*)'", p.bestand)
    blad = m[1].strip().lower() if m else ""
    return (SHEETS.index(blad) if blad in SHEETS else len(SHEETS), p.rij or 0)


BACKUP_DIR = ".evalkit-backup"


def backup_path(basis: Path, plan_id: str) -> Path:
    """The next free backup folder for a plan: <data>/.evalkit-backup/<id>-<n>/ (n from 1)."""
    n = 1
    while (basis / BACKUP_DIR / f"{plan_id}-{n}").exists():
        n += 1
    return basis / BACKUP_DIR / f"{plan_id}-{n}"


def _move_into_place(nieuw: Path, doel: Path, basis: Path) -> Path | None:
    """Rename the new folder into place; a replaced folder is moved to a backup folder.

    Returns the backup folder (None when there was no old folder). On any error the old
    folder is back in place and an ImportFout says why.
    """
    try:
        if not doel.exists():
            os.rename(nieuw, doel)
            return None
        backup = backup_path(basis, doel.name)
        backup.parent.mkdir(exist_ok=True)
        os.rename(doel, backup)
    except OSError as exc:
        raise ExcelImportError(
            f"{doel} kan niet vervangen worden ({os_reason(exc)}); er is niets gewijzigd."
        ) from None
    try:
        os.rename(nieuw, doel)
    except OSError as exc:
        reden = os_reason(exc)
        try:
            os.rename(backup, doel)
            with contextlib.suppress(OSError):
                backup.parent.rmdir()  # only when empty: no backup was made after all
        except OSError:
            raise ExcelImportError(
                f"{doel} kan niet vervangen worden ({reden}); de vorige map staat in {backup}."
            ) from None
        raise ExcelImportError(
            f"{doel} kan niet vervangen worden ({reden}); er is niets gewijzigd."
        ) from None
    return backup


def _counts(imp: _Import) -> str:
    def n(relatief: str) -> int:
        b = imp.files.get(relatief)
        return len(b.herkomst) - 1 if b else 0

    rondes = sum(1 for k in imp.files if k.endswith("ronde.yaml"))
    return (
        f"{n('themas.csv')} thema's, {n('doelen.csv')} doelen, "
        f"{n('activiteiten.csv')} activiteiten, {n('indicatoren.csv')} indicatoren, "
        f"{rondes} {'ronde' if rondes == 1 else 'rondes'}"
    )
