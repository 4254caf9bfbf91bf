"""Writing the Excel template (.xlsx), empty or filled from a jaarplan."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evalkit import files
from evalkit.data import schema, values, write
from evalkit.data.load import load_jaarplan
from evalkit.data.model import SECTORS, Jaarplan
from evalkit.data.yamlio import load_yaml
from evalkit.errors import OutputError, os_reason
from evalkit.tools.excel_layout import (
    EXPLANATION,
    JAARPLAN_ROWS,
    REALISATION_SHEETS,
    REFERENCES,
    REQUIRED_SHEETS,
    RONDE_COLUMN,
    RONDE_COLUMNS,
    SHEET_EXPLANATION,
    TABLE_SHEETS,
    VALUE_FORMS,
    key_kind,
    key_pattern,
    key_required,
)

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# A named font: without a name LibreOffice shows a bold header in its default serif font.
_FONT_NAME = "Calibri"
_HEADER_FONT = Font(name=_FONT_NAME, bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_MAX_ROWS = 1000  # rows covered by the drop-down lists of an empty template
_TEXT_WIDTH = (30, 50)  # narrowest and widest column of free text (wrapped)


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
        ruw = load_yaml((plan.map / "jaarplan.yaml").read_text(encoding="utf-8"))[0]
        # jaarplan.yaml as the canonical writer writes it (norms with their bronnen, a bron
        # as bestand), plus what the model does not hold
        meta = write.jaarplan_data(plan, write.kept_yaml(ruw))
    inhoud = workbook_bytes(make_template(plan, meta))
    write_atomic(bestand, inhoud)
    return bestand


def make_template(plan: Jaarplan | None = None, meta: dict | None = None) -> Workbook:
    """Build the template workbook; with a plan (and its jaarplan.yaml content, as
    write.jaarplan_data gives it) it is filled in."""
    wb = Workbook()
    wb.remove(wb.active)
    _sheet_jaarplan(wb.create_sheet("jaarplan"), _jaarplan_rows(meta))
    tabellen = {s: _model_rows(plan, s) if plan else [] for s in TABLE_SHEETS.values()}
    tabellen |= {s: _model_rows(plan, s) if plan else [] for s in REALISATION_SHEETS.values()}
    # The drop-downs that refer to another sheet cover its rows and room for more.
    reik = max([_MAX_ROWS] + [len(r) + 500 for r in tabellen.values()])
    for blad, soort in TABLE_SHEETS.items():
        _table_sheet(wb.create_sheet(blad), soort, schema.FILES[soort], tabellen[soort], reik)
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
    _table_sheet(wb.create_sheet("ronde"), "ronde", RONDE_COLUMNS, ronderijen, reik)
    for blad, soort in REALISATION_SHEETS.items():
        kolommen = (RONDE_COLUMN, *schema.FILES[soort])
        _table_sheet(wb.create_sheet(blad), soort, kolommen, tabellen[soort], reik)
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
            if soort == "realisatie/begroting.csv":
                rijen += [{"ronde": ronde.id, **r} for r in write.budget_rows(ronde)]
                continue
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
        "langetermijndoelen.csv": plan.langetermijndoelen,
        "begroting.csv": plan.begroting,
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
        _text(ws, rij, kolom, ", ".join(waarde) if isinstance(waarde, tuple) else waarde)


def _text(ws: Worksheet, rij: int, kolom: int, tekst: object) -> Any:
    """Write text as a string cell: text that starts with '=' stays text, never a formula."""
    cel = ws.cell(row=rij, column=kolom)
    cel.value = ILLEGAL_CHARACTERS_RE.sub("", str(tekst))
    cel.data_type = "s"
    return cel


def _header(ws: Worksheet, namen: list[str], uitleg: dict[str, str], rij: int = 1) -> None:
    """The header row: named bold font, fill, a note per column; frozen and printed per page."""
    for i, naam in enumerate(namen, start=1):
        cel = _text(ws, rij, i, naam)
        cel.font = _HEADER_FONT
        cel.fill = _HEADER_FILL
        if uitleg.get(naam):
            cel.comment = Comment(uitleg[naam], "evalkit", width=300, height=90)
    ws.freeze_panes = f"A{rij + 1}"
    _print_setup(ws, rij)


def _print_setup(ws: Worksheet, kop_rij: int) -> None:
    """A4 landscape, fit to one page wide, the header row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{kop_rij}:{kop_rij}"


