"""Suppression of small pupil counts in published and OPR output (pure functions)."""

from __future__ import annotations

import math

from evalkit import opmaak

DREMPEL = 5
SECUNDAIR = "×"  # shown for a cell hidden only so that a small cell cannot be derived
TOTAAL = "totaal"


def _leeg(n: float | None) -> bool:
    return n is None or (isinstance(n, float) and math.isnan(n))


def is_klein(n: float | None, drempel: int = DREMPEL) -> bool:
    """Whether a count must be suppressed: 1 up to drempel - 1 (0 and unknown are not)."""
    return not _leeg(n) and 0 < n < drempel


def onderdruk_aantal(n: float | None, drempel: int = DREMPEL) -> str:
    """Display text of one pupil count.

    Counts from 1 to drempel - 1 become '<5' (for drempel 5); 0 is shown as '0', because
    "nobody" identifies no one and hiding it would hide good news (e.g. zero thuiszitters);
    an unknown count shows as '–'; larger counts are formatted Dutch style ('1.234').
    """
    if _leeg(n):
        return opmaak.LEEG
    if is_klein(n, drempel):
        return f"<{drempel}"
    return opmaak.getal(n)


def onderdruk_groep(
    aantallen: dict[str, float | None], totaal: float | None, drempel: int = DREMPEL
) -> dict[str, str]:
    """Display texts of a group of pupil counts and its total, with secondary suppression.

    Returns one text per key of `aantallen` plus the total under the key 'totaal'. Primary:
    every count from 1 to drempel - 1 shows as '<5', the total included. Secondary: when the
    total is shown and exactly one cell is hidden (and no other cell is unknown), the smallest
    remaining non-zero cell is hidden too and shown as '×', so the small cell cannot be found
    by subtracting the shown cells from the total. Ties go to the first key. Zero cells are
    never chosen: hiding a zero does not protect the small cell.
    """
    if TOTAAL in aantallen:
        raise ValueError(f"'{TOTAAL}' is gereserveerd voor het totaal van de groep")
    teksten = {k: onderdruk_aantal(n, drempel) for k, n in aantallen.items()}
    teksten[TOTAAL] = onderdruk_aantal(totaal, drempel)
    klein = [k for k, n in aantallen.items() if is_klein(n, drempel)]
    onbekend = [k for k, n in aantallen.items() if _leeg(n)]
    totaal_zichtbaar = not _leeg(totaal) and not is_klein(totaal, drempel)
    if totaal_zichtbaar and len(klein) == 1 and not onbekend:
        kandidaten = [
            (n, i, k)
            for i, (k, n) in enumerate(aantallen.items())
            if k not in klein and n is not None and n > 0
        ]
        if kandidaten:
            _, _, k = min(kandidaten)
            teksten[k] = SECUNDAIR
    return teksten
