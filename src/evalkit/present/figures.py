"""The one figure style of the reports, the charts, and the table display helpers of notebooks."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from evalkit import fmt
from evalkit.data.model import GOAL_STATUSES
from evalkit.engine import privacy

if TYPE_CHECKING:
    from evalkit.data.model import Jaarplan
    from evalkit.engine.evaluate import Evaluation

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


def _percent_tick(x: float, _pos: Any = None) -> str:
    tekst = f"{x * 100:.1f}".rstrip("0").rstrip(".")
    return fmt.percent(x, len(tekst.partition(".")[2]))


def _number_tick(x: float, _pos: Any = None) -> str:
    tekst = f"{x:.2f}".rstrip("0").rstrip(".")
    return fmt.number(x, len(tekst.partition(".")[2]))


def euro_formatter() -> FuncFormatter:
    """Axis formatter for amounts: 100000 -> '€ 100.000'."""
    return FuncFormatter(_euro_tick)


def percent_formatter() -> FuncFormatter:
    """Axis formatter for shares: 0.75 -> '75%'."""
    return FuncFormatter(_percent_tick)


def number_formatter() -> FuncFormatter:
    """Axis formatter for numbers in Dutch style: 1234.5 -> '1.234,5'."""
    return FuncFormatter(_number_tick)


def label(tekst: str, breedte: int = LABEL_WIDTH) -> str:
    """Wrap a long category label over lines of at most `breedte` characters."""
    return "\n".join(textwrap.wrap(str(tekst).replace("€ ", "€\u00a0"), breedte)) or str(tekst)


# --- tables as Markdown --------------------------------------------------------------------

_ESCAPE = re.compile(r"([\\`*_{}\[\]<>$|~^#])")
_NUMBER_LIKE = re.compile(r"^(?:[<>≤≥~-]?\s*(?:-?€\s?)?-?\d[\d.]*(?:,\d+)?\s*%?|–)$")


def md_text(tekst: str) -> str:
    """Text from the data escaped for Markdown (shows literally), on one line."""
    return _ESCAPE.sub(r"\\\1", " ".join(str(tekst).split()))


def _cell(waarde: Any) -> str:
    if waarde is None or (isinstance(waarde, float) and pd.isna(waarde)):
        return fmt.EMPTY
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, float):
        return fmt.number(waarde, 0 if waarde.is_integer() else 2)
    if isinstance(waarde, int):
        return fmt.number(waarde)
    if isinstance(waarde, date):
        return fmt.datum(waarde)
    return md_text(waarde)


def markdown_table(df: pd.DataFrame, rechts: Sequence[str] | None = None) -> str:
    """A pandas DataFrame as a Markdown pipe table (index dropped, Dutch number formatting).

    Columns named in `rechts` are right-aligned; by default every column whose non-empty cells
    all look like numbers, amounts or percentages is right-aligned. Markdown characters in the
    cells are escaped, so cell text shows literally.
    """
    kolommen = [str(k) for k in df.columns]
    rijen = [[_cell(w) for w in rij] for rij in df.itertuples(index=False, name=None)]
    if rechts is None:
        rechts = [
            k
            for i, k in enumerate(kolommen)
            if rijen
            and all(_NUMBER_LIKE.match(r[i].replace("\\", "")) for r in rijen)
            and any(r[i] != fmt.EMPTY for r in rijen)
        ]
    kop = "| " + " | ".join(_ESCAPE.sub(r"\\\1", k) for k in kolommen) + " |"
    lijn = "|" + "|".join("---:" if k in rechts else "---" for k in kolommen) + "|"
    regels = [kop, lijn] + ["| " + " | ".join(r) + " |" for r in rijen]
    return "\n".join(regels)


def show_markdown(tekst: str) -> None:
    """Display Markdown text as a notebook output (the report parses it); nothing when empty."""
    from IPython.display import Markdown, display

    if tekst:
        display(Markdown(tekst))


def show_table(df: pd.DataFrame, leeg: str = "", **kwargs: Any) -> None:
    """Display a DataFrame as a Markdown table; without rows the `leeg` sentence (if any)."""
    show_markdown(markdown_table(df, **kwargs) if len(df) else leeg)


def show_figure(fig: Figure | None, leeg: str = "") -> None:
    """Display a figure once and close it; without a figure show the `leeg` sentence (if any)."""
    if fig is None:
        show_markdown(leeg)
        return
    from IPython.display import display

    display(fig)
    plt.close(fig)


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
            tekst = _percent_tick(yi) if percent else _number_tick(yi)
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


# --- charts and texts of an evaluation (used by the notebooks) ----------------------------


def figure_status_per_thema(ev: Evaluation) -> Figure:
    """Chart of goal counts per status for each theme of an Evaluatie (marked if example data)."""
    from evalkit.present import tables

    fig = plot_status_per_thema(tables.numbers_status_per_thema(ev))
    return mark_example_data(fig, ev.voorbeelddata)


def figure_budget_per_thema(ev: Evaluation) -> Figure | None:
    """Chart of budget against spend and overrun per theme; None without any budget or spend.

    The overrun per theme is BudgetThema.overschrijding, the same figure as in the budget table.
    """
    from evalkit.present import tables

    df = tables.numbers_budget_per_thema(ev)
    if df["budget"].isna().all() and df["besteed"].isna().all():
        return None
    return mark_example_data(plot_budget_per_thema(df), ev.voorbeelddata)


def _table_texts(ev: Evaluation) -> dict[str, dict[str, str]]:
    """The suppressed texts of the public indicator table (present.indicator_teksten)."""
    from evalkit.present import tables

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
    from evalkit.engine.rules import value_text

    rijen = []
    for r in reeksen:
        for d, w, bron in r["punten"]:
            rijen.append(
                {
                    "Indicator": r["naam"],
                    "Peildatum": fmt.datum(d),
                    "Waarde": value_text(w, r["eenheid"]),
                    "Vastgelegd in": bron,
                }
            )
    return pd.DataFrame(rijen, columns=["Indicator", "Peildatum", "Waarde", "Vastgelegd in"])


def figure_indicators(
    ev: Evaluation, plan: Jaarplan | None = None, publiek: bool = False
) -> Figure | None:
    """Small multiples of the indicators over time with target and baseline.

    With the jaarplan given, every known value up to the round is drawn (indicatorreeksen);
    without it only the previous and the current value from the Evaluatie. With publiek=True
    the values the indicator table hides are not drawn (points and baseline). None when no
    indicator has a value to draw. Marked when the round holds example data.
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
                    "punten": punten,
                }
            )
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
    from evalkit.engine.rules import percent_short

    fmt = {"procent": percent_formatter, "euro": euro_formatter}.get(soort, number_formatter)()
    namen = [c.naam for c in cijfers]
    huidig_naam = next((c.naam for c in cijfers if c.plan_id == huidig), None)
    waarden = [getattr(c, veld) for c in cijfers]
    waarde_label = {
        "procent": lambda v: percent_short(round(v, 3)),
        "euro": lambda v: fmt.euro(v),
    }.get(soort, _number_tick)
    fig = plot_comparison(namen, waarden, huidig_naam, fmt, xlabel, norm, waarde_label)
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


