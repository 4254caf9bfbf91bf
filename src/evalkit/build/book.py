"""The jaarverslag as a book: generating reports/<id>/ from the one template, and reading it."""

from __future__ import annotations

import contextlib
import glob
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from evalkit import escape, fmt, paths
from evalkit.build import provenance
from evalkit.build.usertext import read_texts
from evalkit.data.model import Jaarplan, Ronde
from evalkit.errors import OutputError, ParameterError, os_reason
from evalkit.files import write_atomic
from evalkit.present.statements import INTERNAL_NOTICE

TEMPLATE = paths.REPORTS_DIR / "_quarto.yml"
BOOK_DEFINITION = "_quarto.yml"
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
HEADER = (
    "# Gegenereerd door evalkit uit reports/_quarto.yml voor jaarplan {plan_id}; niet met de\n"
    "# hand bewerken: `evalkit report` schrijft dit bestand opnieuw.\n"
)

# The project's files that shape the book (Lua filters, typst partials, HTML includes): copied
# into every book folder as _evalkit/, where reports/_quarto.yml names them.
BOOK_FILES = paths.PACKAGE_DIR / "resources" / "book"
BOOK_FILES_DIR = "_evalkit"
# The book definition's keys that name files, per format (Quarto's names).
FILE_KEYS = ("css", "include-in-header", "template-partials")
# Quarto's filter entry points after its own processing: the built-in renderer runs these on
# the whole merged book, the others on each chapter.
BOOK_STAGES = ("post-quarto", "pre-render", "post-render", "pre-finalize", "post-finalize")

# The Content-Security-Policy of the HTML (the book definition names _evalkit/csp.html under
# include-in-header; evalkit writes that file per renderer). No script, no request elsewhere,
# no frame. The built-in renderer's HTML is one self-contained file: styles inline, images and
# fonts as data:. Quarto's HTML book is a site whose pages load the site's own images, styles
# and fonts ('self'); scripts stay off there too (the pages read fine without them).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)
QUARTO_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; base-uri 'none'; form-action 'none'"
)
CSP_FILE = "csp.html"


def csp_meta(policy: str = CONTENT_SECURITY_POLICY) -> str:
    """The HTML meta element that carries a Content-Security-Policy."""
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


# The example-data banner for Quarto's HTML (the built-in renderer has it in its template).
EXAMPLE_DATA_HTML = (
    '<div class="voorbeelddata-banner" role="note" style="background:#b00020;color:#fff;'
    'padding:0.4rem 1rem;text-align:center"><strong>VOORBEELDDATA</strong> – de '
    "realisatiecijfers in dit verslag zijn verzonnen ter illustratie.</div>"
)

# The mark of an internal report (the evaluation notebook ran with publiek=False): small counts
# are not suppressed, so it must not be published.
INTERNAL_HTML = (
    '<div class="intern-banner" role="note" style="background:#222;color:#fff;'
    f'padding:0.4rem 1rem;text-align:center"><strong>{INTERNAL_NOTICE}</strong>: '
    "kleine aantallen leerlingen zijn in dit verslag niet afgeschermd.</div>"
)
# The placeholders whose values are display text from data: escaped for pandoc Markdown (both
# renderers read the book's metadata as Markdown), so they show as text in HTML and PDF.
DISPLAY_TEXT = (
    "naam", "organisatie", "periode", "ronde_naam", "peildatum", "datum", "versie",
    "voorbeelddata_tekst",
)  # fmt: skip

Notifier = Callable[[str], None]


def _ignore(_tekst: str) -> None:
    """The default notifier: notices are dropped."""


# --- small pure helpers --------------------------------------------------------------------


def fill_in(tekst: str, waarden: dict[str, Any], bron: str = "") -> Any:
    """Fill {{name}} placeholders in one string.

    A string that is exactly one placeholder takes the value itself (so booleans stay
    booleans); otherwise the values are inserted as text. An unknown name is an error.
    """

    def waarde(naam: str) -> Any:
        if naam not in waarden:
            plek = f" in {bron}" if bron else ""
            bekend = ", ".join(sorted(waarden))
            raise OutputError(f"Onbekende plaatshouder '{{{{{naam}}}}}'{plek}; bekend: {bekend}")
        return waarden[naam]

    geheel = PLACEHOLDER.fullmatch(tekst.strip())
    if geheel:
        return waarde(geheel.group(1))
    return PLACEHOLDER.sub(lambda m: str(waarde(m.group(1))), tekst)


