"""The statement layer: what an evaluation says, computed once, every figure already worded.

`statements(ev, publiek)` turns an Evaluation into a frozen `Statements` record: the headline
numbers (goals achieved, norms, budget, hours, ratio norms, SMART), the attention points that
carry over to the next jaarplan, the warnings, and the example-data and INTERN notices. The
CLI text (present.console), the notebook and report Markdown (present.text), the `--json`
output ("statements" key) and the OPR review copy all render from this one record, so they
state the same figures in the same words.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from evalkit import fmt
from evalkit.data.model import FROM_PLAN, GOAL_STATUSES
from evalkit.engine import privacy
from evalkit.engine.evaluate import completed_share
from evalkit.engine.outcomes import Evaluation, ExtraNormOutcome, GoalOutcome
from evalkit.engine.rules import ACHIEVED, DROPPED, NOT_YET, PARTLY
from evalkit.present.numbers import (
    number_short,
    percent_short,
    ratio_share,
    share,
    value_text,
    verdict,
)

INTERNAL_NOTICE = "INTERN — niet publiceren"
EXAMPLE_DATA_LABEL = "Let op: voorbeelddata."
HIDDEN_SHARE = (
    f"niet getoond, omdat het op een aantal van minder dan {privacy.THRESHOLD} leerlingen berust"
)
DEFAULT_NORM_TEXT = "standaardnorm van evalkit; het jaarplan noemt geen norm"
CONTRADICTION_HEADING = "Doelen met een handmatige status tegen de cijfers in"
ATTENTION_GROUPS = (
    ("niet behaald", "Niet behaalde doelen"),
    ("deels behaald", "Deels behaalde doelen"),
    ("nog niet te beoordelen", "Doelen die nog niet te beoordelen zijn"),
)


@dataclass(frozen=True)
class GoalPoint:
    """A goal that needs attention: its explanation is safe for the chosen audience."""

    id: str
    tekst: str
    status: str
    uitleg: str
    toelichting: str | None


@dataclass(frozen=True)
class GoalGroup:
    """The goals of one status that carry over to the next jaarplan, with their heading."""

    status: str
    kop: str
    doelen: tuple[GoalPoint, ...]


@dataclass(frozen=True)
class Overrun:
    """One activity over its budget; `share` is None when the budget is € 0."""

    id: str
    omschrijving: str
    budget: str
    besteed: str
    euro: str
    share: str | None


@dataclass(frozen=True)
class ProjectPoint:
    """A project over its allocated hours."""

    id: str
    omschrijving: str
    uren: str
    uren_besteed: str


@dataclass(frozen=True)
class NormStatement:
    """A plan-specific ratio norm: share (hidden in public output when it reveals a count:
    then `hidden` is True and `share` says why)."""

    naam: str
    computable: bool
    share: str
    minimum: str
    met: bool | None
    verdict: str
    hidden: bool = False
    denominator: str = ""


@dataclass(frozen=True)
class Contradiction:
    """A goal whose manual status is better than its measured outcome (a finding)."""

    id: str
    tekst: str
    status: str
    afgeleid_status: str
    uitleg: str


@dataclass(frozen=True)
class ThemeActivities:
    """The share of activities completed in one theme, worded."""

    thema: str
    naam: str
    afgerond: int
    geteld: int
    share: str


@dataclass(frozen=True)
class CarryOverItem:
    """One line of what carries over: id (None for a norm), what it is, and the detail."""

    id: str | None
    tekst: str
    detail: str
    toelichting: str | None = None


@dataclass(frozen=True)
class Statements:
    """What one evaluation says, for one audience (publiek: suppressed for publication)."""

    publiek: bool
    plan: str
    organisatie: str
    ronde: str
    peildatum: str
    example_data: bool
    example_data_note: str | None
    example_data_notice: str | None
    intern_notice: str | None
    # goals
    goals_total: int
    goals_assessable: bool
    goals_achieved: str
    goals_counted: int
    goals_share: str
    goals_norm: str
    goals_norm_met: bool | None
    goals_verdict: str
    goals_by_status: dict[str, int]
    goals_status_count: str
    goals_partly: int
    goals_partly_weight: str
    goals_partly_factor: float
    goals_not_counted: tuple[str, ...]
    goals_definition: str
    goals_norm_source: str
    goals_norm_origin: str
    goals_achieved_note: str
    contradictions: tuple[Contradiction, ...]
    goals_deadline_passed: tuple[str, ...]
    goals_on_direction: int
    comparison_notes: tuple[str, ...]
    # budget
    has_budget: bool
    budget_total: str
    spent_known: bool
    spent_total: str
    activities_with_budget: int
    overruns: tuple[Overrun, ...]
    without_budget: tuple[str, ...]
    # hours
    projects: int
    projects_known: int
    projects_within: int
    projects_without_hours: int
    hours_share: str
    hours_norm: str
    hours_norm_met: bool | None
    hours_verdict: str
    hours_norm_source: str
    hours_norm_origin: str
    # activities
    activities_total: int
    activities_counted: int
    activities_completed: int
    activities_completed_share: str
    activities_per_theme: tuple[ThemeActivities, ...]
    # other norms and checks
    ratio_norms: tuple[NormStatement, ...]
    smart_total: int
    smart_complete: int
    smart_share: str
    smart_derived_deadlines: int
    # attention points and warnings
    goals_attention: tuple[GoalGroup, ...]
    goals_contradicted: tuple[str, ...]
    projects_over_hours: tuple[ProjectPoint, ...]
    warnings: tuple[str, ...]

    @property
    def norms_not_met(self) -> tuple[NormStatement, ...]:
        """The ratio norms that are not met."""
        return tuple(n for n in self.ratio_norms if n.met is False)

    @property
    def carries_over(self) -> bool:
        """Whether anything carries over to the next jaarplan (an attention point exists)."""
        return bool(
            self.goals_attention
            or self.overruns
            or self.projects_over_hours
            or self.norms_not_met
            or self.contradictions
        )

    def carry_over(self) -> tuple[tuple[str, tuple[CarryOverItem, ...]], ...]:
        """What carries over to the next jaarplan: (heading, items) per kind, in order."""
        uit = [
            (g.kop, tuple(CarryOverItem(d.id, d.tekst, d.uitleg, d.toelichting) for d in g.doelen))
            for g in self.goals_attention
        ]
        if self.overruns:
            items = tuple(
                CarryOverItem(
                    o.id,
                    o.omschrijving,
                    f"besteed {o.besteed} van {o.budget}: {o.euro} over het budget"
                    + ("" if o.share is None else f", {o.share}"),
                )
                for o in self.overruns
            )
            uit.append(("Budgetoverschrijdingen", items))
        if self.projects_over_hours:
            items = tuple(
                CarryOverItem(
                    p.id, p.omschrijving, f"{p.uren_besteed} uur besteed van {p.uren} toegewezen"
                )
                for p in self.projects_over_hours
            )
            uit.append(("Projecten boven de toegewezen uren", items))
        if self.norms_not_met:
            items = tuple(
                CarryOverItem(None, n.naam, f"{n.share}, norm ten minste {n.minimum}")
                for n in self.norms_not_met
            )
            uit.append(("Normen die niet gehaald zijn", items))
        if self.contradictions:
            items = tuple(
                CarryOverItem(c.id, c.tekst, contradiction_detail(c)) for c in self.contradictions
            )
            uit.append((CONTRADICTION_HEADING, items))
        return tuple(uit)

    def to_dict(self) -> dict:
        """A JSON-able dict of every statement (the "statements" key of `evaluate --json`)."""
        uit = asdict(self)
        uit["norms_not_met"] = [n.naam for n in self.norms_not_met]
        uit["carries_over"] = self.carries_over
        return uit


def _partly_weight(gewicht: float) -> str:
    if gewicht == 0:
        return "telt niet mee"
    if gewicht == 1:
        return "telt volledig mee"
    return f"telt voor {number_short(gewicht)} mee"


def _ratio_norm(n: ExtraNormOutcome, publiek: bool) -> NormStatement:
    hidden = publiek and privacy.ratio_display(n.teller, n.noemer, n.aandeel).verborgen
    tekst = HIDDEN_SHARE if hidden else ratio_share(n.aandeel)
    minimum = percent_short(n.minimum)
    return NormStatement(
        n.naam,
        n.aandeel is not None,
        tekst,
        minimum,
        n.gehaald,
        verdict(n.gehaald),
        hidden,
        denominator_text(n),
    )


def denominator_text(n: ExtraNormOutcome) -> str:
    """Which value a ratio norm divides by, in words (documents every ratio's denominator)."""
    teller = f"Teller: {n.teller_indicator} (deze ronde)"
    if n.noemer_meting == "vorige":
        wanneer = f" van {fmt.date_text(n.noemer_peildatum)}" if n.noemer_peildatum else ""
        return f"{teller}; noemer: {n.noemer_indicator}, de vorige meting{wanneer}"
    return f"{teller}; noemer: {n.noemer_indicator} (deze ronde)"


def contradicted(d: GoalOutcome) -> bool:
    """Whether a goal's manual status is better than the status the data give (engine rule
    rules.better_than): the one rule by which every output flags a goal."""
    return d.tegen_cijfers


def contradiction_detail(c: Contradiction) -> str:
    """The one wording of a contradiction next to its goal."""
    return (
        f"handmatig '{c.status}', maar volgens de cijfers '{c.afgeleid_status}' "
        "(handmatig tegen de cijfers in)"
    )


def norm_origin(bron: str, verwijzing: str | None) -> str:
    """Where a norm comes from, in words: the plan (with its bron) or evalkit's default."""
    if bron == FROM_PLAN:
        # The reference without its quoted passage: "001_... r. 584 (De doelen ...)" would
        # put brackets inside the brackets the sentence already puts around the origin.
        plaats = (verwijzing or "").split(" (", 1)[0].strip()
        return f"norm uit het jaarplan, {plaats}" if plaats else "norm uit het jaarplan"
    return DEFAULT_NORM_TEXT


def achieved_note(ev: Evaluation) -> str:
    """'waarvan 1 handmatig tegen de cijfers in' for the goals behaald, '' when none."""
    n = sum(d.tegen_cijfers for d in ev.doelen if d.status == ACHIEVED)
    return f"waarvan {n} handmatig tegen de cijfers in" if n else ""


def example_data_sentence(ronde: str) -> str:
    """The one wording of the example-data notice (plain text, after EXAMPLE_DATA_LABEL)."""
    return (
        f"De realisatiecijfers van {ronde} zijn verzonnen ter illustratie en zeggen niets over "
        "de werkelijke uitvoering van het jaarplan."
    )


def _goal_point(d: GoalOutcome, publiek: bool) -> GoalPoint:
    uitleg = d.uitleg
    if publiek and privacy.has_small_count(d.eenheid, d.waarde, d.nulmeting):
        uitleg = f"de waarde wordt niet getoond (minder dan {privacy.THRESHOLD} leerlingen)"
    return GoalPoint(d.id, d.tekst, d.status, uitleg, d.toelichting)


def warnings(ev: Evaluation, publiek: bool = False) -> tuple[str, ...]:
    """The warnings; in public output without those about goals counted in pupils and those
    about parts of pupil-count indicators.

    Those quote the measured values, which may be small counts.
    """
    if not publiek:
        return ev.waarschuwingen
    leerlingen = {d.id for d in ev.doelen if privacy.is_leerlingen(d.eenheid)}
    return tuple(
        w
        for w in ev.waarschuwingen
        if not any(w.startswith(f"Doel {i}:") for i in leerlingen)
        and not (w.startswith("Indicatoren ") and _names_pupil_count(ev, w))
    )


def _names_pupil_count(ev: Evaluation, waarschuwing: str) -> bool:
    """Whether a warning names an indicator that counts pupils."""
    aantallen = {i.id for i in ev.indicatoren if i.is_leerlingen}
    return bool(set(re.findall(r"[\w.-]+", waarschuwing)) & aantallen)


def _overruns(ev: Evaluation) -> tuple[Overrun, ...]:
    return tuple(
        Overrun(
            a.id,
            a.omschrijving,
            fmt.euro(a.budget),
            fmt.euro(a.besteed),
            fmt.euro(a.overschrijding),
            None if a.overschrijding_fractie is None else share(a.overschrijding_fractie),
        )
        for a in ev.activiteiten
        if a.id in ev.overschreden
    )


def _goal_fields(ev: Evaluation) -> dict:
    a = ev.aandeel_doelen
    return {
        "goals_total": len(ev.doelen),
        "goals_assessable": a.aandeel is not None,
        "goals_achieved": number_short(a.teller),
        "goals_counted": a.noemer,
        "goals_share": share(a.aandeel),
        "goals_norm": percent_short(ev.norm_doelen),
        "goals_norm_met": ev.norm_doelen_gehaald,
        "goals_verdict": verdict(ev.norm_doelen_gehaald),
        "goals_by_status": {s: ev.per_status.get(s, 0) for s in GOAL_STATUSES},
        "goals_status_count": ", ".join(f"{s} {ev.per_status.get(s, 0)}" for s in GOAL_STATUSES),
        "goals_partly": ev.per_status.get(PARTLY, 0),
        "goals_partly_weight": _partly_weight(ev.deels_behaald_telt),
        "goals_partly_factor": ev.deels_behaald_telt,
        "goals_not_counted": tuple(
            f"{a.aantallen[s]} {s}" for s in (NOT_YET, DROPPED) if a.aantallen.get(s, 0)
        ),
        "goals_definition": a.definitie,
        "goals_norm_source": ev.norm_doelen_bron,
        "goals_norm_origin": norm_origin(ev.norm_doelen_bron, ev.norm_doelen_verwijzing),
        "goals_achieved_note": achieved_note(ev),
        "contradictions": tuple(
            Contradiction(d.id, d.tekst, d.status, d.afgeleid_status or "", d.uitleg)
            for d in ev.doelen
            if contradicted(d)
        ),
        "goals_deadline_passed": tuple(d.id for d in ev.doelen if d.deadline_verstreken),
        "goals_on_direction": len(ev.op_richting),
        "comparison_notes": tuple(
            f"{i.naam}: {i.vergelijking_opmerking}."
            for i in ev.indicatoren
            if i.vergelijking_opmerking
        ),
    }


def _money_and_hours_fields(ev: Evaluation) -> dict:
    return {
        "has_budget": ev.budget_totaal is not None,
        "budget_total": fmt.euro(ev.budget_totaal),
        "spent_known": ev.besteed_totaal is not None,
        "spent_total": fmt.euro(ev.besteed_totaal),
        "activities_with_budget": len(ev.activiteiten) - len(ev.zonder_budget),
        "overruns": _overruns(ev),
        "without_budget": ev.zonder_budget,
        "projects": len(ev.projecten),
        "projects_known": sum(p.binnen_uren is not None for p in ev.projecten),
        "projects_within": sum(p.binnen_uren is True for p in ev.projecten),
        "projects_without_hours": sum(p.uren is None for p in ev.projecten),
        "hours_share": share(ev.aandeel_binnen_uren),
        "hours_norm": percent_short(ev.norm_uren),
        "hours_norm_met": ev.norm_uren_gehaald,
        "hours_verdict": verdict(ev.norm_uren_gehaald),
        "hours_norm_source": ev.norm_uren_bron,
        "hours_norm_origin": norm_origin(ev.norm_uren_bron, ev.norm_uren_verwijzing),
        "projects_over_hours": tuple(
            ProjectPoint(p.id, p.omschrijving, value_text(p.uren), value_text(p.uren_besteed))
            for p in ev.projecten
            if p.binnen_uren is False
        ),
    }


def statements(ev: Evaluation, publiek: bool = False) -> Statements:
    """What the evaluation says, for publication (publiek=True) or internal use.

    With publiek=True the explanation of a goal counted in pupils is replaced when it would
    show a count from 1 to 4, warnings about goals counted in pupils are left out, and the
    share of a ratio norm is hidden when privacy.ratio_display hides one of its counts.
    """
    groepen = []
    for status, kop in ATTENTION_GROUPS:
        doelen = tuple(_goal_point(d, publiek) for d in ev.doelen if d.status == status)
        if doelen:
            groepen.append(GoalGroup(status, kop, doelen))
    return Statements(
        publiek=publiek,
        plan=ev.plan.naam,
        organisatie=ev.plan.organisatie,
        ronde=ev.ronde.naam,
        peildatum=fmt.date_text(ev.ronde.peildatum),
        example_data=ev.voorbeelddata,
        example_data_note=ev.ronde.toelichting if ev.voorbeelddata else None,
        example_data_notice=example_data_sentence(ev.ronde.naam) if ev.voorbeelddata else None,
        intern_notice=None if publiek else INTERNAL_NOTICE,
        **_goal_fields(ev),
        **_money_and_hours_fields(ev),
        ratio_norms=tuple(_ratio_norm(n, publiek) for n in ev.extra_normen),
        smart_total=len(ev.smart),
        smart_complete=sum(s.volledig for s in ev.smart),
        smart_share=share(ev.aandeel_smart),
        smart_derived_deadlines=sum(r.deadline_afgeleid is not None for r in ev.smart),
        goals_attention=tuple(groepen),
        goals_contradicted=tuple(d.id for d in ev.doelen if contradicted(d)),
        warnings=warnings(ev, publiek),
        **_activity_fields(ev),
    )


def _activity_fields(ev: Evaluation) -> dict:
    afgerond, geteld, aandeel = completed_share(list(ev.activiteiten))
    return {
        "activities_total": len(ev.activiteiten),
        "activities_counted": geteld,
        "activities_completed": afgerond,
        "activities_completed_share": share(aandeel),
        "activities_per_theme": tuple(
            ThemeActivities(t.thema, t.naam, t.afgerond, t.geteld, share(t.aandeel))
            for t in ev.activiteiten_afgerond
            if t.geteld
        ),
    }
