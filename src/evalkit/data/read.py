"""Reading a jaarplan folder into the domain model, collecting every problem on the way."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from evalkit import fmt, paths
from evalkit.data import schema, values
from evalkit.data.model import (
    SECTORS,
    Activiteit,
    ActiviteitRealisatie,
    Doel,
    DoelRealisatie,
    Indicator,
    Jaarplan,
    Meting,
    Normen,
    RatioNorm,
    Ronde,
    Thema,
)
from evalkit.errors import Problem, ValidationError, os_reason

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
PLAN_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_READERS = {
    "getal": values.read_number,
    "bedrag": values.read_amount,
    "datum": values.read_date,
    "lijst": values.read_list,
}


class YamlLoader(yaml.SafeLoader):
    """Safe YAML loader that records every mapping key that occurs twice (with both lines).

    PyYAML itself silently keeps the last value of a repeated key; `dubbel` lists
    (key, first line, second line) for every repetition so callers can report it.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.dubbel: list[tuple[str, int, int]] = []

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


class _Loader(YamlLoader):
    """YamlLader that keeps dates as text, so they are read and checked like CSV cells."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def load_yaml(
    tekst: str, lader: type[YamlLoader] = YamlLoader
) -> tuple[Any, yaml.Node | None, list]:
    """Parse YAML text once: (data, composed node, repeated keys); raises yaml.YAMLError."""
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
    probleem = str(getattr(exc, "problem", None) or "")
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


def number_text(waarde: float) -> str:
    """A number for a message, Dutch notation without needless decimals: -1234.5 -> '-1.234,5'."""
    tekst = fmt.number(waarde, 4)
    return tekst.rstrip("0").rstrip(",") if "," in tekst else tekst


class Collector:
    """Collects problems; `naam` turns a path into the name shown in messages.

    For YAML files the line of every key path (e.g. 'normen.extra[1].teller') is kept, so a
    problem reported with a key path and no row gets the line of that key. Files that could
    not be read at all are listed in `onleesbaar`; cross-checks against them are skipped.
    """

    def __init__(self, basis: Path | None = None):
        self.basis = basis
        self.problemen: list[Problem] = []
        self.regels: dict[Path, dict[str, int]] = {}  # file -> id -> line, for cross-checks
        self.yaml_regels: dict[Path, dict[str, int]] = {}  # yaml file -> key path -> line
        self.onleesbaar: set[Path] = set()

    def naam(self, pad: Path) -> str:
        if self.basis is not None:
            try:
                return str(pad.relative_to(self.basis.parent))
            except ValueError:
                pass
        return str(pad)

    def add_entry(self, pad: Path, rij: int | None, kolom: str | None, melding: str) -> None:
        if rij is None and kolom and pad in self.yaml_regels:
            rij = self.yaml_regels[pad].get(kolom)
        self.problemen.append(Problem(self.naam(pad), rij, kolom, melding))

    def folder_unreadable(self, map_: Path, exc: OSError) -> None:
        """Report a folder whose contents cannot be read (once per folder)."""
        if map_ in self.onleesbaar:
            return
        self.onleesbaar.add(map_)
        self.add_entry(map_, None, None, f"map kan niet gelezen worden ({os_reason(exc)})")

    def file_exists(self, pad: Path, soort: str = "bestand") -> bool | None:
        """Whether a file (or folder, soort='map') exists; None when its folder is unreadable."""
        try:
            return pad.is_dir() if soort == "map" else pad.exists()
        except OSError as exc:
            self.folder_unreadable(pad.parent, exc)
            self.onleesbaar.add(pad)
            return None

    def already_reported(self, pad: Path, rij: int | None, kolom: str) -> bool:
        """True when a problem was already reported for this cell (e.g. it could not be read)."""
        naam = self.naam(pad)
        return any(p.bestand == naam and p.rij == rij and p.kolom == kolom for p in self.problemen)


def read_cell(kolom: schema.Column, tekst: str) -> Any:
    """Parse one cell according to its column; raises WaardeFout with a Dutch message."""
    tekst = tekst.strip()
    if not tekst:
        if kolom.verplicht:
            raise values.CellValueError("leeg, maar een waarde is verplicht")
        return () if kolom.soort == "lijst" else None
    if kolom.soort == "id":
        if not ID_PATTERN.match(tekst):
            raise values.CellValueError(
                f"'{tekst}' is geen geldige id (letters, cijfers, '-', '_' of '.')"
            )
        return tekst
    if kolom.soort == "keuze":
        if tekst.lower() not in kolom.keuzes:
            raise values.CellValueError(
                f"onbekende waarde '{tekst}'; verwacht een van: {', '.join(kolom.keuzes)}"
            )
        return tekst.lower()
    if kolom.soort == "janee":
        if tekst.lower() not in ("ja", "nee"):
            raise values.CellValueError(f"'{tekst}' is geen ja/nee")
        return tekst.lower() == "ja"
    if kolom.soort == "lijst":
        ids = values.read_list(tekst)
        for i in ids:
            if not ID_PATTERN.match(i):
                raise values.CellValueError(f"'{i}' in de lijst is geen geldige id")
        return tuple(ids)
    if kolom.soort in _READERS:
        return _READERS[kolom.soort](tekst)
    return tekst


def read_utf8_text(pad: Path, v: Collector) -> str | None:
    """Read a UTF-8 text file; an unreadable file is reported (with the line of a bad byte)."""
    try:
        ruw = pad.read_bytes()
    except OSError as exc:
        v.add_entry(pad, None, None, f"bestand kan niet gelezen worden ({os_reason(exc)})")
        v.onleesbaar.add(pad)
        return None
    try:
        return ruw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        regel = ruw[: exc.start].count(b"\n") + 1
        v.add_entry(pad, regel, None, utf8_message(pad, ruw[exc.start]))
        v.onleesbaar.add(pad)
        return None


def utf8_message(pad: Path, byte: int) -> str:
    """The Dutch message for a file that is not UTF-8 (byte = the first bad byte)."""
    hoe = "als 'CSV UTF-8'" if pad.suffix.lower() == ".csv" else "als UTF-8-tekst"
    return f"bestand is geen UTF-8-tekst (teken 0x{byte:02x}); sla het op {hoe}"


def read_table(
    pad: Path, soort: str, v: Collector, alle_kolommen_verplicht: bool = False
) -> list[tuple[int, dict]]:
    """Read a semicolon CSV of the given schema kind into (line number, parsed row) pairs.

    soort is a key of schema.BESTANDEN or schema.STAKEHOLDERBESTANDEN. A file that cannot be
    read, or whose key column is missing, is added to v.onleesbaar. With
    alle_kolommen_verplicht every column of the schema must be in the header (the cells of
    optional columns may still be empty).
    """
    kolommen = {k.naam: k for k in schema.kolommen(soort)}
    tekst = read_utf8_text(pad, v)
    if tekst is None:
        return []
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=";")
    try:
        kop = next(lezer, None)
    except csv.Error as exc:
        v.add_entry(pad, 1, None, _csv_message(exc))
        v.onleesbaar.add(pad)
        return []
    if not kop:
        v.add_entry(pad, 1, None, "bestand is leeg; een kopregel met kolomnamen verwacht")
        v.onleesbaar.add(pad)
        return []
    kop = [k.strip() for k in kop]
    for teken, naam in (("\t", "tabs"), (",", "','")):
        if len(kop) == 1 and teken in kop[0]:
            v.add_entry(
                pad, 1, None, f"kolommen moeten gescheiden zijn door ';' (niet door {naam})"
            )
            v.onleesbaar.add(pad)
            return []
    bekend = []
    for naam in kop:
        if naam not in kolommen:
            v.add_entry(pad, 1, naam, f"onbekende kolom; verwacht: {', '.join(kolommen)}")
        elif naam in bekend:
            v.add_entry(pad, 1, naam, "kolom komt twee keer voor")
        bekend.append(naam)
    for naam, k in kolommen.items():
        if (k.verplicht or alle_kolommen_verplicht) and naam not in kop:
            v.add_entry(pad, 1, naam, "verplichte kolom ontbreekt")
    if schema.kolommen(soort)[0].naam not in kop:
        v.onleesbaar.add(pad)  # without its key column the rows cannot be referred to
    rijen: list[tuple[int, dict]] = []
    regel = 1
    while True:
        try:
            cellen = next(lezer, None)
        except csv.Error as exc:
            v.add_entry(pad, regel + 1, None, _csv_message(exc))
            v.onleesbaar.add(pad)
            return rijen
        if cellen is None:
            break
        regel += 1
        begin = regel
        regel = max(regel, lezer.line_num)
        if not any(c.strip() for c in cellen):
            continue
        if _open_quote(tekst, cellen, lezer.line_num):
            v.add_entry(
                pad,
                begin,
                None,
                'aanhalingsteken (") wordt niet gesloten; de rest van het bestand is als één '
                "cel gelezen",
            )
            v.onleesbaar.add(pad)
            return rijen
        if len(cellen) > len(kop):
            v.add_entry(
                pad, begin, None, f"{len(cellen)} cellen, maar {len(kop)} kolommen in de kop"
            )
        rij: dict[str, Any] = {}
        for naam, cel in zip(kop, cellen, strict=False):
            if naam not in kolommen:
                continue
            try:
                rij[naam] = read_cell(kolommen[naam], cel)
            except values.CellValueError as exc:
                v.add_entry(pad, begin, naam, str(exc))
                rij[naam] = () if kolommen[naam].soort == "lijst" else None
        for naam, k in kolommen.items():
            if naam not in rij:
                if k.verplicht and naam in kop:
                    v.add_entry(pad, begin, naam, "leeg, maar een waarde is verplicht")
                rij.setdefault(naam, () if k.soort == "lijst" else None)
        rijen.append((begin, rij))
    return rijen


def _csv_message(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"cel is te lang (meer dan {fmt.number(csv.field_size_limit())} tekens)"
    return "regel kan niet als CSV gelezen worden; controleer aanhalingstekens en scheidingstekens"


def _open_quote(tekst: str, cellen: list[str], gelezen: int) -> bool:
    """True when this row swallowed the rest of the file because a quote was not closed."""
    totaal = tekst.count("\n") + (0 if tekst.endswith("\n") else 1)
    return gelezen >= totaal and tekst.count('"') % 2 == 1 and any("\n" in c for c in cellen)


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

    Dates stay text unless datums_als_tekst is False (checked later by lees_datum, so
    2023-02-31 is a Dutch message, not a crash), and the line of every key is remembered for
    the messages. A key that occurs twice in one mapping is a problem naming both lines.
    """
    tekst = read_utf8_text(pad, v)
    if tekst is None:
        return None
    try:
        data, knoop, _ = load_yaml(tekst, _Loader if datums_als_tekst else YamlLoader)
    except yaml.YAMLError as exc:
        rij, melding = yaml_message(exc, tekst)
        v.add_entry(pad, rij, None, melding)
        v.onleesbaar.add(pad)
        return None
    if not isinstance(data, dict):
        v.add_entry(pad, None, None, "verwacht een lijst van sleutels en waarden (YAML-mapping)")
        v.onleesbaar.add(pad)
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


