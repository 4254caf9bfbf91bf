"""Reading a jaarplan folder (jaarplan.yaml, its CSV tables and rondes) into the domain model.

Every problem found on the way is collected in a Collector; nothing is raised or printed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from evalkit import paths
from evalkit.data import schema, values
from evalkit.data.collect import Collector
from evalkit.data.csvio import read_table
from evalkit.data.limits import entry_exists
from evalkit.data.model import (
    NORM_DEFAULTS,
    SECTORS,
    Activiteit,
    ActiviteitRealisatie,
    Begrotingsonderdeel,
    Doel,
    DoelRealisatie,
    Indicator,
    Jaarplan,
    Langetermijndoel,
    Meting,
    Normen,
    RatioNorm,
    Ronde,
    Thema,
)
from evalkit.data.schema import PLAN_ID_PATTERN
from evalkit.data.yamlio import read_yaml
from evalkit.errors import Problem, ValidationError, os_reason

PLAN_TABLES = ("themas.csv", "doelen.csv", "activiteiten.csv", "indicatoren.csv",
               "indicatorwaarden.csv", "langetermijndoelen.csv", "begroting.csv")  # fmt: skip
RONDE_TABLES = ("realisatie/doelen.csv", "realisatie/activiteiten.csv",
                "realisatie/indicatoren.csv", "realisatie/begroting.csv")  # fmt: skip


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
            values.check_size(ruw)
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
            noemer_meting=_denominator(pad, norm, waar, v),
        ))  # fmt: skip
    data, bronnen = _norm_sources(pad, data, v)
    deels = _yaml_value(pad, data, "deels_behaald_telt", aandeel, v, "normen.", 0.0)
    if deels not in (0.0, 0.5, 1.0):
        v.add_entry(
            pad,
            None,
            "normen.deels_behaald_telt",
            f"'{values.number_text(deels)}' moet 0, 0,5 of 1 zijn",
        )
    return Normen(
        doelen_behaald=_yaml_value(pad, data, "doelen_behaald", aandeel, v, "normen.", 0.75),
        projecten_binnen_uren=_yaml_value(
            pad, data, "projecten_binnen_uren", aandeel, v, "normen.", 0.75
        ),
        deels_behaald_telt=deels,
        extra=tuple(extra),
        bron=str(data.get("bron") or ""),
        bronnen=bronnen,
        oordeel_op_richting=_yaml_flag(pad, data, "oordeel_op_richting", v),
    )


def _denominator(pad: Path, norm: dict, waar: str, v: Collector) -> str:
    """Which value of a ratio norm's noemer counts: 'huidig' (default) or 'vorige'."""
    waarde = norm.get("noemer_meting") or "huidig"
    if waarde not in schema.DENOMINATOR_VALUES:
        v.add_entry(pad, None, waar + "noemer_meting", f"'{waarde}' moet huidig of vorige zijn")
        return "huidig"
    return str(waarde)


def _yaml_flag(pad: Path, data: dict, sleutel: str, v: Collector) -> bool:
    """A true/false key of the normen block (default false)."""
    waarde = data.get(sleutel)
    if waarde is not None and not isinstance(waarde, bool):
        v.add_entry(pad, None, f"normen.{sleutel}", f"'{waarde}' moet true of false zijn")
    return waarde is True


def _norm_sources(pad: Path, data: dict, v: Collector) -> tuple[dict, dict[str, str]]:
    """The norms with their long form `{waarde, bron}` made plain, and the bron per norm.

    A bron comes from the long form or from the sibling mapping `bronnen:`.
    """
    platte = dict(data)
    bronnen: dict[str, str] = {}
    los = data.get("bronnen")
    if los is not None and not isinstance(los, dict):
        v.add_entry(pad, None, "normen.bronnen", "verwacht een mapping van norm naar bron")
        los = None
    for naam, bron in (los or {}).items():
        if naam not in NORM_DEFAULTS:
            v.add_entry(pad, None, f"normen.bronnen.{naam}", "onbekende norm")
        elif bron:
            bronnen[naam] = str(bron).strip()
    for naam in NORM_DEFAULTS:
        lang = data.get(naam)
        if isinstance(lang, dict):
            _keys(pad, lang, schema.NORM_VALUE_KEYS, v, f"normen.{naam}.")
            platte[naam] = lang.get("waarde")
            if lang.get("bron"):
                bronnen[naam] = str(lang["bron"]).strip()
    return platte, bronnen


def _check_id(pad: Path, meta: dict, map_: Path, v: Collector) -> None:
    """The `id` in a YAML file, when given, must be the name of its folder."""
    if meta.get("id") is not None and str(meta["id"]) != map_.name:
        v.add_entry(
            pad, None, "id", f"'{meta['id']}' moet gelijk zijn aan de mapnaam '{map_.name}'"
        )


