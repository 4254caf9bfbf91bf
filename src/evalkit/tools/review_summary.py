"""The opening of a review copy: what this draft is, the plain-language summary (short
sentences, numbers in words) and the glossary.

Every figure, status and notice comes from the public statements (present.statements), so
the copy states what the jaarverslag states; only the wording is plainer."""

from __future__ import annotations

from evalkit.engine import privacy
from evalkit.escape import markdown as md
from evalkit.present.numbers import number_short
from evalkit.present.statements import Statements
from evalkit.present.text import example_data_inline
from evalkit.tools.review_document import Block, BulletList, Heading, Paragraph
from evalkit.tools.review_glossary import Term
from evalkit.tools.review_wording import is_are, plural

SMALL = f"<{privacy.THRESHOLD}"
LARGEST_SMALL = privacy.THRESHOLD - 1

GLOSSARY = (
    (
        "Jaarplan",
        "het plan voor één jaar. Daarin staat wat het samenwerkingsverband wil "
        "bereiken (de doelen) en wat het daarvoor doet (de activiteiten).",
    ),
    (
        "Samenwerkingsverband",
        "de scholen in een regio werken samen, zodat elk kind onderwijs "
        "krijgt dat bij hem of haar past. Dat heet passend onderwijs.",
    ),
    ("Doel", "iets wat het samenwerkingsverband wil bereiken."),
    ("Thema", "een onderwerp waar een aantal doelen bij hoort. Soms heet dat een speerpunt."),
    (
        "Activiteit",
        "iets wat het samenwerkingsverband doet om een doel te halen. Een project "
        "is een activiteit waarvoor een aantal uren is afgesproken.",
    ),
    ("Realisatie", "wat er echt is gedaan, gehaald of uitgegeven."),
    ("Behaald", "het doel is gehaald. Deels behaald: een deel van het doel is gehaald."),
    (
        "Norm",
        "een grens die vooraf is afgesproken. Bijvoorbeeld: ten minste 75 procent van de "
        "doelen moet gehaald zijn.",
    ),
    ("Peildatum", "de dag waarop de stand is opgemaakt."),
    ("Indicator", "een getal waarmee we meten of een doel dichterbij komt."),
    (
        "Nulmeting en streefwaarde",
        "de nulmeting is de stand bij het begin; de streefwaarde is "
        "de stand die het samenwerkingsverband wil bereiken.",
    ),
    ("Begroting", "het geld dat vooraf voor een activiteit is gereserveerd (het budget)."),
)


def words(percent: str) -> str:
    """A worded percentage of the statements in plain words: '77,5%' -> '77,5 procent'."""
    return percent.replace("%", " procent")


def _succeeded(met: bool | None) -> str:
    return "Dat is gelukt." if met else "Dat is niet gelukt."


def goals_words(n: float, one: str = "doel", more: str = "doelen") -> str:
    """'1 doel', '3 doelen'."""
    return plural(n, one, more)


_is_are = is_are


def _counts_along(n: float) -> str:
    return "Dat telt" if n == 1 else "Die tellen"


def about_this_draft(s: Statements) -> list[Block]:
    """The opening section: what this document is and how to refer to a place in it."""
    blocks: list[Block] = [
        Heading("Over dit concept"),
        Paragraph(
            f"Dit is een concept van de evaluatie van {md(s.plan)} van "
            f"{md(s.organisatie)}. De Ondersteuningsplanraad (OPR) bespreekt dit concept "
            "voordat de evaluatie definitief wordt. Het concept gaat over "
            f"{md(s.ronde)}, met de stand op {s.peildatum}."
        ),
        Paragraph(
            "Elke alinea, elk lijstpunt en elke tabel heeft een nummer tussen vierkante haken. "
            "De nummers zijn in de PDF en in de webversie (HTML) hetzelfde. Noem het nummer als "
            "u reageert. Achterin staat een reactieformulier."
        ),
        Paragraph(
            f"Aantallen leerlingen van 1 tot en met {LARGEST_SMALL} staan er als \\{SMALL}. Zo "
            f"is niemand te herkennen. Een {privacy.SECONDARY} betekent dat een getal is "
            "weggelaten, omdat u anders met de andere getallen een klein aantal leerlingen kunt "
            "uitrekenen."
        ),
    ]
    if s.example_data:
        blocks.append(Paragraph(example_data_inline(s), notice=True))
    return blocks


def _partly_sentence(s: Statements) -> str:
    partly = s.goals_partly
    weight = {1.0: "helemaal", 0.5: "voor de helft"}.get(
        s.goals_partly_factor, f"voor {number_short(s.goals_partly_factor)}"
    )
    return (
        f"{goals_words(partly).capitalize()} {_is_are(partly)} voor een "
        f"deel gehaald. {_counts_along(partly)} {weight} mee."
    )


def _assessed_sentences(s: Statements) -> list[str]:
    """The sentences about the goals that could be assessed (a share is known)."""
    achieved = s.goals_by_status.get("behaald", 0)
    partly = s.goals_partly
    if s.goals_counted == 1:
        sentences = ["We konden 1 doel beoordelen."]
        if achieved or not partly:
            sentences.append("Dat is gehaald." if achieved else "Dat is niet gehaald.")
    else:
        got = (
            "is er geen"
            if achieved == 0
            else f"{'is' if achieved == 1 else 'zijn'} er {number_short(achieved)}"
        )
        sentences = [
            f"Van de {goals_words(s.goals_counted)} die we konden beoordelen, {got} gehaald."
        ]
    if partly and s.goals_partly_factor:
        sentences.append(_partly_sentence(s))
    sentences.append(f"Dat is {words(s.goals_share)}.")
    sentences.append(
        f"We wilden ten minste {words(s.goals_norm)} halen."
        if s.goals_norm_source == "jaarplan"
        else f"Het jaarplan noemt geen norm; evalkit gebruikt als standaard ten minste "
        f"{words(s.goals_norm)}."
    )
    sentences.append(_succeeded(s.goals_norm_met))
    if partly and not s.goals_partly_factor:
        sentences.append(
            f"Daarnaast {_is_are(partly)} {goals_words(partly)} voor een "
            f"deel gehaald. {_counts_along(partly)} hier niet mee."
        )
    return sentences


