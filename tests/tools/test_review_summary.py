"""Tests of the plain-language text of a review copy: Dutch singular forms."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from evalkit.data import load
from evalkit.engine.evaluate import evaluate
from evalkit.present.statements import statements
from evalkit.tools import review_content, review_document, review_summary

FIXTURE = Path(__file__).parents[1] / "fixtures" / "review" / "data"
SMALL = "review-klein"


def test_samenvatting_in_enkelvoud_bij_een_beoordeeld_doel():
    ev = evaluate(load.load_jaarplan(SMALL, FIXTURE))
    a = dataclasses.replace(
        ev.aandeel_doelen,
        teller=1,
        noemer=1,
        aandeel=1.0,
        aantallen={**ev.aandeel_doelen.aantallen, "behaald": 1, "niet behaald": 0},
    )
    per_thema = tuple(dataclasses.replace(t, teller=1, noemer=1, aandeel=1.0) for t in ev.per_thema)
    een = dataclasses.replace(ev, aandeel_doelen=a, per_status=a.aantallen, per_thema=per_thema)
    tekst = review_document.markdown(
        review_summary.summary(statements(een, publiek=True))
        + review_content.goals_per_theme(een, {})
    )
    assert "We konden 1 doel beoordelen. Dat is gehaald. Dat is 100 procent." in tekst
    assert "Er is 1 doel beoordeeld; dat is behaald (100%)." in tekst
    assert "Van de 1 " not in tekst
