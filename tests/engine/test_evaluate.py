"""Tests of the evaluation of whole fixture jaarplannen (evalkit.engine.evaluate)."""

import json
from datetime import date
from pathlib import Path

import pytest

from evalkit.data.load import load_jaarplan
from evalkit.engine.evaluate import evaluate
from evalkit.errors import UnknownRonde

DATA = Path(__file__).parents[1] / "fixtures" / "engine" / "data"


@pytest.fixture(scope="module")
def plan():
    return load_jaarplan("engine-oktober", DATA)


@pytest.fixture(scope="module")
def ev(plan):
    return evaluate(plan)  # latest round: M12, peildatum 2024-07-31


def test_laatste_ronde_en_metadata(ev):
    assert (ev.plan.id, ev.ronde.id, ev.ronde.peildatum) == (
        "engine-oktober",
        "M12",
        date(2024, 7, 31),
    )
    assert ev.voorbeelddata is True
    assert ev.plan.periode_start == date(2023, 8, 1)


def test_status_per_doel(ev):
    statussen = {d.id: d.status for d in ev.doelen}
    assert statussen == {
        "D01": "behaald",  # 20 >= 20 (exactly at target)
        "D02": "deels behaald",  # 25 > 20, but lower than the baseline 30
        "D03": "niet behaald",  # 45% < 60% and below the baseline 50%
        "D04": "nog niet te beoordelen",  # no realisation row
        "D05": "behaald",  # gereed on the deadline
        "D06": "deels behaald",  # gereed 15-5-2024, deadline 1-2-2024
        "D07": "niet behaald",  # not gereed, deadline 30-6-2024 passed
        "D08": "niet behaald",  # not gereed, deadline == peildatum: passed
        "D09": "behaald",  # kwalitatief, manual
        "D10": "nog niet te beoordelen",  # kwalitatief without status
        "D11": "vervallen",  # manual 'vervallen' wins over derived 'behaald'
        "D12": "behaald",  # manual, contradicts derived 'niet behaald'
        "D13": "behaald",  # no target: 6 < baseline 8 in richting 'lager' (oordeel_op_richting)
    }
    assert ev.op_richting == ("D13",)
    assert ev.tegen_cijfers == ("D12",)  # manual 'behaald' against derived 'niet behaald'
    assert ev.norm_doelen_bron == "standaard"
    d12 = next(d for d in ev.doelen if d.id == "D12")
    assert (d12.afgeleid_status, d12.bron) == ("niet behaald", "handmatig")
    d03 = next(d for d in ev.doelen if d.id == "D03")
    assert (d03.waarde, d03.streefwaarde, d03.eenheid, d03.thema_naam) == (
        0.45,
        0.6,
        "%",
        "Basisondersteuning op orde",
    )


def test_aandeel_doelen_en_norm(ev):
    # behaald 5, deels 2 (weight 0.5), niet 3 -> (5 + 1) / 10; norm 0.75 not met.
    a = ev.aandeel_doelen
    assert (a.teller, a.noemer) == (6, 10)
    assert a.aandeel == pytest.approx(6 / 10)
    assert ev.norm_doelen_gehaald is False
    assert ev.per_status == {
        "behaald": 5,
        "deels behaald": 2,
        "niet behaald": 3,
        "nog niet te beoordelen": 2,
        "vervallen": 1,
    }


def test_doelen_per_thema(ev):
    per = {t.thema: (t.totaal, t.teller, t.noemer, t.aandeel) for t in ev.per_thema}
    # T1: D01 b, D02 d, D03 n, D04 nn, D13 b -> 2.5 / 4; T2: D08 niet -> 2.5 / 5;
    # T3: D11 v, D12 b -> 1 / 1.
    assert per == {"T1": (5, 2.5, 4, 0.625), "T2": (6, 2.5, 5, 0.5), "T3": (2, 1, 1, 1.0)}


