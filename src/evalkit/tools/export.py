"""Tidy tables of all jaarplannen for research: load() into pandas and exporteer() to files."""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from evalkit import escape, files, paths
from evalkit.data.load import load_jaarplan
from evalkit.data.model import Jaarplan
from evalkit.data.read import plan_ids
from evalkit.engine import rules
from evalkit.errors import NoProjectData, OutputError, os_reason
from evalkit.tools.export_lines import LINE_COLUMNS, line_tables

TEXT = "str"
NUMBER = "float64"
BOOLEAN = "bool"
INTEGER = "int64"
BOOLEAN_NULLABLE = "boolean"  # nullable: True, False or <NA> when it cannot be determined
DATE = "datetime64[us]"

# Every table with its columns in their fixed order and their pandas dtype. Meaning and examples
# of every column are in docs/datadictionary.md.
COLUMNS: dict[str, dict[str, str]] = {
    "jaarplannen": {
        "jaarplan": TEXT, "naam": TEXT, "organisatie": TEXT, "sector": TEXT,
        "periode_start": DATE, "periode_eind": DATE, "norm_doelen_behaald": NUMBER,
        "norm_projecten_binnen_uren": NUMBER, "norm_deels_behaald_telt": NUMBER, "bron": TEXT,
        "toelichting": TEXT,
    },
    "rondes": {
        "jaarplan": TEXT, "ronde": TEXT, "volgorde": INTEGER, "naam": TEXT, "peildatum": DATE,
        "voorbeelddata": BOOLEAN, "toelichting": TEXT,
    },
    "themas": {
        "jaarplan": TEXT, "thema": TEXT, "naam": TEXT, "gemeenschappelijk_thema": TEXT,
        "langetermijndoel": TEXT, "bron": TEXT,
    },
    "doelen": {
        "jaarplan": TEXT, "doel": TEXT, "thema": TEXT, "tekst": TEXT, "soort": TEXT,
        "indicator": TEXT, "eenheid": TEXT, "nulmeting": NUMBER, "streefwaarde": NUMBER,
        "richting": TEXT, "deadline": DATE, "eigenaar": TEXT, "langetermijndoel": TEXT,
        "bron": TEXT, "smart_indicator": BOOLEAN, "smart_meetbaar": BOOLEAN,
        "smart_deadline": BOOLEAN, "smart_eigenaar": BOOLEAN, "smart_volledig": BOOLEAN,
    },
    "activiteiten": {
        "jaarplan": TEXT, "activiteit": TEXT, "thema": TEXT, "doelen": TEXT,
        "omschrijving": TEXT, "wie": TEXT, "wanneer": TEXT, "budget": NUMBER,
        "begrotingsonderdeel": TEXT, "uren": NUMBER, "project": BOOLEAN, "bron": TEXT,
    },
    "activiteit_doelen": {"jaarplan": TEXT, "activiteit": TEXT, "doel": TEXT},
    "indicatoren": {
        "jaarplan": TEXT, "indicator": TEXT, "naam": TEXT, "eenheid": TEXT, "doel": TEXT,
        "nulmeting": NUMBER, "streefwaarde": NUMBER, "richting": TEXT, "bron": TEXT,
    },
    "metingen": {
        "jaarplan": TEXT, "indicator": TEXT, "peildatum": DATE, "waarde": NUMBER,
        "herkomst": TEXT, "ronde": TEXT, "voorbeelddata": BOOLEAN, "bron": TEXT,
        "toelichting": TEXT,
    },
    "doel_realisatie": {
        "jaarplan": TEXT, "ronde": TEXT, "doel": TEXT, "waarde": NUMBER,
        "datum_gereed": DATE, "status": TEXT, "toelichting": TEXT, "voorbeelddata": BOOLEAN,
    },
    "activiteit_realisatie": {
        "jaarplan": TEXT, "ronde": TEXT, "activiteit": TEXT, "besteed": NUMBER,
        "uren_besteed": NUMBER, "status": TEXT, "toelichting": TEXT, "voorbeelddata": BOOLEAN,
    },
    "evaluatie_doelen": {
        "jaarplan": TEXT, "ronde": TEXT, "doel": TEXT, "thema": TEXT, "soort": TEXT,
        "status": TEXT, "afgeleid_status": TEXT, "status_bron": TEXT, "uitleg": TEXT,
        "waarschuwing": TEXT, "waarde": NUMBER, "datum_gereed": DATE, "voorbeelddata": BOOLEAN,
    },
    "evaluatie_activiteiten": {
        "jaarplan": TEXT, "ronde": TEXT, "activiteit": TEXT, "thema": TEXT,
        "project": BOOLEAN, "budget": NUMBER, "besteed": NUMBER, "overschrijding": NUMBER,
        "overschrijding_fractie": NUMBER, "uren": NUMBER, "uren_besteed": NUMBER,
        "binnen_uren": BOOLEAN_NULLABLE, "status": TEXT, "voorbeelddata": BOOLEAN,
    },
    "evaluatie_normen": {
        "jaarplan": TEXT, "ronde": TEXT, "norm": TEXT, "naam": TEXT,
        "teller_indicator": TEXT, "noemer_indicator": TEXT, "teller": NUMBER, "noemer": NUMBER,
        "minimum": NUMBER, "aandeel": NUMBER, "gehaald": BOOLEAN_NULLABLE, "voorbeelddata": BOOLEAN,
    },
    "evaluatie_samenvatting": {
        "jaarplan": TEXT, "ronde": TEXT, "ronde_naam": TEXT, "peildatum": DATE,
        "voorbeelddata": BOOLEAN, "voorbeelddata_toelichting": TEXT, "doelen_totaal": INTEGER,
        "doelen_geteld": INTEGER, "doelen_behaald": NUMBER, "aandeel_doelen_behaald": NUMBER,
        "deels_behaald_telt": NUMBER, "norm_doelen": NUMBER,
        "norm_doelen_gehaald": BOOLEAN_NULLABLE,
        "aantal_behaald": INTEGER, "aantal_deels_behaald": INTEGER, "aantal_niet_behaald": INTEGER,
        "aantal_nog_niet_te_beoordelen": INTEGER, "aantal_vervallen": INTEGER,
        "budget_totaal": NUMBER, "besteed_totaal": NUMBER, "activiteiten_overschreden": INTEGER,
        "activiteiten_zonder_budget": INTEGER, "aandeel_binnen_budget": NUMBER,
        "aandeel_projecten_binnen_uren": NUMBER, "norm_uren": NUMBER,
        "norm_uren_gehaald": BOOLEAN_NULLABLE, "aandeel_smart": NUMBER, "waarschuwingen": INTEGER,
    },
}  # fmt: skip
COLUMNS.update(LINE_COLUMNS)

