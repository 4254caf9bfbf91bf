"""Atomic writes keep the previous file when writing fails; checksums are SHA-256."""

from __future__ import annotations

import hashlib

import pytest

from evalkit.files import sha256, write_atomic, write_atomic_with


def test_schrijf_atomair_writes_text_and_bytes(tmp_path):
    write_atomic(tmp_path / "a" / "x.txt", "één\n")
    write_atomic(tmp_path / "y.bin", b"\x00\x01")
    assert (tmp_path / "a" / "x.txt").read_text(encoding="utf-8") == "één\n"
    assert (tmp_path / "y.bin").read_bytes() == b"\x00\x01"


def test_failed_write_leaves_previous_file_and_no_temp_files(tmp_path):
    doel = tmp_path / "rapport.txt"
    doel.write_text("oud", encoding="utf-8")

    def half_en_dan_fout(pad):
        pad.write_text("half", encoding="utf-8")
        raise RuntimeError("schijf vol")

    with pytest.raises(RuntimeError):
        write_atomic_with(doel, half_en_dan_fout)
    assert doel.read_text(encoding="utf-8") == "oud"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.txt"]


def test_sha256_matches_hashlib(tmp_path):
    pad = tmp_path / "z"
    pad.write_bytes(b"evalkit" * 20000)
    assert sha256(pad) == hashlib.sha256(b"evalkit" * 20000).hexdigest()
