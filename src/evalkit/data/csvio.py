"""Reading the semicolon CSV tables of a data folder, cell by cell, collecting every problem."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evalkit import fmt
from evalkit.data import schema, values
from evalkit.data.collect import Collector, read_utf8_text
from evalkit.data.limits import (
    MAX_CSV_BYTES,
    MAX_CSV_ROWS,
    MAX_LINE_CHARS,
    invisible_characters,
    visible,
)
from evalkit.data.schema import ID_PATTERN


def _read_id(kolom: schema.Column, tekst: str) -> str:
    if not ID_PATTERN.match(tekst):
        raise values.CellValueError(
            f"'{tekst}' is geen geldige id (letters, cijfers, '-', '_' of '.')"
        )
    return tekst


def _read_choice(kolom: schema.Column, tekst: str) -> str:
    """One choice, or with kolom.meerdere several ('a, b' is read as the text 'a,b')."""
    delen = values.read_list(tekst) if kolom.meerdere else [tekst]
    for deel in delen:
        if deel.lower() not in kolom.keuzes:
            raise values.CellValueError(
                f"onbekende waarde '{deel}'; verwacht een van: {', '.join(kolom.keuzes)}"
            )
    gekozen = [d.lower() for d in delen]
    if len(set(gekozen)) < len(gekozen):
        raise values.CellValueError(f"'{tekst}' noemt dezelfde waarde twee keer")
    return ",".join(gekozen)


def _read_yes_no(kolom: schema.Column, tekst: str) -> bool:
    if tekst.lower() not in ("ja", "nee"):
        raise values.CellValueError(f"'{tekst}' is geen ja/nee")
    return tekst.lower() == "ja"


def _read_id_list(kolom: schema.Column, tekst: str) -> tuple[str, ...]:
    ids = values.read_list(tekst)
    for i in ids:
        if not ID_PATTERN.match(i):
            raise values.CellValueError(f"'{i}' in de lijst is geen geldige id")
    return tuple(ids)


# How a cell of each column kind is read; a kind not listed here is plain text.
_READERS: dict[str, Callable[[schema.Column, str], Any]] = {
    "id": _read_id,
    "keuze": _read_choice,
    "janee": _read_yes_no,
    "lijst": _read_id_list,
    "getal": lambda _, tekst: values.read_number(tekst),
    "bedrag": lambda _, tekst: values.read_amount(tekst),
    "datum": lambda _, tekst: values.read_date(tekst),
}


def empty_value(kolom: schema.Column) -> Any:
    """The value of an empty (or unreadable) cell: () for a list column, else None."""
    return () if kolom.soort == "lijst" else None


def read_cell(kolom: schema.Column, tekst: str) -> Any:
    """Parse one cell according to its column; raises CellValueError with a Dutch message."""
    tekst = tekst.strip()
    if not tekst:
        if kolom.verplicht:
            raise values.CellValueError("leeg, maar een waarde is verplicht")
        return empty_value(kolom)
    lezer = _READERS.get(kolom.soort)
    return lezer(kolom, tekst) if lezer else tekst


def read_table(
    pad: Path, soort: str, v: Collector, alle_kolommen_verplicht: bool = False
) -> list[tuple[int, dict]]:
    """Read a semicolon CSV of the given schema kind into (line number, parsed row) pairs.

    soort is a key of schema.FILES or schema.STAKEHOLDER_FILES. A file that cannot be
    read, or whose key column is missing, is added to v.onleesbaar. With
    alle_kolommen_verplicht every column of the schema must be in the header (the cells of
    optional columns may still be empty).
    """
    kolommen = {k.naam: k for k in schema.file_columns(soort)}
    tekst = read_utf8_text(pad, v, MAX_CSV_BYTES)
    if tekst is None or not _lines_fit(pad, tekst, v):
        return []
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=";")
    kop = _read_header(pad, tekst, lezer, v)
    if kop is None:
        return []
    _check_header(pad, kop, kolommen, v, alle_kolommen_verplicht)
    if schema.file_columns(soort)[0].naam not in kop:
        v.onleesbaar.add(pad)  # without its key column the rows cannot be referred to
    return _read_rows(pad, _TextShape(tekst), lezer, kop, kolommen, v)


def _lines_fit(pad: Path, tekst: str, v: Collector) -> bool:
    """False (reported, naming the line) when a line is longer than MAX_LINE_CHARS."""
    if len(tekst) <= MAX_LINE_CHARS:
        return True
    for nummer, regel in enumerate(tekst.split("\n"), start=1):
        if len(regel) > MAX_LINE_CHARS:
            v.unreadable(
                pad,
                nummer,
                f"regel is te lang ({fmt.number(len(regel))} tekens; maximaal "
                f"{fmt.number(MAX_LINE_CHARS)})",
            )
            return False
    return True


class _TextShape:
    """What the open-quote check needs of the whole text, counted once (not once per row)."""

    def __init__(self, tekst: str) -> None:
        self.regels = tekst.count("\n") + (0 if tekst.endswith("\n") else 1)
        self.oneven_quotes = tekst.count('"') % 2 == 1


def _read_header(pad: Path, tekst: str, lezer: Any, v: Collector) -> list[str] | None:
    """The stripped column names of the first line; None (reported) when there are none."""
    try:
        kop = next(lezer, None)
    except csv.Error as exc:
        v.unreadable(pad, 1, _csv_message(exc))
        return None
    if not kop:
        v.unreadable(pad, 1, "bestand is leeg; een kopregel met kolomnamen verwacht")
        return None
    if not tekst.strip():
        v.unreadable(
            pad,
            1,
            "bestand bevat alleen spaties of lege regels; een kopregel met kolomnamen verwacht",
        )
        return None
    if not any(k.strip() for k in kop):
        v.unreadable(pad, 1, "de kopregel is leeg; zet de kolomnamen op de eerste regel")
        return None
    kop = [k.strip() for k in kop]
    for teken, naam in (("\t", "tabs"), (",", "','")):
        if len(kop) == 1 and teken in kop[0]:
            v.unreadable(pad, 1, f"kolommen moeten gescheiden zijn door ';' (niet door {naam})")
            return None
    return kop


def _check_header(
    pad: Path,
    kop: list[str],
    kolommen: dict[str, schema.Column],
    v: Collector,
    alle_kolommen_verplicht: bool,
) -> None:
    """Report unknown, repeated and missing required columns of the header."""
    bekend: list[str] = []
    for naam in kop:
        if naam not in kolommen and (tekens := invisible_characters(naam)):
            v.add_entry(
                pad,
                1,
                visible(naam),
                f"onbekende kolom: de naam bevat het onzichtbare teken {', '.join(tekens)}; "
                f"verwijder het (verwacht: {', '.join(kolommen)})",
            )
        elif naam not in kolommen:
            v.add_entry(pad, 1, naam, f"onbekende kolom; verwacht: {', '.join(kolommen)}")
        elif naam in bekend:
            v.add_entry(pad, 1, naam, "kolom komt twee keer voor")
        bekend.append(naam)
    for naam, k in kolommen.items():
        if (k.verplicht or alle_kolommen_verplicht) and naam not in kop:
            v.add_entry(pad, 1, naam, "verplichte kolom ontbreekt")


def _read_rows(
    pad: Path,
    vorm: _TextShape,
    lezer: Any,
    kop: list[str],
    kolommen: dict[str, schema.Column],
    v: Collector,
) -> list[tuple[int, dict]]:
    """Read the data rows after the header; stops (reported) at a row CSV cannot read."""
    rijen: list[tuple[int, dict]] = []
    regel = 1
    while True:
        try:
            cellen = next(lezer, None)
        except csv.Error as exc:
            v.unreadable(pad, regel + 1, _csv_message(exc))
            return rijen
        if cellen is None:
            return rijen
        regel += 1
        begin = regel
        regel = max(regel, lezer.line_num)
        if not any(c.strip() for c in cellen):
            continue
        if len(rijen) >= MAX_CSV_ROWS:
            v.unreadable(
                pad,
                begin,
                f"te veel rijen: maximaal {fmt.number(MAX_CSV_ROWS)} rijen per bestand (naast "
                "de kopregel); splits het bestand",
            )
            return rijen
        if _open_quote(vorm, cellen, lezer.line_num):
            v.unreadable(
                pad,
                begin,
                'aanhalingsteken (") wordt niet gesloten; de rest van het bestand is als één '
                "cel gelezen",
            )
            return rijen
        if len(cellen) > len(kop):
            v.add_entry(
                pad, begin, None, f"{len(cellen)} cellen, maar {len(kop)} kolommen in de kop"
            )
        rijen.append((begin, _read_row(pad, begin, kop, cellen, kolommen, v)))


def _read_row(
    pad: Path,
    begin: int,
    kop: list[str],
    cellen: list[str],
    kolommen: dict[str, schema.Column],
    v: Collector,
) -> dict[str, Any]:
    """Parse the cells of one row; every column of the schema gets a value (maybe empty)."""
    rij: dict[str, Any] = {}
    for naam, cel in zip(kop, cellen, strict=False):
        if naam not in kolommen:
            continue
        try:
            rij[naam] = read_cell(kolommen[naam], cel)
        except values.CellValueError as exc:
            v.add_entry(pad, begin, naam, str(exc))
            rij[naam] = empty_value(kolommen[naam])
    for naam, k in kolommen.items():
        if naam not in rij:
            if k.verplicht and naam in kop:
                v.add_entry(pad, begin, naam, "leeg, maar een waarde is verplicht")
            rij.setdefault(naam, empty_value(k))
    return rij


def _csv_message(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"cel is te lang (meer dan {fmt.number(csv.field_size_limit())} tekens)"
    return "regel kan niet als CSV gelezen worden; controleer aanhalingstekens en scheidingstekens"


def _open_quote(vorm: _TextShape, cellen: list[str], gelezen: int) -> bool:
    """True when this row swallowed the rest of the file because a quote was not closed."""
    return gelezen >= vorm.regels and vorm.oneven_quotes and any("\n" in c for c in cellen)
