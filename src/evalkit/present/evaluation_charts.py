"""The charts of an evaluation (used by the notebooks), and the indicator series behind them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
from matplotlib.figure import Figure

from evalkit import fmt
from evalkit.engine import privacy
from evalkit.present import tables
from evalkit.present.charts import (
    euro_formatter,
    mark_example_data,
    number_formatter,
    number_tick,
    percent_formatter,
    plot_budget_per_thema,
    plot_categories,
    plot_comparison,
    plot_indicators,
    plot_status_per_thema,
)
from evalkit.present.numbers import share, value_text

if TYPE_CHECKING:
    from evalkit.data.model import Jaarplan
    from evalkit.engine.evaluate import Evaluation


def figure_status_per_thema(ev: Evaluation) -> Figure:
    """Chart of goal counts per status for each theme of an Evaluatie (marked if example data)."""
    fig = plot_status_per_thema(tables.numbers_status_per_thema(ev))
    return mark_example_data(fig, ev.voorbeelddata)


def figure_budget_per_thema(ev: Evaluation) -> Figure | None:
    """Chart of budget against spend and overrun per theme; None without any budget or spend.

    The overrun per theme is BudgetThema.overschrijding, the same figure as in the budget table.
    """
    df = tables.numbers_budget_per_thema(ev)
    if df["budget"].isna().all() and df["besteed"].isna().all():
        return None
    return mark_example_data(plot_budget_per_thema(df), ev.voorbeelddata)


def _table_texts(ev: Evaluation) -> dict[str, dict[str, str]]:
    """The suppressed texts of the public indicator table (tables.indicator_texts)."""
    return tables.indicator_texts(ev)


def _hidden_measurements(plan: Jaarplan, ev: Evaluation, metingen: list[Any]) -> set[int]:
    """Positions in `metingen` of the values public output must not show.

    A value is hidden when it is a pupil count from 1 to 4; when, paired with the other count
    of a ratio norm measured on the same date or in the same round, privacy.ratio_weergave hides
    it; or when the indicator table of the evaluation hides it as current or previous value.
    """
    leerlingen = {i.id for i in plan.indicatoren if privacy.is_leerlingen(i.eenheid)}
    uit = {
        k
        for k, m in enumerate(metingen)
        if m.indicator in leerlingen and privacy.is_small(m.waarde)
    }
    for norm in plan.normen.extra:
        tellers = [(k, m) for k, m in enumerate(metingen) if m.indicator == norm.teller]
        noemers = [(k, m) for k, m in enumerate(metingen) if m.indicator == norm.noemer]
        for kt, t in tellers:
            for kn, n in noemers:
                if t.peildatum != n.peildatum and (t.ronde is None or t.ronde != n.ronde):
                    continue
                r = privacy.ratio_display(t.waarde, n.waarde)
                if privacy.is_hidden(r.teller):
                    uit.add(kt)
                if privacy.is_hidden(r.noemer):
                    uit.add(kn)
    teksten = _table_texts(ev)
    for i in ev.indicatoren:
        tekst = teksten.get(i.id)
        if not tekst:
            continue
        for sleutel, peildatum, waarde in (
            ("waarde", i.peildatum, i.waarde),
            ("vorige", i.vorige_peildatum, i.vorige_waarde),
        ):
            if privacy.is_hidden(tekst[sleutel]):
                uit |= {
                    k
                    for k, m in enumerate(metingen)
                    if m.indicator == i.id and m.peildatum == peildatum and m.waarde == waarde
                }
    return uit


def indicator_series(plan: Jaarplan, ev: Evaluation, publiek: bool = False) -> list[dict]:
    """Every known value of each indicator up to the evaluated round, oldest first.

    Values come from the jaarplan (indicatorwaarden.csv, bron 'jaarplan') and from each round
    up to and including the evaluated one (bron = round name). With publiek=True every value
    the indicator table hides is left out (they may not be published, not even as a point in a
    chart): pupil counts from 1 to 4, counts that with the other count of a ratio norm would
    reveal a small number, and a baseline (nulmeting) the table shows as '<5' or '×', which
    then is None. 'weggelaten' counts the points left out.
    """
    rondes = list(plan.rondes.values())
    ids = [r.id for r in rondes]
    tot = ids.index(ev.ronde.id) + 1 if ev.ronde.id in ids else len(ids)
    metingen = list(plan.indicatorwaarden)
    bronnen = ["jaarplan"] * len(metingen)
    for r in rondes[:tot]:
        metingen += r.metingen
        bronnen += [r.naam] * len(r.metingen)
    verborgen = _hidden_measurements(plan, ev, metingen) if publiek else set()
    teksten = _table_texts(ev) if publiek else {}
    uit = []
    for ind in plan.indicatoren:
        punten = []
        weggelaten = 0
        for k, (m, bron) in enumerate(zip(metingen, bronnen, strict=True)):
            if m.indicator != ind.id:
                continue
            if k in verborgen:
                weggelaten += 1
                continue
            punten.append((m.peildatum, m.waarde, bron))
        punten.sort(key=lambda p: p[0])
        nulmeting = ind.nulmeting
        if privacy.is_hidden(teksten.get(ind.id, {}).get("nulmeting", "")):
            nulmeting = None
        uit.append(
            {
                "id": ind.id,
                "naam": ind.naam,
                "eenheid": ind.eenheid,
                "nulmeting": nulmeting,
                "streefwaarde": ind.streefwaarde,
                "richting": ind.richting,
                "punten": punten,
                "weggelaten": weggelaten,
            }
        )
    return uit


def table_indicator_series(reeksen: Sequence[dict]) -> pd.DataFrame:
    """The values behind the indicator chart as a table: one row per indicator and date.

    Shows exactly the points of `reeksen`, so with publiek reeksen (indicatorreeksen) the
    suppressed values are left out here as in the chart.
    """
    rijen = []
    for r in reeksen:
        for d, w, bron in r["punten"]:
            rijen.append(
                {
                    "Indicator": r["naam"],
                    "Peildatum": fmt.date_text(d),
                    "Waarde": value_text(w, r["eenheid"]),
                    "Vastgelegd in": bron,
                }
            )
    return pd.DataFrame(rijen, columns=["Indicator", "Peildatum", "Waarde", "Vastgelegd in"])


def figure_indicators(
    ev: Evaluation, plan: Jaarplan | None = None, publiek: bool = False, min_points: int = 1
) -> Figure | None:
    """Small multiples of the indicators over time with target and baseline.

    With the jaarplan given, every known value up to the round is drawn (indicatorreeksen);
    without it only the previous and the current value from the Evaluatie. With publiek=True
    the values the indicator table hides are not drawn (points and baseline). None when no
    indicator has a value to draw. Marked when the round holds example data. min_points leaves
    out the indicators with fewer points (a panel with one point shows no development).
    """
    if plan is not None:
        reeksen = indicator_series(plan, ev, publiek)
    else:
        teksten = _table_texts(ev) if publiek else {}
        reeksen = []
        for i in ev.indicatoren:
            tekst = teksten.get(i.id, {})
            punten = [
                (d, w, "")
                for d, w, sleutel in (
                    (i.vorige_peildatum, i.vorige_waarde, "vorige"),
                    (i.peildatum, i.waarde, "waarde"),
                )
                if d is not None and w is not None and not privacy.is_hidden(tekst.get(sleutel, ""))
            ]
            verborgen = privacy.is_hidden(tekst.get("nulmeting", ""))
            reeksen.append(
                {
                    "naam": i.naam,
                    "eenheid": i.eenheid,
                    "nulmeting": None if verborgen else i.nulmeting,
                    "streefwaarde": i.streefwaarde,
                    "richting": i.richting,
                    "punten": punten,
                }
            )
    reeksen = [r for r in reeksen if len(r["punten"]) >= min_points]
    fig = plot_indicators([{**r, "punten": [(d, w) for d, w, _ in r["punten"]]} for r in reeksen])
    return None if fig is None else mark_example_data(fig, ev.voorbeelddata)


# Fields of PlanCijfers that come from the jaarplan itself, never from (example) realisation.
PLAN_FIELDS = frozenset(
    {"doelen", "smart_volledig", "aandeel_smart", "activiteiten", "budget_totaal", "norm_doelen"}
)


def figure_comparison(
    cijfers: Sequence[Any],
    veld: str,
    huidig: str | None = None,
    soort: str = "procent",
    xlabel: str = "",
    norm: float | None = None,
) -> Figure:
    """Bars comparing jaarplannen (PlanCijfers) on one field; soort: procent, euro or getal.

    `huidig` is the id of the plan of this report; its bar is highlighted. The chart is marked
    as example data when the field comes from the realisation (not one of PLANVELDEN) and a
    plan with example data has a value for it.
    """
    formatter = {"procent": percent_formatter, "euro": euro_formatter}.get(
        soort, number_formatter
    )()
    namen = [c.naam for c in cijfers]
    huidig_naam = next((c.naam for c in cijfers if c.plan_id == huidig), None)
    waarden = [getattr(c, veld) for c in cijfers]
    waarde_label = {
        "procent": share,
        "euro": fmt.euro,
    }.get(soort, number_tick)
    maximum = 1.0 if soort == "procent" else None
    fig = plot_comparison(
        namen, waarden, huidig_naam, formatter, xlabel, norm, waarde_label, maximum
    )
    voorbeeld = veld not in PLAN_FIELDS and any(
        c.voorbeelddata and w is not None for c, w in zip(cijfers, waarden, strict=True)
    )
    return mark_example_data(fig, voorbeeld)


def figure_categories(
    df: pd.DataFrame, xlabel: str = "Aantal keer genoemd", voorbeelddata: bool = False
) -> Figure:
    """Chart of counted answer categories (columns categorie, aantal), marked if example data."""
    fig = plot_categories(list(df["categorie"]), list(df["aantal"]), xlabel)
    return mark_example_data(fig, voorbeelddata)
