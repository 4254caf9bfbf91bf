"""Plain wording of the OPR copy: singular and plural, activity statuses, warnings."""

import pytest

from evalkit.tools import review_wording as w


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 doelen"), (1, "1 doel"), (2, "2 doelen"), (1.5, "1,5 doelen")]
)
def test_plural(n, expected):
    assert w.plural(n, "doel", "doelen") == expected


@pytest.mark.parametrize(
    ("achieved", "assessed", "expected"),
    [
        (0, 7, "Van de 7 beoordeelde doelen is er geen behaald"),
        (1, 7, "Van de 7 beoordeelde doelen is er 1 behaald"),
        (2, 7, "Van de 7 beoordeelde doelen zijn er 2 behaald"),
        (5, 7, "Van de 7 beoordeelde doelen zijn er 5 behaald"),
        (1, 1, "Er is 1 doel beoordeeld; dat is behaald"),
        (0, 1, "Er is 1 doel beoordeeld; dat is niet behaald"),
        (0, 2, "Van de 2 beoordeelde doelen is er geen behaald"),
    ],
)
def test_achieved_sentence(achieved, assessed, expected):
    assert w.achieved_sentence(achieved, assessed) == expected


def test_status_counts_singular_and_plural():
    assert w.status_counts(["afgerond"]) == "1 is afgerond"
    assert w.status_counts(["loopt", "loopt"]) == "2 lopen nog"
    assert (
        w.status_counts(["afgerond", "afgerond", "loopt", "niet gestart", "vervallen", None])
        == "2 zijn afgerond, 1 loopt nog, 1 is niet begonnen, 1 is geschrapt en "
        "1 heeft nog geen stand"
    )


def test_activity_status_in_plain_words():
    assert [w.activity_status(s) for s in ("afgerond", "loopt", "niet gestart", "uitgesteld")] == [
        "afgerond",
        "loopt nog",
        "niet begonnen",
        "uitgesteld",
    ]
    assert w.activity_status("vervallen") == "geschrapt"
    assert w.activity_status(None) == "nog niets ingevuld"


def test_warnings_without_system_language():
    text = w.contradiction("behaald", "niet behaald")
    assert text.startswith("Het werkteam noemt dit doel behaald, maar de cijfers laten iets")
    assert "handmatig" not in text and "afgeleid" not in text
    one = w.plain_warning("Geen realisatie ingevuld in ronde M12 voor activiteit(en): A07.")
    assert one == "Voor 1 activiteit (A07) is in deze ronde nog niets ingevuld."
    two = w.plain_warning("Geen realisatie ingevuld in ronde M12 voor doel(en): D01, D02.")
    assert two == "Voor 2 doelen (D01, D02) is in deze ronde nog niets ingevuld."
    assert w.plain_warning("Norm 'x' is niet te berekenen.") == "Norm 'x' is niet te berekenen."
