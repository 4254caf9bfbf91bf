"""The one chart style of the reports and the matplotlib charts (plain data in, Figure out)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from evalkit import fmt
from evalkit.data.model import GOAL_STATUSES

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
    """Apply the report style to matplotlib (call after importing pyplot in a notebook)."""
    mpl.rcParams.update(STYLE)


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
    return fig


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
    return fig


def _short_label(tekst: str, breedte: int, regels: int = 3) -> str:
    delen = textwrap.wrap(str(tekst).replace("€ ", "€\u00a0"), breedte)
    if len(delen) > regels:
        delen = delen[:regels]
        delen[-1] = delen[-1][: breedte - 1].rstrip() + "…"
    return "\n".join(delen)


def plot_indicators(reeksen: Sequence[dict]) -> Figure | None:
    """Small multiples, one panel per indicator: measured values over time, target and baseline.

    Each item of `reeksen` has naam, eenheid, punten (list of (date, value)), and optionally
    nulmeting and streefwaarde. Values are written next to the points; one legend for the
    whole figure. Returns None when no indicator has a measured value.
    """
    reeksen = [r for r in reeksen if r.get("punten")]
    if not reeksen:
        return None
    style()
    n = len(reeksen)
    kolommen = 1 if n == 1 else 2 if n <= 4 else 3
    rijen = (n + kolommen - 1) // kolommen
    breedte = FIGURE_SIZE[0] + (1.2 if kolommen == 3 else 0.0)
    hoogte = (2.2 if kolommen == 3 else 2.5) * rijen + 0.6
    fig, assen = plt.subplots(rijen, kolommen, figsize=(breedte, hoogte), squeeze=False)
    soorten: dict[str, Any] = {}
    for ax, r in zip(assen.flat, reeksen, strict=False):
        punten = sorted(r["punten"])
        x = [p[0] for p in punten]
        y = [p[1] for p in punten]
        percent = r.get("eenheid") == "%"
        lijn = ax.plot(x, y, marker="o", color=OKABE_ITO["blauw"], linewidth=1.8)
        soorten.setdefault("Gemeten", lijn[0])
        for xi, yi in zip(x, y, strict=True):
            tekst = percent_tick(yi) if percent else number_tick(yi)
            ax.annotate(
                tekst, (xi, yi), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7
            )
        if r.get("streefwaarde") is not None:
            soorten.setdefault(
                "Streefwaarde",
                ax.axhline(
                    r["streefwaarde"], color=OKABE_ITO["blauwgroen"], linestyle="--", linewidth=1.4
                ),
            )
        if r.get("nulmeting") is not None:
            soorten.setdefault(
                "Nulmeting",
                ax.axhline(r["nulmeting"], color=OKABE_ITO["zwart"], linestyle=":", linewidth=1.2),
            )
        ax.set_title(
            _short_label(r["naam"], 34 if kolommen == 3 else 48),
            fontsize=8 if kolommen == 3 else 9,
            loc="left",
        )
        ax.yaxis.set_major_formatter(percent_formatter() if percent else number_formatter())
        ax.grid(axis="y")
        ax.grid(axis="x", visible=False)
        ax.margins(y=0.3, x=0.2)
        ax.set_xticks(x, [f"{d.day}-{d.month}-{d.year}" for d in x], fontsize=7)
        ax.tick_params(axis="y", labelsize=8)
        alle = [*y, r.get("streefwaarde") or 0, r.get("nulmeting") or 0]
        if not percent and all(float(v).is_integer() for v in alle):
            ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        else:
            ax.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
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
    return fig


def plot_comparison(
    namen: Sequence[str],
    waarden: Sequence[float | None],
    huidig: str | None = None,
    formatter: FuncFormatter | None = None,
    xlabel: str = "",
    norm: float | None = None,
    waarde_label: Any = None,
) -> Figure:
    """Horizontal bars, one per jaarplan; the current plan highlighted (colour, hatch, bold).

    Each bar carries its value (written by `waarde_label`, default the axis formatter);
    missing values are written as 'geen gegevens' instead of a bar; an optional norm line.
    """
    fig, ax = _new_figure(hoogte=_height(len(namen), per_rij=0.5) + 0.3)
    fmt = formatter or number_formatter()
    waarde_label = waarde_label or fmt
    y = list(range(len(namen)))
    w = [0.0 if v is None or pd.isna(v) else float(v) for v in waarden]
    kleuren = [CURRENT_COLOUR if n == huidig else OTHER_COLOUR for n in namen]
    arcering = ["//" if n == huidig else "" for n in namen]
    balken = ax.barh(y, w, color=kleuren, height=0.6, edgecolor="white")
    for balk, a in zip(balken, arcering, strict=True):
        balk.set_hatch(a)
    grootste = max([*w, norm or 0.0, 1e-9])
    for i, v in enumerate(waarden):
        tekst = "geen gegevens" if v is None or pd.isna(v) else waarde_label(float(v))
        ax.text(
            w[i] + grootste * 0.01,
            i,
            tekst,
            va="center",
            fontsize=9,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "linewidth": 0},
        )
    ax.set_ylim(len(namen) - 0.5, -0.9)
    if norm is not None:
        ax.axvline(norm, color=OKABE_ITO["zwart"], linestyle="--", linewidth=1.2)
        ax.text(norm, -0.6, f"norm {waarde_label(norm)}", ha="center", va="center", fontsize=8)
    ax.set_yticks(y, [label(n) for n in namen])
    for t, n in zip(ax.get_yticklabels(), namen, strict=True):
        if n == huidig:
            t.set_fontweight("bold")
    ax.xaxis.set_major_formatter(fmt)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.set_xlim(0, grootste * 1.25)
    if xlabel:
        ax.set_xlabel(xlabel)
    fig.tight_layout()
    return fig


def plot_categories(categorie: Sequence[str], aantal: Sequence[float], xlabel: str) -> Figure:
    """Horizontal bars of counted answer categories, largest on top, counts written next to them."""
    fig, ax = _new_figure(hoogte=_height(len(categorie), per_rij=0.42))
    y = list(range(len(categorie)))
    ax.barh(y, list(aantal), color=OKABE_ITO["blauw"], height=0.65)
    grootste = max([*aantal, 1])
    for i, a in enumerate(aantal):
        ax.text(a + grootste * 0.01, i, fmt.number(a), va="center", fontsize=9)
    ax.set_yticks(y, [label(c, 55) for c in categorie], fontsize=9)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(number_formatter())
    ax.set_xlim(0, grootste * 1.12)
    ax.set_xlabel(xlabel)
    fig.tight_layout()
    return fig


def plot_budget_comparison(lang: pd.DataFrame, huidig: str | None = None) -> Figure | None:
    """Budget per common theme for each plan that has budgets (columns of budget_per_thema_lang).

    One bar per plan within each theme; the current plan orange and hatched, the others in
    blue tones. None when no plan has a budget.
    """
    if lang.empty:
        return None
    themas = list(dict.fromkeys(lang["label"]))
    plannen = list(dict.fromkeys(lang["plan_id"]))
    namen = dict(zip(lang["plan_id"], lang["naam"], strict=True))
    anderen = iter([OKABE_ITO["blauw"], OKABE_ITO["hemelsblauw"], OKABE_ITO["paars"], GREY] * 9)
    kleuren = {p: CURRENT_COLOUR if p == huidig else next(anderen) for p in plannen}
    fig, ax = _new_figure(hoogte=_height(len(themas) * len(plannen), per_rij=0.38) + 0.5)
    h = 0.8 / len(plannen)
    grootste = float(lang["budget"].max()) or 1.0
    for j, p in enumerate(plannen):
        deel = lang[lang["plan_id"] == p].set_index("label")["budget"]
        y = [i - 0.4 + h * (j + 0.5) for i in range(len(themas))]
        w = [float(deel.get(t, 0.0)) for t in themas]
        ax.barh(
            y,
            w,
            height=h * 0.95,
            color=kleuren[p],
            hatch="//" if p == huidig else "",
            edgecolor="white",
            linewidth=0.5,
            label=namen[p] + (" (dit jaarplan)" if p == huidig else ""),
        )
        for yi, wi, t in zip(y, w, themas, strict=True):
            if t in deel.index:
                tekst = fmt.euro(wi, centen=False)
                ax.text(wi + grootste * 0.01, yi, tekst, va="center", fontsize=8)
    ax.set_yticks(range(len(themas)), [label(t) for t in themas])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(euro_formatter())
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.set_xlim(0, grootste * 1.25)
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig
