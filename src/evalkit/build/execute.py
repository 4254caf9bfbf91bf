"""Executing one notebook with papermill in a worker, and running many in a process pool.

A worker never raises for a notebook's or a file's error: the outcome is a dict (ok, fout with
a Dutch `melding`, duration, attempts, kernel number) that the runner records and reports.
"""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evalkit.build.hashing import sha256_text
from evalkit.build.kernels import (
    KERNEL_NAME,
    WORKER,
    Kernel,
    is_kernel_problem,
    prepare_kernel,
    start_worker,
    stop_worker,
)
from evalkit.build.runlog import RUNLOG
from evalkit.build.state import Task
from evalkit.errors import EvalkitError, os_reason
from evalkit.files import write_atomic

# Tags of papermill's injected-parameters cell in the saved output (remove-cell: hidden in the
# rendered report by Quarto and the built-in renderer).
INJECTION_TAGS = ("injected-parameters", "remove-cell")
_TIME_KEYS = ("start_time", "end_time", "duration")


def clean_notebook(nb: Any, bron_ids: set[str], bron_rel: str, doel_rel: str) -> Any:
    """Make an executed notebook reproducible, in place: no timestamps, stable ids, no paths.

    Removes papermill's and nbclient's timing metadata, records the input and output as
    project-relative paths, gives cells that papermill added (injected parameters, error
    markers) or re-numbered stable ids, and tags the injected-parameters cell so that
    renderers hide it.
    """
    meta = nb.metadata.get("papermill")
    if meta is not None:
        for k in _TIME_KEYS:
            meta.pop(k, None)
        meta["input_path"] = bron_rel
        meta["output_path"] = doel_rel
    gebruikt: set[str] = set()
    for i, cel in enumerate(nb.cells):
        cel.metadata.pop("execution", None)
        pm = cel.metadata.get("papermill")
        if pm is not None:
            for k in _TIME_KEYS:
                pm.pop(k, None)
        _copy_figure_alt(cel)
        nieuw = _stable_id(cel, i, bron_ids, gebruikt)
        if "id" in cel or nb.get("nbformat_minor", 0) >= 5:
            cel["id"] = nieuw
        gebruikt.add(nieuw)
    return nb


def _copy_figure_alt(cel: Any) -> None:
    """Copy the alternative text of a cell's images (the output metadata that
    display.show_figure writes from the chart's data) into the cell metadata as `fig-alt`.

    Quarto reads fig-alt from a cell's `#|` options or its metadata, never from an output's
    metadata; the built-in renderer reads the output metadata. With the copy both give the
    same text. An explicit `#| fig-alt:` in the source still wins in both.
    """
    teksten = []
    for out in cel.get("outputs", []):
        if any(mime.startswith("image/") for mime in out.get("data", {})):
            alts = [
                meta.get("alt", "")
                for mime, meta in (out.get("metadata") or {}).items()
                if mime.startswith("image/") and isinstance(meta, dict)
            ]
            teksten.append(next((a for a in alts if a), ""))
    if any(teksten):
        cel.metadata["fig-alt"] = teksten[0] if len(teksten) == 1 else teksten


def _stable_id(cel: Any, i: int, bron_ids: set[str], gebruikt: set[str]) -> str:
    """The id of cell i: the source's id, 'injected-parameters' (tagged to hide), or by place."""
    tags = list(cel.metadata.get("tags", []))
    if "injected-parameters" in tags:
        for t in INJECTION_TAGS:
            if t not in tags:
                tags.append(t)
        cel.metadata["tags"] = tags
        nieuw = "injected-parameters"
    elif cel.get("id") in bron_ids and cel.get("id") not in gebruikt:
        nieuw = cel["id"]
    elif "papermill-error-cell-tag" in tags:
        nieuw = f"papermill-error-{i}"
    else:
        nieuw = f"cell-{i}"
    while nieuw in gebruikt:
        nieuw += "-x"
    return nieuw


def _display_path(pad: Path, root: Path | str | None) -> str:
    """A path for a message: project-relative when inside the project, else as it is."""
    if root is not None:
        try:
            return Path(pad).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return str(pad)


