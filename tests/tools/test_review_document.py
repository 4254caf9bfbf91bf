"""Tests of the review-copy document model and its Markdown writer."""

from __future__ import annotations

import re

from evalkit.tools import review_document, review_store
from evalkit.tools.review_document import BulletList, Form, Heading, Paragraph, Table


def test_nummering_loopt_door_en_versie_id_negeert_nummers():
    blokken = [
        Heading("Titel"),
        Paragraph("Een."),
        BulletList(("twee", "drie")),
        Table("Vier.", ("A", "B"), (("x", "y"),), (1, 1)),
        Form("Vijf.", ("Paragraaf", "Opmerking", "Naam (niet verplicht)")),
    ]
    md = review_document.markdown(blokken)
    assert re.findall(r"\\\[(\d+)\\\]", md)[:4] == ["1", "2", "3", "4"]
    assert "<strong>[5]</strong>" in md and "#strong[\\[5\\]]<p5>" in md
    kaal = review_document.markdown(blokken, numbered=False)
    assert "[1]" not in kaal and "\\[1\\]" not in kaal
    assert review_store.version_id({"a": 1}, kaal) == review_store.version_id({"a": 1}, kaal)
    assert review_store.version_id({"a": 1}, kaal) != review_store.version_id({"a": 2}, kaal)
    assert re.fullmatch(r"[0-9a-f]{12}", review_store.version_id({}, ""))


def test_koppen_en_cellen_worden_ontsnapt():
    tekst = "a*b_c [x] #1 | $5 @p <b>"
    verwacht = "a\\*b\\_c \\[x\\] \\#1 \\| \\$5 \\@p \\<b\\>"
    assert review_document.markdown([Heading(tekst, 2)]) == f"## {verwacht}\n"
    tabel = review_document.markdown([Table("T.", ("k",), ((tekst,),), (1,))], numbered=False)
    assert f"| {verwacht} |" in tabel.splitlines()


def test_melding_en_formulier_zonder_nummer():
    md = review_document.markdown([Paragraph("Let op.", notice=True)])
    assert md == "> [**\\[1\\]**]{#p1 .nr} Let op.\n"
    form = review_document.markdown([Form("F.", ("A", "B", "C"), rows=2)], numbered=False)
    assert "<p>F.</p>" in form and form.count("<tr><td></td><td></td><td></td></tr>") == 2
    assert "rows: (auto,) + (1.3cm,) * 2," in form and "..range(6)" in form
