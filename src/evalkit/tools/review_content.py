"""The sections of a review copy after the summary: goals per theme, money and hours,
indicators, norms, points of attention, the changes since the previous copy and the
reactieformulier. Pupil counts are suppressed throughout: figures, statuses, flagged goals,
warnings and what carries over come from the public statements (present.statements), as in
the published jaarverslag."""

from __future__ import annotations

from datetime import date

from evalkit import fmt
from evalkit.engine import privacy
from evalkit.engine.evaluate import Evaluation
from evalkit.escape import markdown as md
from evalkit.present import tables
from evalkit.present.numbers import share
from evalkit.present.statements import Statements, contradicted, statements
from evalkit.tools.review_activities import activities_done, next_year, theme_activities
from evalkit.tools.review_document import (
    Block,
    BulletList,
    Form,
    Heading,
    Paragraph,
    Table,
    markdown,
)
from evalkit.tools.review_glossary import jargon, used_terms
from evalkit.tools.review_summary import LARGEST_SMALL, SMALL, about_this_draft, glossary
from evalkit.tools.review_summary import summary as summary_blocks
from evalkit.tools.review_wording import (
    achieved_sentence,
    activity_status,
    contradiction,
    is_are,
    plain_warning,
    plural,
)

INDICATOR_COLUMNS = ("Indicator", "Eenheid", "Nulmeting", "Streefwaarde", "Vorige waarde",
                     "Waarde", "Verandering", "Streefwaarde gehaald")  # fmt: skip
BUDGET_COLUMNS = ("Activiteit", "Omschrijving", "Budget", "Besteed", "Overschrijding",
                  "Overschrijding %", "Status")  # fmt: skip


def _rows(df) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(c) for c in row) for row in df.itertuples(index=False))


# --- goals per theme -------------------------------------------------------------------------


def _theme_sentence(t) -> str:
    if t.totaal == 0:
        return "Bij dit thema horen geen doelen."
    goals = f"In dit thema {is_are(t.totaal)} {plural(t.totaal, 'doel', 'doelen')}"
    if t.aandeel is None:
        return f"{goals}; geen daarvan is al te beoordelen."
    return f"{goals}. {achieved_sentence(t.teller, t.noemer)} ({share(t.aandeel)})."


def _goal_item(d, row) -> str:
    text = f"**{md(d.id)}** {md(d.tekst)} — status: **{md(d.status)}**."
    if contradicted(d):
        text += " " + md(contradiction(d.status, d.afgeleid_status))
    value, target = row[5], row[6]
    if d.soort == "numeriek":
        text += f" Gemeten: {md(value)}. Streefwaarde: {md(target)}."
    elif d.soort == "mijlpaal":
        text += f" Gereed: {md(value)} ({md(target)})."
    if d.toelichting:
        text += f" Toelichting: _{md(d.toelichting)}_"
    return text


def goals_per_theme(ev: Evaluation, wanneer: dict[str, str | None]) -> list[Block]:
    """Goals per theme: counts per status, then every goal with its status (suppressed)."""
    out: list[Block] = [
        Heading("Doelen per thema"),
        Paragraph(
            "Elk doel heeft een status: behaald, deels behaald, niet behaald, nog niet te "
            "beoordelen of vervallen. Doelen die nog niet te beoordelen of vervallen zijn, "
            "tellen niet mee in het aandeel behaalde doelen."
        ),
    ]
    df = tables.table_goals_per_thema(ev)
    out.append(
        Table(
            "Aantal doelen per status en per thema.",
            tuple(df.columns),
            _rows(df),
            (24, 9, 9, 9, 12, 11, 8, 10),
            frozenset(range(1, 8)),
        )
    )
    goal_table = tables.table_goals(ev, publiek=True)
    goal_rows = list(zip(ev.doelen, goal_table.itertuples(index=False), strict=True))
    for t in ev.per_thema:
        out.append(Heading(f"Thema: {t.naam}", 2))
        out.append(Paragraph(_theme_sentence(t)))
        items = [_goal_item(d, row) for d, row in goal_rows if d.thema == t.thema]
        if items:
            out.append(BulletList(tuple(items)))
        out.append(Heading("Activiteiten bij dit thema", 3))
        out += theme_activities(ev, t.thema, wanneer)
    return out


