"""Tests of the statement layer's new findings (evalkit.present.statements)."""

from dataclasses import replace
from pathlib import Path

import pytest

from evalkit.data.load import load_jaarplan
from evalkit.engine.evaluate import evaluate, evaluate_plan
from evalkit.present import statements as st
from evalkit.present import text

DATA = Path(__file__).parents[1] / "fixtures" / "engine" / "data"


def _ev():
    return evaluate(load_jaarplan("engine-oktober", DATA))


@pytest.mark.shipped
def test_norm_origin_names_the_plan_or_the_default():
    assert st.norm_origin("standaard", None) == st.DEFAULT_NORM_TEXT
    assert st.norm_origin("jaarplan", "001 r. 584") == "norm uit het jaarplan, 001 r. 584"
    # the quoted passage of a bron stays out: no brackets inside the sentence's brackets
    assert (
        st.norm_origin("jaarplan", "001 r. 584 (75% behaald)")
        == "norm uit het jaarplan, 001 r. 584"
    )
    s = st.statements(evaluate_plan("almere-2023-2024"))
    assert s.goals_norm_source == "jaarplan" and "001_ba2af8985e897798.txt r. 584" in (
        s.goals_norm_origin
    )


def test_contradictions_are_counted_and_listed():
    s = st.statements(_ev())
    assert s.goals_achieved_note == "waarvan 1 handmatig tegen de cijfers in"
    (c,) = s.contradictions
    assert (c.id, c.status, c.afgeleid_status) == ("D12", "behaald", "niet behaald")
    koppen = [kop for kop, _ in s.carry_over()]
    assert st.CONTRADICTION_HEADING in koppen
    assert "**D12**" in text.lessons_markdown(_ev())
    assert s.goals_on_direction == 1
    assert "1 doel is alleen op de richting" in text.summary_markdown(_ev())


def test_activities_completed_share_in_statements_and_text():
    s = st.statements(_ev())
    assert (s.activities_completed, s.activities_counted, s.activities_completed_share) == (
        3,
        6,
        "50%",
    )
    md = text.activities_markdown(_ev())
    assert md.startswith("3 van de 6 activiteiten (50%) zijn afgerond")
    assert "- Dekkend netwerk: 0 van 2 afgerond (0%)" in md


def test_public_warnings_leave_out_parts_of_pupil_counts():
    ev = _ev()
    w = "Indicatoren thuiszitters tellen samen op tot 3, meer dan het totaal x (2) (ronde M12)."
    ev = replace(ev, waarschuwingen=(*ev.waarschuwingen, w))
    assert w in st.warnings(ev, publiek=False)
    assert w not in st.warnings(ev, publiek=True)


@pytest.mark.shipped
def test_ratio_norm_documents_its_denominator():
    (n,) = st.statements(evaluate_plan("almere-2023-2024")).ratio_norms
    assert n.denominator == (
        "Teller: verschoven_groepsgericht (deze ronde); noemer: leerlingen_gespecialiseerd, "
        "de vorige meting van 1 oktober 2023"
    )
    assert n.share == "5,4%"  # 81 / 1.512, the start-of-year count
