"""Cross-checks on a loaded jaarplan: references, signs, dates and realisation ids."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from evalkit import fmt
from evalkit.data.model import Jaarplan
from evalkit.data.read import Collector, number_text, read_plan_raw, read_utf8_text
from evalkit.errors import Problem, ValidationError, os_reason


def check_plan(plan: Jaarplan, regels: dict, v: Collector) -> None:
    """Add a problem to `v` for every inconsistency between the files of a jaarplan.

    A reference is only checked when the file it points to could be read, and a cell that
    could not be read is not reported a second time (one mistake, one message).
    """
    assert plan.map is not None
    m = plan.map
    themas = {t.id for t in plan.themas}
    doelen = {d.id for d in plan.doelen}
    activiteiten = {a.id for a in plan.activiteiten}
    indicatoren = {i.id for i in plan.indicatoren}
    leesbaar = {
        soort: (m / soort) not in v.onleesbaar
        for soort in ("themas.csv", "doelen.csv", "activiteiten.csv", "indicatoren.csv")
    }
    periode_geldig = (
        plan.periode_start != date.min
        and plan.periode_eind != date.max
        and plan.periode_start <= plan.periode_eind
    )

    def rij(soort: str, id_: str) -> int | None:
        return regels.get(soort, {}).get(id_)

    for d in plan.doelen:
        r = rij("doelen.csv", d.id)
        if leesbaar["themas.csv"] and d.thema is not None and d.thema not in themas:
            v.add_entry(
                m / "doelen.csv",
                r,
                "thema",
                f"onbekend thema '{d.thema}'; bekend: {', '.join(sorted(themas))}",
            )
        if (
            d.deadline
            and periode_geldig
            and not plan.periode_start <= d.deadline <= plan.periode_eind
        ):
            v.add_entry(
                m / "doelen.csv",
                r,
                "deadline",
                f"deadline {fmt.datum(d.deadline)} ligt buiten de planperiode "
                f"{fmt.datum(plan.periode_start)} t/m {fmt.datum(plan.periode_eind)}",
            )
        # A numeric goal without target is judged on its change against the baseline
        # ("het aantal klachten neemt af"), so only the direction is required.
        if (
            d.soort == "numeriek"
            and d.richting is None
            and not v.already_reported(m / "doelen.csv", r, "richting")
        ):
            v.add_entry(
                m / "doelen.csv",
                r,
                "richting",
                "een numeriek doel heeft een richting nodig (hoger, lager of gelijk)",
            )
    for a in plan.activiteiten:
        r = rij("activiteiten.csv", a.id)
        if leesbaar["themas.csv"] and a.thema is not None and a.thema not in themas:
            v.add_entry(
                m / "activiteiten.csv",
                r,
                "thema",
                f"onbekend thema '{a.thema}'; bekend: {', '.join(sorted(themas))}",
            )
        for d in a.doelen:
            if leesbaar["doelen.csv"] and d not in doelen:
                v.add_entry(m / "activiteiten.csv", r, "doelen", f"onbekend doel '{d}'")
        if a.budget is not None and a.budget < 0:
            v.add_entry(
                m / "activiteiten.csv",
                r,
                "budget",
                f"negatief budget ({fmt.euro(a.budget)}); verwacht 0 of meer",
            )
        if a.uren is not None and a.uren < 0:
            v.add_entry(
                m / "activiteiten.csv",
                r,
                "uren",
                f"negatief aantal uren ({number_text(a.uren)}); verwacht 0 of meer",
            )
    for i in plan.indicatoren:
        if leesbaar["doelen.csv"] and i.doel and i.doel not in doelen:
            v.add_entry(
                m / "indicatoren.csv",
                rij("indicatoren.csv", i.id),
                "doel",
                f"onbekend doel '{i.doel}'",
            )
    gemeld: set[tuple[str, str]] = set()  # (file, indicator): report an unknown one once
    for w in plan.indicatorwaarden:
        if not leesbaar["indicatoren.csv"] or ("indicatorwaarden.csv", w.indicator) in gemeld:
            continue
        gemeld.add(("indicatorwaarden.csv", w.indicator))
        if w.indicator not in indicatoren:
            v.add_entry(
                m / "indicatorwaarden.csv",
                rij("indicatorwaarden.csv", w.indicator),
                "indicator",
                f"onbekende indicator '{w.indicator}'",
            )
    for i, norm in enumerate(plan.normen.extra, start=1):
        for sleutel in ("teller", "noemer"):
            if leesbaar["indicatoren.csv"] and getattr(norm, sleutel) not in indicatoren:
                v.add_entry(
                    m / "jaarplan.yaml",
                    None,
                    f"normen.extra[{i}].{sleutel}",
                    f"onbekende indicator '{getattr(norm, sleutel)}'",
                )
    for ronde in plan.rondes.values():
        map_ = m / "realisatie" / ronde.id
        for d in ronde.doelen:
            bestand = map_ / "doelen.csv"
            r = v.regels.get(bestand, {}).get(d)
            if leesbaar["doelen.csv"] and d not in doelen:
                v.add_entry(bestand, r, "doel", f"realisatie voor een doel dat niet bestaat: '{d}'")
        for a, real in ronde.activiteiten.items():
            bestand = map_ / "activiteiten.csv"
            r = v.regels.get(bestand, {}).get(a)
            if leesbaar["activiteiten.csv"] and a not in activiteiten:
                v.add_entry(
                    bestand,
                    r,
                    "activiteit",
                    f"realisatie voor een activiteit die niet bestaat: '{a}'",
                )
            if real.besteed is not None and real.besteed < 0:
                v.add_entry(bestand, r, "besteed", "negatieve besteding; verwacht 0 of meer")
            if real.uren_besteed is not None and real.uren_besteed < 0:
                v.add_entry(bestand, r, "uren_besteed", "negatief aantal uren; verwacht 0 of meer")
        for meting in ronde.metingen:
            bestand = map_ / "indicatoren.csv"
            if not leesbaar["indicatoren.csv"] or (str(bestand), meting.indicator) in gemeld:
                continue
            gemeld.add((str(bestand), meting.indicator))
            if meting.indicator not in indicatoren:
                v.add_entry(
                    bestand,
                    v.regels.get(bestand, {}).get(meting.indicator),
                    "indicator",
                    f"onbekende indicator '{meting.indicator}'",
                )


def check_texts(map_: Path, v: Collector) -> None:
    """Check that the policy staff's texts (tekst/*.md) are readable UTF-8 files.

    A bad file is reported with the line of its first byte that is not UTF-8, like a CSV.
    """
    tekstmap = map_ / "tekst"
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


def validate(map_: Path | str) -> list:
    """Validate one jaarplan folder; return the list of problems (empty when clean)."""
    map_ = Path(map_)
    v = Collector(map_)
    plan, regels = read_plan_raw(map_, v)
    if plan is not None:
        check_plan(plan, regels, v)
        check_texts(map_, v)
    return v.problemen


def validate_path(pad: Path | str | None = None) -> int:
    """CLI: validate one jaarplan folder or every jaarplan in a data folder; print in Dutch.

    Returns 0 when everything is clean, 1 when any problem was found.
    """
    from evalkit import paths
    from evalkit.data.read import plan_ids

    pad = Path(pad) if pad else paths.DATA_DIR
    try:
        if not pad.exists():
            print(f"Fout: {pad} bestaat niet.", file=sys.stderr)
            return 1
        stakeholdersets: list[Path] = []
        if _cannot_enter(pad) or (pad / "jaarplan.yaml").exists():
            mappen = [pad]  # a folder that cannot be looked into is reported as a problem
        elif (pad / "bron.yaml").exists():
            mappen, stakeholdersets = [], [pad]
        else:
            mappen = [pad / i for i in plan_ids(pad)]
            stakeholdersets = sorted(b.parent for b in pad.glob("*/bron.yaml"))
            if not mappen and not stakeholdersets:
                print(
                    f"Fout: {pad} bevat geen jaarplanmappen (met jaarplan.yaml).", file=sys.stderr
                )
                return 1
    except OSError as exc:
        print(f"Fout: {pad}: map kan niet gelezen worden ({os_reason(exc)}).", file=sys.stderr)
        return 1
    fouten = 0
    for map_ in [*mappen, *stakeholdersets]:
        problemen = validate(map_) if map_ in mappen else _validate_stakeholders(map_)
        if problemen:
            fouten += len(problemen)
            n = len(problemen)
            print(f"{map_.name}: {n} {'probleem' if n == 1 else 'problemen'}", file=sys.stderr)
            for p in problemen:
                print(f"  {p}", file=sys.stderr)
        else:
            print(f"{map_.name}: in orde")
    return 1 if fouten else 0


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
