"""Outside a project: load() and `evalkit summary` name the data folder searched and EVALKIT_ROOT.

Each case runs in a subprocess with its working folder in tmp, like a pip-installed evalkit used
outside the project folder (the package is copied out of the repository for the case without
EVALKIT_ROOT, so that the project root is not found next to the source).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import evalkit
from evalkit.errors import EvalkitError, NoProjectData

LOAD = "import evalkit; evalkit.load()"


def _run(args: list[str], cwd: Path, root: Path | None, pythonpath: Path | None = None):
    env = {k: v for k, v in os.environ.items() if k not in ("EVALKIT_ROOT", "PYTHONPATH")}
    if root is not None:
        env["EVALKIT_ROOT"] = str(root)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """A copy of the evalkit package outside the repository (as pip would install it)."""
    site = tmp_path / "site"
    shutil.copytree(
        Path(evalkit.__file__).parent, site / "evalkit", ignore=shutil.ignore_patterns("*.pyc")
    )
    return site


def test_no_project_data_is_an_evalkit_error_naming_folder_and_root(tmp_path, monkeypatch):
    monkeypatch.delenv("EVALKIT_ROOT", raising=False)
    fout = NoProjectData(tmp_path / "data")
    assert isinstance(fout, EvalkitError)
    assert str(fout).startswith(f"geen jaarplannen gevonden in {tmp_path / 'data'} ")
    assert "EVALKIT_ROOT is niet gezet" in str(fout)
    monkeypatch.setenv("EVALKIT_ROOT", str(tmp_path))
    assert f"EVALKIT_ROOT staat op {tmp_path}" in str(NoProjectData(tmp_path / "data"))


def test_load_outside_a_project_without_evalkit_root(tmp_path, installed):
    werk = tmp_path / "werk"
    werk.mkdir()
    p = _run(["-c", LOAD], werk, None, installed)
    assert p.returncode != 0
    assert "NoProjectData" in p.stderr
    assert f"geen jaarplannen gevonden in {werk / 'data'}" in p.stderr
    assert "EVALKIT_ROOT is niet gezet" in p.stderr


def test_load_with_evalkit_root_on_a_folder_without_data(tmp_path):
    p = _run(["-c", LOAD], tmp_path, tmp_path / "leeg")
    assert p.returncode != 0
    assert f"geen jaarplannen gevonden in {tmp_path / 'leeg' / 'data'}" in p.stderr
    assert f"EVALKIT_ROOT staat op {tmp_path / 'leeg'}" in p.stderr


def test_summary_outside_a_project_without_evalkit_root(tmp_path, installed):
    werk = tmp_path / "werk"
    werk.mkdir()
    p = _run(["-m", "evalkit", "summary"], werk, None, installed)
    assert p.returncode == 1
    assert p.stderr.startswith(f"Fout: geen jaarplannen gevonden in {werk / 'data'} ")
    assert "EVALKIT_ROOT is niet gezet" in p.stderr
    assert "Traceback" not in p.stderr


def test_summary_with_evalkit_root_on_a_folder_without_data(tmp_path):
    p = _run(["-m", "evalkit", "summary"], tmp_path, tmp_path)
    assert p.returncode == 1
    assert f"Fout: geen jaarplannen gevonden in {tmp_path / 'data'} " in p.stderr
    assert f"EVALKIT_ROOT staat op {tmp_path}" in p.stderr


def test_load_with_evalkit_root_on_the_project_still_loads(tmp_path):
    root = Path(__file__).resolve().parent.parent
    p = _run(["-c", LOAD + "; print(len(evalkit.load()['jaarplannen']))"], tmp_path, root)
    assert p.returncode == 0, p.stderr
    assert int(p.stdout.strip()) >= 3
