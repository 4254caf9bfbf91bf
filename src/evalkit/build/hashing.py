"""Content hashes of texts and folder trees (the keys of incremental runs and report versions)."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def sha256_text(data: bytes | str) -> str:
    """Hex sha256 of bytes or UTF-8 text."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _files(folder: Path, skip: frozenset[str] = frozenset()) -> list[str]:
    """Relative POSIX paths of all files under a folder, skipping hidden ones, caches and
    subfolders named in `skip`."""
    found = []
    for base, subfolders, names in os.walk(folder):
        subfolders[:] = [
            m for m in subfolders if not m.startswith(".") and m != "__pycache__" and m not in skip
        ]
        relative = Path(base).relative_to(folder)
        for name in names:
            if name.startswith(".") or name.endswith((".pyc", ".pyo")):
                continue
            found.append((relative / name).as_posix())
    return sorted(found)


def tree_hash(folder: Path, skip: frozenset[str] = frozenset()) -> str:
    """One sha256 over the names and contents of every file under a folder (subfolders named
    in `skip` left out)."""
    h = hashlib.sha256()
    if folder.is_dir():
        for rel in _files(folder, skip):
            h.update(rel.encode("utf-8") + b"\0")
            h.update(_file_digest(folder / rel))
    return h.hexdigest()


def _file_digest(pad: Path) -> bytes:
    """sha256 of a regular file; a symlink or special file (a named pipe would block a read)
    is hashed by what it is, without reading it (the validator and the renderer refuse it)."""
    modus = pad.lstat().st_mode
    if stat.S_ISLNK(modus):
        return hashlib.sha256(b"symlink\0" + os.readlink(pad).encode()).digest()
    if not stat.S_ISREG(modus):
        return hashlib.sha256(f"special {stat.S_IFMT(modus)}".encode()).digest()
    return hashlib.sha256(pad.read_bytes()).digest()
