"""The prose sections of the notebooks and the report, as Markdown rendered from the statements.

Every figure comes from present.statements, so these sentences state what the CLI and the JSON
state. Text from the data passes evalkit.escape.markdown.
"""

from __future__ import annotations

from evalkit.engine.outcomes import Evaluation
from evalkit.escape import markdown as md
from evalkit.present.numbers import share
from evalkit.present.statements import (
    EXAMPLE_DATA_LABEL,
    Statements,
    contradiction_detail,
    statements,
)
from evalkit.present.statements import warnings as statement_warnings


def example_data_inline(s: Statements) -> str:
    """The example-data notice as inline Markdown (the one wording), '' for real data."""
    if not s.example_data_notice:
        return ""
    tekst = f"**{EXAMPLE_DATA_LABEL}** {md(s.example_data_notice)}"
    return tekst + (f" {md(s.example_data_note)}" if s.example_data_note else "")


def render_example_data(s: Statements) -> str:
    """A Markdown notice (block quote) when the round holds invented example data, else ''."""
    tekst = example_data_inline(s)
    return f"> {tekst}" if tekst else ""


def example_data_message(ev: Evaluation) -> str:
    """A Markdown notice when the round holds invented example data, else ''."""
    return render_example_data(statements(ev))


def _paragraph_goals(s: Statements) -> str:
    if not s.goals_assessable:
        return (
            f"**Doelen.** Er zijn nog geen doelen te beoordelen, dus de norm van {s.goals_norm} "
            f"behaalde doelen ({md(s.goals_norm_origin)}) is nog niet te toetsen."
        )
    n = s.goals_counted
    beoordeeld = "1 beoordeeld doel" if n == 1 else f"de {n} beoordeelde doelen"
    zin = (
        f"**Doelen: norm {s.goals_verdict}.** Van {beoordeeld} is {s.goals_share} behaald "
        f"({s.goals_achieved} van {n}"
        + (f", {s.goals_achieved_note}" if s.goals_achieved_note else "")
        + f"); de norm is ten minste {s.goals_norm} ({md(s.goals_norm_origin)})."
    )
    for c in s.contradictions:
        zin += f" **{c.id}**: {md(contradiction_detail(c))}."
    if s.goals_on_direction:
        zin += (
            f" {s.goals_on_direction} {'doel is' if s.goals_on_direction == 1 else 'doelen zijn'}"
            " alleen op de richting van de verandering beoordeeld (zonder streefwaarde)."
        )
    if s.goals_partly:
        doelen = "doel is" if s.goals_partly == 1 else "doelen zijn"
        zin += f" {s.goals_partly} {doelen} deels behaald; dat {s.goals_partly_weight}."
    if s.goals_not_counted:
        zin += f" Niet meegeteld: {' en '.join(s.goals_not_counted)}."
    for n in s.comparison_notes:
        zin += f" {md(n)}"
    return zin


def _paragraph_budget(s: Statements) -> str:
    if not s.has_budget:
        zin = "**Budget.** Geen enkele activiteit heeft een eigen budget in het jaarplan"
        return zin + (f"; besteed is {s.spent_total}." if s.spent_known else ".")
    zin = (
        f"**Budget.** Begroot is {s.budget_total} (activiteiten met een eigen "
        f"budget); besteed is {s.spent_total}."
    )
    n = len(s.overruns)
    if n:
        zin += f" {n} {'activiteit gaat' if n == 1 else 'activiteiten gaan'} over het budget heen."
    else:
        zin += " Geen activiteit gaat over haar budget heen."
    if s.without_budget:
        m = len(s.without_budget)
        zin += f" {m} {'activiteit heeft' if m == 1 else 'activiteiten hebben'} geen eigen budget."
    return zin


