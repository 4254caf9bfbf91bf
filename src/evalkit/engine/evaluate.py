"""The evaluation of one jaarplan for one round: outcomes, totals and norms."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evalkit.data import load
from evalkit.data.model import Jaarplan, Meting, Ronde
from evalkit.engine import baseline, relations, rules
from evalkit.engine.budget_lines import budget_lines
from evalkit.engine.long_term import long_term_outcomes
from evalkit.engine.outcomes import (
    ActivityOutcome,
    ActivityShare,
    BudgetThema,
    Evaluation,
    ExtraNormOutcome,
    GoalOutcome,
    IndicatorOutcome,
    PlanInfo,
    ProgressRow,
    RondeInfo,
    SmartRow,
    ThemaCount,
)

__all__ = [
    "ActivityOutcome",
    "BudgetThema",
    "Evaluation",
    "ExtraNormOutcome",
    "GoalOutcome",
    "IndicatorOutcome",
    "PlanInfo",
    "ProgressRow",
    "RondeInfo",
    "SmartRow",
    "ThemaCount",
    "evaluate",
    "evaluate_plan",
]


def _sum(waarden: list[float | None]) -> float | None:
    """Sum of the known values, rounded to cents; None when none is known."""
    bekend = [w for w in waarden if w is not None]
    return round(sum(bekend), 2) if bekend else None


def _goal_outcomes(plan: Jaarplan, ronde: Ronde) -> list[GoalOutcome]:
    themas = {t.id: t.naam for t in plan.themas}
    metingen = [*plan.indicatorwaarden, *(m for r in plan.rondes.values() for m in r.metingen)]
    uit = []
    for d in plan.doelen:
        real = ronde.doelen.get(d.id)
        c = baseline.goal_comparison(d, plan.indicatoren, metingen, ronde.peildatum, ronde.id)
        basis = replace(d, nulmeting=c.waarde) if c and c.waarde is not None else d
        label = c.label if c else baseline.BASELINE
        s = rules.goal_status(basis, real, ronde.peildatum, plan.normen.oordeel_op_richting, label)
        if c and c.opmerking:
            s = replace(s, uitleg=f"{s.uitleg}; {c.opmerking}")
        uit.append(
            GoalOutcome(
                id=d.id,
                thema=d.thema,
                thema_naam=themas.get(d.thema, d.thema),
                tekst=d.tekst,
                soort=d.soort,
                status=s.status,
                afgeleid_status=s.afgeleid_status,
                bron=s.bron,
                uitleg=s.uitleg,
                waarschuwing=s.waarschuwing,
                waarde=real.waarde if real else None,
                streefwaarde=d.streefwaarde,
                nulmeting=c.waarde if c and c.nulmeting else None,
                eenheid=d.eenheid,
                richting=d.richting,
                deadline=d.deadline,
                datum_gereed=real.datum_gereed if real else None,
                toelichting=real.toelichting if real else None,
                tegen_cijfers=s.tegen_cijfers,
                op_richting=s.op_richting,
                deadline_verstreken=s.deadline_verstreken,
                deadline_afgeleid=d.deadline is None,
                vergelijking=c.waarde if c else None,
                vergelijking_label=c.label if c else None,
                vergelijking_opmerking=c.opmerking if c else None,
            )
        )
    return uit


def _activity_outcomes(plan: Jaarplan, ronde: Ronde) -> list[ActivityOutcome]:
    themas = {t.id: t.naam for t in plan.themas}
    uit = []
    for a in plan.activiteiten:
        real = ronde.activiteiten.get(a.id)
        besteed = real.besteed if real else None
        uren_besteed = real.uren_besteed if real else None
        euro, fractie = rules.overschrijding(a.budget, besteed)
        uit.append(
            ActivityOutcome(
                id=a.id,
                thema=a.thema,
                thema_naam=themas.get(a.thema, a.thema),
                omschrijving=a.omschrijving,
                doelen=a.doelen,
                wie=a.wie,
                begrotingsonderdeel=a.begrotingsonderdeel,
                budget=a.budget,
                besteed=besteed,
                overschrijding=euro,
                overschrijding_fractie=fractie,
                project=a.project,
                uren=a.uren,
                uren_besteed=uren_besteed,
                binnen_uren=rules.binnen_uren(a.uren, uren_besteed),
                status=real.status if real else None,
                toelichting=real.toelichting if real else None,
            )
        )
    return uit


def _previous_measurements(plan: Jaarplan, ronde: Ronde) -> list[Meting]:
    """Measurements known before this round, oldest source first (plan, then earlier rounds)."""
    metingen = list(plan.indicatorwaarden)
    for r in plan.rondes.values():
        if r.id == ronde.id:
            break
        metingen.extend(r.metingen)
    return metingen


def _indicator_outcomes(plan: Jaarplan, ronde: Ronde) -> list[IndicatorOutcome]:
    eerder = _previous_measurements(plan, ronde)
    uit = []
    for ind in plan.indicatoren:
        hier = [m for m in ronde.metingen if m.indicator == ind.id]
        huidig = max(reversed(hier), key=lambda m: m.peildatum) if hier else None
        grens = huidig.peildatum if huidig else ronde.peildatum
        kandidaten = [
            m
            for m in eerder + hier
            if m.indicator == ind.id
            and m is not huidig
            and (m.peildatum < grens or (huidig is None and m.peildatum == grens))
        ]
        vorige = max(reversed(kandidaten), key=lambda m: m.peildatum) if kandidaten else None
        waarde = huidig.waarde if huidig else None
        vorige_waarde = vorige.waarde if vorige else None
        label = baseline.previous_label(vorige, ronde.id) if vorige else None
        opmerking = (
            baseline.cumulative_note(ind, label, vorige.peildatum, huidig.peildatum)
            if vorige and huidig and label
            else None
        )
        verschil, relatief = rules.verandering(waarde, None if opmerking else vorige_waarde)
        uit.append(
            IndicatorOutcome(
                id=ind.id,
                naam=ind.naam,
                eenheid=ind.eenheid,
                doel=ind.doel,
                nulmeting=ind.nulmeting,
                streefwaarde=ind.streefwaarde,
                richting=ind.richting,
                waarde=waarde,
                peildatum=huidig.peildatum if huidig else None,
                toelichting=huidig.toelichting if huidig else None,
                vorige_waarde=vorige_waarde,
                vorige_peildatum=vorige.peildatum if vorige else None,
                vorige_bron=(vorige.ronde or "indicatorwaarden") if vorige else None,
                verandering=verschil,
                verandering_relatief=relatief,
                streefwaarde_gehaald=rules.meets_streefwaarde(
                    waarde, ind.streefwaarde, ind.richting
                ),
                is_leerlingen=ind.eenheid.strip().lower() == "leerlingen",
                cumulatief=ind.cumulatief,
                vorige_label=label,
                vergelijking_opmerking=opmerking,
                deel_van=ind.deel_van,
            )
        )
    return uit


def _per_thema(plan: Jaarplan, doelen: list[GoalOutcome], deels: float) -> list[ThemaCount]:
    uit = []
    for t in plan.themas:
        eigen = [d.status for d in doelen if d.thema == t.id]
        a = rules.aandeel_behaald(eigen, deels)
        uit.append(ThemaCount(t.id, t.naam, a.aantallen, len(eigen), a.teller, a.noemer, a.aandeel))
    return uit


def _budget_per_thema(plan: Jaarplan, acts: list[ActivityOutcome]) -> list[BudgetThema]:
    uit = []
    for t in plan.themas:
        eigen = [a for a in acts if a.thema == t.id]
        uit.append(
            BudgetThema(
                thema=t.id,
                naam=t.naam,
                budget=_sum([a.budget for a in eigen]),
                besteed=_sum([a.besteed for a in eigen]),
                overschrijding=round(sum(a.overschrijding or 0.0 for a in eigen), 2),
                activiteiten=len(eigen),
                zonder_budget=sum(a.budget is None for a in eigen),
            )
        )
    return uit


def _share(waar: list[bool | None]) -> float | None:
    """Share of True among the known (non-None) booleans; None when none is known."""
    bekend = [w for w in waar if w is not None]
    return sum(bekend) / len(bekend) if bekend else None


def _progress(plan: Jaarplan, ronde: Ronde) -> list[ProgressRow]:
    uit = []
    for r in plan.rondes.values():
        a = rules.aandeel_behaald(
            [d.status for d in _goal_outcomes(plan, r)], plan.normen.deels_behaald_telt
        )
        besteed = _sum([real.besteed for real in r.activiteiten.values()])
        uit.append(
            ProgressRow(
                r.id,
                r.naam,
                r.peildatum,
                r.voorbeelddata,
                a.teller,
                a.noemer,
                a.aandeel,
                besteed,
                r.id == ronde.id,
            )
        )
        if r.id == ronde.id:
            break
    return uit


def _ids(ids: list[str]) -> str:
    return ", ".join(ids)


def evaluate(plan: Jaarplan, ronde_id: str | None = None) -> Evaluation:
    """Evaluate a jaarplan for one round (default: the latest); raises OnbekendeRonde."""
    ronde = plan.ronde(ronde_id)
    normen = plan.normen
    doelen = _goal_outcomes(plan, ronde)
    aandeel = rules.aandeel_behaald([d.status for d in doelen], normen.deels_behaald_telt)
    acts = _activity_outcomes(plan, ronde)
    projecten = [a for a in acts if a.project]
    indicatoren = _indicator_outcomes(plan, ronde)
    per_id = {i.id: i for i in indicatoren}
    waarden = {i.id: i.waarde for i in indicatoren}
    waarschuwingen = [d.waarschuwing for d in doelen if d.waarschuwing]
    waarschuwingen += relations.part_warnings(plan.indicatoren, ronde.metingen, ronde.id)

    zonder_real = [d.id for d in plan.doelen if d.id not in ronde.doelen]
    if zonder_real:
        waarschuwingen.append(
            f"Geen realisatie ingevuld in ronde {ronde.id} voor doel(en): {_ids(zonder_real)}."
        )
    zonder_real = [a.id for a in plan.activiteiten if a.id not in ronde.activiteiten]
    if zonder_real:
        waarschuwingen.append(
            f"Geen realisatie ingevuld in ronde {ronde.id} voor activiteit(en): "
            f"{_ids(zonder_real)}."
        )

    extra = []
    for n in normen.extra:
        teller = waarden.get(n.teller)
        noemer, peil = _denominator(per_id.get(n.noemer), n.noemer_meting)
        ratio, gehaald = rules.ratio_norm(teller, noemer, n.minimum)
        extra.append(
            ExtraNormOutcome(
                n.id,
                n.naam,
                n.teller,
                n.noemer,
                teller,
                noemer,
                n.minimum,
                ratio,
                gehaald,
                n.bron,
                n.noemer_meting,
                peil,
            )
        )
        ontbreekt = [i for i, w in ((n.teller, teller), (n.noemer, noemer)) if w is None]
        if ontbreekt:
            waarschuwingen.append(
                f"Norm '{n.naam}' is niet te berekenen: geen waarde in ronde {ronde.id} voor "
                f"indicator {_ids(ontbreekt)}."
            )
        elif noemer == 0:
            waarschuwingen.append(
                f"Norm '{n.naam}' is niet te berekenen: de noemer ({n.noemer}) is 0."
            )

    smart = _smart(plan)

    uren_aandeel = _share([p.binnen_uren for p in projecten])
    normen_gehaald = {
        "doelen_behaald": (aandeel.aandeel, rules.norm_met(aandeel.aandeel, normen.doelen_behaald)),
        "projecten_binnen_uren": (
            uren_aandeel,
            rules.norm_met(uren_aandeel, normen.projecten_binnen_uren),
        ),
    }
    onderdelen = budget_lines(plan, ronde, acts)
    return Evaluation(
        plan=PlanInfo(
            plan.id, plan.naam, plan.organisatie, plan.sector, plan.periode_start, plan.periode_eind
        ),
        ronde=RondeInfo(
            ronde.id, ronde.naam, ronde.peildatum, ronde.voorbeelddata, ronde.toelichting
        ),
        doelen=tuple(doelen),
        aandeel_doelen=aandeel,
        norm_doelen=normen.doelen_behaald,
        norm_doelen_gehaald=normen_gehaald["doelen_behaald"][1],
        deels_behaald_telt=normen.deels_behaald_telt,
        per_status=dict(aandeel.aantallen),
        per_thema=tuple(_per_thema(plan, doelen, normen.deels_behaald_telt)),
        activiteiten=tuple(acts),
        budget_per_thema=tuple(_budget_per_thema(plan, acts)),
        budget_totaal=_sum([a.budget for a in acts]),
        besteed_totaal=_sum([a.besteed for a in acts]),
        zonder_budget=tuple(a.id for a in acts if a.budget is None),
        overschreden=tuple(a.id for a in acts if a.overschrijding),
        aandeel_binnen_budget=_share(
            [a.overschrijding == 0 if a.overschrijding is not None else None for a in acts]
        ),
        projecten=tuple(projecten),
        aandeel_binnen_uren=uren_aandeel,
        norm_uren=normen.projecten_binnen_uren,
        norm_uren_gehaald=normen_gehaald["projecten_binnen_uren"][1],
        indicatoren=tuple(indicatoren),
        extra_normen=tuple(extra),
        smart=tuple(smart),
        aandeel_smart=_share([s.volledig for s in smart]),
        voortgang=tuple(_progress(plan, ronde)),
        waarschuwingen=tuple(waarschuwingen),
        norm_doelen_bron=normen.source("doelen_behaald"),
        norm_doelen_verwijzing=normen.bronnen.get("doelen_behaald"),
        norm_uren_bron=normen.source("projecten_binnen_uren"),
        norm_uren_verwijzing=normen.bronnen.get("projecten_binnen_uren"),
        activiteiten_afgerond=tuple(completed_per_thema(plan, acts)),
        aandeel_activiteiten_afgerond=completed_share(acts)[2],
        langetermijndoelen=tuple(long_term_outcomes(plan, doelen, normen_gehaald)),
        begroting=tuple(onderdelen),
        aandeel_onderdelen_binnen_begroting=_share([o.binnen_begroting for o in onderdelen]),
    )


def _denominator(ind: IndicatorOutcome | None, meting: str):
    """(value, peildatum) of a ratio norm's noemer: this round's or the previous value."""
    if ind is None:
        return None, None
    if meting == "vorige":
        return ind.vorige_waarde, ind.vorige_peildatum
    return ind.waarde, ind.peildatum


def _smart(plan: Jaarplan) -> list[SmartRow]:
    """The SMART check of every goal; a goal without a deadline of its own gets one derived
    from its activities' 'wanneer' or the end of the plan period (marked as derived)."""
    uit = []
    for d in plan.doelen:
        gekoppeld = [a for a in plan.activiteiten if d.id in a.doelen]
        s = rules.smart_check(d, gekoppeld, plan.indicatoren)
        afgeleid = None
        if d.deadline is None:
            afgeleid = rules.derived_deadline(
                [a.wanneer for a in gekoppeld], plan.periode_start, plan.periode_eind
            )
            s["deadline"] = True
            s["volledig"] = s["indicator"] and s["meetbaar"] and s["eigenaar"]
        uit.append(
            SmartRow(
                d.id,
                d.tekst,
                s["indicator"],
                s["meetbaar"],
                s["deadline"],
                s["eigenaar"],
                s["volledig"],
                afgeleid,
            )
        )
    return uit


def completed_share(acts: list[ActivityOutcome]) -> tuple[int, int, float | None]:
    """(afgerond, counted, share): activities 'afgerond' among all except 'vervallen'."""
    geteld = [a for a in acts if a.status != "vervallen"]
    klaar = sum(a.status == "afgerond" for a in geteld)
    return klaar, len(geteld), (klaar / len(geteld) if geteld else None)


def completed_per_thema(plan: Jaarplan, acts: list[ActivityOutcome]) -> list[ActivityShare]:
    """The share of activities completed per theme."""
    uit = []
    for t in plan.themas:
        klaar, geteld, aandeel = completed_share([a for a in acts if a.thema == t.id])
        uit.append(ActivityShare(t.id, t.naam, klaar, geteld, aandeel))
    return uit


def evaluate_plan(
    plan_id: str, ronde: str | None = None, data_dir: Path | str | None = None
) -> Evaluation:
    """Load a jaarplan from the data folder and evaluate it (raises EvalkitError subclasses)."""
    return evaluate(load.load_jaarplan(plan_id, data_dir), ronde)
