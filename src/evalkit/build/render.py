"""The built-in renderer: a generated book (reports/<id>/_quarto.yml) to HTML and PDF."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from evalkit.build.book import (
    CONTENT_SECURITY_POLICY,
    Book,
    csp_meta,
    listed,
    os_message,
    read_book,
)
from evalkit.build.pandoc_run import pandoc, pandoc_path
from evalkit.build.provenance import package_version, pandoc_version
from evalkit.build.usertext import localise_images, parse_markdown
from evalkit.errors import OutputError

RESOURCES = resources.files("evalkit") / "resources"
__all__ = ["pandoc", "pandoc_path", "render_book", "renderer_name"]

# The HTML report needs no script, no request and no frame (book.CONTENT_SECURITY_POLICY, in
# _evalkit/csp.html, which the book definition includes); add_csp puts it in any HTML head
# that lacks it.
CSP_META = csp_meta(CONTENT_SECURITY_POLICY)
# The typst partials the built-in skeleton (resources/jaarverslag.typ) includes, as Quarto's
# template.typ does; the book definition must name them under template-partials.
TYPST_PARTIALS = ("typst-template.typ", "typst-show.typ")
# PDF standards when the caller names none (the review sheet; a book names its own).
PDF_UA = ("ua-1",)
# A typst comment before each chapter, so a typst error can name the chapter's file.
CHAPTER_MARK = "// evalkit-hoofdstuk: "
LEFTOVER = ".render-*.tmp"


@dataclass(frozen=True)
class RenderResult:
    """What one render wrote, and how long it took."""

    html: Path | None
    pdf: Path | None
    hoofdstukken: int
    paginas: int | None
    seconden: float


def renderer_name() -> str:
    """How the Verantwoording names this renderer: 'ingebouwd: pandoc <v> + typst <v>'."""
    return f"ingebouwd: pandoc {pandoc_version()} + typst {package_version('typst')}"


def font_dir() -> Path:
    """matplotlib's font folder (DejaVu Sans and Sans Mono): the only fonts typst gets."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _resource(naam: str) -> Path:
    pad = Path(str(RESOURCES / naam))
    if not pad.is_file():
        raise OutputError(f"Bestand {naam} ontbreekt in de evalkit-installatie (resources)")
    return pad


# --- per chapter ---------------------------------------------------------------------------


def chapter_json(
    pad: Path, werkmap: Path, echo: bool = False, filters: tuple[Path, ...] | None = None
) -> dict:
    """One chapter (notebook or Markdown) as pandoc JSON; media go to werkmap/media.

    filters: the book's per-chapter Lua filters (None: the project's own cellen.lua).
    """
    if filters is None:
        filters = (_resource("book/cellen.lua"),)
    if pad.suffix != ".ipynb":
        # Markdown chapters without raw markup; images only from the chapter's own folder.
        tekst = pad.read_text(encoding="utf-8-sig")
        return localise_images(parse_markdown(tekst, pad), pad, werkmap)
    args = [
        "--extract-media=media", "-t", "json", "--resource-path", str(pad.parent),
        "-f", "ipynb", "--ipynb-output=all",
        *_filter_args(filters),
        "-M", f"echo={'true' if echo else 'false'}",
    ]  # fmt: skip
    tekst = pandoc([*args, str(pad)], f"Omzetten van hoofdstuk {pad.name}", werkmap)
    try:
        return json.loads(tekst)
    except ValueError as exc:
        raise OutputError(
            f"Omzetten van hoofdstuk {pad.name}: onleesbare uitvoer van pandoc"
        ) from exc


def _header(niveau: int, tekst: str, klassen: list[str]) -> dict:
    woorden: list[dict] = []
    for i, woord in enumerate(tekst.split()):
        if i:
            woorden.append({"t": "Space"})
        woorden.append({"t": "Str", "c": woord})
    return {"t": "Header", "c": [niveau, ["", klassen, []], woorden]}


def chapter_title(pad: Path, doc: dict) -> str:
    """Title for a chapter that does not start with a level-1 heading."""
    meta = doc.get("meta", {}).get("title")
    if meta:
        return _meta_text(meta)
    return pad.stem.replace("-", " ").replace("_", " ").capitalize()


def _meta_text(waarde: dict) -> str:
    delen: list[str] = []

    def loop(x: Any) -> None:
        if isinstance(x, dict):
            if x.get("t") == "Str":
                delen.append(x["c"])
            elif x.get("t") in ("Space", "SoftBreak"):
                delen.append(" ")
            else:
                loop(x.get("c"))
        elif isinstance(x, list):
            for y in x:
                loop(y)
        elif isinstance(x, str):
            delen.append(x)

    loop(waarde)
    return "".join(delen).strip()


