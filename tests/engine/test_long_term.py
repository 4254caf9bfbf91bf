"""Long-term goals: per long-term goal the yearly goals that serve it and their status."""

from __future__ import annotations

import pytest

from evalkit.data.load import load_jaarplan
from evalkit.engine.evaluate import evaluate


@pytest.mark.shipped
def test_almere_long_term_goals_list_their_yearly_goals_with_status():
    plan = load_jaarplan("almere-2023-2024")
    ev = evaluate(plan)
    status = {d.id: d.status for d in ev.doelen}
    per_lt = {lt.id: lt for lt in ev.langetermijndoelen}
    assert list(per_lt) == [lt.id for lt in plan.langetermijndoelen]
    l01 = per_lt["L01"]
    assert [g.id for g in l01.doelen] == ["D01", "D02", "D03", "D04"]
    assert [g.status for g in l01.doelen] == [status[i] for i in ("D01", "D02", "D03", "D04")]
    assert sum(l01.per_status.values()) == 4
    # every goal that names a long-term goal appears under it exactly once
    gekoppeld = [g.id for lt in ev.langetermijndoelen for g in lt.doelen]
    assert sorted(gekoppeld) == sorted(d.id for d in plan.doelen if d.langetermijndoel)


@pytest.mark.shipped
def test_t6_is_measured_by_the_two_75_percent_norms():
    ev = evaluate(load_jaarplan("almere-2023-2024"))
    t6 = [lt for lt in ev.langetermijndoelen if lt.thema == "T6"]
    assert t6
    for lt in t6:
        assert lt.doelen == ()
        (doelen, uren) = lt.normen
        assert (doelen.naam, doelen.norm) == ("doelen_behaald", 0.75)
        assert doelen.aandeel == ev.aandeel_doelen.aandeel
        assert doelen.gehaald == ev.norm_doelen_gehaald
        assert (uren.naam, uren.aandeel, uren.gehaald) == (
            "projecten_binnen_uren",
            ev.aandeel_binnen_uren,
            ev.norm_uren_gehaald,
        )


@pytest.mark.shipped
def test_json_has_long_term_goals():
    d = evaluate(load_jaarplan("almere-2023-2024")).to_dict()
    assert d["long_term_goals"][0]["id"] == "L01"
    assert d["long_term_goals"][0]["doelen"][0]["id"] == "D01"
    assert evaluate(load_jaarplan("plein013-2023")).to_dict()["long_term_goals"] == []
