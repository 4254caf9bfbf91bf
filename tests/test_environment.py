"""environment.yml, pyproject.toml and constraints.txt describe the same environment."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib

import pytest
import yaml

from evalkit import paths


def _pyproject() -> dict:
    return tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _constraints() -> dict[str, str]:
    pins = {}
    for regel in (paths.ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if regel and not regel.startswith("#"):
            naam, _, versie = regel.partition("==")
            pins[naam.strip().lower().replace("_", "-")] = versie.strip()
    return pins


def _vereisten() -> list[str]:
    project = _pyproject()["project"]
    extra = project["optional-dependencies"]
    return [*project["dependencies"], *extra["dev"], *extra["lab"]]


@pytest.mark.shipped
def test_every_direct_dependency_is_pinned_and_matches_constraints():
    pins = _constraints()
    for vereiste in _vereisten():
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9][^;\s]*)", vereiste)
        assert m, f"niet exact vastgepind: {vereiste}"
        naam = m.group(1).lower().replace("_", "-")
        assert pins.get(naam) == m.group(2), f"{vereiste} wijkt af van constraints.txt"


@pytest.mark.shipped
def test_environment_yml_installs_the_project_with_the_same_pins():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text(encoding="utf-8"))
    deps = env["dependencies"]
    python = next(d for d in deps if isinstance(d, str) and d.startswith("python="))
    vereist = _pyproject()["project"]["requires-python"]
    assert vereist == ">=" + python.removeprefix("python=")
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    assert "-c constraints.txt" in pip
    assert any(p.startswith("-e .[") and "dev" in p for p in pip)
    assert any(isinstance(d, str) and d.startswith("quarto") for d in deps)


@pytest.mark.shipped
def test_make_help_has_no_colour_codes_when_not_on_a_terminal():
    """`make help` piped (or with NO_COLOR) prints plain text; on a terminal it may colour."""
    for env in ({}, {"NO_COLOR": "1"}):
        uit = subprocess.run(
            ["make", "-s", "help"], cwd=paths.ROOT, capture_output=True, text=True, check=True,
            env={**os.environ, **env},
        ).stdout  # fmt: skip
        assert "\x1b[" not in uit
        assert "test-fast" in uit and "report" in uit


@pytest.mark.shipped
def test_make_lab_serves_the_project_so_links_to_docs_work():
    uit = subprocess.run(
        ["make", "-n", "lab"], cwd=paths.ROOT, capture_output=True, text=True, check=True
    ).stdout
    regel = next(r for r in uit.splitlines() if "jupyter lab" in r)
    assert "--ServerApp.root_dir=." in regel
    assert "--LabApp.default_url=/lab/tree/notebooks" in regel
