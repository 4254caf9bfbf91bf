"""The one YAML reader: safe loading, repeated keys, key lines and Dutch error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from evalkit.data.collect import Collector, read_utf8_text
from evalkit.data.limits import MAX_YAML_BYTES, MAX_YAML_DEPTH, size_text

# PyYAML-style problem texts of the limits below; _YAML_EXPLANATION gives their Dutch meaning.
_ANCHOR = "found anchor"
_TOO_DEEP = "found too deep nesting"
_TOO_LARGE = "found too large a document"


class YamlLoader(yaml.SafeLoader):
    """Safe YAML loader that records every mapping key that occurs twice (with both lines).

    PyYAML itself silently keeps the last value of a repeated key; `dubbel` lists
    (key, first line, second line) for every repetition so callers can report it. Anchors
    (&naam) are refused, so aliases cannot multiply a document ("billion laughs"), and
    nesting deeper than MAX_YAML_DEPTH is refused before it can exhaust the stack.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.dubbel: list[tuple[str, int, int]] = []
        self._diepte = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None and not isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, _ANCHOR, event.start_mark)
        if self._diepte >= MAX_YAML_DEPTH:
            raise yaml.composer.ComposerError(None, None, _TOO_DEEP, event.start_mark)
        self._diepte += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._diepte -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        gezien: dict[str, int] = {}
        for sleutel, _ in node.value:
            if not isinstance(sleutel, yaml.ScalarNode) or sleutel.value == "<<":
                continue
            regel = sleutel.start_mark.line + 1
            if sleutel.value in gezien:
                self.dubbel.append((sleutel.value, gezien[sleutel.value], regel))
            else:
                gezien[sleutel.value] = regel
        return super().construct_mapping(node, deep=deep)


class DateTextLoader(YamlLoader):
    """A YamlLoader that keeps dates as text, so they are read and checked like CSV cells."""


DateTextLoader.add_constructor("tag:yaml.org,2002:timestamp", DateTextLoader.construct_yaml_str)


def load_yaml(
    tekst: str, lader: type[YamlLoader] = YamlLoader
) -> tuple[Any, yaml.Node | None, list]:
    """Parse YAML text once: (data, composed node, repeated keys); raises yaml.YAMLError.

    A text longer than MAX_YAML_BYTES characters is refused before parsing.
    """
    if len(tekst) > MAX_YAML_BYTES:
        raise yaml.YAMLError(_TOO_LARGE)
    l_ = lader(tekst)
    try:
        knoop = l_.get_single_node()
        data = l_.construct_document(knoop) if knoop is not None else None
    finally:
        l_.dispose()
    return data, knoop, l_.dubbel


# What PyYAML's (English) problem texts mean, in Dutch; matched on the start of the text.
_YAML_EXPLANATION = (
    ("found character '\\t'", "een tab is niet toegestaan; spring in met spaties"),
    ("mapping values are not allowed", "onverwachte dubbele punt; zet tekst met ': ' tussen "
     "aanhalingstekens of controleer de inspringing"),
    ("expected ',' or '}'", "accolade '{' niet gesloten of een komma ontbreekt"),
    ("expected ',' or ']'", "blokhaak '[' niet gesloten of een komma ontbreekt"),
    ("found unexpected end of stream", "aanhalingsteken niet gesloten"),
    (_ANCHOR, "ankers en verwijzingen (&naam, *naam) zijn niet toegestaan; schrijf elke "
     "waarde voluit"),
    (_TOO_DEEP, f"te diep genest (meer dan {MAX_YAML_DEPTH} niveaus van blokken en lijsten)"),
    (_TOO_LARGE, f"bestand is te groot (maximaal {size_text(MAX_YAML_BYTES)})"),
    ("found undefined alias", "verwijzing (*naam) naar een anker dat niet bestaat"),
    ("expected <block end>", "inspringing klopt niet (een sleutel of lijstitem staat op de "
     "verkeerde plek)"),
    ("could not find expected ':'", "dubbele punt na de sleutel ontbreekt"),
    ("did not find expected key", "inspringing klopt niet (sleutel verwacht)"),
    ("did not find expected '-' indicator", "lijstitem ('- ') verwacht; controleer de "
     "inspringing"),
    ("found character", "dit teken kan hier niet staan; zet de waarde tussen aanhalingstekens"),
    ("expected the node content", "waarde ontbreekt of staat op de verkeerde plek"),
    ("could not determine a constructor", "onbekend YAML-label (!...); gebruik gewone waarden"),
)  # fmt: skip