def _paragraph_hours(s: Statements) -> str | None:
    if not s.projects:
        return None
    if not s.projects_known:
        return (
            f"**Uren.** Van geen enkel project zijn toegewezen én bestede uren bekend, dus de "
            f"norm van {s.hours_norm} projecten binnen de uren is niet te toetsen."
        )
    binnen, bekend = s.projects_within, s.projects_known
    projecten = "1 project" if bekend == 1 else f"de {bekend} projecten"
    return (
        f"**Uren: norm {s.hours_verdict}.** {binnen} van {projecten} "
        f"({s.hours_share}) {'bleef' if binnen == 1 else 'bleven'} binnen de "
        f"toegewezen uren; de norm is ten minste {s.hours_norm} ({md(s.hours_norm_origin)})."
    )


def _paragraphs_norms(s: Statements) -> list[str]:
    uit = []
    for n in s.ratio_norms:
        if not n.computable:
            uit.append(
                f"**{md(n.naam)}: niet te beoordelen.** De gegevens voor deze norm (ten minste "
                f"{n.minimum}) ontbreken in deze ronde."
            )
        else:
            uit.append(
                f"**{md(n.naam)}: norm {n.verdict}.** Het aandeel is {n.share}; "
                f"de norm is ten minste {n.minimum}."
            )
    if s.smart_total:
        doelen = "1 doel" if s.smart_total == 1 else f"de {s.smart_total} doelen"
        uit.append(
            f"**SMART.** {s.smart_complete} van {doelen} ({s.smart_share}) "
            f"{'is' if s.smart_complete == 1 else 'zijn'} volledig SMART geformuleerd: met "
            "indicator, meetbare streefwaarde, deadline en eigenaar."
        )
    return uit


def render_summary(s: Statements, melding: bool = True) -> str:
    """The management summary in plain Dutch: one short paragraph per norm.

    The example-data notice comes first when the round holds example data (and melding).
    """
    alineas = [render_example_data(s)] if melding and s.example_data else []
    alineas.append(
        f"Deze samenvatting betreft {md(s.plan)}, {md(s.ronde)} (peildatum {s.peildatum})."
    )
    alineas += [_paragraph_goals(s), _paragraph_budget(s)]
    uren = _paragraph_hours(s)
    if uren:
        alineas.append(uren)
    alineas += _paragraphs_norms(s)
    return "\n\n".join(alineas)


def summary_markdown(ev: Evaluation, publiek: bool = False) -> str:
    """The management summary in plain Dutch, with the example-data notice first (if any).

    With publiek=True the share of a ratio norm is not shown when privacy.ratio_display hides
    a count of it (it would reveal the count). Counts of 1 read in the singular.
    """
    return render_summary(statements(ev, publiek))


def summary_without_message(ev: Evaluation, publiek: bool = False) -> str:
    """The management summary without its leading example-data notice (shown at the top)."""
    return render_summary(statements(ev, publiek), melding=False)


def header_markdown(ev: Evaluation) -> str:
    """The opening of an evaluation chapter: what is evaluated.

    The example-data notice is not repeated here: the summary before it says it, and the
    report marks every page (title page, page header, HTML banner).
    """
    s = statements(ev)
    return f"**{md(s.plan)}** — {md(s.organisatie)} — {md(s.ronde)}, peildatum {s.peildatum}."


def hours_markdown(ev: Evaluation) -> str:
    """Plain Dutch sentence on the hours norm, also when no project has (spent) hours."""
    s = statements(ev)
    norm = s.hours_norm
    if not s.projects:
        return (
            "Geen enkele activiteit is in het jaarplan aangemerkt als project met toegewezen "
            f"uren, dus de norm van ten minste {norm} projecten binnen de uren is niet te toetsen."
        )
    n = s.projects
    if not s.projects_known:
        reden = (
            "noemt voor geen van deze projecten toegewezen uren"
            if s.projects_without_hours == n
            else "van geen enkel project zijn zowel de toegewezen als de bestede uren bekend"
        )
        return (
            f"Het jaarplan heeft {n} {'project' if n == 1 else 'projecten'}, maar {reden}. De "
            f"norm van ten minste {norm} projecten binnen de uren is daarom niet te toetsen."
        )
    return (
        f"{s.projects_within} van de {s.projects_known} projecten met bekende uren bleven binnen "
        f"de toegewezen uren ({s.hours_share}); de norm is ten minste {norm} "
        f"({md(s.hours_norm_origin)}): **{s.hours_verdict}**."
    )


