"""Unit tests of the evaluation rules in evalkit.regels."""

from dataclasses import replace
from datetime import date

import pytest

from evalkit.data.model import Activiteit, Doel, DoelRealisatie, Indicator
from evalkit.engine.rules import (
    aandeel_behaald,
    binnen_uren,
    derived_deadline,
    goal_status,
    meets_streefwaarde,
    norm_met,
    overschrijding,
    percent_short,
    ratio_norm,
    smart_check,
    value_text,
    verandering,
)

PEIL = date(2023, 10, 1)


def numeriek(richting="hoger", nulmeting=10.0, streefwaarde=20.0, eenheid="leerlingen"):
    return Doel(
        id="D01",
        thema="T1",
        tekst="Doel",
        soort="numeriek",
        bron="b",
        eenheid=eenheid,
        nulmeting=nulmeting,
        streefwaarde=streefwaarde,
        richting=richting,
    )


def mijlpaal(deadline=date(2023, 10, 1)):
    return Doel(
        id="D02", thema="T1", tekst="Mijlpaal", soort="mijlpaal", bron="b", deadline=deadline
    )


KWALITATIEF = Doel(id="D03", thema="T1", tekst="Kwalitatief", soort="kwalitatief", bron="b")


def real(waarde=None, gereed=None, status=None, doel="D01"):
    return DoelRealisatie(doel=doel, waarde=waarde, datum_gereed=gereed, status=status)


# --- doelstatus: numeriek ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("richting", "nul", "streef", "waarde", "verwacht"),
    [
        ("hoger", 10, 20, 20, "behaald"),  # exactly at target
        ("hoger", 10, 20, 25, "behaald"),
        ("hoger", 10, 20, 19, "deels behaald"),  # moved towards target
        ("hoger", 10, 20, 10, "niet behaald"),  # unchanged
        ("hoger", 10, 20, 8, "niet behaald"),  # moved away
        ("lager", 30, 20, 20, "behaald"),  # exactly at target
        ("lager", 30, 20, 25, "deels behaald"),
        ("lager", 30, 20, 31, "niet behaald"),
        ("gelijk", 90, 100, 100, "behaald"),
        ("gelijk", 90, 100, 95, "deels behaald"),  # closer to target
        ("gelijk", 90, 100, 110, "niet behaald"),  # further away
        ("gelijk", 90, 100, 105, "deels behaald"),  # overshoot but closer than the baseline
    ],
)
def test_numeriek_tegen_streefwaarde(richting, nul, streef, waarde, verwacht):
    uit = goal_status(numeriek(richting, nul, streef), real(waarde), PEIL)
    assert (uit.status, uit.afgeleid_status, uit.bron) == (verwacht, verwacht, "afgeleid")
    assert uit.waarschuwing is None


def test_numeriek_met_decimalen_precies_op_streefwaarde():
    # 0.1 + 0.2 is not exactly 0.3 in floating point; the rule must still see "at target".
    uit = goal_status(numeriek("hoger", 0.1, 0.3, "%"), real(0.1 + 0.2), PEIL)
    assert uit.status == "behaald"


def test_numeriek_zonder_nulmeting_en_niet_gehaald_is_niet_behaald():
    uit = goal_status(numeriek("hoger", None, 20), real(15), PEIL)
    assert uit.status == "niet behaald"
    assert "geen nulmeting" in uit.uitleg


def test_numeriek_zonder_waarde_is_nog_niet_te_beoordelen():
    uit = goal_status(numeriek(), real(None), PEIL)
    assert (uit.status, uit.bron) == ("nog niet te beoordelen", "geen")
    assert uit.uitleg == "geen waarde gemeten"
    # No realisation row at all gives the same outcome.
    assert goal_status(numeriek(), None, PEIL).status == "nog niet te beoordelen"


