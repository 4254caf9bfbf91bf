"""The stakeholder input data set (survey aggregates): reading and checking bron.yaml + CSVs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from evalkit import fmt, paths
from evalkit.data import schema, values
from evalkit.data.collect import Collector
from evalkit.data.csvio import read_table
from evalkit.data.values import number_text
from evalkit.data.yamlio import read_yaml
from evalkit.errors import Problem, ValidationError

DEFAULT_ID = "stakeholders-almere-2022"

# The columns of each table, in file order (defined in schema.STAKEHOLDER_FILES).
COLUMNS = {
    soort.split("/")[1]: tuple(k.naam for k in kolommen)
    for soort, kolommen in schema.STAKEHOLDER_FILES.items()
}

# Kinds of question, derived from the `schaal` column (see soort_vraag).
YES_NO = "ja/nee"
AVERAGE = "gemiddelde"
OPEN_CATEGORISED = "open, gecategoriseerd"
OPEN = "open"
BACKGROUND = "achtergrond"
CHOICE = "keuze"


@dataclass(frozen=True, eq=False)
class StakeholderData:
    """One stakeholder data set: metadata from bron.yaml plus its three tables."""

    id: str
    titel: str
    organisatie: str
    bron: str
    periode: str
    voorbeelddata: bool
    instrumenten: pd.DataFrame
    vragen: pd.DataFrame
    antwoorden: pd.DataFrame
    opbrengsten: pd.DataFrame
    bijeenkomsten: pd.DataFrame
    controles: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)


def question_kind(schaal: str | None, heeft_gemiddelde: bool = False) -> str:
    """Classify a question by its scale text: ja/nee, gemiddelde, open, keuze and so on."""
    s = (schaal or "").strip().lower()
    if heeft_gemiddelde or s.startswith("gemiddeld"):
        return AVERAGE
    if s.startswith("ja/nee"):
        return YES_NO
    if s.startswith("open (gecategoriseerd"):
        return OPEN_CATEGORISED
    if s.startswith("open"):
        return OPEN
    if s.startswith("categorie"):
        return BACKGROUND
    return CHOICE


def share_text(aantal: float | None, totaal: float | None) -> str:
    """'86 van 101 (85%)'; without a total only the count."""
    if aantal is None:
        return fmt.EMPTY
    if not totaal:
        return fmt.number(aantal)
    return f"{fmt.number(aantal)} van {fmt.number(totaal)} ({fmt.percent(aantal / totaal)})"


def _read_csv(map_: Path, naam: str, v: Collector) -> list[tuple[int, dict]]:
    """Read one table of the set with lezen's reader; text cells are '' when empty."""
    pad = map_ / naam
    file_exists = v.file_exists(pad)
    if not file_exists:
        if file_exists is False:
            v.add_entry(pad, None, None, "bestand ontbreekt")
        v.onleesbaar.add(pad)
        return []
    soort = f"stakeholders/{naam}"
    rijen = read_table(pad, soort, v, alle_kolommen_verplicht=True)
    tekstkolommen = [k.naam for k in schema.file_columns(soort) if k.soort == "tekst"]
    for _, rij in rijen:
        for k in tekstkolommen:
            if rij[k] is None:
                rij[k] = ""
    return rijen


def _list_field(meta: dict, sleutel: str, pad: Path, v: Collector) -> list:
    waarde = meta.get(sleutel)
    if waarde is None:
        return []
    if not isinstance(waarde, list):
        v.add_entry(pad, None, sleutel, "verwacht een lijst")
        return []
    return waarde


def _period(meta: dict, pad: Path, v: Collector) -> str:
    periode = meta.get("periode")
    if not isinstance(periode, dict) or not periode.get("start") or not periode.get("eind"):
        return ""
    datums = []
    for sleutel in ("start", "eind"):
        waarde = periode[sleutel]
        if isinstance(waarde, datetime):
            waarde = waarde.date()
        if not isinstance(waarde, date):
            try:
                waarde = values.read_date(str(waarde))
            except values.CellValueError as exc:
                v.add_entry(pad, None, f"periode.{sleutel}", str(exc))
                return ""
        datums.append(waarde)
    return f"{fmt.date_text(datums[0])} t/m {fmt.date_text(datums[1])}"


def _check_source_exists(basis: Path, set_id: str, v: Collector) -> None:
    """Raise ValidationError when the set's bron.yaml is missing (naming the sets there are)."""
    bron_bestaat = v.file_exists(basis / set_id / "bron.yaml")
    if bron_bestaat is None:
        raise ValidationError(v.problemen)
    if not bron_bestaat:
        try:
            beschikbaar = sorted(p.parent.name for p in basis.glob("*/bron.yaml"))
        except OSError:
            beschikbaar = []
        hint = f" Beschikbaar: {', '.join(beschikbaar)}." if beschikbaar else ""
        raise ValidationError(
            [
                Problem(
                    f"{set_id}/bron.yaml",
                    None,
                    None,
                    f"bestand ontbreekt; geen stakeholdergegevens.{hint}",
                )
            ]
        )