def long_term_goals(ev: Evaluation) -> list[Block]:
    """Per long-term goal the goals of this year that serve it and their status, in plain
    words; nothing when the plan names no long-term goals."""
    if not ev.langetermijndoelen:
        return []
    out: list[Block] = [
        Heading("Doelen voor de lange termijn"),
        Paragraph(
            "Het jaarplan noemt doelen voor de lange termijn. Hieronder staat per doel voor de "
            "lange termijn welke doelen van dit jaar eraan bijdragen en hoe het met die doelen "
            "staat."
        ),
    ]
    items = []
    for lt in ev.langetermijndoelen:
        text = f"**{md(lt.tekst)}**"
        if lt.horizon:
            text += f" (termijn: {md(lt.horizon)})"
        if lt.doelen:
            text += " Doelen van dit jaar: " + md(tables.linked_goals_text(lt)) + "."
        if lt.normen:
            text += (
                " Dit meten we met de afspraken voor het hele jaarplan: "
                + md(tables.linked_norms_text(lt))
                + "."
            )
        if not lt.doelen and not lt.normen:
            text += " Er is dit jaar geen doel aan gekoppeld."
        items.append(text)
    out.append(BulletList(tuple(items)))
    return out


# --- money and hours -------------------------------------------------------------------------


def _budget_tables(ev: Evaluation) -> list[Block]:
    out: list[Block] = [
        Paragraph(
            "Het budget telt alleen activiteiten met een eigen budget in het jaarplan. "
            "Uitgegeven (besteed) telt alle activiteiten. Een overschrijding is het bedrag "
            "dat een activiteit meer heeft uitgegeven dan haar budget."
        )
    ]
    df = tables.table_budget_per_thema(ev)
    out.append(
        Table(
            "Begroting en uitgaven per thema.",
            (
                "Thema",
                "Budget",
                "Besteed",
                "Meer dan budget",
                "Activiteiten",
                "Zonder eigen budget",
            ),
            _rows(df),
            (30, 14, 14, 14, 14, 14),
            frozenset(range(1, 6)),
        )
    )
    df = tables.table_budget(ev)
    status = {a.id: activity_status(a.status) if a.status else fmt.EMPTY for a in ev.activiteiten}
    df = df.assign(Status=[status[i] for i in df["Activiteit"]])
    rows = _rows(df[list(BUDGET_COLUMNS)]) if len(df) else ()
    if rows:
        out.append(
            Table(
                "Activiteiten met een eigen budget of met ingevulde uitgaven.",
                (
                    "Activiteit",
                    "Omschrijving",
                    "Budget",
                    "Besteed",
                    "Meer dan budget",
                    "Meer dan budget (%)",
                    "Status",
                ),
                rows,
                (11, 35, 11, 11, 11, 11, 10),
                frozenset({2, 3, 4, 5}),
            )
        )
    return out


def _overrun_item(o, toelichting: str | None) -> str:
    part = "" if o.share is None else f" ({o.share})"
    text = (
        f"**{md(o.id)}** {md(o.omschrijving)} Uitgegeven {o.besteed} van "
        f"{o.budget}: {o.euro} meer{part}."
    )
    if toelichting:
        text += f" Toelichting: _{md(toelichting)}_"
    return text


def _activity_notes(ev: Evaluation, s: Statements) -> list[Block]:
    out: list[Block] = []
    n = sum(a.budget is None and a.besteed is None for a in ev.activiteiten)
    if n:
        out.append(
            Paragraph(
                f"{plural(n, 'activiteit heeft', 'activiteiten hebben').capitalize()} geen "
                "eigen budget en geen ingevulde uitgaven. Ze staan bij hun thema onder "
                "'Doelen per thema'."
            )
        )
    if s.overruns:
        notes = {a.id: a.toelichting for a in ev.activiteiten}
        out.append(Paragraph("Bij deze activiteiten is meer uitgegeven dan begroot:"))
        out.append(BulletList(tuple(_overrun_item(o, notes[o.id]) for o in s.overruns)))
    return out