FORMATS = ("csv", "parquet", "xlsx")
XLSX_NAME = "evalkit-export.xlsx"
# Fixed timestamp inside the workbook (document properties and zip entries): same input, same bytes.
_FIXED_MOMENT = datetime(2000, 1, 1)


def _date(d: date | None) -> date | None:
    """A date for a table; the placeholders lezen uses for missing dates become missing."""
    if d is None or d in (date.min, date.max):
        return None
    return d


def _frame(tabel: str, rijen: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame with the table's columns, in order, cast to the documented dtypes."""
    kolommen = COLUMNS[tabel]
    rijen = list(rijen)
    data: dict[str, pd.Series] = {}
    for naam, dtype in kolommen.items():
        ruw = pd.Series([r.get(naam) for r in rijen], dtype=object)
        if dtype == DATE:
            data[naam] = pd.to_datetime(ruw).astype(DATE)
        elif dtype == TEXT:
            data[naam] = ruw.map(lambda x: None if x is None or x == "" else str(x)).astype(TEXT)
        else:
            data[naam] = ruw.astype(dtype)
    return pd.DataFrame(data, columns=list(kolommen))


def _jaarplan_row(plan: Jaarplan) -> dict[str, Any]:
    bronnen = []
    for b in plan.bron:
        tekst = str(b.get("bestand") or "")
        if b.get("titel"):
            tekst = f"{tekst} ({b['titel']})" if tekst else str(b["titel"])
        if tekst:
            bronnen.append(tekst)
    return {
        "jaarplan": plan.id,
        "naam": plan.naam,
        "organisatie": plan.organisatie,
        "sector": plan.sector,
        "periode_start": _date(plan.periode_start),
        "periode_eind": _date(plan.periode_eind),
        "norm_doelen_behaald": plan.normen.doelen_behaald,
        "norm_projecten_binnen_uren": plan.normen.projecten_binnen_uren,
        "norm_deels_behaald_telt": plan.normen.deels_behaald_telt,
        "bron": "; ".join(bronnen),
        "toelichting": plan.toelichting,
    }


def _plan_tables(plan: Jaarplan) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table for one jaarplan, in the plan's own order."""
    p = plan.id
    rondes = list(plan.rondes.values())
    t: dict[str, list[dict[str, Any]]] = {naam: [] for naam in COLUMNS}
    t["jaarplannen"].append(_jaarplan_row(plan))
    for i, r in enumerate(rondes, start=1):
        t["rondes"].append({
            "jaarplan": p, "ronde": r.id, "volgorde": i, "naam": r.naam,
            "peildatum": _date(r.peildatum), "voorbeelddata": r.voorbeelddata,
            "toelichting": r.toelichting,
        })  # fmt: skip
    for th in plan.themas:
        t["themas"].append({
            "jaarplan": p, "thema": th.id, "naam": th.naam,
            "gemeenschappelijk_thema": th.gemeenschappelijk_thema,
            "langetermijndoel": th.langetermijndoel, "bron": th.bron,
        })  # fmt: skip
    for d in plan.doelen:
        gekoppeld = [a for a in plan.activiteiten if d.id in a.doelen]
        smart = rules.smart_check(d, gekoppeld, plan.indicatoren)
        t["doelen"].append({
            **{f"smart_{k}": v for k, v in smart.items()},
            "jaarplan": p, "doel": d.id, "thema": d.thema, "tekst": d.tekst, "soort": d.soort,
            "indicator": d.indicator, "eenheid": d.eenheid, "nulmeting": d.nulmeting,
            "streefwaarde": d.streefwaarde, "richting": d.richting, "deadline": d.deadline,
            "eigenaar": d.eigenaar, "langetermijndoel": d.langetermijndoel, "bron": d.bron,
        })  # fmt: skip
    for a in plan.activiteiten:
        t["activiteiten"].append({
            "jaarplan": p, "activiteit": a.id, "thema": a.thema, "doelen": ",".join(a.doelen),
            "omschrijving": a.omschrijving, "wie": a.wie, "wanneer": a.wanneer,
            "budget": a.budget, "begrotingsonderdeel": a.begrotingsonderdeel, "uren": a.uren,
            "project": a.project, "bron": a.bron,
        })  # fmt: skip
        for d in a.doelen:
            t["activiteit_doelen"].append({"jaarplan": p, "activiteit": a.id, "doel": d})
    for ind in plan.indicatoren:
        t["indicatoren"].append({
            "jaarplan": p, "indicator": ind.id, "naam": ind.naam, "eenheid": ind.eenheid,
            "doel": ind.doel, "nulmeting": ind.nulmeting, "streefwaarde": ind.streefwaarde,
            "richting": ind.richting, "bron": ind.bron,
        })  # fmt: skip
    t["metingen"] = _measurements(plan)
    for r in rondes:
        for real in r.doelen.values():
            t["doel_realisatie"].append({
                "jaarplan": p, "ronde": r.id, "doel": real.doel, "waarde": real.waarde,
                "datum_gereed": real.datum_gereed, "status": real.status,
                "toelichting": real.toelichting, "voorbeelddata": r.voorbeelddata,
            })  # fmt: skip
        for real in r.activiteiten.values():
            t["activiteit_realisatie"].append({
                "jaarplan": p, "ronde": r.id, "activiteit": real.activiteit,
                "besteed": real.besteed, "uren_besteed": real.uren_besteed,
                "status": real.status, "toelichting": real.toelichting,
                "voorbeelddata": r.voorbeelddata,
            })  # fmt: skip
    t |= line_tables(plan)
    for naam, rijen in _evaluation_tables(plan).items():
        t[naam] = rijen
    return t


def _evaluation_tables(plan: Jaarplan) -> dict[str, list[dict[str, Any]]]:
    """The evaluation of every round of a plan (evaluate.evalueer), as rows."""
    from evalkit.engine.evaluate import evaluate

    t: dict[str, list[dict[str, Any]]] = {
        "evaluatie_doelen": [], "evaluatie_activiteiten": [], "evaluatie_normen": [],
        "evaluatie_samenvatting": [],
    }  # fmt: skip
    for r in plan.rondes.values():
        ev = evaluate(plan, r.id)
        basis = {"jaarplan": plan.id, "ronde": r.id}
        vb = {"voorbeelddata": r.voorbeelddata}
        for d in ev.doelen:
            t["evaluatie_doelen"].append({
                **basis, "doel": d.id, "thema": d.thema, "soort": d.soort, "status": d.status,
                "afgeleid_status": d.afgeleid_status, "status_bron": d.bron, "uitleg": d.uitleg,
                "waarschuwing": d.waarschuwing, "waarde": d.waarde,
                "datum_gereed": d.datum_gereed, **vb,
            })  # fmt: skip
        for a in ev.activiteiten:
            t["evaluatie_activiteiten"].append({
                **basis, "activiteit": a.id, "thema": a.thema, "project": a.project,
                "budget": a.budget, "besteed": a.besteed, "overschrijding": a.overschrijding,
                "overschrijding_fractie": a.overschrijding_fractie, "uren": a.uren,
                "uren_besteed": a.uren_besteed, "binnen_uren": a.binnen_uren,
                "status": a.status, **vb,
            })  # fmt: skip
        for n in ev.extra_normen:
            t["evaluatie_normen"].append({
                **basis, "norm": n.id, "naam": n.naam, "teller_indicator": n.teller_indicator,
                "noemer_indicator": n.noemer_indicator, "teller": n.teller, "noemer": n.noemer,
                "minimum": n.minimum, "aandeel": n.aandeel, "gehaald": n.gehaald, **vb,
            })  # fmt: skip
        s = ev.to_dict()
        status = s["goals_by_status"]
        t["evaluatie_samenvatting"].append({
            **basis, "ronde_naam": s["ronde_name"], "peildatum": r.peildatum,
            "voorbeelddata": s["example_data"], "voorbeelddata_toelichting": s["example_data_note"],
            "doelen_totaal": s["goals_total"], "doelen_geteld": s["goals_counted"],
            "doelen_behaald": s["goals_achieved"],
            "aandeel_doelen_behaald": s["goals_achieved_share"],
            "deels_behaald_telt": s["goals_partly_weight"], "norm_doelen": s["goals_norm"],
            "norm_doelen_gehaald": s["goals_norm_met"],
            "aantal_behaald": status["behaald"], "aantal_deels_behaald": status["deels behaald"],
            "aantal_niet_behaald": status["niet behaald"],
            "aantal_nog_niet_te_beoordelen": status["nog niet te beoordelen"],
            "aantal_vervallen": status["vervallen"],
            "budget_totaal": s["budget_total"], "besteed_totaal": s["spent_total"],
            "activiteiten_overschreden": s["activities_over_budget"],
            "activiteiten_zonder_budget": len(s["activities_without_budget"]),
            "aandeel_binnen_budget": s["activities_within_budget_share"],
            "aandeel_projecten_binnen_uren": s["projects_within_hours_share"],
            "norm_uren": s["hours_norm"], "norm_uren_gehaald": s["hours_norm_met"],
            "aandeel_smart": s["smart_share"], "waarschuwingen": len(s["warnings"]),
        })  # fmt: skip
    return t


def _measurements(plan: Jaarplan) -> list[dict[str, Any]]:
    """All indicator values of a plan: from indicatorwaarden.csv and from every round.

    Sorted by indicator (in plan order), peildatum, then source: the plan's own values first,
    then the rounds in their order. A value that appears in several sources is kept once per
    source, so a researcher can see where each number came from.
    """
    volgorde = {ind.id: i for i, ind in enumerate(plan.indicatoren)}
    rijen: list[tuple[tuple, dict[str, Any]]] = []
    for n, m in enumerate(plan.indicatorwaarden):
        rijen.append((
            (volgorde.get(m.indicator, len(volgorde)), m.indicator, m.peildatum, 0, n),
            {"jaarplan": plan.id, "indicator": m.indicator, "peildatum": m.peildatum,
             "waarde": m.waarde, "herkomst": "indicatorwaarden", "ronde": None,
             "voorbeelddata": False, "bron": m.toelichting, "toelichting": None},
        ))  # fmt: skip
    for ri, r in enumerate(plan.rondes.values(), start=1):
        for n, m in enumerate(r.metingen):
            rijen.append((
                (volgorde.get(m.indicator, len(volgorde)), m.indicator, m.peildatum, ri, n),
                {"jaarplan": plan.id, "indicator": m.indicator, "peildatum": m.peildatum,
                 "waarde": m.waarde, "herkomst": "realisatie", "ronde": r.id,
                 "voorbeelddata": r.voorbeelddata, "bron": None, "toelichting": m.toelichting},
            ))  # fmt: skip
    return [rij for _, rij in sorted(rijen, key=lambda x: x[0])]


def load(
    data_dir: Path | str | None = None, ids: Iterable[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Load jaarplannen as tidy pandas tables, one row per entity.

    Returns a dict from table name to DataFrame; the tables, their columns and dtypes are those
    of KOLOMMEN (see docs/datadictionary.md). Rows are ordered by jaarplan id, then rounds by
    peildatum, then entities in the order of the plan's own files. `ids` limits the plans
    (default: every plan in the data folder); an unknown id raises OnbekendJaarplan, an invalid
    plan raises ValidatieFout; a missing data folder, or the default one without plans (say,
    outside a project), raises NoProjectData.
    """
    basis = Path(data_dir) if data_dir else paths.DATA_DIR
    gekozen = plan_ids(basis) if ids is None else sorted(set(ids))
    if not gekozen and ids is None and (data_dir is None or not basis.is_dir()):
        # The default data folder without plans, or a folder that is not there: evalkit is
        # used outside a project. An existing folder given on purpose may be empty.
        raise NoProjectData(basis)
    verzameld: dict[str, list[dict[str, Any]]] = {naam: [] for naam in COLUMNS}
    for plan_id in gekozen:
        plan = load_jaarplan(plan_id, basis)
        for naam, rijen in _plan_tables(plan).items():
            verzameld[naam].extend(rijen)
    return {naam: _frame(naam, rijen) for naam, rijen in verzameld.items()}


def read_options(tabel: str, formaat: str = "csv") -> dict[str, Any]:
    """Keyword arguments for pandas.read_csv ('csv') or read_excel ('xlsx') restoring a table.

    They set the documented dtypes, parse the date columns, and make only an empty cell
    missing, so that a text such as 'NA' or 'None' stays text. (read_excel passes empty cells
    of a nullable boolean column on as the text 'nan', hence that extra missing marker.)
    """
    kolommen = COLUMNS[tabel]
    return {
        "dtype": {k: v for k, v in kolommen.items() if v != DATE},
        "parse_dates": [k for k, v in kolommen.items() if v == DATE],
        "keep_default_na": False,
        "na_values": ["", "nan"] if formaat == "xlsx" else [""],
    }


def _make_zip_fixed(pad: Path) -> None:
    """Rewrite a zip (xlsx) with fixed timestamps, so that equal input gives equal bytes."""
    with zipfile.ZipFile(pad) as z:
        delen = [(info, z.read(info.filename)) for info in z.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for info, inhoud in delen:
            nieuw = zipfile.ZipInfo(info.filename, date_time=_FIXED_MOMENT.timetuple()[:6])
            nieuw.compress_type = zipfile.ZIP_DEFLATED
            nieuw.external_attr = info.external_attr
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time into 'modified'; use the fixed moment instead
                inhoud = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + _FIXED_MOMENT.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    inhoud,
                )
            z.writestr(nieuw, inhoud)
    pad.write_bytes(buffer.getvalue())


def _write_xlsx(tabellen: dict[str, pd.DataFrame], pad: Path) -> None:
    with pd.ExcelWriter(
        pad, engine="openpyxl", date_format="YYYY-MM-DD", datetime_format="YYYY-MM-DD"
    ) as writer:
        for naam, df in tabellen.items():
            df.to_excel(writer, sheet_name=naam, index=False)
            _text_stays_text(writer.sheets[naam])
        eigenschappen = writer.book.properties
        eigenschappen.creator = "evalkit"
        eigenschappen.created = _FIXED_MOMENT
        eigenschappen.modified = _FIXED_MOMENT
    _make_zip_fixed(pad)


def _text_stays_text(ws: Any) -> None:
    """Make every cell openpyxl took for a formula a plain string cell.

    openpyxl reads any text that starts with '=' as a formula. All values of an export are
    data, so such a cell is text: stored as a string it is shown as typed, never computed.
    """
    for rij in ws.iter_rows():
        for cel in rij:
            if cel.data_type == "f":
                cel.data_type = "s"


def _csv(df: pd.DataFrame, pad: Path) -> None:
    """One table as CSV; text cells that a spreadsheet would read as a formula are neutralised.

    Only text columns pass through escape.spreadsheet_cell (a leading apostrophe before =, +,
    -, @, tab or carriage return); numbers, dates and yes/no columns are written as they are.
    """
    tekst = [k for k, v in df.dtypes.items() if str(v) == TEXT]
    df = df.assign(**{k: df[k].map(escape.spreadsheet_cell, na_action="ignore") for k in tekst})
    df.to_csv(pad, index=False, encoding="utf-8", lineterminator="\n", date_format="%Y-%m-%d")


def _parquet(df: pd.DataFrame, pad: Path) -> None:
    df.to_parquet(pad, index=False, engine="pyarrow")


README = "README.txt"
README_TEXT = """\
Onderzoekstabellen van evalkit - NIET PUBLICEREN

Deze map is gemaakt met `evalkit export`. De tabellen bevatten alle gegevens van alle
jaarplannen zonder afscherming: ook aantallen leerlingen onder de 5 staan er letterlijk in.
Ze zijn bedoeld voor eigen analyse en onderzoek, niet voor publicatie of voor het OPR.
Gepubliceerde cijfers staan in het jaarverslag (reports/<jaarplan-id>/jaarverslag.*).

Elke export vervangt de hele map; zet hier dus geen eigen bestanden neer.
Betekenis van de tabellen en kolommen: docs/datadictionary.md.
"""


def export_files() -> set[str]:
    """The file names an export folder may hold (any format), besides temp leftovers."""
    namen = {f"{naam}.{formaat}" for naam in COLUMNS for formaat in ("csv", "parquet")}
    return namen | {XLSX_NAME, README}


def check_export_dir(map_: Path) -> None:
    """Refuse an export folder that cannot be (re)placed as a whole; Dutch UitvoerFout.

    The parent must exist (only the last level is created). An existing folder may only
    hold files of an earlier export, since the export replaces the whole folder.
    """
    try:
        if not map_.parent.is_dir():
            raise OutputError(
                f"Kan de exportmap {map_} niet maken: {map_.parent} bestaat niet of is geen map; "
                "maak die eerst aan (alleen de laatste map maakt evalkit zelf)."
            )
        if map_.exists() and not map_.is_dir():
            raise OutputError(f"Kan de exportmap {map_} niet maken: er staat een bestand.")
        vreemd = []
        if map_.is_dir():
            toegestaan = export_files()
            for p in sorted(map_.iterdir()):
                tijdelijk = p.name.startswith(".") and ".tmp" in p.name
                if p.is_dir() or (p.name not in toegestaan and not tijdelijk):
                    vreemd.append(p.name)
    except OSError as exc:
        raise OutputError(f"Kan de exportmap {map_} niet lezen ({os_reason(exc)}).") from None
    if vreemd:
        raise OutputError(
            f"De exportmap {map_} bevat andere bestanden dan een evalkit-export "
            f"({', '.join(vreemd[:3])}{', ...' if len(vreemd) > 3 else ''}); een export "
            "vervangt de hele map, dus kies een lege of nieuwe map."
        )


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the folder, the format and (file, what it holds) per file."""

    map: Path
    formaat: str
    bestanden: tuple[tuple[str, str], ...]

    def lines(self) -> list[str]:
        """The Dutch summary the CLI prints."""
        return [f"Export ({self.formaat}) geschreven naar {self.map}:"] + [
            f"  {naam}: {wat}" for naam, wat in self.bestanden
        ]


def export_tables(
    formaat: str, uit: Path | str | None = None, data_dir: Path | str | None = None
) -> ExportResult:
    """Write every table of load() to files for research; returns what was written.

    csv: one <tabel>.csv per table, UTF-8 without BOM, comma-separated, decimal point, dates as
    YYYY-MM-DD, booleans True/False, empty cell = missing. parquet: one <tabel>.parquet per table
    (pyarrow, dtypes kept). xlsx: one evalkit-export.xlsx with one sheet per table. Every export
    has a README.txt saying the tables are unsuppressed and not for publication.

    The default folder is reports/export/. The export is atomic as a whole: everything is
    written into a temp folder next to the target, which then replaces the previous export (so
    files of another format disappear, and a failure leaves the previous export untouched).
    Only the last folder level is created; a folder holding other files is refused.
    """
    if formaat not in FORMATS:
        raise OutputError(f"Onbekend exportformaat '{formaat}'; kies uit {', '.join(FORMATS)}.")
    map_ = Path(uit) if uit else paths.REPORTS_DIR / "export"
    check_export_dir(map_)
    tabellen = load(data_dir)
    try:
        werk = Path(tempfile.mkdtemp(prefix=f".{map_.name}.", suffix=".tmp", dir=map_.parent))
    except OSError as exc:
        raise OutputError(
            f"Kan de exportmap {map_} niet maken in {map_.parent} ({os_reason(exc)})."
        ) from None
    geschreven: list[tuple[str, str]] = []
    try:
        os.chmod(werk, 0o755)  # mkdtemp makes it private; the export is an ordinary folder
        (werk / README).write_text(README_TEXT, encoding="utf-8", newline="\n")
        if formaat == "xlsx":
            _write_xlsx(tabellen, werk / XLSX_NAME)
            geschreven.append((XLSX_NAME, f"{len(tabellen)} tabbladen"))
        else:
            schrijver = _csv if formaat == "csv" else _parquet
            for naam, df in tabellen.items():
                schrijver(df, werk / f"{naam}.{formaat}")
                geschreven.append(
                    (f"{naam}.{formaat}", "1 rij" if len(df) == 1 else f"{len(df)} rijen")
                )
        geschreven.append((README, "onderzoekstabellen zonder afscherming: niet publiceren"))
        for pad in werk.iterdir():
            with open(pad, "rb+") as f:
                os.fsync(f.fileno())
        files.replace_folder(werk, map_)
    except OSError as exc:
        raise OutputError(
            f"Kan de export niet schrijven in {map_} ({os_reason(exc)}); de vorige export is "
            "ongewijzigd."
        ) from None
    finally:
        shutil.rmtree(werk, ignore_errors=True)
    return ExportResult(map_, formaat, tuple(geschreven))
