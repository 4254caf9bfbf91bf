"""The one Markdown table writer: a DataFrame as a pipe table with Dutch number formatting."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd

from evalkit import escape, fmt

_NUMBER_LIKE = re.compile(r"^(?:[<>≤≥~-]?\s*(?:-?€\s?)?-?\d[\d.]*(?:,\d+)?\s*%?|–)$")


def _cell(waarde: Any) -> str:
    if waarde is None or (isinstance(waarde, float) and pd.isna(waarde)):
        return fmt.EMPTY
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, float):
        return fmt.number(waarde, 0 if waarde.is_integer() else 2)
    if isinstance(waarde, int):
        return fmt.number(waarde)
    if isinstance(waarde, date):
        return fmt.date_text(waarde)
    return escape.markdown(waarde)


def _right_aligned(kolommen: list[str], rijen: list[list[str]]) -> list[str]:
    """Columns whose non-empty cells all look like numbers, amounts or percentages."""
    return [
        k
        for i, k in enumerate(kolommen)
        if rijen
        and all(_NUMBER_LIKE.match(r[i].replace("\\", "")) for r in rijen)
        and any(r[i] != fmt.EMPTY for r in rijen)
    ]


def markdown_table(df: pd.DataFrame, rechts: Sequence[str] | None = None) -> str:
    """A pandas DataFrame as a Markdown pipe table (index dropped, Dutch number formatting).

    Columns named in `rechts` are right-aligned; by default every column whose non-empty cells
    all look like numbers, amounts or percentages is right-aligned. Markdown characters in the
    cells and headers are escaped (evalkit.escape.markdown), so their text shows literally.
    """
    kolommen = [str(k) for k in df.columns]
    rijen = [[_cell(w) for w in rij] for rij in df.itertuples(index=False, name=None)]
    if rechts is None:
        rechts = _right_aligned(kolommen, rijen)
    kop = "| " + " | ".join(escape.markdown(k) for k in kolommen) + " |"
    lijn = "|" + "|".join("---:" if k in rechts else "---" for k in kolommen) + "|"
    regels = [kop, lijn] + ["| " + " | ".join(r) + " |" for r in rijen]
    return "\n".join(regels)
