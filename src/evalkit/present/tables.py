"""Display-ready tables (pandas, string cells) and Markdown text made from an Evaluatie."""

from __future__ import annotations

import re

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
from evalkit.engine.rules import number_short, percent_short, value_text

EMPTY = fmt.EMPTY
_SIGN = {"hoger": "≥", "lager": "≤", "gelijk": "="}
_MD = re.compile(r"([\\`*_\[\]<>#|])")


def _frame(rijen: list[dict[str, str]], kolommen: list[str]) -> pd.DataFrame:
    """A DataFrame with the given columns, a clean RangeIndex and string cells only."""
    df = pd.DataFrame(rijen, columns=kolommen)
    return df.reset_index(drop=True).astype(object)


def yes_no(waarde: bool | None) -> str:
    """A yes/no cell: True -> 'ja', False -> 'nee', None -> '–'."""
    return EMPTY if waarde is None else ("ja" if waarde else "nee")


def _text(waarde: str | None) -> str:
    return waarde if waarde else EMPTY


def _md(tekst: str) -> str:
    """Escape Markdown characters so that text from the data shows literally."""
    return _MD.sub(r"\\\1", " ".join(str(tekst).split()))


def pct(aandeel: float | None) -> str:
    """A share with at most one decimal: 0.7142 -> '71,4%', 0.75 -> '75%', None -> '–'."""
    return EMPTY if aandeel is None else percent_short(round(aandeel, 3))


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
        rij |= {"Totaal": str(t.totaal), "Aandeel behaald": pct(t.aandeel)}
        rijen.append(rij)
    a = ev.aandeel_doelen
    totaal = {"Thema": "Totaal"} | {s: str(ev.per_status.get(s, 0)) for s in GOAL_STATUSES}
    totaal |= {"Totaal": str(len(ev.doelen)), "Aandeel behaald": pct(a.aandeel)}
    rijen.append(totaal)
    return _frame(rijen, ["Thema", *GOAL_STATUSES, "Totaal", "Aandeel behaald"])


def _overrun(a: ActivityOutcome) -> tuple[str, str]:
    if a.overschrijding is None:
        return EMPTY, EMPTY
    if a.overschrijding == 0:
        return "geen", EMPTY
    fractie = a.overschrijding_fractie
    return fmt.euro(a.overschrijding), EMPTY if fractie is None else pct(fractie)


