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


def _is_empty(waarde: float | None) -> bool:
    return waarde is None or (isinstance(waarde, float) and math.isnan(waarde))


def _decimal(exact: Decimal, decimalen: int) -> str:
    """A Decimal rounded half up (2.5 -> 3, as people expect in a report) and written Dutch
    style with the given decimals; Python's format would round half-even."""
    afgerond = abs(exact).quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)
    teken = "-" if exact < 0 and afgerond != 0 else ""
    geheel, _, frac = f"{afgerond:.{decimalen}f}".partition(".")
    return teken + _group(geheel) + ("," + frac if frac else "")


def _trim(tekst: str) -> str:
    """Drop trailing zero decimals: '3,50' -> '3,5', '12,000' -> '12'."""
    return tekst.rstrip("0").rstrip(",") if "," in tekst else tekst


def number(waarde: float | None, decimalen: int = 0) -> str:
    """Format a number Dutch style: 1234.5 -> '1.234,5' (with the given decimals)."""
    if _is_empty(waarde):
        return EMPTY
    return _decimal(Decimal(repr(float(waarde))), decimalen)


def number_auto(waarde: float | None) -> str:
    """A number with only the decimals it needs, at most three: 12 -> '12', 3.64 -> '3,64'."""
    return number(waarde, 3) if _is_empty(waarde) else _trim(number(waarde, 3))


def percent_auto(aandeel: float | None) -> str:
    """A share as a percentage with at most one decimal, only when needed (the one rule for
    every share, norm and value in '%'): 0.0547 -> '5,5%', 0.75 -> '75%', 0.5 -> '50%'.

    The share is scaled to a percentage exactly (0.145 -> 14,5, not 14.499...)."""
    if _is_empty(aandeel):
        return EMPTY
    return _trim(_decimal(Decimal(repr(float(aandeel))).scaleb(2), 1)) + "%"


def value_text(waarde: float | None, eenheid: str | None = None) -> str:
    """A measured value with its unit, Dutch style.

    Values with eenheid '%' are shares in the canonical form of the data format (0.12 = 12%),
    so they are shown with percent_auto; other units follow the number: '120 leerlingen'.
    """
    if _is_empty(waarde):
        return EMPTY
    if eenheid == "%":
        return percent_auto(waarde)
    tekst = number_auto(waarde)
    return f"{tekst} {eenheid}" if eenheid else tekst


def euro(waarde: float | None, centen: bool | None = None) -> str:
    """Format an amount: 313333 -> '€ 313.333'; 1234.56 -> '€ 1.234,56'."""
    if _is_empty(waarde):
        return EMPTY
    if centen is None:
        centen = round(waarde, 2) != round(waarde)
    tekst = number(abs(waarde), 2 if centen else 0)
    return ("-€ " if waarde < 0 else "€ ") + tekst


def percent(aandeel: float | None, decimalen: int = 0) -> str:
    """Format a share as a percentage: 0.755 -> '76%' (or '75,5%' with one decimal)."""
    if _is_empty(aandeel):
        return EMPTY
    return number(aandeel * 100, decimalen) + "%"


def date_text(d: date | None) -> str:
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
