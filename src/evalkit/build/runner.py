"""`evalkit run`: execute the notebooks of every params file with papermill, incrementally.

Heavy modules (papermill, nbclient, jupyter_client, nbformat) are imported only once there is
work to do, so that a run with nothing changed stays fast. Each worker process keeps one
kernel and resets it between notebooks; `fresh_kernels=True` (or EVALKIT_FRESH_KERNELS=1)
starts a new kernel per notebook instead.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evalkit import paths
from evalkit.build import runlog
from evalkit.data.params import (
    Params,
    all_params,
    data_parameter,
    notebook_input,
    notebook_parameters,
)
from evalkit.data.read import plan_ids
from evalkit.errors import OutputError, ParameterError, os_reason
from evalkit.files import write_atomic

STATUS_FILE = ".evalkit-state.json"
RUNLOG = "run-log.jsonl"
RUNLOG_MAXIMUM = 200  # runs kept in the run log (about 15 KB each)
STATUS_VERSION = 1
KERNEL_NAME = "python3"
# Modules every kernel imports up front, besides those the notebooks themselves import.
ALWAYS_PRELOAD = ("evalkit",)
# Tags of papermill's injected-parameters cell in the saved output (remove-cell: hidden in the
# rendered report by Quarto and the built-in renderer).
INJECTION_TAGS = ("injected-parameters", "remove-cell")
_TIME_KEYS = ("start_time", "end_time", "duration")


# --------------------------------------------------------------------------------------------
# Pure helpers: formatting, hashing, deciding, cleaning


def seconden(s: float) -> str:
    """A duration in Dutch notation with one decimal: 1.84 -> '1,8 s'."""
    return f"{s:.1f}".replace(".", ",") + " s"


def sha256_text(data: bytes | str) -> str:
    """Hex sha256 of bytes or UTF-8 text."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _files(map_: Path) -> list[str]:
    """Relative POSIX paths of all files under a folder, skipping hidden ones and caches."""
    uit = []
    for wortel, mappen, namen in os.walk(map_):
        mappen[:] = [m for m in mappen if not m.startswith(".") and m != "__pycache__"]
        basis = Path(wortel).relative_to(map_)
        for naam in namen:
            if naam.startswith(".") or naam.endswith((".pyc", ".pyo")):
                continue
            uit.append((basis / naam).as_posix())
    return sorted(uit)


def tree_hash(map_: Path) -> str:
    """One sha256 over the names and contents of every file under a folder."""
    h = hashlib.sha256()
    if map_.is_dir():
        for rel in _files(map_):
            h.update(rel.encode("utf-8") + b"\0")
            h.update(hashlib.sha256((map_ / rel).read_bytes()).digest())
    return h.hexdigest()


def sleutel(invoer: dict[str, Any]) -> str:
    """The key of a notebook's inputs: sha256 of their canonical JSON."""
    return sha256_text(json.dumps(invoer, sort_keys=True, ensure_ascii=False))


def is_current(status: dict[str, Any], notebook: str, invoer_sleutel: str, uitvoer: Path) -> bool:
    """True if the last successful run used the same inputs and its output is still there."""
    vorig = status.get("notebooks", {}).get(notebook)
    if not vorig or vorig.get("sleutel") != invoer_sleutel:
        return False
    try:
        return sha256_text(uitvoer.read_bytes()) == vorig.get("uitvoer_sha256")
    except OSError:
        return False


INPUT_NAMES = {
    "notebook": "notebook",
    "params": "parameterbestand",
    "parameters": "parameters",
    "data_scope": "data",
    "data": "data",
    "evalkit": "evalkit-broncode",
    "versies": "pakketversies",
}


def reasons(status: dict[str, Any], notebook: str, invoer: dict[str, Any]) -> list[str]:
    """Why a notebook runs again (Dutch): which inputs differ from its last successful run."""
    vorig = status.get("notebooks", {}).get(notebook)
    if not vorig:
        return ["nieuw"]
    oud = vorig.get("invoer", {})
    uit = [INPUT_NAMES.get(k, k) for k in invoer if oud.get(k) != invoer[k]]
    return list(dict.fromkeys(uit)) or ["uitvoer ontbreekt of is gewijzigd"]


def imported_modules(nb_tekst: str) -> list[str]:
    """Top-level module names a notebook imports (cells that do not parse are skipped)."""
    try:
        cellen = json.loads(nb_tekst).get("cells", [])
    except ValueError:
        return []
    uit: dict[str, None] = {}
    for cel in cellen:
        if cel.get("cell_type") != "code":
            continue
        bron = cel.get("source", "")
        bron = "".join(bron) if isinstance(bron, list) else bron
        try:
            boom = ast.parse(bron)
        except SyntaxError:
            continue
        for knoop in ast.walk(boom):
            if isinstance(knoop, ast.Import):
                for alias in knoop.names:
                    uit[alias.name] = None
            elif isinstance(knoop, ast.ImportFrom) and knoop.level == 0 and knoop.module:
                uit[knoop.module] = None
                # `from pkg import name` may import a submodule; trying costs little.
                for alias in knoop.names:
                    if alias.name != "*":
                        uit[f"{knoop.module}.{alias.name}"] = None
    return list(uit)


