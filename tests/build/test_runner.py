"""`evalkit run`: validation first, incremental and atomic execution, reused kernels, run log."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from evalkit.build import runlog
from evalkit.build.hashing import tree_hash
from evalkit.build.runlog import RUNLOG_MAXIMUM
from evalkit.build.runner import failure_report, run, seconds_text, summary_lines
from evalkit.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures" / "runner"
ALLE = {"alfa/M12/eenvoudig", "alfa/M12/overzicht", "beta/M12/eenvoudig"}
# Only a guard against a hung test: waits are for events, never for a machine's speed.
HANG_GUARD = 600


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A small project copied from tests/fixtures/runner, made the project root."""
    for naam in ("data", "notebooks", "params"):
        shutil.copytree(FIXTURES / naam, tmp_path / naam)
    monkeypatch.setenv("EVALKIT_ROOT", str(tmp_path))
    monkeypatch.delenv("EVALKIT_FRESH_KERNELS", raising=False)
    return tmp_path


def uitvoer(project: Path, naam: str, soort: str = "ipynb") -> Path:
    return project / "reports" / f"{naam}.{soort}"


def uitkomsten(project: Path) -> dict[str, str]:
    """Outcome per notebook of the last run, from the run log."""
    laatste = runlog.read_records(project / "reports" / "run-log.jsonl")[-1]
    return {
        f"{n['jaarplan']}/{n['ronde']}/{n['notebook']}": n["uitkomst"] for n in laatste["notebooks"]
    }


def redenen_van(project: Path) -> dict[str, list[str]]:
    """Why each notebook of the last run was executed, from the run log."""
    laatste = runlog.read_records(project / "reports" / "run-log.jsonl")[-1]
    return {
        f"{n['jaarplan']}/{n['ronde']}/{n['notebook']}": n["reden"]
        for n in laatste["notebooks"]
        if "reden" in n
    }


def uitgevoerd(project: Path) -> set[str]:
    return {k for k, v in uitkomsten(project).items() if v == "uitgevoerd"}


def inhoud(project: Path) -> dict[str, bytes]:
    return {n: uitvoer(project, n).read_bytes() for n in sorted(ALLE)}


def stdout_van(nb_pad: Path) -> str:
    nb = nbformat.read(nb_pad, as_version=4)
    return "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )


def code_cellen(nb_pad: Path) -> list[tuple]:
    nb = nbformat.read(nb_pad, as_version=4)
    return [(c.execution_count, c.outputs) for c in nb.cells if c.cell_type == "code"]


def schrijf(pad: Path, tekst: str) -> None:
    pad.write_text(tekst, encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Validation before anything runs


@pytest.mark.parametrize(
    ("rel", "tekst", "verwacht"),
    [
        ("alfa/M12.yaml", "jaarplan: alfa\nronde: M12\nkleur: rood\n", "onbekende sleutel"),
        ("alfa/M12.yaml", "jaarplan: alfa\nronde: M12\nnotebooks: 5\n", "niet-lege lijst"),
        ("gamma/M12.yaml", "jaarplan: gamma\nronde: M12\n", "'gamma' bestaat niet"),
        ("alfa/M4.yaml", "jaarplan: alfa\nronde: M4\n", "'M4' bestaat niet voor jaarplan"),
        ("alfa/M12.yaml", "jaarplan: ../beta\nronde: M12\n", "'../beta' is geen geldige id"),
        ("beta/M12.yaml", "jaarplan: alfa\nronde: M12\n", "staat in de map 'beta'"),
    ],
)
def test_invalid_params_stop_the_run_before_anything_executes(
    project, capsys, rel, tekst, verwacht
):
    pad = project / "params" / rel
    pad.parent.mkdir(exist_ok=True)
    schrijf(pad, tekst)
    assert main(["run"]) == 1
    fout = capsys.readouterr().err
    assert fout.startswith("Fout: ")
    assert f"params/{rel}" in fout
    assert verwacht in fout
    assert not (project / "reports").exists()


def test_unknown_id_on_the_command_line_is_an_error(project, capsys):
    assert main(["run", "alfa", "gamma"]) == 1
    assert "onbekend jaarplan 'gamma'" in capsys.readouterr().err
    assert not (project / "reports").exists()


def test_jobs_must_be_positive(project, capsys):
    assert main(["run", "--jobs", "0"]) == 1
    assert "--jobs: moet minstens 1 zijn" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# Execution


def test_run_writes_reproducible_outputs_and_a_second_run_skips(project, capsys):
    assert main(["run", "--jobs", "1"]) == 0
    uit = capsys.readouterr().out
    assert "Reden: nieuw (3)" in uit
    assert "[3/3] beta/M12/eenvoudig ... " in uit
    assert "uitgevoerd: 3, overgeslagen (ongewijzigd): 0, mislukt: 0" in uit
    assert 'alfa/M12 [eenvoudig, overzicht]: jaarplan="alfa", ronde="M12", data_dir="data"' in uit
    assert "Versies: python " in uit

    assert stdout_van(uitvoer(project, "alfa/M12/eenvoudig")) == "hoi alfa M12: een\n"
    assert stdout_van(uitvoer(project, "beta/M12/eenvoudig")) == "hallo beta M12: twee\n"
    assert stdout_van(uitvoer(project, "alfa/M12/overzicht")) == "alfa, beta\n"

    nb = nbformat.read(uitvoer(project, "alfa/M12/eenvoudig"), as_version=4)
    injectie = nb.cells[2]
    assert injectie.id == "injected-parameters"
    assert injectie.metadata.tags == ["injected-parameters", "remove-cell"]
    assert 'data_dir = "data"' in injectie.source
    assert [c.id for c in nb.cells] == ["c0", "c1", "injected-parameters", "c2", "c3"]
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3, 4]
    assert nb.metadata.papermill.input_path == "notebooks/eenvoudig.ipynb"
    assert nb.metadata.papermill.output_path == "reports/alfa/M12/eenvoudig.ipynb"

    for naam in ALLE:
        tekst = uitvoer(project, naam).read_text(encoding="utf-8")
        for tijd in ("start_time", "end_time", '"duration"', "iopub.", "shell.execute_reply"):
            assert tijd not in tekst
        assert str(project) not in tekst
        assert str(project.resolve()) not in tekst
    # Only the outputs and the state files remain: no temp files.
    verborgen = sorted(p.name for p in (project / "reports").rglob(".*"))
    assert verborgen == [".evalkit-state.json", ".evalkit-state.json"]

    voor = {n: uitvoer(project, n).stat().st_mtime_ns for n in ALLE}
    inhoud_voor = inhoud(project)
    tweede = run(jobs=1)
    assert tweede.ok and tweede.exit_code == 0
    assert (len(tweede.executed), len(tweede.skipped), len(tweede.failed)) == (0, 3, 0)
    assert {n.name for n in tweede.skipped} == ALLE
    assert "uitgevoerd: 0, overgeslagen (ongewijzigd): 3, mislukt: 0" in summary_lines(tweede)[0]
    assert capsys.readouterr().out == ""  # the library prints nothing
    assert {n: uitvoer(project, n).stat().st_mtime_ns for n in ALLE} == voor
    assert inhoud(project) == inhoud_voor
    assert set(uitkomsten(project).values()) == {"overgeslagen"}


def test_no_change_run_imports_no_heavy_modules(project):
    assert run(jobs=1).ok
    code = (
        "import sys\nfrom evalkit.cli import main\nrc = main(['run'])\n"
        "zwaar = ('papermill', 'nbclient', 'nbformat', 'jupyter_client', 'pandas', 'matplotlib')\n"
        "print(rc, sorted(m for m in zwaar if m in sys.modules))\n"
    )
    # A change to src/evalkit during the test (by an editor) makes a run execute again; the
    # claim is about runs with nothing to do, so look at the first one that had nothing to do.
    for _ in range(3):
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        if set(uitkomsten(project).values()) == {"overgeslagen"}:
            break
    assert set(uitkomsten(project).values()) == {"overgeslagen"}
    assert p.stdout.splitlines()[-1] == "0 []"


