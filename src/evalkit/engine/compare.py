"""Comparison of jaarplannen: key figures and budget per common theme, built on the evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from evalkit.data import load
from evalkit.data.model import COMMON_THEMAS, Jaarplan
from evalkit.engine import rules
from evalkit.engine.evaluate import evaluate
from evalkit.errors import UnknownJaarplan


@dataclass(frozen=True)
class PlanFigures:
    """The comparable key figures of one jaarplan in one round (None: not known or no round).

    The per-common-theme dicts have every common theme as key, in the fixed order of
    GEMEENSCHAPPELIJKE_THEMAS; a budget is None when no activity of that theme has a budget.
    """

    plan_id: str
    naam: str
    sector: str
    ronde: str | None
    ronde_naam: str | None
    peildatum: date | None
    voorbeelddata: bool
    doelen: int
    smart_volledig: int
    aandeel_smart: float | None
    doelen_beoordeeld: int | None
    doelen_behaald: float | None
    aandeel_behaald: float | None
    norm_doelen: float
    norm_doelen_gehaald: bool | None
    activiteiten: int
    budget_totaal: float | None
    besteed_totaal: float | None
    doelen_per_thema: dict[str, int]
    budget_per_thema: dict[str, float | None]
    besteed_per_thema: dict[str, float | None]
    behaald_per_thema: dict[str, float | None]


def _sum(waarden: list[float | None]) -> float | None:
    bekend = [w for w in waarden if w is not None]
    return round(sum(bekend), 2) if bekend else None


def plan_figures(plan: Jaarplan, ronde_id: str | None = None) -> PlanFigures:
    """Key figures of one jaarplan; achievement and spend from the round (default: latest).

    A plan without realisation rounds still gets its structural figures (goals, SMART share,
    budget); achievement and spend are then None.
    """
    gemeensch = {t.id: t.gemeenschappelijk_thema for t in plan.themas}
    doelen_per = dict.fromkeys(COMMON_THEMAS, 0)
    for d in plan.doelen:
        if d.thema in gemeensch:
            doelen_per[gemeensch[d.thema]] += 1
    budget_per: dict[str, float | None] = {}
    for g in COMMON_THEMAS:
        budget_per[g] = _sum([a.budget for a in plan.activiteiten if gemeensch.get(a.thema) == g])
    ev = evaluate(plan, ronde_id) if plan.rondes or ronde_id else None
    if ev is not None:
        smart = [s.volledig for s in ev.smart]
    else:
        smart = [
            rules.smart_check(
                d, [a for a in plan.activiteiten if d.id in a.doelen], plan.indicatoren
            )["volledig"]
            for d in plan.doelen
        ]
    besteed_per: dict[str, float | None] = dict.fromkeys(COMMON_THEMAS)
    behaald_per: dict[str, float | None] = dict.fromkeys(COMMON_THEMAS)
    if ev is not None:
        for g in COMMON_THEMAS:
            besteed_per[g] = _sum(
                [a.besteed for a in ev.activiteiten if gemeensch.get(a.thema) == g]
            )
            statussen = [d.status for d in ev.doelen if gemeensch.get(d.thema) == g]
            behaald_per[g] = rules.aandeel_behaald(
                statussen, plan.normen.deels_behaald_telt
            ).aandeel
    a = ev.aandeel_doelen if ev else None
    return PlanFigures(
        plan_id=plan.id,
        naam=plan.naam,
        sector=plan.sector,
        ronde=ev.ronde.id if ev else None,
        ronde_naam=ev.ronde.naam if ev else None,
        peildatum=ev.ronde.peildatum if ev else None,
        voorbeelddata=ev.voorbeelddata if ev else False,
        doelen=len(plan.doelen),
        smart_volledig=sum(smart),
        aandeel_smart=sum(smart) / len(smart) if smart else None,
        doelen_beoordeeld=a.noemer if a else None,
        doelen_behaald=a.teller if a else None,
        aandeel_behaald=a.aandeel if a else None,
        norm_doelen=plan.normen.doelen_behaald,
        norm_doelen_gehaald=ev.norm_doelen_gehaald if ev else None,
        activiteiten=len(plan.activiteiten),
        budget_totaal=_sum([x.budget for x in plan.activiteiten]),
        besteed_totaal=ev.besteed_totaal if ev else None,
        doelen_per_thema=doelen_per,
        budget_per_thema=budget_per,
        besteed_per_thema=besteed_per,
        behaald_per_thema=behaald_per,
    )


def compare_plans(
    data_dir: Path | str | None = None,
    jaarplan: str | None = None,
    ronde: str | None = None,
) -> list[PlanFigures]:
    """Key figures of every jaarplan in the data folder, sorted by id.

    The plan `jaarplan` is evaluated for `ronde`; every other plan for its latest round.
    Raises OnbekendJaarplan when `jaarplan` is not in the data folder.
    """
    plannen = load.load_all(data_dir)
    if jaarplan is not None and jaarplan not in [p.id for p in plannen]:
        raise UnknownJaarplan(jaarplan, [p.id for p in plannen])
    return [plan_figures(p, ronde if p.id == jaarplan else None) for p in plannen]


def has_example_data(cijfers: list[PlanFigures]) -> list[str]:
    """Ids of the compared plans whose realisation is example data."""
    return [c.plan_id for c in cijfers if c.voorbeelddata]
