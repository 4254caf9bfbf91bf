"""Tidy tables of the optional plan files: long-term goals and the begroting per onderdeel.

export.py adds LINE_COLUMNS to its tables and line_tables(plan) to its rows; the columns are
documented in docs/datadictionary.md like the others.
"""

from __future__ import annotations

from typing import Any

from evalkit.data.model import Jaarplan, split_onderdelen

_TEXT, _NUMBER, _BOOLEAN = "str", "float64", "bool"

LINE_COLUMNS: dict[str, dict[str, str]] = {
    "langetermijndoelen": {
        "jaarplan": _TEXT, "langetermijndoel": _TEXT, "thema": _TEXT, "tekst": _TEXT,
        "horizon": _TEXT, "normen": _TEXT, "bron": _TEXT,
    },
    "begroting": {
        "jaarplan": _TEXT, "begrotingsonderdeel": _TEXT, "bedrag": _NUMBER, "bron": _TEXT,
    },
    "activiteit_begroting": {"jaarplan": _TEXT, "activiteit": _TEXT, "begrotingsonderdeel": _TEXT},
    "begroting_realisatie": {
        "jaarplan": _TEXT, "ronde": _TEXT, "begrotingsonderdeel": _TEXT, "besteed": _NUMBER,
        "voorbeelddata": _BOOLEAN,
    },
}  # fmt: skip


def line_tables(plan: Jaarplan) -> dict[str, list[dict[str, Any]]]:
    """The rows of the LINE_COLUMNS tables for one jaarplan, in the plan's own order.

    activiteit_begroting links an activity to each begrotingsonderdeel it is charged to, only
    for plans with a begroting.csv (otherwise the activity's cell is free text).
    """
    p = plan.id
    return {
        "langetermijndoelen": [
            {"jaarplan": p, "langetermijndoel": lt.id, "thema": lt.thema, "tekst": lt.tekst,
             "horizon": lt.horizon, "normen": lt.normen, "bron": lt.bron}
            for lt in plan.langetermijndoelen
        ],
        "begroting": [
            {"jaarplan": p, "begrotingsonderdeel": b.begrotingsonderdeel, "bedrag": b.bedrag,
             "bron": b.bron}
            for b in plan.begroting
        ],
        "activiteit_begroting": [
            {"jaarplan": p, "activiteit": a.id, "begrotingsonderdeel": deel}
            for a in (plan.activiteiten if plan.begroting else ())
            for deel in split_onderdelen(a.begrotingsonderdeel)
        ],
        "begroting_realisatie": [
            {"jaarplan": p, "ronde": r.id, "begrotingsonderdeel": deel, "besteed": besteed,
             "voorbeelddata": r.voorbeelddata}
            for r in plan.rondes.values()
            for deel, besteed in r.begroting.items()
        ],
    }  # fmt: skip
