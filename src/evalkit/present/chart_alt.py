"""Dutch alternative texts for the charts: what a chart shows, in words, from its own data.

Every chart function attaches its text to the figure (set_alt); display.show_figure puts it in
the notebook output's metadata, from where both renderers make it the image's alt text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from evalkit import fmt

ATTRIBUTE = "_evalkit_alt"
EXAMPLE_DATA_SENTENCE = "De grafiek is gemarkeerd als VOORBEELDDATA: de cijfers zijn verzonnen."
LOWER_IS_BETTER = "lager is beter"


def set_alt(fig: Figure, tekst: str) -> Figure:
    """Attach the alternative text to the figure; returns the figure."""
    setattr(fig, ATTRIBUTE, " ".join(tekst.split()))
    return fig


def alt_of(fig: Figure) -> str:
    """The alternative text attached to the figure ('' when none)."""
    return getattr(fig, ATTRIBUTE, "")


def add_sentence(fig: Figure, zin: str) -> Figure:
    """Append a sentence to the figure's alternative text."""
    return set_alt(fig, f"{alt_of(fig)} {zin}".strip())


def _lower_first(tekst: str) -> str:
    """'Aandeel volledig SMART' -> 'aandeel volledig SMART' (abbreviations stay as they are)."""
    return tekst[:1].lower() + tekst[1:]


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and pd.isna(v))


def _count(n: float, enkelvoud: str, meervoud: str) -> str:
    return f"{fmt.number(n)} {enkelvoud if n == 1 else meervoud}"


def status_per_thema(aantallen: pd.DataFrame, statussen: Sequence[str]) -> str:
    """'Gestapeld staafdiagram van de status van 41 doelen per thema. A: 3 behaald, ...'."""
    totaal = float(aantallen[list(statussen)].fillna(0).to_numpy().sum())
    delen = []
    for thema, rij in aantallen.iterrows():
        tellingen = [f"{fmt.number(rij[s])} {s}" for s in statussen if (rij[s] or 0) > 0]
        delen.append(f"{thema}: {', '.join(tellingen) or 'geen doelen'}.")
    return (
        f"Gestapeld staafdiagram van de status van {_count(totaal, 'doel', 'doelen')} per "
        f"thema. {' '.join(delen)}"
    )


def budget_per_thema(df: pd.DataFrame) -> str:
    """'Staafdiagram van budget en besteding per thema. A: budget € 1.000, besteed € 900. ...'."""
    delen = []
    for _, r in df.iterrows():
        budget = "onbekend" if _missing(r["budget"]) else fmt.euro(r["budget"], centen=False)
        besteed = "onbekend" if _missing(r["besteed"]) else fmt.euro(r["besteed"], centen=False)
        zin = f"{r['thema']}: budget {budget}, besteed {besteed}"
        if not _missing(r["overschrijding"]) and r["overschrijding"] > 0:
            zin += f", overschrijding {fmt.euro(r['overschrijding'], centen=False)}"
        delen.append(zin + ".")
    return f"Staafdiagram van budget en besteding per thema. {' '.join(delen)}"


def indicators(reeksen: Sequence[dict], waarde: Callable[[dict, float], str]) -> str:
    """One sentence per indicator panel: name, direction, measured values, target, baseline."""
    delen = []
    for r in reeksen:
        naam = r["naam"] + (f" ({LOWER_IS_BETTER})" if r.get("richting") == "lager" else "")
        punten = ", ".join(f"{fmt.date_text(d)} {waarde(r, w)}" for d, w in sorted(r["punten"]))
        zin = f"{naam}: {punten}"
        for sleutel in ("streefwaarde", "nulmeting"):
            if r.get(sleutel) is not None:
                zin += f"; {sleutel} {waarde(r, r[sleutel])}"
        delen.append(zin + ".")
    n = len(reeksen)
    soort = "Lijndiagram" if n == 1 else f"Lijndiagrammen van {n} indicatoren"
    return f"{soort} door de tijd. {' '.join(delen)}"


def comparison(
    namen: Sequence[str],
    waarden: Sequence[float | None],
    huidig: str | None,
    onderwerp: str,
    waarde_label: Callable[[float], str],
    norm: float | None = None,
) -> str:
    """'Staafdiagram per jaarplan van <onderwerp>: A 50%, B (dit jaarplan) 60%; norm 70%.'"""
    delen = []
    for naam, w in zip(namen, waarden, strict=True):
        tekst = "geen gegevens" if _missing(w) else waarde_label(float(w))
        delen.append(f"{naam}{' (dit jaarplan)' if naam == huidig else ''} {tekst}")
    zin = f"Staafdiagram per jaarplan van {_lower_first(onderwerp) or 'de waarde'}: "
    zin += ", ".join(delen)
    if norm is not None:
        zin += f"; norm {waarde_label(norm)}"
    return zin + "."


def categories(categorie: Sequence[str], aantal: Sequence[float], xlabel: str) -> str:
    """'Staafdiagram, aantal keer genoemd: categorie a 5, categorie b 3.'"""
    delen = [f"{c} {fmt.number(a)}" for c, a in zip(categorie, aantal, strict=True)]
    return f"Staafdiagram, {_lower_first(xlabel)}: {', '.join(delen)}."


def budget_comparison(lang: pd.DataFrame, huidig: str | None) -> str:
    """Budget per common theme for each plan, in words."""
    delen = []
    for thema, groep in lang.groupby("label", sort=False):
        bedragen = ", ".join(
            f"{r['naam']}{' (dit jaarplan)' if r['plan_id'] == huidig else ''} "
            f"{fmt.euro(r['budget'], centen=False)}"
            for _, r in groep.iterrows()
        )
        delen.append(f"{thema}: {bedragen}.")
    return (
        f"Staafdiagram van het budget per gemeenschappelijk thema per jaarplan. {' '.join(delen)}"
    )
