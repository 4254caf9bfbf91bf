"""Comparison of jaarplannen for the report: key-figure tables, budget per common theme, text."""

from __future__ import annotations

import pandas as pd

from evalkit import fmt
from evalkit.data.model import COMMON_THEMAS
from evalkit.engine.compare import Comparison, PlanFigures
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
                "Ronde": c.ronde or "geen realisatie",  # the id: the names do not fit a column
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


def _others(cijfers: list[PlanFigures], huidig: str | None) -> list[PlanFigures]:
    return [c for c in cijfers if c.plan_id != huidig]


def example_data_message(vergelijking: Comparison, huidig: str | None = None) -> str:
    """Markdown on example data: which named plans were left out, or which compared plans'
    realisation is invented and why they are shown anyway; '' when neither applies."""
    delen = []
    weg = vergelijking.weggelaten
    if weg:
        delen.append(
            f"**Niet vergeleken:** {_names(weg)}. "
            + ("De realisatie van dit jaarplan is" if len(weg) == 1 else "De realisaties zijn")
            + " voorbeelddata (verzonnen ter illustratie) en het parameterbestand van dit "
            "verslag staat vergelijken met voorbeelddata niet toe."
        )
    voorbeeld = [c for c in vergelijking.cijfers if c.voorbeelddata]
    if voorbeeld and _others(voorbeeld, huidig):
        onderwerp = "De realisatie" if len(voorbeeld) == 1 else "De realisaties"
        werkwoord = "is" if len(voorbeeld) == 1 else "zijn"
        delen.append(
            f"> **Let op: voorbeelddata.** {onderwerp} van {_names(voorbeeld)} {werkwoord} "
            "verzonnen ter illustratie. Ze staan in deze vergelijking omdat het parameterbestand "
            "van dit verslag dat uitdrukkelijk toestaat, als demonstratie. Behaalde doelen en "
            "bestedingen in deze vergelijking zeggen daarom niets over de werkelijke uitvoering; "
            "het aantal doelen, de SMART-check en de budgetten komen wel uit de jaarplannen zelf."
        )
    return "\n\n".join(delen)


def introduction_markdown(vergelijking: Comparison, huidig: str | None = None) -> str:
    """The opening paragraph: which plans (from the params file), which rounds, what is marked."""
    eigen = next((c for c in vergelijking.cijfers if c.plan_id == huidig), None)
    anderen = _others(vergelijking.cijfers, huidig)
    onderwerp = md_text(eigen.naam) if eigen else "Dit jaarplan"
    if not anderen:
        reden = (
            "de jaarplannen die het parameterbestand van dit verslag noemt, hebben alleen "
            "voorbeelddata als realisatie"
            if vergelijking.weggelaten
            else "het parameterbestand van dit verslag noemt geen jaarplannen om mee te vergelijken"
        )
        return f"Dit hoofdstuk vergelijkt niets: {reden}."
    n = len(anderen)
    zin = (
        f"Dit hoofdstuk vergelijkt {onderwerp} met {n} "
        f"{'ander jaarplan' if n == 1 else 'andere jaarplannen'} van samenwerkingsverbanden "
        f"passend onderwijs: {_names(anderen)}. Met welke jaarplannen vergeleken wordt, staat in "
        "het parameterbestand van dit verslag; andere jaarplannen in de datamap tellen niet mee."
    )
    if eigen:
        zin += (
            f" {onderwerp} is geëvalueerd in de ronde {md_text(eigen.ronde_naam or '–')}, de "
            "andere jaarplannen in hun laatste ronde met realisatie. Het jaarplan van dit "
            "verslag staat in de tabellen met de toevoeging '(dit jaarplan)' en in de grafieken "
            "oranje en gearceerd."
        )
    return (
        zin + " De thema's van de jaarplannen zijn ingedeeld in een gemeenschappelijke set "
        "(basisondersteuning, extra ondersteuning, dekkend netwerk, enzovoort), zodat ze "
        "vergelijkbaar zijn. Lees de cijfers als een spiegel, niet als een rangorde."
    )


def _difference(label: str, waarden: list[tuple[PlanFigures, str]], gelijk: str, anders: str):
    if len({w for _, w in waarden}) <= 1:
        return f"- **{label}:** {gelijk.format(waarden[0][1] if waarden else fmt.EMPTY)}"
    lijst = "; ".join(f"{md_text(c.naam)}: {w}" for c, w in waarden)
    return f"- **{label}:** {anders} {lijst}."


def _peildatum(c: PlanFigures) -> str:
    tekst = f"{fmt.date_text(c.peildatum)} ({md_text(c.ronde_naam or '')})"
    if c.peildatum and c.periode_eind and c.peildatum < c.periode_eind:
        tekst += ", de periode van het jaarplan liep toen nog"
    return tekst


def differences_markdown(cijfers: list[PlanFigures]) -> str:
    """The differences in peildatum, sector and period between the compared plans, as a list.

    Empty when fewer than two plans are compared.
    """
    if len(cijfers) < 2:
        return ""
    met_ronde = [(c, _peildatum(c)) for c in cijfers if c.peildatum]
    periodes = [
        (c, f"{fmt.date_text(c.periode_start)} t/m {fmt.date_text(c.periode_eind)}")
        for c in cijfers
    ]
    regels = ["Houd bij het lezen rekening met deze verschillen tussen de jaarplannen:", ""]
    if len(met_ronde) > 1:
        regels.append(
            _difference(
                "Peildatum",
                met_ronde,
                "de jaarplannen met realisatie hebben dezelfde peildatum, {}.",
                "de cijfers over behaalde doelen en bestedingen gaan over verschillende momenten.",
            )
        )
    regels += [
        _difference(
            "Sector",
            [(c, md_text(c.sector)) for c in cijfers],
            "alle jaarplannen gaan over {}.",
            "de jaarplannen gaan over verschillende groepen scholen.",
        ),
        _difference(
            "Periode",
            periodes,
            "alle jaarplannen beslaan dezelfde periode, {}.",
            "de jaarplannen beslaan verschillende perioden.",
        ),
    ]
    zonder = [c for c in cijfers if not c.peildatum]
    if zonder:
        regels.append(
            f"- **Zonder realisatie:** {_names(zonder)} (alleen de cijfers uit het plan)."
        )
    return "\n".join(regels)


def shared_themes_note(cijfers: list[PlanFigures]) -> str:
    """A sentence per plan whose theme falls under several common themes; '' when none."""
    zinnen = []
    for c in cijfers:
        for naam, gemeenschappelijk in c.gedeelde_themas:
            labels = [COMMON_LABELS[g].lower() for g in gemeenschappelijk]
            opsomming = ", ".join(labels[:-1]) + " en " + labels[-1]
            zinnen.append(
                f"Het thema '{md_text(naam)}' van {md_text(c.naam)} valt onder "
                f"{len(labels)} gemeenschappelijke thema's ({opsomming}); de doelen en het "
                "budget ervan tellen bij elk daarvan mee, zodat de rijen per gemeenschappelijk "
                "thema samen meer zijn dan het totaal van dat jaarplan."
            )
    return " ".join(zinnen)


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
