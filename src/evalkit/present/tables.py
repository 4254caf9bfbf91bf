"""Display-ready tables (pandas, string cells) made from an Evaluation; the prose is in text."""

from __future__ import annotations

import pandas as pd

from evalkit import fmt
from evalkit.data.model import GOAL_STATUSES
from evalkit.engine import privacy
from evalkit.engine.evaluate import (
    ActivityOutcome,
    Evaluation,
    GoalOutcome,
    IndicatorOutcome,
)
from evalkit.present.numbers import number_short, percent_short, ratio_share, share, value_text

# The management summary moved to present.text; build/book.py imports it from here.
from evalkit.present.text import summary_markdown as summary_markdown

EMPTY = fmt.EMPTY
_SIGN = {"hoger": "≥", "lager": "≤", "gelijk": "="}


def _frame(rijen: list[dict[str, str]], kolommen: list[str]) -> pd.DataFrame:
    """A DataFrame with the given columns, a clean RangeIndex and string cells only."""
    df = pd.DataFrame(rijen, columns=kolommen)
    return df.reset_index(drop=True).astype(object)


def yes_no(waarde: bool | None) -> str:
    """A yes/no cell: True -> 'ja', False -> 'nee', None -> '–'."""
    return EMPTY if waarde is None else ("ja" if waarde else "nee")


def _text(waarde: str | None) -> str:
    return waarde if waarde else EMPTY


# The share rule under the name tools/review.py imports.
pct = share


def _count(waarde: float | None, eenheid: str | None, publiek: bool) -> str:
    """A value with its unit; pupil counts are suppressed below 5 when publiek."""
    if publiek and privacy.is_leerlingen(eenheid):
        tekst = privacy.suppress_count(waarde)
        return tekst if tekst == EMPTY else f"{tekst} leerlingen"
    return value_text(waarde, eenheid)


def _status(d: GoalOutcome) -> str:
    # Name the derived status only where it contradicts the manual one (a warning).
    if d.waarschuwing and d.afgeleid_status and d.afgeleid_status != d.status:
        return f"{d.status} (afgeleid: {d.afgeleid_status})"
    return d.status


def _value_or_done(d: GoalOutcome, publiek: bool) -> str:
    if d.soort == "mijlpaal":
        return fmt.datum(d.datum_gereed) if d.datum_gereed else "nog niet gereed"
    if d.soort == "numeriek":
        return _count(d.waarde, d.eenheid, publiek)
    return EMPTY


def _target(d: GoalOutcome, publiek: bool) -> str:
    if d.soort == "mijlpaal":
        return f"gereed uiterlijk {fmt.datum(d.deadline)}" if d.deadline else "geen deadline"
    if d.soort == "numeriek" and d.streefwaarde is not None:
        teken = _SIGN.get(d.richting or "", "")
        return f"{teken} {value_text(d.streefwaarde, d.eenheid)}".strip()
    if d.soort == "numeriek" and d.richting and d.nulmeting is not None:
        woord = "gelijk aan" if d.richting == "gelijk" else f"{d.richting} dan"
        return f"{woord} de nulmeting ({_count(d.nulmeting, d.eenheid, publiek)})"
    return EMPTY


def table_goals(ev: Evaluation, publiek: bool = False) -> pd.DataFrame:
    """One row per goal: id, text, theme id, kind, status, value or completion date, target, note.

    When the manual status differs from the derived one, the status cell names both. With
    publiek=True, values of goals counted in pupils are suppressed below 5.
    """
    rijen = [
        {
            "Doel": d.id,
            "Omschrijving": d.tekst,
            "Thema": d.thema,
            "Soort": d.soort,
            "Status": _status(d),
            "Waarde/gereed": _value_or_done(d, publiek),
            "Streefwaarde": _target(d, publiek),
            "Toelichting": _text(d.toelichting),
        }
        for d in ev.doelen
    ]
    kolommen = [
        "Doel",
        "Omschrijving",
        "Thema",
        "Soort",
        "Status",
        "Waarde/gereed",
        "Streefwaarde",
        "Toelichting",
    ]
    return _frame(rijen, kolommen)


