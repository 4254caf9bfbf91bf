"""Writing the Excel template (.xlsx), empty or filled from a jaarplan."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evalkit import files
from evalkit.data import schema, values
from evalkit.data.load import load_jaarplan
from evalkit.data.model import SECTORS, Jaarplan
from evalkit.errors import OutputError, os_reason
from evalkit.tools.excel_layout import (
    EXPLANATION,
    JAARPLAN_ROWS,
    REALISATION_SHEETS,
    RONDE_COLUMN,
    RONDE_COLUMNS,
    TABLE_SHEETS,
    VALUE_FORMS,
    key_kind,
)

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_MAX_ROWS = 1000  # rows covered by the drop-down lists of an empty template


def write_template(
    bestand: Path | str, plan_id: str | None = None, data_dir: Path | str | None = None
) -> Path:
    """Write the Excel template (.xlsx), pre-filled from a jaarplan when plan_id is given.

    The workbook has one sheet per data file, header row = the column names, drop-down lists
    for the choice columns and a sheet `uitleg`. It is written atomically and byte-for-byte
    the same for the same input. Returns the path written.
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
    return bestand


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
        soort = key_kind(sleutel)
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
        soort = key_kind(sleutel)
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
