"""Activities in plain words and 'Wat betekent dit voor volgend jaar?' in the OPR copy."""

import os

import pytest

from evalkit import cli, paths
from evalkit.data import load
from evalkit.engine.evaluate import evaluate
from evalkit.errors import OutputError
from evalkit.tools import review, review_activities

PLEIN = "plein013-2023"


@pytest.fixture(scope="module")
def plein():
    plan = load.load_jaarplan(PLEIN)
    ev = evaluate(plan)
    staff = review_activities.staff_text(paths.plan_dir(PLEIN))
    wanneer = {a.id: a.wanneer for a in plan.activiteiten}
    return ev, review.document_markdown(ev, staff=staff, wanneer=wanneer)


def test_activities_by_description_with_plain_status(plein):
    ev, document = plein
    assert "Zonder eigen budget en zonder ingevulde uitgaven" not in document
    assert "A01, A02, A03" not in document  # no bare id lists
    plain = {"afgerond": "afgerond", "loopt": "loopt nog", "niet gestart": "niet begonnen",
             "uitgesteld": "uitgesteld", "vervallen": "geschrapt"}  # fmt: skip
    for a in ev.activiteiten:
        start = document.index(review.md(a.omschrijving))
        line = document[start : document.index("\n", start)]
        assert f" — **{plain[a.status]}**." in line, a.id
        if a.wie:
            assert f"Wie: {review.md(a.wie)}." in line
    assert "Wanneer: 2023." in document
    assert "Activiteiten bij dit thema" in document
    assert "— **loopt**." not in document


def test_next_year_section(plein):
    _, document = plein
    section = document.split("\n# Wat betekent dit voor volgend jaar?\n", 1)[1]
    assert "Dit doel is niet gehaald:" in section
    assert "Deze doelen zijn voor een deel gehaald:" in section
    assert "Bij deze activiteiten is meer geld uitgegeven dan begroot:" in section
    assert "nog niet af:" in section
    assert "status handmatig" not in section and "kwalitatief doel" not in section
    # the staff's own chapter about the coming jaarplan (data/<id>/tekst/komend-jaarplan.md)
    assert "## Conclusies van het samenwerkingsverband voor het komende jaarplan" in section
    assert "In het jaarplan 2024 leggen we daarom meer nadruk" in section


def test_staff_text_refuses_a_symlink(tmp_path):
    (tmp_path / "tekst").mkdir()
    (tmp_path / "elders.md").write_text("# Geheim\n", encoding="utf-8")
    os.symlink(tmp_path / "elders.md", tmp_path / "tekst" / "komend-jaarplan.md")
    with pytest.raises(OutputError, match="symbolische koppeling"):
        review_activities.staff_text(tmp_path)


def test_staff_text_is_escaped(tmp_path):
    (tmp_path / "tekst").mkdir()
    (tmp_path / "tekst" / "volgend-jaar.md").write_text(
        "# Plan\n\nTekst met <b>html</b> en [link](http://x) en *nadruk*.\n\n- punt een\n",
        encoding="utf-8",
    )
    (tmp_path / "tekst" / "iets-anders.md").write_text("Niet opnemen.\n", encoding="utf-8")
    blocks = review_activities.staff_text(tmp_path)
    text = review.markdown(blocks, numbered=False)
    assert "## Plan" in text and "Niet opnemen" not in text
    assert "\\<b\\>html\\</b\\>" in text and "http://x" not in text and "*nadruk*" in text
    assert "- punt een" in text


def test_cli_prints_the_abbreviation_warning_on_stderr(monkeypatch, capsys, tmp_path):
    u = review.Outcome(
        True, 1, "0123456789ab", tmp_path, None, {}, (), None, 1, ("Let op: XYZ ontbreekt.",)
    )
    monkeypatch.setattr(review, "make_copy", lambda *a, **k: u)
    assert cli.main(["review-copy", "x"]) == 0
    uit = capsys.readouterr()
    assert uit.err == "Let op: XYZ ontbreekt.\n"
    assert "XYZ" not in uit.out
