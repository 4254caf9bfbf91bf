"""Tests of what a goal's value is compared with (evalkit.engine.baseline)."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from evalkit.data.load import load_jaarplan
from evalkit.data.model import Doel, Indicator, Meting
from evalkit.engine.baseline import goal_comparison, nulmeting_of_goal, period_start
from evalkit.engine.evaluate import evaluate, evaluate_plan

DATA = Path(__file__).parents[1] / "fixtures" / "engine" / "data"


def _doel(nulmeting=None, soort="numeriek"):
    return Doel(id="D01", thema="T1", tekst="Doel", soort=soort, bron="b", eenheid="klachten",
                nulmeting=nulmeting, streefwaarde=None, richting="lager")  # fmt: skip


def _ind(nulmeting=None, doel="D01", **extra):
    return Indicator(id="I1", naam="Klachten", eenheid="klachten", bron="b", doel=doel,
                     nulmeting=nulmeting, **extra)  # fmt: skip


METINGEN = [
    Meting("I1", date(2023, 10, 1), 34.0, ronde="R1"),
    Meting("I1", date(2022, 10, 1), 40.0),
    Meting("I1", date(2024, 10, 1), 27.0, ronde="R2"),  # the current round: not compared
]
PEIL = date(2024, 10, 1)


def test_nulmeting_from_goal_then_indicator_then_previous_measurement():
    assert nulmeting_of_goal(_doel(5.0), [_ind(9.0)], METINGEN, PEIL) == 5.0
    assert nulmeting_of_goal(_doel(), [_ind(9.0)], METINGEN, PEIL) == 9.0
    assert nulmeting_of_goal(_doel(), [_ind()], METINGEN, PEIL) == 34.0  # the latest earlier
    assert nulmeting_of_goal(_doel(), [_ind(doel="D99")], METINGEN, PEIL) is None
    assert nulmeting_of_goal(_doel(), [_ind()], METINGEN, date(2022, 10, 1)) is None
    assert nulmeting_of_goal(_doel(soort="mijlpaal"), [_ind(9.0)], METINGEN, PEIL) is None


def test_the_previous_round_is_never_called_the_baseline():
    c = goal_comparison(_doel(), [_ind()], METINGEN, PEIL, "R2")
    assert (c.waarde, c.label, c.nulmeting) == (34.0, "de vorige meting (R1)", False)
    c = goal_comparison(_doel(), [_ind(9.0)], METINGEN, PEIL, "R2")
    assert (c.label, c.nulmeting) == ("de nulmeting", True)
    # a measurement of the same round (or from the plan) is named by its date
    c = goal_comparison(_doel(), [_ind()], METINGEN, PEIL, "R1")
    assert c.label == "de vorige meting (1 oktober 2023)"


def test_cumulative_values_of_different_period_lengths_are_not_compared():
    jaar = {"cumulatief": True, "periode_start": date(2023, 1, 1)}
    metingen = [Meting("I1", date(2023, 8, 31), 24.0, ronde="M8")]
    c = goal_comparison(_doel(), [_ind(**jaar)], metingen, date(2023, 12, 31), "M12")
    assert c.waarde is None and c.label == "de vorige meting (M8)"
    assert "cumulatief over 8 maanden" in c.opmerking and "over 12 maanden" in c.opmerking
    # the same length a year later is comparable
    vorig_jaar = [Meting("I1", date(2022, 12, 31), 50.0, ronde="M12-2022")]
    c = goal_comparison(_doel(), [_ind(**jaar)], vorig_jaar, date(2023, 12, 31), "M12")
    assert (c.waarde, c.opmerking) == (50.0, None)
    # without a period start nothing is compared
    c = goal_comparison(_doel(), [_ind(cumulatief=True)], metingen, date(2023, 12, 31), "M12")
    assert c.waarde is None and "niet bekend" in c.opmerking


def test_period_start_restarts_every_year():
    ind = _ind(cumulatief=True, periode_start=date(2020, 8, 1))
    assert period_start(ind, date(2024, 7, 31)) == date(2023, 8, 1)
    assert period_start(ind, date(2024, 8, 1)) == date(2024, 8, 1)
    assert period_start(replace(ind, cumulatief=False), date(2024, 8, 1)) is None


@pytest.mark.shipped
def test_plein013_d27_is_cumulative_and_not_compared_with_m8():
    d27 = next(d for d in evaluate_plan("plein013-2023").doelen if d.id == "D27")
    assert (d27.nulmeting, d27.vergelijking, d27.vergelijking_label) == (
        None,
        None,
        "de vorige meting (M8)",
    )
    assert "de nulmeting" not in d27.uitleg
    assert "niet als gelijk vergeleken" in d27.uitleg
    assert (d27.status, d27.afgeleid_status, d27.tegen_cijfers) == (
        "behaald",
        "niet behaald",
        True,
    )


def test_fixture_goal_with_own_nulmeting_keeps_it():
    ev = evaluate(load_jaarplan("engine-oktober", DATA))
    d02 = next(d for d in ev.doelen if d.id == "D02")
    assert (d02.nulmeting, d02.vergelijking_label) == (30, "de nulmeting")


@pytest.mark.shipped
def test_indicator_change_of_a_cumulative_count_is_left_out():
    ev = evaluate_plan("plein013-2023")
    ind = next(i for i in ev.indicatoren if i.id == "bemiddelingsaanvragen")
    assert (ind.waarde, ind.vorige_waarde, ind.vorige_label) == (43, 24, "de vorige meting (M8)")
    assert ind.verandering is None and ind.verandering_relatief is None
    assert "8 maanden" in ind.vergelijking_opmerking and ind.cumulatief is True
