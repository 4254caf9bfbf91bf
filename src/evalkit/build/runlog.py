"""The run log (reports/run-log.jsonl): one JSON line per `evalkit run`, plus package versions."""

from __future__ import annotations

import json
import os
import platform
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalkit.files import write_atomic

if TYPE_CHECKING:
    from evalkit.build.state import Task

RUNLOG = "run-log.jsonl"
RUNLOG_MAXIMUM = 200  # runs kept in the run log (about 15 KB each)

PACKAGES = (
    "evalkit",
    "papermill",
    "nbclient",
    "nbformat",
    "ipykernel",
    "jupyter_client",
    "pandas",
    "numpy",
    "matplotlib",
)


def versions() -> dict[str, str]:
    """Versions of Python and the packages that shape an executed notebook (no imports)."""
    uit = {"python": platform.python_version()}
    for naam in PACKAGES:
        try:
            uit[naam] = metadata.version(naam)
        except metadata.PackageNotFoundError:
            uit[naam] = "niet geïnstalleerd"
    return uit


def add_entry(pad: Path, regel: dict[str, Any]) -> None:
    """Append one record as a single JSON line; flushed and fsynced so it is complete or absent."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    tekst = json.dumps(regel, ensure_ascii=False, sort_keys=True) + "\n"
    with open(pad, "a", encoding="utf-8", newline="\n") as f:
        f.write(tekst)
        f.flush()
        os.fsync(f.fileno())


def _problem(ruw: bytes) -> str | None:
    """Why a run log cannot be appended to (Dutch), or None when it is sound.

    A torn last line (no newline: a run killed while writing) is no problem.
    """
    try:
        tekst = ruw.decode("utf-8")
    except UnicodeDecodeError as exc:
        regel = ruw[: exc.start].count(b"\n") + 1
        return f"regel {regel} is geen UTF-8-tekst"
    regels = tekst.split("\n")
    for nummer, regel in enumerate(regels[:-1], start=1):
        if not regel.strip():
            continue
        try:
            json.loads(regel)
        except ValueError:
            return f"regel {nummer} is geen JSON"
    return None


def check_log(pad: Path, nu: str) -> str | None:
    """Make sure the run log can be appended to; a corrupt log is put aside.

    Returns a Dutch warning naming the file when the log was corrupt: it is renamed to
    run-log.jsonl.beschadigd-<nu> and the next run starts a new log. A torn last line gets
    its newline, so the next record starts on a line of its own.
    """
    try:
        ruw = pad.read_bytes()
    except FileNotFoundError:
        return None
    probleem = _problem(ruw)
    if probleem is None:
        if ruw and not ruw.endswith(b"\n"):
            with open(pad, "ab") as f:
                f.write(b"\n")
        return None
    opzij = pad.with_name(f"{pad.name}.beschadigd-{nu}")
    os.replace(pad, opzij)
    return (
        f"Waarschuwing: {pad} is beschadigd ({probleem}); het is bewaard als {opzij.name} en "
        "er is een nieuw logboek begonnen."
    )


def read_records(pad: Path) -> list[dict[str, Any]]:
    """All records of a run log (skipping a torn last line, if any)."""
    if not pad.is_file():
        return []
    uit = []
    for regel in pad.read_text(encoding="utf-8").splitlines():
        try:
            uit.append(json.loads(regel))
        except ValueError:
            continue
    return uit


def _notebook_record(
    t: Task,
    overgeslagen: set[str],
    waarom: dict[str, list[str]],
    uitslagen: dict[str, dict[str, Any]],
) -> dict[str, Any]:
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
    return regel


def write_run(
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
) -> str | None:
    """Append the record of one run (every task with its outcome), keeping the last runs.

    Returns a Dutch warning when the existing log was corrupt and has been put aside.
    """
    waarschuwing = check_log(pad, gestart.replace(":", "").replace("+0000", "Z"))
    notebooks = [_notebook_record(t, overgeslagen, waarom, uitslagen) for t in taken]
    telling = {"uitgevoerd": 0, "overgeslagen": 0, "mislukt": 0, "niet_uitgevoerd": 0}
    for regel in notebooks:
        telling[regel["uitkomst"]] += 1
    regel_run = {
        "gestart": gestart,
        "duur_s": round(duur, 3),
        "argumenten": argumenten,
        "versies": versies,
        "notebooks": notebooks,
        "resultaat": telling,
        "afgebroken": afgebroken,
    }
    add_entry(pad, regel_run)
    keep_last(pad, RUNLOG_MAXIMUM)
    return waarschuwing


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
