"""Long-term goals: per long-term goal the yearly goals (and plan norms) that serve it."""

from __future__ import annotations

from collections import Counter

from evalkit.data.model import Jaarplan, split_onderdelen
from evalkit.engine.outcomes import GoalOutcome, LinkedGoal, LinkedNorm, LongTermGoalOutcome


def long_term_outcomes(
    plan: Jaarplan, doelen: list[GoalOutcome], shares: dict[str, tuple[float | None, bool | None]]
) -> list[LongTermGoalOutcome]:
    """One outcome per long-term goal of the plan, in file order.

    `shares` maps a norm name (doelen_behaald, projecten_binnen_uren) to the share reached
    this round and whether the norm is met.
    """
    status = {d.id: d.status for d in doelen}
    uit = []
    for lt in plan.langetermijndoelen:
        eigen = [
            LinkedGoal(d.id, d.tekst, status.get(d.id, "nog niet te beoordelen"))
            for d in plan.doelen
            if d.langetermijndoel == lt.id
        ]
        normen = tuple(
            LinkedNorm(naam, getattr(plan.normen, naam), *shares.get(naam, (None, None)))
            for naam in split_onderdelen(lt.normen)
        )
        uit.append(
            LongTermGoalOutcome(
                id=lt.id,
                thema=lt.thema,
                tekst=lt.tekst,
                horizon=lt.horizon,
                bron=lt.bron,
                doelen=tuple(eigen),
                per_status=dict(Counter(g.status for g in eigen)),
                normen=normen,
            )
        )
    return uit
