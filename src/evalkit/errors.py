"""Error classes: one root, specific subclasses that carry their context."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path


class EvalkitError(Exception):
    """Root of all evalkit errors; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file (row is the 1-based line number in the file)."""

    bestand: str
    rij: int | None
    kolom: str | None
    melding: str

    def __str__(self) -> str:
        plaats = [self.bestand]
        if self.rij is not None:
            plaats.append(f"rij {self.rij}")
        if self.kolom:
            plaats.append(f"kolom '{self.kolom}'")
        return f"{', '.join(plaats)}: {self.melding}"


class ValidationError(EvalkitError):
    """Input data has one or more problems; carries all of them."""

    def __init__(self, problemen: list[Problem]):
        self.problemen = list(problemen)
        n = len(self.problemen)
        kop = f"{n} probleem gevonden" if n == 1 else f"{n} problemen gevonden"
        super().__init__(kop + ":\n" + "\n".join(f"  {p}" for p in self.problemen))


class UnknownJaarplan(EvalkitError):
    """A jaarplan id that does not exist in the data folder."""

    def __init__(self, plan_id: str, beschikbaar: list[str] | None = None):
        self.plan_id = plan_id
        extra = f" Beschikbaar: {', '.join(beschikbaar)}." if beschikbaar else ""
        super().__init__(f"Onbekend jaarplan '{plan_id}'.{extra}")


class UnknownRonde(EvalkitError):
    """An evaluation round that does not exist for a jaarplan."""

    def __init__(self, plan_id: str, ronde: str, beschikbaar: list[str] | None = None):
        self.plan_id, self.ronde = plan_id, ronde
        extra = f" Beschikbaar: {', '.join(beschikbaar)}." if beschikbaar else ""
        super().__init__(f"Jaarplan '{plan_id}' heeft geen ronde '{ronde}'.{extra}")


class ParameterError(EvalkitError):
    """A params file is invalid (unknown key, wrong type, unknown id, path trick)."""

    def __init__(self, bestand: Path | str, melding: str):
        self.bestand = str(bestand)
        super().__init__(f"{bestand}: {melding}")


class ExcelImportError(EvalkitError):
    """An Excel workbook cannot be imported."""


class OutputError(EvalkitError):
    """A notebook execution or render step failed."""


class NoProjectData(EvalkitError):
    """The data folder holds no jaarplan: evalkit is used outside a project folder.

    The message names the folder searched and how EVALKIT_ROOT points evalkit at a project.
    """

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        root = os.environ.get("EVALKIT_ROOT")
        hoe = (
            f"EVALKIT_ROOT staat op {root}; klopt dat niet, zet EVALKIT_ROOT dan op de projectmap"
            if root
            else "EVALKIT_ROOT is niet gezet; werk vanuit de projectmap of zet EVALKIT_ROOT op "
            "de projectmap"
        )
        super().__init__(
            f"geen jaarplannen gevonden in {self.folder} (de data-map die evalkit doorzocht). "
            f"{hoe} (de map met data/ en params/), bijvoorbeeld: "
            "export EVALKIT_ROOT=/pad/naar/project."
        )


class KernelMissing(EvalkitError):
    """The notebook kernel cannot import evalkit (a pip install without a registered kernel)."""


_OS_REASONS = {
    errno.ENOENT: "bestand of map bestaat niet",
    errno.EACCES: "geen toegang",
    errno.EPERM: "niet toegestaan",
    errno.ENOSPC: "schijf vol",
    errno.EROFS: "alleen-lezen bestandssysteem",
    errno.EEXIST: "bestaat al",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "is een map",
}


def os_reason(exc: OSError) -> str:
    """The reason of an operating-system error in Dutch (falls back to the system text)."""
    return _OS_REASONS.get(exc.errno, exc.strerror or str(exc))