def summary_without_message(ev: Evaluation, publiek: bool = False) -> str:
    """The management summary without its leading example-data notice (shown at the top)."""
    from evalkit.present import tables

    tekst = tables.summary_markdown(ev, publiek=publiek)
    melding = tables.example_data_message(ev)
    if melding and tekst.startswith(melding):
        return tekst[len(melding) :].lstrip()
    return tekst


def header_markdown(ev: Evaluation) -> str:
    """The opening of an evaluation chapter: example-data notice (if any) and what is evaluated."""
    from evalkit.present import tables

    naam, organisatie, ronde = (
        md_text(t) for t in (ev.plan.naam, ev.plan.organisatie, ev.ronde.naam)
    )
    regel = f"**{naam}** ({organisatie}) — {ronde}, peildatum {fmt.datum(ev.ronde.peildatum)}."
    melding = tables.example_data_message(ev)
    return f"{melding}\n\n{regel}" if melding else regel


def hours_markdown(ev: Evaluation) -> str:
    """Plain Dutch sentence on the hours norm, also when no project has (spent) hours."""
    from evalkit.engine.rules import percent_short

    norm = percent_short(ev.norm_uren)
    if not ev.projecten:
        return (
            "Geen enkele activiteit is in het jaarplan aangemerkt als project met toegewezen "
            f"uren, dus de norm van ten minste {norm} projecten binnen de uren is niet te toetsen."
        )
    bekend = [p for p in ev.projecten if p.binnen_uren is not None]
    n = len(ev.projecten)
    projecten = "project" if n == 1 else "projecten"
    if not bekend:
        zonder = sum(p.uren is None for p in ev.projecten)
        reden = (
            "noemt voor geen van deze projecten toegewezen uren"
            if zonder == n
            else "van geen enkel project zijn zowel de toegewezen als de bestede uren bekend"
        )
        return (
            f"Het jaarplan heeft {n} {projecten}, maar {reden}. De norm van ten minste {norm} "
            "projecten binnen de uren is daarom niet te toetsen."
        )
    binnen = sum(p.binnen_uren is True for p in bekend)
    oordeel = "gehaald" if ev.norm_uren_gehaald else "niet gehaald"
    return (
        f"{binnen} van de {len(bekend)} projecten met bekende uren bleven binnen de toegewezen "
        f"uren ({percent_short(round(ev.aandeel_binnen_uren, 3))}); de norm is ten minste {norm}: "
        f"**{oordeel}**."
    )


def warnings_markdown(ev: Evaluation, publiek: bool = False) -> str:
    """The evaluation's warnings (e.g. a manual status that differs from the rules) as a list.

    With publiek=True the warnings about goals counted in pupils are left out, because they
    quote the measured value, which may be a small count.
    """
    leerlingen = {d.id for d in ev.doelen if privacy.is_leerlingen(d.eenheid)}
    regels = [
        w
        for w in ev.waarschuwingen
        if not (publiek and any(w.startswith(f"Doel {i}:") for i in leerlingen))
    ]
    if not regels:
        return ""
    kop = "**Opmerkingen bij de gegevens**"
    return kop + "\n\n" + "\n".join(f"- {md_text(w)}" for w in regels)


def smart_markdown(ev: Evaluation) -> str:
    """One sentence on how many goals are fully SMART."""
    from evalkit.engine.rules import percent_short

    if not ev.smart:
        return "Het jaarplan heeft geen doelen."
    volledig = sum(s.volledig for s in ev.smart)
    return (
        f"{volledig} van de {len(ev.smart)} doelen "
        f"({percent_short(round(ev.aandeel_smart, 3))}) {'is' if volledig == 1 else 'zijn'} "
        "volledig SMART geformuleerd."
    )


def progress_markdown(ev: Evaluation) -> str:
    """One sentence introducing the progress table (or saying this is the first round)."""
    if len(ev.voortgang) <= 1:
        return (
            f"{md_text(ev.ronde.naam)} is de eerste ronde met realisatie; er zijn nog geen "
            "eerdere rondes om mee te vergelijken."
        )
    return (
        f"De kerncijfers van alle rondes tot en met {md_text(ev.ronde.naam)}, in volgorde "
        "van peildatum."
    )
