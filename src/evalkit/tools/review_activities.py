"""The parts of an OPR review copy about the activities and the year ahead: per theme the
activities by their description with their status in plain words (and Wie, Wanneer where the
plan names them), and the section 'Wat betekent dit voor volgend jaar?' with what carries
over and the staff's own text about the coming jaarplan (data/<id>/tekst/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evalkit.build.usertext import parse_markdown, read_texts
from evalkit.engine.evaluate import Evaluation
from evalkit.escape import markdown as md
from evalkit.present.statements import Statements
from evalkit.tools.review_document import Block, BulletList, Heading, Paragraph
from evalkit.tools.review_wording import activity_status, is_are, plural, status_counts

# tekst/*.md chapters about the year ahead: a file name with one of these words.
NEXT_YEAR_WORDS = ("komend", "volgend", "conclusie")
UNFINISHED = ("loopt", "niet gestart", "uitgesteld")
GOAL_GROUPS = {
    "niet behaald": ("Dit doel is niet gehaald:", "Deze doelen zijn niet gehaald:"),
    "deels behaald": (
        "Dit doel is voor een deel gehaald:",
        "Deze doelen zijn voor een deel gehaald:",
    ),
    "nog niet te beoordelen": (
        "Van dit doel weten we nog niet of het gehaald is:",
        "Van deze doelen weten we nog niet of ze gehaald zijn:",
    ),
}


# --- activities per theme --------------------------------------------------------------------


def _activity_item(a, wanneer: str | None) -> str:
    text = f"{md(a.omschrijving)} — **{activity_status(a.status)}**."
    if a.wie:
        text += f" Wie: {md(a.wie)}."
    if wanneer:
        text += f" Wanneer: {md(wanneer)}."
    if a.toelichting:
        text += f" Toelichting: _{md(a.toelichting)}_"
    return text


def theme_activities(ev: Evaluation, thema: str, wanneer: dict[str, str | None]) -> list[Block]:
    """The activities of one theme: a sentence with the counts per status, then each activity
    by its description with its status in plain words, Wie and Wanneer (wanneer: activity id
    -> the plan's 'wanneer'; the evaluation does not carry it)."""
    acts = [a for a in ev.activiteiten if a.thema == thema]
    if not acts:
        return [Paragraph("Bij dit thema staan geen activiteiten in het jaarplan.")]
    n = len(acts)
    counts = status_counts([a.status for a in acts])
    return [
        Paragraph(
            f"Voor dit thema {is_are(n)} {plural(n, 'activiteit', 'activiteiten')} gepland. "
            f"De stand: {counts}."
            if n > 1
            else f"Voor dit thema is 1 activiteit gepland. Die {counts.split(' ', 1)[1]}."
        ),
        BulletList(tuple(_activity_item(a, wanneer.get(a.id)) for a in acts)),
    ]


def activities_done(ev: Evaluation) -> Paragraph:
    """How many activities are completed, overall (for the summary)."""
    statuses = [a.status for a in ev.activiteiten]
    n = len(statuses)
    if not n:
        return Paragraph("Het jaarplan noemt geen activiteiten.")
    return Paragraph(
        f"Het jaarplan noemt {plural(n, 'activiteit', 'activiteiten')}. "
        f"De stand: {status_counts(statuses)}."
    )


# --- the year ahead --------------------------------------------------------------------------


def _goal_detail(ev: Evaluation, point) -> str:
    """What to add to a goal that carries over: the measured outcome for a goal with figures,
    else the working team's explanation (no system wording)."""
    soort = {d.id: d.soort for d in ev.doelen}.get(point.id)
    detail = ""
    if soort != "kwalitatief" and not point.uitleg.startswith("status handmatig"):
        detail = f" — {md(point.uitleg)}."
    if point.toelichting:
        detail += f" Toelichting: _{md(point.toelichting)}_"
    return detail


def _goals_ahead(ev: Evaluation, s: Statements) -> list[Block]:
    out: list[Block] = []
    for group in s.goals_attention:
        heads = GOAL_GROUPS.get(group.status)
        if heads is None:
            continue
        out.append(Paragraph(heads[0] if len(group.doelen) == 1 else heads[1]))
        out.append(BulletList(tuple(f"{md(d.tekst)}{_goal_detail(ev, d)}" for d in group.doelen)))
    return out


def _norms_ahead(s: Statements) -> list[str]:
    items = []
    if s.goals_norm_met is False:
        items.append(
            f"Het samenwerkingsverband wilde ten minste {s.goals_norm} van de doelen halen; "
            f"het werd {s.goals_share}."
        )
    if s.hours_norm_met is False:
        items.append(
            f"Ten minste {s.hours_norm} van de projecten moest binnen de afgesproken uren "
            f"blijven; dat werd {s.hours_share}."
        )
    for n in s.norms_not_met:
        items.append(f"{md(n.naam)}: ten minste {n.minimum} was afgesproken; het werd {n.share}.")
    return items


def _listed(intro: str, items: list[str]) -> list[Block]:
    """An introducing paragraph and its list; nothing when there are no items."""
    return [Paragraph(intro), BulletList(tuple(items))] if items else []


def _money_ahead(s: Statements) -> list[Block]:
    overruns = [
        f"{md(o.omschrijving)} Uitgegeven {o.besteed} van {o.budget}: {o.euro} meer."
        for o in s.overruns
    ]
    hours = [
        f"{md(p.omschrijving)} {p.uren_besteed} uur gebruikt van {p.uren} uur."
        for p in s.projects_over_hours
    ]
    return _listed("Bij deze activiteiten is meer geld uitgegeven dan begroot:", overruns) + (
        _listed("Bij deze projecten zijn meer uren gebruikt dan afgesproken:", hours)
    )


def _unfinished(ev: Evaluation) -> list[Block]:
    statuses = [a.status for a in ev.activiteiten if a.status in UNFINISHED]
    if not statuses:
        return []
    n = len(statuses)
    return [
        Paragraph(
            f"{plural(n, 'activiteit is', 'activiteiten zijn').capitalize()} nog niet af: "
            f"{status_counts(statuses)}. Ze staan hierboven per thema. Het volgende jaarplan "
            f"laat zien of {'die doorgaat' if n == 1 else 'die doorgaan'}."
        )
    ]


def next_year(ev: Evaluation, s: Statements, staff: list[Block]) -> list[Block]:
    """'Wat betekent dit voor volgend jaar?': goals not (fully) achieved, activities not
    finished, overruns, norms not met, and the staff's own text about the coming jaarplan."""
    out: list[Block] = [
        Heading("Wat betekent dit voor volgend jaar?"),
        Paragraph(
            "Wat dit jaar niet helemaal gelukt is, vraagt aandacht in het volgende jaarplan. "
            "Hieronder staat wat dat is."
        ),
    ]
    body = _goals_ahead(ev, s) + _unfinished(ev) + _money_ahead(s)
    body += _listed("Deze afspraken zijn niet gehaald:", _norms_ahead(s))
    out += body or [Paragraph("Alle doelen en afspraken zijn gehaald; er gaat niets mee.")]
    return out + staff


# --- the staff's own text --------------------------------------------------------------------


def _inline(nodes: list[dict[str, Any]]) -> str:
    """pandoc inline nodes as the copy's Markdown: text escaped, bold and italics kept."""
    out = []
    for node in nodes:
        kind, c = node["t"], node.get("c")
        if kind == "Str":
            out.append(md(c))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind == "Strong":
            out.append(f"**{_inline(c)}**")
        elif kind == "Emph":
            out.append(f"*{_inline(c)}*")
        elif kind in ("Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            out.append(_inline(c))
        elif kind == "Quoted":
            out.append(f"'{_inline(c[1])}'")
        elif kind in ("Link", "Image", "Span", "Cite"):
            out.append(_inline(c[1]))
        elif kind in ("Code", "Math", "RawInline"):
            out.append(md(c[1]))
    return "".join(out)


def _item_text(nodes: list[dict[str, Any]]) -> str:
    return " ".join(b.text for b in _blocks(nodes) if isinstance(b, Paragraph))


def _blocks(nodes: list[dict[str, Any]], notice: bool = False) -> list[Block]:
    out: list[Block] = []
    for node in nodes:
        kind, c = node["t"], node.get("c")
        if kind == "Header":
            out.append(Heading(_inline(c[2]).replace("\\", ""), min(c[0] + 1, 3)))
        elif kind in ("Para", "Plain"):
            out.append(Paragraph(_inline(c), notice))
        elif kind == "BlockQuote":
            out += _blocks(c, True)
        elif kind == "Div":
            out += _blocks(c[1], notice)
        elif kind in ("BulletList", "OrderedList"):
            items = c if kind == "BulletList" else c[1]
            out.append(BulletList(tuple(_item_text(i) for i in items)))
        elif kind == "CodeBlock":
            out.append(Paragraph(md(c[1]), notice))
    return out


def staff_text(plan_dir: Path) -> list[Block]:
    """The staff's chapters about the coming jaarplan (data/<id>/tekst/*.md whose name holds
    one of NEXT_YEAR_WORDS), checked as the report checks them (no symlinks, UTF-8)."""
    _, texts = read_texts(plan_dir / "tekst")
    out: list[Block] = []
    for name, text in texts.items():
        if any(w in name.lower() for w in NEXT_YEAR_WORDS):
            out += _blocks(parse_markdown(text, plan_dir / "tekst" / name)["blocks"])
    return out
