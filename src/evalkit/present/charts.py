"""The one chart style of the reports and the matplotlib charts (plain data in, Figure out)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from evalkit import fmt
from evalkit.data.model import GOAL_STATUSES
from evalkit.present import chart_alt

# Okabe-Ito palette (Okabe & Ito 2008): distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "oranje": "#E69F00",
    "hemelsblauw": "#56B4E9",
    "blauwgroen": "#009E73",
    "geel": "#F0E442",
    "blauw": "#0072B2",
    "vermiljoen": "#D55E00",
    "paars": "#CC79A7",
    "zwart": "#000000",
}
GREY = "#BBBBBB"

# Fixed mapping of goal status to colour and hatching, so a chart reads without colour too.
STATUS_COLOURS = {
    "behaald": OKABE_ITO["blauwgroen"],
    "deels behaald": OKABE_ITO["oranje"],
    "niet behaald": OKABE_ITO["vermiljoen"],
    "nog niet te beoordelen": OKABE_ITO["hemelsblauw"],
    "vervallen": GREY,
}
STATUS_HATCHING = {
    "behaald": "",
    "deels behaald": "//",
    "niet behaald": "xx",
    "nog niet te beoordelen": "..",
    "vervallen": "--",
}
BUDGET_COLOUR = OKABE_ITO["hemelsblauw"]
SPENT_COLOUR = OKABE_ITO["blauw"]
OVERRUN_COLOUR = OKABE_ITO["vermiljoen"]
CURRENT_COLOUR = OKABE_ITO["oranje"]
OTHER_COLOUR = GREY

EXAMPLE_DATA = "VOORBEELDDATA"
EXAMPLE_DATA_COLOUR = "#777777"

FIGURE_SIZE = (8.0, 4.5)
DPI = 120
LABEL_WIDTH = 42

STYLE: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.axisbelow": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "hatch.color": "#333333",
    "hatch.linewidth": 0.8,
    "figure.figsize": FIGURE_SIZE,
    "figure.dpi": DPI,
    "figure.facecolor": "white",
    "savefig.dpi": DPI,
    "savefig.facecolor": "white",
    "savefig.bbox": "tight",
    "svg.hashsalt": "evalkit",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "axes.formatter.use_locale": False,
}


def style() -> None:
    """Apply the one report style (seaborn theme, Okabe-Ito palette, DejaVu Sans, STYLE)."""
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=list(OKABE_ITO.values()),
        font="DejaVu Sans",
        rc=STYLE,
    )


def mark_example_data(fig: Figure, voorbeelddata: bool = True) -> Figure:
    """Write a small grey 'VOORBEELDDATA' mark in the top right corner of the figure.

    The mark sits just above the plotting area, inside the saved image (the style saves with a
    tight bounding box), so a chart reused on its own still says that it shows invented data.
    Nothing happens when voorbeelddata is False. Returns the figure.
    """
    if voorbeelddata:
        fig.text(
            0.995,
            1.0,
            EXAMPLE_DATA,
            ha="right",
            va="bottom",
            color=EXAMPLE_DATA_COLOUR,
            fontsize=8,
            fontweight="bold",
            fontfamily="DejaVu Sans",
            gid="voorbeelddata",
        )
        chart_alt.add_sentence(fig, chart_alt.EXAMPLE_DATA_SENTENCE)
    return fig


# --- number formatting on axes -------------------------------------------------------------


def _euro_tick(x: float, _pos: Any = None) -> str:
    return fmt.euro(round(x), centen=False)


def percent_tick(x: float, _pos: Any = None) -> str:
    """A share as an axis or point label, with at most one decimal of a percent."""
    tekst = f"{x * 100:.1f}".rstrip("0").rstrip(".")
    return fmt.percent(x, len(tekst.partition(".")[2]))


def number_tick(x: float, _pos: Any = None) -> str:
    """A number as an axis or point label, with at most two decimals."""
    tekst = f"{x:.2f}".rstrip("0").rstrip(".")
    return fmt.number(x, len(tekst.partition(".")[2]))


def euro_formatter() -> FuncFormatter:
    """Axis formatter for amounts: 100000 -> '€ 100.000'."""
    return FuncFormatter(_euro_tick)


def percent_formatter() -> FuncFormatter:
    """Axis formatter for shares: 0.75 -> '75%'."""
    return FuncFormatter(percent_tick)


def number_formatter() -> FuncFormatter:
    """Axis formatter for numbers in Dutch style: 1234.5 -> '1.234,5'."""
    return FuncFormatter(number_tick)


def label(tekst: str, breedte: int = LABEL_WIDTH) -> str:
    """Wrap a long category label over lines of at most `breedte` characters."""
    return "\n".join(textwrap.wrap(str(tekst).replace("€ ", "€\u00a0"), breedte)) or str(tekst)


# --- charts --------------------------------------------------------------------------------


def _new_figure(hoogte: float | None = None, breedte: float | None = None) -> tuple[Figure, Any]:
    style()
    fig, ax = plt.subplots(figsize=(breedte or FIGURE_SIZE[0], hoogte or FIGURE_SIZE[1]))
    return fig, ax


def _height(n: int, per_rij: float = 0.55, minimum: float = 2.4) -> float:
    return max(minimum, 1.3 + per_rij * n)


def plot_status_per_thema(aantallen: pd.DataFrame) -> Figure:
    """Stacked horizontal bars: number of goals per status (columns) for each theme (index).

    Every segment carries its count, a fixed colour and a hatching per status, so the chart
    reads without colour. Statuses not in STATUS_KLEUREN are drawn in grey.
    """
    statussen = [s for s in GOAL_STATUSES if s in aantallen.columns]
    statussen += [s for s in aantallen.columns if s not in statussen]
    fig, ax = _new_figure(hoogte=_height(len(aantallen)) + 0.6)
    labels = [label(t) for t in aantallen.index]
    y = list(range(len(labels)))
    links = [0.0] * len(labels)
    for s in statussen:
        waarden = [float(v) for v in aantallen[s].fillna(0)]
        balken = ax.barh(
            y,
            waarden,
            left=links,
            height=0.62,
            color=STATUS_COLOURS.get(s, GREY),
            hatch=STATUS_HATCHING.get(s, ""),
            edgecolor="white",
            linewidth=0.8,
            label=s,
        )
        for balk, w in zip(balken, waarden, strict=True):
            if w > 0:
                ax.text(
                    balk.get_x() + balk.get_width() / 2,
                    balk.get_y() + balk.get_height() / 2,
                    fmt.number(w),
                    ha="center",
                    va="center",
                    fontsize=9,
                    fontweight="bold",
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "linewidth": 0},
                )
        links = [a + b for a, b in zip(links, waarden, strict=True)]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(number_formatter())
    ax.set_xlabel("Aantal doelen")
    ax.set_xlim(0, max([*links, 1]) * 1.02)
    ax.legend(
        handles=[
            Patch(
                facecolor=STATUS_COLOURS.get(s, GREY),
                hatch=STATUS_HATCHING.get(s, ""),
                edgecolor="white",
                label=s,
            )
            for s in statussen
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12 - 0.35 / max(1, len(labels))),
        ncol=min(len(statussen), 5),
        handlelength=2.2,
        handleheight=1.4,
    )
    fig.tight_layout()
    return chart_alt.set_alt(fig, chart_alt.status_per_thema(aantallen, statussen))


def _amount(v: Any) -> float:
    return 0.0 if v is None or pd.isna(v) else float(v)


def plot_budget_per_thema(df: pd.DataFrame) -> Figure:
    """Budget next to spend per theme, euro tick labels.

    Columns: thema, budget, besteed and overschrijding (the theme's overrun as the evaluation
    computes it: the sum of the overruns of its activities, see BudgetThema). The spend of a
    theme with an overrun is drawn in vermilion with the overrun written next to the bar; the
    chart does not recompute the rule, so it always agrees with the budget table.
    """
    fig, ax = _new_figure(hoogte=_height(len(df), per_rij=0.75) + 0.4)
    labels = [label(t) for t in df["thema"]]
    y = list(range(len(labels)))
    budget = [_amount(v) for v in df["budget"]]
    besteed = [_amount(v) for v in df["besteed"]]
    over = [_amount(v) for v in df["overschrijding"]]
    h = 0.36
    ax.barh([i - h / 2 for i in y], budget, height=h, color=BUDGET_COLOUR, label="Budget")
    kleuren = [OVERRUN_COLOUR if o > 0 else SPENT_COLOUR for o in over]
    ax.barh(
        [i + h / 2 for i in y],
        besteed,
        height=h,
        color=kleuren,
        hatch="//",
        edgecolor="white",
        linewidth=0.5,
        label="Besteed",
    )
    grootste = max(budget + besteed + [1.0])
    for i, (b_, s, o) in enumerate(zip(budget, besteed, over, strict=True)):
        ax.text(
            b_ + grootste * 0.01, i - h / 2, fmt.euro(b_, centen=False), va="center", fontsize=8
        )
        tekst = fmt.euro(s, centen=False)
        if o > 0:
            tekst += f" (overschrijding {fmt.euro(o, centen=False)})"
        ax.text(s + grootste * 0.01, i + h / 2, tekst, va="center", fontsize=8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(euro_formatter())
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.set_xlim(0, grootste * 1.3)
    ax.legend(
        handles=[
            Patch(facecolor=BUDGET_COLOUR, label="Budget"),
            Patch(facecolor=SPENT_COLOUR, hatch="//", edgecolor="white", label="Besteed"),
            Patch(
                facecolor=OVERRUN_COLOUR,
                hatch="//",
                edgecolor="white",
                label="Besteed, met overschrijding",
            ),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.06 - 0.3 / max(1, len(labels))),
        ncol=3,
        handlelength=2.2,
        handleheight=1.4,
    )
    fig.tight_layout()
    return chart_alt.set_alt(fig, chart_alt.budget_per_thema(df))


def _indicator_value(r: dict, v: float) -> str:
    return percent_tick(v) if r.get("eenheid") == "%" else number_tick(v)


def _indicator_panel(ax: Any, r: dict, kolommen: int, soorten: dict[str, Any]) -> None:
    """One indicator panel: points with their values, target and baseline lines, full title.

    The y axis starts at zero (counts and amounts are compared by bar length and line height);
    a percentage axis runs from 0 to 100%. A panel whose goal direction is lower says so.
    """
    punten = sorted(r["punten"])
    x = [p[0] for p in punten]
    y = [p[1] for p in punten]
    percent = r.get("eenheid") == "%"
    lijn = ax.plot(x, y, marker="o", color=OKABE_ITO["blauw"], linewidth=1.8)
    soorten.setdefault("Gemeten", lijn[0])
    for xi, yi in zip(x, y, strict=True):
        ax.annotate(
            _indicator_value(r, yi),
            (xi, yi),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=7,
        )
    lijnen = {
        "Streefwaarde": ("streefwaarde", OKABE_ITO["blauwgroen"], "--", 1.4),
        "Nulmeting": ("nulmeting", OKABE_ITO["zwart"], ":", 1.2),
    }
    for soort, (sleutel, kleur, stijl, dikte) in lijnen.items():
        if r.get(sleutel) is not None:
            streep = ax.axhline(r[sleutel], color=kleur, linestyle=stijl, linewidth=dikte)
            soorten.setdefault(soort, streep)
    titel = label(r["naam"], 34 if kolommen == 3 else 48)
    if r.get("richting") == "lager":
        titel += f"\n({chart_alt.LOWER_IS_BETTER})"
    ax.set_title(titel, fontsize=8 if kolommen == 3 else 9, loc="left")
    ax.yaxis.set_major_formatter(percent_formatter() if percent else number_formatter())
    ax.grid(axis="y")
    ax.grid(axis="x", visible=False)
    ax.margins(x=0.2)
    ax.set_xticks(x, [f"{d.day}-{d.month}-{d.year}" for d in x], fontsize=7)
    ax.tick_params(axis="y", labelsize=8)
    alle = [float(v) for v in [*y, r.get("streefwaarde"), r.get("nulmeting")] if v is not None]
    if percent:
        ax.set_ylim(min(0.0, *alle), 1.0)
    else:
        hoogste = max([*alle, 0.0]) or 1.0
        ax.set_ylim(min(0.0, *alle) * 1.2, hoogste * 1.25)
    if not percent and all(v.is_integer() for v in alle):
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    else:
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))


def plot_indicators(reeksen: Sequence[dict]) -> Figure | None:
    """Small multiples, one panel per indicator: measured values over time, target and baseline.

    Each item of `reeksen` has naam, eenheid, punten (list of (date, value)), and optionally
    nulmeting, streefwaarde and richting ('lager': the panel says 'lager is beter'). Values
    are written next to the points; one legend for the whole figure; panel titles are wrapped,
    never cut. Returns None when no indicator has a measured value.
    """
    reeksen = [r for r in reeksen if r.get("punten")]
    if not reeksen:
        return None
    style()
    n = len(reeksen)
    kolommen = 1 if n == 1 else 2 if n <= 4 else 3
    rijen = (n + kolommen - 1) // kolommen
    breedte = FIGURE_SIZE[0] + (1.2 if kolommen == 3 else 0.0)
    regels = max(
        label(r["naam"], 34 if kolommen == 3 else 48).count("\n") + (r.get("richting") == "lager")
        for r in reeksen
    )
    hoogte = ((2.2 if kolommen == 3 else 2.5) + 0.15 * regels) * rijen + 0.6
    fig, assen = plt.subplots(rijen, kolommen, figsize=(breedte, hoogte), squeeze=False)
    soorten: dict[str, Any] = {}
    for ax, r in zip(assen.flat, reeksen, strict=False):
        _indicator_panel(ax, r, kolommen, soorten)
    for ax in list(assen.flat)[n:]:
        ax.set_visible(False)
    fig.tight_layout(rect=(0, 0.4 / hoogte, 1, 1))
    fig.legend(
        list(soorten.values()),
        list(soorten),
        loc="lower center",
        ncol=len(soorten),
        bbox_to_anchor=(0.5, 0.0),
    )
    return chart_alt.set_alt(fig, chart_alt.indicators(reeksen, _indicator_value))


def plot_comparison(
    namen: Sequence[str],
    waarden: Sequence[float | None],
    huidig: str | None = None,
    formatter: FuncFormatter | None = None,
    xlabel: str = "",
    norm: float | None = None,
    waarde_label: Any = None,
    maximum: float | None = None,
) -> Figure:
    """Horizontal bars (seaborn), one per jaarplan; the current plan in colour, hatched, bold.

    Each bar carries its value (written by `waarde_label`, default the axis formatter);
    missing values are written as 'geen gegevens' instead of a bar; an optional norm line.
    The axis starts at zero and ends at `maximum` when given (1.0 for shares: 100%).
    """
    fig, ax = _new_figure(hoogte=_height(len(namen), per_rij=0.5) + 0.3)
    fmt_ = formatter or number_formatter()
    waarde_label = waarde_label or fmt_
    w = [0.0 if v is None or pd.isna(v) else float(v) for v in waarden]
    sns.barplot(
        data=pd.DataFrame({"naam": list(namen), "waarde": w}),
        x="waarde",
        y="naam",
        hue="naam",
        order=list(namen),
        hue_order=list(namen),
        palette={n: CURRENT_COLOUR if n == huidig else OTHER_COLOUR for n in namen},
        orient="h",
        width=0.6,
        edgecolor="white",
        errorbar=None,
        saturation=1.0,
        legend=False,
        ax=ax,
    )
    for balken, n in zip(ax.containers, namen, strict=True):
        for balk in balken:
            balk.set_hatch("//" if n == huidig else "")
    grootste = max([*w, norm or 0.0, 1e-9])
    teksten = [
        "geen gegevens" if v is None or pd.isna(v) else waarde_label(float(v)) for v in waarden
    ]
    for i, tekst in enumerate(teksten):
        box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "linewidth": 0}
        ax.text(w[i] + grootste * 0.01, i, tekst, va="center", fontsize=9, bbox=box)
    ax.set_ylim(len(namen) - 0.5, -0.9)
    if norm is not None:
        ax.axvline(norm, color=OKABE_ITO["zwart"], linestyle="--", linewidth=1.2)
        ax.text(norm, -0.6, f"norm {waarde_label(norm)}", ha="center", va="center", fontsize=8)
    ax.set_yticks(range(len(namen)), [label(n) for n in namen])
    for t, n in zip(ax.get_yticklabels(), namen, strict=True):
        if n == huidig:
            t.set_fontweight("bold")
    ax.xaxis.set_major_formatter(fmt_)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.set_xlim(0, maximum if maximum is not None else grootste * 1.25)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    fig.tight_layout()
    tekst = chart_alt.comparison(namen, waarden, huidig, xlabel, waarde_label, norm)
    return chart_alt.set_alt(fig, tekst)


def plot_categories(categorie: Sequence[str], aantal: Sequence[float], xlabel: str) -> Figure:
    """Horizontal bars (seaborn) of counted answer categories, first on top, with counts."""
    fig, ax = _new_figure(hoogte=_height(len(categorie), per_rij=0.42))
    sns.barplot(
        x=[float(a) for a in aantal],
        y=list(categorie),
        order=list(categorie),
        color=OKABE_ITO["blauw"],
        orient="h",
        width=0.65,
        errorbar=None,
        saturation=1.0,
        ax=ax,
    )
    grootste = max([*aantal, 1])
    for i, a in enumerate(aantal):
        ax.text(a + grootste * 0.01, i, fmt.number(a), va="center", fontsize=9)
    ax.set_yticks(range(len(categorie)), [label(c, 55) for c in categorie], fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(number_formatter())
    ax.set_xlim(0, grootste * 1.12)
    ax.set_xlabel(xlabel)
    fig.tight_layout()
    return chart_alt.set_alt(fig, chart_alt.categories(categorie, aantal, xlabel))


def plot_budget_comparison(lang: pd.DataFrame, huidig: str | None = None) -> Figure | None:
    """Budget per common theme for each plan that has budgets (columns of budget_per_thema_lang).

    Grouped bars (seaborn), one per plan within each theme; the current plan orange and
    hatched, the others in blue tones. None when no plan has a budget.
    """
    if lang.empty:
        return None
    themas = list(dict.fromkeys(lang["label"]))
    plannen = list(dict.fromkeys(lang["plan_id"]))
    namen = dict(zip(lang["plan_id"], lang["naam"], strict=True))
    anderen = iter([OKABE_ITO["blauw"], OKABE_ITO["hemelsblauw"], OKABE_ITO["paars"], GREY] * 9)
    kleuren = {p: CURRENT_COLOUR if p == huidig else next(anderen) for p in plannen}
    fig, ax = _new_figure(hoogte=_height(len(themas) * len(plannen), per_rij=0.38) + 0.5)
    sns.barplot(
        data=lang,
        x="budget",
        y="label",
        hue="plan_id",
        order=themas,
        hue_order=plannen,
        palette=kleuren,
        orient="h",
        width=0.8,
        edgecolor="white",
        linewidth=0.5,
        errorbar=None,
        saturation=1.0,
        legend=False,
        ax=ax,
    )
    grootste = float(lang["budget"].max()) or 1.0
    for balken, p in zip(ax.containers, plannen, strict=True):
        for balk in balken:
            if pd.isna(balk.get_width()):
                continue
            balk.set_hatch("//" if p == huidig else "")
            midden = balk.get_y() + balk.get_height() / 2
            tekst = fmt.euro(balk.get_width(), centen=False)
            ax.text(balk.get_width() + grootste * 0.01, midden, tekst, va="center", fontsize=8)
    ax.set_yticks(range(len(themas)), [label(t) for t in themas])
    ax.xaxis.set_major_formatter(euro_formatter())
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.set_xlim(0, grootste * 1.25)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.legend(
        handles=[
            Patch(
                facecolor=kleuren[p],
                hatch="//" if p == huidig else "",
                edgecolor="white",
                label=namen[p] + (" (dit jaarplan)" if p == huidig else ""),
            )
            for p in plannen
        ],
        loc="lower right",
    )
    fig.tight_layout()
    return chart_alt.set_alt(fig, chart_alt.budget_comparison(lang, huidig))