def test_changed_data_reruns_only_that_plan_and_the_all_plans_notebooks(project):
    assert run(jobs=1).ok
    schrijf(project / "data" / "beta" / "waarde.txt", "drie\n")
    assert run(jobs=1).ok
    # beta's own notebook, and alfa's overzicht (it reads all plans); not alfa's eenvoudig.
    assert uitgevoerd(project) == {"beta/M12/eenvoudig", "alfa/M12/overzicht"}
    assert redenen_van(project) == {"beta/M12/eenvoudig": ["data"], "alfa/M12/overzicht": ["data"]}
    assert stdout_van(uitvoer(project, "beta/M12/eenvoudig")) == "hallo beta M12: drie\n"

    schrijf(
        project / "params" / "beta" / "M12.yaml",
        "jaarplan: beta\nronde: M12\nnotebooks: [eenvoudig]\nopties: {groet: dag}\n",
    )
    assert run(["beta"], jobs=1).ok
    assert uitkomsten(project) == {"beta/M12/eenvoudig": "uitgevoerd"}
    assert redenen_van(project) == {"beta/M12/eenvoudig": ["parameterbestand", "parameters"]}
    assert stdout_van(uitvoer(project, "beta/M12/eenvoudig")) == "dag beta M12: drie\n"


def test_staff_text_is_not_a_notebook_input(project):
    assert run(jobs=1).ok
    # tekst/ holds the book's own chapters; no notebook reads it, so none runs again
    (project / "data" / "beta" / "tekst").mkdir()
    schrijf(project / "data" / "beta" / "tekst" / "conclusies.md", "# Conclusies\n\nTekst.\n")
    assert run(jobs=1).ok
    assert uitgevoerd(project) == set()
    schrijf(project / "data" / "beta" / "tekst.txt", "geen map tekst/, dus wel data\n")
    assert run(jobs=1).ok
    assert uitgevoerd(project) == {"beta/M12/eenvoudig", "alfa/M12/overzicht"}


def test_parallel_and_forced_runs_give_identical_bytes(project):
    assert run(jobs=2).ok
    parallel = inhoud(project)
    geforceerd = run(jobs=1, force=True)
    assert {n.name for n in geforceerd.executed} == ALLE
    assert {n.reasons for n in geforceerd.notebooks} == {("geforceerd",)}
    assert uitgevoerd(project) == ALLE
    assert set(map(tuple, redenen_van(project).values())) == {("geforceerd",)}
    assert inhoud(project) == parallel


def test_failing_notebook_keeps_previous_output_and_others_continue(project, capsys):
    assert run(jobs=1).ok
    goed = uitvoer(project, "alfa/M12/eenvoudig").read_bytes()
    schrijf(project / "data" / "alfa" / "waarde.txt", "boem\n")
    schrijf(project / "data" / "beta" / "waarde.txt", "vier\n")

    voortgang: list[str] = []
    waarschuwingen: list[str] = []
    result = run(jobs=2, progress=voortgang.append, warn=waarschuwingen.append)
    assert result.exit_code == 1 and int(result) == 1
    assert [n.name for n in result.failed] == ["alfa/M12/eenvoudig"]
    fout = result.failed[0].error
    assert (fout["cel"], fout["in"], fout["ename"]) == (4, 4, "ValueError")
    assert fout["evalue"] == "boem in alfa"
    assert fout["mislukt"] == "reports/alfa/M12/eenvoudig.mislukt.ipynb"
    assert {n.name for n in result.executed} == {"alfa/M12/overzicht", "beta/M12/eenvoudig"}
    assert "uitgevoerd: 2, overgeslagen (ongewijzigd): 0, mislukt: 1" in voortgang[-1]
    assert any("alfa/M12/eenvoudig ... MISLUKT" in r for r in voortgang)
    assert waarschuwingen == [failure_report(result)]
    assert "alfa/M12/eenvoudig: cel 4 (In [4])" in waarschuwingen[0]
    assert "ValueError: boem in alfa" in waarschuwingen[0]
    assert "mislukte uitvoer: reports/alfa/M12/eenvoudig.mislukt.ipynb" in waarschuwingen[0]
    assert capsys.readouterr() == ("", "")  # the library prints nothing itself

    assert uitvoer(project, "alfa/M12/eenvoudig").read_bytes() == goed
    mislukt = nbformat.read(uitvoer(project, "alfa/M12/eenvoudig.mislukt"), as_version=4)
    assert mislukt.metadata.papermill.exception is True
    assert "ValueError" in json.dumps(mislukt.cells[-1].outputs)
    assert stdout_van(uitvoer(project, "beta/M12/eenvoudig")) == "hallo beta M12: vier\n"
    assert uitkomsten(project)["alfa/M12/eenvoudig"] == "mislukt"
    assert not list((project / "reports").rglob(".*.tmp*"))

    # Repaired: the notebook is executed again and the .mislukt.ipynb disappears.
    schrijf(project / "data" / "alfa" / "waarde.txt", "vijf\n")
    assert run(jobs=1).ok
    assert uitgevoerd(project) == {"alfa/M12/eenvoudig", "alfa/M12/overzicht"}
    assert not uitvoer(project, "alfa/M12/eenvoudig.mislukt").exists()


