"""The outcome records of an evaluation: frozen dataclasses, and their JSON form."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import Any

from evalkit.engine.rules import ShareOutcome


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
    """The outcome of one goal in the round, with the data it was derived from.

    `nulmeting` is a real baseline only; `vergelijking` is what the value was compared with
    (the nulmeting, or the previous measurement) and `vergelijking_label` names it ('de
    nulmeting', 'de vorige meting (M8)'); `vergelijking_opmerking` says why a cumulative value
    was not compared.
    """

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
    tegen_cijfers: bool = False
    op_richting: bool = False
    deadline_verstreken: bool = False
    deadline_afgeleid: bool = False
    vergelijking: float | None = None
    vergelijking_label: str | None = None
    vergelijking_opmerking: str | None = None


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
class ActivityShare:
    """Activities completed ('afgerond') of one theme: counted without 'vervallen' ones."""

    thema: str
    naam: str
    afgerond: int
    geteld: int
    aandeel: float | None


@dataclass(frozen=True)
class IndicatorOutcome:
    """An indicator's value this round, the previous known value and the change.

    `vorige_label` names the previous value ('de vorige meting (M8)'); the change is None, and
    `vergelijking_opmerking` says why, when a cumulative indicator's two values cover periods
    of different length.
    """

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
    cumulatief: bool = False
    vorige_label: str | None = None
    vergelijking_opmerking: str | None = None
    deel_van: str | None = None


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
    noemer_meting: str = "huidig"
    noemer_peildatum: date | None = None


@dataclass(frozen=True)
class SmartRow:
    """The SMART check of one goal; `deadline_afgeleid` is the derived deadline of a goal
    without one of its own (from its activities' 'wanneer' or the end of the plan period)."""

    doel: str
    tekst: str
    indicator: bool
    meetbaar: bool
    deadline: bool
    eigenaar: bool
    volledig: bool
    deadline_afgeleid: date | None = None


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
class LinkedGoal:
    """A yearly goal serving a long-term goal, with its status this round."""

    id: str
    tekst: str
    status: str


@dataclass(frozen=True)
class LinkedNorm:
    """A plan norm that measures a long-term goal ("De doelen van het jaarplan zijn voor 75%
    behaald"), with the share reached this round."""

    naam: str
    norm: float
    aandeel: float | None
    gehaald: bool | None


@dataclass(frozen=True)
class LongTermGoalOutcome:
    """A long-term goal with the yearly goals (and norms) that serve it, for one round."""

    id: str
    thema: str
    tekst: str
    horizon: str | None
    bron: str
    doelen: tuple[LinkedGoal, ...]
    per_status: dict[str, int]
    normen: tuple[LinkedNorm, ...] = ()


@dataclass(frozen=True)
class BudgetLineOutcome:
    """One begrotingsonderdeel: the activities charged to it, budget against spend.

    `bedrag` comes from begroting.csv or, without an amount there, from the budgets of the
    activities charged to this onderdeel alone (`bedrag_bron` 'begroting' or 'activiteiten');
    `besteed` from the round's begroting.csv or likewise from the activities; `toelichting`
    is the note on this onderdeel in the round's begroting.csv.
    """

    begrotingsonderdeel: str
    activiteiten: tuple[str, ...]
    bedrag: float | None
    bedrag_bron: str | None
    besteed: float | None
    besteed_bron: str | None
    verschil: float | None
    binnen_begroting: bool | None
    toelichting: str | None = None


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
    norm_doelen_bron: str = "standaard"
    norm_doelen_verwijzing: str | None = None
    norm_uren_bron: str = "standaard"
    norm_uren_verwijzing: str | None = None
    activiteiten_afgerond: tuple[ActivityShare, ...] = ()
    aandeel_activiteiten_afgerond: float | None = None
    langetermijndoelen: tuple[LongTermGoalOutcome, ...] = ()
    begroting: tuple[BudgetLineOutcome, ...] = ()
    aandeel_onderdelen_binnen_begroting: float | None = None

    @property
    def tegen_cijfers(self) -> tuple[str, ...]:
        """Ids of the goals whose manual status is better than the data give."""
        return tuple(d.id for d in self.doelen if d.tegen_cijfers)

    @property
    def op_richting(self) -> tuple[str, ...]:
        """Ids of the goals judged on the direction of change alone (no streefwaarde)."""
        return tuple(d.id for d in self.doelen if d.op_richting)

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
                "goals_norm_source": self.norm_doelen_bron,
                "goals_norm_reference": self.norm_doelen_verwijzing,
                "goals_contradicting_data": self.tegen_cijfers,
                "goals_judged_on_direction": self.op_richting,
                "goals_deadline_passed": tuple(d.id for d in self.doelen if d.deadline_verstreken),
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
                "hours_norm_source": self.norm_uren_bron,
                "hours_norm_reference": self.norm_uren_verwijzing,
                "activities_completed_share": self.aandeel_activiteiten_afgerond,
                "activities_completed_per_theme": self.activiteiten_afgerond,
                "long_term_goals": self.langetermijndoelen,
                "budget_per_line": self.begroting,
                "budget_lines_within_budget_share": self.aandeel_onderdelen_binnen_begroting,
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