def _wrap_column(ws: Worksheet, kolom: int, breedte: float) -> None:
    """A column of long text: a fixed width, wrapped (also for rows typed in later)."""
    letter = get_column_letter(kolom)
    ws.column_dimensions[letter].width = breedte
    ws.column_dimensions[letter].alignment = _WRAP
    for (cel,) in ws.iter_rows(min_row=2, min_col=kolom, max_col=kolom):
        cel.alignment = _WRAP


def _row_heights(ws: Worksheet, kolommen: list[int]) -> None:
    """Rows as tall as their wrapped text: LibreOffice and Excel keep a stored file's heights.

    The number of lines is estimated from the column width (in characters) and the text.
    """
    breedte = {c: ws.column_dimensions[get_column_letter(c)].width or 10 for c in kolommen}
    for rij in ws.iter_rows(min_row=2):
        regels = 1
        for cel in rij:
            if cel.column in breedte and isinstance(cel.value, str):
                per_regel = max(1, int(breedte[cel.column] * 1.1))
                regels = max(regels, sum(-(-len(t) // per_regel) or 1
                                         for t in cel.value.split("\n")))  # fmt: skip
        if regels > 1:
            ws.row_dimensions[rij[0].row].height = 15 * min(regels, 20)


def _choice_list(
    ws: Worksheet, bereik: str, keuzes: tuple[str, ...], meerdere: bool = False
) -> None:
    """A drop-down of fixed choices; with `meerdere` a cell may hold several, so 'a,b' is
    allowed after a warning (Excel's list check would refuse it)."""
    lijst = ", ".join(keuzes)
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(keuzes) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Ongeldige waarde",
        error="Kies een waarde uit de lijst: " + lijst,
        promptTitle="Keuzelijst",
        prompt="Kies uit: " + lijst,
    )
    if meerdere:
        dv.errorStyle = "warning"
        dv.errorTitle = "Meer dan één keuze?"
        dv.error = "Meer dan één keuze mag, met komma's ertussen. Kies verder uit: " + lijst
        dv.prompt = f"Kies uit: {lijst}. Meer dan één: met komma's ertussen"
    dv.add(bereik)
    ws.add_data_validation(dv)


def _reference_list(ws: Worksheet, bereik: str, blad: str, reik: int) -> None:
    """A drop-down of the ids on another sheet; another value gets a warning, not a refusal."""
    dv = DataValidation(
        type="list",
        formula1=f"{blad}!$A$2:$A${reik}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Onbekende id",
        error=f"Deze id staat niet op het blad '{blad}'.",
    )
    dv.add(bereik)
    ws.add_data_validation(dv)


def _table_sheet(
    ws: Worksheet,
    soort: str,
    kolommen: tuple[schema.Column, ...],
    rijen: list[dict],
    reik: int,
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
            _choice_list(ws, f"{letter}2:{letter}{tot}", k.keuzes, k.meerdere)
        elif k.soort in ("janee", "waarheid"):
            _choice_list(ws, f"{letter}2:{letter}{tot}", ("ja", "nee"))
        elif (soort, k.naam) in REFERENCES:
            _reference_list(ws, f"{letter}2:{letter}{tot}", REFERENCES[soort, k.naam], reik)
        langste = max([0] + [len(str(x.get(k.naam) or "")) for x in rijen])
        if k.soort == "tekst":
            laag, hoog = _TEXT_WIDTH
            _wrap_column(ws, c, min(hoog, max(laag, len(k.naam) + 2, langste)))
        else:
            ws.column_dimensions[letter].width = max(len(k.naam) + 2, 12, min(langste, 60))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(kolommen))}{len(rijen) + 1}"
    _row_heights(ws, [c for c, k in enumerate(kolommen, start=1) if k.soort == "tekst"])