def _goals_paragraph(s: Statements) -> Paragraph:
    if not s.goals_assessable:
        sentences = [
            "We konden nog geen enkel doel beoordelen.",
            f"Daarom weten we nog niet of ten minste {words(s.goals_norm)} van de "
            "doelen gehaald is.",
        ]
    else:
        sentences = _assessed_sentences(s)
    pending = s.goals_by_status.get("nog niet te beoordelen", 0)
    dropped = s.goals_by_status.get("vervallen", 0)
    if pending:
        sentences.append(
            f"{goals_words(pending).capitalize()} konden we nog niet beoordelen. "
            f"{_counts_along(pending)} niet mee."
        )
    if dropped:
        sentences.append(
            f"{goals_words(dropped).capitalize()} {_is_are(dropped)} "
            "vervallen: dat gaat niet meer door."
        )
    return Paragraph(" ".join(sentences))


def _money_paragraph(s: Statements) -> Paragraph:
    if not s.has_budget:
        sentences = [
            "In het jaarplan hebben de activiteiten geen eigen budget.",
            "Daarom kunnen we niet zeggen of er te veel geld is uitgegeven.",
        ]
        if s.spent_known:
            sentences.append(f"Er is {s.spent_total} uitgegeven.")
        return Paragraph(" ".join(sentences))
    sentences = [
        f"Voor activiteiten met een eigen budget was {s.budget_total} begroot.",
        f"Er is {s.spent_total} uitgegeven."
        if s.spent_known
        else "Er zijn nog geen uitgaven ingevuld.",
    ]
    n = len(s.overruns)
    if n:
        sentences.append(
            f"Bij {n} {'activiteit' if n == 1 else 'activiteiten'} is meer uitgegeven dan begroot."
        )
    elif s.spent_known:
        sentences.append("Geen enkele activiteit heeft meer uitgegeven dan begroot.")
    return Paragraph(" ".join(sentences))


def _hours_paragraph(s: Statements) -> Paragraph:
    norm_hours = words(s.hours_norm)
    known = s.projects_known
    if not known:
        n = s.projects
        return Paragraph(
            f"Het jaarplan heeft {n} {'project' if n == 1 else 'projecten'}. We weten nog "
            "niet hoeveel uren daarvoor zijn afgesproken én gebruikt. Daarom kunnen we niet "
            f"zeggen of ten minste {norm_hours} van de projecten binnen de uren is gebleven."
        )
    within = s.projects_within
    return Paragraph(
        f"Van {known} {'project' if known == 1 else 'projecten'} weten we hoeveel uren "
        f"er zijn gebruikt. {within} daarvan {'bleef' if within == 1 else 'bleven'} "
        "binnen de afgesproken uren. "
        f"Dat is {words(s.hours_share)}. De norm is ten minste "
        f"{norm_hours}. {_succeeded(s.hours_norm_met)}"
    )


def _norm_paragraphs(s: Statements) -> list[Block]:
    paragraphs: list[Block] = []
    for n in s.ratio_norms:
        sentences = [
            f"Het jaarplan heeft ook deze norm: {md(n.naam)}.",
            f"Dat moet ten minste {words(n.minimum)} zijn.",
        ]
        if not n.computable:
            sentences.append("Dat konden we nog niet berekenen, want er ontbreken cijfers.")
        elif n.hidden:
            sentences.append(
                f"Het gaat om minder dan {privacy.THRESHOLD} leerlingen. Om hen te beschermen "
                f"noemen we het precieze getal niet. {_succeeded(n.met)}"
            )
        else:
            sentences.append(f"Het was {words(n.share)}. {_succeeded(n.met)}")
        paragraphs.append(Paragraph(" ".join(sentences)))
    return paragraphs


def summary(s: Statements) -> list[Block]:
    """The plain-language summary: short sentences, numbers in words, terms explained."""
    blocks: list[Block] = [
        Heading("Samenvatting in gewone taal"),
        Paragraph(
            f"Dit is de evaluatie van het jaarplan van {md(s.organisatie)}. Een jaarplan "
            "is het plan voor één jaar. We kijken hoe het ervoor stond op "
            f"{s.peildatum}. Die dag heet de peildatum."
        ),
        _goals_paragraph(s),
        _money_paragraph(s),
    ]
    if s.projects:
        blocks.append(_hours_paragraph(s))
    blocks += _norm_paragraphs(s)
    if s.example_data:
        blocks.append(Paragraph(example_data_inline(s)))
    return blocks


def glossary(terms: tuple[Term, ...]) -> list[Block]:
    """'Wat betekenen de woorden?': the general words, then the abbreviations and jargon that
    occur in this copy (terms, from the maintained jargon list)."""
    blocks: list[Block] = [
        Heading("Wat betekenen de woorden?", 2),
        BulletList(tuple(f"**{word}**: {meaning}" for word, meaning in GLOSSARY)),
    ]
    if terms:
        blocks.append(Paragraph("Afkortingen en vakwoorden die in dit concept staan:"))
        blocks.append(BulletList(tuple(f"**{md(t.term)}**: {md(t.uitleg)}" for t in terms)))
    return blocks