def _keys(pad: Path, data: dict, toegestaan: dict | set, v: Collector, waar: str = ""):
    namen = ", ".join(toegestaan if isinstance(toegestaan, dict) else sorted(toegestaan))
    for sleutel in data:
        if sleutel not in toegestaan:
            v.add_entry(pad, None, waar + str(sleutel), f"onbekende sleutel; toegestaan: {namen}")
    if isinstance(toegestaan, dict):
        for sleutel, verplicht in toegestaan.items():
            if verplicht and sleutel not in data:
                v.add_entry(pad, None, waar + sleutel, "verplichte sleutel ontbreekt")


def _yaml_value(pad, data, sleutel, lezer, v, waar="", standaard=None):
    if sleutel not in data or data[sleutel] is None:
        return standaard
    ruw = data[sleutel]
    try:
        if isinstance(ruw, bool) and lezer is not values.read_date:
            # YAML reads yes/no/true/false/on/off as a boolean, and a bool is an int in Python
            raise values.CellValueError(
                "'ja/nee' is geen getal of percentage (YAML leest yes/no/true/false als ja/nee; "
                "schrijf bijvoorbeeld 75% of 0,75)"
            )
        if lezer is values.read_date and isinstance(ruw, date):
            return ruw
        if lezer in (values.read_number, values.read_share) and isinstance(ruw, int | float):
            if lezer is values.read_share and not 0 <= ruw <= 1:
                raise values.CellValueError(f"'{ruw}' is geen aandeel tussen 0 en 1")
            return float(ruw)
        return lezer(str(ruw))
    except values.CellValueError as exc:
        v.add_entry(pad, None, waar + sleutel, str(exc))
        return standaard


