"""The evaluation of one jaarplan for one round: outcomes, totals, norms and the CLI summary."""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from evalkit import fmt
from evalkit.data import load, read
from evalkit.data.model import GOAL_STATUSES, Jaarplan, Meting, Ronde
from evalkit.engine import rules
from evalkit.engine.rules import ShareOutcome
from evalkit.errors import EvalkitError


@dataclass(frozen=True)
class PlanInfo:
    """Identification of the evaluated jaarplan."""

    id: str
    naam: str
    organisatie: str
    sector: str
    periode_start: date
    periode_eind: date


@dataclass(frozen=True)
class RondeInfo:
    """The evaluated round; voorbeelddata means the realisation is invented example data."""

    id: str
    naam: str
    peildatum: date
    voorbeelddata: bool
    toelichting: str | None = None


@dataclass(frozen=True)
class GoalOutcome:
    """The outcome of one goal in the round, with the data it was derived from."""

    id: str
    thema: str
    thema_naam: str
    tekst: str
    soort: str
    status: str
    afgeleid_status: str | None
    bron: str
    uitleg: str
    waarschuwing: str | None
    waarde: float | None
    streefwaarde: float | None
    nulmeting: float | None
    eenheid: str | None
    richting: str | None
    deadline: date | None
    datum_gereed: date | None
    toelichting: str | None


@dataclass(frozen=True)
class ThemaCount:
    """Goal counts per status for one theme, and the theme's share achieved."""

    thema: str
    naam: str
    aantallen: dict[str, int]
    totaal: int
    teller: float
    noemer: int
    aandeel: float | None


@dataclass(frozen=True)
class ActivityOutcome:
    """Budget, spend, overrun and hours of one activity in the round."""

    id: str
    thema: str
    thema_naam: str
    omschrijving: str
    doelen: tuple[str, ...]
    wie: str | None
    begrotingsonderdeel: str | None
    budget: float | None
    besteed: float | None
    overschrijding: float | None
    overschrijding_fractie: float | None
    project: bool
    uren: float | None
    uren_besteed: float | None
    binnen_uren: bool | None
    status: str | None
    toelichting: str | None


@dataclass(frozen=True)
class BudgetThema:
    """Budget totals of one theme: budget counts activities with a budget, besteed all spend."""

    thema: str
    naam: str
    budget: float | None
    besteed: float | None
    overschrijding: float
    activiteiten: int
    zonder_budget: int


@dataclass(frozen=True)
class IndicatorOutcome:
    """An indicator's value this round, the previous known value and the change."""

    id: str
    naam: str
    eenheid: str
    doel: str | None
    nulmeting: float | None
    streefwaarde: float | None
    richting: str | None
    waarde: float | None
    peildatum: date | None
    toelichting: str | None
    vorige_waarde: float | None
    vorige_peildatum: date | None
    vorige_bron: str | None
    verandering: float | None
    verandering_relatief: float | None
    streefwaarde_gehaald: bool | None
    is_leerlingen: bool


@dataclass(frozen=True)
class ExtraNormOutcome:
    """A plan-specific ratio norm computed from this round's indicator values."""

    id: str
    naam: str
    teller_indicator: str
    noemer_indicator: str
    teller: float | None
    noemer: float | None
    minimum: float
    aandeel: float | None
    gehaald: bool | None
    bron: str


@dataclass(frozen=True)
class SmartRow:
    """The SMART check of one goal."""

    doel: str
    tekst: str
    indicator: bool
    meetbaar: bool
    deadline: bool
    eigenaar: bool
    volledig: bool


@dataclass(frozen=True)
class ProgressRow:
    """Key figures of one round, for progress over rounds (e.g. M4 -> M8 -> M12)."""

    ronde: str
    naam: str
    peildatum: date
    voorbeelddata: bool
    doelen_teller: float
    doelen_noemer: int
    doelen_aandeel: float | None
    besteed: float | None
    huidig: bool


