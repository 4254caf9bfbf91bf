"""OPR review copies: numbered, versioned concept documents of an evaluation, with a manifest."""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from evalkit import fmt, paths
from evalkit.build.render import compile_pdf, pandoc
from evalkit.data import load, values
from evalkit.engine import privacy
from evalkit.engine.evaluate import Evaluation, evaluate
from evalkit.engine.rules import number_short, percent_short, value_text
from evalkit.errors import OutputError, ParameterError, os_reason
from evalkit.files import sha256
from evalkit.present import tables
from evalkit.present.tables import pct

HEADER_TEXT = "CONCEPT — ter bespreking in de OPR"
OPR_DIR = "opr"
EVALUATION = "evaluatie.json"  # inside the copy folder only in copies made before INTERN_MAP
INTERNAL_DIR = ".intern"  # opr/.intern/<copy folder>.json: the unsuppressed evaluation
MANIFEST = "manifest.json"
DOCUMENT = "concept.md"
VERSION_DIR = re.compile(r"^v(\d{3,})-([0-9a-f]{12})$")
FORM_ROWS = 12
EMPTY = fmt.EMPTY
SMALL = f"<{privacy.THRESHOLD}"
LARGEST_SMALL = privacy.THRESHOLD - 1
NOT_FILLED_IN = "niet ingevuld"
MARKDOWN = "markdown-smart-citations-tex_math_dollars-raw_html-raw_tex-subscript-superscript"
RESOURCES = resources.files("evalkit") / "resources" / "review"
_MD = re.compile(r"([\\`*_\[\]<>#|$@~^&])")


# --- the document as blocks -----------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A heading (unnumbered: only paragraphs, list items and tables carry numbers)."""

    tekst: str
    niveau: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph; tekst is Markdown inline text. melding: shown as a notice."""

    tekst: str
    melding: bool = False


@dataclass(frozen=True)
class BulletList:
    """A bullet list; every item gets its own number. Items are Markdown inline text."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a numbered caption; cells are plain text, breedtes relative widths."""

    titel: str
    kolommen: tuple[str, ...]
    rijen: tuple[tuple[str, ...], ...]
    breedtes: tuple[int, ...]
    rechts: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Form:
    """The reactieformulier: a numbered title and a table of empty rows (plain-text title)."""

    titel: str
    kolommen: tuple[str, ...]
    rijen: int = FORM_ROWS


Block = Heading | Paragraph | BulletList | Table | Form


def md(tekst: Any) -> str:
    """Escape text from the data so that Markdown shows it literally (whitespace collapsed)."""
    return _MD.sub(r"\\\1", " ".join(str(tekst).split()))


def _number(n: int) -> str:
    return f"[**\\[{n}\\]**]{{#p{n} .nr}} "


def _table_md(t: Table) -> str:
    totaal = sum(t.breedtes)
    scheiding = []
    for i, b in enumerate(t.breedtes):
        streep = "-" * max(3, round(100 * b / totaal))
        scheiding.append(f"{streep}:" if i in t.rechts else f":{streep}")
    regels = [
        "| " + " | ".join(md(k) for k in t.kolommen) + " |",
        "|" + "|".join(scheiding) + "|",
    ]
    regels += ["| " + " | ".join(md(c) for c in rij) + " |" for rij in t.rijen]
    return "\n".join(regels)


def _form_md(f: Form, nummer: int | None) -> str:
    """The form as raw HTML and raw typst (rows high enough to write in), title included.

    The title is plain text; the number is written in both formats exactly as _nummer shows it.
    """
    nr_html = f'<span id="p{nummer}" class="nr"><strong>[{nummer}]</strong></span> '
    nr_typ = f"#strong[\\[{nummer}\\]]<p{nummer}> "
    if nummer is None:
        nr_html = nr_typ = ""
    kop_html = "".join(f"<th>{k}</th>" for k in f.kolommen)
    rij_html = "<tr>" + "<td></td>" * len(f.kolommen) + "</tr>"
    html = (
        f'<p>{nr_html}{f.titel}</p>\n<table class="reactieformulier">\n'
        f"<thead><tr>{kop_html}</tr></thead>\n<tbody>\n"
        + "\n".join([rij_html] * f.rijen)
        + "\n</tbody>\n</table>"
    )
    kop_typ = ", ".join(f"[*{k}*]" for k in f.kolommen)
    typst = (
        "#block(breakable: false)[\n"
        f"{nr_typ}{f.titel}\n\n"
        "#table(\n"
        "  columns: (2.6cm, 1fr, 4.4cm),\n"
        f"  rows: (auto,) + (1.3cm,) * {f.rijen},\n"
        "  stroke: 0.5pt + luma(110),\n"
        f"  table.header({kop_typ}),\n"
        f"  ..range({f.rijen * len(f.kolommen)}).map(_ => []),\n"
        ")\n]"
    )
    return f"```{{=html}}\n{html}\n```\n\n```{{=typst}}\n{typst}\n```"


def markdown(blokken: list[Block], genummerd: bool = True) -> str:
    """The document as pandoc Markdown; numbers [1], [2], ... run through the whole document.

    With genummerd=False the same text without numbers (the basis of the version id).
    """
    teller = itertools.count(1)

    def nr() -> str:
        return _number(next(teller)) if genummerd else ""

    delen = []
    for b in blokken:
        if isinstance(b, Heading):
            delen.append(f"{'#' * b.niveau} {md(b.tekst)}")
        elif isinstance(b, Paragraph):
            delen.append(("> " if b.melding else "") + nr() + b.tekst)
        elif isinstance(b, BulletList):
            delen.append("\n".join(f"- {nr()}{item}" for item in b.items))
        elif isinstance(b, Table):
            delen.append(_table_md(b) + "\n\n: " + nr() + b.titel)
        elif isinstance(b, Form):
            delen.append(_form_md(b, next(teller) if genummerd else None))
    return "\n\n".join(delen) + "\n"


# --- privacy: pupil counts in ratio norms and indicators --------------------------------------


