"""Params files (params/<jaarplan-id>/<ronde>.yaml): reading, validation, notebook parameters."""

from __future__ import annotations

import json
import keyword
import math
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evalkit import paths
from evalkit.data.limits import MAX_YAML_BYTES, file_problem, mode_problem
from evalkit.data.schema import PLAN_ID_PATTERN
from evalkit.data.yamlio import load_yaml, yaml_message_with_line
from evalkit.errors import EvalkitError, ParameterError, os_reason

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
KEYS = ("jaarplan", "ronde", "notebooks", "opties")
DEFAULT_NOTEBOOKS = ("evaluatie",)
# Parameters the runner sets itself; an option with one of these names is refused.
FIXED_PARAMETERS = ("jaarplan", "ronde", "data_dir")
# Options that switch something on or off: a YAML boolean (true/false), never text.
BOOLEAN_OPTIONS = ("publiek", "vergelijk_voorbeelddata")
# The option naming the jaarplannen the comparison chapter compares with (a list of ids).
COMPARE_OPTION = "vergelijk_met"
INPUT_KINDS = ("jaarplan", "alle")


@dataclass(frozen=True)
class Params:
    """One validated params file: which notebooks to run for which jaarplan and ronde."""

    bestand: Path
    jaarplan: str
    ronde: str
    notebooks: tuple[str, ...] = DEFAULT_NOTEBOOKS
    opties: dict[str, Any] = field(default_factory=dict)


class ParameterErrors(ParameterError):
    """Several params problems at once (in one or more files); carries all of them."""

    def __init__(self, fouten: list[ParameterError]):
        self.fouten = list(fouten)
        self.bestand = ", ".join(dict.fromkeys(f.bestand for f in self.fouten))
        n = len(self.fouten)
        kop = "1 probleem" if n == 1 else f"{n} problemen"
        regels = "\n".join(f"  {f}" for f in self.fouten)
        EvalkitError.__init__(self, f"{kop} in de parameterbestanden:\n{regels}")


def data_path(tekst: str | Path) -> Path:
    """Resolve the data_dir parameter a notebook receives: relative paths are project-relative."""
    pad = Path(tekst)
    return pad if pad.is_absolute() else paths.project_root() / pad


def data_parameter(data_dir: Path, root: Path) -> str:
    """The data_dir parameter for notebooks: relative to the project root when inside it."""
    data_dir, root = Path(data_dir).resolve(), Path(root).resolve()
    try:
        return data_dir.relative_to(root).as_posix() or "."
    except ValueError:
        return str(data_dir)


def notebook_parameters(p: Params, data_tekst: str) -> dict[str, Any]:
    """All parameters one notebook receives: jaarplan, ronde, data_dir and the opties."""
    return {"jaarplan": p.jaarplan, "ronde": p.ronde, "data_dir": data_tekst, **p.opties}


def shown_name(pad: Path, params_dir: Path) -> str:
    """The name of a params file as shown in messages: relative to the params folder's parent."""
    try:
        return Path(pad).relative_to(Path(params_dir).parent).as_posix()
    except ValueError:
        return str(pad)


def _is_scalar(waarde: Any) -> bool:
    if isinstance(waarde, float):
        return math.isfinite(waarde)
    return waarde is None or isinstance(waarde, str | bool | int)


def _kind(waarde: Any) -> str:
    namen = {
        str: "tekst",
        bool: "ja/nee",
        int: "geheel getal",
        float: "getal",
        list: "lijst",
        dict: "mapping",
        type(None): "leeg",
    }
    return namen.get(type(waarde), type(waarde).__name__)