@pytest.mark.parametrize(
    ("richting", "waarde", "verwacht"),
    [
        ("hoger", 11, "behaald"),
        ("hoger", 10, "niet behaald"),
        ("lager", 9, "behaald"),
        ("lager", 11, "niet behaald"),
        ("gelijk", 10, "behaald"),
        ("gelijk", 11, "niet behaald"),
    ],
)
def test_numeriek_zonder_streefwaarde_beoordeelt_de_richting(richting, waarde, verwacht):
    # only where the plan's norms allow a judgement on direction alone
    uit = goal_status(numeriek(richting, 10, None), real(waarde), PEIL, op_richting=True)
    assert uit.status == verwacht
    assert uit.uitleg.startswith("geen streefwaarde")
    assert uit.op_richting is True


def test_numeriek_zonder_streefwaarde_is_standaard_nog_niet_te_beoordelen():
    uit = goal_status(numeriek("lager", 10, None), real(9), PEIL)
    assert (uit.status, uit.bron, uit.op_richting) == ("nog niet te beoordelen", "geen", False)
    assert "geen streefwaarde" in uit.uitleg
    # a manual status fills the gap without a warning and contradicts nothing
    uit = goal_status(numeriek("lager", 10, None), real(9, status="behaald"), PEIL)
    assert (uit.status, uit.bron, uit.waarschuwing, uit.tegen_cijfers) == (
        "behaald",
        "handmatig",
        None,
        False,
    )


def test_handmatig_beter_dan_de_cijfers_is_tegen_de_cijfers_in():
    # 43 against a target of at most 40, rising from 24: derived 'niet behaald'
    doel = numeriek("lager", 24, 40)
    uit = goal_status(doel, real(43, status="behaald"), PEIL)
    assert (uit.status, uit.afgeleid_status, uit.tegen_cijfers) == (
        "behaald",
        "niet behaald",
        True,
    )
    # a manual status worse than the data still warns, but is no contradiction
    uit = goal_status(doel, real(39, status="deels behaald"), PEIL)
    assert uit.waarschuwing and uit.tegen_cijfers is False


def test_deadline_verstreken_en_nog_niet_te_beoordelen_wordt_gemeld():
    # a numeric goal without a value whose deadline is the peildatum
    doel = replace(numeriek("hoger", 10, 20), deadline=PEIL)
    uit = goal_status(doel, real(), PEIL)
    assert (uit.status, uit.deadline_verstreken) == ("nog niet te beoordelen", True)
    assert "deadline" in uit.waarschuwing and "verstreken" in uit.waarschuwing
    # before the deadline nothing is flagged
    later = replace(doel, deadline=date(2099, 1, 1))
    assert goal_status(later, real(), PEIL).deadline_verstreken is False


def test_numeriek_zonder_streefwaarde_en_nulmeting_is_niet_af_te_leiden():
    uit = goal_status(numeriek("hoger", None, None), real(5), PEIL)
    assert (uit.status, uit.bron) == ("nog niet te beoordelen", "geen")


def test_numeriek_zonder_richting_is_niet_af_te_leiden():
    uit = goal_status(numeriek(None, 10, 20), real(25), PEIL)
    assert uit.status == "nog niet te beoordelen"
    assert "richting" in uit.uitleg


def test_uitleg_noemt_waarde_en_streefwaarde_in_nederlandse_opmaak():
    uit = goal_status(numeriek("lager", 1500, 1234.5, "euro"), real(1300), PEIL)
    assert uit.uitleg == (
        "waarde 1.300 euro haalt de streefwaarde (ten hoogste 1.234,5 euro) niet, maar is "
        "vooruitgegaan ten opzichte van de nulmeting (1.500 euro)"
    )


# --- doelstatus: mijlpaal ----------------------------------------------------------------------


def test_mijlpaal_gereed_precies_op_de_deadline_is_behaald():
    uit = goal_status(mijlpaal(date(2023, 9, 1)), real(gereed=date(2023, 9, 1)), PEIL)
    assert (uit.status, uit.bron) == ("behaald", "afgeleid")


