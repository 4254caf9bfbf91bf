"""nbval catches a real regression: one changed realisation value fails the committed report."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit import paths

ROOT = paths.project_root()
SANITIZE = Path(__file__).with_name("nbval_sanitize.cfg")
RAPPORT = Path("reports/plein013-2023/M12/evaluatie.ipynb")
BESTEDING = Path("data/plein013-2023/realisatie/M12/activiteiten.csv")
OUD, NIEUW = "A14;186450;", "A14;187450;"

pytestmark = pytest.mark.skipif(
    not (ROOT / RAPPORT).is_file(), reason=f"{RAPPORT} ontbreekt; voer eerst `evalkit run` uit"
)


@pytest.fixture
def kopie(tmp_path: Path) -> Path:
    """A copy of the project's data/, notebooks/ and the executed Plein 013 M12 report."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    (tmp_path / RAPPORT).parent.mkdir(parents=True)
    shutil.copy2(ROOT / RAPPORT, tmp_path / RAPPORT)
    return tmp_path


def nbval(root: Path, notebook: Path) -> subprocess.CompletedProcess:
    """Run nbval on one notebook of the copy, with the copy as project root."""
    env = dict(os.environ, EVALKIT_ROOT=str(root))
    env.pop("MPLBACKEND", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with", str(SANITIZE), "-p", "no:cacheprovider", "-q", "--color=no",
         "--rootdir", str(root), str(root / notebook)],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_unchanged_copy_passes(kopie):
    uit = nbval(kopie, RAPPORT)
    assert uit.returncode == 0, uit.stdout[-3000:] + uit.stderr[-2000:]
    assert " passed" in uit.stdout and "failed" not in uit.stdout


def test_changed_spend_fails_and_names_the_figure(kopie):
    pad = kopie / BESTEDING
    tekst = pad.read_text(encoding="utf-8")
    assert tekst.count(OUD) == 1
    pad.write_text(tekst.replace(OUD, NIEUW), encoding="utf-8")

    uit = nbval(kopie, RAPPORT)
    assert uit.returncode == 1, uit.stdout[-3000:]
    assert "failed" in uit.stdout
    # The reference shows the committed amount, the fresh run the changed one.
    assert "€ 186.450" in uit.stdout
    assert "€ 187.450" in uit.stdout
    # The total spent (€ 291.910 + € 1.000) differs too, in the summary and the progress table.
    assert "€ 292.910" in uit.stdout
