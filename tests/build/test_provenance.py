"""The Verantwoording's provenance: report version, evalkit's source hash, git, lists."""

from __future__ import annotations

from pathlib import Path

from evalkit.build import provenance


def test_versie_kenmerk_hangt_niet_af_van_volgorde():
    a = provenance.version_tag([("x", "1"), ("y", "2")], "0.1.0")
    assert a == provenance.version_tag([("y", "2"), ("x", "1")], "0.1.0")
    assert a != provenance.version_tag([("x", "1"), ("y", "3")], "0.1.0")
    assert a != provenance.version_tag([("x", "1"), ("y", "2")], "0.2.0")


def test_git_commit_buiten_een_repository(tmp_path):
    assert provenance.git_commit(tmp_path) == provenance.NOT_AVAILABLE


def test_opsomming():
    assert provenance.enumeration([]) == ""
    assert provenance.enumeration(["a"]) == "a"
    assert provenance.enumeration(["a", "b", "c"]) == "a, b en c"


def test_evalkit_bron_hash_is_de_boomhash_van_het_pakket():
    import evalkit
    from evalkit.build.hashing import tree_hash

    assert provenance.evalkit_source_hash() == tree_hash(Path(evalkit.__file__).parent)
    assert provenance.version_tag([("x", "1")], "0.1.0", "a" * 64) != provenance.version_tag(
        [("x", "1")], "0.1.0", "b" * 64
    )
