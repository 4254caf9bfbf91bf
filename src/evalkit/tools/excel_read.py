"""Reading a filled workbook into canonical files and sheet-located problems."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evalkit.data import schema, values, write
from evalkit.data.schema import ID_PATTERN, PLAN_ID_PATTERN
from evalkit.errors import ExcelImportError, Problem, os_reason
from evalkit.tools.excel_layout import (
    EXCEL_ERRORS,
    KEY_PATTERN,
    REALISATION_SHEETS,
    REQUIRED_SHEETS,
    RONDE_COLUMN,
    RONDE_COLUMNS,
    SHEETS,
    TABLE_SHEETS,
    key_kind,
)
from evalkit.tools.excel_limits import check_sheet_sizes, has_external_links


@dataclass
class _File:
    """A file to write into the new jaarplan folder, with where each line came from."""

    tekst: str
    blad: str
    herkomst: dict[int, int] = field(default_factory=dict)  # csv line -> sheet row
    sleutels: dict[str, int] = field(default_factory=dict)  # yaml key -> sheet row
    sleutelkolom: bool = False  # yaml problems: report the key as the column (sheet ronde)


@dataclass
class WorkbookContent:
    """What was read from a workbook: files to write and the problems found on the way."""

    werkboek: str
    problemen: list[Problem] = field(default_factory=list)
    files: dict[str, _File] = field(default_factory=dict)
    plan_id: str | None = None
    volledig: bool = False  # every sheet was read, so the files can be written and validated

    def fout(self, blad: str, rij: int | None, kolom: str | None, melding: str) -> None:
        self.problemen.append(Problem(f"{self.werkboek}, blad '{blad}'", rij, kolom, melding))


_DAMAGED = (
    "{naam} kan niet gelezen worden als Excel-werkmap: het bestand is beschadigd of geen echte "
    ".xlsx; open het in Excel en sla het opnieuw op als 'Excel-werkmap (*.xlsx)'."
)


def _open(bestand: Path) -> tuple[Workbook, Workbook]:
    """The workbook with stored results and the one with formulas; Dutch errors when damaged."""
    try:
        check_sheet_sizes(bestand)
        return load_workbook(bestand, data_only=True), load_workbook(bestand, data_only=False)
    except ExcelImportError:
        raise
    except OSError as exc:
        if exc.errno is not None:  # a real file system error (openpyxl's own are OSErrors too)
            raise ExcelImportError(
                f"{bestand.name} kan niet gelezen worden ({os_reason(exc)})."
            ) from None
        raise ExcelImportError(_DAMAGED.format(naam=bestand.name)) from None
    except Exception:  # openpyxl raises many kinds on damaged files
        raise ExcelImportError(_DAMAGED.format(naam=bestand.name)) from None


def read_workbook(bestand: Path) -> WorkbookContent:
    """Read a filled template into files (canonical text) and sheet-located problems."""
    imp = WorkbookContent(bestand.name)
    wb, wb_formules = _open(bestand)
    bladen = {ws.title.strip().lower(): ws for ws in wb.worksheets}
    for naam, ws in bladen.items():
        if naam not in SHEETS:
            imp.fout(ws.title, None, None, f"onbekend blad; verwacht: {', '.join(SHEETS)}")
    for naam in REQUIRED_SHEETS:
        if naam not in bladen:
            imp.fout(naam, None, None, "blad ontbreekt")
    if imp.problemen:
        return imp
    _check_formulas(imp, wb, wb_formules, has_external_links(bestand))
    _read_jaarplan_sheet(imp, bladen["jaarplan"])
    for blad, soort in TABLE_SHEETS.items():
        if blad in bladen:
            kop, rijen = _read_table(imp, bladen[blad], {k.naam: k for k in schema.FILES[soort]})
            if rijen or soort in schema.REQUIRED_FILES:
                imp.files[soort] = _csv(blad, kop, rijen)
    rondes, ongeldig = _read_ronde_sheet(imp, bladen.get("ronde"))
    for blad, soort in REALISATION_SHEETS.items():
        _read_realisation_sheet(imp, blad, soort, bladen.get(blad), rondes, ongeldig)
    imp.volledig = True
    return imp


def _read_realisation_sheet(
    imp: WorkbookContent,
    blad: str,
    soort: str,
    ws: Worksheet | None,
    rondes: list[str],
    ongeldig: set[str],
) -> None:
    """One realisation sheet -> one file per round (realisatie/<ronde>/<file>)."""
    kolommen = {k.naam: k for k in (RONDE_COLUMN, *schema.FILES[soort])}
    kop, rijen = _read_table(imp, ws, kolommen) if ws is not None else ([], [])
    if ws is not None and rijen and "ronde" not in kop:
        imp.fout(blad, 1, "ronde", "kolom 'ronde' ontbreekt (de ronde van elke regel)")
        return
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


# A reference into another workbook as Excel stores it: [1]Blad1!A1, '[2]Blad 1'!A1:B3.
_EXTERNAL_REFERENCE = re.compile(r"\[\d+\][^!]*!")
_EXTERNAL = (
    "formule die verwijst naar een ander werkboek (externe koppeling, cel {cel}); de "
    "opgeslagen waarde wordt niet ingelezen. Vul de waarde zelf in of verbreek de koppeling "
    "(Excel: Gegevens > Koppelingen bewerken > Koppeling verbreken)"
)


def _check_formulas(
    imp: WorkbookContent, wb: Workbook, wb_formules: Workbook, extern: bool
) -> None:
    """Formula cells without a stored result or with a link to another workbook are problems.

    `extern`: the workbook holds external-link parts; when no cell refers to them (a link in
    a defined name, say) the workbook as a whole is reported.
    """
    gemeld = False
    for ws in wb_formules.worksheets:
        if ws.title.strip().lower() == "uitleg":
            continue
        waarden_ws = wb[ws.title]
        for cel in (c for rij in ws.iter_rows() for c in rij if c.data_type == "f"):
            if _EXTERNAL_REFERENCE.search(str(cel.value)):
                melding = _EXTERNAL.format(cel=cel.coordinate)
                gemeld = True
            elif waarden_ws[cel.coordinate].value is None:
                melding = (
                    "formule zonder opgeslagen uitkomst; open en sla het bestand op in "
                    "Excel, of vul de waarde zelf in"
                )
            else:
                continue
            imp.fout(ws.title, cel.row, _column_name(ws, cel.column), melding)
    if extern and not gemeld:
        imp.problemen.append(
            Problem(
                imp.werkboek,
                None,
                None,
                "de werkmap bevat koppelingen naar andere werkboeken (externe koppelingen); "
                "verbreek ze (Excel: Gegevens > Koppelingen bewerken > Koppeling verbreken) en "
                "sla het bestand opnieuw op",
            )
        )


def _column_name(ws: Worksheet, kolom: int) -> str:
    """Name of a column for messages: its header (or the key column on sheet jaarplan)."""
    if ws.title.strip().lower() == "jaarplan":
        return "waarde" if kolom == 2 else get_column_letter(kolom)
    kop = ws.cell(row=1, column=kolom).value
    return str(kop).strip() if kop not in (None, "") else get_column_letter(kolom)


def _cell_text(waarde: Any, soort: str) -> str:
    """Canonical CSV text of one cell (raises CellValueError with a Dutch message).

    The cell is read into a value (number, date, list, ja/nee) and that value is written by
    write.cell, the one canonical cell form of data/.
    """
    if isinstance(waarde, str):
        return write.cell(_text_value(waarde, soort))
    if isinstance(waarde, bool) and soort == "waarheid":
        return "ja" if waarde else "nee"  # a YAML value (ronde.yaml), not a CSV cell
    return write.cell(_typed_value(waarde, soort))


def _text_value(waarde: str, soort: str) -> Any:
    """The value of a text cell, read as a CSV cell of its kind would be."""
    s = waarde.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not s:
        return None
    if s in EXCEL_ERRORS:
        raise values.CellValueError(f"de cel bevat de Excel-fout {s}")
    readers = {
        "getal": values.read_number,
        "bedrag": values.read_amount,
        "datum": values.read_date,
        "lijst": lambda t: tuple(values.read_list(t)),
    }
    if soort in readers:
        return readers[soort](s)
    if soort == "janee":
        return {"ja": True, "nee": False}.get(s.lower(), s.lower())
    return s.lower() if soort == "keuze" else s


def _typed_value(waarde: Any, soort: str) -> Any:
    """The value of a typed cell (empty, WAAR/ONWAAR, date, time or number)."""
    if waarde is None:
        return None
    if isinstance(waarde, bool):
        if soort == "janee":
            return waarde
        raise values.CellValueError("een WAAR/ONWAAR-cel is hier geen geldige waarde")
    if isinstance(waarde, datetime | date):
        d = waarde.date() if isinstance(waarde, datetime) else waarde
        if soort in ("datum", "tekst"):
            return d
        raise values.CellValueError(f"een datum ({d.isoformat()}), maar hier hoort geen datum")
    if isinstance(waarde, time):
        raise values.CellValueError("een tijd, geen datum of getal")
    if isinstance(waarde, int | float):
        if soort == "datum":
            raise values.CellValueError(
                f"het getal {write.cell(waarde)} is geen datum; typ 1-10-2023 of "
                "maak er een datumcel van"
            )
        if soort == "janee":
            raise values.CellValueError(f"'{write.cell(waarde)}' is geen ja/nee")
        return round(waarde, 2) if soort == "bedrag" else waarde
    return str(waarde).strip()


def _raw(waarde: Any) -> str:
    """A cell as typed (for a value that could not be read: written as is, reported once)."""
    if waarde is None:
        return ""
    return str(waarde).replace("\r\n", "\n").replace("\r", "\n").strip()


def _read_table(
    imp: WorkbookContent, ws: Worksheet, kolommen: dict[str, schema.Column]
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
    """Semicolon CSV text (write.csv_table), remembering which sheet row each line came from."""
    tabel = write.csv_table([k for k in kop if k], [w for _, w in rijen])
    herkomst = {1: 1} | {regel: rij for regel, (rij, _) in zip(tabel.lines, rijen, strict=True)}
    return _File(tabel.text, blad, herkomst)


def _read_jaarplan_sheet(imp: WorkbookContent, ws: Worksheet) -> None:
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
        if not KEY_PATTERN.match(sleutel):
            imp.fout(ws.title, r, "sleutel", f"'{sleutel}' is geen geldige sleutel")
            continue
        if sleutel in gezien:
            imp.fout(ws.title, r, "sleutel", f"'{sleutel}' staat al in rij {gezien[sleutel]}")
            continue
        gezien[sleutel] = r
        try:
            gelezen = _key_value(sleutel, waarde)
        except values.CellValueError as exc:
            imp.fout(ws.title, r, "waarde", f"{sleutel}: {exc}")
            gelezen = _raw(waarde)  # as typed; not reported twice
        if gelezen not in (None, ""):
            rijen.append((sleutel, gelezen, r))
    _set_plan_id(imp, ws, _unflatten(imp, ws.title, rijen), gezien)


def _key_value(sleutel: str, waarde: Any) -> Any:
    """One row of the sheet `jaarplan`: a date, a share, ja/nee (a bool) or text (None: empty)."""
    soort = key_kind(sleutel)
    tekst = _cell_text(waarde, "tekst" if soort == "aandeel" else soort)
    if not tekst:
        return None
    if soort == "datum":
        return date.fromisoformat(tekst)
    if soort == "waarheid":
        return _yes_no(tekst)
    return _share(waarde) if soort == "aandeel" else tekst


# How a ja/nee value of a YAML file (jaarplan.yaml, ronde.yaml) may be typed in a workbook.
_YES_NO = {"ja": True, "nee": False, "true": True, "false": False, "waar": True, "onwaar": False}


def _yes_no(tekst: str) -> bool:
    """A ja/nee cell as the true/false the YAML file holds."""
    if tekst.lower() not in _YES_NO:
        raise values.CellValueError(f"'{tekst}' moet ja of nee zijn")
    return _YES_NO[tekst.lower()]


def _set_plan_id(imp: WorkbookContent, ws: Worksheet, boom: dict, gezien: dict[str, int]) -> None:
    """Check the plan id and remember jaarplan.yaml."""
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
    imp.files["jaarplan.yaml"] = _File(write.yaml_text(boom), ws.title, sleutels=gezien)


def _share(waarde: Any) -> float:
    if isinstance(waarde, bool):
        raise values.CellValueError("een WAAR/ONWAAR-cel is geen percentage")
    if isinstance(waarde, int | float):
        if not 0 <= waarde <= 1:
            raise values.CellValueError(
                f"'{write.cell(waarde)}' is geen aandeel tussen 0 en 1 (schrijf 12% of 0,12)"
            )
        return float(waarde)
    return values.read_share(str(waarde))


def _unflatten(imp: WorkbookContent, blad: str, rijen: list[tuple[str, Any, int]]) -> dict:
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


def _read_ronde_sheet(imp: WorkbookContent, ws: Worksheet | None) -> tuple[list[str], set[str]]:
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
                try:
                    data[naam] = _yes_no(tekst)
                except values.CellValueError as exc:
                    imp.fout(ws.title, r, naam, str(exc))
                    data[naam] = tekst  # as typed; the validation does not report it twice
            else:
                data[naam] = tekst
        imp.files[f"realisatie/{rid}/ronde.yaml"] = _File(
            write.yaml_text(data),
            ws.title,
            sleutels={k: r for k in data} | {"": r},
            sleutelkolom=True,
        )
    return list(rondes), ongeldig
