"""Limits on input files, and the checks made before a file is opened.

Data folders and params files come from many hands, so evalkit refuses what could hang or
exhaust it: only regular files inside the folder are read (checked with lstat, so a named
pipe is never opened), files and lines have a maximum size, and YAML may not nest deeply or
use anchors. The values are documented in docs/dataformaat.md ("Grenzen").
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

from evalkit import fmt
from evalkit.errors import os_reason

MAX_YAML_BYTES = 1_000_000  # one YAML file (jaarplan.yaml, ronde.yaml, bron.yaml, params)
MAX_YAML_DEPTH = 20  # nested mappings and lists in one YAML file
MAX_CSV_BYTES = 50_000_000  # one CSV file
MAX_CSV_ROWS = 100_000  # data rows in one CSV file (the header not counted)
MAX_LINE_CHARS = 500_000  # characters on one line of a CSV file (one cell: 131.072)
MAX_TEXT_BYTES = 5_000_000  # one text file (tekst/*.md)
MAX_NUMBER = 10**15  # a number in a cell must be smaller than this (absolute value)


def size_text(n: int) -> str:
    """A byte count for a message: '50 MB', '1 MB', '1,5 MB'."""
    mb = n / 1_000_000
    tekst = fmt.number(mb, 1)
    return (tekst[:-2] if tekst.endswith(",0") else tekst) + " MB"


def file_problem(pad: Path, max_bytes: int) -> str | None:
    """Why a file must not be read (Dutch), checked before opening; None when it may be read.

    Uses lstat, so a symbolic link is refused (not followed) and a named pipe or device is
    refused without being opened (opening a pipe would block). A missing file is not a
    problem here: the caller reports it in its own words.
    """
    try:
        info = os.lstat(pad)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"bestand kan niet gelezen worden ({os_reason(exc)})"
    return mode_problem(info.st_mode) or (
        f"bestand is te groot ({size_text(info.st_size)}; maximaal {size_text(max_bytes)})"
        if info.st_size > max_bytes
        else None
    )


def mode_problem(mode: int) -> str | None:
    """Why a file of this lstat mode is refused (Dutch): a link or not a regular file."""
    if stat.S_ISLNK(mode):
        return (
            "is een symbolische koppeling (symlink); evalkit leest alleen gewone bestanden in "
            "de map zelf: zet het bestand zelf hier neer"
        )
    if not stat.S_ISREG(mode):
        return (
            "is geen gewoon bestand (maar bijvoorbeeld een named pipe of apparaat); evalkit "
            "leest alleen gewone bestanden"
        )
    return None


def special_entries(map_: Path) -> list[tuple[Path, str]]:
    """Every symlink and every entry that is neither a folder nor a regular file below map_.

    The folder itself counts too. Symlinked folders are not entered. Returns (path, Dutch
    reason) pairs in walk order; an unreadable folder is left to the reader to report.
    """
    gevonden: list[tuple[Path, str]] = []
    try:
        if stat.S_ISLNK(os.lstat(map_).st_mode):
            return [(map_, str(mode_problem(stat.S_IFLNK)))]
    except OSError:
        return []
    for root, mappen, bestanden in os.walk(map_, followlinks=False):
        for naam in sorted(mappen + bestanden):
            pad = Path(root) / naam
            try:
                mode = os.lstat(pad).st_mode
            except OSError:
                continue
            if stat.S_ISDIR(mode):
                continue
            if (reden := mode_problem(mode)) is not None:
                gevonden.append((pad, reden))
    return gevonden


def is_inside(pad: Path, map_: Path) -> bool:
    """Whether pad, with every link resolved, lies inside map_ (also resolved)."""
    try:
        return Path(pad).resolve().is_relative_to(Path(map_).resolve())
    except (OSError, RuntimeError):
        return False


def _is_invisible(c: str) -> bool:
    return unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp") or (c.isspace() and c != " ")


def visible(tekst: str) -> str:
    """Text with invisible characters (BOM, zero-width space, control characters) named.

    'naam\\ufeff' becomes 'naam<U+FEFF>', so a message shows what is wrong with a name that
    looks right. A plain space stays a space.
    """
    return "".join(f"<U+{ord(c):04X}>" if _is_invisible(c) else c for c in tekst)


def invisible_characters(tekst: str) -> list[str]:
    """The invisible characters of a text as 'U+FEFF' names, each once, in order."""
    return [f"U+{ord(c):04X}" for c in dict.fromkeys(tekst) if _is_invisible(c)]


def short(tekst: str, n: int = 30) -> str:
    """A text shortened for a message: at most n characters, '…' when cut."""
    return tekst if len(tekst) <= n else tekst[: n - 1] + "…"


def entry_exists(pad: Path) -> bool:
    """Whether something (also a link or a pipe) is at pad; lstat, so nothing is followed.

    Raises OSError other than 'not found' (e.g. no permission), like Path.is_file does.
    """
    try:
        os.lstat(pad)
    except (FileNotFoundError, NotADirectoryError):
        return False
    return True
