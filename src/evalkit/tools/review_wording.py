"""Plain Dutch wording of the OPR review copy: singular and plural, activity statuses in
everyday words and warnings without system language."""

from __future__ import annotations

import re

from evalkit.escape import markdown as md
from evalkit.present.numbers import number_short

# An activity status of the data -> the plain words of the copy.
ACTIVITY_STATUS = {
    "afgerond": "afgerond",
    "loopt": "loopt nog",
    "niet gestart": "niet begonnen",
    "uitgesteld": "uitgesteld",
    "vervallen": "geschrapt",
}
NO_STATUS = "nog niets ingevuld"
# How a number of activities with one status is said: (one, more).
STATUS_COUNT = {
    "afgerond": ("is afgerond", "zijn afgerond"),
    "loopt": ("loopt nog", "lopen nog"),
    "niet gestart": ("is niet begonnen", "zijn niet begonnen"),
    "uitgesteld": ("is uitgesteld", "zijn uitgesteld"),
    "vervallen": ("is geschrapt", "zijn geschrapt"),
    None: ("heeft nog geen stand", "hebben nog geen stand"),
}
_MISSING = re.compile(
    r"^Geen realisatie ingevuld in ronde \S+ voor (?P<kind>doel|activiteit)\(en\): (?P<ids>.+)\.$"
)


def plural(n: float, one: str, more: str) -> str:
    """'1 doel', '0 doelen', '2 doelen' (numbers as number_short writes them)."""
    return f"{number_short(n)} {one if n == 1 else more}"


def is_are(n: float) -> str:
    """'is' for one, 'zijn' for any other number."""
    return "is" if n == 1 else "zijn"


def activity_status(status: str | None) -> str:
    """The status of an activity in plain words ('loopt' -> 'loopt nog')."""
    return ACTIVITY_STATUS.get(status, status) if status else NO_STATUS


def status_counts(statuses: list[str | None]) -> str:
    """'3 zijn afgerond, 1 loopt nog en 2 zijn niet begonnen' (in the order of STATUS_COUNT)."""
    parts = []
    for status, (one, more) in STATUS_COUNT.items():
        n = statuses.count(status)
        if n:
            parts.append(f"{n} {one if n == 1 else more}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def achieved_sentence(achieved: float, assessed: int) -> str:
    """'Van de 7 beoordeelde doelen zijn er 5 behaald' with the right singular and plural."""
    if assessed == 1:
        word = {1: "behaald", 0: "niet behaald"}.get(achieved)
        return f"Er is 1 doel beoordeeld; dat is {word or f'voor {number_short(achieved)} behaald'}"
    if achieved == 0:
        return f"Van de {assessed} beoordeelde doelen is er geen behaald"
    return (
        f"Van de {assessed} beoordeelde doelen {'is' if achieved == 1 else 'zijn'} er "
        f"{number_short(achieved)} behaald"
    )


def contradiction(status: str, derived: str) -> str:
    """The plain warning for a goal whose status the working team set against the figures."""
    return (
        f"Het werkteam noemt dit doel {status}, maar de cijfers laten iets anders zien: "
        f"volgens de cijfers is het {derived}. In dit concept staat het oordeel van het werkteam."
    )


def plain_warning(warning: str) -> str:
    """A warning of the evaluation in plain Dutch (Markdown); one about missing realisation
    is reworded with the right singular or plural, others are kept."""
    m = _MISSING.match(warning)
    if not m:
        return md(warning)
    ids = [i.strip() for i in m["ids"].split(",")]
    n = len(ids)
    kind = ("doel", "doelen") if m["kind"] == "doel" else ("activiteit", "activiteiten")
    return md(f"Voor {plural(n, *kind)} ({', '.join(ids)}) is in deze ronde nog niets ingevuld.")
