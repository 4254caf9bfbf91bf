"""The yearly cycle: a new jaarplan folder built from the current one (evalkit new-jaarplan)."""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import yaml

from evalkit import files, paths
from evalkit.data import write
from evalkit.data.load import load_jaarplan
from evalkit.data.model import Activiteit, Doel, Indicator, Jaarplan, Meting, Ronde
from evalkit.data.params import check_params
from evalkit.data.read import plan_ids
from evalkit.data.schema import PLAN_ID_PATTERN
from evalkit.data.validate import validate
from evalkit.data.yamlio import load_yaml
from evalkit.engine.evaluate import evaluate
from evalkit.errors import EvalkitError, ValidationError, os_reason

# Goal statuses in the latest round that mean "done": these goals are not carried over.
DONE = ("behaald", "vervallen")
# Activity statuses that mean "done" for activities that are not linked to any goal.
ACTIVITY_DONE = ("afgerond", "vervallen")
DEFAULT_NOTEBOOKS = ["evaluatie"]

_SCHOOL_YEAR = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{4})\s*$")
_CALENDAR_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_ID_WITH_PERIOD = re.compile(r"^(?P<prefix>[a-z0-9][a-z0-9-]*?)-\d{4}(?:-\d{4})?$")
_YEAR = re.compile(r"(?<!\d)(19|20)(\d{2})(?!\d)")


class NewJaarplanError(EvalkitError):
    """A new jaarplan cannot be made (bad period, existing target, invalid source)."""


@dataclass(frozen=True)
class Period:
    """A plan period: school year (1 August - 31 July) or calendar year, with its label."""

    start: date
    eind: date
    label: str


def read_period(tekst: str) -> Period:
    """Read a period: '2024-2025' (school year, 1-8-2024 to 31-7-2025) or '2024' (calendar year).

    Raises NieuwJaarplanFout for anything else, including school years that do not span two
    consecutive years.
    """
    tekst = str(tekst)
    if m := _SCHOOL_YEAR.match(tekst):
        begin, eind = int(m[1]), int(m[2])
        if eind != begin + 1:
            raise NewJaarplanError(
                f"Periode '{tekst}': een schooljaar loopt over twee opeenvolgende jaren, "
                f"bijvoorbeeld {begin}-{begin + 1}."
            )
        _check_year(begin, tekst)
        return Period(date(begin, 8, 1), date(eind, 7, 31), f"{begin}-{eind}")
    if m := _CALENDAR_YEAR.match(tekst):
        jaar = int(m[1])
        _check_year(jaar, tekst)
        return Period(date(jaar, 1, 1), date(jaar, 12, 31), str(jaar))
    raise NewJaarplanError(
        f"Periode '{tekst}' is niet te lezen; schrijf een schooljaar (bijvoorbeeld 2024-2025, "
        "1 augustus tot en met 31 juli) of een kalenderjaar (bijvoorbeeld 2024)."
    )


def _check_year(jaar: int, tekst: str) -> None:
    if not 2000 <= jaar <= 2099:
        raise NewJaarplanError(f"Periode '{tekst}': verwacht een jaartal tussen 2000 en 2099.")


def period_label(start: date, eind: date) -> str:
    """The label of an existing plan period: '2023' for a calendar year, else '2023-2024'."""
    if start.year == eind.year:
        return str(start.year)
    return f"{start.year}-{eind.year}"


def derived_id(oud_id: str, periode: Period) -> str:
    """The new plan id: the old id with its period replaced (plein013-2023 -> plein013-2024).

    Raises NieuwJaarplanFout when the old id does not end in a period, so that no id can be
    derived.
    """
    m = _ID_WITH_PERIOD.match(oud_id)
    if not m:
        raise NewJaarplanError(
            f"Uit de id '{oud_id}' is geen nieuwe id af te leiden (die eindigt niet op een jaartal "
            "of schooljaar); geef de nieuwe id op met --id."
        )
    return f"{m['prefix']}-{periode.label}"


