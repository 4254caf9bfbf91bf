"""Budget per begrotingsonderdeel: the activities charged to each line, budget against spend."""

from __future__ import annotations

from evalkit.data.model import Jaarplan, Ronde, split_onderdelen
from evalkit.engine.outcomes import ActivityOutcome, BudgetLineOutcome


def _sum_known(values: list[float | None]) -> float | None:
    """The sum of the values, or None unless every value is known (and there is one)."""
    if not values or any(v is None for v in values):
        return None
    return round(sum(v for v in values if v is not None), 2)


def _pick(own: float | None, derived: float | None, labels: tuple[str, str]):
    """The plan's own amount when given, else the one derived from the activities."""
    if own is not None:
        return own, labels[0]
    if derived is not None:
        return derived, labels[1]
    return None, None


def budget_lines(
    plan: Jaarplan, ronde: Ronde, acts: list[ActivityOutcome]
) -> list[BudgetLineOutcome]:
    """One outcome per line of begroting.csv, in file order.

    An activity charged to several onderdelen counts for each of them, but its amounts only
    count toward an onderdeel it is charged to alone (they cannot be divided).
    """
    per_act = {a.id: a for a in acts}
    charged = {a.id: split_onderdelen(a.begrotingsonderdeel) for a in plan.activiteiten}
    uit = []
    for line in plan.begroting:
        naam = line.begrotingsonderdeel
        ids = tuple(a for a, delen in charged.items() if naam in delen)
        alleen = [per_act[a] for a in ids if charged[a] == (naam,) and a in per_act]
        bedrag, bedrag_bron = _pick(
            line.bedrag, _sum_known([a.budget for a in alleen]), ("begroting", "activiteiten")
        )
        besteed, besteed_bron = _pick(
            ronde.begroting.get(naam),
            _sum_known([a.besteed for a in alleen]),
            ("realisatie", "activiteiten"),
        )
        verschil = None if bedrag is None or besteed is None else round(besteed - bedrag, 2)
        uit.append(
            BudgetLineOutcome(
                begrotingsonderdeel=naam,
                activiteiten=ids,
                bedrag=bedrag,
                bedrag_bron=bedrag_bron,
                besteed=besteed,
                besteed_bron=besteed_bron,
                verschil=verschil,
                binnen_begroting=None if verschil is None else verschil <= 0,
                toelichting=ronde.begroting_toelichting.get(naam),
            )
        )
    return uit
