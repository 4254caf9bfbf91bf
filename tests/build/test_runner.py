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
from evalkit.build.runner import (
    RUNLOG_MAXIMUM,
    clean_notebook,
    error_of,
    imported_modules,
    is_current,
    keep_last,
    reasons,
    run,
    seconden,
    sha256_text,
    tree_hash,
)
from evalkit.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures" / "runner"
ALLE = {"alfa/M12/eenvoudig", "alfa/M12/overzicht", "beta/M12/eenvoudig"}


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
    assert run(jobs=1) == 0
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
    assert run(jobs=1) == 0
    assert "uitgevoerd: 0, overgeslagen (ongewijzigd): 3, mislukt: 0" in capsys.readouterr().out
    assert {n: uitvoer(project, n).stat().st_mtime_ns for n in ALLE} == voor
    assert inhoud(project) == inhoud_voor
    assert set(uitkomsten(project).values()) == {"overgeslagen"}


def test_no_change_run_imports_no_heavy_modules(project):
    assert run(jobs=1, progress=False) == 0
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
    assert run(jobs=1, progress=False) == 0
    schrijf(project / "data" / "beta" / "waarde.txt", "drie\n")
    assert run(jobs=1, progress=False) == 0
    # beta's own notebook, and alfa's overzicht (it reads all plans); not alfa's eenvoudig.
    assert uitgevoerd(project) == {"beta/M12/eenvoudig", "alfa/M12/overzicht"}
    assert redenen_van(project) == {"beta/M12/eenvoudig": ["data"], "alfa/M12/overzicht": ["data"]}
    assert stdout_van(uitvoer(project, "beta/M12/eenvoudig")) == "hallo beta M12: drie\n"

    schrijf(
        project / "params" / "beta" / "M12.yaml",
        "jaarplan: beta\nronde: M12\nnotebooks: [eenvoudig]\nopties: {groet: dag}\n",
    )
    assert run(["beta"], jobs=1, progress=False) == 0
    assert uitkomsten(project) == {"beta/M12/eenvoudig": "uitgevoerd"}
    assert redenen_van(project) == {"beta/M12/eenvoudig": ["parameterbestand", "parameters"]}
    assert stdout_van(uitvoer(project, "beta/M12/eenvoudig")) == "dag beta M12: drie\n"


def test_parallel_and_forced_runs_give_identical_bytes(project):
    assert run(jobs=2, progress=False) == 0
    parallel = inhoud(project)
    assert run(jobs=1, force=True, progress=False) == 0
    assert uitgevoerd(project) == ALLE
    assert set(map(tuple, redenen_van(project).values())) == {("geforceerd",)}
    assert inhoud(project) == parallel


def test_failing_notebook_keeps_previous_output_and_others_continue(project, capsys):
    assert run(jobs=1, progress=False) == 0
    goed = uitvoer(project, "alfa/M12/eenvoudig").read_bytes()
    schrijf(project / "data" / "alfa" / "waarde.txt", "boem\n")
    schrijf(project / "data" / "beta" / "waarde.txt", "vier\n")

    assert run(jobs=2) == 1
    captured = capsys.readouterr()
    assert "uitgevoerd: 2, overgeslagen (ongewijzigd): 0, mislukt: 1" in captured.out
    assert "alfa/M12/eenvoudig ... MISLUKT" in captured.out
    assert "alfa/M12/eenvoudig: cel 4 (In [4])" in captured.err
    assert "ValueError: boem in alfa" in captured.err
    assert "mislukte uitvoer: reports/alfa/M12/eenvoudig.mislukt.ipynb" in captured.err

    assert uitvoer(project, "alfa/M12/eenvoudig").read_bytes() == goed
    mislukt = nbformat.read(uitvoer(project, "alfa/M12/eenvoudig.mislukt"), as_version=4)
    assert mislukt.metadata.papermill.exception is True
    assert "ValueError" in json.dumps(mislukt.cells[-1].outputs)
    assert stdout_van(uitvoer(project, "beta/M12/eenvoudig")) == "hallo beta M12: vier\n"
    assert uitkomsten(project)["alfa/M12/eenvoudig"] == "mislukt"
    assert not list((project / "reports").rglob(".*.tmp*"))

    # Repaired: the notebook is executed again and the .mislukt.ipynb disappears.
    schrijf(project / "data" / "alfa" / "waarde.txt", "vijf\n")
    assert run(jobs=1, progress=False) == 0
    assert uitgevoerd(project) == {"alfa/M12/eenvoudig", "alfa/M12/overzicht"}
    assert not uitvoer(project, "alfa/M12/eenvoudig.mislukt").exists()


