"""The incremental state: input keys, whether an output is current, why a notebook reruns."""

from __future__ import annotations

from evalkit.build.hashing import sha256_text
from evalkit.build.state import is_current, reasons


def schrijf(pad, tekst: str) -> None:
    pad.write_text(tekst, encoding="utf-8")


def test_reasons_name_the_changed_inputs():
    invoer = {"notebook": "n1", "params": "p1", "parameters": {"a": 1}, "data": "d1"}
    status = {"notebooks": {"e": {"invoer": dict(invoer)}}}
    assert reasons(status, "ander", invoer) == ["nieuw"]
    assert reasons(status, "e", invoer) == ["uitvoer ontbreekt of is gewijzigd"]
    assert reasons(status, "e", {**invoer, "data": "d2", "notebook": "n2"}) == ["notebook", "data"]


def test_up_to_date_needs_same_key_and_untouched_output(tmp_path):
    pad = tmp_path / "e.ipynb"
    schrijf(pad, "{}")
    status = {"notebooks": {"e": {"sleutel": "k1", "uitvoer_sha256": sha256_text("{}")}}}
    assert is_current(status, "e", "k1", pad)
    assert not is_current(status, "e", "k2", pad)
    assert not is_current(status, "ander", "k1", pad)
    schrijf(pad, "{} ")
    assert not is_current(status, "e", "k1", pad)
    pad.unlink()
    assert not is_current(status, "e", "k1", pad)