def norm_texts(ev: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Suppressed texts per plan-specific ratio norm (Evaluatie.to_dict()): 'teller', 'noemer'
    and 'aandeel', as privacy.ratio_weergave gives them."""
    uit = {}
    for n in ev.get("extra_norms", []):
        r = privacy.ratio_display(n.get("teller"), n.get("noemer"), n.get("aandeel"))
        uit[n["id"]] = {"teller": r.teller, "noemer": r.noemer, "aandeel": r.aandeel}
    return uit


# --- changes since the previous copy ---------------------------------------------------------


def _verdict(gehaald: bool | None) -> str:
    return {True: "gehaald", False: "niet gehaald", None: "niet te beoordelen"}[gehaald]


def _euro(waarde: float | None) -> str:
    return NOT_FILLED_IN if waarde is None else fmt.euro(waarde)


def _status(status: str | None) -> str:
    return NOT_FILLED_IN if status is None else f"'{status}'"


def _goal_value(d: dict[str, Any]) -> str:
    if d.get("soort") == "mijlpaal":
        gereed = d.get("datum_gereed")
        return "nog niet gereed" if not gereed else fmt.datum(date.fromisoformat(gereed))
    if d.get("waarde") is None:
        return NOT_FILLED_IN
    if privacy.is_leerlingen(d.get("eenheid")):
        return f"{privacy.suppress_count(d['waarde'])} leerlingen"
    return value_text(d["waarde"], d.get("eenheid"))


def key_figures(ev: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The figures whose changes a review copy lists, from an Evaluatie.to_dict() result.

    Returns key -> (label, display text): the round, goal statuses and values, the shares of
    goals achieved (overall and per theme) and the norm verdicts, budget, spend, overrun and
    status per activity, theme totals and overall totals, hours, indicator values and the
    plan-specific norms. Pupil counts appear suppressed, exactly as in the document; text
    fields (explanations) appear under a key ending in ':tekst' with their raw text.
    """
    uit: dict[str, tuple[str, str]] = {}
    uit["ronde"] = (
        "Evaluatieronde:",
        f"{ev.get('ronde_name')} (peildatum {fmt.datum(date.fromisoformat(ev['peildatum']))})",
    )
    for d in ev.get("goals", []):
        uit[f"doel:{d['id']}:status"] = (f"Doel {d['id']}: status", _status(d.get("status")))
        if d.get("soort") in ("numeriek", "mijlpaal"):
            woord = "gereed" if d.get("soort") == "mijlpaal" else "gemeten waarde"
            uit[f"doel:{d['id']}:waarde"] = (f"Doel {d['id']}: {woord}", _goal_value(d))
        uit[f"doel:{d['id']}:tekst"] = (f"doel {d['id']}", d.get("toelichting") or "")
    uit["doelen:aandeel"] = (
        "Aandeel behaalde doelen:",
        pct(ev.get("goals_achieved_share")),
    )
    norm = percent_short(ev.get("goals_norm", 0.75))
    uit["doelen:norm"] = (
        f"Norm aandeel behaalde doelen (ten minste {norm}):",
        _verdict(ev.get("goals_norm_met")),
    )
    for t in ev.get("goals_per_theme", []):
        uit[f"thema:{t['thema']}:aandeel"] = (
            f"Aandeel behaalde doelen in thema {t['naam']}:",
            pct(t.get("aandeel")),
        )
    for a in ev.get("activities", []):
        i = a["id"]
        if a.get("budget") is not None:
            uit[f"activiteit:{i}:budget"] = (f"Budget {i}:", _euro(a["budget"]))
        uit[f"activiteit:{i}:besteed"] = (f"Besteed {i}:", _euro(a.get("besteed")))
        over = a.get("overschrijding")
        if over is not None:
            tekst = "geen" if over == 0 else fmt.euro(over)
            if over and a.get("overschrijding_fractie") is not None:
                tekst += f" ({pct(a['overschrijding_fractie'])})"
            uit[f"activiteit:{i}:overschrijding"] = (f"Overschrijding {i}:", tekst)
        if a.get("project"):
            uit[f"activiteit:{i}:uren"] = (
                f"Uren besteed {i}:",
                NOT_FILLED_IN if a.get("uren_besteed") is None else number_short(a["uren_besteed"]),
            )
        uit[f"activiteit:{i}:status"] = (f"Activiteit {i}: status", _status(a.get("status")))
        uit[f"activiteit:{i}:tekst"] = (f"activiteit {i}", a.get("toelichting") or "")
    for t in ev.get("budget_per_theme", []):
        uit[f"thema:{t['thema']}:besteed"] = (
            f"Besteed in thema {t['naam']}:",
            _euro(t.get("besteed")),
        )
        uit[f"thema:{t['thema']}:overschrijding"] = (
            f"Overschrijding in thema {t['naam']}:",
            fmt.euro(t["overschrijding"]) if t.get("overschrijding") else "geen",
        )
    uit["budget:totaal"] = ("Begroot in totaal:", _euro(ev.get("budget_total")))
    uit["besteed:totaal"] = ("Besteed in totaal:", _euro(ev.get("spent_total")))
    over = sum(t.get("overschrijding") or 0 for t in ev.get("budget_per_theme", []))
    uit["overschrijding:totaal"] = (
        "Overschrijding in totaal:",
        fmt.euro(round(over, 2)) if over else "geen",
    )
    uit["budget:aandeel"] = (
        "Aandeel activiteiten binnen het budget:",
        pct(ev.get("activities_within_budget_share")),
    )
    if ev.get("projects"):
        uit["uren:aandeel"] = (
            "Aandeel projecten binnen de uren:",
            pct(ev.get("projects_within_hours_share")),
        )
        uit["uren:norm"] = (
            f"Norm projecten binnen de uren (ten minste {percent_short(ev.get('hours_norm', 0))}):",
            _verdict(ev.get("hours_norm_met")),
        )
    verborgen = privacy.indicator_texts(ev.get("indicators", []), ev.get("extra_norms", []))
    for ind in ev.get("indicators", []):
        if ind["id"] in verborgen:
            tekst = verborgen[ind["id"]]["waarde"]
        else:
            tekst = value_text(ind.get("waarde"), ind.get("eenheid"))
        uit[f"indicator:{ind['id']}"] = (
            f"Indicator {ind['naam']}:",
            NOT_FILLED_IN if tekst == EMPTY else tekst,
        )
    normteksten = norm_texts(ev)
    for n in ev.get("extra_norms", []):
        uit[f"norm:{n['id']}:aandeel"] = (f"{n['naam']}:", normteksten[n["id"]]["aandeel"])
        uit[f"norm:{n['id']}:oordeel"] = (
            f"Norm {n['naam']} (ten minste {percent_short(n['minimum'])}):",
            _verdict(n.get("gehaald")),
        )
    return uit


def wijzigingen(oud: dict[str, Any], nieuw: dict[str, Any]) -> list[str]:
    """Dutch lines naming every key figure that changed between two stored evaluations.

    E.g. "Doel D12: status van 'niet behaald' naar 'behaald'", "Besteed A19: van € 23.750
    naar € 25.000", "Aandeel behaalde doelen: van 77,5% naar 80%". A changed explanation is
    named without its text; figures that look the same after suppression are not listed.
    """
    a, b = key_figures(oud), key_figures(nieuw)
    regels = []
    for sleutel in list(b) + [k for k in a if k not in b]:
        label = (b.get(sleutel) or a[sleutel])[0]
        was = a[sleutel][1] if sleutel in a else None
        nu = b[sleutel][1] if sleutel in b else None
        if was == nu:
            continue
        if sleutel.endswith(":tekst"):
            if was and nu:
                regels.append(f"Toelichting bij {label} is gewijzigd.")
            elif nu:
                regels.append(f"Toelichting bij {label} is toegevoegd.")
            else:
                regels.append(f"Toelichting bij {label} is verwijderd.")
        elif was is None:
            regels.append(f"{label} {nu} (nieuw)")
        elif nu is None:
            regels.append(f"{label} {was} (vervallen: staat niet meer in het jaarplan)")
        else:
            regels.append(f"{label} van {was} naar {nu}")
    return regels


# --- the content -----------------------------------------------------------------------------


def _percent_words(aandeel: float) -> str:
    """A share in plain words: 0.775 -> '77,5 procent'."""
    return percent_short(round(aandeel, 3)).replace("%", " procent")


def _succeeded(gehaald: bool | None) -> str:
    return "Dat is gelukt." if gehaald else "Dat is niet gelukt."


def _goals_words(n: float, enkel: str = "doel", meer: str = "doelen") -> str:
    return f"{number_short(n)} {enkel if n == 1 else meer}"


def example_data_text(ev: Evaluation) -> str:
    """The Markdown example-data notice of a review copy ('' for real data)."""
    if not ev.voorbeelddata:
        return ""
    tekst = (
        f"**Let op: voorbeelddata.** De cijfers over de uitvoering in {md(ev.ronde.naam)} zijn "
        "verzonnen ter illustratie. Ze zeggen niets over wat er echt is gebeurd."
    )
    if ev.ronde.toelichting:
        tekst += f" {md(ev.ronde.toelichting)}"
    return tekst


def about_this_draft(ev: Evaluation) -> list[Block]:
    """The opening section: what this document is and how to refer to a place in it."""
    blokken: list[Block] = [
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
        blokken.append(Paragraph(example_data_text(ev), melding=True))
    return blokken


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


def summary(ev: Evaluation) -> list[Block]:
    """The plain-language summary: short sentences, numbers in words, terms explained."""
    uit: list[Block] = [Heading("Samenvatting in gewone taal")]
    uit.append(
        Paragraph(
            f"Dit is de evaluatie van het jaarplan van {md(ev.plan.organisatie)}. Een jaarplan "
            "is het plan voor één jaar. We kijken hoe het ervoor stond op "
            f"{fmt.datum(ev.ronde.peildatum)}. Die dag heet de peildatum."
        )
    )
    a = ev.aandeel_doelen
    norm = _percent_words(ev.norm_doelen)
    behaald = a.aantallen.get("behaald", 0)
    deels = a.aantallen.get("deels behaald", 0)
    if a.aandeel is None:
        zinnen = [
            "We konden nog geen enkel doel beoordelen.",
            f"Daarom weten we nog niet of ten minste {norm} van de doelen gehaald is.",
        ]
    else:
        if a.noemer == 1:
            zinnen = ["We konden 1 doel beoordelen."]
            if behaald or not deels:
                zinnen.append("Dat is gehaald." if behaald else "Dat is niet gehaald.")
        else:
            zinnen = [
                f"Van de {_goals_words(a.noemer)} die we konden beoordelen, "
                f"{'is er' if behaald == 1 else 'zijn er'} {behaald} gehaald."
            ]
        if deels and ev.deels_behaald_telt:
            weging = {1.0: "helemaal", 0.5: "voor de helft"}.get(
                ev.deels_behaald_telt, f"voor {number_short(ev.deels_behaald_telt)}"
            )
            zinnen.append(
                f"{_goals_words(deels).capitalize()} {'is' if deels == 1 else 'zijn'} voor een "
                f"deel gehaald. {'Dat telt' if deels == 1 else 'Die tellen'} {weging} mee."
            )
        zinnen.append(f"Dat is {_percent_words(a.aandeel)}.")
        zinnen.append(f"We wilden ten minste {norm} halen.")
        zinnen.append(_succeeded(ev.norm_doelen_gehaald))
        if deels and not ev.deels_behaald_telt:
            zinnen.append(
                f"Daarnaast {'is' if deels == 1 else 'zijn'} {_goals_words(deels)} voor een "
                f"deel gehaald. {'Dat telt' if deels == 1 else 'Die tellen'} hier niet mee."
            )
    nog = a.aantallen.get("nog niet te beoordelen", 0)
    vervallen = a.aantallen.get("vervallen", 0)
    if nog:
        zinnen.append(
            f"{_goals_words(nog).capitalize()} konden we nog niet beoordelen. "
            f"{'Dat telt' if nog == 1 else 'Die tellen'} niet mee."
        )
    if vervallen:
        zinnen.append(
            f"{_goals_words(vervallen).capitalize()} {'is' if vervallen == 1 else 'zijn'} "
            "vervallen: dat gaat niet meer door."
        )
    uit.append(Paragraph(" ".join(zinnen)))

    if ev.budget_totaal is None:
        zinnen = [
            "In het jaarplan hebben de activiteiten geen eigen budget.",
            "Daarom kunnen we niet zeggen of er te veel geld is uitgegeven.",
        ]
        if ev.besteed_totaal is not None:
            zinnen.append(f"Er is {fmt.euro(ev.besteed_totaal)} uitgegeven.")
    else:
        zinnen = [
            f"Voor activiteiten met een eigen budget was {fmt.euro(ev.budget_totaal)} begroot.",
            f"Er is {_euro(ev.besteed_totaal)} uitgegeven."
            if ev.besteed_totaal is not None
            else "Er zijn nog geen uitgaven ingevuld.",
        ]
        n = len(ev.overschreden)
        if n:
            zinnen.append(
                f"Bij {n} {'activiteit' if n == 1 else 'activiteiten'} is meer uitgegeven dan "
                "begroot."
            )
        elif ev.besteed_totaal is not None:
            zinnen.append("Geen enkele activiteit heeft meer uitgegeven dan begroot.")
    uit.append(Paragraph(" ".join(zinnen)))

    if ev.projecten:
        norm_uren = _percent_words(ev.norm_uren)
        bekend = sum(p.binnen_uren is not None for p in ev.projecten)
        if not bekend:
            n = len(ev.projecten)
            tekst = (
                f"Het jaarplan heeft {n} {'project' if n == 1 else 'projecten'}. We weten nog "
                "niet hoeveel uren daarvoor zijn afgesproken én gebruikt. Daarom kunnen we niet "
                f"zeggen of ten minste {norm_uren} van de projecten binnen de uren is gebleven."
            )
        else:
            binnen = sum(p.binnen_uren is True for p in ev.projecten)
            tekst = (
                f"Van {bekend} {'project' if bekend == 1 else 'projecten'} weten we hoeveel uren "
                f"er zijn gebruikt. {binnen} daarvan {'bleef' if binnen == 1 else 'bleven'} "
                "binnen de afgesproken uren. "
                f"Dat is {_percent_words(ev.aandeel_binnen_uren or 0)}. De norm is ten minste "
                f"{norm_uren}. {_succeeded(ev.norm_uren_gehaald)}"
            )
        uit.append(Paragraph(tekst))

    teksten = norm_texts(ev.to_dict())
    for n in ev.extra_normen:
        zinnen = [
            f"Het jaarplan heeft ook deze norm: {md(n.naam)}.",
            f"Dat moet ten minste {_percent_words(n.minimum)} zijn.",
        ]
        if n.aandeel is None:
            zinnen.append("Dat konden we nog niet berekenen, want er ontbreken cijfers.")
        elif teksten[n.id]["aandeel"] == privacy.SECONDARY:
            zinnen.append(
                f"Het gaat om minder dan {privacy.THRESHOLD} leerlingen. Om hen te beschermen "
                f"noemen we het precieze getal niet. {_succeeded(n.gehaald)}"
            )
        else:
            zinnen.append(
                f"Het was {fmt.percent(n.aandeel, 1).replace('%', ' procent')}. "
                f"{_succeeded(n.gehaald)}"
            )
        uit.append(Paragraph(" ".join(zinnen)))
    if ev.voorbeelddata:
        uit.append(
            Paragraph(
                "Let op: de cijfers over wat er gedaan is, zijn in deze versie verzonnen. Ze "
                "zijn alleen een voorbeeld. Ze zeggen niets over wat er echt is gebeurd."
            )
        )
    uit.append(Heading("Wat betekenen de woorden?", 2))
    uit.append(BulletList(tuple(f"**{woord}**: {uitleg}" for woord, uitleg in GLOSSARY)))
    return uit


def _rows(df) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(c) for c in rij) for rij in df.itertuples(index=False))


