"""OPR review copies: numbered, versioned concept documents of an evaluation, with a manifest.

make_copy ties the parts together: the content (review_summary, review_content) as blocks
(review_document), the changes since the previous copy (review_changes), the versioned store
(review_store) and the rendering to HTML and PDF here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from evalkit import fmt, paths
from evalkit.build.render import compile_pdf, pandoc
from evalkit.data import load, values
from evalkit.engine.evaluate import Evaluation, evaluate
from evalkit.errors import OutputError, ParameterError
from evalkit.escape import markdown as md
from evalkit.tools.review_activities import staff_text
from evalkit.tools.review_changes import changes
from evalkit.tools.review_content import changes_blocks, content
from evalkit.tools.review_document import Block, markdown
from evalkit.tools.review_glossary import jargon, unknown_abbreviations, unknown_warning
from evalkit.tools.review_store import (
    OPR_DIR,
    PreviousCopy,
    commit_copy,
    copy_folder,
    fill_copy_folder,
    internal_path,
    json_text,
    previous_copies,
    staging,
    version_id,
)

HEADER_TEXT = "CONCEPT — ter bespreking in de OPR"
MARKDOWN = "markdown-smart-citations-tex_math_dollars-raw_html-raw_tex-subscript-superscript"
RESOURCES = resources.files("evalkit") / "resources" / "review"


# --- rendering -------------------------------------------------------------------------------


def _resource(name: str) -> Path:
    path = Path(str(RESOURCES / name))
    if not path.is_file():
        raise OutputError(f"Bestand review/{name} ontbreekt in de evalkit-installatie")
    return path


class _QuotedDumper(yaml.SafeDumper):
    """Writes every string quoted: pandoc's YAML 1.2 reader would read a version id such as
    7031959e2597 as a number."""


_QuotedDumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)


def metadata(ev: Evaluation, version: str, number: int, made: date) -> dict[str, Any]:
    """Template metadata of a review copy (strings are Markdown, escaped)."""
    title = f"Conceptevaluatie {ev.plan.naam}"
    return {
        "title": md(title),
        "pagetitle": md(f"{HEADER_TEXT}: {title}"),
        "subtitle": md(f"{ev.ronde.naam}, peildatum {fmt.date_text(ev.ronde.peildatum)}"),
        "organisatie": md(ev.plan.organisatie),
        "versie-id": version,
        "versienummer": str(number),
        "datum": fmt.date_text(made),
        "voorbeelddata": ev.voorbeelddata,
        "lang": "nl-NL",
    }


def render(
    document: str, meta: dict[str, Any], work: Path, name: str
) -> tuple[Path, Path, int | None]:
    """Markdown -> self-contained HTML and (via typst) PDF in work: (html, pdf, pages)."""
    (work / "document.md").write_text(document, encoding="utf-8")
    (work / "meta.yaml").write_text(
        yaml.dump(meta, Dumper=_QuotedDumper, allow_unicode=True, sort_keys=True),
        encoding="utf-8",
    )
    common = ["-f", MARKDOWN, "--metadata-file", "meta.yaml", "document.md"]
    html, typ, pdf = work / f"{name}.html", work / f"{name}.typ", work / f"{name}.pdf"
    pandoc(
        ["-t", "html5", "--standalone", "--embed-resources",
         "--template", str(_resource("review.html")), "--css", str(_resource("review.css")),
         *common, "-o", html.name],
        "HTML van de conceptversie schrijven",
        work,
    )  # fmt: skip
    pandoc(
        ["-t", "typst", "--standalone", "--template", str(_resource("review.typ")),
         *common, "-o", typ.name],
        "Typst-bron van de conceptversie schrijven",
        work,
    )  # fmt: skip
    pages = compile_pdf(typ, pdf)
    return html, pdf, pages


def document_markdown(
    ev: Evaluation,
    since: tuple[int, str, date | None] | None = None,
    lines: list[str] | None = None,
    staff: list[Block] | None = None,
    wanneer: dict[str, str | None] | None = None,
) -> str:
    """The numbered Markdown of a review copy of ev (what concept.md holds): since is (number,
    version id, date) of the previous copy and lines the changes since it (None: first copy);
    staff the staff's own text about the coming jaarplan (review_activities.staff_text) and
    wanneer the plan's 'wanneer' per activity id."""
    front, rest = content(ev, staff, wanneer)
    return markdown(front + changes_blocks(since, lines or []) + rest)


# --- making a copy ---------------------------------------------------------------------------


def resolve_date(value: date | str | None) -> date:
    """The date of the copy: the argument, else $EVALKIT_DATUM, else today (ParameterError
    when the text is not a date)."""
    if isinstance(value, date):
        return value
    source = "datum"
    if value is None:
        value = os.environ.get("EVALKIT_DATUM") or None
        source = "EVALKIT_DATUM"
    if value is None:
        return date.today()
    try:
        return values.read_date(str(value))
    except ValueError as exc:
        raise ParameterError(source, str(exc)) from None


