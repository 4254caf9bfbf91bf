"""Reused notebook kernels: one IPython kernel per worker process, reset between notebooks.

Each worker keeps one kernel, imports the notebooks' modules in it up front, and restores its
start state before every notebook, so that a reused kernel behaves like a new one. With
`fresh` set in the worker config, every notebook gets a new kernel instead.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from evalkit.errors import KernelMissing

KERNEL_NAME = "python3"
# Modules every kernel imports up front, besides those the notebooks themselves import.
ALWAYS_PRELOAD = ("evalkit",)


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


def preload_modules(notebook_texts: list[str]) -> list[str]:
    """The modules a kernel imports before its first notebook: evalkit and the notebooks'."""
    modules: dict[str, None] = dict.fromkeys(ALWAYS_PRELOAD)
    for tekst in dict.fromkeys(notebook_texts):
        modules.update(dict.fromkeys(imported_modules(tekst)))
    return list(modules)


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


def missing_kernel_message(python: str) -> str:
    """The Dutch message when kernel KERNEL_NAME runs a Python without evalkit."""
    return (
        f"de notebookkernel '{KERNEL_NAME}' ({python}) kan evalkit niet importeren: die kernel "
        "hoort bij een andere Python dan deze evalkit. Registreer de kernel van deze Python "
        f"met: {sys.executable} -m ipykernel install --user --name {KERNEL_NAME} (voor "
        f"JupyterLab ook: {sys.executable} -m ipykernel install --user --name evalkit), of "
        "installeer evalkit in de Python van die kernel."
    )


def kernel_env(root: Path | str) -> dict[str, str]:
    """The environment of a notebook kernel: ours, with the project root and fixed hashing."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # agg would suppress figure outputs; the kernel picks inline
    env["EVALKIT_ROOT"] = str(root)
    env["PYTHONHASHSEED"] = "0"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


class Kernel:
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
            self._check_evalkit()
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

    def _check_evalkit(self) -> None:
        """Raise KernelMissing when the kernel's Python cannot import evalkit."""
        try:
            self.execute_silently("import evalkit")
        except RuntimeError as exc:
            if "ModuleNotFoundError" not in str(exc) and "ImportError" not in str(exc):
                raise
            spec = self.km.kernel_spec
            raise KernelMissing(missing_kernel_message(spec.argv[0] if spec else "?")) from None

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


WORKER: dict[str, Any] = {}


def start_worker(config: dict[str, Any], subproces: bool = True) -> None:
    """Initialise a worker (a pool process, or this process when running without a pool)."""
    import logging

    # papermill warns (in English) about options a notebook does not declare; a params file's
    # opties go to all its notebooks, so that is expected.
    logging.getLogger("papermill").setLevel(logging.ERROR)
    # After Ctrl-C, nbclient's pending tasks on a killed kernel only produce noise.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    stop_worker()
    WORKER.update(config)
    WORKER["kernel"] = None
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
        util.Finalize(None, stop_worker, exitpriority=100)


def stop_worker() -> None:
    kernel = WORKER.get("kernel")
    WORKER["kernel"] = None
    if kernel is not None:
        kernel.stop()


def prepare_kernel(nieuw: bool = False) -> Kernel:
    """The kernel for the next notebook: a fresh one, or the worker's one after a reset."""
    root = WORKER["root"]
    if WORKER["vers"]:
        return Kernel(root, None)
    kernel = WORKER.get("kernel")
    if kernel is not None and (nieuw or not kernel.kernel_alive()):
        kernel.stop()
        kernel = None
    if kernel is None:
        kernel = Kernel(root, WORKER["modules"])
        WORKER["kernel"] = kernel
    try:
        kernel.reset()
    except RuntimeError:
        kernel.stop()
        kernel = WORKER["kernel"] = Kernel(root, WORKER["modules"])
        kernel.reset()
    return kernel


_KERNEL_ERRORS = ("Kernel died", "Address already in use", "Kernel didn't respond", "dead kernel")


def is_kernel_problem(exc: BaseException, kernel: Kernel | None) -> bool:
    if type(exc).__name__ == "DeadKernelError":
        return True
    if any(t.lower() in str(exc).lower() for t in _KERNEL_ERRORS):
        return True
    return kernel is not None and not kernel.kernel_alive()
