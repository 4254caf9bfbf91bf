"""`evalkit run`: execute the notebooks of every params file with papermill, incrementally.

Heavy modules (papermill, nbclient, jupyter_client, nbformat) are imported only once there is
work to do, so that a run with nothing changed stays fast. Each worker process keeps one
kernel and resets it between notebooks; `fresh_kernels=True` (or EVALKIT_FRESH_KERNELS=1)
starts a new kernel per notebook instead.

`run` returns a RunResult; the Dutch progress lines go to the optional `progress` callback
(meant for stdout) and the problems found on the way to `warn` (meant for stderr).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evalkit import paths
from evalkit.build import runlog
from evalkit.build.execute import execute_all
from evalkit.build.kernels import preload_modules
from evalkit.build.state import Folders, Planner, States, Task, relative_path
from evalkit.data.params import all_params
from evalkit.data.read import plan_ids
from evalkit.errors import OutputError, ParameterError, os_reason

Say = Callable[[str], None]

EXECUTED = "uitgevoerd"
SKIPPED = "overgeslagen"
FAILED = "mislukt"
NOT_EXECUTED = "niet_uitgevoerd"


def seconds_text(s: float) -> str:
    """A duration in Dutch notation with one decimal: 1.84 -> '1,8 s'."""
    return f"{s:.1f}".replace(".", ",") + " s"


# --------------------------------------------------------------------------------------------
# The result


@dataclass(frozen=True)
class NotebookOutcome:
    """What happened to one notebook in a run (outcome as in the run log: uitgevoerd, ...)."""

    jaarplan: str
    ronde: str
    notebook: str
    outcome: str
    reasons: tuple[str, ...] = ()
    seconds: float | None = None
    error: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        return f"{self.jaarplan}/{self.ronde}/{self.notebook}"


@dataclass(frozen=True)
class RunResult:
    """The outcome of `run`: every notebook of the selected params files, in planning order."""

    notebooks: tuple[NotebookOutcome, ...] = ()
    invalid_data: dict[str, list] = field(default_factory=dict)
    workers: int = 0
    seconds: float = 0.0

    def _with(self, *outcomes: str) -> list[NotebookOutcome]:
        return [n for n in self.notebooks if n.outcome in outcomes]

    @property
    def executed(self) -> list[NotebookOutcome]:
        return self._with(EXECUTED)

    @property
    def skipped(self) -> list[NotebookOutcome]:
        return self._with(SKIPPED)

    @property
    def failed(self) -> list[NotebookOutcome]:
        """Failed notebooks, then those not executed (say, because their data is invalid)."""
        return self._with(FAILED) + self._with(NOT_EXECUTED)

    def failed_plans(self) -> set[str]:
        """The jaarplannen with a failed or unexecuted notebook."""
        return {n.jaarplan for n in self.failed}

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def exit_code(self) -> int:
        """The exit code of `evalkit run`: 1 when any notebook failed, else 0."""
        return 0 if self.ok else 1

    def __int__(self) -> int:
        return self.exit_code


def notebooks(n: int) -> str:
    """'1 notebook', '9 notebooks' (Dutch plural)."""
    return f"{n} notebook" if n == 1 else f"{n} notebooks"


def _value(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def _header(
    taken: list[Task], n_overgeslagen: int, werkers: int, vers: bool, versies: dict
) -> list[str]:
    if not taken:
        return [f"evalkit run: niets uit te voeren, {notebooks(n_overgeslagen)} ongewijzigd"]
    modus = "verse kernel per notebook" if vers else "kernels hergebruikt"
    regels = [
        f"evalkit run: {notebooks(len(taken))} uit te voeren, "
        f"{n_overgeslagen} ongewijzigd; {werkers} parallel ({modus})",
        "Versies: " + ", ".join(f"{k} {v}" for k, v in versies.items()),
        "Parameters:",
    ]
    per_plan: dict[tuple[str, str], list[Task]] = {}
    for t in taken:
        per_plan.setdefault((t.jaarplan, t.ronde), []).append(t)
    for (plan, ronde), lijst in per_plan.items():
        params = ", ".join(f"{k}={_value(v)}" for k, v in lijst[0].parameters.items())
        nbs = ", ".join(t.notebook for t in lijst)
        regels.append(f"  {plan}/{ronde} [{nbs}]: {params}")
    return regels


def _error_line(naam: str, fout: dict[str, Any]) -> list[str]:
    if "cel" in fout:
        bron = f" «{fout['bron'][0][:60]}»" if fout.get("bron") else ""
        wat = fout.get("melding") or f"{fout['ename']}: {fout['evalue']}"
        regels = [f"  {naam}: cel {fout['cel']} (In [{fout['in']}]){bron}: {wat}"]
    elif fout.get("melding"):
        regels = [f"  {naam}: {fout['melding']}"]
    else:
        regels = [f"  {naam}: {fout['ename']}: {fout['evalue']}"]
    if fout.get("mislukt"):
        regels.append(f"    mislukte uitvoer: {fout['mislukt']}")
    return regels


def failure_report(result: RunResult) -> str:
    """The Dutch 'Mislukt:' block of a run: one entry per failed or unexecuted notebook."""
    regels = ["Mislukt:"]
    for n in result.failed:
        regels.extend(_error_line(n.name, n.error or {"melding": "onbekende fout"}))
    return "\n".join(regels)


def summary_lines(result: RunResult) -> list[str]:
    """The Dutch closing lines of a run: counts, and which notebooks were unchanged."""
    regels = [
        f"Klaar in {seconds_text(result.seconds)}: uitgevoerd: {len(result.executed)}, "
        f"overgeslagen (ongewijzigd): {len(result.skipped)}, mislukt: {len(result.failed)}"
    ]
    if result.skipped:
        regels.append("Overgeslagen (ongewijzigd): " + ", ".join(n.name for n in result.skipped))
    return regels


# --------------------------------------------------------------------------------------------
# Input data validation before any kernel starts


def _dependencies(taak: Task, data_dir: Path) -> set[str]:
    """The jaarplannen whose data a notebook reads: its own, or all for inputs 'alle'."""
    if taak.invoer.get("data_scope") == "alle":
        return set(plan_ids(data_dir))
    return {taak.jaarplan}


def _invalid_plans(taken: list[Task], data_dir: Path) -> dict[str, list]:
    """Validate every jaarplan the tasks read; return the problems of the invalid ones."""
    from evalkit.data.validate import validate

    nodig = set().union(*(_dependencies(t, data_dir) for t in taken)) if taken else set()
    uitkomst = {}
    for plan_id in sorted(nodig):
        problemen = validate(data_dir / plan_id)
        if problemen:
            uitkomst[plan_id] = problemen
    return uitkomst


@contextlib.contextmanager
def _disk_error():
    """Turn a file system error of the runner itself into a Dutch UitvoerFout."""
    try:
        yield
    except OSError as exc:
        waar = f"{exc.filename}: " if exc.filename else ""
        raise OutputError(f"{waar}{os_reason(exc)}") from None


# --------------------------------------------------------------------------------------------
# The run


@dataclass
class _Run:
    """The state of one run while it plans, executes and reports."""

    root: Path
    folders: Folders
    force: bool
    fresh: bool
    progress: Say | None
    warn: Say | None
    versies: dict[str, str] = field(default_factory=runlog.versions)
    states: States = field(default_factory=States)
    taken: list[Task] = field(default_factory=list)
    te_doen: list[Task] = field(default_factory=list)
    overgeslagen: list[Task] = field(default_factory=list)
    geweigerd: list[Task] = field(default_factory=list)
    ongeldig: dict[str, list] = field(default_factory=dict)
    waarom: dict[str, list[str]] = field(default_factory=dict)
    uitslagen: dict[str, dict[str, Any]] = field(default_factory=dict)
    t0: float = field(default_factory=time.monotonic)
    gestart: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def say(self, regel: str) -> None:
        if self.progress:
            self.progress(regel)

    def plan(self, alle: list) -> None:
        """Make the tasks and split them into current (skipped) and to do, with reasons."""
        planner = Planner(
            self.root, self.folders.data, self.folders.notebooks, self.folders.reports, self.versies
        )
        with _disk_error():
            self.taken = planner.taken(alle)
        for t in self.taken:
            if not self.force and self.states.is_current(t):
                self.overgeslagen.append(t)
                # The output matches the current inputs, so an older failure is no longer news.
                Path(t.doel).with_name(f"{t.notebook}.mislukt.ipynb").unlink(missing_ok=True)
            else:
                self.te_doen.append(t)
                self.waarom[t.naam] = ["geforceerd"] if self.force else self.states.reasons(t)

    def refuse_invalid_data(self) -> None:
        """Validate the input data; a notebook whose data has problems is not executed.

        The problems go to `warn` with the validator's Dutch lines (file, row, column).
        """
        data_dir = self.folders.data
        self.ongeldig = _invalid_plans(self.te_doen, data_dir)
        self.geweigerd = [
            t for t in self.te_doen if _dependencies(t, data_dir) & self.ongeldig.keys()
        ]
        if self.ongeldig and self.warn:
            regels = [
                "Data met problemen; de notebooks die deze data lezen worden niet uitgevoerd:"
            ]
            for _plan_id, problemen in sorted(self.ongeldig.items()):
                regels.extend(f"  {p}" for p in problemen)
            self.warn("\n".join(regels))
        self.te_doen = [t for t in self.te_doen if t not in self.geweigerd]

    def announce(self, werkers: int) -> None:
        for regel in _header(
            self.te_doen, len(self.overgeslagen), werkers, self.fresh, self.versies
        ):
            self.say(regel)
        if self.te_doen:
            telling: dict[str, int] = {}
            for lijst in self.waarom.values():
                for r in lijst:
                    telling[r] = telling.get(r, 0) + 1
            self.say("Reden: " + ", ".join(f"{r} ({n})" for r, n in telling.items()))

    def record(self, taak: Task, uitslag: dict[str, Any]) -> None:
        """Record one finished notebook: its state on success, and a progress line."""
        self.uitslagen[taak.naam] = uitslag
        if uitslag["ok"]:
            with _disk_error():
                self.states.record_success(taak, uitslag["uitvoer_sha256"])
            staart = seconds_text(uitslag["duur"])
        else:
            staart = f"MISLUKT ({seconds_text(uitslag['duur'])})"
        self.say(f"[{len(self.uitslagen)}/{len(self.te_doen)}] {taak.naam} ... {staart}")

    def execute(self, werkers: int, ids: list[str] | None) -> None:
        """Execute the tasks to do; the run log is written even when interrupted."""
        afgebroken = False
        try:
            if self.te_doen:
                config = {
                    "root": str(self.root),
                    "vers": self.fresh,
                    "modules": preload_modules([t.bron_tekst for t in self.te_doen]),
                }
                execute_all(self.te_doen, werkers, config, self.record)
        except KeyboardInterrupt:
            afgebroken = True
            raise
        finally:
            self.write_runlog(werkers, ids, afgebroken)

    def write_runlog(self, werkers: int, ids: list[str] | None, afgebroken: bool) -> None:
        with _disk_error():
            waarschuwing = runlog.write_run(
                self.folders.reports / runlog.RUNLOG,
                gestart=self.gestart,
                duur=time.monotonic() - self.t0,
                argumenten={
                    "ids": list(ids or []),
                    "jobs": werkers,
                    "force": self.force,
                    "verse_kernels": self.fresh,
                },
                versies=self.versies,
                taken=self.taken,
                overgeslagen={t.naam for t in self.overgeslagen},
                waarom=self.waarom,
                uitslagen=self.uitslagen,
                afgebroken=afgebroken,
            )
        if waarschuwing and self.warn:
            self.warn(waarschuwing)

    def _outcome(self, t: Task, overgeslagen: set[str], geweigerd: set[str]) -> NotebookOutcome:
        reden = tuple(self.waarom.get(t.naam, ()))
        if t.naam in overgeslagen:
            return NotebookOutcome(t.jaarplan, t.ronde, t.notebook, SKIPPED)
        if t.naam in geweigerd:
            namen = ", ".join(sorted(_dependencies(t, self.folders.data) & self.ongeldig.keys()))
            fout = {
                "ename": "ValidationError",
                "evalue": f"ongeldige data van {namen} (zie boven)",
                "melding": f"niet uitgevoerd: ongeldige data van {namen} (zie boven)",
            }
            return NotebookOutcome(t.jaarplan, t.ronde, t.notebook, NOT_EXECUTED, reden, None, fout)
        uitslag = self.uitslagen.get(t.naam)
        if uitslag is None:
            return NotebookOutcome(t.jaarplan, t.ronde, t.notebook, NOT_EXECUTED, reden)
        uitkomst = EXECUTED if uitslag["ok"] else FAILED
        return NotebookOutcome(
            t.jaarplan,
            t.ronde,
            t.notebook,
            uitkomst,
            reden,
            uitslag.get("duur"),
            uitslag.get("fout"),
        )

    def result(self, werkers: int) -> RunResult:
        overgeslagen = {t.naam for t in self.overgeslagen}
        geweigerd = {t.naam for t in self.geweigerd}
        return RunResult(
            notebooks=tuple(self._outcome(t, overgeslagen, geweigerd) for t in self.taken),
            invalid_data=dict(self.ongeldig),
            workers=werkers,
            seconds=time.monotonic() - self.t0,
        )


def run(
    ids: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    *,
    params_dir: Path | None = None,
    notebooks_dir: Path | None = None,
    reports_dir: Path | None = None,
    data_dir: Path | None = None,
    progress: Say | None = None,
    warn: Say | None = None,
    fresh_kernels: bool | None = None,
) -> RunResult:
    """Execute the notebooks of all (or the named) params files; return what happened.

    Every params file is validated first (ParameterFout lists all problems; nothing runs).
    A notebook whose inputs are unchanged since its last successful run is skipped unless
    force is set. Failures do not stop the other notebooks; they are in the result (and, as
    the 'Mislukt:' block, sent to `warn`). Progress lines go to `progress`.
    """
    root = paths.project_root()
    folders = Folders.of(root, params_dir, notebooks_dir, reports_dir, data_dir)
    if jobs is not None and jobs < 1:
        raise ParameterError("--jobs", f"moet minstens 1 zijn, niet {jobs}")
    if fresh_kernels is None:
        fresh_kernels = os.environ.get("EVALKIT_FRESH_KERNELS", "") not in ("", "0")
    huidig = _Run(root, folders, force, fresh_kernels, progress, warn)

    alle = all_params(
        folders.params, ids or None, data_dir=folders.data, notebooks_dir=folders.notebooks
    )
    if not alle:
        huidig.say(f"Geen parameterbestanden gevonden in {relative_path(folders.params, root)}/.")
        return RunResult()
    huidig.plan(alle)
    huidig.refuse_invalid_data()
    werkers = max(1, min(jobs or os.cpu_count() or 1, len(huidig.te_doen)))
    huidig.announce(werkers)
    huidig.execute(werkers, ids)

    result = huidig.result(werkers)
    for regel in summary_lines(result):
        huidig.say(regel)
    if not result.ok and warn:
        warn(failure_report(result))
    return result
