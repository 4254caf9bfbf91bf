"""The run log: appending records and keeping the last runs."""

from __future__ import annotations

from evalkit.build import runlog
from evalkit.build.runlog import keep_last


def test_houd_laatste_keeps_the_newest_lines_atomically(tmp_path):
    pad = tmp_path / "log.jsonl"
    pad.write_text("".join(f'{{"n": {i}}}\n' for i in range(1, 11)), encoding="utf-8")
    assert keep_last(pad, 20) == 0
    assert keep_last(pad, 4) == 6
    assert [r["n"] for r in runlog.read_records(pad)] == [7, 8, 9, 10]
    assert [p.name for p in tmp_path.iterdir()] == ["log.jsonl"]  # no temp file left
    assert keep_last(tmp_path / "bestaat-niet.jsonl", 4) == 0
