"""All project paths, anchored at the project root (override with EVALKIT_ROOT)."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """Return the project root: $EVALKIT_ROOT, else the folder holding pyproject.toml."""
    env = os.environ.get("EVALKIT_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "data").is_dir():
            return parent
    return Path.cwd().resolve()


PACKAGE_DIR = Path(__file__).resolve().parent  # evalkit's own source tree (hashed for provenance)
ROOT = project_root()
DATA_DIR = ROOT / "data"
PARAMS_DIR = ROOT / "params"
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"


def plan_dir(plan_id: str, data_dir: Path | None = None) -> Path:
    """Folder of one jaarplan."""
    return (data_dir or DATA_DIR) / plan_id


def report_dir(plan_id: str, reports_dir: Path | None = None) -> Path:
    """Output folder of one jaarplan's report."""
    return (reports_dir or REPORTS_DIR) / plan_id
