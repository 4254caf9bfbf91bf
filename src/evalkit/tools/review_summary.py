"""The opening of a review copy: what this draft is, the plain-language summary (short
sentences, numbers in words) and the glossary."""

from __future__ import annotations

from evalkit import fmt
from evalkit.engine import privacy
from evalkit.engine.evaluate import Evaluation
from evalkit.engine.rules import number_short, percent_short
from evalkit.escape import markdown as md
from evalkit.tools.review_changes import euro_or_empty, norm_texts
from evalkit.tools.review_document import Block, BulletList, Heading, Paragraph

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
    (
        "OPR",
        "de Ondersteuningsplanraad. Daarin zitten ouders, leerlingen en medewerkers. De OPR "
        "moet instemmen met het plan en bespreekt de evaluatie.",
    ),
    (
        "TLV",
        "toelaatbaarheidsverklaring: het besluit dat een leerling naar het speciaal "
        "(basis)onderwijs mag.",
    ),
)


def percent_words(share: float) -> str:
    """A share in plain words: 0.775 -> '77,5 procent'."""
    return percent_short(round(share, 3)).replace("%", " procent")


def _succeeded(met: bool | None) -> str:
    return "Dat is gelukt." if met else "Dat is niet gelukt."


def goals_words(n: float, one: str = "doel", more: str = "doelen") -> str:
    """'1 doel', '3 doelen'."""
    return f"{number_short(n)} {one if n == 1 else more}"


def _is_are(n: float) -> str:
    return "is" if n == 1 else "zijn"


def _counts_along(n: float) -> str:
    return "Dat telt" if n == 1 else "Die tellen"


def example_data_text(ev: Evaluation) -> str:
    """The Markdown example-data notice of a review copy ('' for real data)."""
    if not ev.voorbeelddata:
        return ""
    text = (
        f"**Let op: voorbeelddata.** De cijfers over de uitvoering in {md(ev.ronde.naam)} zijn "
        "verzonnen ter illustratie. Ze zeggen niets over wat er echt is gebeurd."
    )
    if ev.ronde.toelichting:
        text += f" {md(ev.ronde.toelichting)}"
    return text