def _hours(ev: Evaluation) -> list[Block]:
    if not ev.projecten:
        return []
    if not any(p.uren is not None or p.uren_besteed is not None for p in ev.projecten):
        n = len(ev.projecten)
        return [
            Paragraph(
                f"Het jaarplan heeft {plural(n, 'project', 'projecten')}. "
                + ("Van dat project zijn geen" if n == 1 else "Van geen daarvan zijn")
                + " afgesproken of gebruikte uren ingevuld."
            )
        ]
    df = tables.table_hours(ev)
    return [
        Table(
            "Projecten: afgesproken en gebruikte uren.",
            tuple(df.columns),
            _rows(df),
            (10, 54, 11, 13, 12),
            frozenset({2, 3}),
        )
    ]


def money_and_hours(ev: Evaluation, s: Statements) -> list[Block]:
    """Budget, spend and overruns per theme and per activity; hours of projects."""
    out: list[Block] = [Heading("Geld en uren")]
    if ev.budget_totaal is None and ev.besteed_totaal is None:
        out.append(
            Paragraph(
                "In het jaarplan hebben de activiteiten geen eigen budget, en er zijn geen "
                "uitgaven ingevuld. Daarom staat hier geen tabel met bedragen."
            )
        )
    else:
        out += _budget_tables(ev)
    return out + _activity_notes(ev, s) + _hours(ev)


# --- indicators and norms --------------------------------------------------------------------


def indicators(ev: Evaluation) -> list[Block]:
    """Indicator values with pupil counts suppressed (also inside ratio norms)."""
    out: list[Block] = [Heading("Indicatoren")]
    if not ev.indicatoren:
        out.append(Paragraph("Dit jaarplan heeft geen indicatoren."))
        return out
    out.append(
        Paragraph(
            "Een indicator is een getal waarmee we meten of een doel dichterbij komt. De tabel "
            "toont de nulmeting, de streefwaarde, de vorige meting en de meting van deze ronde. "
            f"Aantallen leerlingen van 1 tot en met {LARGEST_SMALL} staan er als \\{SMALL}; een "
            "getal of een verandering die zo'n aantal zou verraden, staat er als "
            f"{privacy.SECONDARY}."
        )
    )
    records = tables.table_indicators(ev, publiek=True).to_dict("records")
    out.append(
        Table(
            "Indicatoren: nulmeting, streefwaarde, vorige en huidige meting.",
            (
                "Indicator",
                "Eenheid",
                "Nulmeting",
                "Streefwaarde",
                "Vorige meting",
                "Deze meting",
                "Verandering",
                "Gehaald",
            ),
            tuple(tuple(row[k] for k in INDICATOR_COLUMNS) for row in records),
            (25, 11, 10, 12, 9, 9, 13, 9),
            frozenset({2, 3, 4, 5, 6}),
        )
    )
    return out


def _norm_rows(s: Statements) -> tuple[tuple[str, ...], ...]:
    goals = (
        f"{s.goals_share} ({s.goals_achieved} van {s.goals_counted})"
        if s.goals_assessable
        else fmt.EMPTY
    )
    rows = [("Aandeel behaalde doelen", f"ten minste {s.goals_norm}", goals, s.goals_verdict)]
    if s.projects:
        rows.append(
            (
                "Aandeel projecten binnen de uren",
                f"ten minste {s.hours_norm}",
                s.hours_share,
                s.hours_verdict,
            )
        )
    for n in s.ratio_norms:
        shown = privacy.SECONDARY if n.hidden else n.share
        rows.append((n.naam, f"ten minste {n.minimum}", shown, n.verdict))
    return tuple(rows)


def norms(ev: Evaluation, s: Statements) -> list[Block]:
    """The norms and their verdicts; ratio norms with suppressed counts."""
    out: list[Block] = [
        Heading("Normen"),
        Paragraph(
            "Een norm is een grens die vooraf is afgesproken. De tabel toont per norm de "
            "afspraak, de uitkomst en of de norm gehaald is."
        ),
        Table(
            "Normen en uitkomsten.",
            ("Norm", "Afspraak", "Uitkomst", "Oordeel"),
            _norm_rows(s),
            (46, 18, 18, 18),
        ),
        Paragraph(md(s.goals_definition)),
    ]
    if ev.extra_normen:
        df = tables.table_extra_norms(ev, publiek=True).drop(columns="Gehaald")
        out.append(
            Table(
                "Berekening van de normen uit het jaarplan (teller gedeeld door noemer; "
                "aantallen leerlingen).",
                tuple(df.columns),
                _rows(df),
                (52, 12, 12, 12, 12),
                frozenset({1, 2, 3, 4}),
            )
        )
    return out