def check_option(naam: Any, waarde: Any) -> str | None:
    """Why an option cannot be passed to a notebook (Dutch), or None when it is fine."""
    if not isinstance(naam, str) or not naam.isidentifier() or keyword.iskeyword(naam):
        return f"optie '{naam}' is geen geldige Python-naam (letters, cijfers en '_')"
    if naam in FIXED_PARAMETERS:
        return f"optie '{naam}' is gereserveerd; de runner geeft '{naam}' zelf door"
    if naam in BOOLEAN_OPTIONS and not isinstance(waarde, bool):
        return (
            f"optie '{naam}' moet true of false zijn (zonder aanhalingstekens), niet "
            f"{_kind(waarde)} '{waarde}'"
        )
    if _is_scalar(waarde):
        return None
    if isinstance(waarde, list) and all(_is_scalar(w) for w in waarde):
        return None
    hint = ""
    if type(waarde).__name__ in ("date", "datetime"):
        hint = " (zet een datum tussen aanhalingstekens)"
    return (
        f"optie '{naam}' heeft een niet-toegestaan type ({_kind(waarde)}){hint}; "
        "toegestaan: tekst, getal, ja/nee, leeg of een lijst daarvan"
    )


_EXPLANATION = {
    PLAN_ID_PATTERN.pattern: "alleen kleine letters, cijfers en '-'",
    NAME_PATTERN.pattern: "alleen letters, cijfers, '-' en '_', zonder map",
}


def _text_key(data: dict, sleutel: str, patroon: re.Pattern, fout) -> str | None:
    waarde = data.get(sleutel)
    if waarde is None:
        fout(sleutel, "ontbreekt (verplicht)")
        return None
    if not isinstance(waarde, str):
        fout(
            sleutel,
            f"moet tekst zijn, niet {_kind(waarde)} (zet de waarde tussen aanhalingstekens)",
        )
        return None
    if not patroon.match(waarde):
        fout(sleutel, f"'{waarde}' is geen geldige id ({_EXPLANATION[patroon.pattern]})")
        return None
    return waarde


def _available(items: list[str]) -> str:
    return f" Beschikbaar: {', '.join(items)}." if items else " Er is niets beschikbaar."


# Reports one problem of a params file: (key or None, Dutch message).
Report = Callable[[str | None, str], None]


def check_params(
    pad: Path,
    *,
    params_dir: Path | None = None,
    data_dir: Path | None = None,
    notebooks_dir: Path | None = None,
) -> tuple[Params | None, list[ParameterError]]:
    """Validate one params file; return the Params (None if invalid) and all problems found."""
    pad = Path(pad)
    params_dir = Path(params_dir) if params_dir else paths.PARAMS_DIR
    data_dir = Path(data_dir) if data_dir else paths.DATA_DIR
    notebooks_dir = Path(notebooks_dir) if notebooks_dir else paths.NOTEBOOKS_DIR
    naam = shown_name(pad, params_dir)
    fouten: list[ParameterError] = []

    def fout(sleutel: str | None, melding: str) -> None:
        fouten.append(ParameterError(naam, f"'{sleutel}' {melding}" if sleutel else melding))

    data = _load_mapping(pad, fout)
    if data is None:
        return None, fouten
    for sleutel in data:
        if sleutel not in KEYS:
            fout(str(sleutel), f"is een onbekende sleutel (toegestaan: {', '.join(KEYS)})")
    jaarplan = _text_key(data, "jaarplan", PLAN_ID_PATTERN, fout)
    ronde = _text_key(data, "ronde", NAME_PATTERN, fout)
    jaarplan = _check_jaarplan(jaarplan, pad, params_dir, data_dir, fout)
    _check_ronde(ronde, pad, jaarplan, data_dir, fout)
    notebooks = _check_notebooks(data, notebooks_dir, fout)
    opties = _check_options(data, fout)
    _check_compared_plans(opties.get(COMPARE_OPTION), jaarplan, data_dir, fout)
    if fouten or jaarplan is None or ronde is None:
        return None, fouten
    return Params(pad, jaarplan, ronde, notebooks, opties), fouten


