"""Display-ready tables (pandas, string cells) made from an Evaluation; the prose is in text."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from evalkit import fmt
from evalkit.data.model import GOAL_STATUSES
from evalkit.engine import privacy
from evalkit.engine.evaluate import (
    ActivityOutcome,
    Evaluation,
    ExtraNormOutcome,
    GoalOutcome,
    IndicatorOutcome,
)
from evalkit.engine.outcomes import LongTermGoalOutcome
from evalkit.present.numbers import (
    number_short,
    percent_short,
    points,
    ratio_share,
    share,
    value_text,
    verdict,
)
from evalkit.present.statements import contradicted

# The management summary moved to present.text; build/book.py imports it from here.
from evalkit.present.text import summary_markdown as summary_markdown

EMPTY = fmt.EMPTY
_SIGN = {"hoger": "≥", "lager": "≤", "gelijk": "="}
GOAL_COLUMNS = ("Doel", "Omschrijving", "Thema", "Soort", "Status", "Waarde/gereed",
                "Streefwaarde", "Toelichting")  # fmt: skip
BUDGET_COLUMNS = ("Activiteit", "Omschrijving", "Thema", "Budget", "Besteed", "Overschrijding",
                  "Overschrijding %")  # fmt: skip
INDICATOR_COLUMNS = ("Indicator", "Eenheid", "Nulmeting", "Streefwaarde", "Vorige waarde",
                     "Vorige peildatum", "Waarde", "Peildatum", "Verandering",
                     "Streefwaarde gehaald")  # fmt: skip


def _frame(kolommen: Iterable[str], rijen: Iterable[Iterable[str]]) -> pd.DataFrame:
    """A table of string cells: one tuple of cells per row, in the order of the columns."""
    df = pd.DataFrame([tuple(r) for r in rijen], columns=list(kolommen))
    return df.reset_index(drop=True).astype(object)


def yes_no(waarde: bool | None) -> str:
    """A yes/no cell: True -> 'ja', False -> 'nee', None -> '–'."""
    return EMPTY if waarde is None else ("ja" if waarde else "nee")


def _text(waarde: str | None) -> str:
    return waarde if waarde else EMPTY


def _count(waarde: float | None, eenheid: str | None, publiek: bool) -> str:
    """A value with its unit; pupil counts are suppressed below 5 when publiek."""
    if publiek and privacy.is_leerlingen(eenheid):
        tekst = privacy.suppress_count(waarde)
        return tekst if tekst == EMPTY else f"{tekst} leerlingen"
    return value_text(waarde, eenheid)


def _status(d: GoalOutcome) -> str:
    # Name the derived status only where it contradicts the manual one (a warning).
    if contradicted(d):
        return f"{d.status} (afgeleid: {d.afgeleid_status})"
    return d.status


def _streefwaarde(waarde: float | None, richting: str | None, eenheid: str | None) -> str:
    """A target with the sign of its direction: '≥ 75%', '≤ 40 leerlingen'.

    A target of zero for a lower-is-better goal is simply '0': counts, shares and amounts
    cannot go below zero, so '≤ 0' would read as a typo.
    """
    if waarde is None:
        return EMPTY
    if waarde == 0 and richting == "lager":
        return value_text(waarde, eenheid)
    return f"{_SIGN.get(richting or '', '')} {value_text(waarde, eenheid)}".strip()


def _value_or_done(d: GoalOutcome, publiek: bool) -> str:
    if d.soort == "mijlpaal":
        return fmt.date_text(d.datum_gereed) if d.datum_gereed else "nog niet gereed"
    if d.soort == "numeriek":
        return _count(d.waarde, d.eenheid, publiek)
    return EMPTY


def _target(d: GoalOutcome, publiek: bool) -> str:
    if d.soort == "mijlpaal":
        return f"gereed uiterlijk {fmt.date_text(d.deadline)}" if d.deadline else "geen deadline"
    if d.soort == "numeriek" and d.streefwaarde is not None:
        return _streefwaarde(d.streefwaarde, d.richting, d.eenheid)
    if d.soort == "numeriek" and d.richting and d.nulmeting is not None:
        woord = "gelijk aan" if d.richting == "gelijk" else f"{d.richting} dan"
        return f"{woord} de nulmeting ({_count(d.nulmeting, d.eenheid, publiek)})"
    return EMPTY


def table_goals(ev: Evaluation, publiek: bool = False) -> pd.DataFrame:
    """One row per goal: id, text, theme id, kind, status, value or completion date, target, note.

    When the manual status differs from the derived one, the status cell names both. With
    publiek=True, values of goals counted in pupils are suppressed below 5.
    """
    return _frame(
        GOAL_COLUMNS,
        (
            (d.id, d.tekst, d.thema, d.soort, _status(d), _value_or_done(d, publiek),
             _target(d, publiek), _text(d.toelichting))
            for d in ev.doelen
        ),
    )  # fmt: skip


def table_goals_per_thema(ev: Evaluation) -> pd.DataFrame:
    """Goal counts per status for every theme, the share achieved, and a total row."""

    def rij(naam: str, aantallen: dict[str, int], totaal: int, aandeel: float | None):
        return (
            naam,
            *(str(aantallen.get(s, 0)) for s in GOAL_STATUSES),
            str(totaal),
            share(aandeel),
        )

    rijen = [rij(f"{t.thema} {t.naam}", t.aantallen, t.totaal, t.aandeel) for t in ev.per_thema]
    rijen.append(rij("Totaal", ev.per_status, len(ev.doelen), ev.aandeel_doelen.aandeel))
    return _frame(("Thema", *GOAL_STATUSES, "Totaal", "Aandeel behaald"), rijen)


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
    return _frame(
        BUDGET_COLUMNS,
        (
            (a.id, a.omschrijving, a.thema,
             "geen eigen budget" if a.budget is None else fmt.euro(a.budget),
             fmt.euro(a.besteed), *_overrun(a))
            for a in ev.activiteiten
            if a.budget is not None or a.besteed is not None
        ),
    )  # fmt: skip


def table_activities(ev: Evaluation) -> pd.DataFrame:
    """Every activity with its budget line, status and explanation in this round."""
    return _frame(
        ("Activiteit", "Omschrijving", "Thema", "Begrotingsonderdeel", "Status", "Toelichting"),
        (
            (a.id, a.omschrijving, a.thema, _text(a.begrotingsonderdeel), _text(a.status),
             _text(a.toelichting))
            for a in ev.activiteiten
        ),
    )  # fmt: skip


def completion(activiteiten: Iterable[ActivityOutcome]) -> tuple[int, int]:
    """(completed, counted): status 'afgerond' among the activities that are not 'vervallen'.

    An activity without a status in the round counts as not completed.
    """
    geteld = [a for a in activiteiten if a.status != "vervallen"]
    return sum(a.status == "afgerond" for a in geteld), len(geteld)


def _done_text(klaar: int, geteld: int) -> tuple[str, str]:
    return f"{klaar} van {geteld}", share(klaar / geteld if geteld else None)


def table_themes(ev: Evaluation) -> pd.DataFrame:
    """Per theme (and in total) the goals achieved and the activities completed, with shares."""
    per_thema: dict[str, list[ActivityOutcome]] = {}
    namen: dict[str, str] = {}
    for a in ev.activiteiten:
        per_thema.setdefault(a.thema, []).append(a)
        namen[a.thema] = a.thema_naam
    rijen = []
    themas = [(t.thema, t.naam) for t in ev.per_thema]
    themas += [(k, namen[k]) for k in per_thema if k not in {t for t, _ in themas}]
    doelen = {t.thema: t for t in ev.per_thema}
    for thema, naam in themas:
        t = doelen.get(thema)
        behaald = (
            (f"{t.aantallen.get('behaald', 0)} van {t.totaal}", share(t.aandeel))
            if t
            else (EMPTY, EMPTY)
        )
        klaar = _done_text(*completion(per_thema.get(thema, [])))
        rijen.append((f"{thema} {naam}", *behaald, *klaar))
    rijen.append(
        ("Totaal", f"{ev.per_status.get('behaald', 0)} van {len(ev.doelen)}",
         share(ev.aandeel_doelen.aandeel), *_done_text(*completion(ev.activiteiten)))
    )  # fmt: skip
    return _frame(
        ("Thema", "Doelen behaald", "Aandeel behaald", "Activiteiten afgerond", "Aandeel afgerond"),
        rijen,
    )


def completion_markdown(ev: Evaluation) -> str:
    """One sentence on the share of activities completed (Markdown)."""
    klaar, geteld = completion(ev.activiteiten)
    if not geteld:
        return "Het jaarplan heeft geen activiteiten die in deze ronde meetellen."
    vervallen = len(ev.activiteiten) - geteld
    extra = f" ({vervallen} vervallen activiteiten tellen niet mee)" if vervallen else ""
    return (
        f"Van de {geteld} activiteiten {'is' if klaar == 1 else 'zijn'} er {klaar} afgerond "
        f"({share(klaar / geteld)}){extra}; "
        "een activiteit zonder status telt als niet afgerond."
    )


def id_ranges(ids: Iterable[str]) -> str:
    """Ids with runs of consecutive numbers shortened: 'D01, D02, D03, D05' -> 'D01–D03, D05'."""
    delen: list[list[str]] = []
    vorige: tuple[str, int] | None = None
    for i in ids:
        m = re.fullmatch(r"(\D*)(\d+)", i)
        sleutel = (m.group(1), int(m.group(2))) if m else None
        if sleutel and vorige and sleutel == (vorige[0], vorige[1] + 1) and delen:
            delen[-1][1:] = [i]
        else:
            delen.append([i])
        vorige = sleutel
    return ", ".join("–".join(d) for d in delen) or EMPTY


def _with_note(tekst: str, toelichting: str | None) -> str:
    return f"{tekst} Toelichting: {toelichting}" if toelichting else tekst


def table_activities_detail(ev: Evaluation, wanneer: dict[str, str | None]) -> pd.DataFrame:
    """Every activity with who, when, the goals it serves and its status (with explanation).

    wanneer maps activity id -> the plan's 'wanneer' text (the evaluation does not carry it).
    Who and when go into the description cell: as columns of their own, long 'wie' texts
    were squeezed to a word per line on A4.
    """
    return _frame(
        ("Activiteit", "Omschrijving, wie en wanneer", "Doelen", "Status"),
        (
            (a.id, _with_note(_who_when(a.omschrijving, a.wie, wanneer.get(a.id)), a.toelichting),
             id_ranges(a.doelen), _text(a.status))
            for a in ev.activiteiten
        ),
    )  # fmt: skip


def _who_when(omschrijving: str, wie: str | None, wanneer: str | None) -> str:
    """'omschrijving Wie: x. Wanneer: y.' with the parts the plan gives."""
    delen = [omschrijving.rstrip()]
    if wie:
        delen.append(f"Wie: {wie.rstrip('.')}.")
    if wanneer:
        delen.append(f"Wanneer: {wanneer.rstrip('.')}.")
    return " ".join(delen)


def table_goals_detail(ev: Evaluation, publiek: bool = False) -> pd.DataFrame:
    """Every goal with status, value, target and the activities that serve it."""
    dienend: dict[str, list[str]] = {}
    for a in ev.activiteiten:
        for doel in a.doelen:
            dienend.setdefault(doel, []).append(a.id)
    return _frame(
        ("Doel", "Omschrijving", "Status", "Waarde/gereed", "Streefwaarde", "Activiteiten"),
        (
            (d.id, _with_note(d.tekst, d.toelichting), _status(d), _value_or_done(d, publiek),
             _target(d, publiek), id_ranges(dienend.get(d.id, [])))
            for d in ev.doelen
        ),
    )  # fmt: skip


def table_indicators_short(ev: Evaluation, publiek: bool = False) -> pd.DataFrame:
    """The indicator table of the body: fewer columns (the full table is in the appendix)."""
    df = table_indicators(ev, publiek=publiek)
    kolommen = ["Indicator", "Nulmeting", "Streefwaarde", "Waarde", "Peildatum",
                "Streefwaarde gehaald"]  # fmt: skip
    return df[kolommen].rename(columns={"Streefwaarde gehaald": "Gehaald"})


def table_budget_per_thema(ev: Evaluation) -> pd.DataFrame:
    """Budget (activities with a budget), spend (all activities) and overrun per theme, + total."""

    def rij(naam, budget, besteed, over, n, zonder) -> tuple[str, ...]:
        te_veel = fmt.euro(round(over, 2)) if over else "geen"
        return (naam, fmt.euro(budget), fmt.euro(besteed), te_veel, str(n), str(zonder))

    rijen = [
        rij(f"{t.thema} {t.naam}", t.budget, t.besteed, t.overschrijding, t.activiteiten,
            t.zonder_budget)
        for t in ev.budget_per_thema
    ]  # fmt: skip
    over = sum(t.overschrijding for t in ev.budget_per_thema)
    rijen.append(
        rij("Totaal", ev.budget_totaal, ev.besteed_totaal, over, len(ev.activiteiten),
            len(ev.zonder_budget))
    )  # fmt: skip
    return _frame(
        ("Thema", "Budget", "Besteed", "Overschrijding", "Activiteiten", "Zonder eigen budget"),
        rijen,
    )


def table_hours(ev: Evaluation) -> pd.DataFrame:
    """One row per project: allocated hours, hours spent and whether it stayed within them."""
    return _frame(
        ("Project", "Omschrijving", "Uren", "Uren besteed", "Binnen de uren"),
        (
            (p.id, p.omschrijving, value_text(p.uren), value_text(p.uren_besteed),
             yes_no(p.binnen_uren))
            for p in ev.projecten
        ),
    )  # fmt: skip


def _change(i: IndicatorOutcome) -> str:
    if i.verandering is None:
        return EMPTY
    if i.eenheid == "%":
        return points(i.verandering)
    tekst = f"{'+' if i.verandering > 0 else ''}{number_short(i.verandering)}"
    rel = i.verandering_relatief
    if rel is not None:
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
        streef = _streefwaarde(i.streefwaarde, i.richting, eenheid)
        rijen.append(
            (i.naam, i.eenheid, nul, streef, vorig, fmt.date_text(i.vorige_peildatum), nu,
             fmt.date_text(i.peildatum), verandering, yes_no(i.streefwaarde_gehaald))
        )  # fmt: skip
    return _frame(INDICATOR_COLUMNS, rijen)


def table_extra_norms(ev: Evaluation, publiek: bool = False) -> pd.DataFrame:
    """One row per plan-specific ratio norm: teller, noemer, share, minimum and verdict.

    With publiek=True teller and noemer (pupil counts) are suppressed with
    privacy.ratio_display: a small teller shows as '<5', a teller whose rest (noemer minus
    teller) is small as '×', and the share is then hidden ('×'), because with the shown
    noemer it would reveal the suppressed count. A shown share is worded by ratio_share.
    """
    rijen = []
    for n in ev.extra_normen:
        teller, noemer, aandeel = ratio_texts(n, publiek)
        rijen.append((n.naam, teller, noemer, aandeel, percent_short(n.minimum), yes_no(n.gehaald)))
    return _frame(("Norm", "Teller", "Noemer", "Aandeel", "Minimum", "Gehaald"), rijen)


def ratio_texts(n: ExtraNormOutcome, publiek: bool) -> tuple[str, str, str]:
    """(teller, noemer, share) texts of a ratio norm; suppressed with privacy.ratio_display
    when publiek (a hidden share shows as '×'), the share worded by ratio_share."""
    if not publiek:
        return value_text(n.teller), value_text(n.noemer), ratio_share(n.aandeel)
    r = privacy.ratio_display(n.teller, n.noemer, n.aandeel)
    return r.teller, r.noemer, privacy.SECONDARY if r.verborgen else ratio_share(n.aandeel)


def table_smart(ev: Evaluation) -> pd.DataFrame:
    """One row per goal: which SMART elements it has (indicator, meetbaar, deadline, eigenaar)."""
    return _frame(
        ("Doel", "Omschrijving", "Indicator", "Meetbaar", "Deadline", "Eigenaar",
         "Volledig SMART"),
        (
            (s.doel, s.tekst, *(yes_no(v) for v in (s.indicator, s.meetbaar, s.deadline,
                                                    s.eigenaar, s.volledig)))
            for s in ev.smart
        ),
    )  # fmt: skip


def table_progress(ev: Evaluation) -> pd.DataFrame:
    """One row per round up to the evaluated one: goals achieved, share and spend."""
    return _frame(
        ("Ronde", "Peildatum", "Doelen behaald", "Aandeel behaald", "Besteed", "Voorbeelddata"),
        (
            (v.naam, fmt.date_text(v.peildatum), f"{number_short(v.doelen_teller)} van "
             f"{v.doelen_noemer}", share(v.doelen_aandeel), fmt.euro(v.besteed),
             yes_no(v.voorbeelddata))
            for v in ev.voortgang
        ),
    )  # fmt: skip


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


# The plan norms a long-term goal can be measured by, in words.
NORM_LABELS = {
    "doelen_behaald": "doelen behaald",
    "projecten_binnen_uren": "projecten binnen de uren",
}


def linked_goals_text(lt: LongTermGoalOutcome) -> str:
    """The yearly goals serving a long-term goal with their status: 'D01 behaald; D02 ...'."""
    return "; ".join(f"{g.id} {g.status}" for g in lt.doelen) or EMPTY


def linked_norms_text(lt: LongTermGoalOutcome) -> str:
    """The norms measuring a long-term goal: 'doelen behaald 72% (norm 75%: niet gehaald)'."""
    return (
        "; ".join(
            f"{NORM_LABELS.get(n.naam, n.naam)} {share(n.aandeel)} "
            f"(norm {percent_short(n.norm)}: {verdict(n.gehaald)})"
            for n in lt.normen
        )
        or EMPTY
    )


def table_long_term_goals(ev: Evaluation) -> pd.DataFrame:
    """One row per long-term goal: theme, horizon, the yearly goals serving it with their
    status, and the plan norms that measure it."""
    themas = {t.thema: t.naam for t in ev.per_thema}
    return _frame(
        ("Langetermijndoel", "Thema", "Horizon", "Jaardoelen en status", "Gemeten met norm"),
        (
            (f"{lt.id} {lt.tekst}", themas.get(lt.thema, lt.thema), _text(lt.horizon),
             linked_goals_text(lt), linked_norms_text(lt))
            for lt in ev.langetermijndoelen
        ),
    )  # fmt: skip


def table_budget_lines(ev: Evaluation) -> pd.DataFrame:
    """One row per begrotingsonderdeel: the activities charged to it, budget against spend.

    The column Toelichting is there when the round gives a toelichting on some onderdeel.
    """
    toelichting = any(o.toelichting for o in ev.begroting)
    return _frame(
        ("Begrotingsonderdeel", "Activiteiten", "Begroting", "Besteed", "Verschil",
         "Binnen begroting", *(("Toelichting",) if toelichting else ())),
        (
            (o.begrotingsonderdeel, id_ranges(o.activiteiten), fmt.euro(o.bedrag),
             fmt.euro(o.besteed), fmt.euro(o.verschil), yes_no(o.binnen_begroting),
             *((_text(o.toelichting),) if toelichting else ()))
            for o in ev.begroting
        ),
    )  # fmt: skip