# --- attention points, changes, form ---------------------------------------------------------


def points_of_attention(ev: Evaluation, s: Statements) -> list[Block]:
    """The warnings in plain words, as in the jaarverslag (the public statements: warnings that
    quote a pupil count are left out); a goal whose status the working team set against the
    figures is said so in plain words."""
    out: list[Block] = [Heading("Aandachtspunten bij de cijfers")]
    flagged = {
        f"Doel {d.id}:": d
        for d in ev.doelen
        if d.waarschuwing and d.afgeleid_status and d.afgeleid_status != d.status
    }
    items = []
    for w in s.warnings:
        d = next((d for key, d in flagged.items() if w.startswith(key)), None)
        if d is None:
            items.append(plain_warning(w))
        else:
            items.append(f"Doel {md(d.id)}: {md(contradiction(d.status, d.afgeleid_status))}")
    if items:
        out.append(BulletList(tuple(items)))
    else:
        out.append(Paragraph("Er zijn geen aandachtspunten."))
    return out


def response_form() -> list[Block]:
    """The appendix with the form: Paragraaf | Opmerking | Naam (niet verplicht)."""
    return [
        Heading("Bijlage: reactieformulier"),
        Paragraph(
            "Schrijf bij elke opmerking het nummer tussen vierkante haken van de alinea, het "
            "lijstpunt of de tabel waar het over gaat. Uw naam invullen is niet verplicht."
        ),
        Form("Reactieformulier.", ("Paragraaf", "Opmerking", "Naam (niet verplicht)")),
    ]


def changes_blocks(previous: tuple[int, str, date | None] | None, lines: list[str]) -> list[Block]:
    """The section 'Wijzigingen sinds de vorige versie'; previous is (number, version id,
    date) of the previous copy, None for the first copy."""
    out: list[Block] = [Heading("Wijzigingen sinds de vorige versie")]
    if previous is None:
        out.append(Paragraph("Dit is de eerste versie; er is geen vorige versie."))
        return out
    number, version, made = previous
    since = f"versie {number} (versie-id {version}"
    since += f", {fmt.date_text(made)})" if made else ")"
    if not lines:
        out.append(
            Paragraph(
                f"Vergeleken met {since} zijn er geen statussen, percentages of bedragen "
                "veranderd. Wel is de tekst of de opmaak van het document aangepast."
            )
        )
        return out
    n = len(lines)
    out.append(
        Paragraph(
            f"Vergeleken met {since} {'is' if n == 1 else 'zijn'} "
            f"{plural(n, 'ding', 'dingen')} veranderd:"
        )
    )
    out.append(BulletList(tuple(md(r) for r in lines)))
    return out


def content(
    ev: Evaluation,
    staff: list[Block] | None = None,
    wanneer: dict[str, str | None] | None = None,
) -> tuple[list[Block], list[Block]]:
    """The document around the changes section: (front part, rest), both without numbers yet.

    staff: the staff's own text about the coming jaarplan (review_activities.staff_text);
    wanneer: activity id -> the plan's 'wanneer'. The glossary explains the jargon that occurs
    anywhere in the copy."""
    s = statements(ev, publiek=True)
    front = about_this_draft(s) + summary_blocks(s) + [activities_done(ev)]
    rest = (
        goals_per_theme(ev, wanneer or {})
        + long_term_goals(ev)
        + money_and_hours(ev, s)
        + indicators(ev)
        + norms(ev, s)
        + points_of_attention(ev, s)
        + next_year(ev, s, staff or [])
        + response_form()
    )
    terms = used_terms(markdown(front + rest, numbered=False), jargon())
    return front + glossary(terms), rest
