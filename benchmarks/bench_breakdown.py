"""Where the time of a cold build of the shipped plans goes; used by bench.py.

Run as `python benchmarks/bench_breakdown.py ROOT` (ROOT: a project after a cold `evalkit run`
and `evalkit report`); prints one JSON object of phase -> seconds:

- kernel start and the warm-up imports, timed in one new kernel (as each worker starts one);
- the notebooks' own code (evaluation, tables, charts) in that kernel, and within it the
  figure rendering to PNG (evalkit.present.display.figure_output, timed by wrapping it);
- papermill/nbclient overhead: the run log's per-notebook seconds of the cold run, less the
  notebooks' code and the kernel starts and imports of the workers;
- pandoc and typst: every book rendered once more in this process, with pandoc and the typst
  compile timed by wrapping them (pandoc runs several chapters at a time: summed seconds).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

PARAMETER_CELL_TAG = "parameters"
FIGURE_TIMER = """
import time as _time
import evalkit.present.display as _display
_figuren = [0.0]
_origineel = _display.figure_output
def _getimed(*a, **k):
    t = _time.perf_counter()
    try:
        return _origineel(*a, **k)
    finally:
        _figuren[0] += _time.perf_counter() - t
_display.figure_output = _getimed
"""


def _code_cells(pad: Path) -> list[str]:
    nb = json.loads(pad.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def _notebook_runs(root: Path) -> list[tuple[list[str], dict]]:
    """(code cells, parameters) of every notebook of every params file, as the runner runs them."""
    import yaml

    uit = []
    for params in sorted((root / "params").glob("*/*.yaml")):
        p = yaml.safe_load(params.read_text(encoding="utf-8"))
        waarden = {"jaarplan": p["jaarplan"], "ronde": p["ronde"], "data_dir": "data"}
        waarden.update(p.get("opties") or {})
        for naam in p.get("notebooks") or ("evaluatie", "overzicht"):
            uit.append((_code_cells(root / "notebooks" / f"{naam}.ipynb"), waarden))
    return uit


def kernel_phases(root: Path) -> dict[str, float]:
    """Kernel start, imports, notebook code and figure rendering in one new kernel."""
    from jupyter_client.manager import KernelManager

    from evalkit.build.kernels import KERNEL_NAME, kernel_env, preload_modules

    runs = _notebook_runs(root)
    modules = preload_modules(
        [(root / "notebooks" / f"{n}.ipynb").read_text("utf-8") for n in _notebooks(root)]
    )
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel(cwd=str(root), env=kernel_env(root))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        t_start = time.perf_counter() - t0

        def run(code: str) -> float:
            t = time.perf_counter()
            antwoord = kc.execute_interactive(
                code, store_history=False, timeout=300, output_hook=_ignore
            )
            if antwoord["content"]["status"] != "ok":
                raise RuntimeError(f"{antwoord['content'].get('evalue')}\n{code[:200]}")
            return time.perf_counter() - t

        t_imports = run(
            "import importlib\n"
            f"for _m in {modules!r}:\n"
            "    try:\n        importlib.import_module(_m)\n    except Exception:\n        pass\n"
        )
        run(FIGURE_TIMER)
        t_code = 0.0
        for cellen, waarden in runs:
            toewijzing = "".join(f"{k} = {v!r}\n" for k, v in waarden.items())
            t_code += sum(run(c) for c in [cellen[0] + "\n" + toewijzing, *cellen[1:]])
            run("import matplotlib.pyplot as _plt; _plt.close('all')")
        kc.execute_interactive("print(_figuren[0])", output_hook=_grab, timeout=60)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return {
        "kernel_start": t_start,
        "imports": t_imports,
        "notebook_code": t_code,
        "figures": _GRABBED[-1] if _GRABBED else 0.0,
        "notebooks": len(runs),
    }


_GRABBED: list[float] = []


def _ignore(_msg: dict) -> None:
    """Output of the notebooks' cells is not needed here."""


def _grab(msg: dict) -> None:
    if msg["msg_type"] == "stream":
        _GRABBED.append(float(msg["content"]["text"].strip()))


def _notebooks(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "notebooks").glob("*.ipynb"))


def render_phases(root: Path) -> dict[str, float]:
    """pandoc and typst seconds of rendering every book once more (one process)."""
    from evalkit.build import render, report

    tijden = {"pandoc": 0.0, "typst": 0.0}

    def timed(naam: str, functie):
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return functie(*a, **k)
            finally:
                tijden[naam] += time.perf_counter() - t

        return wrapper

    render.pandoc = timed("pandoc", render.pandoc)
    render.compile_pdf = timed("typst", render.compile_pdf)
    t = time.perf_counter()
    report.make_reports(None, renderer="ingebouwd", force=True, jobs=1, uitvoeren=False)
    tijden["render_total"] = time.perf_counter() - t
    return tijden


def runlog_seconds(root: Path) -> tuple[float, int]:
    """Per-notebook seconds summed over the first (cold) run in the run log, and its workers."""
    eerste = json.loads((root / "reports" / "run-log.jsonl").read_text("utf-8").splitlines()[0])
    totaal = sum(n.get("duur_s") or 0.0 for n in eerste.get("notebooks", []))
    return totaal, int(eerste.get("argumenten", {}).get("jobs") or 1)


def main(root: Path) -> int:
    os.environ["EVALKIT_ROOT"] = str(root)
    uit = kernel_phases(root)
    notebook_s, werkers = runlog_seconds(root)
    uit["runlog_notebooks"] = notebook_s
    uit["workers"] = werkers
    uit["papermill_overhead"] = (
        notebook_s - uit["notebook_code"] - werkers * (uit["kernel_start"] + uit["imports"])
    )
    uit.update(render_phases(root))
    print(json.dumps(uit))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve()))
