"""`quarto render` of a generated book, when Quarto (>= 1.9) is installed; skipped otherwise.

Both renderers obey the one book definition (reports/_quarto.yml: filters, typst partials,
HTML includes), so Quarto's PDF must match the built-in one: the same chapters, the
VOORBEELDDATA mark in the page header of every page, alt text on the images and a page count
within 10%.
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from evalkit.build import book, render, report

FIXTURE = Path(__file__).parents[1] / "fixtures" / "render"
PLAN = "fixture-2023"

VERSIE = report.quarto_version()
if VERSIE is None:
    pytest.skip(
        "Quarto niet geïnstalleerd: 'quarto' staat niet op het PATH, dus `quarto render` is "
        "niet getest (de ingebouwde renderer wel)",
        allow_module_level=True,
    )
if VERSIE[:2] < report.QUARTO_MINIMUM:
    pytest.skip(
        f"Quarto {report.version_text(VERSIE)} is te oud voor een boek in typst (nodig: 1.9)",
        allow_module_level=True,
    )


def pdf_pages(pdf: Path) -> list[str]:
    """The text of every page (pdftotext separates pages with a form feed)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip(
            "pdftotext ontbreekt (Debian-pakket poppler-utils): PDF-tekst niet gecontroleerd"
        )
    uit = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True)
    return [" ".join(p.split()) for p in uit.stdout.split("\f")[:-1]]


def chapter_titles(html: str) -> list[str]:
    """The level-1 headings of the built-in HTML, without section numbers or appendix letters
    (Quarto letters the appendices in its own way)."""
    titels = []
    for kop in re.findall(r"<h1(?![^>]*class=\"title\")[^>]*>(.*?)</h1>", html, re.S):
        tekst = html_lib.unescape(
            re.sub(r"<span class=\"header-section-number\">.*?</span>", "", kop)
        )
        titel = " ".join(re.sub(r"<[^>]+>", "", tekst).split())
        titels.append(re.sub(r"^Bijlage [A-Z]: ", "", titel))
    return titels


@pytest.fixture(scope="module")
def beide(tmp_path_factory) -> tuple[Path, Path, render.RenderResult]:
    """The fixture book rendered by Quarto (its site and PDF) and by the built-in renderer."""
    doel = tmp_path_factory.mktemp("quarto")
    mappen = {}
    for naam in ("data", "params", "notebooks", "reports"):
        shutil.copytree(FIXTURE / naam, doel / naam)
        mappen[f"{naam}_dir"] = doel / naam
    naam = f"quarto {report.version_text(VERSIE)}"
    boekmap = book.make_book(PLAN, naam, meld=lambda _t: None, **mappen)
    ingebouwd = render.render_book(boekmap, doel / "ingebouwd")
    site, pdf, _ = report.render_quarto(boekmap)
    return site, pdf, ingebouwd


def test_quarto_render_van_het_boek(beide):
    site, pdf, _ = beide
    assert (site / "index.html").is_file()
    assert pdf.read_bytes().startswith(b"%PDF")
    html = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Evaluatie van de voortgang" in html
    assert "VOORBEELDDATA" in html
    assert 'http-equiv="Content-Security-Policy"' in html  # include-in-header
    tekst = " ".join(pdf_pages(pdf))
    assert "Evaluatie van de voortgang" in tekst
    assert "Verantwoording" in tekst


def test_quarto_pdf_heeft_dezelfde_hoofdstukken(beide):
    _, pdf, ingebouwd = beide
    titels = chapter_titles(ingebouwd.html.read_text(encoding="utf-8"))
    assert titels
    tekst = " ".join(pdf_pages(pdf))
    assert [t for t in titels if t not in tekst] == []


def test_quarto_pdf_heeft_de_markering_in_de_kop_van_elke_pagina(beide):
    _, pdf, _ = beide
    paginas = pdf_pages(pdf)
    assert paginas
    assert [i + 1 for i, p in enumerate(paginas) if "VOORBEELDDATA" not in p] == []
    assert "Chapter" not in " ".join(paginas)  # no English running header


def test_quarto_beelden_hebben_alt_tekst(beide):
    site, pdf, ingebouwd = beide
    # pdf-standard: ua-1 makes typst refuse an image without alt text; the PDF carries /Alt.
    assert pdf.read_bytes().count(b"/Alt") >= ingebouwd.pdf.read_bytes().count(b"/Alt") > 0
    for pagina in site.rglob("*.html"):
        for img in re.findall(r"<img\b[^>]*>", pagina.read_text(encoding="utf-8")):
            assert re.search(r'\balt="[^"]+"', img), f"{pagina.name}: {img[:120]}"


def test_quarto_paginatal_binnen_tien_procent(beide):
    _, pdf, ingebouwd = beide
    quarto, eigen = len(pdf_pages(pdf)), ingebouwd.paginas
    assert eigen and abs(quarto - eigen) <= 0.1 * eigen, f"Quarto {quarto}, ingebouwd {eigen}"
