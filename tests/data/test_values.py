"""Reading typed Dutch values: every form docs/dataformaat.md accepts, and rejections."""

from __future__ import annotations

from datetime import date

import pytest

from evalkit.data.values import (
    CellValueError,
    canonical_number,
    number_text,
    read_amount,
    read_date,
    read_list,
    read_number,
    read_share,
)


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("€ 200.000", 200000),
        ("€20.000,-", 20000),
        ("€ 20.000,--", 20000),
        ("48.333", 48333),
        ("1.234,56", 1234.56),
        ("1234.56", 1234.56),
        ("200000", 200000),
        ("EUR 40.000", 40000),
        ("€\u00a01.500", 1500),  # non-breaking space, as Excel writes it
        ("  € 313.333  ", 313333),
        ("-€ 5.000", -5000),  # how opmaak.euro writes a negative amount
        ("€ -5.000", -5000),
        ("0", 0),
        ("€ 1.234.567,89", 1234567.89),
    ],
)
def test_lees_bedrag_geaccepteerd(tekst, verwacht):
    assert read_amount(tekst) == verwacht


@pytest.mark.parametrize(
    "tekst", ["", "€", "twintigduizend", "€ 180.5OO", "1,234.56", "12 euro", "-€ -5", "€ 1.2.3"]
)
def test_lees_bedrag_afgewezen(tekst):
    with pytest.raises(CellValueError, match="is geen bedrag in euro"):
        read_amount(tekst)


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("12", 12),
        ("1.234", 1234),
        ("1.234,5", 1234.5),
        ("3,64", 3.64),
        ("48.333", 48333),
        ("12.345.678", 12345678),
        ("1234.56", 1234.56),
        ("1.5", 1.5),
        ("0.12", 0.12),
        ("-150", -150),
        ("-1.100", -1100),
        ("+7", 7),
        (" 42 ", 42),
    ],
)
def test_lees_getal_geaccepteerd(tekst, verwacht):
    assert read_number(tekst) == verwacht


@pytest.mark.parametrize("tekst", ["", "  ", "veel", "150 uur", "1,234.5", "1.23.4", "--3", "12%%"])
def test_lees_getal_afgewezen(tekst):
    with pytest.raises(CellValueError):
        read_number(tekst)


def test_drie_cijfers_na_punt_is_duizendtal_twee_is_decimaal():
    # The documented rule: a dot followed by exactly three digits separates thousands.
    assert read_number("1.150") == 1150
    assert read_number("1.15") == 1.15
    assert read_number("1.1500") == 1.15


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [("12%", 0.12), ("12 %", 0.12), ("0,12", 0.12), ("0.12", 0.12), ("75%", 0.75), ("100%", 1.0),
     ("0", 0.0), ("1", 1.0), ("7,5%", 0.075)],
)  # fmt: skip
def test_lees_aandeel_geaccepteerd(tekst, verwacht):
    assert read_share(tekst) == pytest.approx(verwacht, abs=1e-12)


@pytest.mark.parametrize("tekst", ["veel", "", "%", "twaalf procent"])
def test_lees_aandeel_geen_percentage(tekst):
    with pytest.raises(CellValueError, match="is geen percentage"):
        read_share(tekst)


@pytest.mark.parametrize("tekst", ["75", "150%", "-5%", "-0,1", "1,01"])
def test_lees_aandeel_buiten_0_en_1(tekst):
    with pytest.raises(CellValueError, match="geen aandeel tussen 0 en 1"):
        read_share(tekst)


@pytest.mark.parametrize(
    "tekst",
    ["1-10-2023", "01-10-2023", "2023-10-01", "1 oktober 2023", "1 Oktober 2023", "01/10/2023",
     "1.10.2023", " 1-10-2023 "],
)  # fmt: skip
def test_lees_datum_geaccepteerd(tekst):
    assert read_date(tekst) == date(2023, 10, 1)


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [("29-2-2024", date(2024, 2, 29)), ("31 december 2023", date(2023, 12, 31)),
     ("2023-1-5", date(2023, 1, 5)), ("15 mei 2024", date(2024, 5, 15))],
)  # fmt: skip
def test_lees_datum_overige(tekst, verwacht):
    assert read_date(tekst) == verwacht


@pytest.mark.parametrize(
    "tekst", ["okt 2023", "1 okt 2023", "oktober", "2023", "1-10-23", "", "morgen"]
)
def test_lees_datum_geen_datum(tekst):
    with pytest.raises(CellValueError, match="is geen datum"):
        read_date(tekst)


@pytest.mark.parametrize(
    "tekst", ["31-02-2023", "29-2-2023", "2023-13-01", "0-10-2023", "31 april 2024"]
)
def test_lees_datum_bestaat_niet(tekst):
    with pytest.raises(CellValueError, match="is geen bestaande datum"):
        read_date(tekst)


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [("D01, D02", ["D01", "D02"]), ("D01,D02", ["D01", "D02"]), ("D01", ["D01"]), ("", []),
     (" D01 ,, D03 ", ["D01", "D03"])],
)  # fmt: skip
def test_lees_lijst(tekst, verwacht):
    assert read_list(tekst) == verwacht


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [(200000.0, "200000"), (1234.56, "1234.56"), (1234.5, "1234.5"), (3.64, "3.64"),
     (0.12, "0.12"), (0.1 + 0.2, "0.3"), (-5000.0, "-5000"), (0.0, "0"), (12, "12")],
)  # fmt: skip
def test_canoniek_getal(waarde, verwacht):
    assert canonical_number(waarde) == verwacht


@pytest.mark.parametrize(
    "tekst", ["€ 200.000", "€20.000,-", "48.333", "1.234,56", "1234.56", "200000", "-€ 5.000"]
)
def test_canoniek_bedrag_leest_terug_als_zelfde_bedrag(tekst):
    # What evalkit writes must read back to the same value (round trip of the import).
    bedrag = read_amount(tekst)
    assert read_amount(canonical_number(bedrag)) == bedrag


def test_foutmelding_noemt_de_invoer_en_voorbeelden():
    with pytest.raises(CellValueError) as info:
        read_amount("twintigduizend")
    assert str(info.value) == (
        "'twintigduizend' is geen bedrag in euro (voorbeelden: € 200.000, €20.000,-, 1.234,56)"
    )


@pytest.mark.parametrize("waarde", [0.125, 1.125, 12.5, 999.999, -1.125, 1234.567, 0.05])
def test_canonical_number_reads_back_to_the_same_value(waarde):
    assert read_number(canonical_number(waarde)) == pytest.approx(waarde)


def test_leading_zero_dot_is_a_decimal_not_thousands():
    assert read_number("0.125") == 0.125


def test_getal_accepts_a_percentage_as_share():
    assert read_number("18%") == 0.18
    assert read_number("5,47 %") == pytest.approx(0.0547)
    with pytest.raises(CellValueError):
        read_number("%")


@pytest.mark.parametrize(
    ("waarde", "tekst"),
    [(-1234567.0, "-1.234.567"), (-1.5, "-1,5"), (0.25, "0,25"), (1000.0, "1.000"), (3.0, "3")],
)
def test_getal_tekst_is_nederlands_zonder_overbodige_decimalen(waarde, tekst):
    assert number_text(waarde) == tekst