def table_goals_per_thema(ev: Evaluation) -> pd.DataFrame:
    """Goal counts per status for every theme, the share achieved, and a total row."""
    rijen = []
    for t in ev.per_thema:
        rij = {"Thema": f"{t.thema} {t.naam}"}
        rij |= {s: str(t.aantallen.get(s, 0)) for s in GOAL_STATUSES}
        rij |= {"Totaal": str(t.totaal), "Aandeel behaald": share(t.aandeel)}
        rijen.append(rij)
    a = ev.aandeel_doelen
    totaal = {"Thema": "Totaal"} | {s: str(ev.per_status.get(s, 0)) for s in GOAL_STATUSES}
    totaal |= {"Totaal": str(len(ev.doelen)), "Aandeel behaald": share(a.aandeel)}
    rijen.append(totaal)
    return _frame(rijen, ["Thema", *GOAL_STATUSES, "Totaal", "Aandeel behaald"])


def _overrun(a: ActivityOutcome) -> tuple[str, str]:
    if a.overschrijding is None:
        return EMPTY, EMPTY
    if a.overschrijding == 0:
        return "geen", EMPTY
    fractie = a.overschrijding_fractie
    return fmt.euro(a.overschrijding), EMPTY if fractie is None else share(fractie)


def table_budget(ev: Evaluation) -> pd.DataFrame:
    """Activities with a budget of their own or recorded spend: budget, spend, overrun (€ and %).

    Activities without either are not rows here; zonder_budget_markdown lists them by id and
    tabel_activiteiten shows every activity with its status.
    """
    rijen = []
    for a in ev.activiteiten:
        if a.budget is None and a.besteed is None:
            continue
        euro, procent = _overrun(a)
        rijen.append(
            {
                "Activiteit": a.id,
                "Omschrijving": a.omschrijving,
                "Thema": a.thema,
                "Budget": "geen eigen budget" if a.budget is None else fmt.euro(a.budget),
                "Besteed": fmt.euro(a.besteed),
                "Overschrijding": euro,
                "Overschrijding %": procent,
            }
        )
    kolommen = [
        "Activiteit",
        "Omschrijving",
        "Thema",
        "Budget",
        "Besteed",
        "Overschrijding",
        "Overschrijding %",
    ]
    return _frame(rijen, kolommen)


def table_activities(ev: Evaluation) -> pd.DataFrame:
    """Every activity with its budget line, status and explanation in this round."""
    rijen = [
        {
            "Activiteit": a.id,
            "Omschrijving": a.omschrijving,
            "Thema": a.thema,
            "Begrotingsonderdeel": _text(a.begrotingsonderdeel),
            "Status": _text(a.status),
            "Toelichting": _text(a.toelichting),
        }
        for a in ev.activiteiten
    ]
    kolommen = [
        "Activiteit",
        "Omschrijving",
        "Thema",
        "Begrotingsonderdeel",
        "Status",
        "Toelichting",
    ]
    return _frame(rijen, kolommen)


def table_budget_per_thema(ev: Evaluation) -> pd.DataFrame:
    """Budget (activities with a budget), spend (all activities) and overrun per theme, + total."""
    rijen = [
        {
            "Thema": f"{t.thema} {t.naam}",
            "Budget": fmt.euro(t.budget),
            "Besteed": fmt.euro(t.besteed),
            "Overschrijding": fmt.euro(t.overschrijding) if t.overschrijding else "geen",
            "Activiteiten": str(t.activiteiten),
            "Zonder eigen budget": str(t.zonder_budget),
        }
        for t in ev.budget_per_thema
    ]
    over = sum(t.overschrijding for t in ev.budget_per_thema)
    rijen.append(
        {
            "Thema": "Totaal",
            "Budget": fmt.euro(ev.budget_totaal),
            "Besteed": fmt.euro(ev.besteed_totaal),
            "Overschrijding": fmt.euro(round(over, 2)) if over else "geen",
            "Activiteiten": str(len(ev.activiteiten)),
            "Zonder eigen budget": str(len(ev.zonder_budget)),
        }
    )
    kolommen = [
        "Thema",
        "Budget",
        "Besteed",
        "Overschrijding",
        "Activiteiten",
        "Zonder eigen budget",
    ]
    return _frame(rijen, kolommen)


