"""The versioned store of review copies under reports/<id>/opr/: version ids, reading and
checking earlier copies against their manifests, and writing a new copy folder.

A copy folder v<nnn>-<version id> holds only what may be distributed (PDF, HTML, document
Markdown) and manifest.json; the unsuppressed evaluation results, the basis of the next
comparison, are kept outside it in opr/.intern/<folder name>.json. A copy folder is never
overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from evalkit.errors import OutputError, os_reason
from evalkit.files import sha256, write_atomic

OPR_DIR = "opr"
EVALUATION = "evaluatie.json"  # inside the copy folder only in copies made before INTERNAL_DIR
INTERNAL_DIR = ".intern"  # opr/.intern/<copy folder>.json: the unsuppressed evaluation
MANIFEST = "manifest.json"
DOCUMENT = "concept.md"
VERSION_DIR = re.compile(r"^v(\d{3,})-([0-9a-f]{12})$")


def canonical(data: Any) -> str:
    """Canonical JSON: sorted keys, no whitespace, UTF-8 text."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def version_id(evaluation: dict[str, Any], document: str) -> str:
    """The version id: the first 12 hex digits of SHA-256 over the canonical JSON of the
    evaluation results and the document Markdown (without numbers and changes section)."""
    data = (canonical(evaluation) + "\n" + document).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:12]


def json_text(data: Any) -> str:
    """JSON as written into the store: sorted keys, indented, UTF-8, final newline."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def copy_folder(opr: Path, number: int, version: str) -> Path:
    """The folder of copy `number` with the given version id."""
    return opr / f"v{number:03d}-{version}"


def internal_path(folder: Path) -> Path:
    """Where the unsuppressed evaluation of the copy in folder is kept: outside the copy folder,
    in opr/.intern/<folder name>.json, so the folder holds only what may be distributed."""
    return folder.parent / INTERNAL_DIR / f"{folder.name}.json"


# --- reading earlier copies ------------------------------------------------------------------


@dataclass(frozen=True)
class PreviousCopy:
    """A stored review copy: number, version id, folder, date and evaluation results."""

    number: int
    version: str
    folder: Path
    copy_date: date | None
    evaluation: dict[str, Any]

    def files(self) -> dict[str, str]:
        """SHA-256 per file in the copy folder, by name."""
        return {
            name: sha256(self.folder / name)
            for name in sorted(os.listdir(self.folder))
            if (self.folder / name).is_file()
        }


def _damaged(folder: Path, reason: str) -> OutputError:
    return OutputError(
        f"De vorige conceptversie in {folder} is beschadigd of onvolledig: {reason}. Zet de map "
        f"en {internal_path(folder)} terug uit een back-up of verwijder ze allebei; er is niets "
        "geschreven of overschreven."
    )


def _read_manifest(folder: Path, version: str) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _damaged(folder, f"{MANIFEST} ontbreekt") from None
    except (OSError, ValueError) as exc:
        raise _damaged(folder, f"{MANIFEST} is onleesbaar ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("versie_id") != version:
        raise _damaged(folder, f"het versie-id in {MANIFEST} hoort niet bij deze map")
    return manifest


def _evaluation_source(folder: Path, manifest: dict[str, Any]) -> tuple[Path, str, Any]:
    """(path, name in messages, expected SHA-256) of a copy's stored evaluation."""
    internal = manifest.get("intern")
    if internal is not None:
        path = internal_path(folder)
        expected = internal.get("sha256") if isinstance(internal, dict) else None
        return path, f"de interne vergelijkingsbasis {path}", expected
    files = manifest.get("bestanden")
    info = files.get(EVALUATION) if isinstance(files, dict) else None
    expected = info.get("sha256") if isinstance(info, dict) else None
    return folder / EVALUATION, EVALUATION, expected


