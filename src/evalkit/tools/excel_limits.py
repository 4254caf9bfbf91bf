"""What a workbook must be before it is opened: its kind, its size and the size of its sheets.

Workbooks come from many hands. Everything here runs before openpyxl reads a sheet in full, so
a file that is not a plain .xlsx (an .ods, an old .xls, a password-protected workbook, a zip
bomb) or a sheet far larger than any jaarplan gets a Dutch message naming the workbook and
sheet instead of a hang or a traceback.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from evalkit.errors import ExcelImportError, os_reason
from evalkit.tools.excel_layout import MACRO_EXTENSIONS

# Limits (documented in docs/datadictionary.md, "Importing a workbook"). A jaarplan workbook
# holds a few hundred rows; these leave ample room and stop a hostile file early.
MAX_FILE_BYTES = 20 * 1024 * 1024  # the .xlsx file itself
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all parts of the zip together, as declared in it
MAX_ROWS = 10_000  # rows per sheet, the header row included
MAX_COLUMNS = 200  # columns per sheet

ODS_EXTENSIONS = (".ods", ".ots", ".fods")
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls or encrypted .xlsx
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

_ODS = (
    "{naam} is een OpenDocument-werkblad (LibreOffice); dat kan niet worden ingelezen. Open het "
    "in LibreOffice Calc, kies Bestand > Opslaan als > Excel 2007-365 (.xlsx) en lees dat "
    "bestand in."
)
_NOT_XLSX = "{naam}: alleen Excel-werkmappen (.xlsx) kunnen worden ingelezen."


def _size(n: int) -> str:
    """A byte count in whole MB, Dutch style ('20 MB')."""
    return f"{n // (1024 * 1024):,} MB".replace(",", ".")


def _count(n: int) -> str:
    """A count with a Dutch thousands separator ('10.000')."""
    return f"{n:,}".replace(",", ".")


def check_workbook_file(bestand: Path) -> None:
    """Refuse anything but a macro-free .xlsx of a sensible size before opening it."""
    suffix = bestand.suffix.lower()
    if suffix in MACRO_EXTENSIONS:
        raise ExcelImportError(
            f"{bestand.name}: werkboeken met macro's ({bestand.suffix}) worden niet ingelezen; "
            "sla het bestand op als 'Excel-werkmap (*.xlsx)'."
        )
    if suffix in ODS_EXTENSIONS:
        raise ExcelImportError(_ODS.format(naam=bestand.name))
    if suffix != ".xlsx":
        raise ExcelImportError(_NOT_XLSX.format(naam=bestand.name))
    if not bestand.is_file():
        raise ExcelImportError(f"{bestand} bestaat niet.")
    try:
        grootte = bestand.stat().st_size
        with open(bestand, "rb") as f:
            begin = f.read(len(_CFB_MAGIC))
    except OSError as exc:
        raise ExcelImportError(
            f"{bestand.name} kan niet gelezen worden ({os_reason(exc)})."
        ) from None
    if grootte > MAX_FILE_BYTES:
        raise ExcelImportError(
            f"{bestand.name} is {_size(grootte)}; een werkmap mag hoogstens "
            f"{_size(MAX_FILE_BYTES)} zijn. Verwijder overbodige bladen, afbeeldingen of rijen."
        )
    if begin == _CFB_MAGIC:
        _refuse_compound_file(bestand)
    if not zipfile.is_zipfile(bestand):
        raise ExcelImportError(f"{bestand.name} is geen geldig .xlsx-bestand.")
    _check_zip(bestand)


def _refuse_compound_file(bestand: Path) -> None:
    """An OLE compound file: a password-protected workbook or an old binary .xls."""
    try:
        inhoud = bestand.read_bytes()  # at most MAX_FILE_BYTES, checked before
    except OSError as exc:
        raise ExcelImportError(
            f"{bestand.name} kan niet gelezen worden ({os_reason(exc)})."
        ) from None
    if _ENCRYPTED_STREAM in inhoud:
        raise ExcelImportError(
            f"{bestand.name} is beveiligd met een wachtwoord en kan niet worden ingelezen. "
            "Open het in Excel, verwijder het wachtwoord (Bestand > Info > Werkmap beveiligen > "
            "Versleutelen met wachtwoord: leeg maken) en sla het op als 'Excel-werkmap (*.xlsx)'."
        )
    raise ExcelImportError(
        f"{bestand.name} is een oud Excel-bestand (.xls) met de naam .xlsx; open het in Excel "
        "of LibreOffice en sla het op als 'Excel-werkmap (*.xlsx)'."
    )


def _check_zip(bestand: Path) -> None:
    """The zip itself: no OpenDocument inside, no zip bomb, no macros."""
    try:
        with zipfile.ZipFile(bestand) as z:
            delen = z.infolist()
            namen = [i.filename.lower() for i in delen]
            mimetype = z.read("mimetype")[:100] if "mimetype" in namen else b""
            try:
                typen = z.read("[Content_Types].xml").decode("utf-8", "replace").lower()
            except KeyError:
                typen = ""
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        raise ExcelImportError(
            f"{bestand.name} is geen geldig .xlsx-bestand (beschadigd)."
        ) from None
    if mimetype.startswith(_ODS_MIMETYPE):
        raise ExcelImportError(_ODS.format(naam=bestand.name))
    uitgepakt = sum(i.file_size for i in delen)
    if uitgepakt > MAX_UNPACKED_BYTES:
        raise ExcelImportError(
            f"{bestand.name} is uitgepakt {_size(uitgepakt)}; een werkmap mag uitgepakt "
            f"hoogstens {_size(MAX_UNPACKED_BYTES)} zijn (is het wel een echte werkmap?). "
            "Er is niets ingelezen."
        )
    if (
        any(n.endswith("vbaproject.bin") or n.startswith("xl/macrosheets/") for n in namen)
        or "macroenabled" in typen
    ):
        raise ExcelImportError(
            f"{bestand.name} bevat macro's en wordt niet ingelezen; sla het bestand op als "
            "'Excel-werkmap (*.xlsx)' zonder macro's."
        )


def has_external_links(bestand: Path) -> bool:
    """True when the workbook keeps links to other workbooks (xl/externalLinks/ parts)."""
    with zipfile.ZipFile(bestand) as z:
        return any(n.lower().startswith("xl/externallinks/") for n in z.namelist())


def check_sheet_sizes(bestand: Path) -> None:
    """Refuse a sheet with more rows or columns than the limits, reading as little as needed.

    The sheet's stated dimension is checked first; then its rows are streamed (read-only
    mode) and counting stops at the limit, so a sheet of a million rows is refused at once
    whatever dimension the file claims.
    """
    wb = load_workbook(bestand, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            _check_sheet(bestand.name, ws)
    finally:
        wb.close()


def _check_sheet(naam: str, ws: ReadOnlyWorksheet) -> None:
    plaats = f"{naam}, blad '{ws.title}'"
    rijen, kolommen = ws.max_row or 0, ws.max_column or 0
    if rijen <= MAX_ROWS and kolommen <= MAX_COLUMNS:
        ws.reset_dimensions()  # the stated dimension may be too small: count for real
        rijen = kolommen = 0
        for rij in ws.iter_rows(values_only=True):
            rijen += 1
            kolommen = max(kolommen, len(rij))
            if rijen > MAX_ROWS or kolommen > MAX_COLUMNS:
                break
    if rijen > MAX_ROWS:
        raise ExcelImportError(
            f"{plaats}: meer dan {_count(MAX_ROWS)} rijen (grens {_count(MAX_ROWS)}); verwijder "
            "lege of overbodige rijen (ook opgemaakte lege rijen) en sla het bestand opnieuw op. "
            "Er is niets ingelezen."
        )
    if kolommen > MAX_COLUMNS:
        raise ExcelImportError(
            f"{plaats}: meer dan {_count(MAX_COLUMNS)} kolommen (grens {_count(MAX_COLUMNS)}); "
            "verwijder overbodige kolommen en sla het bestand opnieuw op. Er is niets ingelezen."
        )
