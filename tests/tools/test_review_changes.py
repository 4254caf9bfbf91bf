"""Tests of the changes between two review copies (key figures, Dutch change lines)."""

from __future__ import annotations

import json
from pathlib import Path

from evalkit.data import load
from evalkit.engine.evaluate import evaluate
from evalkit.tools import review_changes

FIXTURE = Path(__file__).parents[1] / "fixtures" / "review" / "data"
SMALL = "review-klein"


def test_wijzigingen_noemt_een_gewijzigde_toelichting_zonder_tekst():
    ev = evaluate(load.load_jaarplan(SMALL, FIXTURE)).to_dict()
    nieuw = json.loads(json.dumps(ev))
    for d in nieuw["goals"]:
        if d["id"] == "D04":
            d["toelichting"] = "Nieuwe uitleg met 3 ouders."
    assert review_changes.changes(ev, nieuw) == ["Toelichting bij doel D04 is gewijzigd."]
    assert review_changes.changes(ev, ev) == []


def test_wijzigingen_nieuw_en_vervallen_doel():
    ev = evaluate(load.load_jaarplan(SMALL, FIXTURE)).to_dict()
    zonder = json.loads(json.dumps(ev))
    zonder["goals"] = [d for d in zonder["goals"] if d["id"] != "D01"]
    regels = review_changes.changes(zonder, ev)
    assert "Doel D01: status 'behaald' (nieuw)" in regels
    regels = review_changes.changes(ev, zonder)
    assert "Doel D01: status 'behaald' (vervallen: staat niet meer in het jaarplan)" in regels