def prepare_chapter(blokken: list[dict], titel: str, soort: str) -> list[dict]:
    """Make a chapter start with a level-1 heading and mark its headings by kind.

    soort: 'index' (all headings unnumbered), 'bijlage' (appendix: lettered, unnumbered) or
    'hoofdstuk' (numbered).
    """
    blokken = list(blokken)
    if not blokken or blokken[0].get("t") != "Header" or blokken[0]["c"][0] != 1:
        blokken.insert(0, _header(1, titel, []))
    for blok in blokken:
        if blok.get("t") != "Header":
            continue
        klassen = blok["c"][1][1]
        if soort in ("index", "bijlage") and "unnumbered" not in klassen:
            klassen.append("unnumbered")
        if soort == "bijlage" and blok["c"][0] == 1 and "bijlage" not in klassen:
            klassen.append("bijlage")
    return blokken


def merge_chapters(
    hoofdstukken: list[tuple[list[dict], str, str]],
    api: list[int],
    bronnen: list[str] | None = None,
) -> dict:
    """Merge chapters (blocks, title, kind) into one pandoc JSON document (empty meta).

    bronnen names each chapter's file: it goes into the typst source as a comment before the
    chapter, so that a typst error can name the file that caused it.
    """
    blokken: list[dict] = []
    for i, (inhoud, titel, soort) in enumerate(hoofdstukken):
        if bronnen:
            blokken.append({"t": "RawBlock", "c": ["typst", CHAPTER_MARK + bronnen[i]]})
        blokken.extend(prepare_chapter(inhoud, titel, soort))
    return {"pandoc-api-version": api, "meta": {}, "blocks": blokken}


# --- the whole book ------------------------------------------------------------------------


def metadata(boek: Book) -> dict[str, Any]:
    """Document metadata for both writers (title page, language)."""
    meta: dict[str, Any] = {"title": boek.titel, "pagetitle": boek.titel}
    if boek.ondertitel:
        meta["subtitle"] = boek.ondertitel
    if boek.auteur:
        meta["author"] = [boek.auteur]
    if boek.datum:
        meta["date"] = boek.datum
    for sleutel in ("periode", "ronde", "peildatum", "versie", "voorbeelddata-tekst"):
        waarde = boek.metadata.get(sleutel)
        if waarde not in (None, ""):
            meta[sleutel] = str(waarde)
    meta["voorbeelddata"] = boek.voorbeelddata
    meta["intern"] = boek.intern
    meta["lang"] = str(boek.metadata.get("lang") or "nl")
    return meta


def _option(opties: dict, sleutel: str, standaard: Any = None) -> Any:
    waarde = opties.get(sleutel, standaard)
    return standaard if waarde is None else waarde


def _filter_args(filters: tuple[Path, ...]) -> list[str]:
    return [a for f in filters for a in ("--lua-filter", str(f))]


def html_args(opties: dict, boek: Book | None = None) -> list[str]:
    """pandoc options for the HTML file, from the book's `format: html` section.

    The stylesheets (css), header includes (include-in-header) and whole-book filters are
    exactly those the book definition names (none without a book).
    """
    css = boek.files("html", "css") if boek else ()
    koppen = boek.files("html", "include-in-header") if boek else ()
    args = [
        "-f", "json", "-t", "html5", "--standalone", "--embed-resources",
        "--template", str(_resource("jaarverslag.html")),
        *[a for c in css for a in ("--css", str(c))],
        *[a for k in koppen for a in ("--include-in-header", str(k))],
        *_filter_args(boek.book_filters() if boek else ()),
        "--resource-path", ".", "--wrap=none",
    ]  # fmt: skip
    if _option(opties, "toc", True):
        args += ["--toc", f"--toc-depth={int(_option(opties, 'toc-depth', 2))}"]
        args += ["-M", f"toc-title={_option(opties, 'toc-title', 'Inhoudsopgave')}"]
    if _option(opties, "number-sections", True):
        args.append("--number-sections")
    return args