def table_budget(ev: Evaluation) -> pd.DataFrame:
    """Activities with a budget of their own or recorded spend: budget, spend, overrun (€ and %).

    Activities without either are not rows here; zonder_budget_markdown lists them by id and
    tabel_activiteiten shows every activity with its status.
    """
    rijen = []
    for a in ev.activiteiten:
        if a.budget is None and a.besteed is None:
            continue
        euro, pct = _overrun(a)
        rijen.append(
            {
                "Activiteit": a.id,
                "Omschrijving": a.omschrijving,
                "Thema": a.thema,
                "Budget": "geen eigen budget" if a.budget is None else fmt.euro(a.budget),
                "Besteed": fmt.euro(a.besteed),
                "Overschrijding": euro,
                "Overschrijding %": pct,
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


def without_budget_markdown(ev: Evaluation) -> str:
    """The activities without a budget of their own, listed by id (listed, not hidden)."""
    if not ev.zonder_budget:
        return "Alle activiteiten hebben een eigen budget."
    n = len(ev.zonder_budget)
    woord = "activiteit heeft" if n == 1 else "activiteiten hebben"
    return (
        f"{n} {woord} geen eigen budget in het jaarplan: {', '.join(ev.zonder_budget)}. "
        "Hun kosten vallen onder een begrotingsonderdeel of onder het budget van scholen en "
        "besturen; ze staan met hun status in de tabel van alle activiteiten."
    )


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
        tekst += f" ({'+' if rel > 0 else ''}{pct(rel)})"
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
            aandeel = EMPTY if n.aandeel is None else fmt.percent(n.aandeel, 1)
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
            "Aandeel behaald": pct(v.doelen_aandeel),
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


def example_data_message(ev: Evaluation) -> str:
    """A Markdown notice when the round holds invented example data, else ''."""
    if not ev.voorbeelddata:
        return ""
    tekst = (
        f"> **Let op: voorbeelddata.** De realisatiecijfers van {_md(ev.ronde.naam)} zijn "
        "verzonnen ter illustratie en zeggen niets over de werkelijke uitvoering van het jaarplan."
    )
    if ev.ronde.toelichting:
        tekst += f" {_md(ev.ronde.toelichting)}"
    return tekst


def _paragraph_goals(ev: Evaluation) -> str:
    a = ev.aandeel_doelen
    norm = percent_short(ev.norm_doelen)
    if a.aandeel is None:
        return (
            f"**Doelen.** Er zijn nog geen doelen te beoordelen, dus de norm van {norm} "
            "behaalde doelen is nog niet te toetsen."
        )
    oordeel = "gehaald" if ev.norm_doelen_gehaald else "niet gehaald"
    deels = ev.per_status.get("deels behaald", 0)
    beoordeeld = "1 beoordeeld doel" if a.noemer == 1 else f"de {a.noemer} beoordeelde doelen"
    zin = (
        f"**Doelen: norm {oordeel}.** Van {beoordeeld} is "
        f"{pct(a.aandeel)} behaald ({number_short(a.teller)} van {a.noemer}); de norm is "
        f"ten minste {norm}."
    )
    if deels:
        weging = {0.0: "telt niet mee", 1.0: "telt volledig mee"}.get(
            ev.deels_behaald_telt, f"telt voor {number_short(ev.deels_behaald_telt)} mee"
        )
        zin += f" {deels} {'doel is' if deels == 1 else 'doelen zijn'} deels behaald; dat {weging}."
    buiten = [
        f"{a.aantallen[s]} {s}"
        for s in ("nog niet te beoordelen", "vervallen")
        if a.aantallen.get(s, 0)
    ]
    if buiten:
        zin += f" Niet meegeteld: {' en '.join(buiten)}."
    return zin


def _paragraph_budget(ev: Evaluation) -> str:
    if ev.budget_totaal is None:
        zin = "**Budget.** Geen enkele activiteit heeft een eigen budget in het jaarplan"
        return zin + (f"; besteed is {fmt.euro(ev.besteed_totaal)}." if ev.besteed_totaal else ".")
    zin = (
        f"**Budget.** Begroot is {fmt.euro(ev.budget_totaal)} (activiteiten met een eigen "
        f"budget); besteed is {fmt.euro(ev.besteed_totaal)}."
    )
    n = len(ev.overschreden)
    if n:
        zin += f" {n} {'activiteit gaat' if n == 1 else 'activiteiten gaan'} over het budget heen."
    else:
        zin += " Geen activiteit gaat over haar budget heen."
    if ev.zonder_budget:
        m = len(ev.zonder_budget)
        zin += f" {m} {'activiteit heeft' if m == 1 else 'activiteiten hebben'} geen eigen budget."
    return zin


def _paragraph_hours(ev: Evaluation) -> str | None:
    if not ev.projecten:
        return None
    norm = percent_short(ev.norm_uren)
    if ev.aandeel_binnen_uren is None:
        return (
            f"**Uren.** Van geen enkel project zijn toegewezen én bestede uren bekend, dus de "
            f"norm van {norm} projecten binnen de uren is niet te toetsen."
        )
    oordeel = "gehaald" if ev.norm_uren_gehaald else "niet gehaald"
    binnen = sum(p.binnen_uren is True for p in ev.projecten)
    bekend = sum(p.binnen_uren is not None for p in ev.projecten)
    projecten = "1 project" if bekend == 1 else f"de {bekend} projecten"
    return (
        f"**Uren: norm {oordeel}.** {binnen} van {projecten} "
        f"({pct(ev.aandeel_binnen_uren)}) {'bleef' if binnen == 1 else 'bleven'} binnen de "
        f"toegewezen uren; de norm is ten minste {norm}."
    )


HIDDEN_SHARE = (
    f"niet getoond, omdat het op een aantal van minder dan {privacy.THRESHOLD} leerlingen berust"
)


def _norm_share(n: ExtraNormOutcome, publiek: bool) -> str:
    """The share of a ratio norm as text; in public output hidden as privacy.ratio_weergave says."""
    if publiek and privacy.ratio_display(n.teller, n.noemer, n.aandeel).verborgen:
        return HIDDEN_SHARE
    return EMPTY if n.aandeel is None else fmt.percent(n.aandeel, 1)


def summary_markdown(ev: Evaluation, publiek: bool = False) -> str:
    """The management summary in plain Dutch: one short paragraph per norm.

    The example-data notice comes first when the round holds example data. With publiek=True
    the share of a ratio norm is not shown when privacy.ratio_weergave hides a count of it
    (it would reveal the count). Counts of 1 read in the singular ('1 beoordeeld doel').
    """
    alineas = []
    if ev.voorbeelddata:
        alineas.append(example_data_message(ev))
    alineas.append(
        f"Deze samenvatting betreft {_md(ev.plan.naam)}, {_md(ev.ronde.naam)} "
        f"(peildatum {fmt.datum(ev.ronde.peildatum)})."
    )
    alineas.append(_paragraph_goals(ev))
    alineas.append(_paragraph_budget(ev))
    uren = _paragraph_hours(ev)
    if uren:
        alineas.append(uren)
    for n in ev.extra_normen:
        norm = percent_short(n.minimum)
        if n.aandeel is None:
            alineas.append(
                f"**{_md(n.naam)}: niet te beoordelen.** De gegevens voor deze norm (ten minste "
                f"{norm}) ontbreken in deze ronde."
            )
        else:
            oordeel = "gehaald" if n.gehaald else "niet gehaald"
            alineas.append(
                f"**{_md(n.naam)}: norm {oordeel}.** Het aandeel is {_norm_share(n, publiek)}; "
                f"de norm is ten minste {norm}."
            )
    if ev.aandeel_smart is not None:
        volledig = sum(s.volledig for s in ev.smart)
        doelen = "1 doel" if len(ev.smart) == 1 else f"de {len(ev.smart)} doelen"
        alineas.append(
            f"**SMART.** {volledig} van {doelen} ({pct(ev.aandeel_smart)}) "
            f"{'is' if volledig == 1 else 'zijn'} volledig SMART geformuleerd: met indicator, "
            "meetbare streefwaarde, deadline en eigenaar."
        )
    return "\n\n".join(alineas)


def _goal_line(d: GoalOutcome, publiek: bool) -> str:
    uitleg = d.uitleg
    if publiek and privacy.has_small_count(d.eenheid, d.waarde, d.nulmeting):
        uitleg = f"de waarde wordt niet getoond (minder dan {privacy.THRESHOLD} leerlingen)"
    regel = f"- **{d.id}** {_md(d.tekst)} — {_md(uitleg)}."
    if d.toelichting:
        regel += f" _{_md(d.toelichting)}_"
    return regel


def lessons_markdown(ev: Evaluation, publiek: bool = False) -> str:
    """What the evaluation means for the next jaarplan, as Markdown lists.

    Lists every goal niet behaald, deels behaald or nog niet te beoordelen, every budget
    overrun, every project over its hours and every plan-specific norm not met. With
    publiek=True the explanation of a goal counted in pupils is left out when it would show a
    count from 1 to 4, and the share of a norm is left out when privacy.ratio_weergave hides a
    count of it.
    """
    delen = []
    groepen = [
        ("niet behaald", "Niet behaalde doelen"),
        ("deels behaald", "Deels behaalde doelen"),
        ("nog niet te beoordelen", "Doelen die nog niet te beoordelen zijn"),
    ]
    for status, kop in groepen:
        doelen = [d for d in ev.doelen if d.status == status]
        if doelen:
            delen.append(
                f"**{kop} ({len(doelen)})**\n\n" + "\n".join(_goal_line(d, publiek) for d in doelen)
            )
    over = [a for a in ev.activiteiten if a.id in ev.overschreden]
    if over:
        regels = []
        for a in over:
            deel = "" if a.overschrijding_fractie is None else f", {pct(a.overschrijding_fractie)}"
            regels.append(
                f"- **{a.id}** {_md(a.omschrijving)} — besteed {fmt.euro(a.besteed)} van "
                f"{fmt.euro(a.budget)}: {fmt.euro(a.overschrijding)} over het budget{deel}."
            )
        delen.append(f"**Budgetoverschrijdingen ({len(over)})**\n\n" + "\n".join(regels))
    uren = [p for p in ev.projecten if p.binnen_uren is False]
    if uren:
        regels = [
            f"- **{p.id}** {_md(p.omschrijving)} — {value_text(p.uren_besteed)} uur besteed "
            f"van {value_text(p.uren)} toegewezen."
            for p in uren
        ]
        delen.append(
            f"**Projecten boven de toegewezen uren ({len(uren)})**\n\n" + "\n".join(regels)
        )
    normen = [n for n in ev.extra_normen if n.gehaald is False]
    if normen:
        regels = [
            f"- {_md(n.naam)}: {_norm_share(n, publiek)}, norm ten minste "
            f"{percent_short(n.minimum)}."
            for n in normen
        ]
        delen.append("**Normen die niet gehaald zijn**\n\n" + "\n".join(regels))
    if not delen:
        return (
            "Alle beoordeelde doelen zijn behaald, er zijn geen budgetoverschrijdingen en geen "
            "projecten boven de uren."
        )
    return "\n\n".join(delen)