def test_budget(ev):
    # Budgets: A01 10.000 + A02 20.000 + A04 40.000 + A05 0 (A03, A06 have none).
    assert ev.budget_totaal == 70000
    # Spend: 10.000 + 25.000 + 3.000 (A03, no budget) + 30.000,50 + 500.
    assert ev.besteed_totaal == 68500.5
    assert ev.zonder_budget == ("A03", "A06")
    assert ev.overschreden == ("A02", "A05")
    acts = {a.id: (a.overschrijding, a.overschrijding_fractie) for a in ev.activiteiten}
    assert acts["A01"] == (0, 0)  # spend == budget
    assert acts["A02"] == (5000, 0.25)
    assert acts["A05"] == (500, None)  # budget 0
    assert acts["A03"] == (None, None)
    # Within budget: A01 and A04 of A01, A02, A04, A05.
    assert ev.aandeel_binnen_budget == 0.5
    per = {
        t.thema: (t.budget, t.besteed, t.overschrijding, t.zonder_budget)
        for t in ev.budget_per_thema
    }
    assert per == {
        "T1": (30000, 35000, 5000, 0),
        "T2": (40000, 33000.5, 0, 1),
        "T3": (0, 500, 500, 1),
    }


def test_uren(ev):
    assert [p.id for p in ev.projecten] == ["A01", "A02", "A04", "A06"]
    assert [p.binnen_uren for p in ev.projecten] == [True, False, None, None]
    assert ev.aandeel_binnen_uren == 0.5
    assert ev.norm_uren_gehaald is False


def test_indicatoren_vorige_waarde_uit_alle_bronnen(ev):
    ind = {i.id: i for i in ev.indicatoren}
    spec = ind["leerlingen_gespecialiseerd"]
    # Current: 200 on 31-7-2024; previous: the earlier row of this round (205 on 30-4-2024),
    # later than M8's 208 on 31-3-2024.
    assert (spec.waarde, spec.vorige_waarde, spec.vorige_peildatum, spec.vorige_bron) == (
        200,
        205,
        date(2024, 4, 30),
        "M12",
    )
    assert spec.verandering == -5
    assert spec.verandering_relatief == pytest.approx(-5 / 205)
    thuis = ind["thuiszitters"]
    # Previous from the plan's indicatorwaarden (7 on 1-8-2023).
    assert (thuis.waarde, thuis.vorige_waarde, thuis.vorige_bron) == (3, 7, "indicatorwaarden")
    assert (thuis.streefwaarde_gehaald, thuis.is_leerlingen) == (False, True)
    assert ind["verschoven_groepsgericht"].vorige_waarde is None


def test_extra_norm(ev):
    (norm,) = ev.extra_normen
    assert (norm.teller, norm.noemer, norm.aandeel, norm.gehaald) == (11, 200, 0.055, True)


def test_smart(ev):
    volledig = [s.doel for s in ev.smart if s.volledig]
    # D02 and D03 have no deadline of their own: derived from A02 ('Q1-Q2', no year) -> end of
    # the plan period, marked as derived.
    assert volledig == ["D01", "D02", "D03", "D05", "D06"]
    assert ev.aandeel_smart == pytest.approx(5 / 13)
    derived = {s.doel: s.deadline_afgeleid for s in ev.smart}
    assert derived["D02"] == date(2024, 7, 31)
    assert derived["D01"] is None  # own deadline
    d07 = next(s for s in ev.smart if s.doel == "D07")
    assert (d07.indicator, d07.eigenaar) == (False, True)  # eigenaar via A04's 'wie'


def test_voortgang_over_rondes(ev):
    rijen = [(v.ronde, v.doelen_teller, v.doelen_noemer, v.besteed, v.huidig) for v in ev.voortgang]
    # M4: D01 deels (12), D02 niet (30 = baseline) -> 0.5 / 2; spend 4.000 + 8.000.
    # M8: D05 b, D09 b, D01 deels -> 2.5 / 3; D06 has no row in M8, so although its deadline
    # passed it is 'nog niet te beoordelen' (a missing row is no evidence); spend 32.000.
    assert rijen == [
        ("M4", 0.5, 2, 12000, False),
        ("M8", 2.5, 3, 32000, False),
        ("M12", 6, 10, 68500.5, True),
    ]