def typst_args(opties: dict, boek: Book | None = None, template: Path | None = None) -> list[str]:
    """pandoc options for the typst source, from the book's `format: typst` section.

    template: the skeleton with the book's partials next to it (see typst_template).
    """
    args = [
        "-f", "json", "-t", "typst", "--standalone",
        "--template", str(template or _resource("jaarverslag.typ")),
        *_filter_args(boek.book_filters() if boek else ()),
    ]  # fmt: skip
    if _option(opties, "toc", True):
        args += ["--toc", f"--toc-depth={int(_option(opties, 'toc-depth', 2))}"]
        args += ["-V", f"toc-title={_option(opties, 'toc-title', 'Inhoudsopgave')}"]
    if opties.get("lang"):
        args += ["-M", f"lang={opties['lang']}"]
    args += ["-V", f"papersize={_option(opties, 'papersize', 'a4')}"]
    args += ["-V", f"section-numbering={_option(opties, 'section-numbering', '1.1')}"]
    args += ["-V", f"page-numbering={_option(opties, 'page-numbering', '1')}"]
    marge = opties.get("margin")
    if isinstance(marge, dict):
        for k, v in marge.items():
            args += ["-V", f"margin.{k}={v}"]
    return args


def typst_template(boek: Book, map_: Path) -> Path:
    """The skeleton and the partials the book names, together in map_ (as Quarto does).

    Quarto falls back to its own partial for one the book does not name; the built-in
    renderer has no fallback, so a missing partial is a Dutch error naming _quarto.yml.
    """
    map_.mkdir(parents=True, exist_ok=True)
    genoemd = {p.name: p for p in boek.files("typst", "template-partials")}
    for naam in TYPST_PARTIALS:
        if naam not in genoemd:
            raise OutputError(
                f"{boek.map / '_quarto.yml'}: 'format.typst.template-partials' noemt geen "
                f"{naam}; de ingebouwde renderer heeft die nodig voor de PDF"
            )
    for naam, pad in genoemd.items():
        shutil.copyfile(pad, map_ / naam)
    return Path(shutil.copyfile(_resource("jaarverslag.typ"), map_ / "jaarverslag.typ"))


def pdf_standards(opties: dict) -> tuple[str, ...]:
    """The PDF standards of the book's `format: typst: pdf-standard` (a name or a list)."""
    return tuple(listed(opties, "pdf-standard"))


def _pages(pdf: bytes) -> int | None:
    import re

    n = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    return n or None


def compile_pdf(typ: Path, pdf: Path, standards: tuple[str, ...] = PDF_UA) -> int | None:
    """Compile typst to a deterministic PDF with only the bundled fonts; returns page count.

    standards: typst's PDF standards; ua-1 (PDF/UA-1) requires a tagged PDF, a document
    title and alt text on every image.
    """
    import typst

    try:
        data = typst.compile(
            str(typ),
            root=str(typ.parent),
            font_paths=[str(font_dir())],
            ignore_system_fonts=True,
            timestamp=0,
            pdf_standards=list(standards),
        )
    except Exception as exc:  # typst raises its own error types
        melding = str(getattr(exc, "diagnostic", "") or exc).strip()
        bron = chapter_at_error(typ, melding)
        waar = f" door de tekst van {bron}" if bron else ""
        raise OutputError(f"PDF maken met typst mislukt{waar}:\n  {melding[:2000]}") from exc
    pdf.write_bytes(data)
    return _pages(data)


def chapter_at_error(typ: Path, melding: str) -> str | None:
    """The chapter file (from the CHAPTER_MARK comments) at the line a typst error names."""
    m = re.search(re.escape(typ.name) + r":(\d+):", melding)
    if not m:
        return None
    try:
        regels = typ.read_text(encoding="utf-8").splitlines()[: int(m.group(1))]
    except OSError:
        return None
    for regel in reversed(regels):
        if regel.startswith(CHAPTER_MARK):
            return regel.removeprefix(CHAPTER_MARK).strip()
    return None


def add_csp(html: Path) -> None:
    """Make sure the HTML head carries the Content-Security-Policy (right after its charset)."""
    tekst = html.read_text(encoding="utf-8")
    kop, _, rest = tekst.partition("</head>")
    if 'http-equiv="Content-Security-Policy"' in kop or not rest:
        return
    m = re.search(r"<meta charset=[^>]*>", kop) or re.search(r"<head[^>]*>", kop)
    if m is None:
        raise OutputError(f"{html.name}: geen <head> gevonden voor de Content-Security-Policy")
    tekst = tekst[: m.end()] + "\n" + CSP_META + tekst[m.end() :]
    html.write_text(tekst, encoding="utf-8")


def _source_name(boek: Book, pad: Path) -> str:
    """How a typst error names a chapter: tekst/*.md by its file in data/<id>/tekst/."""
    try:
        rel = pad.relative_to(boek.map).as_posix()
    except ValueError:
        return pad.name
    return f"data/{boek.map.name}/{rel}" if rel.startswith("tekst/") else rel