def fill_in_all(obj: Any, waarden: dict[str, Any], bron: str = "") -> Any:
    """Fill placeholders in every string (keys and values) of a parsed YAML structure."""
    if isinstance(obj, str):
        return fill_in(obj, waarden, bron)
    if isinstance(obj, list):
        return [fill_in_all(x, waarden, bron) for x in obj]
    if isinstance(obj, dict):
        return {
            str(fill_in(str(k), waarden, bron)): fill_in_all(v, waarden, bron)
            for k, v in obj.items()
        }
    return obj


def period_text(start: date, eind: date) -> str:
    """The plan period in Dutch: '1 januari 2023 – 31 december 2023'."""
    return f"{fmt.date_text(start)} – {fmt.date_text(eind)}"


def book_ronde(plan: Jaarplan, params_dir: Path | None = None) -> Ronde:
    """The book's round: the latest round (by peildatum) that has a params file for the plan."""
    params_dir = Path(params_dir) if params_dir else paths.PARAMS_DIR
    map_ = params_dir / plan.id
    stems = {p.stem for p in map_.glob("*.yaml")} if map_.is_dir() else set()
    rondes = [r for r in plan.rondes.values() if r.id in stems]
    if not rondes:
        raise ParameterError(
            f"{params_dir.name}/{plan.id}/",
            "geen parameterbestand voor een ronde van dit jaarplan; het jaarverslag heeft er een "
            f"nodig (rondes: {', '.join(plan.rondes) or 'geen'})",
        )
    return max(rondes, key=lambda r: (r.peildatum, r.id))


# --- reading a generated book --------------------------------------------------------------


@dataclass(frozen=True)
class Book:
    """A generated book (reports/<id>/_quarto.yml) as both renderers see it."""

    map: Path
    titel: str
    ondertitel: str | None = None
    auteur: str | None = None
    datum: str | None = None
    hoofdstukken: tuple[Path, ...] = ()
    bijlagen: tuple[Path, ...] = ()
    formaten: dict[str, dict] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    uitvoer: str = "jaarverslag"
    # The Lua filters named in `filters:`, as (file, Quarto entry point or "" when not named).
    filters: tuple[tuple[Path, str], ...] = ()

    def files(self, formaat: str, sleutel: str) -> tuple[Path, ...]:
        """The files a format's key (css, include-in-header, template-partials) names."""
        return tuple(self.map / n for n in listed(self.formaten.get(formaat, {}), sleutel))

    def chapter_filters(self) -> tuple[Path, ...]:
        """Filters that run on each chapter (Quarto: before or at its own processing)."""
        return tuple(f for f, at in self.filters if at not in BOOK_STAGES)

    def book_filters(self) -> tuple[Path, ...]:
        """Filters that run on the whole merged book (Quarto: after its own processing)."""
        return tuple(f for f, at in self.filters if at in BOOK_STAGES)

    @property
    def voorbeelddata(self) -> bool:
        """Whether the book shows invented example data."""
        return self.metadata.get("voorbeelddata") is True

    @property
    def intern(self) -> bool:
        """Whether the book is internal (made with publiek=False): not for publication."""
        return self.metadata.get("intern") is True


def _chapter_list(items: Any, bron: str) -> list[str]:
    """Flatten a Quarto chapter list (strings and `part:` groups) to file names."""
    uit: list[str] = []
    for item in items or []:
        if isinstance(item, str):
            uit.append(item)
        elif isinstance(item, dict) and "chapters" in item:
            uit.extend(_chapter_list(item["chapters"], bron))
        elif isinstance(item, dict) and "file" in item:
            uit.append(str(item["file"]))
        else:
            raise OutputError(f"{bron}: onbekend hoofdstuk '{item}' in de hoofdstukkenlijst")
    return uit


def listed(opties: dict, sleutel: str) -> list[str]:
    """The names under one key (one name or a list); inline `text:` entries are not names."""
    waarde = opties.get(sleutel) or []
    return [
        str(w) for w in (waarde if isinstance(waarde, list) else [waarde]) if isinstance(w, str)
    ]


def _filter_list(data: dict, bron: str) -> list[tuple[str, str]]:
    """The `filters:` entries as (file, entry point); Quarto's own `quarto` marker is skipped."""
    uit: list[tuple[str, str]] = []
    for item in data.get("filters") or []:
        if isinstance(item, dict) and isinstance(item.get("path"), str):
            uit.append((item["path"], str(item.get("at") or "")))
        elif isinstance(item, str) and item != "quarto":
            uit.append((item, ""))
        elif item != "quarto":
            raise OutputError(f"{bron}: onbekend filter '{item}' in 'filters'")
    return uit


