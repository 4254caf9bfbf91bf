"""Running the pandoc binary shipped by pypandoc_binary."""

from __future__ import annotations

import subprocess

from evalkit.errors import OutputError

PANDOC_TIMEOUT = 120


def pandoc_path() -> str:
    """Path of the pandoc binary shipped by pypandoc_binary."""
    import pypandoc

    return pypandoc.get_pandoc_path()


def pandoc(args: list[str], stap: str, cwd, invoer: str | None = None) -> str:
    """Run pandoc; UitvoerFout naming the step on failure."""
    try:
        uit = subprocess.run(
            [pandoc_path(), *args],
            cwd=cwd,
            input=invoer,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=PANDOC_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise OutputError(f"{stap}: pandoc kon niet starten ({exc})") from exc
    if uit.returncode != 0:
        melding = (uit.stderr or uit.stdout).strip().splitlines()
        kort = "\n  ".join(melding[-8:]) or f"afsluitcode {uit.returncode}"
        raise OutputError(f"{stap} mislukt (pandoc):\n  {kort}")
    return uit.stdout
