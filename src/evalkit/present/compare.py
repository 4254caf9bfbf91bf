"""Comparison of jaarplannen for the report: key-figure tables, budget per common theme, text."""

from __future__ import annotations

import pandas as pd

from evalkit import fmt
from evalkit.data.model import COMMON_THEMAS
from evalkit.engine.compare import PlanFigures
from evalkit.escape import markdown as md_text
from evalkit.present.numbers import number_short, percent_short, share
from evalkit.present.tables import yes_no

COMMON_LABELS = {
    "basisondersteuning": "Basisondersteuning",
    "extra-ondersteuning": "Extra ondersteuning",
    "dekkend-netwerk": "Dekkend netwerk",
    "samenwerking-jeugd": "Samenwerking met jeugd(hulp)",
    "ouders-communicatie": "Ouders en communicatie",
    "toeleiding": "Advies en toeleiding",
    "kwaliteit-verantwoording": "Kwaliteit en verantwoording",
    "bedrijfsvoering": "Bedrijfsvoering",
}
CURRENT_MARKER = " (dit jaarplan)"


def plan_label(c: PlanFigures, huidig: str | None = None) -> str:
    """The name of a plan in comparison tables and charts, marked when it is the current one."""
    return c.naam + (CURRENT_MARKER if c.plan_id == huidig else "")


def _count_of(teller: float | None, noemer: int | None) -> str:
    if teller is None or noemer is None:
        return fmt.EMPTY
    return (
        f"{share(teller / noemer) if noemer else fmt.EMPTY} ({number_short(teller)} van {noemer})"
    )


def table_key_figures(cijfers: list[PlanFigures], huidig: str | None = None) -> pd.DataFrame:
    """One row per jaarplan: goals, SMART share, achievement against the norm, budget, spend."""
    rijen = []
    for c in cijfers:
        rijen.append(
            {
                "Jaarplan": plan_label(c, huidig),
                "Sector": c.sector,
                "Ronde": c.ronde_naam or "geen realisatie",
                "Doelen": fmt.number(c.doelen),
                "SMART": _count_of(c.smart_volledig, c.doelen),
                "Behaald": _count_of(c.doelen_behaald, c.doelen_beoordeeld),
                "Norm": f"{percent_short(c.norm_doelen)}: "
                + {True: "gehaald", False: "niet gehaald", None: "niet te beoordelen"}[
                    c.norm_doelen_gehaald
                ],
                "Budget": fmt.euro(c.budget_totaal),
                "Besteed": fmt.euro(c.besteed_totaal),
                "Voorbeelddata": yes_no(c.voorbeelddata) if c.ronde else fmt.EMPTY,
            }
        )
    return pd.DataFrame(rijen)


def _per_thema_table(cijfers, huidig, veld, fmt, alleen_gebruikt=True) -> pd.DataFrame:
    rijen = []
    for g in COMMON_THEMAS:
        waarden = [getattr(c, veld)[g] for c in cijfers]
        gebruikt = any(c.doelen_per_thema[g] for c in cijfers) or any(
            w not in (None, 0) for w in waarden
        )
        if alleen_gebruikt and not gebruikt:
            continue
        rij = {"Gemeenschappelijk thema": COMMON_LABELS[g]}
        for c, w in zip(cijfers, waarden, strict=True):
            rij[plan_label(c, huidig)] = fmt(w)
        rijen.append(rij)
    kolommen = ["Gemeenschappelijk thema"] + [plan_label(c, huidig) for c in cijfers]
    return pd.DataFrame(rijen, columns=kolommen)


def table_goals_per_thema(cijfers: list[PlanFigures], huidig: str | None = None) -> pd.DataFrame:
    """Number of goals per common theme (rows) for each jaarplan (columns)."""
    return _per_thema_table(cijfers, huidig, "doelen_per_thema", fmt.number)


def table_budget_per_thema(cijfers: list[PlanFigures], huidig: str | None = None) -> pd.DataFrame:
    """Budget per common theme (rows) for each jaarplan (columns); '–' = no budget of its own."""
    return _per_thema_table(cijfers, huidig, "budget_per_thema", fmt.euro)


