"""The glossary of the OPR copy: terms that occur, from the maintained jargon list, and the
warning about abbreviations the list cannot explain."""

import pytest

from evalkit.errors import OutputError
from evalkit.tools import review_glossary as g

FIXTURE = (
    "Minder aanvragen van arrangementen en TLV's (SBO en SO). Overleg in het MDO en "
    "het ZAT; het TOP dossier; S(B)O en BaO. Nieuw: de XYZ-procedure en 2 thuiszitters."
)


def test_the_shipped_list_explains_the_named_jargon():
    terms = {t.term for t in g.jargon()}
    for term in ("BaO", "SBO", "SO", "S(B)O", "VSO", "TLV", "OOGO", "BPO", "MDO", "HGW",
                 "TOP-dossier", "ZAT", "OPR", "PO", "VO", "SWV", "Arrangement", "Thuiszitter",
                 "Ondersteuningsniveau"):  # fmt: skip
        assert term in terms


def test_only_terms_that_occur_are_explained():
    used = [t.term for t in g.used_terms(FIXTURE, g.jargon())]
    assert used == sorted(used, key=str.casefold)
    for term in ("Arrangement", "BaO", "MDO", "S(B)O", "SBO", "SO", "Thuiszitter", "TLV",
                 "TOP-dossier", "ZAT"):  # fmt: skip
        assert term in used
    for term in ("VSO", "OOGO", "OPR", "PO", "VO"):  # not in the text ('SO' inside 'VSO' etc.)
        assert term not in used


def test_unknown_abbreviation_is_warned_about():
    assert g.unknown_abbreviations(FIXTURE, g.jargon()) == ("XYZ",)
    warning = g.unknown_warning(("XYZ",))
    assert "deze afkorting staat in het concept, maar niet in de woordenlijst: XYZ." in warning
    assert "jargon.yaml" in warning
    assert "deze afkortingen staan" in g.unknown_warning(("ABC", "XYZ"))
    assert g.unknown_warning(()) is None


def test_a_malformed_list_is_a_clear_error():
    with pytest.raises(OutputError, match="termen"):
        g.parse_jargon("- BaO\n")
    with pytest.raises(OutputError, match="uitleg"):
        g.parse_jargon("termen:\n  - term: BaO\n")
    terms = g.parse_jargon("termen:\n  - term: XYZ\n    uitleg: iets nieuws.\n")
    assert g.unknown_abbreviations(FIXTURE, terms) == (
        "BaO", "MDO", "S(B)O", "SBO", "SO", "TLV", "TOP", "ZAT")  # fmt: skip
