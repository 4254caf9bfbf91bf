"""Comparison of jaarplannen: key figures and budget per common theme, built on the evaluation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from evalkit.data import load
from evalkit.data.model import COMMON_THEMAS, Jaarplan, Thema
from evalkit.data.values import read_list
from evalkit.engine import rules
from evalkit.engine.evaluate import evaluate


@dataclass(frozen=True)
class PlanFigures:
    """The comparable key figures of one jaarplan in one round (None: not known or no round).

    The per-common-theme dicts have every common theme as key, in the fixed order of
    GEMEENSCHAPPELIJKE_THEMAS; a budget is None when no activity of that theme has a budget.
    A theme of the plan that maps to several common themes counts in each of them
    (`gedeelde_themas` names those themes with their common themes).
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
    periode_start: date | None = None
    periode_eind: date | None = None
    gedeelde_themas: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Comparison:
    """The plans of a comparison chapter: the current plan first, then the compared plans.

    `weggelaten` are plans named in the params file but left out because their realisation
    is example data (and the params file does not allow example data).
    """

    cijfers: list[PlanFigures]
    weggelaten: list[PlanFigures]
    voorbeelddata_toegestaan: bool


def common_themes(thema: Thema) -> tuple[str, ...]:
    """The common themes a theme maps to: the cell 'a,b' gives ('a', 'b')."""
    return tuple(read_list(thema.gemeenschappelijk_thema))


def _sum(waarden: list[float | None]) -> float | None:
    bekend = [w for w in waarden if w is not None]
    return round(sum(bekend), 2) if bekend else None


def plan_figures(plan: Jaarplan, ronde_id: str | None = None) -> PlanFigures:
    """Key figures of one jaarplan; achievement and spend from the round (default: latest).

    A plan without realisation rounds still gets its structural figures (goals, SMART share,
    budget); achievement and spend are then None.
    """
    gemeensch = {t.id: common_themes(t) for t in plan.themas}
    doelen_per = dict.fromkeys(COMMON_THEMAS, 0)
    for d in plan.doelen:
        for g in gemeensch.get(d.thema, ()):
            doelen_per[g] += 1
    budget_per: dict[str, float | None] = {}
    for g in COMMON_THEMAS:
        budget_per[g] = _sum(
            [a.budget for a in plan.activiteiten if g in gemeensch.get(a.thema, ())]
        )
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
                [a.besteed for a in ev.activiteiten if g in gemeensch.get(a.thema, ())]
            )
            statussen = [d.status for d in ev.doelen if g in gemeensch.get(d.thema, ())]
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
        periode_start=plan.periode_start,
        periode_eind=plan.periode_eind,
        gedeelde_themas=tuple(
            (t.naam, gemeensch[t.id]) for t in plan.themas if len(gemeensch[t.id]) > 1
        ),
    )


def compare_plans(
    data_dir: Path | str | None,
    jaarplan: str,
    ronde: str | None = None,
    vergelijk_met: Sequence[str] = (),
) -> list[PlanFigures]:
    """Key figures of the plan `jaarplan` (first) and of the plans in `vergelijk_met`, in order.

    Only these plans are read, so another plan added to the data folder changes nothing.
    The plan `jaarplan` is evaluated for `ronde`; every other plan for its latest round.
    Raises UnknownJaarplan when a plan is not in the data folder.
    """
    ids = list(dict.fromkeys([jaarplan, *vergelijk_met]))
    return [
        plan_figures(load.load_jaarplan(p, data_dir), ronde if p == jaarplan else None) for p in ids
    ]


def comparison(
    data_dir: Path | str | None,
    jaarplan: str,
    ronde: str | None = None,
    vergelijk_met: Sequence[str] = (),
    voorbeelddata: bool = False,
) -> Comparison:
    """The comparison of a report: the plan itself and the named plans with real realisation.

    A named plan whose realisation is example data is left out (listed in `weggelaten`),
    unless `voorbeelddata` is true (the params option vergelijk_voorbeelddata).
    """
    huidig, *anderen = compare_plans(data_dir, jaarplan, ronde, vergelijk_met)
    weg = [] if voorbeelddata else [c for c in anderen if c.voorbeelddata]
    blijft = [c for c in anderen if c.plan_id not in {w.plan_id for w in weg}]
    return Comparison([huidig, *blijft], weg, voorbeelddata)


def has_example_data(cijfers: list[PlanFigures]) -> list[str]:
    """Ids of the compared plans whose realisation is example data."""
    return [c.plan_id for c in cijfers if c.voorbeelddata]
