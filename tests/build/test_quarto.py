"""`quarto render` of a generated book, when Quarto (>= 1.9) is installed; skipped otherwise."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from evalkit.build import book, report

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


def test_quarto_render_van_het_boek(tmp_path):
    mappen = {}
    for naam in ("data", "params", "notebooks", "reports"):
        shutil.copytree(FIXTURE / naam, tmp_path / naam)
        mappen[f"{naam}_dir"] = tmp_path / naam
    naam = f"quarto {report.version_text(VERSIE)}"
    boekmap = book.make_book(PLAN, naam, meld=lambda _t: None, **mappen)
    site, pdf, _ = report.render_quarto(boekmap)
    assert (site / "index.html").is_file()
    assert pdf.read_bytes().startswith(b"%PDF")
    html = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Evaluatie van de voortgang" in html
    assert "VOORBEELDDATA" in html
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip(
            "pdftotext ontbreekt (Debian-pakket poppler-utils): PDF-tekst niet gecontroleerd"
        )
    tekst = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Evaluatie van de voortgang" in tekst
    assert "Verantwoording" in tekst
    assert "VOORBEELDDATA" in tekst
