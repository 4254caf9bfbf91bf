"""The three seed jaarplannen are encoded faithfully: totals, norms, source references."""

from __future__ import annotations

import re

import pytest

from evalkit import paths
from evalkit.data.load import load_jaarplan
from evalkit.data.model import split_onderdelen
from evalkit.data.read import plan_ids
from evalkit.data.validate import validate

# Every test here checks the shipped data/ against the seeds: not unit tests.
pytestmark = pytest.mark.shipped

SEEDS = {p.name: p for p in paths.SEEDS_DIR.glob("*.txt")}
BRON = re.compile(r"(\d{3}_[0-9a-f]{16}\.txt) r\. ([\d ,-]+)")
vereist_seeds = pytest.mark.skipif(
    not SEEDS, reason=f"bronbestanden niet gevonden in {paths.SEEDS_DIR} (../shared/seeds)"
)
PLANNEN = ["almere-2023-2024", "plein013-2023", "ppo-nk-2023"]


def test_shipped_plans_are_the_three_seeds():
    assert plan_ids() == sorted(PLANNEN)


@pytest.mark.parametrize("plan_id", PLANNEN)
def test_shipped_plan_validates_clean(plan_id):
    assert validate(paths.DATA_DIR / plan_id) == []


def test_plein013_speerpunt_budgets_sum_to_document_total():
    plan = load_jaarplan("plein013-2023")
    totaal = sum(a.budget for a in plan.activiteiten if a.budget is not None)
    assert totaal == 313_333
    assert len(plan.themas) == 6


@vereist_seeds
def test_plein013_budget_total_is_stated_in_the_seed():
    seed = SEEDS["003_981ea9914b076175.txt"]
    assert "€313.333" in seed.read_text(encoding="utf-8")


def test_almere_norms_from_the_jaarplan():
    plan = load_jaarplan("almere-2023-2024")
    assert plan.normen.doelen_behaald == 0.75
    assert plan.normen.projecten_binnen_uren == 0.75
    (verschuiving,) = plan.normen.extra
    assert verschuiving.minimum == 0.05
    assert {verschuiving.teller, verschuiving.noemer} <= {i.id for i in plan.indicatoren}
    # the 75% norms are the plan's own (001 r. 584, 586-588), with their bron as data
    assert plan.normen.source("doelen_behaald") == "jaarplan"
    assert plan.normen.bronnen["doelen_behaald"].startswith("001_ba2af8985e897798.txt r. 584")
    assert plan.normen.bronnen["projecten_binnen_uren"].startswith(
        "001_ba2af8985e897798.txt r. 586-588"
    )


@pytest.mark.parametrize("plan_id", ["plein013-2023", "ppo-nk-2023"])
def test_plans_without_a_norm_use_the_default(plan_id):
    normen = load_jaarplan(plan_id).normen
    assert normen.source("doelen_behaald") == normen.source("projecten_binnen_uren") == "standaard"


def _regels(verwijzing: str) -> list[int]:
    """Line numbers of a reference like '12-15, 20' -> [12, 13, 14, 15, 20]."""
    uit = []
    for deel in verwijzing.replace(" ", "").split(","):
        if not deel:
            continue
        begin, _, eind = deel.partition("-")
        uit.extend(range(int(begin), int(eind or begin) + 1))
    return uit


@vereist_seeds
@pytest.mark.parametrize("plan_id", PLANNEN)
def test_every_row_names_its_source_file_and_existing_lines(plan_id):
    plan = load_jaarplan(plan_id)
    rijen = [*plan.themas, *plan.doelen, *plan.activiteiten, *plan.indicatoren,
             *plan.langetermijndoelen, *plan.begroting]  # fmt: skip
    assert rijen
    lengte = {
        naam: len(pad.read_text(encoding="utf-8").splitlines()) for naam, pad in SEEDS.items()
    }
    for rij in rijen:
        rid = getattr(rij, "id", None) or getattr(rij, "begrotingsonderdeel", "")
        verwijzingen = BRON.findall(rij.bron)
        assert verwijzingen, f"{plan_id} {rid}: bron zonder bestand en regel: {rij.bron!r}"
        for bestand, regels in verwijzingen:
            assert bestand in SEEDS, f"{plan_id} {rid}: onbekend bronbestand {bestand}"
            for r in _regels(regels):
                assert 1 <= r <= lengte[bestand], f"{plan_id} {rid}: {bestand} r. {r} bestaat niet"


@pytest.mark.parametrize("plan_id", PLANNEN)
def test_realisation_is_marked_as_example_data(plan_id):
    plan = load_jaarplan(plan_id)
    assert plan.rondes
    assert all(r.voorbeelddata for r in plan.rondes.values())


def test_ppo_nk_activities_keep_wie_wanneer_and_budget_line():
    plan = load_jaarplan("ppo-nk-2023")
    assert all(a.wie and a.wanneer for a in plan.activiteiten)
    # 004 r. 127 says "Geen" for A14: no begrotingsonderdeel; every other one is charged
    assert [a.id for a in plan.activiteiten if not a.begrotingsonderdeel] == ["A14"]


def test_ppo_nk_begrotingsonderdelen_as_in_the_seed():
    plan = load_jaarplan("ppo-nk-2023")
    onderdelen = [b.begrotingsonderdeel for b in plan.begroting]
    assert len(onderdelen) == 15
    assert all(b.bedrag is None for b in plan.begroting)  # the seed gives no amounts
    a16 = next(a for a in plan.activiteiten if a.id == "A16")
    assert split_onderdelen(a16.begrotingsonderdeel) == (
        "Inzet consulenten",
        "Budget werkgebieden",
        "Zware ondersteuning S(B)O",
    )
    gebruikt = {d for a in plan.activiteiten for d in split_onderdelen(a.begrotingsonderdeel)}
    assert gebruikt == set(onderdelen)


def test_almere_long_term_goals_from_seeds_000_and_001():
    plan = load_jaarplan("almere-2023-2024")
    lange = {lt.id: lt for lt in plan.langetermijndoelen}
    assert len(lange) == 17
    assert {lt.thema for lt in lange.values()} == {t.id for t in plan.themas}
    assert all(d.langetermijndoel in lange for d in plan.doelen if d.langetermijndoel)
    # T6 "Interne organisatie" is measured by exactly the two 75% norms (001 r. 583-588)
    t6 = [lt for lt in lange.values() if lt.thema == "T6"]
    assert t6 and all(lt.normen == "doelen_behaald,projecten_binnen_uren" for lt in t6)
    assert lange["L08"].horizon == "over 20 jaar"