def _load_mapping(pad: Path, fout: Report) -> dict | None:
    """The YAML mapping of a params file; None (reported) when it cannot be read as one.

    Repeated keys are reported, but the file is still checked further.
    """
    if (probleem := file_problem(pad, MAX_YAML_BYTES)) is not None:
        fout(None, probleem)
        return None
    try:
        tekst = pad.read_text(encoding="utf-8")
    except OSError as exc:
        fout(None, f"kan het bestand niet lezen ({os_reason(exc)})")
        return None
    except UnicodeDecodeError as exc:
        regel = exc.object[: exc.start].count(b"\n") + 1
        fout(None, f"regel {regel}: bestand is geen UTF-8-tekst; sla het op als UTF-8")
        return None
    try:
        data, _, dubbel = load_yaml(tekst)
    except yaml.YAMLError as exc:
        fout(None, yaml_message_with_line(exc, tekst))
        return None
    for sleutel, eerste, tweede in dubbel:
        fout(
            str(sleutel),
            f"staat twee keer in hetzelfde blok (regel {eerste} en regel {tweede}); alleen de "
            "laatste waarde zou gelden",
        )
    if not isinstance(data, dict):
        fout(None, "moet een mapping zijn met de sleutels " + ", ".join(KEYS))
        return None
    return data


def _check_jaarplan(
    jaarplan: str | None, pad: Path, params_dir: Path, data_dir: Path, fout: Report
) -> str | None:
    """The jaarplan id must be the name of the file's folder and exist in the data folder.

    None when it is missing, invalid or unknown (then the ronde is not looked up).
    """
    if jaarplan is None:
        return None
    if pad.parent.name != jaarplan:
        fout(
            "jaarplan",
            f"is '{jaarplan}', maar het bestand staat in de map '{pad.parent.name}'; "
            f"zet het in {params_dir.name}/{jaarplan}/",
        )
    if not (data_dir / jaarplan / "jaarplan.yaml").is_file():
        plannen = sorted(p.parent.name for p in data_dir.glob("*/jaarplan.yaml"))
        fout("jaarplan", f"'{jaarplan}' bestaat niet in de data-map.{_available(plannen)}")
        return None
    return jaarplan


def _check_ronde(
    ronde: str | None, pad: Path, jaarplan: str | None, data_dir: Path, fout: Report
) -> None:
    """The ronde name must be the name of the file and a round of the (known) jaarplan."""
    if ronde is None:
        return
    if pad.stem != ronde:
        fout("ronde", f"is '{ronde}', maar het bestand heet '{pad.name}'; noem het {ronde}.yaml")
    realisatie = data_dir / jaarplan / "realisatie" if jaarplan is not None else None
    if realisatie is not None and not (realisatie / ronde).is_dir():
        rondes = []
        if realisatie.is_dir():
            rondes = sorted(p.name for p in realisatie.iterdir() if p.is_dir())
        fout("ronde", f"'{ronde}' bestaat niet voor jaarplan '{jaarplan}'.{_available(rondes)}")


def _notebook_names(waarde: Any, fout: Report) -> tuple[str, ...]:
    """The valid, distinct notebook names of the `notebooks` list."""
    if not isinstance(waarde, list) or not waarde:
        fout("notebooks", f"moet een niet-lege lijst van namen zijn, niet {_kind(waarde)}")
        return ()
    namen: list[str] = []
    for nb in waarde:
        if not isinstance(nb, str):
            fout("notebooks", f"bevat {_kind(nb)} '{nb}'; verwacht een notebooknaam (tekst)")
        elif not NAME_PATTERN.match(nb):
            fout("notebooks", f"'{nb}' is geen geldige notebooknaam (zonder map of .ipynb)")
        elif nb in namen:
            fout("notebooks", f"noemt '{nb}' twee keer")
        else:
            namen.append(nb)
    return tuple(namen)


def _check_notebooks(data: dict, notebooks_dir: Path, fout: Report) -> tuple[str, ...]:
    """The notebooks to run (default: evaluatie); each must exist in the notebooks folder."""
    gegeven = "notebooks" in data
    notebooks = _notebook_names(data["notebooks"], fout) if gegeven else DEFAULT_NOTEBOOKS
    standaard = "" if gegeven else "ontbreekt, dus standaard 'evaluatie', maar "
    for nb in notebooks:
        if not (notebooks_dir / f"{nb}.ipynb").is_file():
            bestaand = sorted(p.stem for p in notebooks_dir.glob("*.ipynb"))
            fout(
                "notebooks",
                f"{standaard}notebook '{nb}' bestaat niet in {notebooks_dir.name}/."
                + _available(bestaand),
            )
    return notebooks