def clean_notebook(nb: Any, bron_ids: set[str], bron_rel: str, doel_rel: str) -> Any:
    """Make an executed notebook reproducible, in place: no timestamps, stable ids, no paths.

    Removes papermill's and nbclient's timing metadata, records the input and output as
    project-relative paths, gives cells that papermill added (injected parameters, error
    markers) or re-numbered stable ids, and tags the injected-parameters cell so that
    renderers hide it.
    """
    meta = nb.metadata.get("papermill")
    if meta is not None:
        for k in _TIME_KEYS:
            meta.pop(k, None)
        meta["input_path"] = bron_rel
        meta["output_path"] = doel_rel
    gebruikt: set[str] = set()
    for i, cel in enumerate(nb.cells):
        cel.metadata.pop("execution", None)
        pm = cel.metadata.get("papermill")
        if pm is not None:
            for k in _TIME_KEYS:
                pm.pop(k, None)
        tags = list(cel.metadata.get("tags", []))
        if "injected-parameters" in tags:
            for t in INJECTION_TAGS:
                if t not in tags:
                    tags.append(t)
            cel.metadata["tags"] = tags
            nieuw = "injected-parameters"
        elif cel.get("id") in bron_ids and cel.get("id") not in gebruikt:
            nieuw = cel["id"]
        elif "papermill-error-cell-tag" in tags:
            nieuw = f"papermill-error-{i}"
        else:
            nieuw = f"cell-{i}"
        while nieuw in gebruikt:
            nieuw += "-x"
        if "id" in cel or nb.get("nbformat_minor", 0) >= 5:
            cel["id"] = nieuw
        gebruikt.add(nieuw)
    return nb


def _display_path(pad: Path, root: Path | str | None) -> str:
    """A path for a message: project-relative when inside the project, else as it is."""
    if root is not None:
        try:
            return Path(pad).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return str(pad)


def _rel(pad: Path, root: Path | str | None) -> str:
    if root is None:
        return Path(pad).as_posix()
    try:
        return Path(pad).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(pad).name


