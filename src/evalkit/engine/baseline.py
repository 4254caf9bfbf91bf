"""What a measured value is compared with: the nulmeting, or else the previous measurement.

The previous round is never called the baseline: a comparison names its source ("de
nulmeting" or "de vorige meting (M8)"). Values of a cumulative indicator (counted from a
period start such as 1 January) are only compared when they cover periods of (about) the
same length; otherwise the comparison says so and gives no value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from evalkit import fmt
from evalkit.data.model import Doel, Indicator, Meting

BASELINE = "de nulmeting"
# Cumulative periods whose lengths differ by at most this many days count as equal.
SAME_PERIOD_DAYS = 7


@dataclass(frozen=True)
class Comparison:
    """The value a goal's measurement is compared with.

    `waarde` is None when the values cannot be compared (cumulative over periods of different
    length); `label` names the source; `nulmeting` says whether it is a real baseline;
    `opmerking` says why a comparison is left out.
    """

    waarde: float | None
    label: str
    nulmeting: bool
    opmerking: str | None = None


def period_start(ind: Indicator, peildatum: date) -> date | None:
    """The start of the cumulative period a value of a cumulative indicator covers.

    The period restarts every year on the month and day of `periode_start` (1 January for a
    calendar year, 1 August for a schooljaar). None for an indicator that is not cumulative
    or names no period start.
    """
    if not ind.cumulatief or ind.periode_start is None:
        return None
    s = ind.periode_start
    try:
        start = s.replace(year=peildatum.year)
    except ValueError:  # 29 February
        start = date(peildatum.year, 3, 1)
    return start if start <= peildatum else start.replace(year=peildatum.year - 1)


def months(start: date, eind: date) -> int:
    """Whole months from start to eind (rounded), for the wording of a period length."""
    return round(((eind - start).days + 1) / 30.44)


def cumulative_note(ind: Indicator, label: str, eerder: date, nu: date) -> str | None:
    """Why two values of a cumulative indicator are not compared, or None when they can be."""
    if not ind.cumulatief:
        return None
    a, b = period_start(ind, eerder), period_start(ind, nu)
    if (
        a is not None
        and b is not None
        and abs((eerder - a).days - (nu - b).days) <= SAME_PERIOD_DAYS
    ):
        return None
    if a is None or b is None:
        return (
            f"{label} en deze meting zijn cumulatief, maar het begin van de periode is niet "
            "bekend; ze worden niet met elkaar vergeleken"
        )
    return (
        f"{label} telt cumulatief over {months(a, eerder)} maanden, deze meting over "
        f"{months(b, nu)} maanden; die worden niet als gelijk vergeleken"
    )


def previous_label(m: Meting, ronde_id: str | None) -> str:
    """'de vorige meting (M8)', or with the date when it is not from another round."""
    waar = m.ronde if m.ronde and m.ronde != ronde_id else fmt.date_text(m.peildatum)
    return f"de vorige meting ({waar})"


def goal_comparison(
    doel: Doel,
    indicatoren: Iterable[Indicator],
    metingen: Iterable[Meting],
    peildatum: date,
    ronde_id: str | None = None,
) -> Comparison | None:
    """What a numeric goal's value is compared with at the peildatum.

    Rule: the goal's own nulmeting; else the nulmeting of an indicator that measures this goal
    (indicator.doel == doel.id); else that indicator's latest measurement before the peildatum,
    named 'de vorige meting (ronde)' - not comparable (waarde None) when the indicator is
    cumulative and the two periods differ in length. None when there is nothing to compare
    with, or for goals that are not numeriek.
    """
    if doel.soort != "numeriek":
        return None
    if doel.nulmeting is not None:
        return Comparison(doel.nulmeting, BASELINE, True)
    eigen = {i.id: i for i in indicatoren if i.doel == doel.id}
    for ind in eigen.values():
        if ind.nulmeting is not None:
            return Comparison(ind.nulmeting, BASELINE, True)
    eerder = [m for m in metingen if m.indicator in eigen and m.peildatum < peildatum]
    if not eerder:
        return None
    vorige = max(reversed(eerder), key=lambda m: m.peildatum)
    label = previous_label(vorige, ronde_id)
    note = cumulative_note(eigen[vorige.indicator], label, vorige.peildatum, peildatum)
    return Comparison(None if note else vorige.waarde, label, False, note)


def nulmeting_of_goal(
    doel: Doel, indicatoren: Iterable[Indicator], metingen: Iterable[Meting], peildatum: date
) -> float | None:
    """The value a numeric goal is compared with (see goal_comparison), or None."""
    c = goal_comparison(doel, indicatoren, metingen, peildatum)
    return c.waarde if c else None
