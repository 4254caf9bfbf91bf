"""Suppression of small pupil counts in published and OPR output (pure functions)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evalkit import fmt
from evalkit.engine.relations import parts_of

THRESHOLD = 5
SECONDARY = "×"  # shown for a cell hidden only so that a small cell cannot be derived
TOTAL = "totaal"
PUPILS = "leerlingen"


def _is_empty(n: float | None) -> bool:
    return n is None or (isinstance(n, float) and math.isnan(n))


# The words of a unit that mark a pupil count, after an optional leading 'aantal'.
_PUPIL_UNITS = ("leerling", PUPILS)


def is_leerlingen(eenheid: str | None) -> bool:
    """Whether a unit marks a pupil count.

    The rule: in any case and with any spacing, the unit is 'leerling' or 'leerlingen',
    optionally preceded by 'aantal' ('Leerlingen', ' leerling ', 'aantal leerlingen'). A
    unit with anything else ('% leerlingen', 'leerlingen per klas') is not a count.
    """
    woorden = (eenheid or "").lower().split()
    if woorden[:1] == ["aantal"]:
        woorden = woorden[1:]
    return len(woorden) == 1 and woorden[0] in _PUPIL_UNITS


def is_small(n: float | None, drempel: int = THRESHOLD) -> bool:
    """Whether a count must be suppressed: 1 up to drempel - 1 (0 and unknown are not)."""
    return not _is_empty(n) and 0 < n < drempel


def has_small_count(eenheid: str | None, *waarden: float | None) -> bool:
    """Whether a value counted in pupils (by its unit) is a count from 1 to DREMPEL - 1."""
    return is_leerlingen(eenheid) and any(is_small(w) for w in waarden)


def is_hidden(tekst: str, drempel: int = THRESHOLD) -> bool:
    """Whether a display text of this module hides a count ('<5' or the secondary mark)."""
    return tekst in (f"<{drempel}", SECONDARY)


def suppress_count(n: float | None, drempel: int = THRESHOLD) -> str:
    """Display text of one pupil count.

    Counts from 1 to drempel - 1 become '<5' (for drempel 5); 0 is shown as '0', because
    "nobody" identifies no one and hiding it would hide good news (e.g. zero thuiszitters);
    an unknown count shows as '–'; larger counts are formatted Dutch style ('1.234').
    """
    if _is_empty(n):
        return fmt.EMPTY
    if is_small(n, drempel):
        return f"<{drempel}"
    return fmt.number(n)


def suppress_group(
    aantallen: dict[str, float | None], totaal: float | None, drempel: int = THRESHOLD
) -> dict[str, str]:
    """Display texts of a group of pupil counts and its total, with secondary suppression.

    Returns one text per key of `aantallen` plus the total under the key 'totaal'. Primary:
    every count from 1 to drempel - 1 shows as '<5', the total included. Secondary: when the
    total is shown and exactly one cell is hidden (and no other cell is unknown), the smallest
    remaining non-zero cell is hidden too and shown as '×', so the small cell cannot be found
    by subtracting the shown cells from the total. Ties go to the first key. Zero cells are
    never chosen: hiding a zero does not protect the small cell.
    """
    if TOTAL in aantallen:
        raise ValueError(f"'{TOTAL}' is gereserveerd voor het totaal van de groep")
    teksten = {k: suppress_count(n, drempel) for k, n in aantallen.items()}
    teksten[TOTAL] = suppress_count(totaal, drempel)
    klein = [k for k, n in aantallen.items() if is_small(n, drempel)]
    onbekend = [k for k, n in aantallen.items() if _is_empty(n)]
    totaal_zichtbaar = not _is_empty(totaal) and not is_small(totaal, drempel)
    tweede = _smallest_other(aantallen, klein) if len(klein) == 1 and not onbekend else None
    if totaal_zichtbaar and tweede is not None:
        teksten[tweede] = SECONDARY
    return teksten


def _smallest_other(aantallen: Mapping[str, float | None], verborgen: list[str]) -> str | None:
    """The smallest non-zero count not in `verborgen` (ties: the first key); None if none."""
    kandidaten = [
        (n, i, k)
        for i, (k, n) in enumerate(aantallen.items())
        if k not in verborgen and n is not None and n > 0
    ]
    return min(kandidaten)[2] if kandidaten else None


def suppress_complementary(
    totaal: float | None, delen: Mapping[str, float | None], drempel: int = THRESHOLD
) -> tuple[bool, dict[str, bool]]:
    """Which of a total and its parts, shown in one table, must be hidden.

    Returns (total hidden, {part: hidden}). Primary: every count from 1 to drempel - 1 is
    hidden. When the total is hidden (small), every part is hidden too, since the parts
    would add up to it. Complementary: when the total is shown and parts are hidden, at
    least two parts must be hidden, so that no hidden count follows from the total minus the
    shown parts; the smallest other non-zero part is hidden as well (ties: the first key; a
    zero is never chosen, since hiding it protects nothing). When a part is unknown, nothing
    more is hidden: the hidden part cannot be derived by subtraction then. This is the rule of
    suppress_group, which gives the display texts of one such group.
    """
    totaal_klein = is_small(totaal, drempel)
    verborgen = {k: totaal_klein or is_small(n, drempel) for k, n in delen.items()}
    klein = [k for k, weg in verborgen.items() if weg]
    onbekend = any(_is_empty(n) for n in delen.values())
    tweede = _smallest_other(delen, klein) if len(klein) == 1 and not onbekend else None
    if not totaal_klein and not _is_empty(totaal) and tweede is not None:
        verborgen[tweede] = True
    return totaal_klein, verborgen


@dataclass(frozen=True)
class RatioDisplay:
    """Display texts of a ratio of pupil counts; verborgen: some count (so the share) is hidden."""

    teller: str
    noemer: str
    aandeel: str
    verborgen: bool


def ratio_display(
    teller: float | None,
    noemer: float | None,
    aandeel: float | None = None,
    drempel: int = THRESHOLD,
) -> RatioDisplay:
    """Display texts of a ratio norm's teller, noemer (pupil counts) and share.

    When the teller is part of the noemer (0 <= teller <= noemer), the two form a group
    (teller, noemer - teller) with total noemer, suppressed with onderdruk_groep: a small teller
    shows as '<5', and a small rest, which teller and noemer together would reveal, hides the
    teller as '×'. Otherwise teller and noemer are suppressed one by one. The share (one
    decimal, '0,2%') is replaced by '×' whenever any count of the group is hidden, because with
    the shown noemer it would reveal the hidden count; an unknown share shows as '–'.
    """
    if not _is_empty(teller) and not _is_empty(noemer) and 0 <= teller <= noemer:
        groep = suppress_group({"teller": teller, "rest": noemer - teller}, noemer, drempel)
        t, n = groep["teller"], groep[TOTAL]
        verborgen = any(is_hidden(tekst, drempel) for tekst in groep.values())
    else:
        t, n = suppress_count(teller, drempel), suppress_count(noemer, drempel)
        verborgen = is_hidden(t, drempel) or is_hidden(n, drempel)
    if verborgen:
        return RatioDisplay(t, n, SECONDARY, True)
    return RatioDisplay(t, n, fmt.EMPTY if _is_empty(aandeel) else fmt.percent(aandeel, 1), False)


def measurement_texts(
    waarden: Mapping[str, float | None],
    leerlingen: Iterable[str],
    ratios: Iterable[tuple[str, str]],
    drempel: int = THRESHOLD,
    groepen: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, str]:
    """Suppressed display texts of indicator values measured at one moment.

    waarden maps indicator id to value; leerlingen names the pupil-count indicators; ratios
    the (teller, noemer) indicator pairs of the ratio norms. Returns a text for every id of
    waarden that is a pupil count or part of a ratio: onderdruk_aantal, and for the two counts
    of a ratio also the group suppression of ratio_weergave (a hidden text wins). groepen maps
    a total's id to the ids of its parts (indicator deel_van): a total and its parts shown
    together get the complementary suppression of suppress_group, so that no hidden count
    follows from the total minus the shown parts.
    """
    leerlingen = set(leerlingen)
    uit = {i: suppress_count(w, drempel) for i, w in waarden.items() if i in leerlingen}
    for t_id, n_id in ratios:
        if t_id not in waarden or n_id not in waarden:
            continue
        r = ratio_display(waarden[t_id], waarden[n_id], drempel=drempel)
        for i, tekst in ((t_id, r.teller), (n_id, r.noemer)):
            if is_hidden(tekst, drempel) or not is_hidden(uit.get(i, ""), drempel):
                uit[i] = tekst
    for totaal, delen in (groepen or {}).items():
        ids = [totaal, *delen]
        if not set(ids) <= set(waarden) or not set(ids) & leerlingen:
            continue
        groep = suppress_group({d: waarden[d] for d in delen}, waarden[totaal], drempel)
        groep[totaal] = groep.pop(TOTAL)
        for i, tekst in groep.items():
            if is_hidden(tekst, drempel) or not is_hidden(uit.get(i, ""), drempel):
                uit[i] = tekst
    return uit


_FIELDS = (("nulmeting", "nulmeting"), ("vorige", "vorige_waarde"), ("waarde", "waarde"))


def indicator_texts(
    indicatoren: Sequence[Mapping[str, Any]], normen: Sequence[Mapping[str, Any]]
) -> dict[str, dict[str, str]]:
    """Suppressed display texts per pupil-count indicator (Evaluatie.to_dict() lists).

    Returns, per indicator id that is a pupil count (is_leerlingen) or part of a ratio norm
    (teller_indicator, noemer_indicator): 'nulmeting', 'vorige' and 'waarde' texts, each
    suppressed with meting_teksten among the values of the same kind, and 'verandering':
    SECUNDAIR when both values are known and one of them is hidden (the change would reveal
    it), else ''. Indicators that are neither are not in the result.
    """
    leerlingen = {i["id"] for i in indicatoren if i.get("is_leerlingen")}
    groepen = parts_of((i["id"], i.get("deel_van")) for i in indicatoren)
    ratios = [
        (n["teller_indicator"], n["noemer_indicator"])
        for n in normen
        if n.get("teller_indicator") and n.get("noemer_indicator")
    ]
    per_veld = {
        sleutel: measurement_texts(
            {i["id"]: i.get(veld) for i in indicatoren}, leerlingen, ratios, groepen=groepen
        )
        for sleutel, veld in _FIELDS
    }
    uit: dict[str, dict[str, str]] = {}
    for i in indicatoren:
        if i["id"] not in per_veld["waarde"]:
            continue
        tekst = {sleutel: per_veld[sleutel][i["id"]] for sleutel, _ in _FIELDS}
        bekend = not _is_empty(i.get("vorige_waarde")) and not _is_empty(i.get("waarde"))
        verborgen = is_hidden(tekst["vorige"]) or is_hidden(tekst["waarde"])
        tekst["verandering"] = SECONDARY if bekend and verborgen else ""
        uit[i["id"]] = tekst
    return uit