def remove_leftovers(doelmap: Path) -> None:
    """Remove the temp folders of renders that were killed midway (their process is gone)."""
    for oud in doelmap.glob(LEFTOVER):
        m = re.match(r"\.render-(\d+)-", oud.name)
        if m and _alive(int(m.group(1))):
            continue  # a render running right now
        shutil.rmtree(oud, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def render_book(boekmap: Path | str, doelmap: Path | str | None = None) -> RenderResult:
    """Render a generated book to <doelmap>/jaarverslag.html and .pdf (atomically).

    Chapters, titles and formats come from the book's _quarto.yml. Everything is written in a
    temp folder inside doelmap first; the outputs replace the previous ones only when every
    format succeeded, so a failed render leaves earlier files in place. A file system error
    (say, a folder that is not writable) is a Dutch UitvoerFout.
    """
    try:
        return _render_book(boekmap, doelmap)
    except OSError as exc:
        raise OutputError(
            f"Renderen van {Path(boekmap).name}: {os_message(exc)}; de vorige HTML en PDF "
            "blijven staan"
        ) from None


def _render_book(boekmap: Path | str, doelmap: Path | str | None) -> RenderResult:
    start = time.perf_counter()
    boek = read_book(boekmap)
    doelmap = Path(doelmap) if doelmap else boek.map
    doelmap.mkdir(parents=True, exist_ok=True)
    formaten = [f for f in ("html", "typst") if f in boek.formaten]
    if not formaten:
        raise OutputError(f"{boek.map / '_quarto.yml'}: geen formaat html of typst in 'format'")
    echo = bool((boek.metadata.get("execute") or {}).get("echo", False))

    remove_leftovers(doelmap)
    werkmap = Path(tempfile.mkdtemp(prefix=f".render-{os.getpid()}-", suffix=".tmp", dir=doelmap))
    try:
        delen = [(p, "index" if p.stem == "index" else "hoofdstuk") for p in boek.hoofdstukken]
        delen += [(p, "bijlage") for p in boek.bijlagen]
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            per_hoofdstuk = boek.chapter_filters()
            docs = list(pool.map(lambda d: chapter_json(d[0], werkmap, echo, per_hoofdstuk), delen))
        api = docs[0].get("pandoc-api-version", [1, 23])
        samen = merge_chapters(
            [
                (doc["blocks"], chapter_title(pad, doc), soort)
                for (pad, soort), doc in zip(delen, docs, strict=True)
            ],
            api,
            [_source_name(boek, pad) for pad, _ in delen],
        )
        (werkmap / "boek.json").write_text(json.dumps(samen, ensure_ascii=False), encoding="utf-8")
        (werkmap / "meta.yaml").write_text(
            yaml.safe_dump(metadata(boek), allow_unicode=True, sort_keys=True), encoding="utf-8"
        )
        naam = boek.uitvoer
        gemeen = ["--metadata-file", "meta.yaml", "boek.json"]

        def schrijf_html() -> tuple[Path, None]:
            args = html_args(boek.formaten["html"], boek)
            pandoc([*args, *gemeen, "-o", f"{naam}.html"], "HTML schrijven", werkmap)
            add_csp(werkmap / f"{naam}.html")
            return werkmap / f"{naam}.html", None

        def schrijf_pdf() -> tuple[Path, int | None]:
            opties = boek.formaten["typst"]
            sjabloon = typst_template(boek, werkmap / "sjabloon")
            args = [*typst_args(opties, boek, sjabloon), *gemeen, "-o", f"{naam}.typ"]
            pandoc(args, "Typst-bron schrijven", werkmap)
            pdf = werkmap / f"{naam}.pdf"
            return pdf, compile_pdf(werkmap / f"{naam}.typ", pdf, pdf_standards(opties))

        # HTML and PDF are independent: write them side by side.
        taken = {"html": schrijf_html, "pdf": schrijf_pdf}
        soorten = [s for s in ("html", "pdf") if ("typst" if s == "pdf" else s) in formaten]
        with ThreadPoolExecutor(max_workers=2) as pool:
            lopend = {s: pool.submit(taken[s]) for s in soorten}
            klaar = {s: f.result() for s, f in lopend.items()}
        uit = {s: pad for s, (pad, _) in klaar.items()}
        paginas = klaar["pdf"][1] if "pdf" in klaar else None
        # Every format succeeded: move the outputs into place.
        doelen = {soort: doelmap / pad.name for soort, pad in uit.items()}
        for soort, pad in uit.items():
            os.replace(pad, doelen[soort])
    finally:
        shutil.rmtree(werkmap, ignore_errors=True)
    return RenderResult(
        html=doelen.get("html"),
        pdf=doelen.get("pdf"),
        hoofdstukken=len(delen),
        paginas=paginas,
        seconden=time.perf_counter() - start,
    )
