"""Dutch wording of the evaluation's numbers: one formatting rule per kind of figure.

The engine computes numbers; the present layer words them with these functions, so the same
figure reads the same in the CLI, the notebooks, the report and the JSON statements.

- a count or amount of hours: `number_short` (only the decimals it needs, at most three);
- a measured value with its unit: `value_text`;
- a norm (a fixed share such as 0.75): `percent_short` (75%, or 5,5%);
- a computed share (goals achieved, projects within hours, SMART, overrun): `share`, rounded
  to one decimal of a percent (0.7142 -> '71,4%', 0.75 -> '75%');
- the share of a plan-specific ratio norm: `ratio_share`, always one decimal ('50,0%');
- an amount: `evalkit.fmt.euro`; a date: `evalkit.fmt.datum`.
"""

from __future__ import annotations

from evalkit import fmt
from evalkit.engine.rules import number_short, percent_short, value_text

__all__ = [
    "EMPTY",
    "number_short",
    "percent_short",
    "ratio_share",
    "share",
    "value_text",
    "verdict",
]

EMPTY = fmt.EMPTY


def share(aandeel: float | None) -> str:
    """A computed share with at most one decimal: 0.7142 -> '71,4%', 0.75 -> '75%', None -> '–'."""
    return EMPTY if aandeel is None else percent_short(round(aandeel, 3))


def ratio_share(aandeel: float | None) -> str:
    """The share of a ratio norm with one decimal: 0.5 -> '50,0%', None -> '–'."""
    return EMPTY if aandeel is None else fmt.percent(aandeel, 1)


def verdict(gehaald: bool | None) -> str:
    """Whether a norm is met, in words: 'gehaald', 'niet gehaald' or 'niet te beoordelen'."""
    return {True: "gehaald", False: "niet gehaald", None: "niet te beoordelen"}[gehaald]