def read_status(map_: Path) -> dict[str, Any]:
    """The state file of one output folder (empty when missing or unreadable)."""
    try:
        status = json.loads((map_ / STATUS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return status if isinstance(status, dict) and status.get("versie") == STATUS_VERSION else {}


# --------------------------------------------------------------------------------------------
# Planning: params -> tasks with their input keys


@dataclass(frozen=True)
class Task:
    """One notebook to execute for one jaarplan and ronde, with everything the worker needs."""

    jaarplan: str
    ronde: str
    notebook: str
    bron: str
    bron_tekst: str
    doel: str
    bron_rel: str
    doel_rel: str
    parameters: dict[str, Any] = field(default_factory=dict)
    invoer: dict[str, Any] = field(default_factory=dict)
    sleutel: str = ""

    @property
    def naam(self) -> str:
        return f"{self.jaarplan}/{self.ronde}/{self.notebook}"


@dataclass
class _Planner:
    root: Path
    data_dir: Path
    notebooks_dir: Path
    reports_dir: Path
    versies: dict[str, str]
    _cache: dict[str, Any] = field(default_factory=dict)

    def _once(self, sleutel_: str, maak):
        if sleutel_ not in self._cache:
            self._cache[sleutel_] = maak()
        return self._cache[sleutel_]

    def notebook(self, naam: str) -> tuple[str, str, str]:
        def read_records() -> tuple[str, str, str]:
            pad = self.notebooks_dir / f"{naam}.ipynb"
            data = pad.read_bytes()
            tekst = data.decode("utf-8")
            return tekst, sha256_text(data), notebook_input(pad, tekst)

        return self._once("nb:" + naam, read_records)

    def data_hash(self, scope: str) -> str:
        pad = self.data_dir if scope == "*" else self.data_dir / scope
        return self._once("data:" + scope, lambda: tree_hash(pad))

    def evalkit_hash(self) -> str:
        return self._once("evalkit", lambda: tree_hash(paths.PACKAGE_DIR))

    def taken(self, alle: list[Params], params_dir: Path) -> list[Task]:
        data_tekst = data_parameter(self.data_dir, self.root)
        versies_hash = sleutel(self.versies)
        uit = []
        for p in alle:
            params_hash = sha256_text(p.bestand.read_bytes())
            parameters = notebook_parameters(p, data_tekst)
            for nb in p.notebooks:
                tekst, nb_hash, scope = self.notebook(nb)
                invoer = {
                    "notebook": nb_hash,
                    "params": params_hash,
                    "parameters": parameters,
                    "data_scope": scope,
                    "data": self.data_hash("*" if scope == "alle" else p.jaarplan),
                    "evalkit": self.evalkit_hash(),
                    "versies": versies_hash,
                }
                doel = self.reports_dir / p.jaarplan / p.ronde / f"{nb}.ipynb"
                uit.append(
                    Task(
                        jaarplan=p.jaarplan,
                        ronde=p.ronde,
                        notebook=nb,
                        bron=str(self.notebooks_dir / f"{nb}.ipynb"),
                        bron_tekst=tekst,
                        doel=str(doel),
                        bron_rel=_rel(self.notebooks_dir / f"{nb}.ipynb", self.root),
                        doel_rel=_rel(doel, self.root),
                        parameters=parameters,
                        invoer=invoer,
                        sleutel=sleutel(invoer),
                    )
                )
        return uit


# --------------------------------------------------------------------------------------------
# Worker side: one kernel per process, reset between notebooks

# Runs inside the kernel as module `_evalkit_kernel`: imports up front, remembers the start
# state, and restores it before each notebook so that a reused kernel behaves like a new one.
_KERNEL_HELPER = r"""
import gc, importlib, locale, os, sys, warnings

_begin = {}


def opwarmen(modules):
    for naam in modules:
        try:
            importlib.import_module(naam)
        except Exception:
            pass
    _begin["cwd"] = os.getcwd()
    _begin["env"] = dict(os.environ)
    _begin["path"] = list(sys.path)
    _begin["filters"] = list(warnings.filters)
    try:
        _begin["locale"] = locale.setlocale(locale.LC_ALL)
    except locale.Error:
        pass
    if "numpy" in sys.modules:
        _begin["numpy"] = sys.modules["numpy"].get_printoptions()
    if "matplotlib" in sys.modules:
        _begin["rc"] = dict(sys.modules["matplotlib"].rcParams)
    if "matplotlib_inline.config" in sys.modules:
        cfg = sys.modules["matplotlib_inline.config"].InlineBackend.instance()
        _begin["inline"] = (
            set(cfg.figure_formats), dict(cfg.print_figure_kwargs), cfg.close_figures
        )
    # Everything imported so far lives as long as the kernel: keep it out of the collections
    # that IPython's reset runs before every notebook (a full one took about 0.2 s).
    gc.collect()
    gc.freeze()


def herstel():
    from IPython import get_ipython

    ip = get_ipython()
    ip.reset(new_session=True)
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "rc" in _begin:
            sys.modules["matplotlib"].rcParams.update(_begin["rc"])
        if "pandas" in sys.modules:
            sys.modules["pandas"].reset_option("all")
    if "numpy" in _begin and "numpy" in sys.modules:
        sys.modules["numpy"].set_printoptions(**_begin["numpy"])
    if "inline" in _begin:
        from IPython.core.pylabtools import select_figure_formats

        cfg = sys.modules["matplotlib_inline.config"].InlineBackend.instance()
        formats, kwargs, sluiten = _begin["inline"]
        cfg.print_figure_kwargs = dict(kwargs)
        cfg.close_figures = sluiten
        if set(cfg.figure_formats) != formats:
            cfg.figure_formats = set(formats)
        select_figure_formats(ip, formats, **kwargs)
    warnings.filters[:] = _begin["filters"]
    warnings._filters_mutated()
    os.environ.clear()
    os.environ.update(_begin["env"])
    sys.path[:] = _begin["path"]
    os.chdir(_begin["cwd"])
    if "locale" in _begin:
        locale.setlocale(locale.LC_ALL, _begin["locale"])
"""


@functools.cache
def _km_class():
    """An AsyncKernelManager class that hands out one kernel client, kept for all notebooks."""
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager

    class _KernelClient(AsyncKernelClient):
        """A kernel client that nbclient may set up again for every notebook.

        The channels start once, and the wait for readiness (which always ends with a 0.2 s
        iopub flush) is done once; later, the runner's reset round trip has just shown that
        the kernel is ready.
        """

        _gestart = False
        _klaar = False

        def start_channels(self, *args, **kwargs):
            if not self._gestart:
                super().start_channels(*args, **kwargs)
                self._gestart = True

        async def wait_for_ready(self, timeout=None):
            if not self._klaar:
                await super()._async_wait_for_ready(timeout=timeout)
                self._klaar = True

    class _KernelManager(AsyncKernelManager):
        """A kernel manager with one client, kept open across notebooks.

        This saves a new iopub subscription and readiness check for every notebook.
        """

        def client(self, **kwargs):
            if not self.evalkit_clients:
                self.client_factory = _KernelClient
                self.evalkit_clients.append(super().client(**kwargs))
            return self.evalkit_clients[0]

    return _KernelManager


def kernel_env(root: Path | str) -> dict[str, str]:
    """The environment of a notebook kernel: ours, with the project root and fixed hashing."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # agg would suppress figure outputs; the kernel picks inline
    env["EVALKIT_ROOT"] = str(root)
    env["PYTHONHASHSEED"] = "0"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


class _Kernel:
    """One IPython kernel over ipc sockets in a private temp folder (no TCP port races)."""

    def __init__(self, root: str, modules: list[str] | None):
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self.map = tempfile.mkdtemp(prefix="evalkit-k")
        km = _km_class()(kernel_name=KERNEL_NAME, transport="ipc")
        km.evalkit_clients = []
        km.ip = os.path.join(self.map, "k")
        km.connection_file = os.path.join(self.map, "kernel.json")
        self.km = km
        self.bc = None
        self.gebruikt = 0  # notebooks started in this kernel
        try:
            run_sync(km.start_kernel)(
                cwd=root,
                env=kernel_env(root),
                extra_arguments=["--HistoryManager.hist_file=:memory:"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.bc = km.blocking_client()
            self.bc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
            self._wait_until_ready()
            if modules is not None:
                code = (
                    "import sys as _s, types as _t\n"
                    "_m = _t.ModuleType('_evalkit_kernel')\n"
                    f"exec({_KERNEL_HELPER!r}, _m.__dict__)\n"
                    "_s.modules['_evalkit_kernel'] = _m\n"
                    f"_m.opwarmen({modules!r})\n"
                    "del _s, _t, _m\n"
                )
                self.execute_silently(code)
        except BaseException:
            self.stop()
            raise

    def kernel_alive(self) -> bool:
        try:
            return bool(self._run_sync(self.km.is_alive)())
        except Exception:
            return False

    def _reply(self, msg_id: str, timeout: float) -> dict | None:
        import queue

        eind = time.monotonic() + timeout
        while time.monotonic() < eind:
            try:
                msg = self.bc.get_shell_msg(timeout=min(1.0, max(0.01, eind - time.monotonic())))
            except queue.Empty:
                if not self.kernel_alive():
                    raise RuntimeError("Kernel died before replying") from None
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return msg
        return None

    def _wait_until_ready(self, timeout: float = 60.0) -> None:
        eind = time.monotonic() + timeout
        while time.monotonic() < eind:
            if self._reply(self.bc.kernel_info(), 2.0) is not None:
                return
        raise RuntimeError("Kernel didn't respond in time")

    def execute_silently(self, code: str, timeout: float = 300.0) -> None:
        """Run code silently (no history, no execution count) and check that it succeeded."""
        msg = self._reply(self.bc.execute(code, silent=True, store_history=False), timeout)
        if msg is None:
            raise RuntimeError("Kernel didn't respond in time")
        inhoud = msg["content"]
        if inhoud.get("status") != "ok":
            raise RuntimeError(f"kernelhulp mislukt: {inhoud.get('ename')}: {inhoud.get('evalue')}")

    def reset(self) -> None:
        """Reset the kernel to its state right after start-up and imports."""
        self.execute_silently("__import__('sys').modules['_evalkit_kernel'].herstel()")

    def close_clients(self) -> None:
        """Close the channels of the clients nbclient opened on this kernel."""
        for kc in self.km.evalkit_clients:
            with contextlib.suppress(Exception):
                kc.stop_channels()
        self.km.evalkit_clients.clear()

    def stop(self) -> None:
        try:
            self.close_clients()
            if self.bc is not None:
                self.bc.stop_channels()
            if self.km.has_kernel:
                self._run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:
            pass
        finally:
            shutil.rmtree(self.map, ignore_errors=True)


_WORKER: dict[str, Any] = {}


def _start_worker(config: dict[str, Any], subproces: bool = True) -> None:
    """Initialise a worker (a pool process, or this process when running without a pool)."""
    import logging

    # papermill warns (in English) about options a notebook does not declare; a params file's
    # opties go to all its notebooks, so that is expected.
    logging.getLogger("papermill").setLevel(logging.ERROR)
    # After Ctrl-C, nbclient's pending tasks on a killed kernel only produce noise.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    _stop_worker()
    _WORKER.update(config)
    _WORKER["kernel"] = None
    if subproces:
        import asyncio
        from multiprocessing import util

        # A forked worker inherits the parent's event loop object (when the parent ran a
        # kernel before, e.g. in tests); close this copy so that a new loop is made here.
        with contextlib.suppress(Exception), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            geerfd = asyncio.get_event_loop_policy().get_event_loop()
            if not geerfd.is_running():
                geerfd.close()
        util.Finalize(None, _stop_worker, exitpriority=100)


def _stop_worker() -> None:
    kernel = _WORKER.get("kernel")
    _WORKER["kernel"] = None
    if kernel is not None:
        kernel.stop()


def _prepare_kernel(nieuw: bool = False) -> _Kernel:
    """The kernel for the next notebook: a fresh one, or the worker's one after a reset."""
    root = _WORKER["root"]
    if _WORKER["vers"]:
        return _Kernel(root, None)
    kernel = _WORKER.get("kernel")
    if kernel is not None and (nieuw or not kernel.kernel_alive()):
        kernel.stop()
        kernel = None
    if kernel is None:
        kernel = _Kernel(root, _WORKER["modules"])
        _WORKER["kernel"] = kernel
    try:
        kernel.reset()
    except RuntimeError:
        kernel.stop()
        kernel = _WORKER["kernel"] = _Kernel(root, _WORKER["modules"])
        kernel.reset()
    return kernel


_KERNEL_ERRORS = ("Kernel died", "Address already in use", "Kernel didn't respond", "dead kernel")


def _is_kernel_problem(exc: BaseException, kernel: _Kernel | None) -> bool:
    if type(exc).__name__ == "DeadKernelError":
        return True
    if any(t.lower() in str(exc).lower() for t in _KERNEL_ERRORS):
        return True
    return kernel is not None and not kernel.kernel_alive()


class RunError(RuntimeError):
    """A failure of the runner itself, with a Dutch message (shown as it is)."""


def error_of(exc: BaseException, root: Path | str | None = None) -> dict[str, str]:
    """Describe a failure outside the notebook's own cells: exception kind and a Dutch message.

    `ename`/`evalue` go to the run log for diagnosis; `melding` is what the user sees: a file
    system error names the file (or, for the runner's temp file, the output folder) and the
    reason in Dutch, a kernel problem says so, anything else is marked as unexpected.
    """
    uit = {"ename": type(exc).__name__, "evalue": str(exc)}
    if isinstance(exc, OSError):
        reden = os_reason(exc)
        if exc.filename:
            pad = Path(exc.filename)
            if pad.name.endswith(".tmp.ipynb"):
                uit["melding"] = (
                    f"kan de uitvoer niet schrijven in {_display_path(pad.parent, root)}/ ({reden})"
                )
            else:
                uit["melding"] = f"{_display_path(pad, root)}: {reden}"
        else:
            uit["melding"] = f"bestandsfout ({reden})"
    elif isinstance(exc, RunError):
        uit["melding"] = str(exc)
    elif _is_kernel_problem(exc, None):
        uit["melding"] = "de Python-kernel is onverwacht gestopt of reageerde niet op tijd"
    else:
        uit["melding"] = (
            "onverwachte fout bij het uitvoeren; de technische details staan in "
            f"reports/{RUNLOG} ({str(exc)[:200]})"
        )
    return uit


def execute_task(taak: Task) -> dict[str, Any]:
    """Execute one notebook into its output folder; never raises for notebook or file errors."""
    begin = time.monotonic()
    uitslag: dict[str, Any] = {"naam": taak.naam, "ok": False, "pogingen": 0}
    try:
        _execute_task(taak, uitslag)
    except Exception as exc:  # a file system error, say: reported, never a traceback
        uitslag["ok"] = False
        uitslag["fout"] = error_of(exc, _WORKER.get("root"))
    uitslag["duur"] = round(time.monotonic() - begin, 3)
    return uitslag


def _execute_task(taak: Task, uitslag: dict[str, Any]) -> None:
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    doel = Path(taak.doel)
    doel.parent.mkdir(parents=True, exist_ok=True)
    tmp = doel.with_name(f".{doel.stem}.{os.getpid()}.tmp.ipynb")
    mislukt = doel.with_name(f"{taak.notebook}.mislukt.ipynb")
    bron_ids = {c.get("id") for c in json.loads(taak.bron_tekst).get("cells", []) if c.get("id")}

    def bewaar(nb: Any, pad: Path) -> str:
        clean_notebook(nb, bron_ids, taak.bron_rel, taak.doel_rel)
        tekst = nbformat.writes(nb)
        if not tekst.endswith("\n"):
            tekst += "\n"
        write_atomic(pad, tekst)
        return sha256_text(tekst)

    try:
        while True:
            uitslag["pogingen"] += 1
            kernel = None
            try:
                kernel = _prepare_kernel(nieuw=uitslag["pogingen"] > 1)
                kernel.gebruikt += 1
                uitslag["kernel_volgnummer"] = kernel.gebruikt
                if sha256_text(Path(taak.bron).read_bytes()) != taak.invoer["notebook"]:
                    raise RunError(f"{taak.bron_rel} is tijdens de run gewijzigd")
                nb = pm.execute_notebook(
                    taak.bron,
                    str(tmp),
                    parameters=dict(taak.parameters),
                    kernel_name=KERNEL_NAME,
                    km=kernel.km,
                    progress_bar=False,
                    request_save_on_cell_execute=False,
                    record_timing=False,
                )
            except PapermillExecutionError as exc:
                uitslag["fout"] = {
                    "cel": exc.cell_index,
                    "in": exc.exec_count,
                    "ename": exc.ename,
                    "evalue": exc.evalue,
                    "bron": (exc.source or "").strip().splitlines()[:1],
                }
                if tmp.is_file():
                    bewaar(nbformat.read(str(tmp), as_version=4), mislukt)
                    uitslag["fout"]["mislukt"] = taak.doel_rel.removesuffix(".ipynb") + (
                        ".mislukt.ipynb"
                    )
                break
            except Exception as exc:
                if uitslag["pogingen"] == 1 and _is_kernel_problem(exc, kernel):
                    continue
                uitslag["fout"] = error_of(exc, _WORKER.get("root"))
                break
            finally:
                if kernel is not None and _WORKER["vers"]:
                    kernel.stop()
            uitslag["uitvoer_sha256"] = bewaar(nb, doel)
            uitslag["ok"] = True
            mislukt.unlink(missing_ok=True)
            break
    finally:
        tmp.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# The run


def _print(progress: bool, *args: Any) -> None:
    if progress:
        print(*args, flush=True)


def _value(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def _header(
    taken: list[Task], n_overgeslagen: int, werkers: int, vers: bool, versies: dict
) -> list[str]:
    regels = []
    if not taken:
        regels.append(f"evalkit run: niets uit te voeren, {n_overgeslagen} notebook(s) ongewijzigd")
        return regels
    modus = "verse kernel per notebook" if vers else "kernels hergebruikt"
    regels.append(
        f"evalkit run: {len(taken)} notebook(s) uit te voeren, "
        f"{n_overgeslagen} ongewijzigd; {werkers} parallel ({modus})"
    )
    regels.append("Versies: " + ", ".join(f"{k} {v}" for k, v in versies.items()))
    if taken:
        regels.append("Parameters:")
        per_plan: dict[tuple[str, str], list[Task]] = {}
        for t in taken:
            per_plan.setdefault((t.jaarplan, t.ronde), []).append(t)
        for (plan, ronde), lijst in per_plan.items():
            params = ", ".join(f"{k}={_value(v)}" for k, v in lijst[0].parameters.items())
            nbs = ", ".join(t.notebook for t in lijst)
            regels.append(f"  {plan}/{ronde} [{nbs}]: {params}")
    return regels


def _error_line(naam: str, fout: dict[str, Any]) -> list[str]:
    if "cel" in fout:
        bron = f" «{fout['bron'][0][:60]}»" if fout.get("bron") else ""
        regels = [
            f"  {naam}: cel {fout['cel']} (In [{fout['in']}]){bron}: "
            f"{fout['ename']}: {fout['evalue']}"
        ]
    elif fout.get("melding"):
        regels = [f"  {naam}: {fout['melding']}"]
    else:
        regels = [f"  {naam}: {fout['ename']}: {fout['evalue']}"]
    if fout.get("mislukt"):
        regels.append(f"    mislukte uitvoer: {fout['mislukt']}")
    return regels


def run(
    ids: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    *,
    params_dir: Path | None = None,
    notebooks_dir: Path | None = None,
    reports_dir: Path | None = None,
    data_dir: Path | None = None,
    progress: bool = True,
    fresh_kernels: bool | None = None,
) -> int:
    """Execute the notebooks of all (or the named) params files; return the exit code.

    Every params file is validated first (ParameterFout lists all problems; nothing runs).
    A notebook whose inputs are unchanged since its last successful run is skipped unless
    force is set. Failures do not stop the other notebooks; the exit code is 1 if any failed.
    """
    t0 = time.monotonic()
    gestart = datetime.now(UTC).isoformat(timespec="seconds")
    root = paths.project_root()
    params_dir = Path(params_dir) if params_dir else root / "params"
    notebooks_dir = Path(notebooks_dir) if notebooks_dir else root / "notebooks"
    reports_dir = Path(reports_dir) if reports_dir else root / "reports"
    data_dir = Path(data_dir) if data_dir else root / "data"
    if jobs is not None and jobs < 1:
        raise ParameterError("--jobs", f"moet minstens 1 zijn, niet {jobs}")
    if fresh_kernels is None:
        fresh_kernels = os.environ.get("EVALKIT_FRESH_KERNELS", "") not in ("", "0")

    alle = all_params(params_dir, ids or None, data_dir=data_dir, notebooks_dir=notebooks_dir)
    if not alle:
        _print(progress, f"Geen parameterbestanden gevonden in {_rel(params_dir, root)}/.")
        return 0
    versies = runlog.versies()
    planner = _Planner(root, data_dir, notebooks_dir, reports_dir, versies)
    with _disk_error():
        taken = planner.taken(alle, params_dir)

    statussen: dict[Path, dict[str, Any]] = {}

    def status_van(taak: Task) -> dict[str, Any]:
        map_ = Path(taak.doel).parent
        if map_ not in statussen:
            statussen[map_] = read_status(map_)
        return statussen[map_]

    te_doen, overgeslagen = [], []
    waarom: dict[str, list[str]] = {}
    for t in taken:
        if not force and is_current(status_van(t), t.notebook, t.sleutel, Path(t.doel)):
            overgeslagen.append(t)
            # The output matches the current inputs, so an older failure is no longer news.
            Path(t.doel).with_name(f"{t.notebook}.mislukt.ipynb").unlink(missing_ok=True)
        else:
            te_doen.append(t)
            waarom[t.naam] = (
                ["geforceerd"] if force else reasons(status_van(t), t.notebook, t.invoer)
            )

    # Validate the input data before any kernel starts: a notebook whose data has problems is
    # reported with the validator's Dutch lines (file, row, column) instead of being executed.
    ongeldig = _invalid_plans(te_doen, data_dir)
    geweigerd = [t for t in te_doen if _dependencies(t, data_dir) & ongeldig.keys()]
    if ongeldig:
        regels = ["Data met problemen; de notebooks die deze data lezen worden niet uitgevoerd:"]
        for _plan_id, problemen in sorted(ongeldig.items()):
            regels.extend(f"  {p}" for p in problemen)
        print("\n".join(regels), file=sys.stderr, flush=True)
    te_doen = [t for t in te_doen if t not in geweigerd]

    werkers = max(1, min(jobs or os.cpu_count() or 1, len(te_doen)))
    for regel in _header(te_doen, len(overgeslagen), werkers, fresh_kernels, versies):
        _print(progress, regel)
    if te_doen:
        telling: dict[str, int] = {}
        for lijst in waarom.values():
            for r in lijst:
                telling[r] = telling.get(r, 0) + 1
        _print(progress, "Reden: " + ", ".join(f"{r} ({n})" for r, n in telling.items()))

    uitslagen: dict[str, dict[str, Any]] = {}

    def verwerk(taak: Task, uitslag: dict[str, Any]) -> None:
        uitslagen[taak.naam] = uitslag
        n = len(uitslagen)
        if uitslag["ok"]:
            status = status_van(taak)
            status["versie"] = STATUS_VERSION
            status.setdefault("notebooks", {})[taak.notebook] = {
                "sleutel": taak.sleutel,
                "invoer": taak.invoer,
                "uitvoer_sha256": uitslag["uitvoer_sha256"],
            }
            with _disk_error():
                write_atomic(
                    Path(taak.doel).parent / STATUS_FILE,
                    json.dumps(status, sort_keys=True, indent=1, ensure_ascii=False) + "\n",
                )
            staart = seconden(uitslag["duur"])
        else:
            staart = f"MISLUKT ({seconden(uitslag['duur'])})"
        _print(progress, f"[{n}/{len(te_doen)}] {taak.naam} ... {staart}")

    afgebroken = False
    try:
        if te_doen:
            config = {
                "root": str(root),
                "vers": fresh_kernels,
                "modules": _preload_modules(te_doen),
            }
            _execute(te_doen, werkers, config, verwerk)
    except KeyboardInterrupt:
        afgebroken = True
        raise
    finally:
        _write_runlog(
            reports_dir / RUNLOG,
            gestart=gestart,
            duur=time.monotonic() - t0,
            argumenten={
                "ids": list(ids or []),
                "jobs": werkers,
                "force": force,
                "verse_kernels": fresh_kernels,
            },
            versies=versies,
            taken=taken,
            overgeslagen={t.naam for t in overgeslagen},
            waarom=waarom,
            uitslagen=uitslagen,
            afgebroken=afgebroken,
        )

    for t in geweigerd:
        namen = ", ".join(sorted(_dependencies(t, data_dir) & ongeldig.keys()))
        uitslagen[t.naam] = {
            "ok": False,
            "fout": {
                "ename": "ValidationError",
                "evalue": f"ongeldige data van {namen} (zie boven)",
                "melding": f"niet uitgevoerd: ongeldige data van {namen} (zie boven)",
            },
        }
    mislukt = [t for t in [*te_doen, *geweigerd] if not uitslagen.get(t.naam, {}).get("ok")]
    uitgevoerd = len(te_doen) - len(mislukt) + len(geweigerd)
    _print(
        progress,
        f"Klaar in {seconden(time.monotonic() - t0)}: uitgevoerd: {uitgevoerd}, "
        f"overgeslagen (ongewijzigd): {len(overgeslagen)}, mislukt: {len(mislukt)}",
    )
    if overgeslagen:
        _print(progress, "Overgeslagen (ongewijzigd): " + ", ".join(t.naam for t in overgeslagen))
    if mislukt:
        regels = ["Mislukt:"]
        for t in mislukt:
            fout = uitslagen.get(t.naam, {}).get("fout") or {"melding": "onbekende fout"}
            regels.extend(_error_line(t.naam, fout))
        print("\n".join(regels), file=sys.stderr, flush=True)
        return 1
    return 0


def _dependencies(taak: Task, data_dir: Path) -> set[str]:
    """The jaarplannen whose data a notebook reads: its own, or all for inputs 'alle'."""
    if taak.invoer.get("data_scope") == "alle":
        return set(plan_ids(data_dir))
    return {taak.jaarplan}


def _invalid_plans(taken: list[Task], data_dir: Path) -> dict[str, list]:
    """Validate every jaarplan the tasks read; return the problems of the invalid ones."""
    from evalkit.data.validate import validate

    nodig = set().union(*(_dependencies(t, data_dir) for t in taken)) if taken else set()
    uitkomst = {}
    for plan_id in sorted(nodig):
        problemen = validate(data_dir / plan_id)
        if problemen:
            uitkomst[plan_id] = problemen
    return uitkomst


@contextlib.contextmanager
def _disk_error():
    """Turn a file system error of the runner itself into a Dutch UitvoerFout."""
    try:
        yield
    except OSError as exc:
        waar = f"{exc.filename}: " if exc.filename else ""
        raise OutputError(f"{waar}{os_reason(exc)}") from None


def _preload_modules(taken: list[Task]) -> list[str]:
    modules: dict[str, None] = dict.fromkeys(ALWAYS_PRELOAD)
    for tekst in dict.fromkeys(t.bron_tekst for t in taken):
        modules.update(dict.fromkeys(imported_modules(tekst)))
    return list(modules)


def _execute(taken: list[Task], werkers: int, config: dict[str, Any], verwerk) -> None:
    """Execute the tasks, in this process (one worker) or in a fork-based process pool."""
    if werkers == 1:
        _start_worker(config, subproces=False)
        try:
            for taak in taken:
                verwerk(taak, execute_task(taak))
        finally:
            _stop_worker()
        return

    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Imported here, before forking, so that the workers inherit them instead of each
    # importing them again.
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    ctx = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=werkers, mp_context=ctx, initializer=_start_worker, initargs=(config,)
    )
    try:
        futures = {pool.submit(execute_task, t): t for t in taken}
        for fut in as_completed(futures):
            taak = futures[fut]
            try:
                uitslag = fut.result()
            except Exception as exc:
                uitslag = {
                    "naam": taak.naam,
                    "ok": False,
                    "duur": 0.0,
                    "fout": error_of(exc, config.get("root")),
                }
            verwerk(taak, uitslag)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _write_runlog(
    pad: Path,
    *,
    gestart: str,
    duur: float,
    argumenten: dict[str, Any],
    versies: dict[str, str],
    taken: list[Task],
    overgeslagen: set[str],
    waarom: dict[str, list[str]],
    uitslagen: dict[str, dict[str, Any]],
    afgebroken: bool,
) -> None:
    notebooks = []
    telling = {"uitgevoerd": 0, "overgeslagen": 0, "mislukt": 0, "niet_uitgevoerd": 0}
    for t in taken:
        regel: dict[str, Any] = {
            "jaarplan": t.jaarplan,
            "ronde": t.ronde,
            "notebook": t.notebook,
            "parameters": t.parameters,
            "invoer": t.invoer,
            "sleutel": t.sleutel,
            "uitvoer": t.doel_rel,
        }
        if t.naam in overgeslagen:
            regel["uitkomst"] = "overgeslagen"
        elif t.naam in uitslagen:
            u = uitslagen[t.naam]
            regel["reden"] = waarom.get(t.naam)
            regel["uitkomst"] = "uitgevoerd" if u["ok"] else "mislukt"
            regel["duur_s"] = u.get("duur")
            regel["pogingen"] = u.get("pogingen")
            regel["kernel_volgnummer"] = u.get("kernel_volgnummer")
            if not u["ok"]:
                regel["fout"] = u.get("fout")
        else:
            regel["uitkomst"] = "niet_uitgevoerd"
        telling[regel["uitkomst"]] += 1
        notebooks.append(regel)
    regel_run = {
        "gestart": gestart,
        "duur_s": round(duur, 3),
        "argumenten": argumenten,
        "versies": versies,
        "notebooks": notebooks,
        "resultaat": telling,
        "afgebroken": afgebroken,
    }
    with _disk_error():
        runlog.add_entry(pad, regel_run)
        keep_last(pad, RUNLOG_MAXIMUM)


def keep_last(pad: Path, maximum: int) -> int:
    """Keep only the last `maximum` lines of a JSON-lines log (rewritten atomically).

    Returns the number of lines removed (0 when the log was short enough and is untouched).
    """
    try:
        regels = pad.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return 0
    regels = [r for r in regels if r.strip()]
    te_veel = len(regels) - maximum
    if te_veel <= 0:
        return 0
    write_atomic(pad, "\n".join(regels[te_veel:]) + "\n")
    return te_veel