def _text(data: dict, sleutel: str) -> str | None:
    waarde = data.get(sleutel)
    return None if waarde is None else str(waarde).strip()


def read_norms(pad: Path, data: Any, v: Collector) -> Normen:
    """Read the `normen` block (defaults 0.75 / 0.75, 'deels behaald' counts 0)."""
    if data is None:
        return Normen()
    if not isinstance(data, dict):
        v.add_entry(pad, None, "normen", "verwacht een mapping met normen")
        return Normen()
    _keys(pad, data, schema.NORM_KEYS, v, "normen.")
    aandeel = values.read_share
    extra = []
    extra_ruw = data.get("extra") or []
    if not isinstance(extra_ruw, list):
        v.add_entry(pad, None, "normen.extra", "verwacht een lijst van normen (id, naam, ...)")
        extra_ruw = []
    for i, norm in enumerate(extra_ruw, start=1):
        waar = f"normen.extra[{i}]."
        if not isinstance(norm, dict):
            v.add_entry(
                pad, None, waar[:-1], "verwacht een mapping (id, naam, teller, noemer, minimum)"
            )
            continue
        _keys(pad, norm, schema.EXTRA_NORM_KEYS, v, waar)
        extra.append(RatioNorm(
            id=str(norm.get("id", "")), naam=str(norm.get("naam", "")),
            teller=str(norm.get("teller", "")), noemer=str(norm.get("noemer", "")),
            minimum=_yaml_value(pad, norm, "minimum", aandeel, v, waar, 0.0),
            bron=str(norm.get("bron") or ""),
        ))  # fmt: skip
    deels = _yaml_value(pad, data, "deels_behaald_telt", aandeel, v, "normen.", 0.0)
    if deels not in (0.0, 0.5, 1.0):
        v.add_entry(
            pad,
            None,
            "normen.deels_behaald_telt",
            f"'{number_text(deels)}' moet 0, 0,5 of 1 zijn",
        )
    return Normen(
        doelen_behaald=_yaml_value(pad, data, "doelen_behaald", aandeel, v, "normen.", 0.75),
        projecten_binnen_uren=_yaml_value(
            pad, data, "projecten_binnen_uren", aandeel, v, "normen.", 0.75
        ),
        deels_behaald_telt=deels,
        extra=tuple(extra),
        bron=str(data.get("bron") or ""),
    )