def _instrument(i: int, ins: Any, bron: Path, v: Collector) -> dict | None:
    """One entry of `instrumenten` in bron.yaml as a row; None (reported) without an id."""
    if not isinstance(ins, dict) or not ins.get("id"):
        v.add_entry(bron, None, f"instrumenten[{i}]", "id ontbreekt")
        return None
    resp = ins.get("respondenten")
    if resp is not None and (isinstance(resp, bool) or not isinstance(resp, int)):
        tekst = "ja/nee" if isinstance(resp, bool) else resp
        v.add_entry(bron, None, f"instrumenten[{i}].respondenten", f"'{tekst}' is geen aantal")
        resp = None
    return {
        "id": str(ins["id"]),
        "naam": str(ins.get("naam") or ins["id"]),
        "bijeenkomst": str(ins.get("bijeenkomst") or ""),
        "respondenten": resp,
        "bron": str(ins.get("bron") or ""),
        "opmerking": str(ins.get("opmerking") or ""),
    }


def _questions(
    map_: Path, v: Collector, instrument_ids: set[str] | None
) -> tuple[list[dict], set[str] | None]:
    """The rows of vragen.csv and their ids (None when the file could not be read).

    instrument_ids is None when bron.yaml could not be read (then it is not checked).
    """
    vragen = []
    bestand = map_ / "vragen.csv"
    for regel, rij in _read_csv(map_, "vragen.csv", v):
        instrument = rij["instrument"]
        if instrument_ids is not None and instrument and instrument not in instrument_ids:
            v.add_entry(bestand, regel, "instrument", f"onbekend instrument '{instrument}'")
        vragen.append(rij)
    if bestand in v.onleesbaar:
        return vragen, None
    return vragen, {r["vraag_id"] for r in vragen}


def _answers(map_: Path, v: Collector, vraag_ids: set[str] | None) -> list[dict]:
    """The rows of antwoorden.csv: known questions, whole counts, a count or an average."""
    antwoorden = []
    pad = map_ / "antwoorden.csv"
    for regel, rij in _read_csv(map_, "antwoorden.csv", v):
        if vraag_ids is not None and rij["vraag_id"] and rij["vraag_id"] not in vraag_ids:
            v.add_entry(pad, regel, "vraag_id", f"onbekende vraag '{rij['vraag_id']}'")
        aantal = rij["aantal"]
        if aantal is not None and (aantal < 0 or not float(aantal).is_integer()):
            v.add_entry(pad, regel, "aantal", f"'{number_text(aantal)}' is geen aantal")
        if (
            rij["aantal"] is None
            and rij["gemiddelde"] is None
            and not v.already_reported(pad, regel, "aantal")
            and not v.already_reported(pad, regel, "gemiddelde")
        ):
            v.add_entry(pad, regel, None, "aantal of gemiddelde verwacht")
        antwoorden.append(rij)
    return antwoorden


def load_stakeholders(
    data_dir: Path | str | None = None, set_id: str = DEFAULT_ID
) -> StakeholderData:
    """Load a stakeholder data set from data/<set_id>/; raises ValidationError on bad input.

    The CSV files are read with the same reader as a jaarplan's (file, row and column in every
    message); references into a file that could not be read are not checked, so one broken
    file gives one message instead of a cascade.
    """
    basis = Path(data_dir) if data_dir else paths.DATA_DIR
    map_ = basis / set_id
    v = Collector(map_)
    _check_source_exists(basis, set_id, v)
    v.refuse_special(map_)
    bron = map_ / "bron.yaml"
    meta = read_yaml(bron, v, datums_als_tekst=False)
    meta_leesbaar = meta is not None
    meta = meta or {}
    gelezen = (
        _instrument(i, ins, bron, v)
        for i, ins in enumerate(_list_field(meta, "instrumenten", bron, v), start=1)
    )
    instrumenten = [ins for ins in gelezen if ins is not None]
    instrument_ids = {i["id"] for i in instrumenten} if meta_leesbaar else None
    vragen, vraag_ids = _questions(map_, v, instrument_ids)
    antwoorden = _answers(map_, v, vraag_ids)

    opbrengsten = [r for _, r in _read_csv(map_, "thema_opbrengsten.csv", v)]
    period_text = _period(meta, bron, v)
    bijeenkomsten = _list_field(meta, "bijeenkomsten", bron, v)
    controles = _list_field(meta, "controles", bron, v)
    if v.problemen:
        raise ValidationError(v.problemen)

    return StakeholderData(
        id=set_id,
        titel=str(meta.get("titel") or set_id),
        organisatie=str(meta.get("organisatie") or ""),
        bron=str(meta.get("bron") or meta.get("bestand") or ""),
        periode=period_text,
        voorbeelddata=bool(meta.get("voorbeelddata", False)),
        instrumenten=pd.DataFrame(
            instrumenten,
            columns=["id", "naam", "bijeenkomst", "respondenten", "bron", "opmerking"],
        ),
        vragen=pd.DataFrame(vragen, columns=list(COLUMNS["vragen.csv"])),
        antwoorden=pd.DataFrame(antwoorden, columns=list(COLUMNS["antwoorden.csv"])),
        opbrengsten=pd.DataFrame(opbrengsten, columns=list(COLUMNS["thema_opbrengsten.csv"])),
        bijeenkomsten=pd.DataFrame(
            [b for b in bijeenkomsten if isinstance(b, dict)],
            columns=["id", "naam", "datum", "opbrengst", "bron"],
        ),
        controles=pd.DataFrame(
            [c for c in controles if isinstance(c, dict)],
            columns=["vraag", "som", "totaal_document", "uitkomst", "toelichting"],
        ),
        meta=meta,
    )
