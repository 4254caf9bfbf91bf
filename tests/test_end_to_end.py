"""End to end: executing the shipped params reproduces the committed report notebooks exactly."""

from __future__ import annotations

import json

from evalkit import paths
from evalkit.build import runner


def _zonder_uitvoerpad(pad):
    """The notebook's bytes with papermill's output_path (where it was written) left out."""
    nb = json.loads(pad.read_text(encoding="utf-8"))
    nb["metadata"]["papermill"].pop("output_path")
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True)


def test_run_reproduces_the_committed_executed_notebooks_byte_for_byte(tmp_path):
    verwacht = sorted(paths.REPORTS_DIR.glob("*/*/*.ipynb"))
    verwacht = [p for p in verwacht if not p.name.endswith(".mislukt.ipynb")]
    assert len(verwacht) >= 9  # evaluatie + overzicht per round, stakeholders for Almere

    reports = tmp_path / "reports"
    assert runner.run(reports_dir=reports, progress=False, force=True) == 0

    gemaakt = sorted(reports.glob("*/*/*.ipynb"))
    assert [p.relative_to(reports) for p in gemaakt] == [
        p.relative_to(paths.REPORTS_DIR) for p in verwacht
    ]
    for nieuw, oud in zip(gemaakt, verwacht, strict=True):
        assert _zonder_uitvoerpad(nieuw) == _zonder_uitvoerpad(oud), (
            f"{oud.relative_to(paths.ROOT)} wijkt af van een nieuwe uitvoering; "
            "na een bedoelde wijziging: make baselines"
        )
