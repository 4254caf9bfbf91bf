"""The run log (reports/run-log.jsonl): one JSON line per `evalkit run`, plus package versions."""

from __future__ import annotations

import json
import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = (
    "evalkit",
    "papermill",
    "nbclient",
    "nbformat",
    "ipykernel",
    "jupyter_client",
    "pandas",
    "numpy",
    "matplotlib",
)


def versies() -> dict[str, str]:
    """Versions of Python and the packages that shape an executed notebook (no imports)."""
    uit = {"python": platform.python_version()}
    for naam in PACKAGES:
        try:
            uit[naam] = metadata.version(naam)
        except metadata.PackageNotFoundError:
            uit[naam] = "niet geïnstalleerd"
    return uit


def add_entry(pad: Path, regel: dict[str, Any]) -> None:
    """Append one record as a single JSON line; flushed and fsynced so it is complete or absent."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    tekst = json.dumps(regel, ensure_ascii=False, sort_keys=True) + "\n"
    with open(pad, "a", encoding="utf-8", newline="\n") as f:
        f.write(tekst)
        f.flush()
        os.fsync(f.fileno())


def read_records(pad: Path) -> list[dict[str, Any]]:
    """All records of a run log (skipping a torn last line, if any)."""
    if not pad.is_file():
        return []
    uit = []
    for regel in pad.read_text(encoding="utf-8").splitlines():
        try:
            uit.append(json.loads(regel))
        except ValueError:
            continue
    return uit