def doelen_per_thema(ev: Evaluation) -> list[Block]:
    """Goals per theme: counts per status, then every goal with its status (suppressed)."""
    uit: list[Block] = [Heading("Doelen per thema")]
    uit.append(
        Paragraph(
            "Elk doel heeft een status: behaald, deels behaald, niet behaald, nog niet te "
            "beoordelen of vervallen. Doelen die nog niet te beoordelen of vervallen zijn, "
            "tellen niet mee in het aandeel behaalde doelen."
        )
    )
    df = tables.table_goals_per_thema(ev)
    uit.append(
        Table(
            "Aantal doelen per status en per thema.",
            tuple(df.columns),
            _rows(df),
            (24, 9, 9, 9, 12, 11, 8, 10),
            frozenset(range(1, 8)),
        )
    )
    tabel = tables.table_goals(ev, publiek=True)
    for t in ev.per_thema:
        uit.append(Heading(f"Thema: {t.naam}", 2))
        if t.totaal == 0:
            zin = "Bij dit thema horen geen doelen."
        elif t.aandeel is None:
            zin = f"In dit thema {'is' if t.totaal == 1 else 'zijn'} {_goals_words(t.totaal)}; "
            zin += "geen daarvan is al te beoordelen."
        else:
            beoordeeld = (
                "1 beoordeeld doel" if t.noemer == 1 else f"de {t.noemer} beoordeelde doelen"
            )
            zin = (
                f"In dit thema {'is' if t.totaal == 1 else 'zijn'} {_goals_words(t.totaal)}. "
                f"Van {beoordeeld} is {number_short(t.teller)} behaald ({pct(t.aandeel)})."
            )
        uit.append(Paragraph(zin))
        items = []
        for d, rij in zip(ev.doelen, tabel.itertuples(index=False), strict=True):
            if d.thema != t.thema:
                continue
            tekst = f"**{md(d.id)}** {md(d.tekst)} — status: **{md(d.status)}**."
            if d.afgeleid_status and d.afgeleid_status != d.status:
                tekst += (
                    f" De status is met de hand vastgesteld; volgens de cijfers zou het "
                    f"'{md(d.afgeleid_status)}' zijn."
                )
            waarde, streef = rij[5], rij[6]
            if d.soort == "numeriek":
                tekst += f" Gemeten: {md(waarde)}. Streefwaarde: {md(streef)}."
            elif d.soort == "mijlpaal":
                tekst += f" Gereed: {md(waarde)} ({md(streef)})."
            if d.toelichting:
                tekst += f" Toelichting: _{md(d.toelichting)}_"
            items.append(tekst)
        if items:
            uit.append(BulletList(tuple(items)))
    return uit