def test_ctrl_c_leaves_previous_outputs_intact(project):
    assert run(jobs=1, progress=False) == 0
    voor = inhoud(project)
    # Every eenvoudig execution now signals that it started, then waits far longer than the test.
    nb = nbformat.read(project / "notebooks" / "eenvoudig.ipynb", as_version=4)
    wacht = nbformat.v4.new_code_cell(
        "import time\n(map_ / 'gestart').write_text('ja')\ntime.sleep(120)", id="wacht"
    )
    nb.cells.append(wacht)
    nbformat.write(nb, project / "notebooks" / "eenvoudig.ipynb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "evalkit", "run", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C would reach
    )
    try:
        gestart = [project / "data" / plan / "gestart" for plan in ("alfa", "beta")]
        for _ in range(600):
            if all(p.exists() for p in gestart) or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert all(p.exists() for p in gestart)
        os.killpg(proc.pid, signal.SIGINT)
        _, fout = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
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
    assert run(jobs=1, progress=False) == 0
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

    assert run(["beta"], jobs=1, force=True, progress=False, fresh_kernels=True) == 0
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
    assert run(["alfa"], jobs=1) == 1
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
    assert run(jobs=1, progress=False) == 0
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
    assert seconden(1.84) == "1,8 s"
    assert seconden(12) == "12,0 s"


def test_tree_hash_follows_content_and_ignores_hidden_files(tmp_path):
    (tmp_path / "a").mkdir()
    schrijf(tmp_path / "a" / "x.csv", "1")
    eerst = tree_hash(tmp_path)
    schrijf(tmp_path / "a" / ".x.csv.swp", "rommel")
    assert tree_hash(tmp_path) == eerst
    schrijf(tmp_path / "a" / "x.csv", "2")
    tweede = tree_hash(tmp_path)
    assert tweede != eerst
    (tmp_path / "a" / "x.csv").rename(tmp_path / "a" / "y.csv")
    assert tree_hash(tmp_path) != tweede


def test_reasons_name_the_changed_inputs():
    invoer = {"notebook": "n1", "params": "p1", "parameters": {"a": 1}, "data": "d1"}
    status = {"notebooks": {"e": {"invoer": dict(invoer)}}}
    assert reasons(status, "ander", invoer) == ["nieuw"]
    assert reasons(status, "e", invoer) == ["uitvoer ontbreekt of is gewijzigd"]
    assert reasons(status, "e", {**invoer, "data": "d2", "notebook": "n2"}) == ["notebook", "data"]


def test_up_to_date_needs_same_key_and_untouched_output(tmp_path):
    pad = tmp_path / "e.ipynb"
    schrijf(pad, "{}")
    status = {"notebooks": {"e": {"sleutel": "k1", "uitvoer_sha256": sha256_text("{}")}}}
    assert is_current(status, "e", "k1", pad)
    assert not is_current(status, "e", "k2", pad)
    assert not is_current(status, "ander", "k1", pad)
    schrijf(pad, "{} ")
    assert not is_current(status, "e", "k1", pad)
    pad.unlink()
    assert not is_current(status, "e", "k1", pad)


def test_imported_modules_are_found_for_the_kernel_warm_up():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import pandas as pd\nfrom evalkit.present import figures, tables"
        ),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport kapot"),
        nbformat.v4.new_code_cell("from . import relatief\ndef f():\n    import json"),
    ]
    assert imported_modules(nbformat.writes(nb)) == [
        "pandas",
        "evalkit.present",
        "evalkit.present.figures",
        "evalkit.present.tables",
        "json",
    ]


