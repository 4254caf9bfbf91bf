"""The OPR review copy's section on long-term goals."""

from __future__ import annotations

import pytest

from evalkit.data.load import load_jaarplan
from evalkit.engine.evaluate import evaluate
from evalkit.tools.review_content import content, long_term_goals
from evalkit.tools.review_document import markdown


@pytest.mark.shipped
def test_almere_copy_shows_long_term_goals_with_the_goals_of_this_year():
    ev = evaluate(load_jaarplan("almere-2023-2024"))
    tekst = markdown(long_term_goals(ev), numbered=False)
    assert tekst.startswith("# Doelen voor de lange termijn")
    status = {d.id: d.status for d in ev.doelen}
    assert f"Doelen van dit jaar: D01 {status['D01']}; D02 {status['D02']}" in tekst
    assert "(termijn: over 20 jaar) Er is dit jaar geen doel aan gekoppeld." in tekst
    assert "Dit meten we met de afspraken voor het hele jaarplan: doelen behaald" in tekst
    _, rest = content(ev)
    assert "Doelen voor de lange termijn" in markdown(rest, numbered=False)


@pytest.mark.shipped
def test_copy_without_long_term_goals_has_no_such_section():
    ev = evaluate(load_jaarplan("plein013-2023"))
    assert long_term_goals(ev) == []