def money_and_hours(ev: Evaluation) -> list[Block]:
    """Budget, spend and overruns per theme and per activity; hours of projects."""
    uit: list[Block] = [Heading("Geld en uren")]
    if ev.budget_totaal is None and ev.besteed_totaal is None:
        uit.append(
            Paragraph(
                "In het jaarplan hebben de activiteiten geen eigen budget, en er zijn geen "
                "uitgaven ingevuld. Daarom staat hier geen tabel met bedragen."
            )
        )
    else:
        uit.append(
            Paragraph(
                "Het budget telt alleen activiteiten met een eigen budget in het jaarplan. "
                "Uitgegeven (besteed) telt alle activiteiten. Een overschrijding is het bedrag "
                "dat een activiteit meer heeft uitgegeven dan haar budget."
            )
        )
        df = tables.table_budget_per_thema(ev)
        uit.append(
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
        kolommen = ["Activiteit", "Omschrijving", "Budget", "Besteed", "Overschrijding",
                    "Overschrijding %", "Status"]  # fmt: skip
        status = {a.id: a.status or fmt.EMPTY for a in ev.activiteiten}
        df = df.assign(Status=[status[i] for i in df["Activiteit"]])
        rijen = _rows(df[kolommen]) if len(df) else ()
        if rijen:
            uit.append(
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
                    rijen,
                    (11, 35, 11, 11, 11, 11, 10),
                    frozenset({2, 3, 4, 5}),
                )
            )
    zonder = [a.id for a in ev.activiteiten if a.budget is None and a.besteed is None]
    if zonder:
        n = len(zonder)
        uit.append(
            Paragraph(
                f"Zonder eigen budget en zonder ingevulde uitgaven: {n} "
                f"{'activiteit' if n == 1 else 'activiteiten'} ({md(', '.join(zonder))})."
            )
        )
    over = [a for a in ev.activiteiten if a.id in ev.overschreden]
    if over:
        uit.append(Paragraph("Bij deze activiteiten is meer uitgegeven dan begroot:"))
        items = []
        for a in over:
            deel = "" if a.overschrijding_fractie is None else f" ({pct(a.overschrijding_fractie)})"
            tekst = (
                f"**{md(a.id)}** {md(a.omschrijving)} Uitgegeven {fmt.euro(a.besteed)} van "
                f"{fmt.euro(a.budget)}: {fmt.euro(a.overschrijding)} meer{deel}."
            )
            if a.toelichting:
                tekst += f" Toelichting: _{md(a.toelichting)}_"
            items.append(tekst)
        uit.append(BulletList(tuple(items)))
    bekend = [p for p in ev.projecten if p.uren is not None or p.uren_besteed is not None]
    if ev.projecten and not bekend:
        n = len(ev.projecten)
        uit.append(
            Paragraph(
                f"Het jaarplan heeft {n} {'project' if n == 1 else 'projecten'} "
                f"({md(', '.join(p.id for p in ev.projecten))}). Van geen daarvan zijn "
                "afgesproken of gebruikte uren ingevuld."
            )
        )
    elif ev.projecten:
        df = tables.table_hours(ev)
        uit.append(
            Table(
                "Projecten: afgesproken en gebruikte uren.",
                tuple(df.columns),
                _rows(df),
                (10, 54, 11, 13, 12),
                frozenset({2, 3}),
            )
        )
    return uit