def test_clean_notebook_drops_timestamps_and_fixes_ids():
    nb = nbformat.v4.new_notebook()
    nb.metadata.papermill = {
        "start_time": "t",
        "end_time": "t",
        "duration": 1.0,
        "input_path": "/abs/in.ipynb",
        "output_path": "/abs/.tmp",
    }
    bron = nbformat.v4.new_code_cell("x = 1", id="eigen")
    injectie = nbformat.v4.new_code_cell("x = 2", id="a1b2c3d4")
    injectie.metadata.tags = ["injected-parameters"]
    fout = nbformat.v4.new_markdown_cell("fout", id="ffffffff")
    fout.metadata.tags = ["papermill-error-cell-tag"]
    for c in (bron, injectie, fout):
        c.metadata.papermill = {"start_time": "t", "end_time": "t", "duration": 1, "status": "ok"}
        c.metadata.execution = {"iopub.status.busy": "t"}
    nb.cells = [fout, bron, injectie]
    clean_notebook(nb, {"eigen"}, "notebooks/n.ipynb", "reports/p/r/n.ipynb")
    assert nb.metadata.papermill == {
        "input_path": "notebooks/n.ipynb",
        "output_path": "reports/p/r/n.ipynb",
    }
    assert [c.id for c in nb.cells] == ["papermill-error-0", "eigen", "injected-parameters"]
    assert nb.cells[2].metadata.tags == ["injected-parameters", "remove-cell"]
    for c in nb.cells:
        assert c.metadata.papermill == {"status": "ok"}
        assert "execution" not in c.metadata


def test_invalid_data_is_reported_per_cell_and_not_executed(project, capsys):
    assert run(jobs=1, progress=False) == 0
    goed = uitvoer(project, "alfa/M12/eenvoudig").read_bytes()
    schrijf(project / "data" / "alfa" / "realisatie" / "M12" / "activiteiten.csv",
            "activiteit;besteed\nA1;veel\n")  # fmt: skip
    schrijf(project / "data" / "beta" / "waarde.txt", "vijf\n")

    assert run(jobs=1) == 1
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


def test_houd_laatste_keeps_the_newest_lines_atomically(tmp_path):
    pad = tmp_path / "log.jsonl"
    pad.write_text("".join(f'{{"n": {i}}}\n' for i in range(1, 11)), encoding="utf-8")
    assert keep_last(pad, 20) == 0
    assert keep_last(pad, 4) == 6
    assert [r["n"] for r in runlog.read_records(pad)] == [7, 8, 9, 10]
    assert [p.name for p in tmp_path.iterdir()] == ["log.jsonl"]  # no temp file left
    assert keep_last(tmp_path / "bestaat-niet.jsonl", 4) == 0


def test_run_log_keeps_the_last_200_runs(project, capsys):
    log = project / "reports" / "run-log.jsonl"
    log.parent.mkdir()
    log.write_text("".join(f'{{"oud": {i}}}\n' for i in range(1, 251)), encoding="utf-8")
    # Invalid data: the run refuses every notebook without starting a kernel, and logs itself.
    schrijf(project / "data" / "alfa" / "realisatie" / "M12" / "activiteiten.csv",
            "activiteit;besteed\nA1;veel\n")  # fmt: skip
    schrijf(project / "data" / "beta" / "waarde.txt", "")
    assert run(["alfa"], jobs=1, progress=False) == 1
    regels = runlog.read_records(log)
    assert RUNLOG_MAXIMUM == 200
    assert len(regels) == 200
    assert regels[0] == {"oud": 52}  # the 51 oldest are gone
    assert "notebooks" in regels[-1]  # the new run is the last line


def test_failures_outside_the_notebook_are_described_in_dutch(tmp_path):
    tijdelijk = tmp_path / "reports" / "x" / "M12" / ".evaluatie.123.tmp.ipynb"
    fout = error_of(PermissionError(13, "Permission denied", str(tijdelijk)), tmp_path)
    assert fout == {
        "ename": "PermissionError",
        "evalue": f"[Errno 13] Permission denied: '{tijdelijk}'",
        "melding": "kan de uitvoer niet schrijven in reports/x/M12/ (geen toegang)",
    }
    vol = error_of(
        OSError(28, "No space left on device", str(tmp_path / "data" / "a.csv")), tmp_path
    )
    assert vol["melding"] == "data/a.csv: schijf vol"
    assert error_of(RuntimeError("Kernel died before replying"))["melding"] == (
        "de Python-kernel is onverwacht gestopt of reageerde niet op tijd"
    )
    anders = error_of(ValueError("iets raars"))["melding"]
    assert anders.startswith("onverwachte fout bij het uitvoeren; de technische details staan in")
    assert "ValueError" not in anders
