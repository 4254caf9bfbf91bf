"""Tests of indicators that are parts of a total (evalkit.engine.relations and privacy)."""

from datetime import date

from evalkit.data.model import Indicator, Meting
from evalkit.engine import privacy
from evalkit.engine.relations import part_warnings, parts_of

PEIL = date(2024, 10, 1)


def _ind(id_, deel_van=None):
    return Indicator(id=id_, naam=id_, eenheid="leerlingen", bron="b", deel_van=deel_van)


INDICATOREN = [_ind("sbo_so"), _ind("sbo", "sbo_so"), _ind("so", "sbo_so")]


def test_parts_of():
    assert parts_of((i.id, i.deel_van) for i in INDICATOREN) == {"sbo_so": ["sbo", "so"]}


def test_complete_parts_must_add_up_to_the_total():
    # the real report: SBO 301 + SO 478 = 777, which is 779
    metingen = [Meting("sbo_so", PEIL, 777), Meting("sbo", PEIL, 301), Meting("so", PEIL, 478)]
    (w,) = part_warnings(INDICATOREN, metingen, "M12")
    assert w == (
        "Indicatoren sbo + so tellen samen op tot 779, meer dan het totaal sbo_so (777) "
        "(ronde M12, peildatum 1 oktober 2024)."
    )
    minder = [Meting("sbo_so", PEIL, 790), *metingen[1:]]
    (w,) = part_warnings(INDICATOREN, minder, "M12")
    assert "tellen samen op tot 779, maar het totaal sbo_so is 790" in w
    goed = [Meting("sbo_so", PEIL, 779), *metingen[1:]]
    assert part_warnings(INDICATOREN, goed, "M12") == []


def test_known_parts_may_not_exceed_the_total():
    metingen = [Meting("sbo_so", PEIL, 300), Meting("sbo", PEIL, 301)]
    (w,) = part_warnings(INDICATOREN, metingen, "M12")
    assert "meer dan het totaal sbo_so (300)" in w
    # an incomplete set of parts below the total is fine
    assert part_warnings(INDICATOREN, [Meting("sbo_so", PEIL, 400), metingen[1]], "M12") == []


def test_a_total_and_its_parts_cannot_reveal_a_suppressed_count():
    rijen = [
        {"id": "sbo_so", "is_leerlingen": True, "waarde": 50},
        {"id": "sbo", "is_leerlingen": True, "waarde": 3, "deel_van": "sbo_so"},
        {"id": "so", "is_leerlingen": True, "waarde": 47, "deel_van": "sbo_so"},
    ]
    teksten = privacy.indicator_texts(rijen, [])
    assert teksten["sbo"]["waarde"] == "<5"
    # so = 47 would give sbo = 50 - 47: it is hidden as well
    assert privacy.is_hidden(teksten["so"]["waarde"])
    assert teksten["sbo_so"]["waarde"] == "50"
