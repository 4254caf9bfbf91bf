"""File primitives shared by every writer: atomic writes and SHA-256 checksums."""

from __future__ import annotations

import hashlib
import os
import shutil
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


def replace_folder(new: Path, target: Path, keep_old: Path | None = None) -> None:
    """Put the complete folder `new` at `target` with renames; the only folder swap in evalkit.

    An existing `target` is first renamed aside (to `keep_old` when given, e.g. a backup
    folder, else to a hidden temp name that is removed after the swap). If the final rename
    fails, the old folder is put back and the OSError propagates, so `target` is always
    either the old or the new folder, never a mix.
    """
    aside = keep_old or target.with_name(f".{target.name}.oud-{os.getpid()}.tmp")
    had_old = target.exists()
    if had_old:
        os.replace(target, aside)
    try:
        os.replace(new, target)
    except OSError:
        if had_old:
            os.replace(aside, target)
        raise
    if had_old and keep_old is None:
        shutil.rmtree(aside, ignore_errors=True)