def indicatoren(ev: Evaluation) -> list[Block]:
    """Indicator values with pupil counts suppressed (also inside ratio norms)."""
    uit: list[Block] = [Heading("Indicatoren")]
    if not ev.indicatoren:
        uit.append(Paragraph("Dit jaarplan heeft geen indicatoren."))
        return uit
    uit.append(
        Paragraph(
            "Een indicator is een getal waarmee we meten of een doel dichterbij komt. De tabel "
            "toont de nulmeting, de streefwaarde, de vorige meting en de meting van deze ronde. "
            f"Aantallen leerlingen van 1 tot en met {LARGEST_SMALL} staan er als \\{SMALL}; een "
            "getal of een verandering die zo'n aantal zou verraden, staat er als "
            f"{privacy.SECONDARY}."
        )
    )
    df = tables.table_indicators(ev, publiek=True)
    rijen = []
    for rij in df.to_dict("records"):
        rijen.append(
            tuple(
                rij[k]
                for k in (
                    "Indicator",
                    "Eenheid",
                    "Nulmeting",
                    "Streefwaarde",
                    "Vorige waarde",
                    "Waarde",
                    "Verandering",
                    "Streefwaarde gehaald",
                )
            )
        )
    uit.append(
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
            tuple(rijen),
            (25, 11, 10, 12, 9, 9, 13, 9),
            frozenset({2, 3, 4, 5, 6}),
        )
    )
    return uit


def normen(ev: Evaluation) -> list[Block]:
    """The norms and their verdicts; ratio norms with suppressed counts."""
    uit: list[Block] = [Heading("Normen")]
    uit.append(
        Paragraph(
            "Een norm is een grens die vooraf is afgesproken. De tabel toont per norm de "
            "afspraak, de uitkomst en of de norm gehaald is."
        )
    )
    a = ev.aandeel_doelen
    rijen = [
        (
            "Aandeel behaalde doelen",
            f"ten minste {percent_short(ev.norm_doelen)}",
            EMPTY
            if a.aandeel is None
            else f"{pct(a.aandeel)} ({number_short(a.teller)} van {a.noemer})",
            _verdict(ev.norm_doelen_gehaald),
        )
    ]
    if ev.projecten:
        rijen.append(
            (
                "Aandeel projecten binnen de uren",
                f"ten minste {percent_short(ev.norm_uren)}",
                pct(ev.aandeel_binnen_uren),
                _verdict(ev.norm_uren_gehaald),
            )
        )
    teksten = norm_texts(ev.to_dict())
    for n in ev.extra_normen:
        rijen.append(
            (
                n.naam,
                f"ten minste {percent_short(n.minimum)}",
                teksten[n.id]["aandeel"],
                _verdict(n.gehaald),
            )
        )
    uit.append(
        Table(
            "Normen en uitkomsten.",
            ("Norm", "Afspraak", "Uitkomst", "Oordeel"),
            tuple(rijen),
            (46, 18, 18, 18),
        )
    )
    uit.append(Paragraph(md(a.definitie)))
    if ev.extra_normen:
        rijen = [
            (
                n.naam,
                teksten[n.id]["teller"],
                teksten[n.id]["noemer"],
                teksten[n.id]["aandeel"],
                percent_short(n.minimum),
            )
            for n in ev.extra_normen
        ]
        uit.append(
            Table(
                "Berekening van de normen uit het jaarplan (teller gedeeld door noemer; "
                "aantallen leerlingen).",
                ("Norm", "Teller", "Noemer", "Aandeel", "Minimum"),
                tuple(rijen),
                (52, 12, 12, 12, 12),
                frozenset({1, 2, 3, 4}),
            )
        )
    return uit