def test_waarschuwingen(ev):
    assert len(ev.waarschuwingen) == 3
    assert ev.waarschuwingen[0].startswith("Doel D12: de handmatige status 'behaald'")
    assert ev.waarschuwingen[1] == "Geen realisatie ingevuld in ronde M12 voor doel(en): D04."
    assert ev.waarschuwingen[2] == (
        "Geen realisatie ingevuld in ronde M12 voor activiteit(en): A06."
    )


def test_eerdere_ronde_evalueren(plan):
    ev = evaluate(plan, "M8")
    assert (ev.ronde.id, ev.aandeel_doelen.aandeel, ev.besteed_totaal) == ("M8", 2.5 / 3, 32000)
    d06 = next(d for d in ev.doelen if d.id == "D06")
    assert (d06.status, d06.uitleg) == (
        "nog niet te beoordelen",
        "geen realisatie ingevuld in deze ronde",
    )
    assert [v.ronde for v in ev.voortgang] == ["M4", "M8"]
    spec = next(i for i in ev.indicatoren if i.id == "leerlingen_gespecialiseerd")
    assert (spec.waarde, spec.vorige_waarde, spec.vorige_bron) == (208, 210, "M4")
    (norm,) = ev.extra_normen
    assert norm.aandeel is None
    assert any("niet te berekenen" in w for w in ev.waarschuwingen)
    assert ev.aandeel_binnen_uren is None  # no hours spent recorded in M8


def test_onbekende_ronde(plan):
    with pytest.raises(UnknownRonde, match="geen ronde 'M99'"):
        evaluate(plan, "M99")


def test_plan_zonder_budgetten_en_projecten():
    ev = evaluate(load_jaarplan("engine-klein", DATA))
    assert (ev.budget_totaal, ev.besteed_totaal) == (None, None)
    assert ev.zonder_budget == ("A01",)
    assert (ev.aandeel_binnen_uren, ev.norm_uren_gehaald) == (None, None)
    # D01 behaald, D02 gereed after the deadline -> deels; default weight 0 -> 1 / 2.
    assert (ev.aandeel_doelen.teller, ev.aandeel_doelen.noemer) == (1, 2)
    assert ev.voorbeelddata is False
    assert ev.waarschuwingen == ()


def test_to_dict_is_json_met_verplichte_sleutels(ev):
    d = ev.to_dict()
    tekst = json.dumps(d, sort_keys=True)  # must not raise: everything JSON-able
    assert json.loads(tekst) == d
    verplicht = {
        "goals_total": 13,
        "goals_achieved": 6,
        "goals_norm": 0.75,
        "goals_norm_met": False,
        "budget_total": 70000,
        "spent_total": 68500.5,
        "activities_over_budget": 2,
        "projects_within_hours_share": 0.5,
        "hours_norm_met": False,
        "example_data": True,
        "plan_id": "engine-oktober",
        "ronde": "M12",
        "peildatum": "2024-07-31",
        "smart_share": pytest.approx(5 / 13),
        "goals_norm_source": "standaard",
        "hours_norm_source": "standaard",
        "goals_contradicting_data": ["D12"],
        "goals_judged_on_direction": ["D13"],
        "activities_completed_share": ev.aandeel_activiteiten_afgerond,
    }
    for sleutel, waarde in verplicht.items():
        assert d[sleutel] == waarde, sleutel
    assert d["goals_achieved_share"] == pytest.approx(6 / 10)
    assert d["goals_share_definition"] == ev.aandeel_doelen.definitie
    assert d["extra_norms"][0]["aandeel"] == 0.055
    assert d["goals"][5]["datum_gereed"] == "2024-05-15"
    assert len(d["warnings"]) == 3