def table_hours(ev: Evaluation) -> pd.DataFrame:
    """One row per project: allocated hours, hours spent and whether it stayed within them."""
    rijen = [
        {
            "Project": p.id,
            "Omschrijving": p.omschrijving,
            "Uren": value_text(p.uren),
            "Uren besteed": value_text(p.uren_besteed),
            "Binnen de uren": yes_no(p.binnen_uren),
        }
        for p in ev.projecten
    ]
    return _frame(rijen, ["Project", "Omschrijving", "Uren", "Uren besteed", "Binnen de uren"])


def _change(i: IndicatorOutcome) -> str:
    if i.verandering is None:
        return EMPTY
    teken = "+" if i.verandering > 0 else ""
    if i.eenheid == "%":
        tekst = f"{teken}{number_short(round(i.verandering * 100, 3))} procentpunt"
    else:
        tekst = f"{teken}{number_short(i.verandering)}"
    rel = i.verandering_relatief
    if rel is not None and i.eenheid != "%":
        tekst += f" ({'+' if rel > 0 else ''}{share(rel)})"
    return tekst


def indicator_texts(ev: Evaluation) -> dict[str, dict[str, str]]:
    """The public (suppressed) texts of the indicators of an Evaluatie, per indicator id.

    privacy.indicator_teksten applied to the evaluation: the one source of what the public
    indicator table, the indicator chart and the table behind it hide.
    """
    d = ev.to_dict()
    return privacy.indicator_texts(d["indicators"], d["extra_norms"])


def table_indicators(ev: Evaluation, publiek: bool = False) -> pd.DataFrame:
    """One row per indicator: baseline, target, previous and current value, change.

    With publiek=True pupil counts (eenheid 'leerlingen') from 1 to 4 show as '<5', and the
    counts of a ratio norm get its group suppression (privacy.indicator_teksten): a count that
    with the other count of the norm would reveal a small number shows as '×'. The change is
    then hidden too ('×'), because it would reveal the suppressed value.
    """
    verborgen = indicator_texts(ev) if publiek else {}
    rijen = []
    for i in ev.indicatoren:
        eenheid = "%" if i.eenheid == "%" else None  # the unit has its own column
        v = verborgen.get(i.id)
        if v:
            nul, vorig, nu = v["nulmeting"], v["vorige"], v["waarde"]
            verandering = v["verandering"] or _change(i)
        else:
            nul, vorig, nu = (
                value_text(w, eenheid) for w in (i.nulmeting, i.vorige_waarde, i.waarde)
            )
            verandering = _change(i)
        streef = EMPTY
        if i.streefwaarde is not None:
            teken = _SIGN.get(i.richting or "", "")
            streef = f"{teken} {value_text(i.streefwaarde, eenheid)}".strip()
        rijen.append(
            {
                "Indicator": i.naam,
                "Eenheid": i.eenheid,
                "Nulmeting": nul,
                "Streefwaarde": streef,
                "Vorige waarde": vorig,
                "Vorige peildatum": fmt.datum(i.vorige_peildatum),
                "Waarde": nu,
                "Peildatum": fmt.datum(i.peildatum),
                "Verandering": verandering,
                "Streefwaarde gehaald": yes_no(i.streefwaarde_gehaald),
            }
        )
    kolommen = [
        "Indicator",
        "Eenheid",
        "Nulmeting",
        "Streefwaarde",
        "Vorige waarde",
        "Vorige peildatum",
        "Waarde",
        "Peildatum",
        "Verandering",
        "Streefwaarde gehaald",
    ]
    return _frame(rijen, kolommen)