def shift_years(tekst: str, jaren: int) -> str:
    """Add `jaren` to every year (1900-2099) in a text: 'oktober-2024' + 1 -> 'oktober-2025'."""
    return _YEAR.sub(lambda m: str(int(m[0]) + jaren), tekst)


def shift_date(d: date, jaren: int, periode: Period) -> date:
    """Move a deadline `jaren` years on; one that then falls outside the period becomes its end.

    29 February becomes 28 February in a year that is not a leap year.
    """
    try:
        nieuw = d.replace(year=d.year + jaren)
    except ValueError:
        nieuw = d.replace(year=d.year + jaren, day=28)
    if not periode.start <= nieuw <= periode.eind:
        return periode.eind
    return nieuw


def to_carry_over(statussen: dict[str, str]) -> list[str]:
    """Ids of the goals to carry over: every status except behaald and vervallen."""
    return [doel for doel, status in statussen.items() if status not in DONE]


def _latest_statuses(plan: Jaarplan) -> tuple[Ronde | None, dict[str, str]]:
    """The latest round and every goal's status in it (per evalueer); no round: no statuses."""
    if not plan.rondes:
        return None, {}
    ev = evaluate(plan)
    return plan.ronde(), {d.id: d.status for d in ev.doelen}


@dataclass(frozen=True)
class Draft:
    """The content of the new jaarplan folder, before it is written."""

    plan_id: str
    periode: Period
    jaarplan: Jaarplan
    bestanden: dict[str, str]  # relative path -> text, as write.plan_files makes them
    ronde_id: str
    overgenomen: tuple[str, ...]
    niet_overgenomen: dict[str, tuple[str, ...]]  # status -> goal ids
    activiteiten: int
    themas: int


def _source(oud: str, id_: str, bron: str, extra: str = "") -> str:
    return f"Overgenomen uit {oud} {id_}{extra}; oorspronkelijke bron: {bron}"


def _new_ronde(plan: Jaarplan, ronde: Ronde | None, jaren: int, periode: Period, ruw: dict):
    """Id, naam and peildatum of the new plan's (empty) evaluation round.

    It mirrors the round the carried-over statuses come from, years moved on (oktober-2024 ->
    oktober-2025, M12 stays M12); without any round, the last round the plan prescribes, or an
    October evaluation after the period.
    """
    if ronde is not None:
        try:
            peildatum = ronde.peildatum.replace(year=ronde.peildatum.year + jaren)
        except ValueError:
            peildatum = ronde.peildatum.replace(year=ronde.peildatum.year + jaren, day=28)
        return (
            shift_years(ronde.id, jaren),
            shift_years(ronde.naam, jaren),
            (peildatum),
        )
    voorgeschreven = [r for r in ruw.get("rondes") or [] if isinstance(r, dict) and r.get("id")]
    if voorgeschreven:
        laatste = voorgeschreven[-1]
        naam = str(laatste.get("naam") or laatste["id"])
        return (
            shift_years(str(laatste["id"]), jaren),
            shift_years(naam, jaren),
            periode.eind,
        )
    jaar = periode.eind.year
    return f"oktober-{jaar}", f"Oktoberevaluatie {jaar}", date(jaar, 10, 1)


