"""Collecting problems while reading input files, and reading UTF-8 text into the collection."""

from __future__ import annotations

from pathlib import Path

from evalkit.data.limits import MAX_TEXT_BYTES, file_problem, is_inside, special_entries
from evalkit.errors import Problem, os_reason


class Collector:
    """Collects problems; `naam` turns a path into the name shown in messages.

    For YAML files the line of every key path (e.g. 'normen.extra[1].teller') is kept, so a
    problem reported with a key path and no row gets the line of that key. Files that could
    not be read at all are listed in `onleesbaar`; cross-checks against them are skipped.
    """

    def __init__(self, basis: Path | None = None):
        self.basis = basis
        self.problemen: list[Problem] = []
        self.regels: dict[Path, dict[str, int]] = {}  # file -> id -> line, for cross-checks
        self.yaml_regels: dict[Path, dict[str, int]] = {}  # yaml file -> key path -> line
        self.onleesbaar: set[Path] = set()

    def naam(self, pad: Path) -> str:
        if self.basis is not None:
            try:
                return str(pad.relative_to(self.basis.parent))
            except ValueError:
                pass
        return str(pad)

    def add_entry(self, pad: Path, rij: int | None, kolom: str | None, melding: str) -> None:
        if rij is None and kolom and pad in self.yaml_regels:
            rij = self.yaml_regels[pad].get(kolom)
        self.problemen.append(Problem(self.naam(pad), rij, kolom, melding))

    def unreadable(self, pad: Path, rij: int | None, melding: str) -> None:
        """Report a file that cannot be read (further checks against it are skipped)."""
        self.add_entry(pad, rij, None, melding)
        self.onleesbaar.add(pad)

    def folder_unreadable(self, map_: Path, exc: OSError) -> None:
        """Report a folder whose contents cannot be read (once per folder)."""
        if map_ in self.onleesbaar:
            return
        self.onleesbaar.add(map_)
        self.add_entry(map_, None, None, f"map kan niet gelezen worden ({os_reason(exc)})")

    def refuse_special(self, map_: Path) -> None:
        """Report every symlink and non-regular file below map_; none of them will be read."""
        for pad, reden in special_entries(map_):
            self.unreadable(pad, None, reden)

    def file_exists(self, pad: Path, soort: str = "bestand") -> bool | None:
        """Whether a file (or folder, soort='map') exists; None when its folder is unreadable."""
        if pad in self.onleesbaar and soort != "map":
            return True  # it is there, but refused (e.g. a symlink); reported already
        try:
            return pad.is_dir() if soort == "map" else pad.exists()
        except OSError as exc:
            self.folder_unreadable(pad.parent, exc)
            self.onleesbaar.add(pad)
            return None

    def already_reported(self, pad: Path, rij: int | None, kolom: str) -> bool:
        """True when a problem was already reported for this cell (e.g. it could not be read)."""
        naam = self.naam(pad)
        return any(p.bestand == naam and p.rij == rij and p.kolom == kolom for p in self.problemen)


def read_utf8_text(pad: Path, v: Collector, max_bytes: int = MAX_TEXT_BYTES) -> str | None:
    """Read a UTF-8 text file; an unreadable file is reported (with the line of a bad byte).

    Only a regular file of at most max_bytes inside the collector's folder is read: a
    symlink, a named pipe or a file that is too large is reported without being opened. A
    file already reported as unreadable is skipped.
    """
    if pad in v.onleesbaar:
        return None
    if (probleem := file_problem(pad, max_bytes)) is not None:
        v.unreadable(pad, None, probleem)
        return None
    if v.basis is not None and not is_inside(pad, v.basis):
        v.unreadable(pad, None, f"ligt buiten de map {v.basis.name}/ (via een symlink)")
        return None
    try:
        ruw = pad.read_bytes()
    except OSError as exc:
        v.unreadable(pad, None, f"bestand kan niet gelezen worden ({os_reason(exc)})")
        return None
    try:
        return ruw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        regel = ruw[: exc.start].count(b"\n") + 1
        v.unreadable(pad, regel, utf8_message(pad, ruw[exc.start]))
        return None


def utf8_message(pad: Path, byte: int) -> str:
    """The Dutch message for a file that is not UTF-8 (byte = the first bad byte)."""
    hoe = "als 'CSV UTF-8'" if pad.suffix.lower() == ".csv" else "als UTF-8-tekst"
    return f"bestand is geen UTF-8-tekst (teken 0x{byte:02x}); sla het op {hoe}"