def test_mijlpaal_gereed_na_de_deadline_is_deels_behaald():
    uit = goal_status(mijlpaal(date(2023, 9, 1)), real(gereed=date(2023, 9, 2)), PEIL)
    assert uit.status == "deels behaald"
    assert uit.uitleg == "gereed op 2 september 2023, maar na de deadline (1 september 2023)"


def test_mijlpaal_gereed_zonder_deadline_is_behaald():
    assert goal_status(mijlpaal(None), real(gereed=date(2023, 5, 1)), PEIL).status == "behaald"


def test_mijlpaal_niet_gereed_na_de_deadline_is_niet_behaald():
    uit = goal_status(mijlpaal(date(2023, 9, 30)), real(), PEIL)
    assert uit.status == "niet behaald"


def test_mijlpaal_niet_gereed_op_de_deadline_zelf_is_niet_behaald():
    # peildatum == deadline: a deadline on or before the peildatum has passed.
    uit = goal_status(mijlpaal(PEIL), real(), PEIL)
    assert (uit.status, uit.bron) == ("niet behaald", "afgeleid")


def test_mijlpaal_niet_gereed_zonder_deadline_is_nog_niet_te_beoordelen():
    uit = goal_status(mijlpaal(None), None, PEIL)
    assert (uit.status, uit.bron) == ("nog niet te beoordelen", "geen")


# --- doelstatus: kwalitatief and manual statuses ----------------------------------------------


def test_kwalitatief_neemt_de_handmatige_status():
    uit = goal_status(KWALITATIEF, real(status="deels behaald", doel="D03"), PEIL)
    assert (uit.status, uit.afgeleid_status, uit.bron) == ("deels behaald", None, "handmatig")
    assert uit.waarschuwing is None


def test_kwalitatief_zonder_status_is_nog_niet_te_beoordelen():
    uit = goal_status(KWALITATIEF, None, PEIL)
    assert (uit.status, uit.bron) == ("nog niet te beoordelen", "geen")


def test_handmatig_vervallen_wint_zonder_waarschuwing():
    uit = goal_status(numeriek(), real(25, status="vervallen"), PEIL)
    assert (uit.status, uit.afgeleid_status, uit.bron) == ("vervallen", "behaald", "handmatig")
    assert uit.waarschuwing is None


def test_handmatige_status_die_afwijkt_blijft_staan_met_waarschuwing():
    uit = goal_status(numeriek(), real(8, status="behaald"), PEIL)
    assert (uit.status, uit.afgeleid_status, uit.bron) == ("behaald", "niet behaald", "handmatig")
    assert uit.waarschuwing.startswith(
        "Doel D01: de handmatige status 'behaald' wijkt af van de afgeleide status 'niet behaald'"
    )
    assert uit.waarschuwing.endswith("De handmatige status is aangehouden.")


def test_handmatige_status_bij_mijlpaal_zonder_datum_geeft_waarschuwing():
    uit = goal_status(mijlpaal(date(2023, 9, 1)), real(status="behaald", doel="D02"), PEIL)
    assert (uit.status, uit.afgeleid_status) == ("behaald", "niet behaald")
    assert uit.waarschuwing is not None


def test_handmatige_status_vult_aan_waar_de_data_niet_beslist():
    # No target and no baseline: the rule cannot decide, so the manual status is no conflict.
    uit = goal_status(numeriek("lager", None, None), real(27, status="behaald"), PEIL)
    assert (uit.status, uit.afgeleid_status, uit.bron) == (
        "behaald",
        "nog niet te beoordelen",
        "handmatig",
    )
    assert uit.waarschuwing is None
    assert uit.uitleg.startswith("status handmatig vastgesteld; niet af te leiden: waarde 27")
    zonder_waarde = goal_status(numeriek(), real(None, status="niet behaald"), PEIL)
    assert (zonder_waarde.status, zonder_waarde.waarschuwing) == ("niet behaald", None)


def test_handmatige_status_gelijk_aan_afgeleide_geeft_geen_waarschuwing():
    uit = goal_status(numeriek(), real(20, status="behaald"), PEIL)
    assert (uit.status, uit.bron, uit.waarschuwing) == ("behaald", "afgeleid", None)


