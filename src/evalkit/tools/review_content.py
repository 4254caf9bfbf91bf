"""The sections of a review copy after the summary: goals per theme, money and hours,
indicators, norms, points of attention, the changes since the previous copy and the
reactieformulier. Pupil counts are suppressed throughout."""

from __future__ import annotations

from datetime import date

from evalkit import fmt
from evalkit.engine import privacy
from evalkit.engine.evaluate import Evaluation
from evalkit.engine.rules import number_short, percent_short
from evalkit.escape import markdown as md
from evalkit.present import tables
from evalkit.present.tables import pct
from evalkit.tools.review_changes import norm_texts, verdict
from evalkit.tools.review_document import Block, BulletList, Form, Heading, Paragraph, Table
from evalkit.tools.review_summary import LARGEST_SMALL, SMALL, about_this_draft, goals_words
from evalkit.tools.review_summary import summary as summary_blocks

INDICATOR_COLUMNS = ("Indicator", "Eenheid", "Nulmeting", "Streefwaarde", "Vorige waarde",
                     "Waarde", "Verandering", "Streefwaarde gehaald")  # fmt: skip
BUDGET_COLUMNS = ("Activiteit", "Omschrijving", "Budget", "Besteed", "Overschrijding",
                  "Overschrijding %", "Status")  # fmt: skip


def _rows(df) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(c) for c in row) for row in df.itertuples(index=False))


