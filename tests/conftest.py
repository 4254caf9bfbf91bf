"""Shared pytest configuration: nbval hooks for the notebook regression checks (and fixtures)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# --- nbval ---------------------------------------------------------------------------------
# The committed notebooks (notebooks/*.ipynb and reports/<id>/<ronde>/*.ipynb) are checked with
# nbval: `pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg`.
# These hooks make that robust: defaults for the options when only --nbval is given, a sanitize
# path that works from any working directory, no figure-less kernels, and no nbval runs of
# notebooks that are test fixtures of other tests.

SANITIZE = Path(__file__).with_name("nbval_sanitize.cfg")


def _nbval_actief(config: pytest.Config) -> bool:
    return bool(
        getattr(config.option, "nbval", False) or getattr(config.option, "nbval_lax", False)
    )


def pytest_configure(config: pytest.Config) -> None:
    if not _nbval_actief(config):
        return
    # Run the notebooks with the Python that runs pytest (the venv), whatever the kernelspec says.
    if not getattr(config.option, "nbval_kernel_name", None):
        config.option.nbval_current_env = True
    # Default sanitize file; a relative path given on the command line may be project-relative.
    gegeven = getattr(config.option, "nbval_sanitize_with", None)
    if gegeven is None:
        config.option.nbval_sanitize_with = str(SANITIZE)
    elif not Path(gegeven).is_file() and (config.rootpath / gegeven).is_file():
        config.option.nbval_sanitize_with = str(config.rootpath / gegeven)
    # MPLBACKEND=agg in the environment would make the kernels produce no figure output at all,
    # so every figure cell would fail; the kernel chooses the inline backend when it is unset.
    os.environ.pop("MPLBACKEND", None)
    # The kernels start in the notebook's folder; the notebooks resolve data_dir against the
    # project root, found from the installed package (editable install) or from EVALKIT_ROOT.
    if (config.rootpath / "data").is_dir() and (config.rootpath / "notebooks").is_dir():
        os.environ.setdefault("EVALKIT_ROOT", str(config.rootpath))


# --- markers ----------------------------------------------------------------------------------
# `make test-fast` runs the unit tests: everything not marked slow or e2e.
# slow: tests that start kernels, pandoc, typst, Chromium or subprocesses of evalkit.
# e2e: the executed notebooks (nbval) and the end-to-end comparisons with committed outputs.
SLOW = (
    "tests/build/",
    "tests/tools/test_review",
    "tests/data/test_robust.py",
    "tests/test_nbval_regression.py",
)
E2E = ("tests/test_end_to_end.py", "tests/test_consistency.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        rel = item.path.relative_to(config.rootpath).as_posix()
        if item.path.suffix == ".ipynb" or rel.startswith(E2E):
            item.add_marker(pytest.mark.e2e)
        elif rel.startswith(SLOW):
            item.add_marker(pytest.mark.slow)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # Notebooks under tests/ are fixtures (e.g. of the renderer), not baselines for nbval.
    if collection_path.suffix == ".ipynb":
        return True
    return None


# --- shipped reports ---------------------------------------------------------------------------
VERZONDEN = ("almere-2023-2024", "plein013-2023", "ppo-nk-2023")
ROOT = Path(__file__).parents[1]


@pytest.fixture
def failing_import_swap(monkeypatch) -> None:
    """Make the folder swap of an Excel import fail at its last step: moving the new folder
    into place (files.replace_folder) is refused, as on a folder without write access."""
    from evalkit import files

    echt = os.replace

    def replace(bron, doel):
        if Path(bron).parent.name.startswith(".evalkit-import-"):  # the new folder into place
            raise PermissionError(13, "Permission denied", str(doel))
        echt(bron, doel)

    monkeypatch.setattr(files.os, "replace", replace)


@pytest.fixture(scope="session")
def verzonden(tmp_path_factory) -> dict[str, Path]:
    """The shipped jaarplannen rendered with the built-in renderer into a temp reports folder.

    Uses the committed executed notebooks (reports/<id>/<ronde>/) when present, else runs the
    notebooks into the temp folder first.
    """
    from evalkit.build import book, render, runner
    from evalkit.data.load import load_jaarplan

    reports = tmp_path_factory.mktemp("verzonden") / "reports"
    uit = {}
    for plan_id in VERZONDEN:
        ronde = book.book_ronde(load_jaarplan(plan_id), ROOT / "params").id
        bron = ROOT / "reports" / plan_id / ronde
        if (bron / "evaluatie.ipynb").is_file():
            shutil.copytree(bron, reports / plan_id / ronde, ignore=shutil.ignore_patterns(".*"))
        else:
            assert runner.run([plan_id], reports_dir=reports).exit_code == 0
        boekmap = book.make_book(plan_id, render.renderer_name(), reports_dir=reports)
        uit[plan_id] = boekmap
        render.render_book(boekmap)
    return uit
