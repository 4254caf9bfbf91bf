"""Error classes: one root, specific subclasses that carry their context."""

from __future__ import annotations

import errno
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