def draft(plan: Jaarplan, ruw: dict, nieuw_id: str, periode: Period) -> Draft:
    """Work out the new jaarplan from the current one (pure: reads and writes nothing).

    Kept: every theme with its long-term goal; the goals that were not behaald or vervallen in
    the latest round, with their deadlines moved on by the number of years between the periods
    (into the new period) and a bron saying where they come from; the activities linked to those
    goals (and activities without goals that are not afgerond or vervallen), with budget and
    hours as a starting point and wanneer set to the new period; the indicators of kept goals,
    those without a goal and those the norms need; the plan's own indicatorwaarden of those
    indicators plus measurements from rounds that are not example data. The realisation is one
    empty round.
    """
    oud = plan.id
    jaren = periode.start.year - plan.periode_start.year
    ronde, statussen = _latest_statuses(plan)
    if ronde is None:
        statussen = {d.id: "nog niet te beoordelen" for d in plan.doelen}
    houden = set(to_carry_over(statussen))
    waar = f"{ronde.naam} ({ronde.id})" if ronde else "geen ronde"

    themas = [replace(t, bron=_source(oud, t.id, t.bron)) for t in plan.themas]
    doelen = _carry_goals(plan, houden, statussen, waar, jaren, periode)
    activiteiten = _carry_activities(plan, houden, ronde, periode)
    indicatoren, waarden = _carry_indicators(plan, houden)

    ronde_id, ronde_naam, peildatum = _new_ronde(plan, ronde, jaren, periode, ruw)
    niet: dict[str, tuple[str, ...]] = {}
    for d in plan.doelen:
        if d.id not in houden:
            niet.setdefault(statussen[d.id], ())
            niet[statussen[d.id]] += (d.id,)

    naam, rondes, toelichting = _jaarplan_yaml(
        plan, ruw, periode, jaren, ronde, ronde_id, ronde_naam, len(doelen), niet,
        len(activiteiten),
    )  # fmt: skip
    lege_ronde = Ronde(
        id=ronde_id,
        naam=ronde_naam,
        peildatum=peildatum,
        voorbeelddata=False,
        toelichting=f"Nog geen realisatie ingevuld; ronde aangemaakt met evalkit "
        f"new-jaarplan uit {oud}.",
    )
    nieuw = replace(
        plan, id=nieuw_id, naam=naam, periode_start=periode.start, periode_eind=periode.eind,
        toelichting=toelichting, themas=tuple(themas), doelen=tuple(doelen),
        activiteiten=tuple(activiteiten), indicatoren=tuple(indicatoren),
        indicatorwaarden=tuple(waarden), rondes={ronde_id: lege_ronde}, map=None,
    )  # fmt: skip
    return Draft(
        plan_id=nieuw_id,
        periode=periode,
        jaarplan=nieuw,
        bestanden=write.plan_files(
            nieuw, write.kept_yaml(ruw) | {"rondes": [write.Flow(r) for r in rondes]}
        ),
        ronde_id=ronde_id,
        overgenomen=tuple(d.id for d in doelen),
        niet_overgenomen=niet,
        activiteiten=len(activiteiten),
        themas=len(themas),
    )


def _carry_goals(
    plan: Jaarplan,
    houden: set[str],
    statussen: dict[str, str],
    waar: str,
    jaren: int,
    periode: Period,
) -> list[Doel]:
    """The goals carried over, deadlines moved on and a bron saying where they come from."""
    doelen: list[Doel] = []
    for d in plan.doelen:
        if d.id not in houden:
            continue
        extra = f", status in {waar}: {statussen[d.id]}"
        if d.deadline is not None:
            extra += f", eerdere deadline {d.deadline.isoformat()}"
        doelen.append(
            replace(
                d,
                deadline=shift_date(d.deadline, jaren, periode) if d.deadline else None,
                bron=_source(plan.id, d.id, d.bron, extra),
            )
        )
    return doelen


def _carry_activities(
    plan: Jaarplan, houden: set[str], ronde: Ronde | None, periode: Period
) -> list[Activiteit]:
    """The activities of kept goals, and those without goals that are not done."""
    oud = plan.id
    laatste_act = ronde.activiteiten if ronde else {}
    activiteiten: list[Activiteit] = []
    for a in plan.activiteiten:
        gekoppeld = tuple(d for d in a.doelen if d in houden)
        if a.doelen and not gekoppeld:
            continue
        real = laatste_act.get(a.id)
        if not a.doelen and real is not None and real.status in ACTIVITY_DONE:
            continue
        extra = ""
        if a.budget is not None or a.uren is not None:
            extra += f"; budget en uren zijn het startpunt uit {oud}, nog opnieuw vast te stellen"
        if a.wanneer:
            extra += f"; eerder gepland: {a.wanneer}"
        activiteiten.append(
            replace(
                a, doelen=gekoppeld, wanneer=periode.label, bron=_source(oud, a.id, a.bron, extra)
            )
        )
    return activiteiten


