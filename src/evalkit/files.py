"""File primitives shared by every writer: atomic writes and SHA-256 checksums."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic_with(pad: Path, schrijf: Callable[[Path], object]) -> None:
    """Call schrijf(temp_path) for a temp file next to `pad`, fsync it, then os.replace it.

    The target is either the complete new file or untouched: an error or interruption
    removes the temp file and leaves the previous version in place.
    """
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd, naam = tempfile.mkstemp(prefix=f".{pad.name}.", suffix=".tmp", dir=pad.parent)
    os.close(fd)
    tijdelijk = Path(naam)
    try:
        schrijf(tijdelijk)
        with open(tijdelijk, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tijdelijk, 0o644)
        os.replace(tijdelijk, pad)
    finally:
        tijdelijk.unlink(missing_ok=True)


def write_atomic(pad: Path, inhoud: str | bytes) -> None:
    """Write text (UTF-8, '\\n' line ends) or bytes to `pad` atomically."""
    if isinstance(inhoud, str):
        write_atomic_with(pad, lambda p: p.write_text(inhoud, encoding="utf-8", newline="\n"))
    else:
        write_atomic_with(pad, lambda p: p.write_bytes(inhoud))


def sha256(pad: Path) -> str:
    """SHA-256 of a file's bytes, as hex."""
    h = hashlib.sha256()
    with open(pad, "rb") as f:
        for blok in iter(lambda: f.read(1 << 16), b""):
            h.update(blok)
    return h.hexdigest()