def points_of_attention(ev: Evaluation) -> list[Block]:
    """The evaluation's warnings; those that would show a small pupil count are shortened."""
    uit: list[Block] = [Heading("Aandachtspunten bij de cijfers")]
    per_doel = {d.waarschuwing: d for d in ev.doelen if d.waarschuwing}
    items = []
    for w in ev.waarschuwingen:
        d = per_doel.get(w)
        if d is not None and privacy.has_small_count(d.eenheid, d.waarde, d.nulmeting):
            w = (
                f"Doel {d.id}: de handmatige status '{d.status}' wijkt af van de status die uit "
                f"de cijfers volgt. De cijfers worden niet getoond (minder dan {privacy.THRESHOLD} "
                "leerlingen)."
            )
        items.append(md(w))
    if items:
        uit.append(BulletList(tuple(items)))
    else:
        uit.append(Paragraph("Er zijn geen aandachtspunten."))
    return uit


def response_form() -> list[Block]:
    """The appendix with the form: Paragraaf | Opmerking | Naam (niet verplicht)."""
    return [
        Heading("Bijlage: reactieformulier"),
        Paragraph(
            "Schrijf bij elke opmerking het nummer tussen vierkante haken van de alinea, het "
            "lijstpunt of de tabel waar het over gaat. Uw naam invullen is niet verplicht."
        ),
        Form(
            "Reactieformulier.",
            ("Paragraaf", "Opmerking", "Naam (niet verplicht)"),
        ),
    ]


def changes_blocks(vorige: PreviousCopy | None, regels: list[str]) -> list[Block]:
    """The section 'Wijzigingen sinds de vorige versie'."""
    uit: list[Block] = [Heading("Wijzigingen sinds de vorige versie")]
    if vorige is None:
        uit.append(Paragraph("Dit is de eerste versie; er is geen vorige versie."))
        return uit
    bij = f"versie {vorige.nummer} (versie-id {vorige.versie}"
    bij += f", {fmt.datum(vorige.datum)})" if vorige.datum else ")"
    if not regels:
        uit.append(
            Paragraph(
                f"Vergeleken met {bij} zijn er geen statussen, percentages of bedragen "
                "veranderd. Wel is de tekst of de opmaak van het document aangepast."
            )
        )
        return uit
    n = len(regels)
    uit.append(
        Paragraph(
            f"Vergeleken met {bij} {'is' if n == 1 else 'zijn'} {n} "
            f"{'ding' if n == 1 else 'dingen'} veranderd:"
        )
    )
    uit.append(BulletList(tuple(md(r) for r in regels)))
    return uit


def inhoud(ev: Evaluation) -> tuple[list[Block], list[Block]]:
    """The document around the changes section: (front part, rest), both without numbers yet."""
    voor = about_this_draft(ev) + summary(ev)
    na = (
        doelen_per_thema(ev)
        + money_and_hours(ev)
        + indicatoren(ev)
        + normen(ev)
        + points_of_attention(ev)
        + response_form()
    )
    return voor, na


