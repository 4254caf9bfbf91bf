"""Tests of the review-copy store: a copy folder is never overwritten."""

from __future__ import annotations

import pytest

from evalkit.errors import OutputError
from evalkit.tools import review_store


def test_bestaande_kopiemap_wordt_niet_overschreven(tmp_path):
    opr = tmp_path / "opr"
    doel = review_store.copy_folder(opr, 1, "0123456789ab")
    doel.mkdir(parents=True)
    (doel / "manifest.json").write_text("oud", encoding="utf-8")
    nieuw = tmp_path / "nieuw"
    nieuw.mkdir()
    (nieuw / "manifest.json").write_text("nieuw", encoding="utf-8")
    with pytest.raises(OutputError, match=r"niet aanmaken \(bestaat al\).*niets overschreven"):
        review_store.commit_copy(nieuw, doel, "{}\n")
    assert (doel / "manifest.json").read_text(encoding="utf-8") == "oud"
    assert (nieuw / "manifest.json").is_file()
    assert not (opr / ".intern").exists()  # no internal file and no new .intern folder left


def test_interne_evaluatie_komt_naast_de_kopiemap(tmp_path):
    opr = tmp_path / "opr"
    opr.mkdir()
    doel = review_store.copy_folder(opr, 2, "0123456789ab")
    nieuw = opr / ".maken"
    nieuw.mkdir()
    review_store.commit_copy(nieuw, doel, '{"a": 1}\n')
    assert doel.is_dir() and not nieuw.exists()
    intern = review_store.internal_path(doel)
    assert intern == opr / ".intern" / "v002-0123456789ab.json"
    assert intern.read_text(encoding="utf-8") == '{"a": 1}\n'
    assert sorted(p.name for p in intern.parent.iterdir()) == [intern.name]