def read_ronde(map_: Path, v: Collector) -> Ronde | None:
    """Read one realisation round folder."""
    pad = map_ / "ronde.yaml"
    file_exists = v.file_exists(pad)
    if file_exists is None:
        return None
    if not file_exists:
        v.add_entry(pad, None, None, "ronde.yaml ontbreekt in de realisatiemap")
        return None
    meta = read_yaml(pad, v)
    if meta is None:
        return None
    _keys(pad, meta, schema.RONDE_KEYS, v)
    if meta.get("id") is not None and str(meta["id"]) != map_.name:
        v.add_entry(
            pad, None, "id", f"'{meta['id']}' moet gelijk zijn aan de mapnaam '{map_.name}'"
        )
    voorbeeld = meta.get("voorbeelddata")
    if "voorbeelddata" in meta and not isinstance(voorbeeld, bool):
        v.add_entry(pad, None, "voorbeelddata", f"'{voorbeeld}' moet true of false zijn")
    peildatum = _yaml_value(pad, meta, "peildatum", values.read_date, v)
    doelen, activiteiten, metingen = {}, {}, []
    for soort in ("realisatie/doelen.csv", "realisatie/activiteiten.csv",
                  "realisatie/indicatoren.csv"):  # fmt: skip
        bestand = map_ / soort.split("/")[1]
        if not v.file_exists(bestand):
            if soort in schema.REQUIRED_RONDE_FILES and bestand not in v.onleesbaar:
                v.add_entry(bestand, None, None, "bestand ontbreekt")
            continue
        sleutel = schema.FILES[soort][0].naam
        gezien: dict[str, int] = {}
        for regel, rij in read_table(bestand, soort, v):
            rid = rij.get(sleutel)
            if rid is None:
                continue
            if soort.endswith("indicatoren.csv"):
                v.regels.setdefault(bestand, {}).setdefault(rid, regel)
                if rij["peildatum"] is not None and rij["waarde"] is not None:
                    metingen.append(Meting(rid, rij["peildatum"], rij["waarde"],
                                           rij["toelichting"], map_.name))  # fmt: skip
                continue
            if rid in gezien:
                v.add_entry(bestand, regel, sleutel, f"'{rid}' staat al in rij {gezien[rid]}")
                continue
            gezien[rid] = regel
            v.regels[bestand] = gezien
            if soort.endswith("doelen.csv"):
                doelen[rid] = DoelRealisatie(**rij)
            else:
                activiteiten[rid] = ActiviteitRealisatie(**rij)
    return Ronde(
        id=map_.name,
        naam=_text(meta, "naam") or map_.name,
        peildatum=peildatum or date.min,
        voorbeelddata=bool(voorbeeld) if isinstance(voorbeeld, bool) else True,
        toelichting=_text(meta, "toelichting"),
        doelen=doelen,
        activiteiten=activiteiten,
        metingen=tuple(metingen),
    )