def table_achieved_per_thema(cijfers: list[PlanFigures], huidig: str | None = None) -> pd.DataFrame:
    """Share of goals achieved per common theme (rows) for each jaarplan (columns)."""
    return _per_thema_table(
        cijfers,
        huidig,
        "behaald_per_thema",
        share,
    )


def budget_per_thema_long(cijfers: list[PlanFigures]) -> pd.DataFrame:
    """Tidy table for charts: one row per plan and common theme with a budget (raw numbers)."""
    rijen = [
        {
            "plan_id": c.plan_id,
            "naam": c.naam,
            "gemeenschappelijk_thema": g,
            "label": COMMON_LABELS[g],
            "budget": c.budget_per_thema[g],
            "besteed": c.besteed_per_thema[g],
        }
        for c in cijfers
        for g in COMMON_THEMAS
        if c.budget_per_thema[g] is not None
    ]
    kolommen = ["plan_id", "naam", "gemeenschappelijk_thema", "label", "budget", "besteed"]
    return pd.DataFrame(rijen, columns=kolommen)


def _names(cijfers: list[PlanFigures]) -> str:
    namen = [md_text(c.naam) for c in cijfers]
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]


def example_data_message(cijfers: list[PlanFigures]) -> str:
    """A Markdown notice naming the compared plans whose realisation is example data, else ''."""
    voorbeeld = [c for c in cijfers if c.voorbeelddata]
    if not voorbeeld:
        return ""
    onderwerp = "De realisatie" if len(voorbeeld) == 1 else "De realisaties"
    werkwoord = "is" if len(voorbeeld) == 1 else "zijn"
    return (
        f"> **Let op: voorbeelddata.** {onderwerp} van {_names(voorbeeld)} {werkwoord} "
        "verzonnen ter illustratie. Behaalde doelen en bestedingen in deze vergelijking zeggen "
        "daarom niets over de werkelijke uitvoering; het aantal doelen, de SMART-check en de "
        "budgetten komen wel uit de jaarplannen zelf."
    )


def introduction_markdown(cijfers: list[PlanFigures], huidig: str | None = None) -> str:
    """The opening paragraph of the comparison: which plans, which rounds, what is marked."""
    n = len(cijfers)
    zin = (
        f"Dit hoofdstuk vergelijkt {n} {'jaarplan' if n == 1 else 'jaarplannen'} van "
        f"samenwerkingsverbanden passend onderwijs: {_names(cijfers)}. "
        "Elk jaarplan is geëvalueerd in zijn laatste ronde met realisatie"
    )
    eigen = [c for c in cijfers if c.plan_id == huidig]
    if eigen:
        c = eigen[0]
        zin += (
            f"; het jaarplan van dit verslag, {md_text(c.naam)}, in de ronde "
            f"{md_text(c.ronde_naam or '–')}. Het staat in de tabellen met de toevoeging "
            "'(dit jaarplan)' en in de grafieken oranje en gearceerd"
        )
    return (
        zin + ". De thema's van de jaarplannen zijn ingedeeld in een gemeenschappelijke set "
        "(basisondersteuning, extra ondersteuning, dekkend netwerk, enzovoort), zodat ze "
        "vergelijkbaar zijn. De jaarplannen verschillen in omvang, sector en periode: lees de "
        "cijfers als een spiegel, niet als een rangorde."
    )


def budget_note(cijfers: list[PlanFigures]) -> str:
    """A sentence naming the plans without any budget per activity (their budget is unknown)."""
    zonder = [c for c in cijfers if c.budget_totaal is None]
    if not zonder:
        return "Alle vergeleken jaarplannen noemen bedragen per activiteit."
    if len(zonder) == len(cijfers):
        return "Geen van de vergeleken jaarplannen noemt bedragen per activiteit."
    werkwoord = "noemt" if len(zonder) == 1 else "noemen"
    return (
        f"{_names(zonder)} {werkwoord} geen bedragen per activiteit; hun budget per thema is "
        "daarom onbekend (–), niet nul."
    )


def norm_of(cijfers: list[PlanFigures], plan_id: str | None) -> float | None:
    """The goals norm of the given plan (for the norm line in a chart); None when not compared."""
    return next((c.norm_doelen for c in cijfers if c.plan_id == plan_id), None)
