"""The command-line text of an evaluation, rendered from the statement layer (no printing)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evalkit import paths
from evalkit.data import read
from evalkit.engine.evaluate import Evaluation, evaluate_plan
from evalkit.errors import EvalkitError, NoProjectData
from evalkit.present.statements import Statements, contradiction_detail, statements

EXAMPLE_DATA_CLI = "LET OP: VOORBEELDDATA — "


class NoPlans(NoProjectData):
    """The data folder holds no jaarplan (its message names the folder and EVALKIT_ROOT)."""


@dataclass(frozen=True)
class PlanSummary:
    """The summary text of one jaarplan, or the Dutch error that kept it from being made."""

    plan_id: str
    tekst: str | None
    fout: str | None = None


def _goal_lines(s: Statements) -> list[str]:
    norm = f"norm ten minste {s.goals_norm} ({s.goals_norm_origin})"
    if not s.goals_assessable:
        eerste = f"Doelen: geen doelen te beoordelen ({norm}: niet te beoordelen)."
    else:
        waarvan = f", {s.goals_achieved_note}" if s.goals_achieved_note else ""
        eerste = (
            f"Doelen: {s.goals_share} behaald ({s.goals_achieved} van {s.goals_counted}"
            f"{waarvan}); {norm}: {s.goals_verdict}."
        )
    uit = [eerste, f"  Per status: {s.goals_status_count}.", f"  {s.goals_definition}"]
    if s.goals_on_direction:
        uit.append(
            f"  Op alleen de richting beoordeeld (geen streefwaarde): {s.goals_on_direction}."
        )
    if s.contradictions:
        uit.append(f"  Handmatig tegen de cijfers in ({len(s.contradictions)}):")
        uit.extend(f"    - {c.id}: {contradiction_detail(c)}." for c in s.contradictions)
    uit.extend(f"  Niet vergeleken: {n}" for n in s.comparison_notes)
    if s.goals_deadline_passed:
        ids = ", ".join(s.goals_deadline_passed)
        uit.append(f"  Deadline verstreken, nog niet te beoordelen: {ids}.")
    return uit


def _activity_lines(s: Statements) -> list[str]:
    if not s.activities_counted:
        return []
    uit = [
        f"Activiteiten: {s.activities_completed} van {s.activities_counted} afgerond "
        f"({s.activities_completed_share}; vervallen activiteiten niet meegeteld)."
    ]
    uit.extend(
        f"  {t.naam}: {t.afgerond} van {t.geteld} afgerond ({t.share})."
        for t in s.activities_per_theme
    )
    return uit


def _budget_lines(s: Statements) -> list[str]:
    if not s.has_budget:
        besteed = f"besteed {s.spent_total}" if s.spent_known else "geen bestedingen ingevuld"
        uit = [f"Budget: geen activiteit met een eigen budget; {besteed}."]
    else:
        uit = [
            f"Budget: {s.budget_total} begroot ({s.activities_with_budget} activiteiten met "
            f"eigen budget); {s.spent_total} besteed (alle activiteiten)."
        ]
    if s.overruns:
        delen = [f"{o.id} {o.euro} ({o.share or 'budget € 0'})" for o in s.overruns]
        uit.append(f"  Overschrijdingen ({len(delen)}): {'; '.join(delen)}.")
    elif s.has_budget:
        uit.append("  Geen overschrijdingen.")
    if s.without_budget:
        n = len(s.without_budget)
        woord = "activiteit" if n == 1 else "activiteiten"
        uit.append(f"  Zonder eigen budget: {n} {woord} ({', '.join(s.without_budget)}).")
    return uit


def _hours_line(s: Statements) -> str:
    if not s.projects:
        return "Uren: het jaarplan heeft geen projecten met toegewezen uren."
    if not s.projects_known:
        return (
            f"Uren: van geen van de {s.projects} projecten zijn toegewezen én bestede uren bekend."
        )
    return (
        f"Uren: {s.projects_within} van {s.projects_known} projecten binnen de uren "
        f"({s.hours_share}); norm ten minste {s.hours_norm} ({s.hours_norm_origin}): "
        f"{s.hours_verdict}."
    )


def _other_lines(s: Statements) -> list[str]:
    uit = []
    for n in s.ratio_norms:
        minimum = f"norm ten minste {n.minimum}"
        if not n.computable:
            uit.append(f"{n.naam}: niet te berekenen ({minimum}).")
        else:
            uit.append(f"{n.naam}: {n.share} ({minimum}: {n.verdict})")
            uit.append(f"  {n.denominator}.")
    if s.smart_total:
        uit.append(
            f"SMART: {s.smart_complete} van {s.smart_total} doelen volledig SMART geformuleerd "
            f"({s.smart_share})" + _derived(s.smart_derived_deadlines) + "."
        )
    if s.warnings:
        uit.append(f"Waarschuwingen ({len(s.warnings)}):")
        uit.extend(f"  - {w}" for w in s.warnings)
    return uit


def _derived(n: int) -> str:
    if not n:
        return ""
    doelen = "1 doel" if n == 1 else f"{n} doelen"
    return (
        f"; bij {doelen} is de deadline afgeleid uit de activiteiten of het einde van de "
        "planperiode"
    )


def render_text(s: Statements) -> str:
    """The readable Dutch summary of the statements, as `evalkit evaluate` prints it."""
    uit = [f"{s.plan} — {s.ronde} (peildatum {s.peildatum})"]
    if s.example_data_notice:
        note = f" {s.example_data_note}" if s.example_data_note else ""
        uit.append(EXAMPLE_DATA_CLI + s.example_data_notice + note)
    uit += _goal_lines(s)
    uit += _budget_lines(s)
    uit.append(_hours_line(s))
    uit += _activity_lines(s)
    uit += _other_lines(s)
    return "\n".join(uit)


def text_summary(ev: Evaluation) -> str:
    """The readable Dutch summary of an evaluation (internal: nothing suppressed)."""
    return render_text(statements(ev, publiek=False))


# The JSON of `evalkit evaluate --json` has English keys throughout. The outcome records keep
# their Dutch field names inside evalkit; this maps them at the output. Domain nouns of the
# data contract (thema, nulmeting, streefwaarde, peildatum, ronde, doel, indicator, deadline)
# and status values used as keys (behaald, deels behaald, ...) stay as they are.
JSON_KEYS = {
    "aandeel": "share", "aantallen": "counts", "activiteiten": "activities",
    "afgeleid_status": "derived_status", "begrotingsonderdeel": "budget_line",
    "besteed": "spent", "binnen_uren": "within_hours", "bron": "source",
    "cumulatief": "cumulative", "datum_gereed": "completed_on",
    "deadline_afgeleid": "deadline_derived", "deadline_verstreken": "deadline_passed",
    "deel_van": "part_of", "doelen": "goals", "doelen_aandeel": "goals_share",
    "doelen_noemer": "goals_denominator", "doelen_teller": "goals_numerator",
    "eenheid": "unit", "eigenaar": "owner", "gehaald": "met", "geteld": "counted",
    "huidig": "current", "is_leerlingen": "is_pupil_count", "meetbaar": "measurable",
    "naam": "name", "noemer": "denominator", "noemer_indicator": "denominator_indicator",
    "noemer_meting": "denominator_measurement", "noemer_peildatum": "denominator_peildatum",
    "omschrijving": "description", "op_richting": "judged_on_direction",
    "overschrijding": "overrun", "overschrijding_fractie": "overrun_share",
    "richting": "direction", "soort": "kind", "streefwaarde_gehaald": "streefwaarde_met",
    "tegen_cijfers": "against_the_figures", "tekst": "text", "teller": "numerator",
    "teller_indicator": "numerator_indicator", "thema_naam": "thema_name",
    "toelichting": "explanation", "totaal": "total", "uitleg": "reasoning", "uren": "hours",
    "uren_besteed": "hours_spent", "verandering": "change",
    "verandering_relatief": "change_relative", "vergelijking": "comparison",
    "vergelijking_label": "comparison_label", "vergelijking_opmerking": "comparison_note",
    "volledig": "complete", "voorbeelddata": "example_data", "vorige_bron": "previous_source",
    "vorige_label": "previous_label", "vorige_peildatum": "previous_peildatum",
    "vorige_waarde": "previous_value", "waarde": "value", "waarschuwing": "warning",
    "wie": "who", "zonder_budget": "without_budget",
}  # fmt: skip


def english_keys(obj: Any) -> Any:
    """The JSON value with every Dutch field name replaced by its English key (JSON_KEYS)."""
    if isinstance(obj, dict):
        return {JSON_KEYS.get(k, k): english_keys(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [english_keys(v) for v in obj]
    return obj


def evaluation_json(ev: Evaluation) -> str:
    """The evaluation as JSON with English keys: Evaluation.to_dict() plus "statements"."""
    data = ev.to_dict()
    data["statements"] = statements(ev, publiek=False).to_dict()
    return json.dumps(english_keys(data), ensure_ascii=False, indent=2, sort_keys=True)


def evaluation_output(
    plan_id: str,
    ronde: str | None = None,
    als_json: bool = False,
    data_dir: Path | str | None = None,
) -> str:
    """What `evalkit evaluate` prints: the Dutch summary, or the JSON with als_json."""
    ev = evaluate_plan(plan_id, ronde, data_dir)
    return evaluation_json(ev) if als_json else text_summary(ev)


def all_summaries(data_dir: Path | str | None = None) -> list[PlanSummary]:
    """The summary of the latest round of every jaarplan, as `evalkit summary` prints them.

    A plan that cannot be evaluated (invalid data, no round) gets its Dutch error instead of a
    text; the other plans are still summarised. Raises NoPlans when there is no jaarplan.
    """
    basis = Path(data_dir) if data_dir else None
    ids = read.plan_ids(basis)
    if not ids:
        raise NoPlans(basis or paths.DATA_DIR)
    uit = []
    for plan_id in ids:
        try:
            uit.append(PlanSummary(plan_id, text_summary(evaluate_plan(plan_id, None, basis))))
        except EvalkitError as exc:
            uit.append(PlanSummary(plan_id, None, f"Fout in jaarplan '{plan_id}': {exc}"))
    return uit
