"""Dutch wording of the evaluation's numbers: one formatting function per kind of figure.

The engine computes numbers; every output words them with these functions, so the same
figure reads the same in the CLI, the notebooks, the report, the JSON statements and the OPR
review copy. There is one rounding rule per kind, half up, from evalkit.fmt:

- a count or amount of hours: `number_short` (only the decimals it needs, at most three);
- a measured value with its unit: `value_text` (values in '%' as `share`);
- every percentage - a computed share (goals achieved, projects within hours, SMART, overrun),
  a norm (0.75) and the share of a plan-specific ratio norm: `share`, with at most one decimal,
  only when needed (0.7142 -> '71,4%', 0.75 -> '75%', 0.0547 -> '5,5%');
- a change in percentage points: `points` (the same rule: '+1,5 procentpunt');
- an amount: `evalkit.fmt.euro`; a date: `evalkit.fmt.date_text`.

`percent_short` (norms) and `ratio_share` (ratio norms) are the names the callers use for
`share`; they are the same function, so a norm and a share can never read differently.
"""

from __future__ import annotations

from evalkit import fmt

__all__ = [
    "EMPTY",
    "number_short",
    "percent_short",
    "points",
    "ratio_share",
    "share",
    "value_text",
    "verdict",
    "words",
]

EMPTY = fmt.EMPTY

number_short = fmt.number_auto
value_text = fmt.value_text
share = fmt.percent_auto
percent_short = share
ratio_share = share


def points(verschil: float) -> str:
    """A change of a share in percentage points, signed: 0.08 -> '+8 procentpunt'."""
    teken = "+" if verschil > 0 else ""
    return f"{teken}{share(verschil).removesuffix('%')} procentpunt"


def words(aandeel: float | None) -> str:
    """A share in plain words for the OPR copy: 0.775 -> '77,5 procent' (same rounding)."""
    return share(aandeel).replace("%", " procent")


def verdict(gehaald: bool | None) -> str:
    """Whether a norm is met, in words: 'gehaald', 'niet gehaald' or 'niet te beoordelen'."""
    return {True: "gehaald", False: "niet gehaald", None: "niet te beoordelen"}[gehaald]
