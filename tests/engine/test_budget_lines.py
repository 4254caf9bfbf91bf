"""Budget per begrotingsonderdeel: activities charged to each line, budget against spend."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from evalkit.data.load import load_jaarplan
from evalkit.data.model import Begrotingsonderdeel
from evalkit.engine.evaluate import evaluate

ENGINE_DATA = Path(__file__).parents[1] / "fixtures" / "engine" / "data"


@pytest.fixture(scope="module")
def ppo():
    return load_jaarplan("ppo-nk-2023")


@pytest.mark.shipped
def test_ppo_nk_lists_its_onderdelen_with_the_activities_charged(ppo):
    ev = evaluate(ppo)
    lijnen = {o.begrotingsonderdeel: o for o in ev.begroting}
    assert list(lijnen) == [b.begrotingsonderdeel for b in ppo.begroting]
    assert lijnen["Zware ondersteuning S(B)O"].activiteiten == ("A16",)
    assert "A16" in lijnen["Budget werkgebieden"].activiteiten
    # no amounts in the seed: nothing to compare, nothing claimed
    assert all(o.bedrag is None and o.binnen_begroting is None for o in ev.begroting)
    assert ev.aandeel_onderdelen_binnen_begroting is None
    assert (
        ev.to_dict()["budget_per_line"][0]["begrotingsonderdeel"]
        == ppo.begroting[0].begrotingsonderdeel
    )


def _with_amounts(plan):
    """PPO-NK with amounts on two onderdelen and a spend per onderdeel in the last round."""
    bedragen = {"Subsidie HB": 1000.0, "Doorontwikkeling SWV": 500.0}
    begroting = (
        *(
            dataclasses.replace(b, bedrag=bedragen.get(b.begrotingsonderdeel))
            for b in plan.begroting
        ),
        Begrotingsonderdeel("Nieuw", "test"),
    )
    laatste = list(plan.rondes.values())[-1]
    ronde = dataclasses.replace(
        laatste, begroting={"Subsidie HB": 1200.0, "Doorontwikkeling SWV": 400.0}
    )
    return dataclasses.replace(plan, begroting=begroting, rondes={**plan.rondes, laatste.id: ronde})


@pytest.mark.shipped
def test_budget_against_spend_and_share_within_budget(ppo):
    ev = evaluate(_with_amounts(ppo))
    lijnen = {o.begrotingsonderdeel: o for o in ev.begroting}
    hb = lijnen["Subsidie HB"]
    assert (hb.bedrag, hb.bedrag_bron, hb.besteed, hb.besteed_bron) == (
        1000.0,
        "begroting",
        1200.0,
        "realisatie",
    )
    assert (hb.verschil, hb.binnen_begroting) == (200.0, False)
    assert lijnen["Doorontwikkeling SWV"].binnen_begroting is True
    assert lijnen["Nieuw"].activiteiten == ()
    assert ev.aandeel_onderdelen_binnen_begroting == 0.5
    assert ev.to_dict()["budget_lines_within_budget_share"] == 0.5


@pytest.mark.shipped
def test_amounts_of_activities_charged_to_one_onderdeel_alone_count(ppo):
    acts = tuple(
        dataclasses.replace(a, budget=100.0) if a.begrotingsonderdeel == "Doorontwikkeling SWV"
        else a
        for a in ppo.activiteiten
    )  # fmt: skip
    ev = evaluate(dataclasses.replace(ppo, activiteiten=acts))
    swv = next(o for o in ev.begroting if o.begrotingsonderdeel == "Doorontwikkeling SWV")
    # A13 and A21 alone; A03 and A20 are charged to several onderdelen and cannot be divided
    assert (swv.bedrag, swv.bedrag_bron) == (200.0, "activiteiten")
    assert set(swv.activiteiten) == {"A03", "A13", "A20", "A21"}


def test_toelichting_per_onderdeel_comes_from_the_round():
    """The round's toelichting on an onderdeel travels into its outcome and the JSON."""
    klein = load_jaarplan("engine-klein", ENGINE_DATA)
    ronde = dataclasses.replace(
        klein.ronde(),
        begroting={"Een": 80.0, "Twee": None},
        begroting_toelichting={"Twee": "Nog niet geboekt"},
    )
    plan = dataclasses.replace(
        klein,
        begroting=(Begrotingsonderdeel("Een", "b", 100.0), Begrotingsonderdeel("Twee", "b")),
        rondes={ronde.id: ronde},
    )
    ev = evaluate(plan)
    assert [(o.begrotingsonderdeel, o.toelichting) for o in ev.begroting] == [
        ("Een", None),
        ("Twee", "Nog niet geboekt"),
    ]
    assert ev.to_dict()["budget_per_line"][1]["toelichting"] == "Nog niet geboekt"