def about_this_draft(ev: Evaluation) -> list[Block]:
    """The opening section: what this document is and how to refer to a place in it."""
    blocks: list[Block] = [
        Heading("Over dit concept"),
        Paragraph(
            f"Dit is een concept van de evaluatie van {md(ev.plan.naam)} van "
            f"{md(ev.plan.organisatie)}. De Ondersteuningsplanraad (OPR) bespreekt dit concept "
            "voordat de evaluatie definitief wordt. Het concept gaat over "
            f"{md(ev.ronde.naam)}, met de stand op {fmt.datum(ev.ronde.peildatum)}."
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
    if ev.voorbeelddata:
        blocks.append(Paragraph(example_data_text(ev), notice=True))
    return blocks


def _partly_sentence(ev: Evaluation, partly: int) -> str:
    weight = {1.0: "helemaal", 0.5: "voor de helft"}.get(
        ev.deels_behaald_telt, f"voor {number_short(ev.deels_behaald_telt)}"
    )
    return (
        f"{goals_words(partly).capitalize()} {_is_are(partly)} voor een "
        f"deel gehaald. {_counts_along(partly)} {weight} mee."
    )


def _assessed_sentences(ev: Evaluation) -> list[str]:
    """The sentences about the goals that could be assessed (a share is known)."""
    a = ev.aandeel_doelen
    achieved = a.aantallen.get("behaald", 0)
    partly = a.aantallen.get("deels behaald", 0)
    if a.noemer == 1:
        sentences = ["We konden 1 doel beoordelen."]
        if achieved or not partly:
            sentences.append("Dat is gehaald." if achieved else "Dat is niet gehaald.")
    else:
        sentences = [
            f"Van de {goals_words(a.noemer)} die we konden beoordelen, "
            f"{'is er' if achieved == 1 else 'zijn er'} {achieved} gehaald."
        ]
    if partly and ev.deels_behaald_telt:
        sentences.append(_partly_sentence(ev, partly))
    sentences.append(f"Dat is {percent_words(a.aandeel)}.")
    sentences.append(f"We wilden ten minste {percent_words(ev.norm_doelen)} halen.")
    sentences.append(_succeeded(ev.norm_doelen_gehaald))
    if partly and not ev.deels_behaald_telt:
        sentences.append(
            f"Daarnaast {_is_are(partly)} {goals_words(partly)} voor een "
            f"deel gehaald. {_counts_along(partly)} hier niet mee."
        )
    return sentences


def _goals_paragraph(ev: Evaluation) -> Paragraph:
    a = ev.aandeel_doelen
    if a.aandeel is None:
        sentences = [
            "We konden nog geen enkel doel beoordelen.",
            f"Daarom weten we nog niet of ten minste {percent_words(ev.norm_doelen)} van de "
            "doelen gehaald is.",
        ]
    else:
        sentences = _assessed_sentences(ev)
    pending = a.aantallen.get("nog niet te beoordelen", 0)
    dropped = a.aantallen.get("vervallen", 0)
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


def _money_paragraph(ev: Evaluation) -> Paragraph:
    if ev.budget_totaal is None:
        sentences = [
            "In het jaarplan hebben de activiteiten geen eigen budget.",
            "Daarom kunnen we niet zeggen of er te veel geld is uitgegeven.",
        ]
        if ev.besteed_totaal is not None:
            sentences.append(f"Er is {fmt.euro(ev.besteed_totaal)} uitgegeven.")
        return Paragraph(" ".join(sentences))
    sentences = [
        f"Voor activiteiten met een eigen budget was {fmt.euro(ev.budget_totaal)} begroot.",
        f"Er is {euro_or_empty(ev.besteed_totaal)} uitgegeven."
        if ev.besteed_totaal is not None
        else "Er zijn nog geen uitgaven ingevuld.",
    ]
    n = len(ev.overschreden)
    if n:
        sentences.append(
            f"Bij {n} {'activiteit' if n == 1 else 'activiteiten'} is meer uitgegeven dan begroot."
        )
    elif ev.besteed_totaal is not None:
        sentences.append("Geen enkele activiteit heeft meer uitgegeven dan begroot.")
    return Paragraph(" ".join(sentences))


def _hours_paragraph(ev: Evaluation) -> Paragraph:
    norm_hours = percent_words(ev.norm_uren)
    known = sum(p.binnen_uren is not None for p in ev.projecten)
    if not known:
        n = len(ev.projecten)
        return Paragraph(
            f"Het jaarplan heeft {n} {'project' if n == 1 else 'projecten'}. We weten nog "
            "niet hoeveel uren daarvoor zijn afgesproken én gebruikt. Daarom kunnen we niet "
            f"zeggen of ten minste {norm_hours} van de projecten binnen de uren is gebleven."
        )
    within = sum(p.binnen_uren is True for p in ev.projecten)
    return Paragraph(
        f"Van {known} {'project' if known == 1 else 'projecten'} weten we hoeveel uren "
        f"er zijn gebruikt. {within} daarvan {'bleef' if within == 1 else 'bleven'} "
        "binnen de afgesproken uren. "
        f"Dat is {percent_words(ev.aandeel_binnen_uren or 0)}. De norm is ten minste "
        f"{norm_hours}. {_succeeded(ev.norm_uren_gehaald)}"
    )


def _norm_paragraphs(ev: Evaluation) -> list[Block]:
    texts = norm_texts(ev.to_dict())
    paragraphs: list[Block] = []
    for n in ev.extra_normen:
        sentences = [
            f"Het jaarplan heeft ook deze norm: {md(n.naam)}.",
            f"Dat moet ten minste {percent_words(n.minimum)} zijn.",
        ]
        if n.aandeel is None:
            sentences.append("Dat konden we nog niet berekenen, want er ontbreken cijfers.")
        elif texts[n.id]["aandeel"] == privacy.SECONDARY:
            sentences.append(
                f"Het gaat om minder dan {privacy.THRESHOLD} leerlingen. Om hen te beschermen "
                f"noemen we het precieze getal niet. {_succeeded(n.gehaald)}"
            )
        else:
            sentences.append(
                f"Het was {fmt.percent(n.aandeel, 1).replace('%', ' procent')}. "
                f"{_succeeded(n.gehaald)}"
            )
        paragraphs.append(Paragraph(" ".join(sentences)))
    return paragraphs


def summary(ev: Evaluation) -> list[Block]:
    """The plain-language summary: short sentences, numbers in words, terms explained."""
    blocks: list[Block] = [
        Heading("Samenvatting in gewone taal"),
        Paragraph(
            f"Dit is de evaluatie van het jaarplan van {md(ev.plan.organisatie)}. Een jaarplan "
            "is het plan voor één jaar. We kijken hoe het ervoor stond op "
            f"{fmt.datum(ev.ronde.peildatum)}. Die dag heet de peildatum."
        ),
        _goals_paragraph(ev),
        _money_paragraph(ev),
    ]
    if ev.projecten:
        blocks.append(_hours_paragraph(ev))
    blocks += _norm_paragraphs(ev)
    if ev.voorbeelddata:
        blocks.append(
            Paragraph(
                "Let op: de cijfers over wat er gedaan is, zijn in deze versie verzonnen. Ze "
                "zijn alleen een voorbeeld. Ze zeggen niets over wat er echt is gebeurd."
            )
        )
    blocks.append(Heading("Wat betekenen de woorden?", 2))
    blocks.append(BulletList(tuple(f"**{word}**: {meaning}" for word, meaning in GLOSSARY)))
    return blocks