def _check_options(data: dict, fout: Report) -> dict[str, Any]:
    """The valid `opties` (name: value) that are passed on to the notebooks."""
    waarde = data.get("opties")
    if waarde is None:
        return {}
    if not isinstance(waarde, dict):
        fout("opties", f"moet een mapping zijn (naam: waarde), niet {_kind(waarde)}")
        return {}
    opties: dict[str, Any] = {}
    for k, v in waarde.items():
        probleem = check_option(k, v)
        if probleem:
            fout("opties", probleem)
        else:
            opties[k] = v
    return opties


def _check_compared_plans(waarde: Any, jaarplan: str | None, data_dir: Path, fout: Report) -> None:
    """The option vergelijk_met: a list of distinct jaarplan ids in the data folder, other
    than the plan itself (None: the option is not given)."""
    if waarde is None:
        return
    naam = f"optie '{COMPARE_OPTION}'"
    if not isinstance(waarde, list):
        fout(
            "opties",
            f"{naam} moet een lijst van jaarplan-ids zijn, bijvoorbeeld [ppo-nk-2023, "
            f"plein013-2023], niet {_kind(waarde)} '{waarde}'",
        )
        return
    plannen = sorted(p.parent.name for p in data_dir.glob("*/jaarplan.yaml"))
    gezien: set[str] = set()
    for plan_id in waarde:
        if not isinstance(plan_id, str) or not PLAN_ID_PATTERN.match(plan_id):
            fout("opties", f"{naam}: '{plan_id}' is geen geldige jaarplan-id")
        elif plan_id == jaarplan:
            fout("opties", f"{naam} noemt het eigen jaarplan '{plan_id}'; dat staat er altijd in")
        elif plan_id in gezien:
            fout("opties", f"{naam} noemt '{plan_id}' twee keer")
        elif plan_id not in plannen:
            fout(
                "opties",
                f"{naam}: jaarplan '{plan_id}' bestaat niet in de data-map.{_available(plannen)}",
            )
        gezien.add(str(plan_id))


def read_params(
    pad: Path | str,
    *,
    params_dir: Path | None = None,
    data_dir: Path | None = None,
    notebooks_dir: Path | None = None,
) -> Params:
    """Read and validate one params file; raise ParameterError naming every problem."""
    params, fouten = check_params(
        Path(pad), params_dir=params_dir, data_dir=data_dir, notebooks_dir=notebooks_dir
    )
    if fouten:
        raise fouten[0] if len(fouten) == 1 else ParameterErrors(fouten)
    assert params is not None
    return params


def _visible(pad: Path) -> bool:
    return not pad.name.startswith((".", "_"))


def all_params(
    params_dir: Path | None = None,
    ids: list[str] | None = None,
    *,
    data_dir: Path | None = None,
    notebooks_dir: Path | None = None,
) -> list[Params]:
    """All params files (or those of the given jaarplan ids), validated together.

    Every problem in every file in scope is collected first; if there is any, one
    ParameterErrors listing all of them is raised, so that nothing runs on bad input.
    """
    params_dir = Path(params_dir) if params_dir else paths.PARAMS_DIR
    fouten: list[ParameterError] = []
    if not params_dir.is_dir():
        raise ParameterError(params_dir.name + "/", "de map met parameterbestanden bestaat niet")

    _refuse_special(params_dir, params_dir, fouten)
    mappen = sorted(
        p for p in params_dir.iterdir() if p.is_dir() and not p.is_symlink() and _visible(p)
    )
    for los in sorted(params_dir.glob("*.y*ml")):
        fouten.append(ParameterError(shown_name(los, params_dir), "staat niet in een jaarplanmap"))
    if ids:
        mappen = _chosen_folders(params_dir, mappen, ids, fouten)
    resultaat: list[Params] = []
    for map_ in mappen:
        resultaat.extend(
            _folder_params(
                map_,
                params_dir,
                bool(ids),
                fouten,
                data_dir=data_dir,
                notebooks_dir=notebooks_dir,
            )
        )
    if fouten:
        raise fouten[0] if len(fouten) == 1 else ParameterErrors(fouten)
    return resultaat