def _ronde_meta(map_: Path, v: Collector) -> dict | None:
    """The checked contents of a round's ronde.yaml; None when it is missing or unreadable."""
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
    _check_id(pad, meta, map_, v)
    voorbeeld = meta.get("voorbeelddata")
    if "voorbeelddata" in meta and not isinstance(voorbeeld, bool):
        v.add_entry(pad, None, "voorbeelddata", f"'{voorbeeld}' moet true of false zijn")
    return meta


def read_ronde(map_: Path, v: Collector) -> Ronde | None:
    """Read one realisation round folder."""
    meta = _ronde_meta(map_, v)
    if meta is None:
        return None
    peildatum = _yaml_value(map_ / "ronde.yaml", meta, "peildatum", values.read_date, v)
    doelen: dict[str, DoelRealisatie] = {}
    activiteiten: dict[str, ActiviteitRealisatie] = {}
    metingen: list[Meting] = []
    begroting: dict[str, float | None] = {}
    begroting_toelichting: dict[str, str] = {}
    for soort in RONDE_TABLES:
        for rid, rij in _ronde_rows(map_, soort, v):
            if soort.endswith("begroting.csv"):
                begroting[rid] = rij["besteed"]
                if rij["toelichting"]:
                    begroting_toelichting[rid] = rij["toelichting"]
            elif soort.endswith("indicatoren.csv"):
                if rij["peildatum"] is not None and rij["waarde"] is not None:
                    metingen.append(Meting(rid, rij["peildatum"], rij["waarde"],
                                           rij["toelichting"], map_.name))  # fmt: skip
            elif soort.endswith("doelen.csv"):
                doelen[rid] = DoelRealisatie(**rij)
            else:
                activiteiten[rid] = ActiviteitRealisatie(**rij)
    voorbeeld = meta.get("voorbeelddata")
    return Ronde(
        id=map_.name,
        naam=_text(meta, "naam") or map_.name,
        peildatum=peildatum or date.min,
        voorbeelddata=bool(voorbeeld) if isinstance(voorbeeld, bool) else True,
        toelichting=_text(meta, "toelichting"),
        doelen=doelen,
        activiteiten=activiteiten,
        metingen=tuple(metingen),
        begroting=begroting,
        begroting_toelichting=begroting_toelichting,
    )


def _ronde_rows(map_: Path, soort: str, v: Collector) -> list[tuple[str, dict]]:
    """The (id, row) pairs of one realisation table of a round.

    A repeated goal or activity id is reported and left out; indicator rows may repeat (one
    per peildatum). The line of each id is remembered in v.regels for the cross-checks.
    """
    bestand = map_ / soort.split("/")[1]
    if not v.file_exists(bestand):
        if soort in schema.REQUIRED_RONDE_FILES and bestand not in v.onleesbaar:
            v.add_entry(bestand, None, None, "bestand ontbreekt")
        return []
    sleutel = schema.FILES[soort][0].naam
    herhaalbaar = soort.endswith("indicatoren.csv")
    gezien: dict[str, int] = {}
    uit = []
    for regel, rij in read_table(bestand, soort, v):
        rid = rij.get(sleutel)
        if rid is None:
            continue
        if herhaalbaar:
            v.regels.setdefault(bestand, {}).setdefault(rid, regel)
        elif rid in gezien:
            v.add_entry(bestand, regel, sleutel, f"'{rid}' staat al in rij {gezien[rid]}")
            continue
        else:
            gezien[rid] = regel
            v.regels[bestand] = gezien
        uit.append((rid, rij))
    return uit


def _read_table_unique(map_: Path, soort: str, v: Collector) -> list[tuple[int, dict]]:
    pad = map_ / soort
    file_exists = v.file_exists(pad)
    if not file_exists:
        if file_exists is False and soort in schema.REQUIRED_FILES:
            v.add_entry(pad, None, None, "bestand ontbreekt")
        v.onleesbaar.add(pad)
        return []
    rijen = read_table(pad, soort, v)
    sleutel = schema.FILES[soort][0].naam
    if soort == "indicatorwaarden.csv":  # one row per indicator and peildatum
        return rijen
    gezien: dict[str, int] = {}
    uniek = []
    for regel, rij in rijen:
        rid = rij[sleutel]
        if rid is None:
            continue
        if rid in gezien:
            v.add_entry(
                pad, regel, sleutel, f"dubbele {sleutel} '{rid}' (staat ook in rij {gezien[rid]})"
            )
            continue
        gezien[rid] = regel
        uniek.append((regel, rij))
    return uniek


def _plan_meta(map_: Path, v: Collector) -> dict | None:
    """The checked contents of jaarplan.yaml; None when it is missing or unreadable."""
    pad = map_ / "jaarplan.yaml"
    file_exists = v.file_exists(pad)
    if file_exists is None:
        return None
    if not file_exists:
        try:
            next(map_.iterdir(), None)
        except FileNotFoundError:
            pass
        except OSError as exc:  # e.g. a folder that may be entered but not listed
            v.folder_unreadable(map_, exc)
            return None
        v.add_entry(pad, None, None, "jaarplan.yaml ontbreekt; is dit een jaarplanmap?")
        return None
    meta = read_yaml(pad, v)
    if meta is None:
        return None
    _keys(pad, meta, schema.JAARPLAN_KEYS, v)
    _check_id(pad, meta, map_, v)
    if meta.get("sector") is not None and meta["sector"] not in SECTORS:
        v.add_entry(
            pad, None, "sector", f"onbekende sector '{meta['sector']}'; verwacht PO, VO of PO+VO"
        )
    return meta