def _read_table_unique(map_: Path, soort: str, v: Collector) -> list[tuple[int, dict]]:
    pad = map_ / soort
    file_exists = v.file_exists(pad)
    if not file_exists:
        if file_exists is False and soort in schema.REQUIRED_FILES:
            v.add_entry(pad, None, None, "bestand ontbreekt")
        v.onleesbaar.add(pad)
        return []
    rijen = read_table(pad, soort, v)
    if schema.FILES[soort][0].naam != "id":
        return rijen
    gezien: dict[str, int] = {}
    uniek = []
    for regel, rij in rijen:
        if rij["id"] is None:
            continue
        if rij["id"] in gezien:
            v.add_entry(
                pad, regel, "id", f"dubbele id '{rij['id']}' (staat ook in rij {gezien[rij['id']]})"
            )
            continue
        gezien[rij["id"]] = regel
        uniek.append((regel, rij))
    return uniek


def read_plan_raw(map_: Path, v: Collector) -> tuple[Jaarplan | None, dict]:
    """Read a jaarplan folder; returns the plan (None when unreadable) and row numbers per id."""
    pad = map_ / "jaarplan.yaml"
    file_exists = v.file_exists(pad)
    if file_exists is None:
        return None, {}
    if not file_exists:
        try:
            next(map_.iterdir(), None)
        except FileNotFoundError:
            pass
        except OSError as exc:  # e.g. a folder that may be entered but not listed
            v.folder_unreadable(map_, exc)
            return None, {}
        v.add_entry(pad, None, None, "jaarplan.yaml ontbreekt; is dit een jaarplanmap?")
        return None, {}
    meta = read_yaml(pad, v)
    if meta is None:
        return None, {}
    _keys(pad, meta, schema.JAARPLAN_KEYS, v)
    if meta.get("id") is not None and str(meta["id"]) != map_.name:
        v.add_entry(
            pad, None, "id", f"'{meta['id']}' moet gelijk zijn aan de mapnaam '{map_.name}'"
        )
    if meta.get("sector") is not None and meta["sector"] not in SECTORS:
        v.add_entry(
            pad, None, "sector", f"onbekende sector '{meta['sector']}'; verwacht PO, VO of PO+VO"
        )
    periode_ruw = meta.get("periode")
    periode = periode_ruw if isinstance(periode_ruw, dict) else {}
    if periode_ruw is not None and not isinstance(periode_ruw, dict):
        v.add_entry(pad, None, "periode", "verwacht 'start' en 'eind' (datums)")
    start = _yaml_value(pad, periode, "start", values.read_date, v, "periode.")
    eind = _yaml_value(pad, periode, "eind", values.read_date, v, "periode.")
    ontbreekt = [k for k in ("start", "eind") if periode.get(k) is None]
    if "periode" in meta and isinstance(periode_ruw, dict | None) and ontbreekt:
        # only missing values: a value that could not be read is reported already
        v.add_entry(pad, None, "periode", "start en eind van de periode zijn verplicht")
    if start and eind and eind < start:
        v.add_entry(pad, None, "periode.eind", "het einde van de periode ligt voor het begin")
    regels: dict[str, dict[str, int]] = {}
    tabellen = {}
    for soort in ("themas.csv", "doelen.csv", "activiteiten.csv", "indicatoren.csv",
                  "indicatorwaarden.csv"):  # fmt: skip
        rijen = _read_table_unique(map_, soort, v)
        tabellen[soort] = rijen
        sleutel = schema.FILES[soort][0].naam
        regels[soort] = {}
        for regel, r in rijen:  # first row of each key (indicatorwaarden repeats indicators)
            regels[soort].setdefault(str(r.get(sleutel) or ""), regel)
        v.regels[map_ / soort] = regels[soort]
    rondes = []
    realisatie = map_ / "realisatie"
    for sub in subfolders(realisatie, v):
        ronde = read_ronde(sub, v)
        if ronde is not None:
            rondes.append(ronde)
    rondes.sort(key=lambda r: (r.peildatum, r.id))
    bron = meta.get("bron") or []
    if not isinstance(bron, list) or not all(isinstance(b, dict | str) for b in bron):
        v.add_entry(pad, None, "bron", "verwacht een lijst van bronnen (bestand, titel)")
        bron = []
    plan = Jaarplan(
        id=map_.name,
        naam=_text(meta, "naam") or map_.name,
        organisatie=_text(meta, "organisatie") or "",
        sector=_text(meta, "sector") or "",
        periode_start=start or date.min,
        periode_eind=eind or date.max,
        normen=read_norms(pad, meta.get("normen"), v),
        bron=tuple(b if isinstance(b, dict) else {"bestand": str(b)} for b in bron),
        toelichting=_text(meta, "toelichting"),
        themas=tuple(Thema(**r) for _, r in tabellen["themas.csv"]),
        doelen=tuple(Doel(**r) for _, r in tabellen["doelen.csv"]),
        activiteiten=tuple(
            Activiteit(**{**r, "project": bool(r["project"])})
            for _, r in tabellen["activiteiten.csv"]
        ),
        indicatoren=tuple(Indicator(**r) for _, r in tabellen["indicatoren.csv"]),
        indicatorwaarden=tuple(
            Meting(r["indicator"], r["peildatum"], r["waarde"], r["bron"])
            for _, r in tabellen["indicatorwaarden.csv"]
            if r["indicator"] and r["peildatum"] and r["waarde"] is not None
        ),
        rondes={r.id: r for r in rondes},
        map=map_,
    )
    return plan, regels


