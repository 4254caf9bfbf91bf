"""The domain model: a jaarplan, its parts and the realisation per evaluation round."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

GOAL_STATUSES = ("behaald", "deels behaald", "niet behaald", "nog niet te beoordelen", "vervallen")
ACTIVITY_STATUSES = ("niet gestart", "loopt", "afgerond", "uitgesteld", "vervallen")
KINDS = ("numeriek", "mijlpaal", "kwalitatief")
DIRECTIONS = ("hoger", "lager", "gelijk")
SECTORS = ("PO", "VO", "PO+VO")
COMMON_THEMAS = (
    "basisondersteuning",
    "extra-ondersteuning",
    "dekkend-netwerk",
    "samenwerking-jeugd",
    "ouders-communicatie",
    "toeleiding",
    "kwaliteit-verantwoording",
    "bedrijfsvoering",
)


@dataclass(frozen=True)
class RatioNorm:
    """A plan-specific norm: teller / noemer (two indicator counts) must be >= minimum.

    `noemer_meting` says which value of the noemer counts: 'huidig' (this round's value) or
    'vorige' (the value before it, e.g. the count at the start of the year).
    """

    id: str
    naam: str
    teller: str
    noemer: str
    minimum: float
    bron: str = ""
    noemer_meting: str = "huidig"


# The norms a plan may set; each has evalkit's default value.
NORM_DEFAULTS = {"doelen_behaald": 0.75, "projecten_binnen_uren": 0.75, "deels_behaald_telt": 0.0}
FROM_PLAN = "jaarplan"
DEFAULT_NORM = "standaard"


@dataclass(frozen=True)
class Normen:
    """The norms a jaarplan is evaluated against.

    `bronnen` maps a norm name (a key of NORM_DEFAULTS) to where the plan sets it (its bron).
    `oordeel_op_richting`: goals without a streefwaarde may be judged on the direction of
    change from the nulmeting (otherwise they stay 'nog niet te beoordelen').
    """

    doelen_behaald: float = 0.75
    projecten_binnen_uren: float = 0.75
    deels_behaald_telt: float = 0.0
    extra: tuple[RatioNorm, ...] = ()
    bron: str = ""
    bronnen: dict[str, str] = field(default_factory=dict)
    oordeel_op_richting: bool = False

    def source(self, naam: str) -> str:
        """Where a norm comes from: 'jaarplan' (it has a bron, or the plan sets a value other
        than the default) or 'standaard' (evalkit's default value)."""
        if self.bronnen.get(naam) or getattr(self, naam) != NORM_DEFAULTS[naam]:
            return FROM_PLAN
        return DEFAULT_NORM


@dataclass(frozen=True)
class Thema:
    """A theme / speerpunt."""

    id: str
    naam: str
    gemeenschappelijk_thema: str
    bron: str
    langetermijndoel: str | None = None


@dataclass(frozen=True)
class Doel:
    """A goal with its indicator, target and deadline."""

    id: str
    thema: str
    tekst: str
    soort: str
    bron: str
    indicator: str | None = None
    eenheid: str | None = None
    nulmeting: float | None = None
    streefwaarde: float | None = None
    richting: str | None = None
    deadline: date | None = None
    eigenaar: str | None = None
    langetermijndoel: str | None = None


@dataclass(frozen=True)
class Langetermijndoel:
    """A long-term goal (e.g. for 2027) of a theme; yearly goals link to it by id.

    `normen` names plan norms (keys of NORM_DEFAULTS) that measure this goal, as where a plan
    says "Hoe meten we dit? De doelen van het jaarplan zijn voor 75% behaald".
    """

    id: str
    thema: str
    tekst: str
    bron: str
    horizon: str | None = None
    normen: str | None = None


@dataclass(frozen=True)
class Begrotingsonderdeel:
    """One line of the plan's budget; `bedrag` is None where the plan gives no amount."""

    begrotingsonderdeel: str
    bron: str
    bedrag: float | None = None


def split_onderdelen(tekst: str | None) -> tuple[str, ...]:
    """The begrotingsonderdelen an activity is charged to: its cell split on commas."""
    return tuple(d.strip() for d in (tekst or "").split(",") if d.strip())


@dataclass(frozen=True)
class Activiteit:
    """An activity or project with its budget and allocated hours."""

    id: str
    thema: str
    omschrijving: str
    bron: str
    doelen: tuple[str, ...] = ()
    wie: str | None = None
    wanneer: str | None = None
    budget: float | None = None
    begrotingsonderdeel: str | None = None
    uren: float | None = None
    project: bool = False


@dataclass(frozen=True)
class Indicator:
    """Definition of an indicator measured over rounds and years.

    `cumulatief`: each value counts from `periode_start` (a date whose month and day repeat
    every year, e.g. 1 January) up to its peildatum. `deel_van`: the id of the indicator this
    one is a part of (SBO + SO = S(B)O).
    """

    id: str
    naam: str
    eenheid: str
    bron: str
    doel: str | None = None
    nulmeting: float | None = None
    streefwaarde: float | None = None
    richting: str | None = None
    cumulatief: bool = False
    periode_start: date | None = None
    deel_van: str | None = None


@dataclass(frozen=True)
class Meting:
    """One measured value of an indicator at a date."""

    indicator: str
    peildatum: date
    waarde: float
    toelichting: str | None = None
    ronde: str | None = None


@dataclass(frozen=True)
class DoelRealisatie:
    """What was realised for one goal in one round."""

    doel: str
    waarde: float | None = None
    datum_gereed: date | None = None
    status: str | None = None
    toelichting: str | None = None


@dataclass(frozen=True)
class ActiviteitRealisatie:
    """What was spent and done for one activity in one round."""

    activiteit: str
    besteed: float | None = None
    uren_besteed: float | None = None
    status: str | None = None
    toelichting: str | None = None


@dataclass(frozen=True)
class Ronde:
    """One evaluation round (October evaluation, M4/M8/M12, trimester) with its realisation."""

    id: str
    naam: str
    peildatum: date
    voorbeelddata: bool
    toelichting: str | None = None
    doelen: dict[str, DoelRealisatie] = field(default_factory=dict)
    activiteiten: dict[str, ActiviteitRealisatie] = field(default_factory=dict)
    metingen: tuple[Meting, ...] = ()
    # begrotingsonderdeel -> spent this round (realisatie/<ronde>/begroting.csv), in file order
    begroting: dict[str, float | None] = field(default_factory=dict)
    # begrotingsonderdeel -> toelichting of its row in that file (only rows that have one;
    # every key is a key of `begroting`)
    begroting_toelichting: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Jaarplan:
    """A jaarplan with everything it contains; rounds are ordered by peildatum."""

    id: str
    naam: str
    organisatie: str
    sector: str
    periode_start: date
    periode_eind: date
    normen: Normen
    bron: tuple[dict, ...] = ()
    toelichting: str | None = None
    themas: tuple[Thema, ...] = ()
    doelen: tuple[Doel, ...] = ()
    activiteiten: tuple[Activiteit, ...] = ()
    indicatoren: tuple[Indicator, ...] = ()
    indicatorwaarden: tuple[Meting, ...] = ()
    langetermijndoelen: tuple[Langetermijndoel, ...] = ()
    begroting: tuple[Begrotingsonderdeel, ...] = ()
    rondes: dict[str, Ronde] = field(default_factory=dict)
    map: Path | None = None

    def ronde(self, ronde_id: str | None = None) -> Ronde:
        """Return the named round, or the latest one when no id is given."""
        from evalkit.errors import UnknownRonde

        if not self.rondes:
            raise UnknownRonde(self.id, ronde_id or "(laatste)", [])
        if ronde_id is None:
            return list(self.rondes.values())[-1]
        if ronde_id not in self.rondes:
            raise UnknownRonde(self.id, ronde_id, list(self.rondes))
        return self.rondes[ronde_id]

    def previous_ronde(self, ronde_id: str) -> Ronde | None:
        """Return the round before the given one, if any."""
        ids = list(self.rondes)
        i = ids.index(ronde_id)
        return self.rondes[ids[i - 1]] if i > 0 else None