@dataclass(frozen=True)
class Outcome:
    """What make_copy did: a new copy (new=True) or none because nothing changed (then the
    fields describe the latest stored copy). files: SHA-256 per file name; changes: the lines
    of the changes section; previous: the number of the copy compared with."""

    new: bool
    number: int
    version: str
    folder: Path
    copy_date: date | None
    files: dict[str, str]
    changes: tuple[str, ...]
    previous: int | None
    pages: int | None = None
    warnings: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """What the CLI prints (Dutch): where the copy is, its version and checksums."""
        if not self.new:
            return [
                f"Geen wijzigingen sinds versie {self.number} (versie-id {self.version}); er is "
                f"geen nieuwe conceptversie gemaakt. De laatste versie staat in {self.folder}."
            ]
        lines = [
            f"Conceptversie {self.number} voor de OPR gemaakt in {self.folder}",
            f"  Versie-id: {self.version}; datum: {fmt.date_text(self.copy_date)}",
            "  Dit is de eerste versie."
            if self.previous is None
            else f"  Wijzigingen sinds versie {self.previous}: {len(self.changes)}",
            "  Controlegetallen (SHA-256):",
        ]
        for name in sorted(self.files, key=lambda n: (not n.endswith((".pdf", ".html")), n)):
            lines.append(f"    {self.files[name]}  {name}")
        lines.append(
            "  Verspreid alleen de PDF en de HTML. De interne vergelijkingsbasis staat buiten de "
            f"map, in {internal_path(self.folder)}; verspreid die niet."
        )
        return lines


def _unchanged(previous: PreviousCopy, warnings: tuple[str, ...]) -> Outcome:
    return Outcome(
        False,
        previous.number,
        previous.version,
        previous.folder,
        previous.copy_date,
        previous.files(),
        (),
        previous.number,
        warnings=warnings,
    )


def _manifest_header(
    ev: Evaluation, number: int, version: str, made: date, previous: PreviousCopy | None
) -> dict[str, Any]:
    """The manifest fields that describe the copy (the file checksums are added on writing)."""
    return {
        "document": f"Conceptevaluatie voor de OPR: {ev.plan.naam}",
        "jaarplan": ev.plan.id,
        "ronde": ev.ronde.id,
        "ronde_naam": ev.ronde.naam,
        "peildatum": ev.ronde.peildatum.isoformat(),
        "voorbeelddata": ev.voorbeelddata,
        "versie": number,
        "versie_id": version,
        "datum": made.isoformat(),
        "vorige_versie": (
            {"versie": previous.number, "versie_id": previous.version} if previous else None
        ),
    }


def make_copy(
    plan_id: str,
    made_on: date | str | None = None,
    data_dir: Path | str | None = None,
    reports_dir: Path | str | None = None,
) -> Outcome:
    """Make the next review copy of a jaarplan's latest round under reports/<id>/opr/.

    Each copy gets its own folder v<nnn>-<version id> with only what may be distributed (the
    PDF, the HTML and the document Markdown) and manifest.json with the SHA-256 of each file.
    The unsuppressed evaluation results, the basis of the next comparison, go outside that
    folder to internal_path (opr/.intern/v<nnn>-<version id>.json); the manifest holds their
    SHA-256 under 'intern'. warnings (Dutch) name the abbreviations in the copy that the jargon
    list cannot explain. Nothing is written when the plan is unknown or invalid, when a
    previous copy is damaged, or when the content equals the last copy (then new is False).
    The folder is built under a temporary name and renamed when complete, after the internal
    file is in place. Raises EvalkitError subclasses (UnknownJaarplan, ValidationError,
    ParameterError, OutputError).
    """
    plan = load.load_jaarplan(plan_id, Path(data_dir) if data_dir else None)
    made = resolve_date(made_on)
    ev = evaluate(plan)  # the latest round by peildatum
    results = ev.to_dict()
    opr = paths.report_dir(plan.id, Path(reports_dir) if reports_dir else None) / OPR_DIR
    earlier = previous_copies(opr)
    previous = earlier[-1] if earlier else None

    staff = staff_text(paths.plan_dir(plan.id, Path(data_dir) if data_dir else None))
    wanneer = {a.id: a.wanneer for a in plan.activiteiten}
    front, rest = content(ev, staff, wanneer)
    text = markdown(front + rest, numbered=False)
    warning = unknown_warning(unknown_abbreviations(text, jargon()))
    warnings = (warning,) if warning else ()
    version = version_id(results, text)
    if previous is not None and previous.version == version:
        return _unchanged(previous, warnings)
    lines = changes(previous.evaluation, results) if previous else []
    since = (previous.number, previous.version, previous.copy_date) if previous else None
    document = document_markdown(ev, since, lines, staff, wanneer)
    number = (previous.number + 1) if previous else 1
    target = copy_folder(opr, number, version)
    internal_text = json_text(results)
    with staging(opr) as work:
        build, folder = work / "render", work / "kopie"
        build.mkdir()
        folder.mkdir()
        meta = metadata(ev, version, number, made)
        html, pdf, pages = render(document, meta, build, f"{plan.id}-concept-v{number:03d}")
        header = _manifest_header(ev, number, version, made, previous) | {"wijzigingen": lines}
        files = fill_copy_folder(folder, target, document, (html, pdf), header, internal_text)
        commit_copy(folder, target, internal_text)
    return Outcome(
        True,
        number,
        version,
        target,
        made,
        files,
        tuple(lines),
        previous.number if previous else None,
        pages,
        warnings,
    )