@dataclass(frozen=True)
class Evaluation:
    """Everything the evaluation of one jaarplan for one round produces (no pandas)."""

    plan: PlanInfo
    ronde: RondeInfo
    doelen: tuple[GoalOutcome, ...]
    aandeel_doelen: ShareOutcome
    norm_doelen: float
    norm_doelen_gehaald: bool | None
    deels_behaald_telt: float
    per_status: dict[str, int]
    per_thema: tuple[ThemaCount, ...]
    activiteiten: tuple[ActivityOutcome, ...]
    budget_per_thema: tuple[BudgetThema, ...]
    budget_totaal: float | None
    besteed_totaal: float | None
    zonder_budget: tuple[str, ...]
    overschreden: tuple[str, ...]
    aandeel_binnen_budget: float | None
    projecten: tuple[ActivityOutcome, ...]
    aandeel_binnen_uren: float | None
    norm_uren: float
    norm_uren_gehaald: bool | None
    indicatoren: tuple[IndicatorOutcome, ...]
    extra_normen: tuple[ExtraNormOutcome, ...]
    smart: tuple[SmartRow, ...]
    aandeel_smart: float | None
    voortgang: tuple[ProgressRow, ...]
    waarschuwingen: tuple[str, ...]

    @property
    def voorbeelddata(self) -> bool:
        """Whether the round's realisation is invented example data."""
        return self.ronde.voorbeelddata

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict: English top-level keys, detail lists with the dataclass fields."""
        a = self.aandeel_doelen
        return _json(
            {
                "plan_id": self.plan.id,
                "plan_name": self.plan.naam,
                "organisation": self.plan.organisatie,
                "sector": self.plan.sector,
                "period": {"start": self.plan.periode_start, "end": self.plan.periode_eind},
                "ronde": self.ronde.id,
                "ronde_name": self.ronde.naam,
                "peildatum": self.ronde.peildatum,
                "example_data": self.ronde.voorbeelddata,
                "example_data_note": self.ronde.toelichting if self.ronde.voorbeelddata else None,
                "goals_total": len(self.doelen),
                "goals_counted": a.noemer,
                "goals_achieved": a.teller,
                "goals_achieved_share": a.aandeel,
                "goals_share_definition": a.definitie,
                "goals_partly_weight": self.deels_behaald_telt,
                "goals_norm": self.norm_doelen,
                "goals_norm_met": self.norm_doelen_gehaald,
                "goals_by_status": self.per_status,
                "goals_per_theme": self.per_thema,
                "goals": self.doelen,
                "budget_total": self.budget_totaal,
                "spent_total": self.besteed_totaal,
                "activities_over_budget": len(self.overschreden),
                "activities_over_budget_ids": self.overschreden,
                "activities_without_budget": self.zonder_budget,
                "activities_within_budget_share": self.aandeel_binnen_budget,
                "budget_per_theme": self.budget_per_thema,
                "activities": self.activiteiten,
                "projects": self.projecten,
                "projects_within_hours_share": self.aandeel_binnen_uren,
                "hours_norm": self.norm_uren,
                "hours_norm_met": self.norm_uren_gehaald,
                "indicators": self.indicatoren,
                "extra_norms": self.extra_normen,
                "smart": self.smart,
                "smart_share": self.aandeel_smart,
                "progress": self.voortgang,
                "warnings": self.waarschuwingen,
            }
        )


def _json(obj: Any) -> Any:
    """Convert dataclasses, dates, tuples and NaN into JSON-able values."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _json(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, dict):
        return {str(k): _json(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_json(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, float) and math.isnan(obj):
        return None
    return obj


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
        nul = rules.nulmeting_of_goal(d, plan.indicatoren, metingen, ronde.peildatum)
        d = replace(d, nulmeting=nul) if nul is not None else d
        s = rules.goal_status(d, real, ronde.peildatum)
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
                nulmeting=d.nulmeting,
                eenheid=d.eenheid,
                richting=d.richting,
                deadline=d.deadline,
                datum_gereed=real.datum_gereed if real else None,
                toelichting=real.toelichting if real else None,
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
        verschil, relatief = rules.verandering(waarde, vorige_waarde)
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
    waarden = {i.id: i.waarde for i in indicatoren}
    waarschuwingen = [d.waarschuwing for d in doelen if d.waarschuwing]

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
        teller, noemer = waarden.get(n.teller), waarden.get(n.noemer)
        ratio, gehaald = rules.ratio_norm(teller, noemer, n.minimum)
        extra.append(
            ExtraNormOutcome(
                n.id, n.naam, n.teller, n.noemer, teller, noemer, n.minimum, ratio, gehaald, n.bron
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

    smart = []
    for d in plan.doelen:
        gekoppeld = [a for a in plan.activiteiten if d.id in a.doelen]
        s = rules.smart_check(d, gekoppeld, plan.indicatoren)
        smart.append(
            SmartRow(
                d.id,
                d.tekst,
                s["indicator"],
                s["meetbaar"],
                s["deadline"],
                s["eigenaar"],
                s["volledig"],
            )
        )

    uren_aandeel = _share([p.binnen_uren for p in projecten])
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
        norm_doelen_gehaald=rules.norm_met(aandeel.aandeel, normen.doelen_behaald),
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
        norm_uren_gehaald=rules.norm_met(uren_aandeel, normen.projecten_binnen_uren),
        indicatoren=tuple(indicatoren),
        extra_normen=tuple(extra),
        smart=tuple(smart),
        aandeel_smart=_share([s.volledig for s in smart]),
        voortgang=tuple(_progress(plan, ronde)),
        waarschuwingen=tuple(waarschuwingen),
    )


# --- the readable Dutch summary (CLI) ---------------------------------------------------------


def _achieved_text(gehaald: bool | None) -> str:
    return {True: "gehaald", False: "niet gehaald", None: "niet te beoordelen"}[gehaald]


def _status_count(aantallen: dict[str, int]) -> str:
    return ", ".join(f"{s} {aantallen.get(s, 0)}" for s in GOAL_STATUSES)


def text_summary(ev: Evaluation) -> str:
    """The readable Dutch summary of an evaluation, as printed by `evalkit evaluate`."""
    r = ev.ronde
    uit = [f"{ev.plan.naam} — {r.naam} (peildatum {fmt.datum(r.peildatum)})"]
    if r.voorbeelddata:
        uit.append(
            "LET OP: VOORBEELDDATA — de realisatie in deze ronde is verzonnen ter illustratie; "
            "de cijfers zeggen niets over de werkelijke uitvoering."
            + (f" {r.toelichting}" if r.toelichting else "")
        )
    a = ev.aandeel_doelen
    norm = f"norm ten minste {rules.percent_short(ev.norm_doelen)}"
    if a.aandeel is None:
        uit.append(f"Doelen: geen doelen te beoordelen ({norm}: niet te beoordelen).")
    else:
        uit.append(
            f"Doelen: {rules.percent_short(round(a.aandeel, 3))} behaald "
            f"({rules.number_short(a.teller)} van {a.noemer}); "
            f"{norm}: {_achieved_text(ev.norm_doelen_gehaald)}."
        )
    uit.append(f"  Per status: {_status_count(ev.per_status)}.")
    uit.append(f"  {a.definitie}")

    met_budget = len(ev.activiteiten) - len(ev.zonder_budget)
    if ev.budget_totaal is None:
        besteed = (
            "geen bestedingen ingevuld"
            if ev.besteed_totaal is None
            else f"besteed {fmt.euro(ev.besteed_totaal)}"
        )
        uit.append(f"Budget: geen activiteit met een eigen budget; {besteed}.")
    else:
        uit.append(
            f"Budget: {fmt.euro(ev.budget_totaal)} begroot ({met_budget} activiteiten met "
            f"eigen budget); {fmt.euro(ev.besteed_totaal)} besteed (alle activiteiten)."
        )
    if ev.overschreden:
        delen = []
        for act in ev.activiteiten:
            if act.id in ev.overschreden:
                fractie = act.overschrijding_fractie
                pct = "budget € 0" if fractie is None else rules.percent_short(round(fractie, 3))
                delen.append(f"{act.id} {fmt.euro(act.overschrijding)} ({pct})")
        uit.append(f"  Overschrijdingen ({len(delen)}): {'; '.join(delen)}.")
    elif ev.budget_totaal is not None:
        uit.append("  Geen overschrijdingen.")
    if ev.zonder_budget:
        n = len(ev.zonder_budget)
        woord = "activiteit" if n == 1 else "activiteiten"
        uit.append(f"  Zonder eigen budget: {n} {woord} ({_ids(list(ev.zonder_budget))}).")

    if not ev.projecten:
        uit.append("Uren: het jaarplan heeft geen projecten met toegewezen uren.")
    elif ev.aandeel_binnen_uren is None:
        uit.append(
            f"Uren: van geen van de {len(ev.projecten)} projecten zijn toegewezen én bestede "
            "uren bekend."
        )
    else:
        binnen = sum(p.binnen_uren is True for p in ev.projecten)
        bekend = sum(p.binnen_uren is not None for p in ev.projecten)
        uit.append(
            f"Uren: {binnen} van {bekend} projecten binnen de uren "
            f"({rules.percent_short(round(ev.aandeel_binnen_uren, 3))}); norm ten minste "
            f"{rules.percent_short(ev.norm_uren)}: {_achieved_text(ev.norm_uren_gehaald)}."
        )
    for n in ev.extra_normen:
        minimum = f"norm ten minste {rules.percent_short(n.minimum)}"
        if n.aandeel is None:
            uit.append(f"{n.naam}: niet te berekenen ({minimum}).")
        else:
            uit.append(
                f"{n.naam}: {fmt.percent(n.aandeel, 1)} ({minimum}: {_achieved_text(n.gehaald)})"
            )
    if ev.aandeel_smart is not None:
        volledig = sum(s.volledig for s in ev.smart)
        uit.append(
            f"SMART: {volledig} van {len(ev.smart)} doelen volledig SMART geformuleerd "
            f"({rules.percent_short(round(ev.aandeel_smart, 3))})."
        )
    if ev.waarschuwingen:
        uit.append(f"Waarschuwingen ({len(ev.waarschuwingen)}):")
        uit.extend(f"  - {w}" for w in ev.waarschuwingen)
    return "\n".join(uit)


def show_evaluation(
    plan_id: str,
    ronde: str | None = None,
    als_json: bool = False,
    data_dir: Path | str | None = None,
) -> int:
    """CLI: evaluate one jaarplan and print the Dutch summary (or JSON); returns 0."""
    plan = load.load_jaarplan(plan_id, data_dir)
    ev = evaluate(plan, ronde)
    if als_json:
        print(json.dumps(ev.to_dict(), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(text_summary(ev))
    return 0


def show_all(data_dir: Path | str | None = None) -> int:
    """CLI: print the summary of the latest round of every jaarplan.

    A plan that cannot be evaluated (invalid data, no round) is reported in Dutch on stderr
    and makes the exit code 1; the other plans are still shown.
    """
    basis = Path(data_dir) if data_dir else None
    ids = read.plan_ids(basis)
    if not ids:
        waar = basis or "de data-map"
        print(f"Fout: geen jaarplannen gevonden in {waar}.", file=sys.stderr)
        return 1
    code = 0
    for i, plan_id in enumerate(ids):
        if i:
            print()
        try:
            print(text_summary(evaluate(load.load_jaarplan(plan_id, basis))))
        except EvalkitError as exc:
            code = 1
            sys.stdout.flush()
            print(f"Fout in jaarplan '{plan_id}': {exc}", file=sys.stderr)
    return code