def test_ctrl_c_leaves_previous_outputs_intact(project):
    assert run(jobs=1).ok
    voor = inhoud(project)
    # Every eenvoudig execution now signals that it started, then waits until the test lets it
    # go (a 'stop' file), so that it is still running when Ctrl-C comes, however slow the
    # machine is.
    nb = nbformat.read(project / "notebooks" / "eenvoudig.ipynb", as_version=4)
    wacht = nbformat.v4.new_code_cell(
        "import time\n(map_ / 'gestart').write_text('ja')\n"
        "while not (map_ / 'stop').exists():\n    time.sleep(0.05)",
        id="wacht",
    )
    nb.cells.append(wacht)
    nbformat.write(nb, project / "notebooks" / "eenvoudig.ipynb")
    gestart = [project / "data" / plan / "gestart" for plan in ("alfa", "beta")]
    proc = subprocess.Popen(
        [sys.executable, "-m", "evalkit", "run", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C would reach
    )
    try:
        # Wait for the event (both notebooks running), or for the run to end early; the
        # deadline only guards against a hang and never decides the outcome by speed.
        noodrem = time.monotonic() + HANG_GUARD
        while not all(p.exists() for p in gestart) and proc.poll() is None:
            assert time.monotonic() < noodrem, "de notebooks zijn nooit gestart (vastgelopen)"
            time.sleep(0.1)
        assert proc.poll() is None, proc.communicate()
        os.killpg(proc.pid, signal.SIGINT)
        _, fout = proc.communicate(timeout=HANG_GUARD)
    finally:
        for plan in ("alfa", "beta"):
            (project / "data" / plan / "stop").write_text("ja")  # frees a leftover kernel
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130
    assert "Afgebroken; eerdere uitvoer is ongewijzigd." in fout
    assert inhoud(project) == voor
    assert sorted(p.name for p in (project / "reports").rglob(".*")) == [
        ".evalkit-state.json",
        ".evalkit-state.json",
    ]
    assert runlog.read_records(project / "reports" / "run-log.jsonl")[-1]["afgebroken"] is True


def test_reused_kernel_gives_the_same_notebook_as_a_fresh_kernel(project):
    for plan in ("alfa", "beta"):
        schrijf(
            project / "params" / plan / "M12.yaml",
            f"jaarplan: {plan}\nronde: M12\nnotebooks: [grafiek, eenvoudig]\n",
        )
    assert run(jobs=1).ok
    log = runlog.read_records(project / "reports" / "run-log.jsonl")[-1]["notebooks"]
    volgnummers = {f"{n['jaarplan']}/{n['notebook']}": n["kernel_volgnummer"] for n in log}
    assert volgnummers == {
        "alfa/grafiek": 1,
        "alfa/eenvoudig": 2,
        "beta/grafiek": 3,
        "beta/eenvoudig": 4,
    }
    hergebruikt = {n: uitvoer(project, n).read_bytes() for n in ("beta/M12/grafiek",)}
    cellen = code_cellen(uitvoer(project, "beta/M12/grafiek"))

    assert run(["beta"], jobs=1, force=True, fresh_kernels=True).ok
    log = runlog.read_records(project / "reports" / "run-log.jsonl")[-1]["notebooks"]
    assert [n["kernel_volgnummer"] for n in log] == [1, 1]
    vers = code_cellen(uitvoer(project, "beta/M12/grafiek"))
    assert [c[0] for c in vers] == [1, 2, 3, 4, 5]
    assert vers == cellen
    assert "image/png" in json.dumps(vers)
    assert uitvoer(project, "beta/M12/grafiek").read_bytes() == hergebruikt["beta/M12/grafiek"]


def test_dead_kernel_is_retried_once_and_restarted_for_the_next_notebook(project, capsys):
    schrijf(
        project / "params" / "alfa" / "M12.yaml",
        "jaarplan: alfa\nronde: M12\nnotebooks: [sterft, eenvoudig]\n",
    )
    assert main(["run", "alfa", "--jobs", "1"]) == 1
    fout = capsys.readouterr().err
    assert "alfa/M12/sterft: de Python-kernel is onverwacht gestopt" in fout
    assert "Error" not in fout  # no exception class names for the user
    log = {
        n["notebook"]: n
        for n in runlog.read_records(project / "reports" / "run-log.jsonl")[-1]["notebooks"]
    }
    assert log["sterft"]["uitkomst"] == "mislukt"
    assert log["sterft"]["fout"]["ename"] == "DeadKernelError"  # kept for diagnosis
    assert log["sterft"]["pogingen"] == 2
    assert log["eenvoudig"]["uitkomst"] == "uitgevoerd"
    assert stdout_van(uitvoer(project, "alfa/M12/eenvoudig")) == "hallo alfa M12: een\n"


def test_run_log_records_parameters_inputs_versions_and_timings(project):
    assert run(jobs=1).ok
    regel = runlog.read_records(project / "reports" / "run-log.jsonl")[-1]
    assert regel["resultaat"] == {
        "uitgevoerd": 3,
        "overgeslagen": 0,
        "mislukt": 0,
        "niet_uitgevoerd": 0,
    }
    assert {
        "python",
        "evalkit",
        "papermill",
        "nbclient",
        "ipykernel",
        "pandas",
        "matplotlib",
    } <= set(regel["versies"])
    nb = {f"{n['jaarplan']}/{n['notebook']}": n for n in regel["notebooks"]}["alfa/eenvoudig"]
    assert nb["parameters"] == {
        "jaarplan": "alfa",
        "ronde": "M12",
        "data_dir": "data",
        "groet": "hoi",
    }
    assert nb["invoer"]["data"] == tree_hash(project / "data" / "alfa")
    assert nb["invoer"]["data_scope"] == "jaarplan"
    assert nb["duur_s"] > 0


# --------------------------------------------------------------------------------------------
# Pure helpers


def test_seconds_use_a_dutch_decimal_comma():
    assert seconds_text(1.84) == "1,8 s"
    assert seconds_text(12) == "12,0 s"


def test_invalid_data_is_reported_per_cell_and_not_executed(project, capsys):
    assert run(jobs=1).ok
    goed = uitvoer(project, "alfa/M12/eenvoudig").read_bytes()
    schrijf(project / "data" / "alfa" / "realisatie" / "M12" / "activiteiten.csv",
            "activiteit;besteed\nA1;veel\n")  # fmt: skip
    schrijf(project / "data" / "beta" / "waarde.txt", "vijf\n")

    assert main(["run", "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert (
        "alfa/realisatie/M12/activiteiten.csv, rij 2, kolom 'besteed': 'veel' is geen bedrag"
        in captured.err
    )
    assert "alfa/M12/eenvoudig: niet uitgevoerd: ongeldige data van alfa" in captured.err
    # Not executed: no failed notebook, the previous output untouched; beta still ran.
    assert not uitvoer(project, "alfa/M12/eenvoudig.mislukt").exists()
    assert uitvoer(project, "alfa/M12/eenvoudig").read_bytes() == goed
    assert stdout_van(uitvoer(project, "beta/M12/eenvoudig")) == "hallo beta M12: vijf\n"


# --------------------------------------------------------------------------------------------
# Run log rotation and Dutch failure messages


def test_run_log_keeps_the_last_200_runs(project, capsys):
    log = project / "reports" / "run-log.jsonl"
    log.parent.mkdir()
    log.write_text("".join(f'{{"oud": {i}}}\n' for i in range(1, 251)), encoding="utf-8")
    # Invalid data: the run refuses every notebook without starting a kernel, and logs itself.
    schrijf(project / "data" / "alfa" / "realisatie" / "M12" / "activiteiten.csv",
            "activiteit;besteed\nA1;veel\n")  # fmt: skip
    schrijf(project / "data" / "beta" / "waarde.txt", "")
    result = run(["alfa"], jobs=1)
    assert result.exit_code == 1
    assert [n.outcome for n in result.notebooks] == ["niet_uitgevoerd", "niet_uitgevoerd"]
    assert list(result.invalid_data) == ["alfa"]
    regels = runlog.read_records(log)
    assert RUNLOG_MAXIMUM == 200
    assert len(regels) == 200
    assert regels[0] == {"oud": 52}  # the 51 oldest are gone
    assert "notebooks" in regels[-1]  # the new run is the last line
