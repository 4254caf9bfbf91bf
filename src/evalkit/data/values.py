"""Reading what people type (amounts, numbers, percentages, dates) into one canonical form."""

from __future__ import annotations

import math
import re
from datetime import date

from evalkit import fmt
from evalkit.data.limits import MAX_NUMBER, short
from evalkit.fmt import MONTHS


class CellValueError(ValueError):
    """A cell value cannot be read; the message (Dutch) says what was expected."""


class NumberTooLarge(CellValueError):
    """A number that is not finite or not smaller than 10^15 in absolute value."""


_NUMBER_NL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+(,\d+)?$")
_NUMBER_EN = re.compile(r"^[+-]?\d+\.\d+$|^[+-]?\d+$")


def read_number(tekst: str) -> float:
    """Read a number as typed in Dutch or plain form: '1.234,5', '48.333', '3,64', '1234.56'."""
    s = str(tekst).strip().replace("\u00a0", "").replace(" ", "")
    if not s:
        raise CellValueError("leeg, een getal verwacht")
    if s.endswith("%") and len(s) > 1 and not s[:-1].endswith("%"):
        # '18%' is the share 0.18, the canonical form of percentages.
        return round(read_number(s[:-1]) / 100, 10)
    # A thousands group never follows a leading 0, so '0.125' is a decimal, '48.333' is not.
    plain_decimal = re.match(r"^[+-]?\d+\.\d{1,2}$|^[+-]?\d+\.\d{4,}$|^[+-]?0\.\d+$", s)
    if _NUMBER_NL.match(s) and not plain_decimal:
        return check_size(float(s.replace(".", "").replace(",", ".")), tekst)
    if _NUMBER_EN.match(s):
        return check_size(float(s), tekst)
    raise CellValueError(
        f"'{short(str(tekst), 80)}' is geen getal (voorbeelden: 12, 1.234,5, 3,64)"
    )


def check_size(waarde: float, tekst: object = None) -> float:
    """A number as it is, or CellValueError when it is not finite or 10^15 or more in size.

    Larger numbers have no meaning in this data and lose precision (or overflow) later on.
    """
    if abs(waarde) >= MAX_NUMBER or not math.isfinite(waarde):
        getoond = short(str(waarde if tekst is None else tekst))
        raise NumberTooLarge(
            f"'{getoond}' is te groot of geen eindig getal; verwacht een getal kleiner dan "
            "10^15 (1.000.000.000.000.000)"
        )
    return waarde


def read_amount(tekst: str) -> float:
    """Read a euro amount: '€ 200.000', '€20.000,-', '48.333', '1.234,56', 'EUR 40.000'.

    A minus sign may stand before or after the euro sign ('-€ 5.000' is how opmaak.euro
    writes a negative amount, '€ -5.000' is how people often type it).
    """
    s = str(tekst).strip()
    teken = ""
    if s.startswith(("-", "+")):
        teken, s = s[0], s[1:].strip()
    s = re.sub(r"^(€|EUR|eur|Eur)\s*", "", s)
    if teken and s.startswith(("-", "+")):
        s = "?"  # two signs: not an amount
    s = re.sub(r",-{1,2}$", "", s).strip()
    try:
        bedrag = read_number(teken + s)
    except NumberTooLarge:
        raise
    except CellValueError:
        raise CellValueError(
            f"'{tekst}' is geen bedrag in euro (voorbeelden: € 200.000, €20.000,-, 1.234,56)"
        ) from None
    return round(bedrag, 2)


def read_share(tekst: str) -> float:
    """Read a share: '12%' or '12 %' -> 0.12; '0,12' or '0.12' -> 0.12."""
    s = str(tekst).strip()
    try:
        waarde = round(read_number(s[:-1]) / 100, 10) if s.endswith("%") else read_number(s)
    except NumberTooLarge:
        raise
    except CellValueError:
        raise CellValueError(f"'{tekst}' is geen percentage (voorbeelden: 12%, 0,12)") from None
    if not 0 <= waarde <= 1:
        raise CellValueError(f"'{tekst}' is geen aandeel tussen 0 en 1 (schrijf 12% of 0,12)")
    return waarde


_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DATE_TEXT = re.compile(r"^(\d{1,2})\s+([a-z]+)\s+(\d{4})$")


def read_date(tekst: str) -> date:
    """Read a date: '2023-10-01', '1-10-2023', '01/10/2023', '1 oktober 2023'."""
    s = str(tekst).strip().lower()
    try:
        if m := _DATE_ISO.match(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DATE_NL.match(s):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if (m := _DATE_TEXT.match(s)) and m[2] in MONTHS:
            return date(int(m[3]), MONTHS[m[2]], int(m[1]))
    except ValueError:
        raise CellValueError(f"'{tekst}' is geen bestaande datum") from None
    raise CellValueError(
        f"'{tekst}' is geen datum (voorbeelden: 1-10-2023, 2023-10-01, 1 oktober 2023)"
    )


def read_list(tekst: str) -> list[str]:
    """Read a comma-separated list of ids: 'D01, D02' -> ['D01', 'D02']."""
    return [deel.strip() for deel in str(tekst).split(",") if deel.strip()]


def canonical_number(waarde: float) -> str:
    """Canonical text of a number: no thousands separator, '.' decimal, no trailing zeros."""
    if float(waarde).is_integer():
        return str(int(waarde))
    tekst = f"{waarde:.10f}".rstrip("0").rstrip(".")
    if re.match(r"^-?[1-9]\d{0,2}\.\d{3}$", tekst):
        # '1.125' would read back as 1125 (thousands separator): use the decimal comma.
        return tekst.replace(".", ",")
    return tekst


def number_text(waarde: float) -> str:
    """A number for a message, Dutch notation without needless decimals: -1234.5 -> '-1.234,5'."""
    tekst = fmt.number(waarde, 4)
    return tekst.rstrip("0").rstrip(",") if "," in tekst else tekst
