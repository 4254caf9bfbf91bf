"""Dutch (nl-NL) formatting of amounts, numbers, percentages and dates for reports and CLI."""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTH_NAMES = {v: k for k, v in MONTHS.items()}

EMPTY = "–"


def _group(geheel: str) -> str:
    delen = []
    while len(geheel) > 3:
        delen.insert(0, geheel[-3:])
        geheel = geheel[:-3]
    delen.insert(0, geheel)
    return ".".join(delen)


def number(waarde: float | None, decimalen: int = 0) -> str:
    """Format a number Dutch style: 1234.5 -> '1.234,5' (with the given decimals)."""
    if waarde is None or (isinstance(waarde, float) and math.isnan(waarde)):
        return EMPTY
    teken = "-" if waarde < 0 else ""
    # Round half up (2.5 -> 3), as people expect in a report; Python's format rounds half-even.
    afgerond = Decimal(repr(abs(float(waarde)))).quantize(
        Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP
    )
    tekst = f"{afgerond:.{decimalen}f}"
    if float(afgerond) == 0:
        teken = ""
    geheel, _, frac = tekst.partition(".")
    return teken + _group(geheel) + ("," + frac if frac else "")


def euro(waarde: float | None, centen: bool | None = None) -> str:
    """Format an amount: 313333 -> '€ 313.333'; 1234.56 -> '€ 1.234,56'."""
    if waarde is None or (isinstance(waarde, float) and math.isnan(waarde)):
        return EMPTY
    if centen is None:
        centen = round(waarde, 2) != round(waarde)
    tekst = number(abs(waarde), 2 if centen else 0)
    return ("-€ " if waarde < 0 else "€ ") + tekst


def percent(aandeel: float | None, decimalen: int = 0) -> str:
    """Format a share as a percentage: 0.755 -> '76%' (or '75,5%' with one decimal)."""
    if aandeel is None or (isinstance(aandeel, float) and math.isnan(aandeel)):
        return EMPTY
    return number(aandeel * 100, decimalen) + "%"


def datum(d: date | None) -> str:
    """Format a date: date(2023, 10, 1) -> '1 oktober 2023'."""
    if d is None:
        return EMPTY
    return f"{d.day} {MONTH_NAMES[d.month]} {d.year}"


def pupil_count(n: float | None, drempel: int = 5) -> str:
    """Format a pupil count for published/OPR output: counts 1..drempel-1 show as '<5'."""
    if n is None:
        return EMPTY
    if 0 < n < drempel:
        return f"<{drempel}"
    return number(n)