# --- aandeel_behaald and norms ----------------------------------------------------------------

STATUSSEN = [
    "behaald",
    "behaald",
    "deels behaald",
    "niet behaald",
    "nog niet te beoordelen",
    "vervallen",
    "vervallen",
]


@pytest.mark.parametrize(
    ("deels", "teller", "aandeel"), [(0, 2, 0.5), (0.5, 2.5, 0.625), (1, 3, 0.75)]
)
def test_aandeel_behaald_weegt_deels_behaald(deels, teller, aandeel):
    uit = aandeel_behaald(STATUSSEN, deels)
    assert (uit.teller, uit.noemer, uit.aandeel) == (teller, 4, aandeel)
    assert uit.aantallen == {
        "behaald": 2,
        "deels behaald": 1,
        "niet behaald": 1,
        "nog niet te beoordelen": 1,
        "vervallen": 2,
    }


def test_aandeel_definitie_zegt_wat_meetelt():
    d = aandeel_behaald(STATUSSEN, 0.5).definitie
    assert "'deels behaald' telt voor 0,5 mee" in d
    assert "2,5 van 4 doelen" in d
    assert "Niet meegeteld: 2 vervallen en 1 nog niet te beoordelen." in d
    assert "'deels behaald' telt niet mee" in aandeel_behaald(STATUSSEN, 0).definitie
    assert "'deels behaald' telt volledig mee" in aandeel_behaald(STATUSSEN, 1).definitie


def test_aandeel_zonder_beoordeelde_doelen_is_none():
    uit = aandeel_behaald(["vervallen", "nog niet te beoordelen"], 0)
    assert (uit.teller, uit.noemer, uit.aandeel) == (0, 0, None)


def test_aandeel_weigert_onbekende_status():
    with pytest.raises(ValueError, match="onbekende doelstatus"):
        aandeel_behaald(["gehaald"], 0)


def test_norm_gehaald():
    assert norm_met(0.75, 0.75) is True  # exactly at the norm
    assert norm_met(3 / 4, 0.75) is True
    assert norm_met(0.7499, 0.75) is False
    assert norm_met(None, 0.75) is None


# --- budget, hours, ratio ----------------------------------------------------------------------


def test_overschrijding():
    assert overschrijding(1000, 1000) == (0, 0)  # spend == budget is within budget
    assert overschrijding(1000, 800) == (0, 0)
    assert overschrijding(20000, 25000) == (5000, 0.25)
    assert overschrijding(0, 500) == (500, None)  # no fraction of a zero budget
    assert overschrijding(None, 500) == (None, None)
    assert overschrijding(1000, None) == (None, None)


def test_overschrijding_rondt_af_op_centen():
    euro, _ = overschrijding(0.1, 0.3)
    assert euro == 0.2


def test_binnen_uren():
    assert binnen_uren(100, 100) is True
    assert binnen_uren(100, 100.5) is False
    assert binnen_uren(100, None) is None
    assert binnen_uren(None, 10) is None


def test_ratio_norm():
    assert ratio_norm(11, 200, 0.05) == (0.055, True)
    assert ratio_norm(10, 200, 0.05) == (0.05, True)  # exactly at the minimum
    assert ratio_norm(9, 200, 0.05) == (0.045, False)
    assert ratio_norm(5, 0, 0.05) == (None, None)
    assert ratio_norm(None, 200, 0.05) == (None, None)


def test_haalt_streefwaarde():
    assert meets_streefwaarde(0, 0, "lager") is True
    assert meets_streefwaarde(3, 0, "lager") is False
    assert meets_streefwaarde(3, None, "lager") is None
    assert meets_streefwaarde(None, 0, "lager") is None


def test_verandering():
    assert verandering(200, 205) == (-5, -5 / 205)
    assert verandering(5, 0) == (5, None)
    assert verandering(-2, -4) == (2, 0.5)  # relative to |vorig|
    assert verandering(None, 3) == (None, None)


