"""Importing a filled workbook as a jaarplan folder (evalkit import)."""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from evalkit import files, paths
from evalkit.data import write
from evalkit.data.validate import validate
from evalkit.errors import ExcelImportError, Problem, ValidationError, os_reason
from evalkit.tools.excel_layout import SHEETS
from evalkit.tools.excel_limits import check_workbook_file
from evalkit.tools.excel_read import WorkbookContent, read_workbook


@dataclass(frozen=True)
class ImportResult:
    """What an import made: the plan folder, what it holds, and the backup of the old one."""

    plan_id: str
    map: Path
    telling: str  # "3 thema's, 5 doelen, ..."
    tekst_behouden: bool  # the tekst/ folder of the replaced folder was kept
    backup: Path | None  # where the replaced folder was put, if there was one

    def lines(self) -> list[str]:
        """The Dutch summary the CLI prints."""
        behouden = " De map tekst/ van de bestaande map is behouden." if self.tekst_behouden else ""
        uit = [f"Jaarplan '{self.plan_id}' geïmporteerd naar {self.map}: {self.telling}.{behouden}"]
        if self.backup is not None:
            uit.append(f"De vorige map is bewaard als {self.backup}.")
        return uit


def import_workbook(
    bestand: Path | str, data_dir: Path | str | None = None, overschrijf: bool = False
) -> ImportResult:
    """Import a filled workbook as the folder data/<id>/.

    Every cell goes through the same readers as the CSV files and is written in canonical
    form by evalkit.data.write. The new folder is written next to the target, validated as a
    whole, and only then put into place; on any problem nothing is written and a
    ValidationError lists the problems by sheet, row and column. An existing folder is only
    replaced with overschrijf=True (its tekst/ folder is kept); the replaced folder is kept as
    a backup in data/.evalkit-backup/<id>-<n>/. A data folder that is not writable is an
    ExcelImportError and changes nothing.
    """
    bestand = Path(bestand)
    basis = Path(data_dir) if data_dir else paths.DATA_DIR
    check_workbook_file(bestand)
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
    try:
        # Without a usable id the rest is still validated (in a folder with a stand-in name),
        # so every problem is reported in one run; nothing is moved into place then.
        nieuw = werkmap / (imp.plan_id or "zonder-id")
        _write_and_validate(imp, nieuw, basis)
        assert imp.plan_id is not None  # a missing or bad id is one of the problems
        behouden = _keep_text(doel, nieuw)
        backup = _move_into_place(nieuw, doel, basis)
    finally:
        shutil.rmtree(werkmap, ignore_errors=True)
    return ImportResult(imp.plan_id, doel, _counts(imp), behouden, backup)


def _write_and_validate(imp: WorkbookContent, nieuw: Path, basis: Path) -> None:
    """Write the files read from the workbook, validate them, and raise all problems at once."""
    try:
        write.write_files(nieuw, {relatief: b.tekst for relatief, b in imp.files.items()})
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


def _keep_text(doel: Path, nieuw: Path) -> bool:
    """Copy the tekst/ folder of an existing plan folder into the new one; True when copied."""
    try:
        if doel.exists() and (doel / "tekst").is_dir():
            shutil.copytree(doel / "tekst", nieuw / "tekst")
            return True
    except OSError as exc:
        raise ExcelImportError(
            f"De map tekst/ van {doel} kan niet gekopieerd worden ({os_reason(exc)}); er is "
            "niets geïmporteerd."
        ) from None
    return False


def _translate_back(imp: WorkbookContent, p: Problem) -> Problem:
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
    """Put the new folder in place; a replaced folder is moved to a backup folder.

    Returns the backup folder (None when there was no old folder). On any error the old
    folder is back in place and an ExcelImportError says why.
    """
    backup = backup_path(basis, doel.name) if doel.exists() else None
    try:
        if backup is not None:
            backup.parent.mkdir(exist_ok=True)
        files.replace_folder(nieuw, doel, keep_old=backup)
    except OSError as exc:
        if backup is not None and backup.exists() and not doel.exists():
            raise ExcelImportError(
                f"{doel} kan niet vervangen worden ({os_reason(exc)}); de vorige map staat in "
                f"{backup}."
            ) from None
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.parent.rmdir()  # only when empty: no backup was made after all
        raise ExcelImportError(
            f"{doel} kan niet vervangen worden ({os_reason(exc)}); er is niets gewijzigd."
        ) from None
    return backup


def _counts(imp: WorkbookContent) -> str:
    def n(relatief: str) -> int:
        b = imp.files.get(relatief)
        return len(b.herkomst) - 1 if b else 0

    rondes = sum(1 for k in imp.files if k.endswith("ronde.yaml"))
    return (
        f"{n('themas.csv')} thema's, {n('doelen.csv')} doelen, "
        f"{n('activiteiten.csv')} activiteiten, {n('indicatoren.csv')} indicatoren, "
        f"{rondes} {'ronde' if rondes == 1 else 'rondes'}"
    )
