"""Speed benchmark of `evalkit validate` on a large CSV; prints its figures, asserts nothing.

Usage: python benchmarks/validate_large.py [--rows 100000] [--repeat 1] [--keep]

Copies the small valid jaarplan of tests/fixtures/geldig into a temporary folder, writes an
indicatorwaarden.csv of --rows data rows (the documented row cap is 100.000 per file), and
times `evalkit validate <folder>` as a subprocess (wall clock, including interpreter start).
The repository is not touched.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GELDIG = REPO / "tests" / "fixtures" / "geldig"
EVALKIT = [sys.executable, "-m", "evalkit"]


def build_plan(basis: Path, rijen: int) -> Path:
    """A copy of the valid fixture whose indicatorwaarden.csv has `rijen` data rows."""
    map_ = basis / "geldig"
    shutil.copytree(GELDIG, map_)
    begin = date(2000, 1, 1)
    regels = ["indicator;peildatum;waarde;bron"]
    for i in range(rijen):
        dag = (begin + timedelta(days=i % 9000)).strftime("%-d-%-m-%Y")
        regels.append(
            f"leerlingen_gespecialiseerd;{dag};{1000 + i % 997}.{i % 1000:03d};bron r. {i}"
        )
    (map_ / "indicatorwaarden.csv").write_text("\n".join(regels) + "\n", encoding="utf-8")
    return map_


def time_validate(map_: Path) -> tuple[float, int, str]:
    """Seconds, exit code and the first output line of one `evalkit validate <map_>`."""
    start = time.perf_counter()
    uit = subprocess.run([*EVALKIT, "validate", str(map_)], capture_output=True, text=True)
    duur = time.perf_counter() - start
    eerste = (uit.stdout + uit.stderr).strip().splitlines()[:1]
    return duur, uit.returncode, eerste[0] if eerste else ""


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=100_000, help="data rows (default 100000)")
    p.add_argument("--repeat", type=int, default=1, help="number of timed runs")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = p.parse_args()
    basis = Path(tempfile.mkdtemp(prefix="evalkit-validate-large-"))
    try:
        map_ = build_plan(basis, args.rows)
        grootte = (map_ / "indicatorwaarden.csv").stat().st_size
        print(f"{args.rows} rijen in indicatorwaarden.csv ({grootte / 1e6:.1f} MB)")
        for n in range(1, args.repeat + 1):
            duur, code, eerste = time_validate(map_)
            print(f"run {n}: evalkit validate {duur:.2f} s (exit {code}): {eerste}")
    finally:
        if args.keep:
            print(f"map bewaard: {basis}")
        else:
            shutil.rmtree(basis, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
