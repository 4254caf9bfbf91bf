"""The columns of every data file: name, kind of value, and whether a value is required."""

from __future__ import annotations

import re
from dataclasses import dataclass

from evalkit.data.model import ACTIVITY_STATUSES, DIRECTIONS, GOAL_STATUSES, KINDS, NORM_DEFAULTS

# A row id in a CSV file, and the id of a jaarplan (also its folder and params folder name).
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
PLAN_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Column:
    """One CSV column: `soort` is id, tekst, getal, bedrag, datum, lijst, janee or keuze."""

    naam: str
    soort: str = "tekst"
    verplicht: bool = False
    keuzes: tuple[str, ...] = ()
    omschrijving: str = ""
    # keuze only: the cell may name several choices, separated by commas ('a,b')
    meerdere: bool = False


COMMON = (
    "basisondersteuning", "extra-ondersteuning", "dekkend-netwerk", "samenwerking-jeugd",
    "ouders-communicatie", "toeleiding", "kwaliteit-verantwoording", "bedrijfsvoering",
)  # fmt: skip

FILES: dict[str, tuple[Column, ...]] = {
    "themas.csv": (
        Column("id", "id", True),
        Column("naam", verplicht=True),
        Column("langetermijndoel"),
        Column("gemeenschappelijk_thema", "keuze", True, COMMON, meerdere=True),
        Column("bron", verplicht=True),
    ),
    "doelen.csv": (
        Column("id", "id", True),
        Column("thema", "id", True),
        Column("tekst", verplicht=True),
        Column("indicator"),
        Column("eenheid"),
        Column("nulmeting", "getal"),
        Column("streefwaarde", "getal"),
        Column("richting", "keuze", keuzes=DIRECTIONS),
        Column("deadline", "datum"),
        Column("soort", "keuze", True, KINDS),
        Column("eigenaar"),
        Column("langetermijndoel"),
        Column("bron", verplicht=True),
    ),
    "activiteiten.csv": (
        Column("id", "id", True),
        Column("thema", "id", True),
        Column("doelen", "lijst"),
        Column("omschrijving", verplicht=True),
        Column("wie"),
        Column("wanneer"),
        Column("budget", "bedrag"),
        Column("begrotingsonderdeel"),
        Column("uren", "getal"),
        Column("project", "janee"),
        Column("bron", verplicht=True),
    ),
    "indicatoren.csv": (
        Column("id", "id", True),
        Column("naam", verplicht=True),
        Column("eenheid", verplicht=True),
        Column("doel", "id"),
        Column("nulmeting", "getal"),
        Column("streefwaarde", "getal"),
        Column("richting", "keuze", keuzes=DIRECTIONS),
        Column("cumulatief", "janee"),
        Column("periode_start", "datum"),
        Column("deel_van", "id"),
        Column("bron", verplicht=True),
    ),
    "indicatorwaarden.csv": (
        Column("indicator", "id", True),
        Column("peildatum", "datum", True),
        Column("waarde", "getal", True),
        Column("bron", verplicht=True),
    ),
    "langetermijndoelen.csv": (
        Column("id", "id", True),
        Column("thema", "id", True),
        Column("tekst", verplicht=True),
        Column("horizon"),
        Column("normen", "keuze", keuzes=tuple(NORM_DEFAULTS)[:2], meerdere=True),
        Column("bron", verplicht=True),
    ),
    "begroting.csv": (
        Column("begrotingsonderdeel", verplicht=True),
        Column("bedrag", "bedrag"),
        Column("bron", verplicht=True),
    ),
    "realisatie/doelen.csv": (
        Column("doel", "id", True),
        Column("waarde", "getal"),
        Column("datum_gereed", "datum"),
        Column("status", "keuze", keuzes=GOAL_STATUSES),
        Column("toelichting"),
    ),
    "realisatie/activiteiten.csv": (
        Column("activiteit", "id", True),
        Column("besteed", "bedrag"),
        Column("uren_besteed", "getal"),
        Column("status", "keuze", keuzes=ACTIVITY_STATUSES),
        Column("toelichting"),
    ),
    "realisatie/indicatoren.csv": (
        Column("indicator", "id", True),
        Column("peildatum", "datum", True),
        Column("waarde", "getal", True),
        Column("toelichting"),
    ),
    "realisatie/begroting.csv": (
        Column("begrotingsonderdeel", verplicht=True),
        Column("besteed", "bedrag"),
        Column("toelichting"),
    ),
}

# The tables of a stakeholder data set (data/stakeholders-*/, see docs/dataformaat.md). Every
# column must be present in the header; `verplicht` says which cells need a value.
STAKEHOLDER_FILES: dict[str, tuple[Column, ...]] = {
    "stakeholders/vragen.csv": (
        Column("vraag_id", verplicht=True),
        Column("instrument", verplicht=True),
        Column("vraag", verplicht=True),
        Column("schaal"),
        Column("bron"),
    ),
    "stakeholders/antwoorden.csv": (
        Column("vraag_id", verplicht=True),
        Column("categorie", verplicht=True),
        Column("aantal", "getal"),
        Column("gemiddelde", "getal"),
        Column("bron"),
    ),
    "stakeholders/thema_opbrengsten.csv": (
        Column("thema", verplicht=True),
        Column("uitspraak", verplicht=True),
        Column("bijeenkomst"),
        Column("bron"),
    ),
}


def file_columns(soort: str) -> tuple[Column, ...]:
    """The columns of a file kind: a key of FILES or of STAKEHOLDER_FILES."""
    if soort in FILES:
        return FILES[soort]
    return STAKEHOLDER_FILES[soort]


# Files every jaarplan folder must have; the others are optional.
REQUIRED_FILES = ("themas.csv", "doelen.csv", "activiteiten.csv", "indicatoren.csv")
REQUIRED_RONDE_FILES = ("realisatie/doelen.csv", "realisatie/activiteiten.csv")

JAARPLAN_KEYS = {
    "id": True, "naam": True, "organisatie": True, "sector": True, "periode": True,
    "bron": True, "normen": False, "rondes": False, "toelichting": False,
}  # fmt: skip
NORM_KEYS = {
    "doelen_behaald", "projecten_binnen_uren", "deels_behaald_telt", "extra", "bron", "toelichting",
    "bronnen", "oordeel_op_richting",
}  # fmt: skip
# The long form of a norm: `doelen_behaald: {waarde: 0.75, bron: "..."}`.
NORM_VALUE_KEYS = {"waarde": True, "bron": False}
EXTRA_NORM_KEYS = {"id": True, "naam": True, "teller": True, "noemer": True,
                       "minimum": True, "bron": False, "noemer_meting": False}  # fmt: skip
DENOMINATOR_VALUES = ("huidig", "vorige")
RONDE_KEYS = {"id": True, "naam": True, "peildatum": True, "voorbeelddata": True,
                  "toelichting": False}  # fmt: skip