def _carry_indicators(plan: Jaarplan, houden: set[str]) -> tuple[list[Indicator], list[Meting]]:
    """The indicators kept (of kept goals, without goal, needed by norms) and their values."""
    oud = plan.id
    nodig = {n.teller for n in plan.normen.extra} | {n.noemer for n in plan.normen.extra}
    indicatoren: list[Indicator] = []
    for i in plan.indicatoren:
        if i.doel is None or i.doel in houden:
            indicatoren.append(replace(i, bron=_source(oud, i.id, i.bron)))
        elif i.id in nodig:
            extra = f", doel {i.doel} niet overgenomen"
            indicatoren.append(replace(i, doel=None, bron=_source(oud, i.id, i.bron, extra)))
    ind_ids = {i.id for i in indicatoren}
    waarden: list[Meting] = [m for m in plan.indicatorwaarden if m.indicator in ind_ids]
    for r in plan.rondes.values():
        if r.voorbeelddata:
            continue  # invented values must never become the new plan's history
        for m in r.metingen:
            if m.indicator in ind_ids:
                bron = f"{oud}, ronde {r.id}" + (f" ({m.toelichting})" if m.toelichting else "")
                waarden.append(replace(m, toelichting=bron))
    return indicatoren, waarden


def _jaarplan_yaml(
    plan: Jaarplan,
    ruw: dict,
    periode: Period,
    jaren: int,
    ronde: Ronde | None,
    ronde_id: str,
    ronde_naam: str,
    n_doelen: int,
    niet: dict[str, tuple[str, ...]],
    n_activiteiten: int,
) -> tuple[str, list[dict], str]:
    """Naam, prescribed rounds and toelichting of the new jaarplan."""
    oud = plan.id
    oud_label = period_label(plan.periode_start, plan.periode_eind)
    naam = plan.naam
    if oud_label in naam:
        naam = naam.replace(oud_label, periode.label, 1)
    elif _YEAR.search(naam):
        naam = shift_years(naam, jaren)
    else:
        naam = f"{naam} ({periode.label})"
    rondes = []
    for r in ruw.get("rondes") or []:
        if isinstance(r, dict):
            r = dict(r)
            for sleutel in ("id", "naam"):
                if r.get(sleutel) is not None:
                    r[sleutel] = shift_years(str(r[sleutel]), jaren)
            rondes.append(r)
    if ronde_id not in [str(r.get("id")) for r in rondes]:
        rondes.append({"id": ronde_id, "naam": ronde_naam})

    totaal = len(plan.doelen)
    if ronde is None:
        basis = f"{oud} heeft nog geen realisatie, dus alle {totaal} doelen zijn overgenomen"
    else:
        weg = "; ".join(f"{s}: {', '.join(ids)}" for s, ids in niet.items()) or "geen"
        basis = (
            f"Overgenomen zijn de {n_doelen} van de {totaal} doelen die in {ronde.naam} "
            f"({ronde.id}) niet behaald, deels behaald of nog niet te beoordelen waren; niet "
            f"overgenomen ({weg})"
        )
    toelichting = (
        f"Aangemaakt met evalkit new-jaarplan uit {oud} (periode {oud_label}). {basis}. "
        f"Deadlines zijn {jaren} jaar verschoven en vallen binnen de nieuwe periode (anders het "
        f"einde ervan). Alle {len(plan.themas)} thema's met hun langetermijndoelen zijn "
        f"behouden, en {n_activiteiten} activiteiten bij de overgenomen doelen, zonder "
        "besteding; hun budget en uren zijn een startpunt dat nog opnieuw vastgesteld moet "
        f"worden. De realisatie van ronde {ronde_id} is nog leeg."
    )
    if ronde is not None and ronde.voorbeelddata:
        toelichting += (
            f" Let op: de statussen van {ronde.id} in {oud} zijn voorbeelddata (verzonnen), dus "
            "deze keuze van doelen is alleen een illustratie."
        )
    return naam, rondes, toelichting


