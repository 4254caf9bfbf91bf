"""`evalkit report`: run what is out of date, generate each book, render it (Quarto or built-in)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalkit import paths
from evalkit.build.state import Folders
from evalkit.errors import EvalkitError, OutputError, ParameterError
from evalkit.files import replace_folder, write_atomic
from evalkit.fmt import number

if TYPE_CHECKING:
    from evalkit.build.runner import RunResult

Say = Callable[[str], None]

QUARTO_MINIMUM = (1, 9)
RENDERERS = ("auto", "quarto", "ingebouwd")
QUARTO_TIMEOUT = 900


@dataclass(frozen=True)
class Report:
    """The files one plan's report consists of after rendering."""

    plan_id: str
    html: Path
    pdf: Path
    renderer: str
    hoofdstukken: int
    paginas: int | None
    seconden: float
    intern: bool = False


@dataclass(frozen=True)
class ReportResult:
    """The outcome of one plan in `make_reports`: its report, or why there is none.

    error is the Dutch reason a report failed; notebook_failed says that the plan was not
    rendered because one of its notebooks failed (its previous report stays); unchanged says
    that nothing the report is made of changed, so it was not rendered again.
    """

    plan_id: str
    report: Report | None = None
    error: str | None = None
    notebook_failed: bool = False
    unchanged: bool = False

    @property
    def ok(self) -> bool:
        return self.report is not None or self.unchanged


@dataclass(frozen=True)
class ReportsResult:
    """The outcome of `make_reports`: the notebook run (if any) and one result per plan."""

    plans: tuple[ReportResult, ...] = ()
    run: RunResult | None = None

    @property
    def ok(self) -> bool:
        return (self.run is None or self.run.ok) and all(p.ok for p in self.plans)

    @property
    def exit_code(self) -> int:
        """The exit code of `evalkit report`: 1 when a notebook or a report failed, else 0."""
        return 0 if self.ok else 1

    def __int__(self) -> int:
        return self.exit_code


def read_version(tekst: str) -> tuple[int, ...] | None:
    """Parse a version such as '1.9.18' from command output; None when there is none."""
    m = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", tekst or "")
    if not m:
        return None
    return tuple(int(x) for x in m.groups() if x is not None)


