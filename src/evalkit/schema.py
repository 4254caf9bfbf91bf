"""The columns of every data file: name, kind of value, and whether a value is required."""

from __future__ import annotations

from dataclasses import dataclass

from evalkit.model import ACTIVITEITSTATUSSEN, DOELSTATUSSEN, RICHTINGEN, SOORTEN


@dataclass(frozen=True)
class Kolom:
    """One CSV column: `soort` is id, tekst, getal, bedrag, datum, lijst, janee or keuze."""

    naam: str
    soort: str = "tekst"
    verplicht: bool = False
    keuzes: tuple[str, ...] = ()
    omschrijving: str = ""


GEMEENSCHAPPELIJK = (
    "basisondersteuning", "extra-ondersteuning", "dekkend-netwerk", "samenwerking-jeugd",
    "ouders-communicatie", "toeleiding", "kwaliteit-verantwoording", "bedrijfsvoering",
)  # fmt: skip

BESTANDEN: dict[str, tuple[Kolom, ...]] = {
    "themas.csv": (
        Kolom("id", "id", True),
        Kolom("naam", verplicht=True),
        Kolom("langetermijndoel"),
        Kolom("gemeenschappelijk_thema", "keuze", True, GEMEENSCHAPPELIJK),
        Kolom("bron", verplicht=True),
    ),
    "doelen.csv": (
        Kolom("id", "id", True),
        Kolom("thema", "id", True),
        Kolom("tekst", verplicht=True),
        Kolom("indicator"),
        Kolom("eenheid"),
        Kolom("nulmeting", "getal"),
        Kolom("streefwaarde", "getal"),
        Kolom("richting", "keuze", keuzes=RICHTINGEN),
        Kolom("deadline", "datum"),
        Kolom("soort", "keuze", True, SOORTEN),
        Kolom("eigenaar"),
        Kolom("langetermijndoel"),
        Kolom("bron", verplicht=True),
    ),
    "activiteiten.csv": (
        Kolom("id", "id", True),
        Kolom("thema", "id", True),
        Kolom("doelen", "lijst"),
        Kolom("omschrijving", verplicht=True),
        Kolom("wie"),
        Kolom("wanneer"),
        Kolom("budget", "bedrag"),
        Kolom("begrotingsonderdeel"),
        Kolom("uren", "getal"),
        Kolom("project", "janee"),
        Kolom("bron", verplicht=True),
    ),
    "indicatoren.csv": (
        Kolom("id", "id", True),
        Kolom("naam", verplicht=True),
        Kolom("eenheid", verplicht=True),
        Kolom("doel", "id"),
        Kolom("nulmeting", "getal"),
        Kolom("streefwaarde", "getal"),
        Kolom("richting", "keuze", keuzes=RICHTINGEN),
        Kolom("bron", verplicht=True),
    ),
    "indicatorwaarden.csv": (
        Kolom("indicator", "id", True),
        Kolom("peildatum", "datum", True),
        Kolom("waarde", "getal", True),
        Kolom("bron", verplicht=True),
    ),
    "realisatie/doelen.csv": (
        Kolom("doel", "id", True),
        Kolom("waarde", "getal"),
        Kolom("datum_gereed", "datum"),
        Kolom("status", "keuze", keuzes=DOELSTATUSSEN),
        Kolom("toelichting"),
    ),
    "realisatie/activiteiten.csv": (
        Kolom("activiteit", "id", True),
        Kolom("besteed", "bedrag"),
        Kolom("uren_besteed", "getal"),
        Kolom("status", "keuze", keuzes=ACTIVITEITSTATUSSEN),
        Kolom("toelichting"),
    ),
    "realisatie/indicatoren.csv": (
        Kolom("indicator", "id", True),
        Kolom("peildatum", "datum", True),
        Kolom("waarde", "getal", True),
        Kolom("toelichting"),
    ),
}

# The tables of a stakeholder data set (data/stakeholders-*/, see docs/dataformaat.md). Every
# column must be present in the header; `verplicht` says which cells need a value.
STAKEHOLDERBESTANDEN: dict[str, tuple[Kolom, ...]] = {
    "stakeholders/vragen.csv": (
        Kolom("vraag_id", verplicht=True),
        Kolom("instrument", verplicht=True),
        Kolom("vraag", verplicht=True),
        Kolom("schaal"),
        Kolom("bron"),
    ),
    "stakeholders/antwoorden.csv": (
        Kolom("vraag_id", verplicht=True),
        Kolom("categorie", verplicht=True),
        Kolom("aantal", "getal"),
        Kolom("gemiddelde", "getal"),
        Kolom("bron"),
    ),
    "stakeholders/thema_opbrengsten.csv": (
        Kolom("thema", verplicht=True),
        Kolom("uitspraak", verplicht=True),
        Kolom("bijeenkomst"),
        Kolom("bron"),
    ),
}


def kolommen(soort: str) -> tuple[Kolom, ...]:
    """The columns of a file kind: a key of BESTANDEN or of STAKEHOLDERBESTANDEN."""
    if soort in BESTANDEN:
        return BESTANDEN[soort]
    return STAKEHOLDERBESTANDEN[soort]


# Files every jaarplan folder must have; the others are optional.
VERPLICHTE_BESTANDEN = ("themas.csv", "doelen.csv", "activiteiten.csv", "indicatoren.csv")
VERPLICHTE_RONDEBESTANDEN = ("realisatie/doelen.csv", "realisatie/activiteiten.csv")

JAARPLAN_SLEUTELS = {
    "id": True, "naam": True, "organisatie": True, "sector": True, "periode": True,
    "bron": True, "normen": False, "rondes": False, "toelichting": False,
}  # fmt: skip
NORM_SLEUTELS = {
    "doelen_behaald", "projecten_binnen_uren", "deels_behaald_telt", "extra", "bron", "toelichting",
}  # fmt: skip
EXTRA_NORM_SLEUTELS = {"id": True, "naam": True, "teller": True, "noemer": True,
                       "minimum": True, "bron": False}  # fmt: skip
RONDE_SLEUTELS = {"id": True, "naam": True, "peildatum": True, "voorbeelddata": True,
                  "toelichting": False}  # fmt: skip
