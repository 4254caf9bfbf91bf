"""The figure style and charts: Dutch tick labels, colour/hatch mapping, plotted values, tables."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from evalkit import escape, fmt
from evalkit.data.load import load_jaarplan
from evalkit.data.model import GOAL_STATUSES
from evalkit.engine.evaluate import evaluate
from evalkit.present import chart_alt, charts, evaluation_charts, markdown, tables, text


@pytest.fixture(autouse=True)
def _sluit_figuren():
    yield
    plt.close("all")


def _tick_teksten(fig, as_="x"):
    fig.canvas.draw()
    ax = fig.axes[0]
    labels = ax.get_xticklabels() if as_ == "x" else ax.get_yticklabels()
    return [t.get_text() for t in labels]


# --- style and formatting ------------------------------------------------------------------


def test_stijl_sets_font_size_and_hashsalt():
    plt.rcdefaults()
    charts.style()
    rc = matplotlib.rcParams
    assert rc["font.sans-serif"][0] == "DejaVu Sans"
    assert tuple(rc["figure.figsize"]) == charts.FIGURE_SIZE
    assert rc["figure.dpi"] == charts.DPI
    assert rc["svg.hashsalt"] == "evalkit"


@pytest.mark.parametrize(
    ("waarde", "tekst"), [(100000, "€ 100.000"), (0, "€ 0"), (1234.4, "€ 1.234"), (-500, "-€ 500")]
)
def test_euro_formatter(waarde, tekst):
    assert charts.euro_formatter()(waarde, 0) == tekst


@pytest.mark.parametrize(("waarde", "tekst"), [(0.75, "75%"), (0.055, "5,5%"), (1, "100%")])
def test_procent_formatter(waarde, tekst):
    assert charts.percent_formatter()(waarde, 0) == tekst


@pytest.mark.parametrize(("waarde", "tekst"), [(1512, "1.512"), (2.5, "2,5"), (3.0, "3")])
def test_getal_formatter(waarde, tekst):
    assert charts.number_formatter()(waarde, 0) == tekst


def test_status_colours_and_hatches_are_distinct_for_every_status():
    assert set(charts.STATUS_COLOURS) == set(GOAL_STATUSES)
    assert set(charts.STATUS_HATCHING) == set(GOAL_STATUSES)
    assert len(set(charts.STATUS_COLOURS.values())) == len(GOAL_STATUSES)
    assert len(set(charts.STATUS_HATCHING.values())) == len(GOAL_STATUSES)
    for kleur in charts.STATUS_COLOURS.values():
        assert kleur in [*charts.OKABE_ITO.values(), charts.GREY]


# --- Markdown tables -----------------------------------------------------------------------


def test_markdown_tabel_escapes_and_aligns():
    df = pd.DataFrame(
        {
            "Naam": ["a|b", "kosten $1.000 + 35$", "*nadruk*"],
            "Budget": ["€ 1.000", "–", "€ 25"],
            "Aantal": [3, None, 1512.0],
        }
    )
    assert markdown.markdown_table(df).splitlines() == [
        "| Naam | Budget | Aantal |",
        "|---|---:|---:|",
        "| a\\|b | € 1.000 | 3 |",
        "| kosten \\$1.000 + 35\\$ | – | – |",
        "| \\*nadruk\\* | € 25 | 1.512 |",
    ]


def test_markdown_tabel_explicit_alignment_and_newlines():
    df = pd.DataFrame({"Tekst": ["twee\nregels"], "Ja": [True]})
    assert markdown.markdown_table(df, rechts=["Tekst"]).splitlines() == [
        "| Tekst | Ja |",
        "|---:|---|",
        "| twee regels | ja |",
    ]


# --- charts ---------------------------------------------------------------------------------


def test_status_chart_draws_the_counts_with_fixed_colours():
    aantallen = pd.DataFrame(
        {"behaald": [5, 0], "deels behaald": [2, 1], "niet behaald": [0, 3],
         "nog niet te beoordelen": [1, 0], "vervallen": [0, 0]},
        index=["Thema een", "Thema twee"],
    )  # fmt: skip
    fig = charts.plot_status_per_thema(aantallen)
    ax = fig.axes[0]
    balken = [p for p in ax.patches if p.get_width() > 0]
    breedtes = sorted((round(p.get_y(), 2), p.get_x(), p.get_width()) for p in balken)
    assert [b for _, _, b in breedtes] == [5, 2, 1, 1, 3]
    groen = [p for p in balken if mcolors.to_hex(p.get_facecolor()) == "#009e73"]
    assert [p.get_width() for p in groen] == [5]
    assert groen[0].get_hatch() in ("", None)
    teksten = sorted(t.get_text() for t in ax.texts)
    assert teksten == ["1", "1", "2", "3", "5"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(GOAL_STATUSES)


def test_budget_chart_euro_ticks_and_overrun_in_vermilion():
    df = pd.DataFrame(
        {
            "thema": ["A", "B", "C"],
            "budget": [200000, 20000, None],
            "besteed": [186450, 23750, 0],
            "overschrijding": [0.0, 3750.0, 0.0],
        }
    )
    fig = charts.plot_budget_per_thema(df)
    teksten = [t.get_text() for t in fig.axes[0].texts]
    assert "€ 186.450" in teksten
    assert "€ 23.750 (overschrijding € 3.750)" in teksten
    rood = [
        p
        for p in fig.axes[0].patches
        if mcolors.to_hex(p.get_facecolor()) == charts.OVERRUN_COLOUR.lower()
    ]
    assert [p.get_width() for p in rood] == [23750]
    ticks = _tick_teksten(fig)
    assert "€ 100.000" in ticks
    assert all(t.startswith("€ ") for t in ticks if t)


def test_indicator_chart_none_without_values_and_one_panel_per_indicator():
    assert charts.plot_indicators([{"naam": "x", "eenheid": "n", "punten": []}]) is None
    reeksen = [
        {"naam": "Aantal", "eenheid": "leerlingen", "punten": [(date(2023, 1, 1), 10),
                                                               (date(2024, 1, 1), 12)],
         "streefwaarde": 15},
        {"naam": "Aandeel", "eenheid": "%", "punten": [(date(2024, 1, 1), 0.18)]},
    ]  # fmt: skip
    fig = charts.plot_indicators(reeksen)
    zichtbaar = [ax for ax in fig.axes if ax.get_visible()]
    assert len(zichtbaar) == 2
    assert [t.get_text() for t in zichtbaar[0].texts] == ["10", "12"]
    assert [t.get_text() for t in zichtbaar[1].texts] == ["18%"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Gemeten", "Streefwaarde"]


def test_comparison_chart_highlights_current_plan():
    fig = charts.plot_comparison(
        ["Plan A", "Plan B"], [0.5, None], huidig="Plan B",
        formatter=charts.percent_formatter(), norm=0.75,
    )  # fmt: skip
    ax = fig.axes[0]
    balken = ax.patches[:2]
    assert [mcolors.to_hex(b.get_facecolor()) for b in balken] == [
        charts.OTHER_COLOUR.lower(),
        charts.CURRENT_COLOUR.lower(),
    ]
    assert balken[1].get_hatch() == "//"
    assert [t.get_text() for t in ax.texts] == ["50%", "geen gegevens", "norm 75%"]
    fig.canvas.draw()
    vet = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert vet == ["Plan B"]


def test_png_output_is_byte_identical_between_runs():
    def png():
        fig = charts.plot_categories(["Een", "Twee"], [3, 7], "Aantal")
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        return buf.getvalue()

    assert png() == png()


def test_style_sets_the_seaborn_theme_with_okabe_ito_and_dejavu_sans():
    plt.rcdefaults()
    charts.style()
    rc = matplotlib.rcParams
    kleuren = [mcolors.to_hex(c["color"]) for c in rc["axes.prop_cycle"]]
    assert kleuren == [k.lower() for k in charts.OKABE_ITO.values()]
    assert rc["font.sans-serif"][0] == "DejaVu Sans"
    assert rc["axes.grid"] and rc["svg.hashsalt"] == "evalkit"


def test_comparison_and_category_charts_are_seaborn_bars_and_byte_identical():
    def png(maak):
        fig = maak()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        return buf.getvalue()

    def vergelijking():
        return charts.plot_comparison(
            ["Plan A", "Plan B"], [0.84, 0.5], huidig="Plan A",
            formatter=charts.percent_formatter(), maximum=1.0,
        )  # fmt: skip

    assert png(vergelijking) == png(vergelijking)
    fig = vergelijking()
    # seaborn draws the bars at full saturation in the project's colours, axis 0 to 100%
    assert mcolors.to_hex(fig.axes[0].patches[0].get_facecolor()) == charts.CURRENT_COLOUR.lower()
    assert fig.axes[0].get_xlim() == (0.0, 1.0)
    fig.canvas.draw()
    assert _tick_teksten(fig)[-1] == "100%"


def test_indicator_chart_is_honest_zero_baseline_full_title_lower_is_better():
    naam = "Aantal dagen tussen de aanvraag TLV en plaatsing op een passende onderwijsplek"
    reeksen = [
        {"naam": naam, "eenheid": "dagen", "richting": "lager", "nulmeting": 1600,
         "punten": [(date(2023, 1, 1), 1512), (date(2024, 1, 1), 1480)]},
        {"naam": "Aandeel", "eenheid": "%", "punten": [(date(2024, 1, 1), 0.98)]},
    ]  # fmt: skip
    fig = charts.plot_indicators(reeksen)
    dagen, aandeel = [ax for ax in fig.axes if ax.get_visible()]
    assert dagen.get_ylim()[0] == 0
    assert aandeel.get_ylim() == (0.0, 1.0)
    titel = dagen.get_title(loc="left")
    assert "…" not in titel and "(lager is beter)" in titel
    assert titel.replace("\n", " ").startswith(naam)
    # the baseline the caption promises is drawn and in the legend
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Gemeten", "Nulmeting"]
    alt = chart_alt.alt_of(fig)
    assert naam + " (lager is beter): 1 januari 2023 1.512" in alt and "nulmeting 1.600" in alt


def test_every_chart_has_a_dutch_alt_text_that_describes_its_data():
    aantallen = pd.DataFrame({"behaald": [3, 0], "niet behaald": [1, 2]}, index=["A", "B"])
    assert chart_alt.alt_of(charts.plot_status_per_thema(aantallen)) == (
        "Gestapeld staafdiagram van de status van 6 doelen per thema. "
        "A: 3 behaald, 1 niet behaald. B: 2 niet behaald."
    )
    budget = pd.DataFrame(
        {"thema": ["A"], "budget": [1000.0], "besteed": [1200.0], "overschrijding": [200.0]}
    )
    assert chart_alt.alt_of(charts.plot_budget_per_thema(budget)) == (
        "Staafdiagram van budget en besteding per thema. "
        "A: budget € 1.000, besteed € 1.200, overschrijding € 200."
    )
    fig = charts.plot_comparison(
        ["Plan A", "Plan B"], [0.5, None], huidig="Plan B", xlabel="Aandeel behaald",
        formatter=charts.percent_formatter(), norm=0.75,
    )  # fmt: skip
    assert chart_alt.alt_of(fig) == (
        "Staafdiagram per jaarplan van aandeel behaald: Plan A 50%, "
        "Plan B (dit jaarplan) geen gegevens; norm 75%."
    )
    fig = charts.plot_categories(["Een", "Twee"], [3, 7], "Aantal keer genoemd")
    assert chart_alt.alt_of(fig) == "Staafdiagram, aantal keer genoemd: Een 3, Twee 7."
    gemarkeerd = evaluation_charts.figure_categories(
        pd.DataFrame({"categorie": ["a"], "aantal": [1]}), voorbeelddata=True
    )
    assert chart_alt.alt_of(gemarkeerd).endswith(chart_alt.EXAMPLE_DATA_SENTENCE)


def test_budget_comparison_hatches_the_current_plan_only():
    lang = pd.DataFrame(
        {"plan_id": ["a", "b", "b"], "naam": ["A", "B", "B"], "label": ["X", "X", "Y"],
         "budget": [100.0, 200.0, 50.0]}
    )  # fmt: skip
    fig = charts.plot_budget_comparison(lang, huidig="b")
    ax = fig.axes[0]
    gearceerd = sorted(p.get_width() for p in ax.patches if p.get_hatch() == "//")
    assert gearceerd == [50.0, 200.0]
    assert sorted(t.get_text() for t in ax.texts) == ["€ 100", "€ 200", "€ 50"]
    assert "X: A € 100, B (dit jaarplan) € 200. Y: B (dit jaarplan) € 50." in chart_alt.alt_of(fig)


# --- on a real evaluation -------------------------------------------------------------------


@pytest.fixture(scope="module")
def plein():
    plan = load_jaarplan("plein013-2023")
    return plan, evaluate(plan, "M12")


@pytest.mark.shipped
def test_indicatorreeksen_cover_rounds_up_to_the_evaluated_one(plein):
    plan, ev = plein
    reeksen = {r["id"]: r for r in evaluation_charts.indicator_series(plan, ev)}
    punten = reeksen["bemiddelingsaanvragen"]["punten"]
    assert [(d.isoformat(), w) for d, w, _ in punten] == [("2023-08-31", 24), ("2023-12-31", 43)]
    m8 = evaluation_charts.indicator_series(plan, evaluate(plan, "M8"))
    assert [len(r["punten"]) for r in m8] == [1, 1, 1]
    tabel = evaluation_charts.table_indicator_series([reeksen["bemiddelingsaanvragen"]])
    assert tabel["Waarde"].tolist() == ["24 aanvragen", "43 aanvragen"]


@pytest.mark.shipped
def test_status_chart_of_an_evaluation_matches_its_counts(plein):
    _, ev = plein
    fig = evaluation_charts.figure_status_per_thema(ev)
    getekend = sum(p.get_width() for p in fig.axes[0].patches if p.get_width() > 0)
    assert getekend == len(ev.doelen)


@pytest.mark.shipped
def test_uren_markdown_says_plainly_when_no_hours(plein):
    _, ev = plein
    tekst = text.hours_markdown(ev)
    assert tekst.startswith(f"Het jaarplan heeft {len(ev.projecten)} projecten")
    assert "niet te toetsen" in tekst


@pytest.mark.shipped
def test_example_data_notice_once_in_the_summary_not_in_the_chapter_header(plein):
    _, ev = plein
    assert ev.voorbeelddata
    assert "Let op: voorbeelddata" not in text.summary_without_message(ev)
    assert "Let op: voorbeelddata" in text.summary_markdown(ev)
    assert "voorbeelddata" not in text.header_markdown(ev).lower()
    assert text.header_markdown(ev).startswith(f"**{escape.markdown(ev.plan.naam)}** — ")


def test_waarschuwingen_in_public_output_leave_out_pupil_goals():
    ev = SimpleNamespace(
        doelen=[SimpleNamespace(id="D1", eenheid="leerlingen"), SimpleNamespace(id="D2",
                                                                                eenheid="%")],
        waarschuwingen=["Doel D1: waarde 3 leerlingen wijkt af.", "Doel D2: waarde 5% wijkt af."],
    )  # fmt: skip
    assert text.warnings_markdown(ev).splitlines() == [
        "**Opmerkingen bij de gegevens**",
        "",
        "- Doel D1: waarde 3 leerlingen wijkt af.",
        "- Doel D2: waarde 5% wijkt af.",
    ]
    assert text.warnings_markdown(ev, publiek=True).splitlines()[2:] == [
        "- Doel D2: waarde 5% wijkt af."
    ]
    assert text.warnings_markdown(SimpleNamespace(doelen=[], waarschuwingen=[])) == ""


def _rood(fig):
    return [
        p
        for p in fig.axes[0].patches
        if mcolors.to_hex(p.get_facecolor()) == charts.OVERRUN_COLOUR.lower()
    ]


def test_budget_chart_uses_the_overrun_of_the_evaluation(engine):
    # T3 Bedrijfsvoering: budget € 0, spend € 500. The budget table says overrun € 500, so the
    # chart marks it too; T1's overrun is one activity's (A02), not spend minus budget.
    _, ev = engine
    fig = evaluation_charts.figure_budget_per_thema(ev)
    over = {t.naam: t.overschrijding for t in ev.budget_per_thema}
    assert over["Bedrijfsvoering"] == 500
    rood = sorted(p.get_width() for p in _rood(fig))
    assert rood == sorted(t.besteed for t in ev.budget_per_thema if t.overschrijding > 0)
    assert 500 in rood
    teksten = [t.get_text() for t in fig.axes[0].texts]
    assert "€ 500 (overschrijding € 500)" in teksten
    tabel = tables.table_budget_per_thema(ev)
    for t in ev.budget_per_thema:
        if t.overschrijding:
            rij = tabel[tabel["Thema"] == f"{t.thema} {t.naam}"].iloc[0]
            besteed = fmt.euro(t.besteed, centen=False)
            euro = fmt.euro(t.overschrijding, centen=False)
            assert rij["Overschrijding"] == fmt.euro(t.overschrijding)
            assert f"{besteed} (overschrijding {euro})" in teksten


# --- privacy in the indicator chart and the table behind it --------------------------------

ENGINE = Path(__file__).parents[1] / "fixtures" / "engine" / "data"


@pytest.fixture(scope="module")
def engine():
    plan = load_jaarplan("engine-oktober", ENGINE)
    return plan, evaluate(plan)


def _vervang(plan, nulmeting=None, m12=None):
    """The plan with a baseline of thuiszitters and M12 measurements replaced."""
    indicatoren = tuple(
        dataclasses.replace(i, nulmeting=nulmeting[i.id]) if nulmeting and i.id in nulmeting else i
        for i in plan.indicatoren
    )
    rondes = dict(plan.rondes)
    if m12:
        r = rondes["M12"]
        metingen = tuple(
            dataclasses.replace(m, waarde=m12[m.indicator]) if m.indicator in m12 else m
            for m in r.metingen
        )
        rondes["M12"] = dataclasses.replace(r, metingen=metingen)
    return dataclasses.replace(plan, indicatoren=indicatoren, rondes=rondes)


def _reeks(reeksen, ind_id):
    return next(r for r in reeksen if r["id"] == ind_id)


def _paneel(fig, naam):
    def titel(ax):
        return ax.get_title(loc="left").replace("\n", " ").removesuffix(" (lager is beter)")

    return next(ax for ax in fig.axes if ax.get_visible() and titel(ax) == naam)


def test_public_indicator_series_leave_out_small_counts_and_baseline(engine):
    # Like ppo-nk verwijzingen_sbo: baseline 3, shown as '<5' in the indicator table.
    plan = _vervang(engine[0], nulmeting={"thuiszitters": 3})
    ev = evaluate(plan)
    tabel = tables.table_indicators(ev, publiek=True)
    rij = tabel[tabel["Indicator"] == "Thuiszitters"].iloc[0]
    assert (rij["Nulmeting"], rij["Waarde"]) == ("<5", "<5")

    intern = _reeks(evaluation_charts.indicator_series(plan, ev), "thuiszitters")
    assert intern["nulmeting"] == 3
    assert [w for _, w, _ in intern["punten"]] == [7, 3]
    publiek = _reeks(evaluation_charts.indicator_series(plan, ev, publiek=True), "thuiszitters")
    assert publiek["nulmeting"] is None
    assert [w for _, w, _ in publiek["punten"]] == [7]
    assert publiek["weggelaten"] == 1
    assert publiek["streefwaarde"] == 0  # the target comes from the published jaarplan

    waarden = evaluation_charts.table_indicator_series([publiek])["Waarde"].tolist()
    assert waarden == ["7 leerlingen"]
    assert evaluation_charts.table_indicator_series([intern])["Waarde"].tolist() == [
        "7 leerlingen",
        "3 leerlingen",
    ]


@pytest.mark.parametrize("met_plan", [True, False], ids=["reeksen", "alleen-evaluatie"])
def test_public_indicator_chart_draws_no_small_count(engine, met_plan):
    plan = _vervang(engine[0], nulmeting={"thuiszitters": 3})
    ev = evaluate(plan)

    def getekend(publiek):
        fig = evaluation_charts.figure_indicators(ev, plan if met_plan else None, publiek=publiek)
        ax = _paneel(fig, "Thuiszitters")
        punten = [y for lijn in ax.lines if lijn.get_marker() == "o" for y in lijn.get_ydata()]
        lijnen = [lijn.get_ydata()[0] for lijn in ax.lines if lijn.get_marker() != "o"]
        return punten, lijnen, [t.get_text() for t in ax.texts]

    punten, lijnen, teksten = getekend(False)
    assert 3 in punten and 3 in lijnen and "3" in teksten
    punten, lijnen, teksten = getekend(True)
    assert 3 not in punten
    assert lijnen == [0]  # the target line only; the baseline 3 is not drawn
    assert "3" not in teksten and 7 in punten


def test_public_indicator_series_hide_a_count_that_reveals_a_small_rest(engine):
    # M12: 198 of the 200 pupils shifted, so the 2 who did not would follow by subtraction.
    plan = _vervang(engine[0], m12={"verschoven_groepsgericht": 198})
    ev = evaluate(plan)
    tabel = tables.table_indicators(ev, publiek=True)
    teller = tabel[tabel["Indicator"].str.startswith("Leerlingen verschoven")].iloc[0]
    assert teller["Waarde"] == "×"
    reeksen = evaluation_charts.indicator_series(plan, ev, publiek=True)
    assert _reeks(reeksen, "verschoven_groepsgericht")["punten"] == []
    noemer = [w for _, w, _ in _reeks(reeksen, "leerlingen_gespecialiseerd")["punten"]]
    assert 200 in noemer
    tekst = evaluation_charts.table_indicator_series(reeksen).to_string()
    assert "198" not in tekst
    intern = evaluation_charts.indicator_series(plan, ev)
    assert [w for _, w, _ in _reeks(intern, "verschoven_groepsgericht")["punten"]] == [198]


# --- the VOORBEELDDATA mark ------------------------------------------------------------------


def _png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _merk(fig):
    return [t for t in fig.texts if t.get_text() == charts.EXAMPLE_DATA]


def test_charts_of_example_data_carry_the_mark(engine):
    plan, ev = engine
    assert ev.voorbeelddata
    for fig in (
        evaluation_charts.figure_status_per_thema(ev),
        evaluation_charts.figure_budget_per_thema(ev),
        evaluation_charts.figure_indicators(ev, plan, publiek=True),
    ):
        (merk,) = _merk(fig)
        assert mcolors.to_hex(merk.get_color()) == charts.EXAMPLE_DATA_COLOUR.lower()
        assert merk.get_fontfamily() == ["DejaVu Sans"]
    echt = evaluate(plan, "M4")
    assert not echt.voorbeelddata
    assert _merk(evaluation_charts.figure_status_per_thema(echt)) == []
    assert (
        _merk(
            evaluation_charts.figure_categories(pd.DataFrame({"categorie": ["a"], "aantal": [1]}))
        )
        == []
    )
    assert _merk(
        evaluation_charts.figure_categories(
            pd.DataFrame({"categorie": ["a"], "aantal": [1]}), voorbeelddata=True
        )
    )


def test_mark_is_inside_the_saved_image_and_deterministic(engine):
    _, ev = engine
    met = _png(evaluation_charts.figure_status_per_thema(ev))
    assert met == _png(evaluation_charts.figure_status_per_thema(ev))
    zonder = _png(charts.plot_status_per_thema(tables.numbers_status_per_thema(ev)))
    assert met != zonder
    # The tight bounding box grows to hold the mark above the plot: the image is taller.
    import struct

    def hoogte(png):
        return struct.unpack(">I", png[20:24])[0]

    assert hoogte(met) > hoogte(zonder)


def test_comparison_chart_marked_only_for_realisation_fields():
    cijfers = [
        SimpleNamespace(plan_id="a", naam="Plan A", voorbeelddata=True, aandeel_behaald=0.5,
                        aandeel_smart=0.4),
        SimpleNamespace(plan_id="b", naam="Plan B", voorbeelddata=False, aandeel_behaald=0.7,
                        aandeel_smart=0.9),
    ]  # fmt: skip
    assert _merk(evaluation_charts.figure_comparison(cijfers, "aandeel_behaald", "b"))
    assert _merk(evaluation_charts.figure_comparison(cijfers, "aandeel_smart", "b")) == []
    cijfers[0].aandeel_behaald = None  # the example-data plan has no value: nothing invented
    assert _merk(evaluation_charts.figure_comparison(cijfers, "aandeel_behaald", "b")) == []