def _plural(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


# --- goals per theme -------------------------------------------------------------------------


def _theme_sentence(t) -> str:
    is_are = "is" if t.totaal == 1 else "zijn"
    if t.totaal == 0:
        return "Bij dit thema horen geen doelen."
    if t.aandeel is None:
        return f"In dit thema {is_are} {goals_words(t.totaal)}; geen daarvan is al te beoordelen."
    assessed = "1 beoordeeld doel" if t.noemer == 1 else f"de {t.noemer} beoordeelde doelen"
    return (
        f"In dit thema {is_are} {goals_words(t.totaal)}. "
        f"Van {assessed} is {number_short(t.teller)} behaald ({pct(t.aandeel)})."
    )


def _goal_item(d, row) -> str:
    text = f"**{md(d.id)}** {md(d.tekst)} — status: **{md(d.status)}**."
    if d.afgeleid_status and d.afgeleid_status != d.status:
        text += (
            f" De status is met de hand vastgesteld; volgens de cijfers zou het "
            f"'{md(d.afgeleid_status)}' zijn."
        )
    value, target = row[5], row[6]
    if d.soort == "numeriek":
        text += f" Gemeten: {md(value)}. Streefwaarde: {md(target)}."
    elif d.soort == "mijlpaal":
        text += f" Gereed: {md(value)} ({md(target)})."
    if d.toelichting:
        text += f" Toelichting: _{md(d.toelichting)}_"
    return text


def goals_per_theme(ev: Evaluation) -> list[Block]:
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
    status = {a.id: a.status or fmt.EMPTY for a in ev.activiteiten}
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


def _overrun_item(a) -> str:
    share = "" if a.overschrijding_fractie is None else f" ({pct(a.overschrijding_fractie)})"
    text = (
        f"**{md(a.id)}** {md(a.omschrijving)} Uitgegeven {fmt.euro(a.besteed)} van "
        f"{fmt.euro(a.budget)}: {fmt.euro(a.overschrijding)} meer{share}."
    )
    if a.toelichting:
        text += f" Toelichting: _{md(a.toelichting)}_"
    return text


def _activity_notes(ev: Evaluation) -> list[Block]:
    out: list[Block] = []
    without = [a.id for a in ev.activiteiten if a.budget is None and a.besteed is None]
    if without:
        out.append(
            Paragraph(
                "Zonder eigen budget en zonder ingevulde uitgaven: "
                f"{_plural(len(without), 'activiteit', 'activiteiten')} "
                f"({md(', '.join(without))})."
            )
        )
    over = [a for a in ev.activiteiten if a.id in ev.overschreden]
    if over:
        out.append(Paragraph("Bij deze activiteiten is meer uitgegeven dan begroot:"))
        out.append(BulletList(tuple(_overrun_item(a) for a in over)))
    return out


def _hours(ev: Evaluation) -> list[Block]:
    if not ev.projecten:
        return []
    if not any(p.uren is not None or p.uren_besteed is not None for p in ev.projecten):
        return [
            Paragraph(
                f"Het jaarplan heeft {_plural(len(ev.projecten), 'project', 'projecten')} "
                f"({md(', '.join(p.id for p in ev.projecten))}). Van geen daarvan zijn "
                "afgesproken of gebruikte uren ingevuld."
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


def money_and_hours(ev: Evaluation) -> list[Block]:
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
    return out + _activity_notes(ev) + _hours(ev)


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


def _norm_rows(ev: Evaluation, texts: dict[str, dict[str, str]]) -> tuple[tuple[str, ...], ...]:
    a = ev.aandeel_doelen
    rows = [
        (
            "Aandeel behaalde doelen",
            f"ten minste {percent_short(ev.norm_doelen)}",
            fmt.EMPTY
            if a.aandeel is None
            else f"{pct(a.aandeel)} ({number_short(a.teller)} van {a.noemer})",
            verdict(ev.norm_doelen_gehaald),
        )
    ]
    if ev.projecten:
        rows.append(
            (
                "Aandeel projecten binnen de uren",
                f"ten minste {percent_short(ev.norm_uren)}",
                pct(ev.aandeel_binnen_uren),
                verdict(ev.norm_uren_gehaald),
            )
        )
    for n in ev.extra_normen:
        rows.append(
            (
                n.naam,
                f"ten minste {percent_short(n.minimum)}",
                texts[n.id]["aandeel"],
                verdict(n.gehaald),
            )
        )
    return tuple(rows)


def _norm_calculation(ev: Evaluation, texts: dict[str, dict[str, str]]) -> Table:
    rows = tuple(
        (
            n.naam,
            texts[n.id]["teller"],
            texts[n.id]["noemer"],
            texts[n.id]["aandeel"],
            percent_short(n.minimum),
        )
        for n in ev.extra_normen
    )
    return Table(
        "Berekening van de normen uit het jaarplan (teller gedeeld door noemer; "
        "aantallen leerlingen).",
        ("Norm", "Teller", "Noemer", "Aandeel", "Minimum"),
        rows,
        (52, 12, 12, 12, 12),
        frozenset({1, 2, 3, 4}),
    )


def norms(ev: Evaluation) -> list[Block]:
    """The norms and their verdicts; ratio norms with suppressed counts."""
    texts = norm_texts(ev.to_dict())
    out: list[Block] = [
        Heading("Normen"),
        Paragraph(
            "Een norm is een grens die vooraf is afgesproken. De tabel toont per norm de "
            "afspraak, de uitkomst en of de norm gehaald is."
        ),
        Table(
            "Normen en uitkomsten.",
            ("Norm", "Afspraak", "Uitkomst", "Oordeel"),
            _norm_rows(ev, texts),
            (46, 18, 18, 18),
        ),
        Paragraph(md(ev.aandeel_doelen.definitie)),
    ]
    if ev.extra_normen:
        out.append(_norm_calculation(ev, texts))
    return out


# --- attention points, changes, form ---------------------------------------------------------


def points_of_attention(ev: Evaluation) -> list[Block]:
    """The evaluation's warnings; those that would show a small pupil count are shortened."""
    out: list[Block] = [Heading("Aandachtspunten bij de cijfers")]
    per_goal = {d.waarschuwing: d for d in ev.doelen if d.waarschuwing}
    items = []
    for w in ev.waarschuwingen:
        d = per_goal.get(w)
        if d is not None and privacy.has_small_count(d.eenheid, d.waarde, d.nulmeting):
            w = (
                f"Doel {d.id}: de handmatige status '{d.status}' wijkt af van de status die uit "
                f"de cijfers volgt. De cijfers worden niet getoond (minder dan {privacy.THRESHOLD} "
                "leerlingen)."
            )
        items.append(md(w))
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
    since += f", {fmt.datum(made)})" if made else ")"
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
            f"{_plural(n, 'ding', 'dingen')} veranderd:"
        )
    )
    out.append(BulletList(tuple(md(r) for r in lines)))
    return out


def content(ev: Evaluation) -> tuple[list[Block], list[Block]]:
    """The document around the changes section: (front part, rest), both without numbers yet."""
    front = about_this_draft(ev) + summary_blocks(ev)
    rest = (
        goals_per_theme(ev)
        + money_and_hours(ev)
        + indicators(ev)
        + norms(ev)
        + points_of_attention(ev)
        + response_form()
    )
    return front, rest