def _read_period(pad: Path, meta: dict, v: Collector) -> tuple[date | None, date | None]:
    """The start and end date of the plan period (None when missing or unreadable)."""
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
    return start, eind


def _read_plan_tables(
    map_: Path, v: Collector
) -> tuple[dict[str, list[tuple[int, dict]]], dict[str, dict[str, int]]]:
    """The rows of every plan table, and per table the line of the first row of each key."""
    regels: dict[str, dict[str, int]] = {}
    tabellen = {}
    for soort in PLAN_TABLES:
        rijen = _read_table_unique(map_, soort, v)
        tabellen[soort] = rijen
        sleutel = schema.FILES[soort][0].naam
        regels[soort] = {}
        for regel, r in rijen:  # first row of each key (indicatorwaarden repeats indicators)
            regels[soort].setdefault(str(r.get(sleutel) or ""), regel)
        v.regels[map_ / soort] = regels[soort]
    return tabellen, regels


def _read_rondes(map_: Path, v: Collector) -> list[Ronde]:
    """Every readable round under realisatie/, sorted by peildatum and id."""
    rondes = [
        r for sub in subfolders(map_ / "realisatie", v) if (r := read_ronde(sub, v)) is not None
    ]
    rondes.sort(key=lambda r: (r.peildatum, r.id))
    return rondes


def _sources(pad: Path, meta: dict, v: Collector) -> tuple[dict, ...]:
    """The `bron` list of jaarplan.yaml, each entry as a mapping."""
    bron = meta.get("bron") or []
    if not isinstance(bron, list) or not all(isinstance(b, dict | str) for b in bron):
        v.add_entry(pad, None, "bron", "verwacht een lijst van bronnen (bestand, titel)")
        bron = []
    return tuple(b if isinstance(b, dict) else {"bestand": str(b)} for b in bron)


def read_plan_raw(map_: Path, v: Collector) -> tuple[Jaarplan | None, dict]:
    """Read a jaarplan folder; returns the plan (None when unreadable) and row numbers per id."""
    pad = map_ / "jaarplan.yaml"
    v.refuse_special(map_)
    meta = _plan_meta(map_, v)
    if meta is None:
        return None, {}
    start, eind = _read_period(pad, meta, v)
    tabellen, regels = _read_plan_tables(map_, v)
    rondes = _read_rondes(map_, v)
    bron = _sources(pad, meta, v)
    plan = Jaarplan(
        id=map_.name,
        naam=_text(meta, "naam") or map_.name,
        organisatie=_text(meta, "organisatie") or "",
        sector=_text(meta, "sector") or "",
        periode_start=start or date.min,
        periode_eind=eind or date.max,
        normen=read_norms(pad, meta.get("normen"), v),
        bron=bron,
        toelichting=_text(meta, "toelichting"),
        themas=tuple(Thema(**r) for _, r in tabellen["themas.csv"]),
        doelen=tuple(Doel(**r) for _, r in tabellen["doelen.csv"]),
        activiteiten=tuple(
            Activiteit(**{**r, "project": bool(r["project"])})
            for _, r in tabellen["activiteiten.csv"]
        ),
        indicatoren=tuple(
            Indicator(**{**r, "cumulatief": bool(r["cumulatief"])})
            for _, r in tabellen["indicatoren.csv"]
        ),
        indicatorwaarden=tuple(
            Meting(r["indicator"], r["peildatum"], r["waarde"], r["bron"])
            for _, r in tabellen["indicatorwaarden.csv"]
            if r["indicator"] and r["peildatum"] and r["waarde"] is not None
        ),
        langetermijndoelen=tuple(
            Langetermijndoel(**r) for _, r in tabellen["langetermijndoelen.csv"]
        ),
        begroting=tuple(Begrotingsonderdeel(**r) for _, r in tabellen["begroting.csv"]),
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
        return sorted(
            p
            for p in map_.iterdir()
            if not p.name.startswith(".") and p.is_dir() and not p.is_symlink()
        )
    except OSError as exc:
        v.folder_unreadable(map_, exc)
        return []


def plan_ids(data_dir: Path | None = None) -> list[str]:
    """Ids of all jaarplan folders (those holding a jaarplan.yaml), sorted.

    A plan-like folder that cannot be looked into is included, so that loading it reports
    why; a data folder that cannot be read raises ValidationError naming it.
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
            # a link or pipe in its place counts, so that loading refuses it by name
            if entry_exists(p / "jaarplan.yaml") and not (p / "jaarplan.yaml").is_dir():
                ids.append(p.name)
        except OSError:
            if PLAN_ID_PATTERN.match(p.name) and p.is_dir():
                ids.append(p.name)
    return ids
