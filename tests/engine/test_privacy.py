"""Unit tests of the suppression of small pupil counts (evalkit.privacy)."""

import pytest

from evalkit.engine import privacy
from evalkit.engine.privacy import (
    SECONDARY,
    is_small,
    suppress_complementary,
    suppress_count,
    suppress_group,
)


@pytest.mark.parametrize(
    ("n", "tekst"),
    [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (1234, "1.234"), (None, "–"), (float("nan"), "–")],
)
def test_onderdruk_aantal(n, tekst):
    assert suppress_count(n) == tekst


def test_onderdruk_aantal_met_andere_drempel():
    assert suppress_count(9, drempel=10) == "<10"
    assert suppress_count(10, drempel=10) == "10"


def test_is_klein():
    assert [is_small(n) for n in (0, 1, 4, 5, None)] == [False, True, True, False, False]


def test_groep_zonder_kleine_cellen_blijft_zichtbaar():
    uit = suppress_group({"po": 12, "vo": 30}, 42)
    assert uit == {"po": "12", "vo": "30", "totaal": "42"}


def test_een_kleine_cel_met_zichtbaar_totaal_verbergt_ook_de_volgende_kleinste():
    # Without secondary suppression 3 = 50 - 20 - 27 could be computed.
    uit = suppress_group({"a": 3, "b": 27, "c": 20}, 50)
    assert uit == {"a": "<5", "b": "27", "c": SECONDARY, "totaal": "50"}


def test_secundaire_onderdrukking_slaat_nullen_over_en_kiest_bij_gelijkspel_de_eerste():
    uit = suppress_group({"a": 0, "b": 2, "c": 9, "d": 9}, 20)
    assert uit == {"a": "0", "b": "<5", "c": SECONDARY, "d": "9", "totaal": "20"}


def test_twee_kleine_cellen_geen_secundaire_onderdrukking():
    uit = suppress_group({"a": 2, "b": 3, "c": 40}, 45)
    assert uit == {"a": "<5", "b": "<5", "c": "40", "totaal": "45"}


def test_zonder_totaal_geen_secundaire_onderdrukking():
    uit = suppress_group({"a": 2, "b": 30}, None)
    assert uit == {"a": "<5", "b": "30", "totaal": "–"}


def test_klein_totaal_wordt_onderdrukt():
    uit = suppress_group({"a": 1, "b": 2}, 3)
    assert uit == {"a": "<5", "b": "<5", "totaal": "<5"}


def test_onbekende_cel_maakt_terugrekenen_al_onmogelijk():
    uit = suppress_group({"a": 2, "b": None, "c": 30}, 40)
    assert uit == {"a": "<5", "b": "–", "c": "30", "totaal": "40"}


def test_sleutel_totaal_is_gereserveerd():
    with pytest.raises(ValueError, match="gereserveerd"):
        suppress_group({"totaal": 3}, 3)


@pytest.mark.parametrize(
    ("eenheid", "uit"),
    [
        ("leerlingen", True),
        (" Leerlingen ", True),
        ("leerling", True),
        ("LEERLING", True),
        ("aantal leerlingen", True),
        ("Aantal  Leerling", True),
        ("%", False),
        ("% leerlingen", False),
        ("leerlingen per klas", False),
        ("aantal", False),
        ("", False),
        (None, False),
    ],
)
def test_is_leerlingen(eenheid, uit):
    assert privacy.is_leerlingen(eenheid) is uit


def test_heeft_klein_aantal():
    assert privacy.has_small_count("leerlingen", 20, 3)
    assert not privacy.has_small_count("leerlingen", 20, 0, None)
    assert not privacy.has_small_count("%", 3)


# --- ratio norms ------------------------------------------------------------------------------


def test_ratio_weergave_kleine_teller_verbergt_het_aandeel():
    # Almere: 3 of 1480; 0,2% of the shown 1.480 would give the 3 back.
    r = privacy.ratio_display(3, 1480, 3 / 1480)
    assert (r.teller, r.noemer, r.aandeel, r.verborgen) == ("<5", "1.480", SECONDARY, True)


def test_ratio_weergave_kleine_rest_verbergt_de_teller():
    # 398 of 400: the 2 pupils who did not shift would follow from teller and noemer.
    r = privacy.ratio_display(398, 400, 398 / 400)
    assert (r.teller, r.noemer, r.aandeel, r.verborgen) == (SECONDARY, "400", SECONDARY, True)


def test_ratio_weergave_grote_aantallen_en_onbekend():
    r = privacy.ratio_display(30, 400, 30 / 400)
    assert (r.teller, r.noemer, r.aandeel, r.verborgen) == ("30", "400", "7,5%", False)
    r = privacy.ratio_display(None, 400, None)
    assert (r.teller, r.noemer, r.aandeel, r.verborgen) == ("–", "400", "–", False)
    r = privacy.ratio_display(0, 400, 0.0)
    assert (r.teller, r.aandeel) == ("0", "0,0%")