# --- SMART ---------------------------------------------------------------------------------------


def _act(wie, doelen=("D09",)):
    return Activiteit(id="A1", thema="T1", omschrijving="x", bron="b", doelen=doelen, wie=wie)


def test_smart_volledig():
    doel = Doel(
        id="D09",
        thema="T1",
        tekst="x",
        soort="numeriek",
        bron="b",
        indicator="Aantal",
        streefwaarde=5,
        richting="hoger",
        deadline=date(2023, 12, 31),
        eigenaar="Jan",
    )
    assert smart_check(doel, [], []) == {
        "indicator": True,
        "meetbaar": True,
        "deadline": True,
        "eigenaar": True,
        "volledig": True,
    }


def test_smart_eigenaar_en_indicator_via_activiteit_en_definitie():
    doel = Doel(
        id="D09", thema="T1", tekst="x", soort="mijlpaal", bron="b", deadline=date(2023, 12, 31)
    )
    ind = Indicator(id="i", naam="n", eenheid="leerlingen", bron="b", doel="D09")
    andere = Indicator(id="j", naam="n", eenheid="leerlingen", bron="b", doel="D10")
    assert smart_check(doel, [], [andere])["indicator"] is False
    uit = smart_check(doel, [_act("Team")], [andere, ind])
    assert uit == {
        "indicator": True,
        "meetbaar": True,
        "deadline": True,
        "eigenaar": True,
        "volledig": True,
    }
    assert smart_check(doel, [_act("  ")], [ind])["eigenaar"] is False


def test_smart_kwalitatief_is_nooit_meetbaar_en_numeriek_zonder_streefwaarde_ook_niet():
    kwal = Doel(
        id="D09", thema="T1", tekst="x", soort="kwalitatief", bron="b", deadline=date(2023, 12, 31)
    )
    assert smart_check(kwal, [], [])["meetbaar"] is False
    num = Doel(
        id="D09", thema="T1", tekst="x", soort="numeriek", bron="b", richting="lager", nulmeting=8
    )
    uit = smart_check(num, [], [])
    assert (uit["meetbaar"], uit["volledig"]) == (False, False)
    mijl = Doel(id="D09", thema="T1", tekst="x", soort="mijlpaal", bron="b")
    assert smart_check(mijl, [], [])["meetbaar"] is False


# --- formatting helpers --------------------------------------------------------------------------


def test_waarde_tekst():
    assert value_text(1234.5, "leerlingen") == "1.234,5 leerlingen"
    assert value_text(3.64) == "3,64"
    assert value_text(0.45, "%") == "45%"  # '%' values are shares (0.45 = 45%)
    assert value_text(None, "dagen") == "–"
    assert percent_short(0.055) == "5,5%"
    assert percent_short(0.05) == "5%"


def test_goal_without_realisation_row_is_not_judged_even_after_its_deadline():
    uit = goal_status(mijlpaal(date(2023, 10, 1)), None, date(2023, 12, 31))
    assert (uit.status, uit.bron, uit.uitleg) == (
        "nog niet te beoordelen",
        "geen",
        "geen realisatie ingevuld in deze ronde",
    )
    # An explicit row without completion date after the deadline is evidence: niet behaald.
    leeg = DoelRealisatie(doel="D1")
    assert goal_status(mijlpaal(date(2023, 10, 1)), leeg, date(2023, 12, 31)).status == (
        "niet behaald"
    )


def test_derived_deadline_from_wanneer_or_period_end():
    start, eind = date(2023, 8, 1), date(2024, 12, 31)
    assert derived_deadline(["2023-2024"], start, eind) == date(2024, 7, 31)
    assert derived_deadline(["januari 2024", None], start, eind) == date(2024, 12, 31)
    assert derived_deadline(["Q1-Q2"], start, eind) == eind
    assert derived_deadline([], start, eind) == eind
    assert derived_deadline(["2030"], start, eind) == eind  # never after the period