def canonical(data: Any) -> str:
    """Canonical JSON: sorted keys, no whitespace, UTF-8 text."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def version_id(evaluatie: dict[str, Any], document: str) -> str:
    """The version id: the first 12 hex digits of SHA-256 over the canonical JSON of the
    evaluation results and the document Markdown (without numbers and changes section)."""
    data = (canonical(evaluatie) + "\n" + document).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:12]


# --- previous copies -------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviousCopy:
    """A stored review copy: number, version id, folder, date and evaluation results."""

    nummer: int
    versie: str
    map: Path
    datum: date | None
    evaluatie: dict[str, Any]


def _damaged(map_: Path, reden: str) -> OutputError:
    return OutputError(
        f"De vorige conceptversie in {map_} is beschadigd of onvolledig: {reden}. Zet de map "
        f"en {internal_path(map_)} terug uit een back-up of verwijder ze allebei; er is niets "
        "geschreven of overschreven."
    )


def internal_path(map_: Path) -> Path:
    """Where the unsuppressed evaluation of the copy in map_ is kept: outside the copy folder,
    in opr/.intern/<folder name>.json, so the folder holds only what may be distributed."""
    return map_.parent / INTERNAL_DIR / f"{map_.name}.json"


def read_copy(map_: Path) -> PreviousCopy:
    """Read a stored copy and check it against its manifest; UitvoerFout when damaged.

    The evaluation results are read from intern_pad(map_), checked against the 'intern' entry
    of the manifest; a copy made before that (no 'intern' entry) has them as evaluatie.json in
    its own folder, checked against the manifest's 'bestanden'.
    """
    m = VERSION_DIR.match(map_.name)
    if not m:
        raise _damaged(map_, "de mapnaam is geen versienaam (v<nummer>-<versie-id>)")
    nummer, versie = int(m.group(1)), m.group(2)
    try:
        manifest = json.loads((map_ / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _damaged(map_, f"{MANIFEST} ontbreekt") from None
    except (OSError, ValueError) as exc:
        raise _damaged(map_, f"{MANIFEST} is onleesbaar ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("versie_id") != versie:
        raise _damaged(map_, f"het versie-id in {MANIFEST} hoort niet bij deze map")
    intern = manifest.get("intern")
    if intern is not None:
        pad = internal_path(map_)
        naam = f"de interne vergelijkingsbasis {pad}"
        verwacht = intern.get("sha256") if isinstance(intern, dict) else None
    else:
        pad = map_ / EVALUATION
        naam = EVALUATION
        bestanden = manifest.get("bestanden")
        info = bestanden.get(EVALUATION) if isinstance(bestanden, dict) else None
        verwacht = info.get("sha256") if isinstance(info, dict) else None
    if not pad.is_file():
        raise _damaged(map_, f"{naam} ontbreekt")
    if sha256(pad) != verwacht:
        raise _damaged(map_, f"{naam} is gewijzigd (controlegetal klopt niet)")
    try:
        evaluatie = json.loads(pad.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _damaged(map_, f"{naam} is onleesbaar ({exc})") from None
    if not isinstance(evaluatie, dict):
        raise _damaged(map_, f"{naam} bevat geen evaluatie")
    try:
        datum = date.fromisoformat(manifest["datum"]) if manifest.get("datum") else None
    except (TypeError, ValueError):
        raise _damaged(map_, f"de datum in {MANIFEST} is ongeldig") from None
    return PreviousCopy(nummer, versie, map_, datum, evaluatie)


def previous_copies(opr_map: Path) -> list[PreviousCopy]:
    """All stored copies in an opr/ folder, oldest first; every one is checked."""
    if not opr_map.is_dir():
        return []
    kopieen = [read_copy(p) for p in sorted(opr_map.iterdir()) if VERSION_DIR.match(p.name)]
    kopieen.sort(key=lambda k: k.nummer)
    for a, b in itertools.pairwise(kopieen):
        if a.nummer == b.nummer:
            raise OutputError(
                f"In {opr_map} staan twee conceptversies met nummer {a.nummer} ({a.map.name} en "
                f"{b.map.name}); verwijder de onjuiste. Er is niets geschreven."
            )
    return kopieen


# --- rendering and writing -------------------------------------------------------------------


def _resource(naam: str) -> Path:
    pad = Path(str(RESOURCES / naam))
    if not pad.is_file():
        raise OutputError(f"Bestand review/{naam} ontbreekt in de evalkit-installatie")
    return pad


def metadata(ev: Evaluation, versie: str, nummer: int, datum: date) -> dict[str, Any]:
    """Template metadata of a review copy (strings are Markdown, escaped)."""
    titel = f"Conceptevaluatie {ev.plan.naam}"
    return {
        "title": md(titel),
        "pagetitle": md(f"{HEADER_TEXT}: {titel}"),
        "subtitle": md(f"{ev.ronde.naam}, peildatum {fmt.datum(ev.ronde.peildatum)}"),
        "organisatie": md(ev.plan.organisatie),
        "versie-id": versie,
        "versienummer": str(nummer),
        "datum": fmt.datum(datum),
        "voorbeelddata": ev.voorbeelddata,
        "lang": "nl-NL",
    }


def render(
    document: str, meta: dict[str, Any], werkmap: Path, naam: str
) -> tuple[Path, Path, int | None]:
    """Markdown -> self-contained HTML and (via typst) PDF in werkmap: (html, pdf, pages)."""
    (werkmap / "document.md").write_text(document, encoding="utf-8")
    (werkmap / "meta.yaml").write_text(
        yaml.safe_dump(meta, allow_unicode=True, sort_keys=True), encoding="utf-8"
    )
    gemeen = ["-f", MARKDOWN, "--metadata-file", "meta.yaml", "document.md"]
    html, typ, pdf = werkmap / f"{naam}.html", werkmap / f"{naam}.typ", werkmap / f"{naam}.pdf"
    pandoc(
        [
            "-t",
            "html5",
            "--standalone",
            "--embed-resources",
            "--template",
            str(_resource("review.html")),
            "--css",
            str(_resource("review.css")),
            *gemeen,
            "-o",
            html.name,
        ],
        "HTML van de conceptversie schrijven",
        werkmap,
    )
    pandoc(
        [
            "-t",
            "typst",
            "--standalone",
            "--template",
            str(_resource("review.typ")),
            *gemeen,
            "-o",
            typ.name,
        ],
        "Typst-bron van de conceptversie schrijven",
        werkmap,
    )
    paginas = compile_pdf(typ, pdf)
    return html, pdf, paginas


def _date(datum: date | str | None) -> date:
    """The date of the copy: the argument, else $EVALKIT_DATUM, else today."""
    if isinstance(datum, date):
        return datum
    bron = "datum"
    if datum is None:
        datum = os.environ.get("EVALKIT_DATUM") or None
        bron = "EVALKIT_DATUM"
    if datum is None:
        return date.today()
    try:
        return values.read_date(str(datum))
    except ValueError as exc:
        raise ParameterError(bron, str(exc)) from None


@dataclass(frozen=True)
class Outcome:
    """What maak_kopie did: a new copy (nieuw=True) or none because nothing changed."""

    nieuw: bool
    nummer: int
    versie: str
    map: Path
    datum: date | None
    bestanden: dict[str, str]
    wijzigingen: tuple[str, ...]
    vorige: int | None
    paginas: int | None = None


def _json_text(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def make_copy(
    plan_id: str,
    datum: date | str | None = None,
    data_dir: Path | str | None = None,
    reports_dir: Path | str | None = None,
) -> Outcome:
    """Make the next review copy of a jaarplan's latest round under reports/<id>/opr/.

    Each copy gets its own folder v<nnn>-<versie-id> with only what may be distributed (the
    PDF, the HTML and the document Markdown) and manifest.json with the SHA-256 of each file.
    The unsuppressed evaluation results, the basis of the next comparison, go outside that
    folder to intern_pad (opr/.intern/v<nnn>-<versie-id>.json); the manifest holds their
    SHA-256 under 'intern'. Nothing is written when the plan is unknown or invalid, when a
    previous copy is damaged, or when the content equals the last copy (then nieuw is False).
    The folder is built under a temporary name and renamed when complete, after the internal
    file is in place.
    """
    plan = load.load_jaarplan(plan_id, Path(data_dir) if data_dir else None)
    dag = _date(datum)
    ev = evaluate(plan)  # the latest round by peildatum
    resultaten = ev.to_dict()
    opr = paths.report_dir(plan.id, Path(reports_dir) if reports_dir else None) / OPR_DIR
    eerder = previous_copies(opr)
    vorige = eerder[-1] if eerder else None

    voor, na = inhoud(ev)
    versie = version_id(resultaten, markdown(voor + na, genummerd=False))
    if vorige is not None and vorige.versie == versie:
        bestanden = {
            naam: sha256(vorige.map / naam)
            for naam in sorted(os.listdir(vorige.map))
            if (vorige.map / naam).is_file()
        }
        return Outcome(
            False, vorige.nummer, versie, vorige.map, vorige.datum, bestanden, (), vorige.nummer
        )
    regels = wijzigingen(vorige.evaluatie, resultaten) if vorige else []
    blokken = voor + changes_blocks(vorige, regels) + na
    document = markdown(blokken)
    nummer = (vorige.nummer + 1) if vorige else 1
    doel = opr / f"v{nummer:03d}-{versie}"
    naam = f"{plan.id}-concept-v{nummer:03d}"

    intern = internal_path(doel)
    nieuw_opr = not opr.exists()
    nieuw_intern = intern_geschreven = False
    opr.mkdir(parents=True, exist_ok=True)
    werkmap = Path(tempfile.mkdtemp(prefix=".maken-", dir=opr))
    try:
        bouw = werkmap / "render"
        bouw.mkdir()
        html, pdf, paginas = render(document, metadata(ev, versie, nummer, dag), bouw, naam)
        kopie = werkmap / "kopie"
        kopie.mkdir()
        os.replace(html, kopie / html.name)
        os.replace(pdf, kopie / pdf.name)
        (kopie / DOCUMENT).write_text(document, encoding="utf-8")
        bestanden = {p.name: sha256(p) for p in sorted(kopie.iterdir())}
        intern_werk = werkmap / "intern.json"
        intern_werk.write_text(_json_text(resultaten), encoding="utf-8")
        manifest = {
            "document": f"Conceptevaluatie voor de OPR: {ev.plan.naam}",
            "jaarplan": plan.id,
            "ronde": ev.ronde.id,
            "ronde_naam": ev.ronde.naam,
            "peildatum": ev.ronde.peildatum.isoformat(),
            "voorbeelddata": ev.voorbeelddata,
            "versie": nummer,
            "versie_id": versie,
            "datum": dag.isoformat(),
            "vorige_versie": (
                {"versie": vorige.nummer, "versie_id": vorige.versie} if vorige else None
            ),
            "wijzigingen": regels,
            "bestanden": {
                n: {"sha256": h, "bytes": (kopie / n).stat().st_size} for n, h in bestanden.items()
            },
            "intern": {
                "bestand": f"../{INTERNAL_DIR}/{intern.name}",
                "sha256": sha256(intern_werk),
                "bytes": intern_werk.stat().st_size,
            },
            "let_op": (
                f"Verspreid alleen {pdf.name} en {html.name}. De interne vergelijkingsbasis "
                f"voor de volgende versie staat buiten deze map ({OPR_DIR}/{INTERNAL_DIR}/"
                f"{intern.name}), bevat aantallen leerlingen zonder onderdrukking en is niet "
                "voor verspreiding."
            ),
        }
        (kopie / MANIFEST).write_text(_json_text(manifest), encoding="utf-8")
        try:
            if doel.exists():
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(doel))
            nieuw_intern = not intern.parent.exists()
            intern.parent.mkdir(exist_ok=True)
            # No copy folder of this name exists, so a file at `intern` is a leftover of an
            # interrupted run and may be replaced.
            os.replace(intern_werk, intern)
            intern_geschreven = True
            os.rename(kopie, doel)  # fails when the folder exists: nothing is overwritten
        except OSError as exc:
            raise OutputError(
                f"Kan {doel} niet aanmaken ({os_reason(exc)}); draait er een tweede "
                "review-copy tegelijk? Er is niets overschreven."
            ) from exc
    except BaseException:
        shutil.rmtree(werkmap, ignore_errors=True)
        if intern_geschreven and not doel.exists():  # else it is the other run's (same) file
            intern.unlink(missing_ok=True)
        if nieuw_intern and intern.parent.is_dir() and not any(intern.parent.iterdir()):
            intern.parent.rmdir()
        if nieuw_opr and opr.is_dir() and not any(opr.iterdir()):
            opr.rmdir()
        raise
    shutil.rmtree(werkmap, ignore_errors=True)
    return Outcome(
        True,
        nummer,
        versie,
        doel,
        dag,
        bestanden,
        tuple(regels),
        vorige.nummer if vorige else None,
        paginas,
    )


def make_review_copy(
    plan_id: str,
    datum: date | str | None = None,
    data_dir: Path | str | None = None,
    reports_dir: Path | str | None = None,
) -> int:
    """CLI: make the next OPR review copy and print where it is and its checksums (Dutch)."""
    u = make_copy(plan_id, datum, data_dir, reports_dir)
    if not u.nieuw:
        print(
            f"Geen wijzigingen sinds versie {u.nummer} (versie-id {u.versie}); er is geen nieuwe "
            f"conceptversie gemaakt. De laatste versie staat in {u.map}."
        )
        return 0
    print(f"Conceptversie {u.nummer} voor de OPR gemaakt in {u.map}")
    print(f"  Versie-id: {u.versie}; datum: {fmt.datum(u.datum)}")
    if u.vorige is None:
        print("  Dit is de eerste versie.")
    else:
        n = len(u.wijzigingen)
        print(f"  Wijzigingen sinds versie {u.vorige}: {n}")
    print("  Controlegetallen (SHA-256):")
    for naam in sorted(u.bestanden, key=lambda n: (not n.endswith((".pdf", ".html")), n)):
        print(f"    {u.bestanden[naam]}  {naam}")
    print(
        f"  Verspreid alleen de PDF en de HTML. De interne vergelijkingsbasis staat buiten de "
        f"map, in {internal_path(u.map)}; verspreid die niet."
    )
    return 0