def activities_markdown(ev: Evaluation) -> str:
    """The share of activities completed, overall and per theme, as Markdown."""
    s = statements(ev)
    if not s.activities_counted:
        return "Er zijn geen activiteiten om te tellen."
    regels = [
        f"{s.activities_completed} van de {s.activities_counted} activiteiten "
        f"({s.activities_completed_share}) {'is' if s.activities_completed == 1 else 'zijn'} "
        "afgerond; vervallen activiteiten tellen niet mee."
    ]
    regels += [
        f"- {md(t.naam)}: {t.afgerond} van {t.geteld} afgerond ({t.share})"
        for t in s.activities_per_theme
    ]
    if len(regels) == 1:
        return regels[0]
    return regels[0] + "\n\n" + "\n".join(regels[1:])


def render_warnings(waarschuwingen: tuple[str, ...]) -> str:
    """Warnings (Statements.warnings) as a Markdown list under a heading; '' without any."""
    if not waarschuwingen:
        return ""
    return "**Opmerkingen bij de gegevens**\n\n" + "\n".join(f"- {md(w)}" for w in waarschuwingen)


def warnings_markdown(ev: Evaluation, publiek: bool = False) -> str:
    """The evaluation's warnings (e.g. a manual status that differs from the rules) as a list.

    With publiek=True the warnings about goals counted in pupils are left out, because they
    quote the measured value, which may be a small count.
    """
    return render_warnings(statement_warnings(ev, publiek))


def smart_markdown(ev: Evaluation) -> str:
    """One sentence on how many goals are fully SMART."""
    s = statements(ev)
    if not s.smart_total:
        return "Het jaarplan heeft geen doelen."
    return (
        f"{s.smart_complete} van de {s.smart_total} doelen ({s.smart_share}) "
        f"{'is' if s.smart_complete == 1 else 'zijn'} volledig SMART geformuleerd."
    )


def progress_markdown(ev: Evaluation) -> str:
    """One sentence introducing the progress table (or saying this is the first round)."""
    if len(ev.voortgang) <= 1:
        return (
            f"{md(ev.ronde.naam)} is de eerste ronde met realisatie; er zijn nog geen "
            "eerdere rondes om mee te vergelijken."
        )
    return (
        f"De kerncijfers van alle rondes tot en met {md(ev.ronde.naam)}, in volgorde van peildatum."
    )


def without_budget_markdown(ev: Evaluation) -> str:
    """The activities without a budget of their own, listed by id (listed, not hidden)."""
    zonder = statements(ev).without_budget
    if not zonder:
        return "Alle activiteiten hebben een eigen budget."
    n = len(zonder)
    woord = "activiteit heeft" if n == 1 else "activiteiten hebben"
    return (
        f"{n} {woord} geen eigen budget in het jaarplan: {', '.join(zonder)}. "
        "Hun kosten vallen onder een begrotingsonderdeel of onder het budget van scholen en "
        "besturen; ze staan met hun status in de tabel van alle activiteiten."
    )


def render_lessons(s: Statements) -> str:
    """What carries over to the next jaarplan, as Markdown lists (see lessons_markdown)."""
    delen = []
    for kop, items in s.carry_over():
        regels = []
        for i in items:
            if i.id is None:
                regels.append(f"- {md(i.tekst)}: {md(i.detail)}.")
                continue
            regel = f"- **{i.id}** {md(i.tekst)} — {md(i.detail)}."
            regels.append(regel + (f" _{md(i.toelichting)}_" if i.toelichting else ""))
        delen.append(f"**{kop} ({len(items)})**\n\n" + "\n".join(regels))
    if not delen:
        return (
            "Alle beoordeelde doelen zijn behaald, er zijn geen budgetoverschrijdingen en geen "
            "projecten boven de uren."
        )
    return "\n\n".join(delen)