def yaml_error(exc: yaml.YAMLError, tekst: str = "") -> tuple[int | None, int | None, str]:
    """What a PyYAML error means in Dutch: (1-based line, 1-based column, explanation).

    PyYAML's own English text is not passed on. When the file ends inside a quote or a
    bracket, the place where it was opened is given.
    """
    if isinstance(exc, yaml.reader.ReaderError):
        regel = tekst[: exc.position].count("\n") + 1 if tekst else None
        teken = exc.character
        code = f"U+{teken:04X}" if isinstance(teken, int) else repr(teken)
        return regel, None, f"teken {code} is niet toegestaan (is dit wel een tekstbestand?)"
    probleem = str(getattr(exc, "problem", None) or exc)
    mark = getattr(exc, "problem_mark", None)
    if "end of stream" in probleem or "<stream end>" in probleem:
        mark = getattr(exc, "context_mark", None) or mark
    uitleg = next(
        (nl for en, nl in _YAML_EXPLANATION if probleem.startswith(en)),
        "controleer haakjes, aanhalingstekens, dubbele punten en inspringing",
    )
    if mark is None:
        return None, None, uitleg
    return mark.line + 1, mark.column + 1, uitleg


def yaml_message(exc: yaml.YAMLError, tekst: str = "") -> tuple[int | None, str]:
    """The line and the Dutch message of a PyYAML error, for a problem that names the line."""
    regel, kolom, uitleg = yaml_error(exc, tekst)
    if kolom is None and regel is not None and isinstance(exc, yaml.reader.ReaderError):
        return regel, f"geen geldige YAML: {uitleg}"
    positie = f" bij teken {kolom}" if kolom is not None else ""
    return regel, f"geen geldige YAML{positie}; {uitleg}"


def yaml_message_with_line(exc: yaml.YAMLError, tekst: str = "") -> str:
    """A PyYAML error as one Dutch text with its place: 'geen geldige YAML (regel 2, ...)'."""
    regel, kolom, uitleg = yaml_error(exc, tekst)
    plek = [f"regel {regel}"] if regel is not None else []
    if kolom is not None:
        plek.append(f"teken {kolom}")
    return "geen geldige YAML" + (f" ({', '.join(plek)})" if plek else "") + f": {uitleg}"


def _yaml_lines(
    knoop: yaml.Node, pad: str, regels: dict[str, int], dubbel: list | None = None
) -> None:
    """Record the line of every key path below a composed YAML node.

    A key that occurs twice in one mapping is added to `dubbel` as (key path, first line,
    second line).
    """
    if isinstance(knoop, yaml.MappingNode):
        gezien: dict[str, int] = {}
        for sleutel, waarde in knoop.value:
            naam = f"{pad}.{sleutel.value}" if pad else str(sleutel.value)
            regel = sleutel.start_mark.line + 1
            if naam in gezien and dubbel is not None:
                dubbel.append((naam, gezien[naam], regel))
            gezien.setdefault(naam, regel)
            regels.setdefault(naam, regel)
            _yaml_lines(waarde, naam, regels, dubbel)
    elif isinstance(knoop, yaml.SequenceNode):
        for i, waarde in enumerate(knoop.value, start=1):
            naam = f"{pad}[{i}]"
            regels.setdefault(naam, waarde.start_mark.line + 1)
            _yaml_lines(waarde, naam, regels, dubbel)


def read_yaml(pad: Path, v: Collector, datums_als_tekst: bool = True) -> dict | None:
    """Read a YAML mapping; problems (syntax, not a mapping, repeated keys) are collected.

    Dates stay text unless datums_als_tekst is False (checked later by values.read_date, so
    2023-02-31 is a Dutch message, not a crash), and the line of every key is remembered for
    the messages. A key that occurs twice in one mapping is a problem naming both lines.
    """
    tekst = read_utf8_text(pad, v, MAX_YAML_BYTES)
    if tekst is None:
        return None
    try:
        data, knoop, _ = load_yaml(tekst, DateTextLoader if datums_als_tekst else YamlLoader)
    except yaml.YAMLError as exc:
        v.unreadable(pad, *yaml_message(exc, tekst))
        return None
    if not isinstance(data, dict):
        v.unreadable(pad, None, "verwacht een lijst van sleutels en waarden (YAML-mapping)")
        return None
    regels: dict[str, int] = {}
    dubbel: list[tuple[str, int, int]] = []
    _yaml_lines(knoop, "", regels, dubbel)
    v.yaml_regels[pad] = regels
    for naam, eerste, tweede in dubbel:
        v.add_entry(
            pad,
            tweede,
            naam,
            f"sleutel staat twee keer in dit blok (rij {eerste} en rij {tweede}); alleen de "
            "laatste waarde zou gelden: verwijder er één",
        )
    return data
