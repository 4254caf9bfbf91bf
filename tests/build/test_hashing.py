"""Content hashes of texts and folder trees."""

from __future__ import annotations

from evalkit.build.hashing import sha256_text, tree_hash


def schrijf(pad, tekst: str) -> None:
    pad.write_text(tekst, encoding="utf-8")


def test_sha256_text_of_text_and_bytes():
    assert sha256_text("é") == sha256_text("é".encode())
    assert len(sha256_text(b"")) == 64


def test_tree_hash_follows_content_and_ignores_hidden_files(tmp_path):
    (tmp_path / "a").mkdir()
    schrijf(tmp_path / "a" / "x.csv", "1")
    eerst = tree_hash(tmp_path)
    schrijf(tmp_path / "a" / ".x.csv.swp", "rommel")
    assert tree_hash(tmp_path) == eerst
    schrijf(tmp_path / "a" / "x.csv", "2")
    tweede = tree_hash(tmp_path)
    assert tweede != eerst
    (tmp_path / "a" / "x.csv").rename(tmp_path / "a" / "y.csv")
    assert tree_hash(tmp_path) != tweede


def test_tree_hash_can_leave_out_named_subfolders(tmp_path):
    schrijf(tmp_path / "doelen.csv", "1")
    zonder = tree_hash(tmp_path, frozenset({"tekst"}))
    (tmp_path / "tekst").mkdir()
    schrijf(tmp_path / "tekst" / "a.md", "# A")
    assert tree_hash(tmp_path, frozenset({"tekst"})) == zonder
    assert tree_hash(tmp_path) != zonder