def table_extra_norms(ev: Evaluation, publiek: bool = False) -> pd.DataFrame:
    """One row per plan-specific ratio norm: teller, noemer, share, minimum and verdict.

    With publiek=True teller and noemer (pupil counts) are suppressed with
    privacy.ratio_weergave: a small teller shows as '<5', a teller whose rest (noemer minus
    teller) is small as '×', and the share is then hidden ('×'), because with the shown
    noemer it would reveal the suppressed count.
    """
    rijen = []
    for n in ev.extra_normen:
        if publiek:
            r = privacy.ratio_display(n.teller, n.noemer, n.aandeel)
            teller, noemer, aandeel = r.teller, r.noemer, r.aandeel
        else:
            teller, noemer = value_text(n.teller), value_text(n.noemer)
            aandeel = ratio_share(n.aandeel)
        rijen.append(
            {
                "Norm": n.naam,
                "Teller": teller,
                "Noemer": noemer,
                "Aandeel": aandeel,
                "Minimum": percent_short(n.minimum),
                "Gehaald": yes_no(n.gehaald),
            }
        )
    return _frame(rijen, ["Norm", "Teller", "Noemer", "Aandeel", "Minimum", "Gehaald"])


def table_smart(ev: Evaluation) -> pd.DataFrame:
    """One row per goal: which SMART elements it has (indicator, meetbaar, deadline, eigenaar)."""
    rijen = [
        {
            "Doel": s.doel,
            "Omschrijving": s.tekst,
            "Indicator": yes_no(s.indicator),
            "Meetbaar": yes_no(s.meetbaar),
            "Deadline": yes_no(s.deadline),
            "Eigenaar": yes_no(s.eigenaar),
            "Volledig SMART": yes_no(s.volledig),
        }
        for s in ev.smart
    ]
    kolommen = [
        "Doel",
        "Omschrijving",
        "Indicator",
        "Meetbaar",
        "Deadline",
        "Eigenaar",
        "Volledig SMART",
    ]
    return _frame(rijen, kolommen)


def table_progress(ev: Evaluation) -> pd.DataFrame:
    """One row per round up to the evaluated one: goals achieved, share and spend."""
    rijen = [
        {
            "Ronde": v.naam,
            "Peildatum": fmt.datum(v.peildatum),
            "Doelen behaald": f"{number_short(v.doelen_teller)} van {v.doelen_noemer}",
            "Aandeel behaald": share(v.doelen_aandeel),
            "Besteed": fmt.euro(v.besteed),
            "Voorbeelddata": yes_no(v.voorbeelddata),
        }
        for v in ev.voortgang
    ]
    kolommen = [
        "Ronde",
        "Peildatum",
        "Doelen behaald",
        "Aandeel behaald",
        "Besteed",
        "Voorbeelddata",
    ]
    return _frame(rijen, kolommen)


def numbers_status_per_thema(ev: Evaluation) -> pd.DataFrame:
    """Numeric goal counts: index = theme name, one integer column per status (for charts)."""
    data = {s: [t.aantallen.get(s, 0) for t in ev.per_thema] for s in GOAL_STATUSES}
    return pd.DataFrame(data, index=pd.Index([t.naam for t in ev.per_thema], name="thema"))


def numbers_budget_per_thema(ev: Evaluation) -> pd.DataFrame:
    """Numeric budget, spend and overrun per theme (for charts).

    Columns thema, budget, besteed and overschrijding; the overrun is BudgetThema.overschrijding
    (the sum of the overruns of the theme's activities), the figure of tabel_budget_per_thema.
    """
    rijen = [
        {
            "thema": t.naam,
            "budget": t.budget,
            "besteed": t.besteed,
            "overschrijding": t.overschrijding,
        }
        for t in ev.budget_per_thema
    ]
    kolommen = ["thema", "budget", "besteed", "overschrijding"]
    return pd.DataFrame(rijen, columns=kolommen, dtype=object)