def _params_text(
    oud: str, nieuw_id: str, ronde_id: str, params_dir: Path, oud_ronde, data_dir: Path
) -> str:
    """The params file of the new round: notebooks and opties from the old plan's params file.

    Plans to compare with (`vergelijk_met`) are kept only when they exist in the data folder.
    """
    notebooks, opties = list(DEFAULT_NOTEBOOKS), {}
    bron = "standaardwaarden"
    kandidaten = []
    if oud_ronde:
        kandidaten.append(params_dir / oud / f"{oud_ronde}.yaml")
    kandidaten.extend(sorted((params_dir / oud).glob("*.yaml"), reverse=True))
    for pad in kandidaten:
        if pad.is_file():
            try:
                data = load_yaml(pad.read_text(encoding="utf-8"))[0]
            except (OSError, yaml.YAMLError):
                continue
            if isinstance(data, dict):
                notebooks = data.get("notebooks") or notebooks
                opties = data.get("opties") or {}
                bron = f"{params_dir.name}/{oud}/{pad.name}"
                break
    if isinstance(opties.get("vergelijk_met"), list):
        bestaand = set(plan_ids(data_dir))
        opties = {**opties, "vergelijk_met": [i for i in opties["vergelijk_met"] if i in bestaand]}
        if not opties["vergelijk_met"]:
            del opties["vergelijk_met"]
    kop = f"# Aangemaakt met evalkit new-jaarplan uit {oud} (notebooks en opties uit {bron}).\n"
    return write.yaml_text(
        {"jaarplan": nieuw_id, "ronde": ronde_id, "notebooks": notebooks, "opties": opties}, kop
    )


def _count(n: int, enkelvoud: str, meervoud: str) -> str:
    return f"{n} {enkelvoud if n == 1 else meervoud}"


@dataclass(frozen=True)
class NewJaarplanResult:
    """What new-jaarplan made: the new folder, its params file and the draft it wrote."""

    map: Path
    params: Path
    draft: Draft

    def lines(self) -> list[str]:
        """The Dutch summary the CLI prints."""
        o = self.draft
        niet = sum(len(ids) for ids in o.niet_overgenomen.values())
        themas = _count(o.themas, "thema", "thema's")
        doelen = _count(len(o.overgenomen), "doel", "doelen")
        uit = [
            f"Nieuw jaarplan '{o.plan_id}' ({o.periode.label}) aangemaakt in {self.map}:",
            f"  {themas}, {doelen} overgenomen, {niet} niet overgenomen",
        ]
        if o.overgenomen:
            uit.append(f"  overgenomen doelen: {', '.join(o.overgenomen)}")
        uit.append(
            f"  {_count(o.activiteiten, 'activiteit', 'activiteiten')} "
            "(budget en uren als startpunt, zonder besteding)"
        )
        uit.append(f"  lege ronde {o.ronde_id}; parameterbestand {self.params}")
        return uit


