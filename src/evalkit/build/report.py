"""`evalkit report`: run what is out of date, generate each book, render it (Quarto or built-in)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from evalkit import paths
from evalkit.errors import EvalkitError, OutputError, ParameterError
from evalkit.fmt import number

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


def failed_plans(log: list[dict], plan_ids: list[str]) -> set[str]:
    """Plans with a failed or unexecuted notebook in the last run-log record.

    Without a readable record every plan counts as failed (nothing is rendered on doubt).
    """
    if not log or not isinstance(log[-1].get("notebooks"), list):
        return set(plan_ids)
    return {
        str(n.get("jaarplan"))
        for n in log[-1]["notebooks"]
        if n.get("uitkomst") in ("mislukt", "niet_uitgevoerd")
    }


def _replace_dir(nieuw: Path, doel: Path) -> None:
    """Put folder `nieuw` at `doel`, replacing an older one only after the new one is there."""
    oud = doel.with_name(f".{doel.name}.oud-{os.getpid()}.tmp")
    if doel.exists():
        os.replace(doel, oud)
    try:
        os.replace(nieuw, doel)
    except OSError:
        if oud.exists():
            os.replace(oud, doel)
        raise
    shutil.rmtree(oud, ignore_errors=True)


def render_quarto(boekmap: Path) -> tuple[Path, Path, float]:
    """`quarto render` of a generated book: HTML site to jaarverslag-html/, PDF beside it."""
    start = time.perf_counter()
    exe = shutil.which("quarto")
    if not exe:
        raise OutputError("Quarto is niet geïnstalleerd (het commando 'quarto' ontbreekt)")
    uitvoer = boekmap / "_book"
    shutil.rmtree(uitvoer, ignore_errors=True)
    try:
        uit = subprocess.run(
            [exe, "render", str(boekmap)],
            capture_output=True,
            text=True,
            timeout=QUARTO_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise OutputError(f"quarto render van {boekmap.name}: kon niet starten ({exc})") from exc
    if uit.returncode != 0:
        staart = "\n  ".join((uit.stderr or uit.stdout).strip().splitlines()[-10:])
        raise OutputError(f"quarto render van {boekmap.name} mislukt:\n  {staart}")
    pdf = uitvoer / "jaarverslag.pdf"
    if not pdf.is_file() or not (uitvoer / "index.html").is_file():
        raise OutputError(
            f"quarto render van {boekmap.name}: jaarverslag.pdf of index.html ontbreekt "
            f"in {uitvoer}"
        )
    nieuw_pdf = boekmap / ".jaarverslag.pdf.tmp"
    os.replace(pdf, nieuw_pdf)
    _replace_dir(uitvoer, boekmap / "jaarverslag-html")
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


def make_report(
    plan_id: str,
    renderer: str,
    quarto: tuple[int, ...] | None,
    *,
    data_dir: Path,
    params_dir: Path,
    notebooks_dir: Path,
    reports_dir: Path,
) -> Report:
    """Generate and render the book of one plan with the chosen renderer."""
    from evalkit.build import book

    if renderer == "quarto":
        assert quarto is not None
        naam = f"quarto {version_text(quarto)}"
    else:
        from evalkit.build.render import renderer_name

        naam = renderer_name()
    boekmap = book.make_book(
        plan_id,
        naam,
        data_dir=data_dir,
        params_dir=params_dir,
        notebooks_dir=notebooks_dir,
        reports_dir=reports_dir,
    )
    if renderer == "quarto":
        html, pdf, sec = render_quarto(boekmap)
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
    paginas = "" if r.paginas is None else f", {r.paginas} pagina's"
    regel = (
        f"{r.plan_id}: jaarverslag gemaakt met {r.renderer} in {number(r.seconden, 1)} s "
        f"({r.hoofdstukken} hoofdstukken{paginas})."
    )
    if r.intern:
        from evalkit.build.book import INTERNAL_TEXT

        regel += (
            f" {INTERNAL_TEXT}: gemaakt met publiek: false, dus kleine aantallen leerlingen "
            "zijn niet afgeschermd."
        )
    return regel


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
) -> int:
    """Build the jaarverslag (HTML and PDF) of every (or the named) jaarplan; exit code.

    Runs the notebooks that are missing or out of date first; a plan whose notebooks fail is
    not rendered (its previous report stays). Prints the paths written per plan.
    """
    root = paths.project_root()
    data_dir = Path(data_dir) if data_dir else root / "data"
    params_dir = Path(params_dir) if params_dir else root / "params"
    notebooks_dir = Path(notebooks_dir) if notebooks_dir else root / "notebooks"
    reports_dir = Path(reports_dir) if reports_dir else root / "reports"

    quarto = quarto_version() if renderer in ("auto", "quarto") else None
    gekozen = choose_renderer(renderer, quarto)
    plannen = _plans(ids, params_dir, data_dir, notebooks_dir)
    if not plannen:
        print("Geen jaarplannen met een parameterbestand gevonden; er is niets te maken.")
        return 0

    code = 0
    mislukt: set[str] = set()
    if uitvoeren:
        from evalkit.build import runlog
        from evalkit.build.runner import RUNLOG, run

        rc = run(
            plannen,
            jobs=jobs,
            force=force,
            params_dir=params_dir,
            notebooks_dir=notebooks_dir,
            reports_dir=reports_dir,
            data_dir=data_dir,
        )
        if rc != 0:
            code = 1
            mislukt = failed_plans(runlog.read_records(reports_dir / RUNLOG), plannen)

    for plan_id in plannen:
        if plan_id in mislukt:
            print(
                f"{plan_id}: niet gerenderd, want een notebook is mislukt; het vorige "
                "jaarverslag blijft staan.",
                file=sys.stderr,
            )
            continue
        try:
            r = make_report(
                plan_id,
                gekozen,
                quarto,
                data_dir=data_dir,
                params_dir=params_dir,
                notebooks_dir=notebooks_dir,
                reports_dir=reports_dir,
            )
        except EvalkitError as exc:
            code = 1
            print(f"Fout bij {plan_id}: {exc}", file=sys.stderr)
            continue
        except OSError as exc:
            from evalkit.build.book import os_message

            code = 1
            print(
                f"Fout bij {plan_id}: {os_message(exc)}; het vorige jaarverslag blijft staan.",
                file=sys.stderr,
            )
            continue
        print(f"{plan_id}:")
        print(f"  {_rel(r.html)}")
        print(f"  {_rel(r.pdf)}")
        print(summary_line(r))
    return code