def _value_form(k: schema.Column) -> str:
    if k.soort == "keuze" and k.meerdere:
        return "een of meer van: " + ", ".join(k.keuzes) + " (gescheiden door komma's)"
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
        _text(ws, r, 1, sleutel).font = _HEADER_FONT
        soort = key_kind(sleutel)
        _set_cell(ws, r, 2, waarde, soort)
        tekst = uitleg.get(key_pattern(sleutel), "")
        vorm = VALUE_FORMS.get(soort) if soort != "tekst" else None
        if tekst:
            tekst = f"{tekst} (verplicht)" if key_required(sleutel) else tekst
            _text(ws, r, 3, f"{tekst} ({vorm})" if vorm else tekst)
        if sleutel == "sector":
            _choice_list(ws, f"B{r}", SECTORS)
        elif soort == "waarheid":
            _choice_list(ws, f"B{r}", ("ja", "nee"))
    ws.column_dimensions["A"].width = 30
    _wrap_column(ws, 2, 50)
    _wrap_column(ws, 3, 80)
    _row_heights(ws, [2, 3])


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
        "De tabel hieronder noemt per blad wat erop staat (vetgedrukte regel) en per kolom wat "
        "die betekent, of hij verplicht is en wat u mag invullen.",
    ]
    for r, tekst in enumerate(algemeen, start=1):
        _text(ws, r, 1, tekst).font = Font(name=_FONT_NAME, bold=r == 1)
    kop = len(algemeen) + 2
    _header(ws, ["blad", "kolom", "verplicht", "betekenis", "toegestane invoer"], {}, kop)
    ws.freeze_panes = None  # the lines above the table stay scrollable
    for r, regel in enumerate(_explanation_rows(), start=kop + 1):
        for c, waarde in enumerate(regel, start=1):
            if not waarde:
                continue
            cel = _text(ws, r, c, waarde)
            cel.alignment = Alignment(wrap_text=c >= 4, vertical="top")
            if not regel[1]:  # the row of a sheet: a heading above its columns
                cel.font = _HEADER_FONT
    for letter, breedte in zip("ABCDE", (22, 30, 10, 70, 45), strict=True):
        ws.column_dimensions[letter].width = breedte
    _row_heights(ws, [4, 5])


def _explanation_rows() -> list[tuple[str, str, str, str, str]]:
    """Rows (blad, kolom, verplicht, betekenis, toegestane invoer) of the sheet `uitleg`.

    Per sheet, in workbook order, first a row for the sheet itself (kolom empty; verplicht
    says whether the sheet must be present), then one row per column or key.
    """
    regels = [_sheet_row("jaarplan")]
    for sleutel, tekst in JAARPLAN_ROWS:
        soort = key_kind(sleutel)
        vorm = "een van: " + ", ".join(SECTORS) if sleutel == "sector" else VALUE_FORMS[soort]
        regels.append(("jaarplan", sleutel, "ja" if key_required(sleutel) else "nee", tekst, vorm))
    bladen = [(b, s, schema.FILES[s]) for b, s in TABLE_SHEETS.items()]
    bladen.append(("ronde", "ronde", RONDE_COLUMNS))
    bladen += [(b, s, (RONDE_COLUMN, *schema.FILES[s])) for b, s in REALISATION_SHEETS.items()]
    for blad, soort, kolommen in bladen:
        regels.append(_sheet_row(blad))
        uitleg = EXPLANATION.get(soort, {})
        for k in kolommen:
            tekst = uitleg.get(k.naam) or (EXPLANATION["ronde_kolom"] if k.naam == "ronde" else "")
            regels.append((blad, k.naam, "ja" if k.verplicht else "nee", tekst, _value_form(k)))
    regels.append(_sheet_row("uitleg"))
    return regels


def _sheet_row(blad: str) -> tuple[str, str, str, str, str]:
    verplicht = "ja" if blad in REQUIRED_SHEETS else "nee"
    return (blad, "", verplicht, SHEET_EXPLANATION.get(blad, ""), "")


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
