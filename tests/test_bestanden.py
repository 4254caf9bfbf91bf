"""Atomic writes keep the previous file when writing fails; checksums are SHA-256."""

from __future__ import annotations

import hashlib

import pytest

from evalkit.bestanden import schrijf_atomair, schrijf_atomair_met, sha256


def test_schrijf_atomair_writes_text_and_bytes(tmp_path):
    schrijf_atomair(tmp_path / "a" / "x.txt", "één\n")
    schrijf_atomair(tmp_path / "y.bin", b"\x00\x01")
    assert (tmp_path / "a" / "x.txt").read_text(encoding="utf-8") == "één\n"
    assert (tmp_path / "y.bin").read_bytes() == b"\x00\x01"


def test_failed_write_leaves_previous_file_and_no_temp_files(tmp_path):
    doel = tmp_path / "rapport.txt"
    doel.write_text("oud", encoding="utf-8")

    def half_en_dan_fout(pad):
        pad.write_text("half", encoding="utf-8")
        raise RuntimeError("schijf vol")

    with pytest.raises(RuntimeError):
        schrijf_atomair_met(doel, half_en_dan_fout)
    assert doel.read_text(encoding="utf-8") == "oud"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.txt"]


def test_sha256_matches_hashlib(tmp_path):
    pad = tmp_path / "z"
    pad.write_bytes(b"evalkit" * 20000)
    assert sha256(pad) == hashlib.sha256(b"evalkit" * 20000).hexdigest()
