"""Indicators that belong together: parts (deel_van) against their total, per measurement."""

from __future__ import annotations

import math
from collections.abc import Iterable

from evalkit import fmt
from evalkit.data.model import Indicator, Meting


def parts_of(paren: Iterable[tuple[str, str | None]]) -> dict[str, list[str]]:
    """The ids of the parts of every total, from (indicator id, deel_van) pairs."""
    uit: dict[str, list[str]] = {}
    for ind, deel_van in paren:
        if deel_van:
            uit.setdefault(deel_van, []).append(ind)
    return uit


def part_warnings(
    indicatoren: Iterable[Indicator], metingen: Iterable[Meting], ronde: str
) -> list[str]:
    """Dutch warnings where parts do not fit their total at one peildatum of a round.

    Rules: the known parts may not add up to more than the total; when every part has a value
    (and there are at least two parts, so the parts are complete) they must add up to the
    total exactly.
    """
    waarden: dict[tuple[str, object], float] = {}
    for m in metingen:
        waarden[m.indicator, m.peildatum] = m.waarde
    uit = []
    for totaal, delen in parts_of((i.id, i.deel_van) for i in indicatoren).items():
        for (ind, peildatum), t in sorted(waarden.items(), key=lambda kv: str(kv[0][1])):
            if ind != totaal:
                continue
            bekend = {d: waarden[d, peildatum] for d in delen if (d, peildatum) in waarden}
            if not bekend:
                continue
            som = sum(bekend.values())
            namen = " + ".join(bekend)
            waar = f"ronde {ronde}, peildatum {fmt.date_text(peildatum)}"
            if som > t and not math.isclose(som, t):
                uit.append(
                    f"Indicatoren {namen} tellen samen op tot {fmt.number_auto(som)}, meer dan "
                    f"het totaal {totaal} ({fmt.number_auto(t)}) ({waar})."
                )
            elif len(bekend) == len(delen) >= 2 and not math.isclose(som, t):
                uit.append(
                    f"Indicatoren {namen} tellen samen op tot {fmt.number_auto(som)}, maar het "
                    f"totaal {totaal} is {fmt.number_auto(t)} ({waar})."
                )
    return uit