DISK_FULL = (
    "de schijf is vol: er is geen ruimte om de uitvoer van het notebook te schrijven; maak "
    "ruimte vrij en voer het opnieuw uit (de vorige uitvoer blijft staan)"
)
_DISK_FULL_TEXT = ("No space left on device", "[Errno 28]", "ENOSPC")


def is_disk_full(exc: BaseException | None = None, tekst: str = "") -> bool:
    """True when an error (or its cause, or the text of a cell error) says the disk is full."""
    gezien: set[int] = set()
    while exc is not None and id(exc) not in gezien:
        gezien.add(id(exc))
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            return True
        tekst += f" {exc}"
        exc = exc.__cause__ or exc.__context__
    return any(t in tekst for t in _DISK_FULL_TEXT)


class RunError(RuntimeError):
    """A failure of the runner itself, with a Dutch message (shown as it is)."""


def error_of(exc: BaseException, root: Path | str | None = None) -> dict[str, str]:
    """Describe a failure outside the notebook's own cells: exception kind and a Dutch message.

    `ename`/`evalue` go to the run log for diagnosis; `melding` is what the user sees: a file
    system error names the file (or, for the runner's temp file, the output folder) and the
    reason in Dutch, a kernel problem says so, anything else is marked as unexpected.
    """
    uit = {"ename": type(exc).__name__, "evalue": str(exc)}
    if isinstance(exc, OSError):
        reden = os_reason(exc)
        if exc.filename:
            pad = Path(exc.filename)
            if pad.name.endswith(".tmp.ipynb"):
                uit["melding"] = (
                    f"kan de uitvoer niet schrijven in {_display_path(pad.parent, root)}/ ({reden})"
                )
            else:
                uit["melding"] = f"{_display_path(pad, root)}: {reden}"
        else:
            uit["melding"] = f"bestandsfout ({reden})"
    elif is_disk_full(exc):
        uit["melding"] = DISK_FULL
    elif isinstance(exc, RunError | EvalkitError):
        uit["melding"] = str(exc)
    elif is_kernel_problem(exc, None):
        uit["melding"] = "de Python-kernel is onverwacht gestopt of reageerde niet op tijd"
    else:
        uit["melding"] = (
            "onverwachte fout bij het uitvoeren; de technische details staan in "
            f"reports/{RUNLOG} ({str(exc)[:200]})"
        )
    return uit


def execute_task(taak: Task) -> dict[str, Any]:
    """Execute one notebook into its output folder; never raises for notebook or file errors."""
    begin = time.monotonic()
    uitslag: dict[str, Any] = {"naam": taak.naam, "ok": False, "pogingen": 0}
    try:
        _execute_task(taak, uitslag)
    except Exception as exc:  # a file system error, say: reported, never a traceback
        uitslag["ok"] = False
        uitslag["fout"] = error_of(exc, WORKER.get("root"))
    uitslag["duur"] = round(time.monotonic() - begin, 3)
    return uitslag