def new_jaarplan(
    van: str,
    periode: str,
    nieuw_id: str | None = None,
    data_dir: Path | str | None = None,
    params_dir: Path | str | None = None,
) -> NewJaarplanResult:
    """Create the next jaarplan's folder and params file from jaarplan `van`.

    The folder is built in a temporary folder, validated, and only then moved into place; the
    params file is written after it. On any error nothing is written or overwritten and a
    NewJaarplanError says why.
    """
    data_dir = Path(data_dir) if data_dir else paths.DATA_DIR
    params_dir = Path(params_dir) if params_dir else paths.PARAMS_DIR
    nieuwe = read_period(periode)
    try:
        plan = load_jaarplan(van, data_dir)
    except ValidationError as exc:
        raise NewJaarplanError(
            f"Jaarplan '{van}' heeft problemen; los die eerst op (evalkit validate).\n{exc}"
        ) from exc
    if nieuwe.start <= plan.periode_start:
        raise NewJaarplanError(
            f"De nieuwe periode {nieuwe.label} begint niet na het begin van de periode van "
            f"'{van}' ({plan.periode_start.isoformat()})."
        )
    nieuw_id = nieuw_id or derived_id(van, nieuwe)
    if not PLAN_ID_PATTERN.match(nieuw_id):
        raise NewJaarplanError(
            f"'{nieuw_id}' is geen geldige jaarplan-id (kleine letters, cijfers en '-')."
        )
    doel = data_dir / nieuw_id
    if doel.exists():
        raise NewJaarplanError(f"De map {doel} bestaat al; er is niets gewijzigd.")
    ruw = load_yaml((data_dir / van / "jaarplan.yaml").read_text(encoding="utf-8"))[0]
    o = draft(plan, ruw, nieuw_id, nieuwe)
    params_pad = params_dir / nieuw_id / f"{o.ronde_id}.yaml"
    if params_pad.exists():
        raise NewJaarplanError(
            f"Het parameterbestand {params_pad} bestaat al; er is niets gewijzigd."
        )
    oud_ronde = plan.ronde().id if plan.rondes else None
    params = _params_text(van, nieuw_id, o.ronde_id, params_dir, oud_ronde, data_dir)
    _put_in_place(o, data_dir, params_pad, params)
    return NewJaarplanResult(doel, params_pad, o)


def _put_in_place(o: Draft, data_dir: Path, params_pad: Path, params: str) -> None:
    """Write the draft in a temp folder, validate it with its params, then move it into place."""
    doel = data_dir / o.plan_id
    try:
        werk = Path(tempfile.mkdtemp(prefix=".nieuw-jaarplan-", dir=data_dir))
    except OSError as exc:
        raise NewJaarplanError(f"Kan niet schrijven in {data_dir} ({os_reason(exc)}).") from exc
    params_nieuw = not params_pad.parent.exists()
    try:
        map_ = werk / o.plan_id
        try:
            write.write_files(map_, o.bestanden)
        except OSError as exc:
            raise NewJaarplanError(
                f"Kan niet schrijven in {data_dir} ({os_reason(exc)}); er is niets gewijzigd."
            ) from exc
        problemen = validate(map_)
        if problemen:
            raise NewJaarplanError(
                "Het nieuwe jaarplan is niet geldig; er is niets geschreven.\n"
                + "\n".join(f"  {p}" for p in problemen)
            )
        _check_params(werk, o.plan_id, o.ronde_id, params)
        if doel.exists():
            raise NewJaarplanError(f"De map {doel} bestaat al; er is niets gewijzigd.")
        files.replace_folder(map_, doel)
        try:
            files.write_atomic(params_pad, params)
        except OSError as exc:
            shutil.rmtree(doel, ignore_errors=True)
            if params_nieuw:
                shutil.rmtree(params_pad.parent, ignore_errors=True)
            raise NewJaarplanError(
                f"Kan {params_pad} niet schrijven ({os_reason(exc)}); er is niets gewijzigd."
            ) from exc
    finally:
        shutil.rmtree(werk, ignore_errors=True)


def _check_params(werk: Path, nieuw_id: str, ronde_id: str, tekst: str) -> None:
    """Validate the new params file against the new (temporary) folder before anything moves.

    The plans to compare with live in the real data folder (_params_text keeps only those that
    exist there), so the check in the temporary folder leaves that option out.
    """
    pad = werk / "params" / nieuw_id / f"{ronde_id}.yaml"
    pad.parent.mkdir(parents=True)
    data = load_yaml(tekst)[0]
    if isinstance(data, dict) and isinstance(data.get("opties"), dict):
        data["opties"].pop("vergelijk_met", None)
        tekst = write.yaml_text(data)
    pad.write_text(tekst, encoding="utf-8")
    _, fouten = check_params(pad, params_dir=werk / "params", data_dir=werk)
    if fouten:
        raise NewJaarplanError(
            "Het nieuwe parameterbestand is niet geldig; er is niets geschreven.\n"
            + "\n".join(f"  {f}" for f in fouten)
        )
