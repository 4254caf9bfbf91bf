"""What a run must do: tasks with their input keys, and the incremental state per output folder.

Every output folder (reports/<id>/<ronde>/) has a state file that records, per notebook, the
key of the inputs of its last successful run and the sha256 of the output it wrote. A notebook
is current when both still match; otherwise `reasons` says (in Dutch) which inputs changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evalkit import paths
from evalkit.build.hashing import sha256_text, tree_hash
from evalkit.data.params import Params, data_parameter, notebook_input, notebook_parameters
from evalkit.files import write_atomic

STATUS_FILE = ".evalkit-state.json"
# Subfolders of a plan's data that no notebook reads (the book's own chapters).
BOOK_ONLY = frozenset({"tekst"})
STATUS_VERSION = 1

INPUT_NAMES = {
    "notebook": "notebook",
    "params": "parameterbestand",
    "parameters": "parameters",
    "data_scope": "data",
    "data": "data",
    "evalkit": "evalkit-broncode",
    "versies": "pakketversies",
}


def input_key(invoer: dict[str, Any]) -> str:
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


def reasons(status: dict[str, Any], notebook: str, invoer: dict[str, Any]) -> list[str]:
    """Why a notebook runs again (Dutch): which inputs differ from its last successful run."""
    vorig = status.get("notebooks", {}).get(notebook)
    if not vorig:
        return ["nieuw"]
    oud = vorig.get("invoer", {})
    uit = [INPUT_NAMES.get(k, k) for k in invoer if oud.get(k) != invoer[k]]
    return list(dict.fromkeys(uit)) or ["uitvoer ontbreekt of is gewijzigd"]


def read_status(folder: Path) -> dict[str, Any]:
    """The state file of one output folder (empty when missing or unreadable)."""
    try:
        status = json.loads((folder / STATUS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return status if isinstance(status, dict) and status.get("versie") == STATUS_VERSION else {}


@dataclass(frozen=True)
class Folders:
    """The project folders a run or a report reads and writes."""

    params: Path
    notebooks: Path
    reports: Path
    data: Path

    @classmethod
    def of(
        cls,
        root: Path,
        params_dir: Path | None = None,
        notebooks_dir: Path | None = None,
        reports_dir: Path | None = None,
        data_dir: Path | None = None,
    ) -> Folders:
        """The given folders, or the project's own below root."""
        return cls(
            params=Path(params_dir) if params_dir else root / "params",
            notebooks=Path(notebooks_dir) if notebooks_dir else root / "notebooks",
            reports=Path(reports_dir) if reports_dir else root / "reports",
            data=Path(data_dir) if data_dir else root / "data",
        )

    def as_kwargs(self) -> dict[str, Path]:
        """The folders as the keyword arguments of run, make_report and make_book."""
        return {
            "params_dir": self.params,
            "notebooks_dir": self.notebooks,
            "reports_dir": self.reports,
            "data_dir": self.data,
        }


def relative_path(pad: Path, root: Path | str | None) -> str:
    """A project-relative POSIX path; the bare file name for a path outside the project."""
    if root is None:
        return Path(pad).as_posix()
    try:
        return Path(pad).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(pad).name


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


class States:
    """The state files of the output folders a run touches, read once and updated per success."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, dict[str, Any]] = {}

    def of(self, taak: Task) -> dict[str, Any]:
        """The state of the output folder of a task."""
        folder = Path(taak.doel).parent
        if folder not in self._by_folder:
            self._by_folder[folder] = read_status(folder)
        return self._by_folder[folder]

    def is_current(self, taak: Task) -> bool:
        """Whether the task's output matches its current inputs."""
        return is_current(self.of(taak), taak.notebook, taak.sleutel, Path(taak.doel))

    def reasons(self, taak: Task) -> list[str]:
        """Why the task runs again (Dutch)."""
        return reasons(self.of(taak), taak.notebook, taak.invoer)

    def record_success(self, taak: Task, uitvoer_sha256: str) -> None:
        """Record a successful execution and rewrite the folder's state file atomically."""
        status = self.of(taak)
        status["versie"] = STATUS_VERSION
        status.setdefault("notebooks", {})[taak.notebook] = {
            "sleutel": taak.sleutel,
            "invoer": taak.invoer,
            "uitvoer_sha256": uitvoer_sha256,
        }
        write_atomic(
            Path(taak.doel).parent / STATUS_FILE,
            json.dumps(status, sort_keys=True, indent=1, ensure_ascii=False) + "\n",
        )


@dataclass
class Planner:
    """Turns params files into tasks; hashes every notebook, data scope and tree only once."""

    root: Path
    data_dir: Path
    notebooks_dir: Path
    reports_dir: Path
    versies: dict[str, str]
    _cache: dict[str, Any] = field(default_factory=dict)

    def _once(self, key: str, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def notebook(self, naam: str) -> tuple[str, str, str]:
        """Text, sha256 and data scope of a source notebook."""

        def read() -> tuple[str, str, str]:
            pad = self.notebooks_dir / f"{naam}.ipynb"
            data = pad.read_bytes()
            tekst = data.decode("utf-8")
            return tekst, sha256_text(data), notebook_input(pad, tekst)

        return self._once("nb:" + naam, read)

    def data_hash(self, scope: str) -> str:
        """The hash of the data a notebook reads: its plan's folder (or all of data/), without
        the staff's texts (tekst/), which only the book reads: editing them re-renders the
        book without running the notebooks again."""
        pad = self.data_dir if scope == "*" else self.data_dir / scope
        return self._once("data:" + scope, lambda: tree_hash(pad, BOOK_ONLY))

    def evalkit_hash(self) -> str:
        return self._once("evalkit", lambda: tree_hash(paths.PACKAGE_DIR))

    def taken(self, alle: list[Params]) -> list[Task]:
        """The tasks of all params files, in order."""
        data_tekst = data_parameter(self.data_dir, self.root)
        versies_hash = input_key(self.versies)
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
                uit.append(self._task(p, nb, tekst, parameters, invoer))
        return uit

    def _task(self, p: Params, nb: str, tekst: str, parameters: dict, invoer: dict) -> Task:
        bron = self.notebooks_dir / f"{nb}.ipynb"
        doel = self.reports_dir / p.jaarplan / p.ronde / f"{nb}.ipynb"
        return Task(
            jaarplan=p.jaarplan,
            ronde=p.ronde,
            notebook=nb,
            bron=str(bron),
            bron_tekst=tekst,
            doel=str(doel),
            bron_rel=relative_path(bron, self.root),
            doel_rel=relative_path(doel, self.root),
            parameters=parameters,
            invoer=invoer,
            sleutel=input_key(invoer),
        )