def _refuse_special(map_: Path, params_dir: Path, fouten: list[ParameterError]) -> None:
    """Report every symlink and every entry that is no folder or regular file in map_.

    Uses lstat only, so a named pipe is never opened and a link is never followed.
    """
    for pad in sorted(map_.iterdir()):
        mode = pad.lstat().st_mode
        if not stat.S_ISDIR(mode) and (reden := mode_problem(mode)) is not None:
            fouten.append(ParameterError(shown_name(pad, params_dir), reden))


def _chosen_folders(
    params_dir: Path, mappen: list[Path], ids: list[str], fouten: list[ParameterError]
) -> list[Path]:
    """The params folders of the given jaarplan ids; an invalid or unknown id is a problem."""
    naam = params_dir.name + "/"
    bekend = {m.name for m in mappen}
    gekozen = []
    for id_ in dict.fromkeys(ids):
        if not PLAN_ID_PATTERN.match(id_):
            fouten.append(ParameterError(naam, f"'{id_}' is geen geldige jaarplan-id"))
        elif id_ not in bekend:
            fouten.append(
                ParameterError(
                    naam,
                    f"onbekend jaarplan '{id_}': er is geen map {naam}{id_}/."
                    + _available(sorted(bekend)),
                )
            )
        else:
            gekozen.append(params_dir / id_)
    return gekozen


def _folder_params(
    map_: Path,
    params_dir: Path,
    gekozen: bool,
    fouten: list[ParameterError],
    *,
    data_dir: Path | None,
    notebooks_dir: Path | None,
) -> list[Params]:
    """The valid params files of one jaarplan's params folder; problems go to `fouten`.

    A folder chosen by id must hold at least one .yaml file.
    """
    _refuse_special(map_, params_dir, fouten)
    bestanden = sorted(
        p for p in map_.iterdir() if p.is_file() and not p.is_symlink() and _visible(p)
    )
    if gekozen and not any(b.suffix == ".yaml" for b in bestanden):
        fouten.append(
            ParameterError(shown_name(map_, params_dir) + "/", "bevat geen .yaml-bestanden")
        )
    resultaat = []
    for pad in bestanden:
        if pad.suffix == ".yml":
            fouten.append(ParameterError(shown_name(pad, params_dir), "gebruik de extensie .yaml"))
        if pad.suffix != ".yaml":
            continue
        params, gevonden = check_params(
            pad, params_dir=params_dir, data_dir=data_dir, notebooks_dir=notebooks_dir
        )
        fouten.extend(gevonden)
        if params is not None:
            resultaat.append(params)
    return resultaat


def notebook_input(pad: Path, tekst: str | None = None) -> str:
    """Which data a notebook reads: 'jaarplan' (default) or 'alle', from its metadata."""
    try:
        if tekst is None:
            tekst = Path(pad).read_text(encoding="utf-8")
        nb = json.loads(tekst)
    except OSError as exc:
        raise ParameterError(pad.name, f"kan het notebook niet lezen ({os_reason(exc)})") from None
    except UnicodeDecodeError as exc:
        regel = exc.object[: exc.start].count(b"\n") + 1
        raise ParameterError(
            pad.name, f"is geen leesbaar notebook (regel {regel}: geen UTF-8-tekst)"
        ) from None
    except json.JSONDecodeError as exc:
        raise ParameterError(
            pad.name,
            f"is geen leesbaar notebook (regel {exc.lineno}, teken {exc.colno}: geen geldige JSON)",
        ) from None
    meta = nb.get("metadata", {}) if isinstance(nb, dict) else None
    if not isinstance(meta, dict):
        raise ParameterError(pad.name, "is geen leesbaar notebook (geen JSON-object met metadata)")
    waarde = (meta.get("evalkit") or {}).get("inputs", "jaarplan")
    if waarde not in INPUT_KINDS:
        raise ParameterError(
            pad.name,
            f"metadata evalkit.inputs is '{waarde}'; verwacht 'jaarplan' of 'alle'",
        )
    return waarde
