"""Dutch (nl-NL) formatting of amounts, numbers, percentages, dates and pupil counts."""

from __future__ import annotations

import math
from datetime import date

import pytest

from evalkit import fmt
from evalkit.data.values import read_amount, read_date


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [(1234.56, "€ 1.234,56"), (313333, "€ 313.333"), (313333.0, "€ 313.333"), (200000, "€ 200.000"),
     (0, "€ 0"), (0.5, "€ 0,50"), (999, "€ 999"), (1000, "€ 1.000"), (1234567.8, "€ 1.234.567,80"),
     (-5000, "-€ 5.000"), (-1234.56, "-€ 1.234,56")],
)  # fmt: skip
def test_euro(waarde, verwacht):
    assert fmt.euro(waarde) == verwacht


def test_euro_centen_afdwingen():
    assert fmt.euro(313333, centen=True) == "€ 313.333,00"
    assert fmt.euro(1234.56, centen=False) == "€ 1.235"


@pytest.mark.parametrize("leeg", [None, math.nan])
def test_leeg_wordt_streepje(leeg):
    assert fmt.euro(leeg) == "–"
    assert fmt.number(leeg) == "–"
    assert fmt.percent(leeg) == "–"


@pytest.mark.parametrize(
    ("waarde", "decimalen", "verwacht"),
    [(1234.5, 1, "1.234,5"), (1234, 0, "1.234"), (3.64, 2, "3,64"), (12, 0, "12"),
     (-1234.5, 1, "-1.234,5"), (1234567, 0, "1.234.567"), (0.75, 2, "0,75")],
)  # fmt: skip
def test_getal(waarde, decimalen, verwacht):
    assert fmt.number(waarde, decimalen) == verwacht


@pytest.mark.parametrize(
    ("aandeel", "decimalen", "verwacht"),
    [(0.12, 0, "12%"), (0.75, 0, "75%"), (1.0, 0, "100%"), (0.0, 0, "0%"), (0.755, 1, "75,5%"),
     (0.05, 0, "5%"), (0.123, 1, "12,3%"), (1.5, 0, "150%")],
)  # fmt: skip
def test_procent(aandeel, decimalen, verwacht):
    assert fmt.percent(aandeel, decimalen) == verwacht


@pytest.mark.parametrize(
    ("d", "verwacht"),
    [(date(2023, 10, 1), "1 oktober 2023"), (date(2024, 1, 31), "31 januari 2024"),
     (date(2023, 3, 5), "5 maart 2023"), (date(2023, 12, 31), "31 december 2023")],
)  # fmt: skip
def test_datum(d, verwacht):
    assert fmt.date_text(d) == verwacht


def test_datum_leeg():
    assert fmt.date_text(None) == "–"


@pytest.mark.parametrize("d", [date(2023, m, 1) for m in range(1, 13)])
def test_datum_leest_terug(d):
    # A formatted date is itself an accepted input form.
    assert read_date(fmt.date_text(d)) == d


@pytest.mark.parametrize("bedrag", [1234.56, 313333, 200000, -5000, 0.5, 1234567.89])
def test_euro_leest_terug(bedrag):
    assert read_amount(fmt.euro(bedrag)) == bedrag


@pytest.mark.parametrize(
    ("n", "verwacht"),
    [(None, "–"), (0, "0"), (1, "<5"), (4, "<5"), (4.0, "<5"), (5, "5"), (1234, "1.234")],
)
def test_aantal_leerlingen_onderdrukt_kleine_aantallen(n, verwacht):
    assert fmt.pupil_count(n) == verwacht


def test_aantal_leerlingen_andere_drempel():
    assert fmt.pupil_count(9, drempel=10) == "<10"
    assert fmt.pupil_count(10, drempel=10) == "10"


def test_getal_rounds_half_up_like_a_report_reader_expects():
    assert fmt.number(2.5) == "3"
    assert fmt.number(77.45, 1) == "77,5"
    assert fmt.number(-0.4) == "0"


@pytest.mark.parametrize(
    ("aandeel", "verwacht"),
    [(0.0547, "5,5%"), (0.75, "75%"), (0.5, "50%"), (0.145, "14,5%"), (0.7142, "71,4%"),
     (0.055, "5,5%"), (None, "–"), (math.nan, "–")],
)  # fmt: skip
def test_percent_auto_one_rule_at_most_one_decimal(aandeel, verwacht):
    assert fmt.percent_auto(aandeel) == verwacht


def test_number_auto_and_value_text():
    assert [fmt.number_auto(w) for w in (12, 3.64, 2.0005, 1234.5)] == ["12", "3,64", "2,001",
                                                                        "1.234,5"]  # fmt: skip
    assert fmt.value_text(0.0547, "%") == "5,5%"
    assert fmt.value_text(120, "leerlingen") == "120 leerlingen"
    assert fmt.value_text(None, "dagen") == "–"
