"""Writing a jaarplan folder: the exact inverse of the loader (read.py), in one canonical form.

Every writer of data/ goes through this module: `cell` is the one function that turns a value
into the text of a CSV cell, `csv_table` the one CSV writer and `yaml_text` the one YAML
writer. The canonical cell form follows the shipped data/ files: plain numbers with a decimal
point and no thousands separator, shares as fractions (0.75), ISO dates, id lists as
`D01,D02`, `ja` for true and an empty cell for false and for "no value".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from evalkit import files
from evalkit.data import schema
from evalkit.data.model import Jaarplan, Meting, Normen, Ronde

# '1.125' would read back as 1125 (a dot followed by three digits is a thousands separator).
_THOUSANDS_LOOKALIKE = re.compile(r"^-?[1-9]\d{0,2}\.\d{3}$")


def number_cell(value: float) -> str:
    """A number as text that reads back exactly: 200000, 1234.56, 0.125, 1e-7 -> 0.0000001.

    Decimal point, no thousands separator, no trailing zeros; only a value that would look
    like a thousands group ('1.125') gets a decimal comma ('1,125').
    """
    if float(value).is_integer():
        return str(int(value))
    text = format(Decimal(repr(float(value))), "f")
    return text.replace(".", ",") if _THOUSANDS_LOOKALIKE.match(text) else text


def cell(value: Any) -> str:
    """The canonical text of one CSV cell; None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else ""
    if isinstance(value, int | float):
        return number_cell(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ",".join(value)
    return str(value)


@dataclass(frozen=True)
class CsvText:
    """A semicolon CSV text and the 1-based line on which each data row starts."""

    text: str
    lines: tuple[int, ...]


def csv_table(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> CsvText:
    """The one CSV writer: header `columns`, then one line per row (missing keys are empty).

    Semicolon-separated, minimal double-quote quoting, '\\n' line ends, every value through
    `cell`. A cell holding a line break spans more lines; `lines` says where each row starts.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(columns)
    line = 2
    starts = []
    for row in rows:
        starts.append(line)
        begin = buffer.tell()
        writer.writerow([cell(row.get(c)) for c in columns])
        line += buffer.getvalue()[begin:].count("\n")
    return CsvText(buffer.getvalue(), tuple(starts))


def table_text(kind: str, rows: Iterable[Mapping[str, Any]]) -> str:
    """A data file of a schema kind (a key of schema.FILES): all its columns, in schema order."""
    return csv_table([k.naam for k in schema.FILES[kind]], rows).text


class _Dumper(yaml.SafeDumper):
    """Safe dumper in the style of the shipped jaarplan.yaml: indented lists, `Flow` on one line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


class Flow(dict):
    """A mapping written in flow style: {start: 2023-01-01, eind: 2023-12-31}."""


_Dumper.add_representer(
    Flow, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)


def yaml_text(data: Mapping[str, Any], header: str = "") -> str:
    """The one YAML writer: block style, keys in the given order, UTF-8 text as is."""
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    return header + text


def _norms(normen: Normen) -> dict[str, Any]:
    data: dict[str, Any] = {
        "doelen_behaald": normen.doelen_behaald,
        "projecten_binnen_uren": normen.projecten_binnen_uren,
        "deels_behaald_telt": normen.deels_behaald_telt,
    }
    if normen.extra:
        data["extra"] = [
            {
                k: v
                for k, v in vars(n).items()
                if (k != "bron" or v) and (k != "noemer_meting" or v != "huidig")
            }
            for n in normen.extra
        ]
    if normen.bron:
        data["bron"] = normen.bron
    if normen.bronnen:
        data["bronnen"] = dict(normen.bronnen)
    if normen.oordeel_op_richting:
        data["oordeel_op_richting"] = True
    return data


def kept_yaml(ruw: Mapping[str, Any]) -> dict[str, Any]:
    """What a jaarplan.yaml holds that the model does not: the prescribed rondes and
    normen.toelichting (the `extra` of jaarplan_data)."""
    extra: dict[str, Any] = {}
    if ruw.get("rondes"):
        extra["rondes"] = [Flow(r) if isinstance(r, dict) else r for r in ruw["rondes"]]
    normen = ruw.get("normen")
    if isinstance(normen, dict) and normen.get("toelichting") is not None:
        extra["normen"] = {"toelichting": normen["toelichting"]}
    return extra


def jaarplan_data(plan: Jaarplan, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The content of jaarplan.yaml, keys in schema order.

    `extra` adds what the model does not hold (the prescribed `rondes`, `normen.toelichting`);
    a mapping in it is merged into the mapping of the same key.
    """
    data: dict[str, Any] = {
        "id": plan.id,
        "naam": plan.naam,
        "organisatie": plan.organisatie,
        "sector": plan.sector,
        "periode": Flow(start=plan.periode_start, eind=plan.periode_eind),
        "bron": [dict(b) for b in plan.bron],
        "normen": _norms(plan.normen),
    }
    if plan.toelichting is not None:
        data["toelichting"] = plan.toelichting
    for key, value in (extra or {}).items():
        old = data.get(key)
        data[key] = {**old, **value} if isinstance(old, dict) and isinstance(value, dict) else value
    order = list(schema.JAARPLAN_KEYS)
    return dict(sorted(data.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99))


def _rows(objects: Iterable[Any], kind: str) -> list[dict[str, Any]]:
    names = [k.naam for k in schema.FILES[kind]]
    return [{n: getattr(o, n) for n in names} for o in objects]


def _measurements(metingen: Iterable[Meting], note: str) -> list[dict[str, Any]]:
    return [
        {"indicator": m.indicator, "peildatum": m.peildatum, "waarde": m.waarde,
         note: m.toelichting}
        for m in metingen
    ]  # fmt: skip


def budget_rows(ronde: Ronde) -> list[dict[str, Any]]:
    """The rows of a round's begroting.csv: spend and toelichting per begrotingsonderdeel."""
    return [
        {"begrotingsonderdeel": k, "besteed": b, "toelichting": ronde.begroting_toelichting.get(k)}
        for k, b in ronde.begroting.items()
    ]


def ronde_files(ronde: Ronde) -> dict[str, str]:
    """The files of one round folder (relative to realisatie/<id>/)."""
    meta: dict[str, Any] = {
        "id": ronde.id,
        "naam": ronde.naam,
        "peildatum": ronde.peildatum,
        "voorbeelddata": ronde.voorbeelddata,
    }
    if ronde.toelichting is not None:
        meta["toelichting"] = ronde.toelichting
    uit = {
        "ronde.yaml": yaml_text(meta),
        "doelen.csv": table_text(
            "realisatie/doelen.csv", _rows(ronde.doelen.values(), "realisatie/doelen.csv")
        ),
        "activiteiten.csv": table_text(
            "realisatie/activiteiten.csv",
            _rows(ronde.activiteiten.values(), "realisatie/activiteiten.csv"),
        ),
    }
    if ronde.metingen:
        uit["indicatoren.csv"] = table_text(
            "realisatie/indicatoren.csv", _measurements(ronde.metingen, "toelichting")
        )
    if ronde.begroting:
        uit["begroting.csv"] = table_text("realisatie/begroting.csv", budget_rows(ronde))
    return uit


def plan_files(plan: Jaarplan, extra: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Every file of a jaarplan folder: relative path -> text (optional files only when used)."""
    tables = {
        "themas.csv": plan.themas,
        "doelen.csv": plan.doelen,
        "activiteiten.csv": plan.activiteiten,
        "indicatoren.csv": plan.indicatoren,
    }
    uit = {"jaarplan.yaml": yaml_text(jaarplan_data(plan, extra))}
    uit |= {kind: table_text(kind, _rows(objects, kind)) for kind, objects in tables.items()}
    if plan.indicatorwaarden:
        uit["indicatorwaarden.csv"] = table_text(
            "indicatorwaarden.csv", _measurements(plan.indicatorwaarden, "bron")
        )
    for kind, objects in (
        ("langetermijndoelen.csv", plan.langetermijndoelen),
        ("begroting.csv", plan.begroting),
    ):
        if objects:
            uit[kind] = table_text(kind, _rows(objects, kind))
    for ronde in plan.rondes.values():
        for name, text in ronde_files(ronde).items():
            uit[f"realisatie/{ronde.id}/{name}"] = text
    return uit


def write_files(folder: Path, texts: Mapping[str, str]) -> list[Path]:
    """Write texts (relative path -> text) below `folder`, each file atomically."""
    written = []
    for relative, text in texts.items():
        path = Path(folder) / relative
        files.write_atomic(path, text)
        written.append(path)
    return written


def write_jaarplan(
    plan: Jaarplan, folder: Path | str, extra: Mapping[str, Any] | None = None
) -> list[Path]:
    """Write a jaarplan as the YAML/CSV files the loader reads; returns the files written.

    read_jaarplan(folder) gives the same plan back (apart from `map`), and writing the same plan
    twice gives the same bytes. Files of the folder that the plan does not produce (tekst/) are
    left alone.
    """
    return write_files(Path(folder), plan_files(plan, extra))