def subfolders(map_: Path, v: Collector) -> list[Path]:
    """The visible sub-folders of a folder, sorted (none when it does not exist).

    A folder that exists but cannot be read is reported (once) instead of raising.
    """
    try:
        if not map_.is_dir():
            return []
        return sorted(p for p in map_.iterdir() if not p.name.startswith(".") and p.is_dir())
    except OSError as exc:
        v.folder_unreadable(map_, exc)
        return []


def plan_ids(data_dir: Path | None = None) -> list[str]:
    """Ids of all jaarplan folders (those holding a jaarplan.yaml), sorted.

    A plan-like folder that cannot be looked into is included, so that loading it reports
    why; a data folder that cannot be read raises ValidatieFout naming it.
    """
    basis = Path(data_dir) if data_dir else paths.DATA_DIR
    try:
        if not basis.is_dir():
            return []
        kandidaten = sorted(p for p in basis.iterdir() if not p.name.startswith("."))
    except OSError as exc:
        raise ValidationError(
            [Problem(str(basis), None, None, f"map kan niet gelezen worden ({os_reason(exc)})")]
        ) from None
    ids = []
    for p in kandidaten:
        try:
            if (p / "jaarplan.yaml").is_file():
                ids.append(p.name)
        except OSError:
            if PLAN_ID_PATTERN.match(p.name) and p.is_dir():
                ids.append(p.name)
    return ids
