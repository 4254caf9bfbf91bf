"""Cross-checks on a loaded jaarplan: references, signs, dates and realisation ids.

Every check is a small rule that adds its problems to a Collector; `validate_path` validates
one folder or a whole data folder and returns the problems per folder (the CLI prints them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from evalkit import fmt
from evalkit.data.collect import Collector, read_utf8_text
from evalkit.data.model import Jaarplan, split_onderdelen
from evalkit.data.read import plan_ids, read_plan_raw
from evalkit.data.values import number_text
from evalkit.errors import EvalkitError, Problem, ValidationError, os_reason


class FolderMissing(EvalkitError):
    """The folder to validate does not exist."""

    def __init__(self, pad: Path):
        self.pad = pad
        super().__init__(f"{pad} bestaat niet.")


class NoPlanFolders(EvalkitError):
    """A data folder without any jaarplan folder or stakeholder data set."""

    def __init__(self, pad: Path):
        self.pad = pad
        super().__init__(f"{pad} bevat geen jaarplanmappen (met jaarplan.yaml).")


class FolderUnreadable(EvalkitError):
    """The folder to validate cannot be looked into."""

    def __init__(self, pad: Path, exc: OSError):
        self.pad = pad
        super().__init__(f"{pad}: map kan niet gelezen worden ({os_reason(exc)}).")


@dataclass
class _Plan:
    """What the rules of check_plan need: the plan, its known ids and its readable files."""

    plan: Jaarplan
    regels: dict
    v: Collector
    m: Path = field(init=False)
    themas: set[str] = field(init=False)
    doelen: set[str] = field(init=False)
    activiteiten: set[str] = field(init=False)
    indicatoren: set[str] = field(init=False)
    leesbaar: dict[str, bool] = field(init=False)
    # (file, indicator) pairs already checked: an unknown indicator is reported once per file
    gemeld: set[tuple[str, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        assert self.plan.map is not None
        self.m = self.plan.map
        self.themas = {t.id for t in self.plan.themas}
        self.doelen = {d.id for d in self.plan.doelen}
        self.activiteiten = {a.id for a in self.plan.activiteiten}
        self.indicatoren = {i.id for i in self.plan.indicatoren}
        self.leesbaar = {
            soort: (self.m / soort) not in self.v.onleesbaar
            for soort in ("themas.csv", "doelen.csv", "activiteiten.csv", "indicatoren.csv")
        }

    def rij(self, soort: str, id_: str) -> int | None:
        return self.regels.get(soort, {}).get(id_)

    def unknown_thema(self, soort: str, thema: str | None, r: int | None) -> None:
        if self.leesbaar["themas.csv"] and thema is not None and thema not in self.themas:
            self.v.add_entry(
                self.m / soort,
                r,
                "thema",
                f"onbekend thema '{thema}'; bekend: {', '.join(sorted(self.themas))}",
            )

    def first_time(self, bestand: str, indicator: str) -> bool:
        """True the first time an indicator of this file is checked (while indicators are known)."""
        if not self.leesbaar["indicatoren.csv"] or (bestand, indicator) in self.gemeld:
            return False
        self.gemeld.add((bestand, indicator))
        return True


def _period_valid(plan: Jaarplan) -> bool:
    return (
        plan.periode_start != date.min
        and plan.periode_eind != date.max
        and plan.periode_start <= plan.periode_eind
    )


def _check_goals(c: _Plan) -> None:
    """Goals: known theme, deadline inside the plan period, numeric goals have a direction."""
    plan, bestand = c.plan, c.m / "doelen.csv"
    periode_geldig = _period_valid(plan)
    for d in plan.doelen:
        r = c.rij("doelen.csv", d.id)
        c.unknown_thema("doelen.csv", d.thema, r)
        if (
            d.deadline
            and periode_geldig
            and not plan.periode_start <= d.deadline <= plan.periode_eind
        ):
            c.v.add_entry(
                bestand,
                r,
                "deadline",
                f"deadline {fmt.date_text(d.deadline)} ligt buiten de planperiode "
                f"{fmt.date_text(plan.periode_start)} t/m {fmt.date_text(plan.periode_eind)}",
            )
        # A numeric goal without target is judged on its change against the baseline
        # ("het aantal klachten neemt af"), so only the direction is required.
        if (
            d.soort == "numeriek"
            and d.richting is None
            and not c.v.already_reported(bestand, r, "richting")
        ):
            c.v.add_entry(
                bestand,
                r,
                "richting",
                "een numeriek doel heeft een richting nodig (hoger, lager of gelijk)",
            )


def _check_activities(c: _Plan) -> None:
    """Activities: known theme and goals, no negative budget or hours."""
    bestand = c.m / "activiteiten.csv"
    for a in c.plan.activiteiten:
        r = c.rij("activiteiten.csv", a.id)
        c.unknown_thema("activiteiten.csv", a.thema, r)
        for d in a.doelen:
            if c.leesbaar["doelen.csv"] and d not in c.doelen:
                c.v.add_entry(bestand, r, "doelen", f"onbekend doel '{d}'")
        if a.budget is not None and a.budget < 0:
            c.v.add_entry(
                bestand,
                r,
                "budget",
                f"negatief budget ({fmt.euro(a.budget)}); verwacht 0 of meer",
            )
        if a.uren is not None and a.uren < 0:
            c.v.add_entry(
                bestand,
                r,
                "uren",
                f"negatief aantal uren ({number_text(a.uren)}); verwacht 0 of meer",
            )


def _check_indicators(c: _Plan) -> None:
    """Indicators belong to a known goal, and are part of a known other indicator."""
    for i in c.plan.indicatoren:
        if i.deel_van and (i.deel_van not in c.indicatoren or i.deel_van == i.id):
            reden = "kan geen deel van zichzelf zijn" if i.deel_van == i.id else "onbekend"
            c.v.add_entry(
                c.m / "indicatoren.csv",
                c.rij("indicatoren.csv", i.id),
                "deel_van",
                f"indicator '{i.deel_van}' {reden}",
            )
        if c.leesbaar["doelen.csv"] and i.doel and i.doel not in c.doelen:
            c.v.add_entry(
                c.m / "indicatoren.csv",
                c.rij("indicatoren.csv", i.id),
                "doel",
                f"onbekend doel '{i.doel}'",
            )


def _check_measured_indicators(c: _Plan, bestand: Path, metingen) -> None:
    """Measurements in a file are of known indicators (an unknown one is reported once)."""
    for meting in metingen:
        if c.first_time(str(bestand), meting.indicator) and meting.indicator not in c.indicatoren:
            c.v.add_entry(
                bestand,
                c.v.regels.get(bestand, {}).get(meting.indicator),
                "indicator",
                f"onbekende indicator '{meting.indicator}'",
            )


def _check_indicator_values(c: _Plan) -> None:
    """Baseline values (indicatorwaarden.csv) are of known indicators."""
    _check_measured_indicators(c, c.m / "indicatorwaarden.csv", c.plan.indicatorwaarden)


def _check_extra_norms(c: _Plan) -> None:
    """The numerator and denominator of every extra norm are known indicators."""
    if not c.leesbaar["indicatoren.csv"]:
        return
    for i, norm in enumerate(c.plan.normen.extra, start=1):
        for sleutel in ("teller", "noemer"):
            if getattr(norm, sleutel) not in c.indicatoren:
                c.v.add_entry(
                    c.m / "jaarplan.yaml",
                    None,
                    f"normen.extra[{i}].{sleutel}",
                    f"onbekende indicator '{getattr(norm, sleutel)}'",
                )


def _check_ronde_goals(c: _Plan, map_: Path, doelen) -> None:
    bestand = map_ / "doelen.csv"
    for d in doelen:
        if c.leesbaar["doelen.csv"] and d not in c.doelen:
            c.v.add_entry(
                bestand,
                c.v.regels.get(bestand, {}).get(d),
                "doel",
                f"realisatie voor een doel dat niet bestaat: '{d}'",
            )


def _check_ronde_activities(c: _Plan, map_: Path, activiteiten: dict) -> None:
    bestand = map_ / "activiteiten.csv"
    for a, real in activiteiten.items():
        r = c.v.regels.get(bestand, {}).get(a)
        if c.leesbaar["activiteiten.csv"] and a not in c.activiteiten:
            c.v.add_entry(
                bestand,
                r,
                "activiteit",
                f"realisatie voor een activiteit die niet bestaat: '{a}'",
            )
        if real.besteed is not None and real.besteed < 0:
            c.v.add_entry(bestand, r, "besteed", "negatieve besteding; verwacht 0 of meer")
        if real.uren_besteed is not None and real.uren_besteed < 0:
            c.v.add_entry(bestand, r, "uren_besteed", "negatief aantal uren; verwacht 0 of meer")


def _check_rondes(c: _Plan) -> None:
    """Realisations refer to known goals, activities and indicators; nothing negative."""
    for ronde in c.plan.rondes.values():
        map_ = c.m / "realisatie" / ronde.id
        _check_ronde_goals(c, map_, ronde.doelen)
        _check_ronde_activities(c, map_, ronde.activiteiten)
        _check_measured_indicators(c, map_ / "indicatoren.csv", ronde.metingen)


def _check_long_term_goals(c: _Plan) -> None:
    """Long-term goals have a known theme; goals link to known long-term goals.

    Without langetermijndoelen.csv the `langetermijndoel` of a goal is free text (older plans).
    """
    for lt in c.plan.langetermijndoelen:
        c.unknown_thema("langetermijndoelen.csv", lt.thema, c.rij("langetermijndoelen.csv", lt.id))
    bekend = {lt.id for lt in c.plan.langetermijndoelen}
    if not bekend:
        return
    for d in c.plan.doelen:
        if d.langetermijndoel and d.langetermijndoel not in bekend:
            c.v.add_entry(
                c.m / "doelen.csv",
                c.rij("doelen.csv", d.id),
                "langetermijndoel",
                f"onbekend langetermijndoel '{d.langetermijndoel}'; "
                f"bekend: {', '.join(sorted(bekend))}",
            )


def _check_budget(c: _Plan) -> None:
    """Activities and realisations are charged to known begrotingsonderdelen; nothing negative.

    Without begroting.csv the `begrotingsonderdeel` of an activity is free text.
    """
    bekend = {b.begrotingsonderdeel for b in c.plan.begroting}
    for b in c.plan.begroting:
        if b.bedrag is not None and b.bedrag < 0:
            c.v.add_entry(
                c.m / "begroting.csv",
                c.rij("begroting.csv", b.begrotingsonderdeel),
                "bedrag",
                f"negatief bedrag ({fmt.euro(b.bedrag)}); verwacht 0 of meer",
            )
    if not bekend:
        return
    for a in c.plan.activiteiten:
        for deel in split_onderdelen(a.begrotingsonderdeel):
            if deel not in bekend:
                c.v.add_entry(
                    c.m / "activiteiten.csv",
                    c.rij("activiteiten.csv", a.id),
                    "begrotingsonderdeel",
                    f"onbekend begrotingsonderdeel '{deel}' (niet in begroting.csv)",
                )
    for ronde in c.plan.rondes.values():
        bestand = c.m / "realisatie" / ronde.id / "begroting.csv"
        for deel, besteed in ronde.begroting.items():
            r = c.v.regels.get(bestand, {}).get(deel)
            if deel not in bekend:
                c.v.add_entry(
                    bestand, r, "begrotingsonderdeel", f"onbekend begrotingsonderdeel '{deel}'"
                )
            if besteed is not None and besteed < 0:
                c.v.add_entry(bestand, r, "besteed", "negatieve besteding; verwacht 0 of meer")


_PLAN_RULES = (
    _check_goals,
    _check_activities,
    _check_indicators,
    _check_indicator_values,
    _check_extra_norms,
    _check_rondes,
    _check_long_term_goals,
    _check_budget,
)


def check_plan(plan: Jaarplan, regels: dict, v: Collector) -> None:
    """Add a problem to `v` for every inconsistency between the files of a jaarplan.

    A reference is only checked when the file it points to could be read, and a cell that
    could not be read is not reported a second time (one mistake, one message).
    """
    c = _Plan(plan, regels, v)
    for rule in _PLAN_RULES:
        rule(c)


def check_texts(map_: Path, v: Collector) -> None:
    """Check that the policy staff's texts (tekst/*.md) are readable UTF-8 files.

    A bad file is reported with the line of its first byte that is not UTF-8, like a CSV.
    """
    tekstmap = map_ / "tekst"
    if tekstmap in v.onleesbaar:
        return  # e.g. a symlink, reported already
    try:
        if not tekstmap.is_dir():
            return
        bestanden = sorted(p for p in tekstmap.iterdir() if p.suffix.lower() == ".md")
    except OSError as exc:
        v.folder_unreadable(tekstmap, exc)
        return
    for pad in bestanden:
        if not pad.name.startswith("."):
            read_utf8_text(pad, v)


def validate(map_: Path | str) -> list[Problem]:
    """Validate one jaarplan folder; return the list of problems (empty when clean)."""
    map_ = Path(map_)
    v = Collector(map_)
    plan, regels = read_plan_raw(map_, v)
    if plan is not None:
        check_plan(plan, regels, v)
        check_texts(map_, v)
    return v.problemen


def validation_targets(pad: Path | str | None = None) -> tuple[list[Path], list[Path]]:
    """The jaarplan folders and stakeholder data sets to validate for a path.

    The path is one jaarplan folder, one stakeholder data set (bron.yaml) or a data folder
    holding them (default: the project's data folder). Raises FolderMissing, NoPlanFolders
    or FolderUnreadable (Dutch messages) when there is nothing to validate.
    """
    from evalkit import paths

    pad = Path(pad) if pad else paths.DATA_DIR
    try:
        if not pad.exists():
            raise FolderMissing(pad)
        if _cannot_enter(pad) or (pad / "jaarplan.yaml").exists():
            return [pad], []  # a folder that cannot be looked into is reported as a problem
        if (pad / "bron.yaml").exists():
            return [], [pad]
        mappen = [pad / i for i in plan_ids(pad)]
        stakeholdersets = sorted(b.parent for b in pad.glob("*/bron.yaml"))
    except OSError as exc:
        raise FolderUnreadable(pad, exc) from None
    if not mappen and not stakeholdersets:
        raise NoPlanFolders(pad)
    return mappen, stakeholdersets


def validate_path(pad: Path | str | None = None) -> Iterator[tuple[Path, list[Problem]]]:
    """Validate one jaarplan folder or everything in a data folder (see validation_targets).

    The folders to validate are determined at once (raising when there are none); the
    returned iterator then validates them one by one and yields (folder, problems), an empty
    list meaning the folder is in order.
    """
    mappen, stakeholdersets = validation_targets(pad)
    return _validate_each(mappen, stakeholdersets)


def _validate_each(
    mappen: list[Path], stakeholdersets: list[Path]
) -> Iterator[tuple[Path, list[Problem]]]:
    for map_ in mappen:
        yield map_, validate(map_)
    for map_ in stakeholdersets:  # a folder that is both was validated as a jaarplan above
        yield map_, validate(map_) if map_ in mappen else _validate_stakeholders(map_)


def _cannot_enter(map_: Path) -> bool:
    """True when a folder's contents cannot be reached (no permission)."""
    try:
        (map_ / "jaarplan.yaml").exists()
        if map_.is_dir():
            next(map_.iterdir(), None)
    except PermissionError:
        return True
    return False


def _validate_stakeholders(map_: Path) -> list[Problem]:
    """Problems of a stakeholder data set (bron.yaml + CSVs), e.g. stakeholders-almere-2022."""
    from evalkit.data.stakeholders import load_stakeholders

    try:
        load_stakeholders(map_.parent, map_.name)
    except ValidationError as fout:
        return fout.problemen
    return []
