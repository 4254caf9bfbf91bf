"""Loading a jaarplan: read its folder (read.py), then validate it (validate.py)."""

from __future__ import annotations

from pathlib import Path

from evalkit import paths
from evalkit.data.collect import Collector
from evalkit.data.limits import entry_exists
from evalkit.data.model import Jaarplan
from evalkit.data.read import plan_ids, read_plan_raw
from evalkit.data.schema import PLAN_ID_PATTERN
from evalkit.data.validate import check_plan
from evalkit.errors import UnknownJaarplan, ValidationError


def read_jaarplan(map_: Path | str) -> Jaarplan:
    """Read and validate a jaarplan folder; raises ValidationError listing every problem."""
    map_ = Path(map_)
    v = Collector(map_)
    plan, regels = read_plan_raw(map_, v)
    if plan is not None:
        check_plan(plan, regels, v)
    if v.problemen:
        raise ValidationError(v.problemen)
    assert plan is not None
    return plan


def load_jaarplan(plan_id: str, data_dir: Path | str | None = None) -> Jaarplan:
    """Load a jaarplan by id from the data folder (rejects ids that are not plain names)."""
    basis = Path(data_dir) if data_dir else paths.DATA_DIR
    if not PLAN_ID_PATTERN.match(plan_id):
        raise UnknownJaarplan(plan_id, plan_ids(basis))
    try:
        # a link or pipe in its place is a plan too, refused with a message by name
        file_exists = entry_exists(basis / plan_id / "jaarplan.yaml")
    except OSError:
        file_exists = True  # a folder that cannot be read: read_jaarplan says so, with the reason
    if not file_exists:
        raise UnknownJaarplan(plan_id, plan_ids(basis))
    return read_jaarplan(basis / plan_id)


def load_all(data_dir: Path | str | None = None) -> list[Jaarplan]:
    """Load every jaarplan in the data folder."""
    basis = Path(data_dir) if data_dir else paths.DATA_DIR
    return [load_jaarplan(i, basis) for i in plan_ids(basis)]
