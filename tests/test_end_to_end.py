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
    assert runner.run(reports_dir=reports, force=True).exit_code == 0

    gemaakt = sorted(reports.glob("*/*/*.ipynb"))
    assert [p.relative_to(reports) for p in gemaakt] == [
        p.relative_to(paths.REPORTS_DIR) for p in verwacht
    ]
    for nieuw, oud in zip(gemaakt, verwacht, strict=True):
        assert _zonder_uitvoerpad(nieuw) == _zonder_uitvoerpad(oud), (
            f"{oud.relative_to(paths.ROOT)} wijkt af van een nieuwe uitvoering; "
            "na een bedoelde wijziging: make baselines"
        )


# The notebooks in notebooks/ are the templates the runner executes; with their default
# parameters they are the same executions as these report notebooks. Comparing their committed
# outputs with the committed (and above re-executed) report notebooks checks them without
# executing each notebook a second time.
SAME_EXECUTION = {
    "evaluatie": "plein013-2023/M12",
    "overzicht": "plein013-2023/M12",
    "stakeholders": "almere-2023-2024/oktober-2024",
}


def _code_cells(pad):
    nb = json.loads(pad.read_text(encoding="utf-8"))
    return [
        c
        for c in nb["cells"]
        if c["cell_type"] == "code"
        and "injected-parameters" not in c.get("metadata", {}).get("tags", [])
    ]


def test_template_notebooks_hold_the_outputs_of_their_report_execution():
    for naam, ronde in SAME_EXECUTION.items():
        sjabloon = _code_cells(paths.NOTEBOOKS_DIR / f"{naam}.ipynb")
        rapport = _code_cells(paths.REPORTS_DIR / ronde / f"{naam}.ipynb")
        assert len(sjabloon) == len(rapport), naam
        for i, (a, b) in enumerate(zip(sjabloon, rapport, strict=True)):
            assert a["source"] == b["source"], f"{naam}, cel {i}: andere code; make baselines"
            assert a["outputs"] == b["outputs"], f"{naam}, cel {i}: andere uitvoer; make baselines"