def quarto_version() -> tuple[int, ...] | None:
    """Version of the `quarto` on PATH, or None when it is not installed or does not answer."""
    exe = shutil.which("quarto")
    if not exe:
        return None
    try:
        uit = subprocess.run(
            [exe, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return read_version(uit.stdout) if uit.returncode == 0 else None


def version_text(versie: tuple[int, ...]) -> str:
    """'1.9.18' from (1, 9, 18)."""
    return ".".join(str(x) for x in versie)


def choose_renderer(renderer: str, versie: tuple[int, ...] | None) -> str:
    """Decide 'quarto' or 'ingebouwd' from the requested renderer and Quarto's version."""
    if renderer not in RENDERERS:
        raise ParameterError("--renderer", f"onbekende renderer '{renderer}'; kies uit {RENDERERS}")
    geschikt = versie is not None and versie[:2] >= QUARTO_MINIMUM
    if renderer == "ingebouwd":
        return "ingebouwd"
    if renderer == "auto":
        return "quarto" if geschikt else "ingebouwd"
    minimum = version_text(QUARTO_MINIMUM)
    if versie is None:
        raise OutputError(
            "Quarto is niet geïnstalleerd (het commando 'quarto' staat niet op het PATH). "
            "Installeer Quarto " + minimum + " of nieuwer, of gebruik --renderer ingebouwd."
        )
    if not geschikt:
        raise OutputError(
            f"Quarto {version_text(versie)} is te oud: een boek in typst vraagt Quarto "
            f"{minimum} of nieuwer. Werk Quarto bij of gebruik --renderer ingebouwd."
        )
    return "quarto"


# typst without PDF/UA-1 (the PyPI binding of typst 0.14.2, which some set as QUARTO_TYPST)
# refuses the book definition's `pdf-standard: ua-1` ("unknown pdf standard: ua-1"); a typst
# command without the option refuses `--pdf-standard` itself.
UA_UNKNOWN = re.compile(
    r"unknown pdf standard|(unknown|unexpected|unrecognized).*--pdf-standard", re.I
)
PDF_STANDARD_LINE = re.compile(r"^[ \t]*pdf-standard:.*\n", re.M)


def _quarto_render(exe: str, boekmap: Path) -> subprocess.CompletedProcess[str]:
    shutil.rmtree(boekmap / "_book", ignore_errors=True)
    try:
        return subprocess.run(
            [exe, "render", str(boekmap)],
            capture_output=True,
            text=True,
            timeout=QUARTO_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise OutputError(f"quarto render van {boekmap.name}: kon niet starten ({exc})") from exc


def _render_without_pdf_ua(exe: str, boekmap: Path) -> subprocess.CompletedProcess[str]:
    """Render once more with the generated definition's pdf-standard line left out."""
    definitie = boekmap / "_quarto.yml"
    origineel = definitie.read_text(encoding="utf-8")
    write_atomic(definitie, PDF_STANDARD_LINE.sub("", origineel))
    try:
        return _quarto_render(exe, boekmap)
    finally:
        write_atomic(definitie, origineel)


def render_quarto(boekmap: Path, warn: Say | None = None) -> tuple[Path, Path, float]:
    """`quarto render` of a generated book: HTML site to jaarverslag-html/, PDF beside it.

    When the typst that Quarto uses does not know PDF/UA-1, the book is rendered without it
    and `warn` says so (the PDF is then not checked as PDF/UA-1).
    """
    start = time.perf_counter()
    exe = shutil.which("quarto")
    if not exe:
        raise OutputError("Quarto is niet geïnstalleerd (het commando 'quarto' ontbreekt)")
    uit = _quarto_render(exe, boekmap)
    if uit.returncode != 0 and UA_UNKNOWN.search(f"{uit.stderr}{uit.stdout}"):
        if warn is not None:
            warn(
                f"{boekmap.name}: de typst die Quarto gebruikt kent PDF/UA-1 niet; de PDF is "
                "gemaakt zonder die toegankelijkheidscontrole. Gebruik de typst die bij Quarto "
                "hoort, of --renderer ingebouwd, voor een PDF/UA-1-verslag."
            )
        uit = _render_without_pdf_ua(exe, boekmap)
    if uit.returncode != 0:
        staart = "\n  ".join((uit.stderr or uit.stdout).strip().splitlines()[-10:])
        raise OutputError(f"quarto render van {boekmap.name} mislukt:\n  {staart}")
    uitvoer = boekmap / "_book"
    pdf = uitvoer / "jaarverslag.pdf"
    if not pdf.is_file() or not (uitvoer / "index.html").is_file():
        raise OutputError(
            f"quarto render van {boekmap.name}: jaarverslag.pdf of index.html ontbreekt "
            f"in {uitvoer}"
        )
    nieuw_pdf = boekmap / ".jaarverslag.pdf.tmp"
    os.replace(pdf, nieuw_pdf)
    replace_folder(uitvoer, boekmap / "jaarverslag-html")
    os.replace(nieuw_pdf, boekmap / "jaarverslag.pdf")
    return boekmap / "jaarverslag-html", boekmap / "jaarverslag.pdf", time.perf_counter() - start


def _plans(
    ids: list[str] | None, params_dir: Path, data_dir: Path, notebooks_dir: Path
) -> list[str]:
    from evalkit.data.params import all_params

    alle = all_params(params_dir, ids or None, data_dir=data_dir, notebooks_dir=notebooks_dir)
    return sorted({p.jaarplan for p in alle})


def _rel(pad: Path) -> str:
    try:
        return pad.resolve().relative_to(paths.project_root()).as_posix()
    except ValueError:
        return str(pad)


def renderer_label(renderer: str, quarto: tuple[int, ...] | None) -> str:
    """How the Verantwoording names the renderer, with its version(s)."""
    if renderer == "quarto":
        assert quarto is not None
        return f"quarto {version_text(quarto)}"
    from evalkit.build.render import renderer_name

    return renderer_name()


def make_report(
    plan_id: str,
    renderer: str,
    quarto: tuple[int, ...] | None,
    *,
    data_dir: Path,
    params_dir: Path,
    notebooks_dir: Path,
    reports_dir: Path,
    warn: Say | None = None,
) -> Report:
    """Generate and render the book of one plan with the chosen renderer.

    Notices while generating the book (say, a chapter left out) go to `warn`.
    """
    from evalkit.build import book

    naam = renderer_label(renderer, quarto)
    boekmap = book.make_book(
        plan_id,
        naam,
        data_dir=data_dir,
        params_dir=params_dir,
        notebooks_dir=notebooks_dir,
        reports_dir=reports_dir,
        meld=warn,
    )
    if renderer == "quarto":
        html, pdf, sec = render_quarto(boekmap, warn)
        gelezen = book.read_book(boekmap)
        n = len(gelezen.hoofdstukken) + len(gelezen.bijlagen)
        return Report(plan_id, html, pdf, naam, n, None, sec, gelezen.intern)
    from evalkit.build.render import render_book

    r = render_book(boekmap)
    assert r.html is not None and r.pdf is not None
    intern = book.read_book(boekmap).intern
    return Report(plan_id, r.html, r.pdf, naam, r.hoofdstukken, r.paginas, r.seconden, intern)


def summary_line(r: Report) -> str:
    """One Dutch line about a finished report."""
    meervoud = "pagina" if r.paginas == 1 else "pagina's"
    paginas = "" if r.paginas is None else f", {r.paginas} {meervoud}"
    hoofdstukken = f"{r.hoofdstukken} hoofdstuk{'' if r.hoofdstukken == 1 else 'ken'}"
    regel = (
        f"{r.plan_id}: jaarverslag gemaakt met {r.renderer} in {number(r.seconden, 1)} s "
        f"({hoofdstukken}{paginas})."
    )
    if r.intern:
        from evalkit.present.statements import INTERNAL_NOTICE

        regel += (
            f" {INTERNAL_NOTICE}: gemaakt met publiek: false, dus kleine aantallen leerlingen "
            "zijn niet afgeschermd."
        )
    return regel


def report_lines(result: ReportResult) -> tuple[list[str], list[str]]:
    """The Dutch lines about one plan: (for stdout, for stderr)."""
    if result.unchanged:
        return [f"{result.plan_id}: ongewijzigd (niets veranderd sinds de vorige keer)."], []
    if result.report is not None:
        r = result.report
        return [f"{r.plan_id}:", f"  {_rel(r.html)}", f"  {_rel(r.pdf)}", summary_line(r)], []
    if result.notebook_failed:
        return [], [
            f"{result.plan_id}: niet gerenderd, want een notebook is mislukt; het vorige "
            "jaarverslag blijft staan."
        ]
    return [], [f"Fout bij {result.plan_id}: {result.error}"]


def _book_inputs(plan_id: str, renderer: str, quarto: tuple[int, ...] | None, mappen: Folders):
    from evalkit.build.renderstate import book_inputs

    return book_inputs(
        plan_id,
        renderer,
        renderer_label(renderer, quarto),
        data_dir=mappen.data,
        params_dir=mappen.params,
        reports_dir=mappen.reports,
    )


def _is_current(
    plan_id: str, renderer: str, quarto: tuple[int, ...] | None, mappen: Folders
) -> bool:
    """True when nothing the plan's report is made of changed since it was last rendered."""
    try:
        return _book_inputs(plan_id, renderer, quarto, mappen).is_current()
    except (EvalkitError, OSError):
        return False  # _try_report says what is wrong


def _try_report(
    plan_id: str,
    renderer: str,
    quarto: tuple[int, ...] | None,
    mappen: Folders,
    warn: Say | None,
    force: bool = False,
) -> ReportResult:
    """Make one plan's report unless it is current; an error becomes the plan's result."""
    try:
        invoer = _book_inputs(plan_id, renderer, quarto, mappen)
        if not force and invoer.is_current():
            return ReportResult(plan_id, unchanged=True)
        r = make_report(plan_id, renderer, quarto, **mappen.as_kwargs(), warn=warn)
        invoer.record()
    except EvalkitError as exc:
        return ReportResult(plan_id, error=str(exc))
    except OSError as exc:
        from evalkit.build.book import os_message

        return ReportResult(
            plan_id, error=f"{os_message(exc)}; het vorige jaarverslag blijft staan."
        )
    return ReportResult(plan_id, report=r)


def _report_collecting(
    plan_id: str, renderer: str, quarto: tuple[int, ...] | None, mappen: Folders, force: bool
) -> tuple[ReportResult, list[str]]:
    """_try_report in a pool worker: the result and the notices it would have sent to warn."""
    notices: list[str] = []
    return _try_report(plan_id, renderer, quarto, mappen, notices.append, force), notices


def _report_in_worker(*args: Any) -> tuple[ReportResult, list[str]]:
    """The pool's task: _report_collecting as the forked worker's module has it."""
    return _report_collecting(*args)


def _render_all(
    plannen: list[str],
    renderer: str,
    quarto: tuple[int, ...] | None,
    mappen: Folders,
    force: bool,
    jobs: int,
) -> Iterator[tuple[ReportResult, list[str]]]:
    """Render the plans' books, `jobs` at a time in forked worker processes, in plan order.

    Yields (result, notices) per plan in the order of `plannen`, whatever order the workers
    finish in, so that the messages are the same as from one process.
    """
    todo = [p for p in plannen if force or not _is_current(p, renderer, quarto, mappen)]
    werkers = min(jobs, len(todo))
    if werkers <= 1:
        for plan_id in plannen:
            yield _report_collecting(plan_id, renderer, quarto, mappen, force)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=werkers, mp_context=ctx) as pool:
        lopend = {
            p: pool.submit(_report_in_worker, p, renderer, quarto, mappen, force) for p in todo
        }
        for plan_id in plannen:
            if plan_id in lopend:
                yield lopend[plan_id].result()
            else:
                yield ReportResult(plan_id, unchanged=True), []


def make_reports(
    ids: list[str] | None,
    renderer: str = "auto",
    force: bool = False,
    jobs: int | None = None,
    *,
    data_dir: Path | None = None,
    params_dir: Path | None = None,
    notebooks_dir: Path | None = None,
    reports_dir: Path | None = None,
    uitvoeren: bool = True,
    progress: Say | None = None,
    warn: Say | None = None,
) -> ReportsResult:
    """Build the jaarverslag (HTML and PDF) of every (or the named) jaarplan.

    Runs the notebooks that are missing or out of date first; a plan whose notebooks fail is
    not rendered (its previous report stays), a plan whose book inputs are unchanged neither
    (unless force is set). Returns the run and one result per plan; the
    Dutch lines (paths written per plan) go to `progress`, problems to `warn`.
    """
    mappen = Folders.of(paths.project_root(), params_dir, notebooks_dir, reports_dir, data_dir)
    quarto = quarto_version() if renderer in ("auto", "quarto") else None
    gekozen = choose_renderer(renderer, quarto)
    plannen = _plans(ids, mappen.params, mappen.data, mappen.notebooks)
    if not plannen:
        if progress:
            progress("Geen jaarplannen met een parameterbestand gevonden; er is niets te maken.")
        return ReportsResult()

    uitvoering = None
    if uitvoeren:
        from evalkit.build.runner import run

        uitvoering = run(
            plannen, jobs=jobs, force=force, progress=progress, warn=warn, **mappen.as_kwargs()
        )
    mislukt = uitvoering.failed_plans() if uitvoering is not None else set()

    uitkomsten = {p: ReportResult(p, notebook_failed=True) for p in plannen if p in mislukt}
    te_maken = [p for p in plannen if p not in mislukt]
    renders = _render_all(te_maken, gekozen, quarto, mappen, force, jobs or os.cpu_count() or 1)
    for plan_id in plannen:
        notices: list[str] = []
        if plan_id not in uitkomsten:
            uitkomsten[plan_id], notices = next(renders)
        uit, fout = report_lines(uitkomsten[plan_id])
        for regel in notices:
            if warn:
                warn(regel)
        for regel in uit:
            if progress:
                progress(regel)
        for regel in fout:
            if warn:
                warn(regel)
    return ReportsResult(tuple(uitkomsten[p] for p in plannen), uitvoering)