def _read_evaluation(folder: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    path, name, expected = _evaluation_source(folder, manifest)
    if not path.is_file():
        raise _damaged(folder, f"{name} ontbreekt")
    if sha256(path) != expected:
        raise _damaged(folder, f"{name} is gewijzigd (controlegetal klopt niet)")
    try:
        evaluation = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _damaged(folder, f"{name} is onleesbaar ({exc})") from None
    if not isinstance(evaluation, dict):
        raise _damaged(folder, f"{name} bevat geen evaluatie")
    return evaluation


def read_copy(folder: Path) -> PreviousCopy:
    """Read a stored copy and check it against its manifest; OutputError when damaged.

    The evaluation results are read from internal_path(folder), checked against the 'intern'
    entry of the manifest; a copy made before that (no 'intern' entry) has them as
    evaluatie.json in its own folder, checked against the manifest's 'bestanden'.
    """
    m = VERSION_DIR.match(folder.name)
    if not m:
        raise _damaged(folder, "de mapnaam is geen versienaam (v<nummer>-<versie-id>)")
    number, version = int(m.group(1)), m.group(2)
    manifest = _read_manifest(folder, version)
    evaluation = _read_evaluation(folder, manifest)
    try:
        made = date.fromisoformat(manifest["datum"]) if manifest.get("datum") else None
    except (TypeError, ValueError):
        raise _damaged(folder, f"de datum in {MANIFEST} is ongeldig") from None
    return PreviousCopy(number, version, folder, made, evaluation)


def previous_copies(opr: Path) -> list[PreviousCopy]:
    """All stored copies in an opr/ folder, oldest first; every one is checked."""
    if not opr.is_dir():
        return []
    copies = [read_copy(p) for p in sorted(opr.iterdir()) if VERSION_DIR.match(p.name)]
    copies.sort(key=lambda k: k.number)
    for a, b in itertools.pairwise(copies):
        if a.number == b.number:
            raise OutputError(
                f"In {opr} staan twee conceptversies met nummer {a.number} ({a.folder.name} en "
                f"{b.folder.name}); verwijder de onjuiste. Er is niets geschreven."
            )
    return copies


# --- writing a new copy ----------------------------------------------------------------------


@contextlib.contextmanager
def staging(opr: Path) -> Iterator[Path]:
    """A temporary work folder inside opr/, removed afterwards; an opr/ folder made for it is
    removed too when it is still empty (nothing was stored)."""
    new_opr = not opr.exists()
    opr.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".maken-", dir=opr))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if new_opr and opr.is_dir() and not any(opr.iterdir()):
            opr.rmdir()


def fill_copy_folder(
    folder: Path,
    target: Path,
    document: str,
    distributed: tuple[Path, Path],
    header: dict[str, Any],
    internal_text: str,
) -> dict[str, str]:
    """Put the files of the copy that will become `target` into `folder` (a new, empty folder):
    the distributed (HTML, PDF) files, moved in, the document Markdown and manifest.json, which
    holds `header` plus the checksums of those files and of internal_text. Returns the SHA-256
    per file name (manifest excluded)."""
    html, pdf = distributed
    for path in distributed:
        os.replace(path, folder / path.name)
    write_atomic(folder / DOCUMENT, document)
    files = {p.name: sha256(p) for p in sorted(folder.iterdir())}
    internal = internal_text.encode("utf-8")
    internal_name = internal_path(target).name
    manifest = {
        **header,
        "bestanden": {
            n: {"sha256": h, "bytes": (folder / n).stat().st_size} for n, h in files.items()
        },
        "intern": {
            "bestand": f"../{INTERNAL_DIR}/{internal_name}",
            "sha256": hashlib.sha256(internal).hexdigest(),
            "bytes": len(internal),
        },
        "let_op": (
            f"Verspreid alleen {pdf.name} en {html.name}. De interne vergelijkingsbasis "
            f"voor de volgende versie staat buiten deze map ({OPR_DIR}/{INTERNAL_DIR}/"
            f"{internal_name}), bevat aantallen leerlingen zonder onderdrukking en is niet "
            "voor verspreiding."
        ),
    }
    write_atomic(folder / MANIFEST, json_text(manifest))
    return files


def commit_copy(folder: Path, target: Path, internal_text: str) -> None:
    """Store the internal evaluation at internal_path(target), then rename the complete
    folder to target. An existing target is never overwritten: OutputError, and the internal
    file written by this call is removed again."""
    internal = internal_path(target)
    new_internal_dir = written = False
    try:
        if target.exists():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
        new_internal_dir = not internal.parent.exists()
        internal.parent.mkdir(exist_ok=True)
        # No copy folder of this name exists, so a file at `internal` is a leftover of an
        # interrupted run and may be replaced.
        write_atomic(internal, internal_text)
        written = True
        os.rename(folder, target)  # fails when the folder exists: nothing is overwritten
    except BaseException as exc:
        if written and not target.exists():  # else it is the other run's (same) file
            internal.unlink(missing_ok=True)
        if new_internal_dir and internal.parent.is_dir() and not any(internal.parent.iterdir()):
            internal.parent.rmdir()
        if isinstance(exc, OSError):
            raise OutputError(
                f"Kan {target} niet aanmaken ({os_reason(exc)}); draait er een tweede "
                "review-copy tegelijk? Er is niets overschreven."
            ) from exc
        raise