def lessons_markdown(ev: Evaluation, publiek: bool = False) -> str:
    """What the evaluation means for the next jaarplan, as Markdown lists.

    Lists every goal niet behaald, deels behaald or nog niet te beoordelen, every budget
    overrun, every project over its hours and every plan-specific norm not met. With
    publiek=True the explanation of a goal counted in pupils is left out when it would show a
    count from 1 to 4, and the share of a norm is left out when privacy.ratio_display hides a
    count of it.
    """
    return render_lessons(statements(ev, publiek))


def long_term_markdown(ev: Evaluation) -> str:
    """The opening of the section on long-term goals: how many there are and how many yearly
    goals serve them, and which are measured by the plan's norms instead of yearly goals."""
    lange = ev.langetermijndoelen
    if not lange:
        return "Het jaarplan noemt geen langetermijndoelen."
    gekoppeld = sum(len(lt.doelen) for lt in lange)
    regels = [
        f"Het jaarplan noemt {len(lange)} "
        f"{'langetermijndoel' if len(lange) == 1 else 'langetermijndoelen'}. "
        f"{gekoppeld} van de {len(ev.doelen)} doelen van dit jaar "
        f"{'dient' if gekoppeld == 1 else 'dienen'} een langetermijndoel; per langetermijndoel "
        "staan hieronder die doelen met hun status in deze ronde."
    ]
    met_norm = [lt.id for lt in lange if lt.normen]
    if met_norm:
        regels.append(
            f"{'Langetermijndoel' if len(met_norm) == 1 else 'Langetermijndoelen'} "
            f"{', '.join(met_norm)} {'wordt' if len(met_norm) == 1 else 'worden'} volgens het "
            "jaarplan gemeten met de normen voor het hele jaarplan (doelen behaald, "
            "projecten binnen de uren); de tabel geeft de uitkomst van die normen."
        )
    return " ".join(regels)


def budget_lines_markdown(ev: Evaluation) -> str:
    """The opening of the section 'Begroting per onderdeel': what is known per onderdeel."""
    lijnen = ev.begroting
    if not lijnen:
        return "Het jaarplan deelt de begroting niet in onderdelen in."
    n = len(lijnen)
    met_bedrag = sum(o.bedrag is not None for o in lijnen)
    zonder = [a.id for a in ev.activiteiten if not any(a.id in o.activiteiten for o in lijnen)]
    regels = [
        f"Het jaarplan noemt {n} {'begrotingsonderdeel' if n == 1 else 'begrotingsonderdelen'}; "
        "per onderdeel staan hieronder de activiteiten die erop drukken. Een activiteit kan op "
        "meer onderdelen drukken; haar bedragen tellen alleen mee bij een onderdeel waar ze "
        "als enige op drukt."
    ]
    if met_bedrag == 0:
        regels.append("Het jaarplan noemt geen bedragen per begrotingsonderdeel.")
    if ev.aandeel_onderdelen_binnen_begroting is None:
        regels.append("Van geen enkel onderdeel zijn begroting en besteding allebei bekend.")
    else:
        gehaald = sum(o.binnen_begroting is True for o in lijnen)
        bekend = sum(o.binnen_begroting is not None for o in lijnen)
        regels.append(
            f"{gehaald} van de {bekend} onderdelen met bekende begroting en besteding bleven "
            f"binnen de begroting ({share(ev.aandeel_onderdelen_binnen_begroting)})."
        )
    if zonder:
        regels.append(f"Zonder begrotingsonderdeel: {md(', '.join(zonder))}.")
    return " ".join(regels)
