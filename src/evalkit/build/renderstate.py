"""Incremental render: a book is rendered again only when one of its inputs changed.

The inputs of a plan's book are the executed notebooks (reports/<id>/<ronde>/*.ipynb), the
plan's data (with tekst/) and params, the book template (reports/_quarto.yml), the filters and
templates in evalkit's resources, evalkit's version and source, and the renderer with its
versions. Their key is kept with the sha256 of the outputs in reports/<id>/.evalkit-render.json;
the book is current when the key matches and the outputs are still the files written then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evalkit import paths
from evalkit.build import book
from evalkit.build.hashing import tree_hash
from evalkit.build.provenance import evalkit_source_hash, package_version
from evalkit.build.state import input_key
from evalkit.files import sha256, write_atomic

STATE_FILE = ".evalkit-render.json"
STATE_VERSION = 1
# How the no-change run names the outputs of each renderer.
OUTPUTS = {
    "ingebouwd": ("jaarverslag.html", "jaarverslag.pdf"),
    "quarto": ("jaarverslag-html/index.html", "jaarverslag.pdf"),
}


@dataclass(frozen=True)
class BookInputs:
    """The input key of one plan's book and the outputs it is checked against."""

    boekmap: Path
    sleutel: str
    uitvoer: tuple[str, ...]

    def is_current(self) -> bool:
        """True when the last render used these inputs and its outputs are unchanged."""
        try:
            status = json.loads((self.boekmap / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(status, dict) or status.get("versie") != STATE_VERSION:
            return False
        if status.get("sleutel") != self.sleutel:
            return False
        bekend = status.get("uitvoer") or {}
        try:
            return all(bekend.get(n) == sha256(self.boekmap / n) for n in self.uitvoer)
        except OSError:
            return False

    def record(self) -> None:
        """Record a finished render: the input key and the sha256 of every output."""
        status = {
            "versie": STATE_VERSION,
            "sleutel": self.sleutel,
            "uitvoer": {n: sha256(self.boekmap / n) for n in self.uitvoer},
        }
        write_atomic(self.boekmap / STATE_FILE, json.dumps(status, indent=1, sort_keys=True) + "\n")


def book_inputs(
    plan_id: str,
    renderer: str,
    renderer_naam: str,
    *,
    data_dir: Path,
    params_dir: Path,
    reports_dir: Path,
    sjabloon: Path | None = None,
) -> BookInputs:
    """The input key of one plan's book (cheap: file hashes only, nothing is evaluated)."""
    boekmap = paths.report_dir(plan_id, reports_dir)
    sjabloon = Path(sjabloon) if sjabloon else book.TEMPLATE
    notebooks = {
        nb.relative_to(boekmap).as_posix(): sha256(nb)
        for nb in sorted(boekmap.glob("*/*.ipynb"))
        if not nb.name.endswith(".mislukt.ipynb")
    }
    invoer: dict[str, Any] = {
        "notebooks": notebooks,
        "data": tree_hash(data_dir / plan_id),
        "params": tree_hash(params_dir / plan_id),
        "sjabloon": sha256(sjabloon) if sjabloon.is_file() else None,
        "resources": tree_hash(paths.PACKAGE_DIR / "resources"),
        "evalkit": [package_version("evalkit"), evalkit_source_hash()],
        "renderer": renderer_naam,
    }
    return BookInputs(boekmap, input_key(invoer), OUTPUTS[renderer])