def _check_named_files(boekmap: Path, bron: str, genoemd: list[tuple[str, str]]) -> None:
    """Every file the book definition names must exist: a Dutch error naming _quarto.yml."""
    for plek, naam in genoemd:
        if not (boekmap / naam).is_file():
            raise OutputError(
                f"{bron}: '{plek}' noemt het bestand '{naam}', maar dat bestaat niet in "
                f"{boekmap} (maak het boek opnieuw met evalkit report)"
            )


def read_yaml_file(pad: Path) -> dict:
    """Read a YAML mapping; UitvoerFout with the file name on any problem.

    A key that occurs twice in one mapping is refused (YAML would silently keep the last).
    """
    from evalkit.data.yamlio import load_yaml, yaml_message_with_line

    try:
        tekst = pad.read_text(encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{pad}: kan het bestand niet lezen ({os_reason(exc)})") from None
    except UnicodeDecodeError as exc:
        regel = exc.object[: exc.start].count(b"\n") + 1
        raise OutputError(f"{pad}, regel {regel}: bestand is geen UTF-8-tekst") from None
    try:
        data, _, dubbel = load_yaml(tekst)
    except yaml.YAMLError as exc:
        raise OutputError(f"{pad}: {yaml_message_with_line(exc, tekst)}") from None
    if dubbel:
        sleutel, eerste, tweede = dubbel[0]
        raise OutputError(
            f"{pad}: sleutel '{sleutel}' staat twee keer in hetzelfde blok (regel {eerste} en "
            f"regel {tweede})"
        )
    if not isinstance(data, dict):
        raise OutputError(f"{pad}: verwacht een YAML-mapping")
    return data


def read_book(boekmap: Path | str) -> Book:
    """Read a generated book definition: title page fields, chapters, appendices, formats."""
    boekmap = Path(boekmap).resolve()
    pad = boekmap / BOOK_DEFINITION
    if not pad.is_file():
        raise OutputError(
            f"{pad}: boekdefinitie ontbreekt (maak het boek eerst met evalkit report)"
        )
    data = read_yaml_file(pad)
    book = data.get("book")
    if not isinstance(book, dict) or not book.get("chapters"):
        raise OutputError(f"{pad}: 'book.chapters' ontbreekt of is leeg")
    hoofdstukken = _chapter_list(book.get("chapters"), str(pad))
    bijlagen = _chapter_list(book.get("appendices"), str(pad))
    for naam in hoofdstukken + bijlagen:
        if not (boekmap / naam).is_file():
            raise OutputError(f"{pad}: hoofdstuk '{naam}' bestaat niet in {boekmap}")
    formaten = data.get("format") or {}
    if isinstance(formaten, str):
        formaten = {formaten: {}}
    formaten = {str(k): (v if isinstance(v, dict) else {}) for k, v in formaten.items()}
    overig = {k: v for k, v in data.items() if k not in ("project", "book", "format", "filters")}
    filters = _filter_list(data, str(pad))
    genoemd = [("filters", naam) for naam, _ in filters]
    for formaat, opties in formaten.items():
        for sleutel in FILE_KEYS:
            genoemd += [(f"format.{formaat}.{sleutel}", n) for n in listed(opties, sleutel)]
    _check_named_files(boekmap, str(pad), genoemd)

    def tekst(sleutel: str) -> str | None:
        waarde = book.get(sleutel)
        if isinstance(waarde, list):
            return ", ".join(str(w) for w in waarde)
        return None if waarde is None else str(waarde)

    return Book(
        map=boekmap,
        titel=tekst("title") or boekmap.name,
        ondertitel=tekst("subtitle"),
        auteur=tekst("author"),
        datum=tekst("date"),
        hoofdstukken=tuple(boekmap / n for n in hoofdstukken),
        bijlagen=tuple(boekmap / n for n in bijlagen),
        formaten=formaten,
        metadata=overig,
        uitvoer=str(book.get("output-file") or "jaarverslag"),
        filters=tuple((boekmap / naam, at) for naam, at in filters),
    )


# --- generating a book ---------------------------------------------------------------------


def filter_chapters(
    items: list[Any], boekmap: Path, meld: Notifier = _ignore, plan_id: str = ""
) -> list[Any]:
    """Expand globs and drop chapter entries whose file does not exist (saying so)."""
    uit: list[Any] = []
    voorvoegsel = f"{plan_id}: " if plan_id else ""
    for item in items:
        if isinstance(item, dict) and "chapters" in item:
            binnen = filter_chapters(item["chapters"], boekmap, meld, plan_id)
            if binnen:
                uit.append({**item, "chapters": binnen})
            continue
        naam = str(item)
        if any(c in naam for c in "*?["):
            gevonden = sorted(
                Path(p).relative_to(boekmap).as_posix()
                for p in glob.glob(str(boekmap / naam))
                if Path(p).is_file()
            )
            if not gevonden:
                meld(f"{voorvoegsel}hoofdstuk '{naam}' weggelaten: geen bestanden gevonden")
            uit.extend(gevonden)
        elif (boekmap / naam).is_file():
            uit.append(naam)
        else:
            meld(f"{voorvoegsel}hoofdstuk '{naam}' weggelaten: het bestand bestaat niet")
    return uit


def make_definition(
    sjabloon: dict, waarden: dict[str, Any], boekmap: Path, meld: Notifier = _ignore, bron: str = ""
) -> dict:
    """The book definition of one plan: placeholders filled, missing chapters dropped."""
    definitie = fill_in_all(sjabloon, waarden, bron)
    book = definitie.get("book")
    if not isinstance(book, dict) or not book.get("chapters"):
        raise OutputError(f"{bron or 'sjabloon'}: 'book.chapters' ontbreekt of is leeg")
    plan_id = str(waarden.get("plan_id", ""))
    book["chapters"] = filter_chapters(book["chapters"], boekmap, meld, plan_id)
    if "appendices" in book:
        bijlagen = filter_chapters(book.get("appendices") or [], boekmap, meld, plan_id)
        if bijlagen:
            book["appendices"] = bijlagen
        else:
            del book["appendices"]
    if not book["chapters"]:
        raise OutputError(f"{plan_id}: geen enkel hoofdstuk van het boek bestaat in {boekmap}")
    return definitie


def index_markdown(ev: Any, publiek: bool = True) -> str:
    """The index chapter: the management summary (with the example-data notice first).

    publiek follows the evaluation notebook's parameter: a published report suppresses what
    would reveal a pupil count below 5.
    """
    from evalkit.present.tables import summary_markdown

    summary = summary_markdown(ev, publiek=publiek).strip()
    return f"# Samenvatting {{.unnumbered}}\n\n{summary}\n"


def _copy_texts(bron: Path, doel: Path, gelezen: tuple[set[str], dict[str, str]]) -> None:
    """Mirror data/<id>/tekst/ into reports/<id>/tekst/ (stale copies removed).

    Every file is copied (Markdown chapters and, say, images they show); only tekst/*.md
    are chapters. `gelezen` comes from lees_teksten, called before anything is written.
    """
    namen, teksten = gelezen
    doel.mkdir(parents=True, exist_ok=True)
    for oud in doel.iterdir():
        if oud.is_file() and oud.name not in namen:
            oud.unlink()
    for naam in sorted(namen):
        if naam in teksten:
            write_atomic(doel / naam, teksten[naam])
        else:
            shutil.copyfile(bron / naam, doel / naam)


def os_message(exc: OSError) -> str:
    """A file system error in Dutch: '<file>: <reason>', or for a temp file its folder."""
    reden = os_reason(exc)
    if not exc.filename:
        return reden
    pad = Path(exc.filename)
    if pad.name.startswith(".") and ".tmp" in pad.name:
        return f"kan niet schrijven in {pad.parent}/ ({reden})"
    return f"{pad}: {reden}"


@contextlib.contextmanager
def _file_errors(plan_id: str):
    """Turn a file system error while generating a book into a Dutch UitvoerFout."""
    try:
        yield
    except OSError as exc:
        raise OutputError(
            f"{os_message(exc)}; het jaarverslag van {plan_id} is niet gemaakt (de vorige "
            "HTML en PDF blijven staan)"
        ) from None


def make_book(
    plan_id: str,
    renderer: str,
    *,
    data_dir: Path | None = None,
    params_dir: Path | None = None,
    notebooks_dir: Path | None = None,
    reports_dir: Path | None = None,
    sjabloon: Path | None = None,
    meld: Notifier | None = None,
) -> Path:
    """Generate reports/<id>/: _quarto.yml from the template, index.md, tekst/, verantwoording.md.

    The executed notebooks of the book's round must already be in reports/<id>/<ronde>/.
    Returns the book folder.
    """
    from evalkit.data.load import load_jaarplan
    from evalkit.engine.evaluate import evaluate

    data_dir = Path(data_dir) if data_dir else paths.DATA_DIR
    params_dir = Path(params_dir) if params_dir else paths.PARAMS_DIR
    notebooks_dir = Path(notebooks_dir) if notebooks_dir else paths.NOTEBOOKS_DIR
    sjabloon = Path(sjabloon) if sjabloon else TEMPLATE
    boekmap = paths.report_dir(plan_id, reports_dir)

    plan = load_jaarplan(plan_id, data_dir)
    ronde = book_ronde(plan, params_dir)
    ev = evaluate(plan, ronde.id)
    with _file_errors(plan_id):
        sjabloondata = read_yaml_file(sjabloon)
        publiek = provenance.notebook_parameters(boekmap / ronde.id / "evaluatie.ipynb").get(
            "publiek", True
        )
        intern = not bool(publiek)
        index = index_markdown(ev, publiek=not intern)
        teksten = read_texts(data_dir / plan_id / "tekst")

        # Inputs and notebook parameters, for the version on the title page and the appendix.
        verantwoording = provenance.accountability(
            plan_id,
            ronde.id,
            renderer,
            boekmap=boekmap,
            data_dir=data_dir,
            params_dir=params_dir,
            notebooks_dir=notebooks_dir,
        )

        # Everything is read: now write (the rendered HTML and PDF are not touched here).
        boekmap.mkdir(parents=True, exist_ok=True)
        write_atomic(boekmap / "index.md", index)
        _copy_texts(data_dir / plan_id / "tekst", boekmap / "tekst", teksten)
        write_atomic(boekmap / "verantwoording.md", verantwoording.markdown)
        quarto = renderer.startswith("quarto")
        copy_book_files(
            boekmap / BOOK_FILES_DIR,
            QUARTO_CONTENT_SECURITY_POLICY if quarto else CONTENT_SECURITY_POLICY,
        )

    waarden = {
        "plan_id": plan.id,
        "naam": plan.naam,
        "organisatie": plan.organisatie,
        "periode": period_text(plan.periode_start, plan.periode_eind),
        "ronde": ronde.id,
        "ronde_naam": ronde.naam,
        "peildatum": fmt.date_text(ronde.peildatum),
        "datum": fmt.date_text(ronde.peildatum),
        "versie": verantwoording.versie,
        "voorbeelddata": bool(ronde.voorbeelddata),
        "voorbeelddata_tekst": (ronde.toelichting or "") if ronde.voorbeelddata else "",
        "voorbeelddata_html": EXAMPLE_DATA_HTML if ronde.voorbeelddata else "",
    }
    for sleutel in DISPLAY_TEXT:
        waarden[sleutel] = escape.markdown(waarden[sleutel])
    definitie = make_definition(sjabloondata, waarden, boekmap, meld or _ignore, bron=str(sjabloon))
    if intern:
        mark_internal(definitie)
    tekst = HEADER.format(plan_id=plan.id) + yaml.safe_dump(
        definitie, allow_unicode=True, sort_keys=False, width=100
    )
    with _file_errors(plan_id):
        write_atomic(boekmap / BOOK_DEFINITION, tekst)
    return boekmap


def mark_internal(definitie: dict) -> dict:
    """Mark a book definition as internal, in place: `intern: true` and Quarto's HTML banner.

    Both renderers read `intern` in the typst partials (title page, every PDF page header);
    the built-in HTML template prints the banner itself, for Quarto the mark is put first in
    the HTML include-before-body.
    """
    definitie["intern"] = True
    formaten = definitie.get("format")
    opties = formaten.get("html") if isinstance(formaten, dict) else None
    if isinstance(opties, dict):
        bestaand = opties.get("include-before-body") or []
        if not isinstance(bestaand, list):
            bestaand = [bestaand]
        opties["include-before-body"] = [{"text": INTERNAL_HTML}, *bestaand]
    return definitie


def copy_book_files(
    doel: Path, policy: str = CONTENT_SECURITY_POLICY, bron: Path = BOOK_FILES
) -> None:
    """Mirror the project's book files (filters, partials, includes) into doel (stale ones go),
    with csp.html carrying the renderer's Content-Security-Policy."""
    inhoud = {p.name: p.read_bytes() for p in bron.iterdir() if p.is_file()}
    inhoud[CSP_FILE] = (csp_meta(policy) + "\n").encode("utf-8")
    doel.mkdir(parents=True, exist_ok=True)
    for oud in doel.iterdir():
        if oud.is_file() and oud.name not in inhoud:
            oud.unlink()
    for naam in sorted(inhoud):
        write_atomic(doel / naam, inhoud[naam])
