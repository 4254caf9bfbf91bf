"""Unit tests of the suppression of small pupil counts (evalkit.privacy)."""

import pytest

from evalkit.privacy import SECUNDAIR, is_klein, onderdruk_aantal, onderdruk_groep


@pytest.mark.parametrize(
    ("n", "tekst"),
    [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (1234, "1.234"), (None, "–"), (float("nan"), "–")],
)
def test_onderdruk_aantal(n, tekst):
    assert onderdruk_aantal(n) == tekst


def test_onderdruk_aantal_met_andere_drempel():
    assert onderdruk_aantal(9, drempel=10) == "<10"
    assert onderdruk_aantal(10, drempel=10) == "10"


def test_is_klein():
    assert [is_klein(n) for n in (0, 1, 4, 5, None)] == [False, True, True, False, False]


def test_groep_zonder_kleine_cellen_blijft_zichtbaar():
    uit = onderdruk_groep({"po": 12, "vo": 30}, 42)
    assert uit == {"po": "12", "vo": "30", "totaal": "42"}


def test_een_kleine_cel_met_zichtbaar_totaal_verbergt_ook_de_volgende_kleinste():
    # Without secondary suppression 3 = 50 - 20 - 27 could be computed.
    uit = onderdruk_groep({"a": 3, "b": 27, "c": 20}, 50)
    assert uit == {"a": "<5", "b": "27", "c": SECUNDAIR, "totaal": "50"}


def test_secundaire_onderdrukking_slaat_nullen_over_en_kiest_bij_gelijkspel_de_eerste():
    uit = onderdruk_groep({"a": 0, "b": 2, "c": 9, "d": 9}, 20)
    assert uit == {"a": "0", "b": "<5", "c": SECUNDAIR, "d": "9", "totaal": "20"}


def test_twee_kleine_cellen_geen_secundaire_onderdrukking():
    uit = onderdruk_groep({"a": 2, "b": 3, "c": 40}, 45)
    assert uit == {"a": "<5", "b": "<5", "c": "40", "totaal": "45"}


def test_zonder_totaal_geen_secundaire_onderdrukking():
    uit = onderdruk_groep({"a": 2, "b": 30}, None)
    assert uit == {"a": "<5", "b": "30", "totaal": "–"}


def test_klein_totaal_wordt_onderdrukt():
    uit = onderdruk_groep({"a": 1, "b": 2}, 3)
    assert uit == {"a": "<5", "b": "<5", "totaal": "<5"}


def test_onbekende_cel_maakt_terugrekenen_al_onmogelijk():
    uit = onderdruk_groep({"a": 2, "b": None, "c": 30}, 40)
    assert uit == {"a": "<5", "b": "–", "c": "30", "totaal": "40"}


def test_sleutel_totaal_is_gereserveerd():
    with pytest.raises(ValueError, match="gereserveerd"):
        onderdruk_groep({"totaal": 3}, 3)