class _Execution:
    """The attempts to execute one task: a retry with a new kernel after a kernel problem."""

    def __init__(self, taak: Task, uitslag: dict[str, Any]):
        self.taak = taak
        self.uitslag = uitslag
        self.doel = Path(taak.doel)
        self.doel.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.doel.with_name(f".{self.doel.stem}.{os.getpid()}.tmp.ipynb")
        self.mislukt = self.doel.with_name(f"{taak.notebook}.mislukt.ipynb")
        cellen = json.loads(taak.bron_tekst).get("cells", [])
        self.bron_ids = {c.get("id") for c in cellen if c.get("id")}

    def save(self, nb: Any, pad: Path) -> str:
        """Clean and write an executed notebook atomically; return the sha256 of its text."""
        import nbformat

        clean_notebook(nb, self.bron_ids, self.taak.bron_rel, self.taak.doel_rel)
        tekst = nbformat.writes(nb)
        if not tekst.endswith("\n"):
            tekst += "\n"
        write_atomic(pad, tekst)
        return sha256_text(tekst)

    def _papermill(self, kernel: Kernel) -> Any:
        import papermill as pm

        taak = self.taak
        if sha256_text(Path(taak.bron).read_bytes()) != taak.invoer["notebook"]:
            raise RunError(f"{taak.bron_rel} is tijdens de run gewijzigd")
        return pm.execute_notebook(
            taak.bron,
            str(self.tmp),
            parameters=dict(taak.parameters),
            kernel_name=KERNEL_NAME,
            km=kernel.km,
            progress_bar=False,
            request_save_on_cell_execute=False,
            record_timing=False,
        )

    def _cell_failed(self, exc: Any) -> None:
        """Record a failing cell, and keep the partly executed notebook as <nb>.mislukt.ipynb."""
        import nbformat

        fout = {
            "cel": exc.cell_index,
            "in": exc.exec_count,
            "ename": exc.ename,
            "evalue": exc.evalue,
            "bron": (exc.source or "").strip().splitlines()[:1],
        }
        self.uitslag["fout"] = fout
        if is_disk_full(tekst=f"{exc.ename} {exc.evalue}"):
            fout["melding"] = DISK_FULL
        if self.tmp.is_file():
            self.save(nbformat.read(str(self.tmp), as_version=4), self.mislukt)
            fout["mislukt"] = self.taak.doel_rel.removesuffix(".ipynb") + ".mislukt.ipynb"

    def attempt(self) -> bool:
        """One attempt; True when done (executed or failed for good), False to try again."""
        from papermill.exceptions import PapermillExecutionError

        uitslag = self.uitslag
        uitslag["pogingen"] += 1
        kernel = None
        try:
            kernel = prepare_kernel(nieuw=uitslag["pogingen"] > 1)
            kernel.gebruikt += 1
            uitslag["kernel_volgnummer"] = kernel.gebruikt
            nb = self._papermill(kernel)
        except PapermillExecutionError as exc:
            self._cell_failed(exc)
            return True
        except Exception as exc:
            if uitslag["pogingen"] == 1 and is_kernel_problem(exc, kernel):
                return False
            uitslag["fout"] = error_of(exc, WORKER.get("root"))
            return True
        finally:
            if kernel is not None and WORKER["vers"]:
                kernel.stop()
        uitslag["uitvoer_sha256"] = self.save(nb, self.doel)
        uitslag["ok"] = True
        self.mislukt.unlink(missing_ok=True)
        return True


def _execute_task(taak: Task, uitslag: dict[str, Any]) -> None:
    uitvoering = _Execution(taak, uitslag)
    try:
        while not uitvoering.attempt():
            pass
    finally:
        uitvoering.tmp.unlink(missing_ok=True)


Outcome = Callable[[Task, dict[str, Any]], None]


def execute_all(taken: list[Task], werkers: int, config: dict[str, Any], verwerk: Outcome) -> None:
    """Execute the tasks, in this process (one worker) or in a fork-based process pool.

    verwerk(task, outcome) is called in this process as each task finishes.
    """
    if werkers == 1:
        start_worker(config, subproces=False)
        try:
            for taak in taken:
                verwerk(taak, execute_task(taak))
        finally:
            stop_worker()
        return
    _execute_in_pool(taken, werkers, config, verwerk)


def _execute_in_pool(
    taken: list[Task], werkers: int, config: dict[str, Any], verwerk: Outcome
) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Imported here, before forking, so that the workers inherit them instead of each
    # importing them again.
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    ctx = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=werkers, mp_context=ctx, initializer=start_worker, initargs=(config,)
    )
    try:
        futures = {pool.submit(execute_task, t): t for t in taken}
        for fut in as_completed(futures):
            taak = futures[fut]
            try:
                uitslag = fut.result()
            except Exception as exc:
                uitslag = {
                    "naam": taak.naam,
                    "ok": False,
                    "duur": 0.0,
                    "fout": error_of(exc, config.get("root")),
                }
            verwerk(taak, uitslag)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