def test_ratio_weergave_kleine_noemer():
    r = privacy.ratio_display(2, 3, 2 / 3)
    assert (r.teller, r.noemer, r.aandeel) == ("<5", "<5", SECONDARY)
    # A teller larger than the noemer is no group: both are suppressed on their own.
    r = privacy.ratio_display(7, 3, 7 / 3)
    assert (r.teller, r.noemer, r.aandeel) == ("7", "<5", SECONDARY)


def test_meting_teksten_groepeert_de_tellingen_van_een_norm():
    uit = privacy.measurement_texts(
        {"t": 398, "n": 400, "los": 3, "procent": 0.4}, leerlingen={"los", "t", "n"},
        ratios=[("t", "n")],
    )  # fmt: skip
    assert uit == {"t": SECONDARY, "n": "400", "los": "<5"}


def test_indicator_teksten_verbergen_de_verandering():
    indicatoren = [
        {"id": "a", "is_leerlingen": True, "nulmeting": 12, "vorige_waarde": 12, "waarde": 3},
        {"id": "b", "is_leerlingen": False, "nulmeting": None, "vorige_waarde": 1, "waarde": 2},
    ]
    uit = privacy.indicator_texts(indicatoren, [])
    assert uit == {"a": {"nulmeting": "12", "vorige": "12", "waarde": "<5", "verandering": "×"}}
    # Without a previous value there is no change to hide.
    indicatoren[0]["vorige_waarde"] = None
    assert privacy.indicator_texts(indicatoren, [])["a"]["verandering"] == ""


def test_indicator_teksten_onderdrukken_ook_de_nulmeting_van_een_norm():
    indicatoren = [
        {"id": "t", "is_leerlingen": True, "nulmeting": 97, "vorige_waarde": None, "waarde": 50},
        {"id": "n", "is_leerlingen": True, "nulmeting": 100, "vorige_waarde": None, "waarde": 400},
    ]
    normen = [{"teller_indicator": "t", "noemer_indicator": "n"}]
    uit = privacy.indicator_texts(indicatoren, normen)
    assert (uit["t"]["nulmeting"], uit["n"]["nulmeting"]) == (SECONDARY, "100")
    assert (uit["t"]["waarde"], uit["n"]["waarde"]) == ("50", "400")


def test_complementair_verbergt_bij_een_klein_deel_ook_het_kleinste_andere_deel():
    # The example: total 41, PO 38, VO 3 would reveal VO = 41 - 38.
    assert suppress_complementary(41, {"po": 38, "vo": 3}) == (False, {"po": True, "vo": True})


def test_complementair_kiest_het_kleinste_andere_deel_niet_nul_en_bij_gelijkspel_het_eerste():
    verborgen, delen = suppress_complementary(50, {"a": 0, "b": 3, "c": 20, "d": 20, "e": 7})
    assert verborgen is False
    assert delen == {"a": False, "b": True, "c": False, "d": False, "e": True}
    _, delen = suppress_complementary(40, {"a": 9, "b": 2, "c": 9, "d": 20})
    assert delen == {"a": True, "b": True, "c": False, "d": False}


def test_complementair_klein_totaal_verbergt_alles():
    assert suppress_complementary(4, {"po": 4, "vo": 0}) == (True, {"po": True, "vo": True})
    assert suppress_complementary(3, {}) == (True, {})


def test_complementair_twee_kleine_delen_volstaan_zonder_extra():
    # Total minus the shown part gives only the sum of the two hidden parts.
    assert suppress_complementary(30, {"a": 2, "b": 3, "c": 25}) == (
        False,
        {"a": True, "b": True, "c": False},
    )


def test_complementair_zonder_kleine_delen_verbergt_niets():
    assert suppress_complementary(42, {"po": 12, "vo": 30}) == (False, {"po": False, "vo": False})
    assert suppress_complementary(0, {"po": 0, "vo": 0}) == (False, {"po": False, "vo": False})


def test_complementair_met_onbekend_deel_of_totaal():
    # An unknown part: the small part cannot be found by subtraction, nothing more is hidden.
    assert suppress_complementary(41, {"po": None, "vo": 3, "so": 30}) == (
        False,
        {"po": False, "vo": True, "so": False},
    )
    # An unknown total: nothing to subtract from.
    assert suppress_complementary(None, {"po": 38, "vo": 3}) == (False, {"po": False, "vo": True})


def test_complementair_geen_verborgen_deel_is_af_te_leiden():
    """Brute force: with the total shown, no hidden part equals total minus the shown parts."""
    import itertools

    for delen in itertools.product((0, 1, 3, 4, 5, 8, 30), repeat=3):
        totaal = sum(delen)
        t_weg, weg = suppress_complementary(totaal, dict(zip("abc", delen, strict=True)))
        verborgen = [k for k, w in weg.items() if w]
        if t_weg or not verborgen:
            continue
        assert len(verborgen) >= 2 or all(
            dict(zip("abc", delen, strict=True))[k] == 0 for k in verborgen
        ), (delen, weg)
