"""The glossary of an OPR review copy: the abbreviations and jargon that occur in the copy,
explained in plain Dutch from the maintained list resources/review/jargon.yaml, and the
abbreviations in the copy that the list cannot explain (review-copy warns about those)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from evalkit.data.yamlio import load_yaml
from evalkit.errors import OutputError

JARGON = "jargon.yaml"
# A candidate abbreviation: two or more capitals, e.g. TLV, BaO, S(B)O, CvB.
ABBREVIATION = re.compile(r"(?<!\w)[A-Z][A-Za-z()]*[A-Z](?![a-z])")


@dataclass(frozen=True)
class Term:
    """One entry of the jargon list: the term, its plain explanation and its forms."""

    term: str
    uitleg: str
    vormen: tuple[str, ...]

    def pattern(self) -> re.Pattern[str]:
        """Where the term occurs: an abbreviation exactly as written, a word also capitalised
        and as the start of a longer word."""
        parts = []
        for form in self.vormen:
            if ABBREVIATION.search(form):
                parts.append(rf"(?<!\w){re.escape(form)}(?![a-z])")
            else:
                parts.append(rf"(?i:(?<!\w){re.escape(form)})")
        return re.compile("|".join(parts))


def _entry(item: object, n: int) -> Term:
    if not isinstance(item, dict) or not all(
        isinstance(item.get(k), str) and item[k].strip() for k in ("term", "uitleg")
    ):
        raise OutputError(f"review/{JARGON}: term {n} heeft geen 'term' en 'uitleg' als tekst")
    forms = item.get("vormen", [item["term"]])
    if not isinstance(forms, list) or not all(isinstance(f, str) and f for f in forms):
        raise OutputError(f"review/{JARGON}: 'vormen' van {item['term']} is geen lijst van tekst")
    return Term(item["term"], " ".join(item["uitleg"].split()), tuple(forms))


def parse_jargon(text: str) -> tuple[Term, ...]:
    """The terms of a jargon list (YAML text with a list 'termen'); OutputError if malformed."""
    try:
        data, _, _ = load_yaml(text)
    except yaml.YAMLError as exc:
        raise OutputError(f"review/{JARGON} is geen geldige YAML: {exc}") from None
    items = data.get("termen") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise OutputError(f"review/{JARGON} heeft geen lijst 'termen'")
    return tuple(_entry(item, n) for n, item in enumerate(items, 1))


@cache
def jargon() -> tuple[Term, ...]:
    """The maintained jargon list shipped with evalkit."""
    path = resources.files("evalkit") / "resources" / "review" / JARGON
    try:
        return parse_jargon(path.read_text(encoding="utf-8"))
    except OSError:
        raise OutputError(f"Bestand review/{JARGON} ontbreekt in de evalkit-installatie") from None


def _plain(text: str) -> str:
    """Markdown text without its backslash escapes."""
    return text.replace("\\", "")


def used_terms(text: str, terms: tuple[Term, ...]) -> tuple[Term, ...]:
    """The terms that occur in text (Markdown), alphabetically."""
    plain = _plain(text)
    found = [t for t in terms if t.pattern().search(plain)]
    return tuple(sorted(found, key=lambda t: t.term.casefold()))


def unknown_abbreviations(text: str, terms: tuple[Term, ...]) -> tuple[str, ...]:
    """The candidate abbreviations in text (Markdown) that no term explains, sorted."""
    known = {a for t in terms for f in (t.term, *t.vormen) for a in ABBREVIATION.findall(f)}
    return tuple(sorted(set(ABBREVIATION.findall(_plain(text))) - known))


def unknown_warning(unknown: tuple[str, ...]) -> str | None:
    """The Dutch warning about abbreviations the glossary cannot explain (None: no such)."""
    if not unknown:
        return None
    one = len(unknown) == 1
    return (
        f"Let op: {'deze afkorting staat' if one else 'deze afkortingen staan'} in het concept, "
        f"maar niet in de woordenlijst: {', '.join(unknown)}. Ouders in de OPR weten niet wat "
        f"{'die betekent' if one else 'ze betekenen'}. Zet {'haar' if one else 'ze'} met een "
        f"uitleg in gewone taal in de lijst evalkit/resources/review/{JARGON} en maak het "
        "concept opnieuw voordat u het verspreidt."
    )
