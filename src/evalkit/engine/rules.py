"""The evaluation rules: small pure functions that turn realisation data into outcomes."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from evalkit import fmt
from evalkit.data.model import GOAL_STATUSES, Activiteit, Doel, DoelRealisatie, Indicator

ACHIEVED = "behaald"
PARTLY = "deels behaald"
NOT_ACHIEVED = "niet behaald"
NOT_YET = "nog niet te beoordelen"
DROPPED = "vervallen"

# The Dutch formatting of the explanation sentences is evalkit.fmt's (the present layer words
# the same figures with the same functions); the old names stay importable from here.
number_short = fmt.number_auto
percent_short = fmt.percent_auto
value_text = fmt.value_text

_DIRECTION_WORD = {"hoger": "ten minste", "lager": "ten hoogste", "gelijk": "precies"}


@dataclass(frozen=True)
class StatusOutcome:
    """The status of one goal and how it was reached.

    `status` is the status that counts. `afgeleid_status` is what the rules derive from the
    realisation data (None for kwalitatief goals, which have no rule). `bron` is 'afgeleid'
    (the rule decided), 'handmatig' (the manually entered status decided) or 'geen' (no data
    and no manual status). `uitleg` is a Dutch one-liner; `waarschuwing` a Dutch warning when
    the manual status differs from the derived one. `tegen_cijfers`: the manual status is
    better than the data give (a contradiction, a finding in every output); `op_richting`: the
    derived status rests on the direction of change alone (no streefwaarde);
    `deadline_verstreken`: the deadline is on or before the peildatum and the goal is still
    'nog niet te beoordelen'.
    """

    status: str
    afgeleid_status: str | None
    bron: str
    uitleg: str
    waarschuwing: str | None = None
    tegen_cijfers: bool = False
    op_richting: bool = False
    deadline_verstreken: bool = False


@dataclass(frozen=True)
class ShareOutcome:
    """The share of goals achieved: teller / noemer, with the exact definition in Dutch."""

    teller: float
    noemer: int
    aandeel: float | None
    definitie: str
    aantallen: dict[str, int]


def _equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _meets(waarde: float, streefwaarde: float, richting: str) -> bool:
    """Whether a value meets a target: hoger >=, lager <=, gelijk == (with float tolerance)."""
    if _equal(waarde, streefwaarde):
        return True
    if richting == "hoger":
        return waarde > streefwaarde
    if richting == "lager":
        return waarde < streefwaarde
    return False


def _improved(waarde: float, nulmeting: float, richting: str, streefwaarde: float | None) -> bool:
    """Whether a value moved from the nulmeting in the wanted direction.

    For 'gelijk' that means: closer to the streefwaarde, or (without one) unchanged.
    """
    if richting == "gelijk":
        if streefwaarde is None:
            return _equal(waarde, nulmeting)
        afstand, was = abs(waarde - streefwaarde), abs(nulmeting - streefwaarde)
        return afstand < was and not _equal(afstand, was)
    if _equal(waarde, nulmeting):
        return False
    return waarde > nulmeting if richting == "hoger" else waarde < nulmeting


def meets_streefwaarde(
    waarde: float | None, streefwaarde: float | None, richting: str | None
) -> bool | None:
    """Whether a value meets its target (hoger: >=, lager: <=, gelijk: ==); None if unknown."""
    if waarde is None or streefwaarde is None or richting not in _DIRECTION_WORD:
        return None
    return _meets(waarde, streefwaarde, richting)


# How good a status is: a manual status ranked above the derived one contradicts the data.
_RANK = {ACHIEVED: 3, PARTLY: 2, NOT_ACHIEVED: 1}


def better_than(handmatig: str | None, afgeleid: str | None) -> bool:
    """Whether a manual status is better than the derived one (behaald > deels > niet)."""
    return _RANK.get(handmatig or "", 0) > _RANK.get(afgeleid or "", 99)


def _goal_numeric(
    doel: Doel, waarde: float | None, op_richting: bool = False, label: str = "de nulmeting"
) -> tuple[str, str, bool]:
    """Derived status of a numeriek goal: (status, reason, whether data decided it).

    Without a streefwaarde the direction of change decides only when op_richting is set.
    """
    if waarde is None:
        return NOT_YET, "geen waarde gemeten", False
    e = doel.eenheid
    w = f"waarde {fmt.value_text(waarde, e)}"
    r = doel.richting
    if r not in _DIRECTION_WORD:
        return NOT_YET, f"{w}, maar het doel heeft geen richting (hoger, lager of gelijk)", False
    s, n = doel.streefwaarde, doel.nulmeting
    nul = f"{label} ({fmt.value_text(n, e)})"
    if s is None:
        if n is None:
            return NOT_YET, f"{w}, maar er is geen streefwaarde en geen nulmeting", False
        if not op_richting:
            return (
                NOT_YET,
                f"{w}, maar er is geen streefwaarde (het jaarplan laat geen oordeel op alleen de "
                "richting toe)",
                False,
            )
        wens = {"hoger": "gestegen", "lager": "gedaald", "gelijk": "gelijk gebleven"}[r]
        if _improved(waarde, n, r, None):
            return ACHIEVED, f"geen streefwaarde; {w} is {wens} ten opzichte van {nul}", True
        return NOT_ACHIEVED, f"geen streefwaarde; {w} is niet {wens} ten opzichte van {nul}", True
    norm = f"de streefwaarde ({_DIRECTION_WORD[r]} {fmt.value_text(s, e)})"
    if _meets(waarde, s, r):
        return ACHIEVED, f"{w} haalt {norm}", True
    if n is None:
        return NOT_ACHIEVED, f"{w} haalt {norm} niet; er is geen nulmeting", True
    if _improved(waarde, n, r, s):
        return PARTLY, f"{w} haalt {norm} niet, maar is vooruitgegaan ten opzichte van {nul}", True
    return (
        NOT_ACHIEVED,
        f"{w} haalt {norm} niet en is niet vooruitgegaan ten opzichte van {nul}",
        True,
    )


def _goal_milestone(doel: Doel, gereed: date | None, peildatum: date) -> tuple[str, str, bool]:
    """Derived status of a mijlpaal goal: (status, reason, whether data decided it)."""
    d = doel.deadline
    deadline = f"de deadline ({fmt.date_text(d)})"
    op_peildatum = f"op de peildatum ({fmt.date_text(peildatum)})"
    if gereed is not None:
        klaar = f"gereed op {fmt.date_text(gereed)}"
        if d is None:
            return ACHIEVED, f"{klaar} (geen deadline)", True
        if gereed <= d:
            return ACHIEVED, f"{klaar}, binnen {deadline}", True
        return PARTLY, f"{klaar}, maar na {deadline}", True
    if d is None:
        return NOT_YET, "nog niet gereed en er is geen deadline", False
    if peildatum >= d:
        return NOT_ACHIEVED, f"niet gereed, terwijl {deadline} {op_peildatum} verstreken is", True
    return NOT_YET, f"nog niet gereed; {deadline} is {op_peildatum} nog niet verstreken", True


def goal_status(
    doel: Doel,
    real: DoelRealisatie | None,
    peildatum: date,
    op_richting: bool = False,
    label: str = "de nulmeting",
) -> StatusOutcome:
    """The status of a goal at the peildatum.

    Rules. A manual status 'vervallen' always wins. kwalitatief: the manual status, or
    'nog niet te beoordelen' when there is none. numeriek: no value -> 'nog niet te beoordelen';
    value meets the streefwaarde in the richting (hoger: >=, lager: <=, gelijk: ==) -> behaald;
    not met but moved from the nulmeting towards the streefwaarde -> deels behaald; otherwise
    niet behaald. Without a streefwaarde: 'nog niet te beoordelen', unless the plan's norms
    allow a judgement on direction alone (op_richting): then behaald when the value changed
    from the nulmeting in the richting (for gelijk: stayed equal), else niet behaald.
    mijlpaal: gereed on or before the deadline -> behaald; gereed after it -> deels behaald;
    not gereed and the deadline on or before the peildatum -> niet behaald; not gereed
    otherwise -> nog niet te beoordelen. A manual status that differs from one derived from
    the data is kept and produces a warning naming both; when it is better than the derived
    one it contradicts the data (`tegen_cijfers`). When the data cannot decide, a manual status
    is used without a warning. A goal without a realisation row in the round is 'nog niet te
    beoordelen' (evaluate reports the missing row as a warning). `label` names what the
    goal's nulmeting field holds ('de nulmeting' or 'de vorige meting (M8)').
    """
    uitkomst = _goal_status(doel, real, peildatum, op_richting, label)
    verstreken = (
        uitkomst.status == NOT_YET
        and doel.deadline is not None
        and doel.deadline <= peildatum
        and not (real and real.datum_gereed)
    )
    if not verstreken:
        return uitkomst
    melding = (
        f"Doel {doel.id}: de deadline ({fmt.date_text(doel.deadline)}) is op de peildatum "
        f"({fmt.date_text(peildatum)}) verstreken, maar het doel is nog niet te beoordelen."
    )
    if uitkomst.waarschuwing:
        melding = f"{uitkomst.waarschuwing} {melding}"
    return replace(uitkomst, waarschuwing=melding, deadline_verstreken=True)


def _derive(doel: Doel, real: DoelRealisatie, peildatum: date, op_richting: bool, label: str):
    """(derived status or None, reason, whether data decided it)."""
    if doel.soort == "kwalitatief":
        return None, "", False
    if doel.soort == "mijlpaal":
        return _goal_milestone(doel, real.datum_gereed, peildatum)
    return _goal_numeric(doel, real.waarde, op_richting, label)


def _goal_status(
    doel: Doel, real: DoelRealisatie | None, peildatum: date, op_richting: bool, label: str
) -> StatusOutcome:
    if real is None:
        # No realisation row at all: nothing was reported for this goal, so it cannot be
        # judged (a missing row is not evidence that a milestone was missed).
        return StatusOutcome(NOT_YET, None, "geen", "geen realisatie ingevuld in deze ronde")
    handmatig = real.status
    afgeleid, reden, uit_data = _derive(doel, real, peildatum, op_richting, label)
    richting = uit_data and doel.soort == "numeriek" and doel.streefwaarde is None

    if handmatig == DROPPED:
        return StatusOutcome(DROPPED, afgeleid, "handmatig", "handmatig op 'vervallen' gezet")
    if afgeleid is None:
        if handmatig is None:
            return StatusOutcome(NOT_YET, None, "geen", "kwalitatief doel zonder ingevulde status")
        return StatusOutcome(handmatig, None, "handmatig", "kwalitatief doel; status handmatig")
    if handmatig is None or handmatig == afgeleid:
        bron = "afgeleid" if uit_data else ("geen" if handmatig is None else "handmatig")
        return StatusOutcome(afgeleid, afgeleid, bron, reden, op_richting=richting)
    if not uit_data:
        # The data cannot decide (no value, no target and baseline, ...): the manual status
        # fills the gap and contradicts nothing.
        uitleg = f"status handmatig vastgesteld; niet af te leiden: {reden}"
        return StatusOutcome(handmatig, afgeleid, "handmatig", uitleg)
    waarschuwing = (
        f"Doel {doel.id}: de handmatige status '{handmatig}' wijkt af van de afgeleide status "
        f"'{afgeleid}' — {reden}. De handmatige status is aangehouden."
    )
    uitleg = f"status handmatig vastgesteld; afgeleid zou zijn: '{afgeleid}' ({reden})"
    tegen = better_than(handmatig, afgeleid)
    return StatusOutcome(handmatig, afgeleid, "handmatig", uitleg, waarschuwing, tegen, richting)


def aandeel_behaald(statussen: Iterable[str], deels_telt: float) -> ShareOutcome:
    """The share of goals achieved.

    teller = number 'behaald' + deels_telt x number 'deels behaald'; noemer = all goals except
    those 'vervallen' and those 'nog niet te beoordelen'. The share is None when the noemer is 0.
    """
    aantallen = dict.fromkeys(GOAL_STATUSES, 0)
    for s in statussen:
        if s not in aantallen:
            raise ValueError(f"onbekende doelstatus '{s}'")
        aantallen[s] += 1
    teller = aantallen[ACHIEVED] + deels_telt * aantallen[PARTLY]
    if float(teller).is_integer():
        teller = int(teller)
    noemer = aantallen[ACHIEVED] + aantallen[PARTLY] + aantallen[NOT_ACHIEVED]
    aandeel = teller / noemer if noemer else None
    if deels_telt == 0:
        deels = "'deels behaald' telt niet mee"
    elif deels_telt == 1:
        deels = "'deels behaald' telt volledig mee"
    else:
        deels = f"'deels behaald' telt voor {fmt.number_auto(deels_telt)} mee"
    definitie = (
        f"Aandeel behaalde doelen = doelen met status 'behaald' (telt 1); {deels}; gedeeld door "
        "alle doelen behalve 'vervallen' en 'nog niet te beoordelen': "
        f"{fmt.number_auto(teller)} van {noemer} doelen. Niet meegeteld: "
        f"{aantallen[DROPPED]} vervallen en {aantallen[NOT_YET]} nog niet te beoordelen."
    )
    return ShareOutcome(teller, noemer, aandeel, definitie, aantallen)


def norm_met(aandeel: float | None, norm: float) -> bool | None:
    """Whether a share meets a norm (aandeel >= norm); None when the share is unknown."""
    if aandeel is None:
        return None
    return aandeel >= norm or _equal(aandeel, norm)


def overschrijding(
    budget: float | None, besteed: float | None
) -> tuple[float | None, float | None]:
    """The overrun of an activity's budget as (euro, fraction of the budget).

    Both are 0 when spend is within budget (besteed <= budget); both None when budget or spend
    is missing; the fraction is None when the budget is 0.
    """
    if budget is None or besteed is None:
        return None, None
    euro = round(max(0.0, besteed - budget), 2)
    if budget == 0:
        return euro, None
    return euro, euro / budget


def binnen_uren(uren: float | None, uren_besteed: float | None) -> bool | None:
    """Whether a project stayed within its allocated hours (uren_besteed <= uren)."""
    if uren is None or uren_besteed is None:
        return None
    return uren_besteed <= uren or _equal(uren_besteed, uren)


def ratio_norm(
    teller: float | None, noemer: float | None, minimum: float
) -> tuple[float | None, bool | None]:
    """A ratio norm: (teller / noemer, whether it is >= minimum); None when not computable."""
    if teller is None or noemer is None or noemer == 0:
        return None, None
    aandeel = teller / noemer
    return aandeel, norm_met(aandeel, minimum)


def smart_check(
    doel: Doel, activiteiten_van_doel: Iterable[Activiteit], indicator_defs: Iterable[Indicator]
) -> dict[str, bool]:
    """Check whether a goal is SMART-formulated.

    indicator: the goal states how it is measured, or an indicator definition points to it.
    meetbaar: numeriek with a streefwaarde, or mijlpaal with a deadline (kwalitatief never).
    deadline: the goal has a deadline. eigenaar: the goal has an owner, or a linked activity
    has a 'wie'. volledig: all four.
    """
    uitkomst = {
        "indicator": bool(doel.indicator and doel.indicator.strip())
        or any(i.doel == doel.id for i in indicator_defs),
        "meetbaar": (doel.soort == "numeriek" and doel.streefwaarde is not None)
        or (doel.soort == "mijlpaal" and doel.deadline is not None),
        "deadline": doel.deadline is not None,
        "eigenaar": bool(doel.eigenaar and doel.eigenaar.strip())
        or any(a.wie and a.wie.strip() for a in activiteiten_van_doel),
    }
    uitkomst["volledig"] = all(uitkomst.values())
    return uitkomst


def verandering(huidig: float | None, vorig: float | None) -> tuple[float | None, float | None]:
    """Change between two values: (huidig - vorig, relative to |vorig|; None when vorig is 0)."""
    if huidig is None or vorig is None:
        return None, None
    verschil = huidig - vorig
    return verschil, (verschil / abs(vorig) if vorig != 0 else None)


_SCHOOL_YEAR = re.compile(r"\b(20\d\d)\s*[-/]\s*(20\d\d)\b")
_YEAR = re.compile(r"\b(20\d\d)\b")


def derived_deadline(wanneer: Iterable[str | None], start: date, eind: date) -> date:
    """The deadline of a goal without one: the latest year its activities name in 'wanneer'
    (a schooljaar '2023-2024' ends on 31 July 2024, a calendar year on 31 December), never
    after the end of the plan period; the end of the plan period when they name none."""
    kandidaten = []
    for tekst in wanneer:
        if not tekst:
            continue
        rest = tekst
        for m in _SCHOOL_YEAR.finditer(tekst):
            kandidaten.append(date(int(m.group(2)), 7, 31))
        rest = _SCHOOL_YEAR.sub(" ", rest)
        kandidaten.extend(date(int(y), 12, 31) for y in _YEAR.findall(rest))
    binnen = [k for k in kandidaten if start <= k]
    return min(max(binnen), eind) if binnen else eind
