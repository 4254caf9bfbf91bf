"""The A4 layout of the shipped jaarverslagen: no hyphenated numbers, dates or status words in
tables, and a body (everything before the first appendix) of at most 12 pages.

Reads the PDFs with poppler's pdftotext / pdfinfo (the session fixture `verzonden` renders the
three shipped reports from the committed notebooks).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

VERZONDEN = ("almere-2023-2024", "plein013-2023", "ppo-nk-2023")

pytestmark = pytest.mark.slow

BODY_PAGES = 12
STATUS_WORDS = ("behaald", "beoordelen", "afgerond", "vervallen", "uitgesteld", "gestart",
                "gehaald")  # fmt: skip
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")  # fmt: skip
# A line that ends in a broken number ("313.-"), a broken month ("au-") or a broken status
# word ("be-" of "behaald"): the fragment directly before a hyphen at the end of a line.
# typst marks a hyphenation point with a soft hyphen (U+00AD) in the text layer.
HYPHEN = "\\-\u00ad\u2010"
BROKEN = re.compile(rf"(\d[{HYPHEN}]|(?<![\w{HYPHEN}])(\w{{2,}})[{HYPHEN}])\s*$")


def _tool(naam: str) -> str:
    pad = shutil.which(naam)
    assert pad, f"{naam} (poppler-utils) is nodig voor deze test"
    return pad


def _pages(pdf: Path) -> list[str]:
    """The text of every page, laid out as on the page (pdftotext -layout)."""
    uit = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return uit.split("\f")


def _page_count(pdf: Path) -> int:
    info = subprocess.run(
        [_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _word_at(regel: str, kolom: int) -> str:
    """The word that starts at (or within two characters of) a column of a line."""
    m = re.match(r"\s{0,2}(\S+)", regel[kolom:]) if kolom < len(regel) else None
    return re.sub(r"[^\w]", "", m.group(1)) if m else ""


def broken_fragments(regel: str, volgende: str = "") -> list[str]:
    """Numbers, dates or status words hyphenated at the end of one text column of a line.

    pdftotext -layout puts table columns side by side: a column's text ends where a run of two
    or more spaces starts, and its next line continues at the same column of the next line. A
    number is broken when a digit is followed by a hyphen; a word when the fragment plus the
    word below it is a status word or a month.
    """
    gevonden = []
    for m in re.finditer(r"\S+(?: \S+)*", regel):
        segment = m.group(0)
        b = BROKEN.search(segment)
        if not b:
            continue
        if b.group(1)[0].isdigit():
            gevonden.append(segment)
            continue
        woord = (b.group(2) + _word_at(volgende, m.start())).lower()
        if woord in STATUS_WORDS + MONTHS:
            gevonden.append(segment)
    return gevonden


def page_fragments(tekst: str) -> list[str]:
    """All broken numbers, dates and status words of one page of pdftotext -layout output."""
    regels = tekst.splitlines()
    return [
        fragment
        for i, regel in enumerate(regels)
        for fragment in broken_fragments(regel, regels[i + 1] if i + 1 < len(regels) else "")
    ]


def body_pages(pages: list[str]) -> int:
    """The number of pages before the first appendix heading ('Bijlage A: ...')."""
    for nummer, tekst in enumerate(pages, start=1):
        if re.search(r"^\s*Bijlage A: ", tekst, re.M) and nummer > 2:  # not the table of contents
            return nummer - 1
    return len(pages)


def test_broken_fragments_are_found():
    assert broken_fragments("A03   be-   31 au-", "      haald gustus") == ["be-", "31 au-"]
    assert broken_fragments("€ 313.3-", "33") == ["€ 313.3-"]
    assert broken_fragments("31 au\u00ad  niet be\u00ad", "gustus    haald") == [
        "31 au\u00ad",
        "niet be\u00ad",
    ]
    assert broken_fragments("het ge\u00ad", "stelde doel") == []
    assert broken_fragments("samenwerkings-   loopt", "verband") == []
    assert broken_fragments("PO en VO –") == []


def test_body_pages_counts_up_to_the_first_appendix():
    pages = ["titel", "Inhoudsopgave\n Bijlage A: Details ... 9", "tekst", "  Bijlage A: Details"]
    assert body_pages(pages) == 3


@pytest.mark.parametrize("plan_id", VERZONDEN)
def test_no_hyphenated_numbers_dates_or_status_words(verzonden, plan_id):
    pdf = verzonden[plan_id] / "jaarverslag.pdf"
    fouten = [
        f"pagina {nummer}: {fragment}"
        for nummer, tekst in enumerate(_pages(pdf), start=1)
        for fragment in page_fragments(tekst)
    ]
    assert not fouten, "\n".join(fouten)


@pytest.mark.parametrize("plan_id", VERZONDEN)
def test_body_fits_in_twelve_pages(verzonden, plan_id):
    pdf = verzonden[plan_id] / "jaarverslag.pdf"
    pages = _pages(pdf)
    body = body_pages(pages)
    assert body < _page_count(pdf), "geen bijlage gevonden"
    assert body <= BODY_PAGES, f"{plan_id}: de hoofdtekst is {body} pagina's"
