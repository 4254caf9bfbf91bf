"""The Verantwoording of a jaarverslag: input files with SHA-256, notebook parameters, package
versions and the git commit, and the report version that follows from them."""

from __future__ import annotations

import functools
import hashlib
import json
import platform
import re
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from evalkit import paths
from evalkit.build.hashing import tree_hash
from evalkit.escape import markdown
from evalkit.files import sha256

NOT_AVAILABLE = "niet beschikbaar"


def version_tag(hashes: list[tuple[str, str]], evalkit_versie: str, evalkit_bron: str = "") -> str:
    """The report version: 8 hex characters of a SHA-256 over all input hashes and evalkit.

    evalkit_bron is the hash of evalkit's source tree (evalkit_bron_hash), so a change to a
    rule gives a new version even when the package version stays the same.
    """
    h = hashlib.sha256(f"evalkit {evalkit_versie}\n".encode())
    if evalkit_bron:
        h.update(f"evalkit-broncode {evalkit_bron}\n".encode())
    for naam, waarde in sorted(hashes):
        h.update(f"{naam} {waarde}\n".encode())
    return h.hexdigest()[:8]


def evalkit_source_hash() -> str:
    """SHA-256 over evalkit's own source files (the same tree hash the runner keys on)."""
    return tree_hash(paths.PACKAGE_DIR)


def package_version(naam: str) -> str:
    """Installed version of a package (without importing it), or 'niet geïnstalleerd'."""
    try:
        return metadata.version(naam)
    except metadata.PackageNotFoundError:
        return "niet geïnstalleerd"


def pandoc_version() -> str:
    """Version of the pandoc that pypandoc_binary ships."""
    import pypandoc

    return str(pypandoc.get_pandoc_version())


MODIFIED = "met niet-vastgelegde wijzigingen"
UNCHECKED = "niet na te gaan of er niet-vastgelegde wijzigingen zijn"


def _git(args: list[str], root: Path | None) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=root or paths.ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def git_commit(root: Path | None = None) -> str:
    """The current git commit of the project, or 'niet beschikbaar'.

    When the working tree differs from the commit (`git status --porcelain` lists anything;
    ignored files such as the generated reports do not count), the commit is followed by
    '(met niet-vastgelegde wijzigingen)', since the commit alone does not then describe the
    code that made the report.
    """
    uit = _git(["rev-parse", "HEAD"], root)
    commit = uit.stdout.strip() if uit is not None else ""
    if uit is None or uit.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40}", commit):
        return NOT_AVAILABLE
    status = _git(["status", "--porcelain"], root)
    if status is None or status.returncode != 0:
        return f"{commit} ({UNCHECKED})"
    if status.stdout.strip():
        return f"{commit} ({MODIFIED})"
    return commit


def enumeration(items: list[str]) -> str:
    """Dutch enumeration: ['a'] -> 'a', ['a', 'b', 'c'] -> 'a, b en c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def _md_table(koppen: tuple[str, str], rijen: list[tuple[str, str]], breedtes=(3, 5)) -> str:
    """A pipe table; the dash counts set the relative column widths when lines are long."""
    streep = "|" + "|".join(":" + "-" * (b * 6) for b in breedtes) + "|"
    regels = [f"| {koppen[0]} | {koppen[1]} |", streep]
    regels += [f"| {a} | {b} |" for a, b in rijen]
    return "\n".join(regels)


@dataclass(frozen=True)
class InputFile:
    """One input file of the report with its SHA-256 (naam is project-relative)."""

    naam: str
    sha256: str


def _relative(pad: Path, basis: Path) -> str:
    try:
        return pad.resolve().relative_to(basis.resolve()).as_posix()
    except ValueError:
        return pad.as_posix()


def input_files(
    plan_id: str,
    data_dir: Path,
    params_bestand: Path | None,
    notebooks: list[Path],
    alle_data: bool = False,
) -> list[InputFile]:
    """Every file under data/<id>/ (all of data/ when alle_data), the params file, notebooks."""
    basis = data_dir if alle_data else data_dir / plan_id
    bestanden: list[Path] = sorted(
        p
        for p in basis.rglob("*")
        if p.is_file() and not any(d.startswith(".") for d in p.relative_to(basis).parts)
    )
    uit = [InputFile(f"{data_dir.name}/{_relative(p, data_dir)}", sha256(p)) for p in bestanden]
    if params_bestand is not None and params_bestand.is_file():
        naam = f"{params_bestand.parent.parent.name}/{plan_id}/{params_bestand.name}"
        uit.append(InputFile(naam, sha256(params_bestand)))
    for nb in notebooks:
        if nb.is_file():
            uit.append(InputFile(f"{nb.parent.name}/{nb.name}", sha256(nb)))
    return uit


def notebook_parameters(pad: Path) -> dict[str, Any]:
    """The parameters papermill recorded in an executed notebook (empty when none)."""
    try:
        meta = json.loads(pad.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return {}
    return dict((meta.get("papermill") or {}).get("parameters") or {})


def versions(renderer: str) -> list[tuple[str, str]]:
    """The versions named in the Verantwoording (and the renderer used)."""
    return [
        ("Python", platform.python_version()),
        ("evalkit", package_version("evalkit")),
        ("pandas", package_version("pandas")),
        ("matplotlib", package_version("matplotlib")),
        ("papermill", package_version("papermill")),
        ("pandoc", pandoc_version()),
        ("typst", package_version("typst")),
        ("typst-compiler (in de PDF)", typst_compiler_version()),
        ("seaborn", package_version("seaborn")),
        ("Renderer", renderer),
    ]


@functools.cache
def typst_compiler_version() -> str:
    """The version of the typst compiler inside the typst package, as the PDF names it.

    The Python package and the compiler it bundles have their own version numbers (package
    0.15.2 bundles compiler 0.15.1); the PDF's metadata names the compiler.
    """
    try:
        import typst

        with tempfile.TemporaryDirectory() as tmp:
            bron = Path(tmp) / "versie.typ"
            bron.write_text("versie", encoding="utf-8")
            pdf = typst.compile(str(bron), timestamp=0)
    except Exception:  # the version is informative only; any failure shows as unknown
        return NOT_AVAILABLE
    gevonden = re.search(rb"Typst (\d+(?:\.\d+)+)", pdf)
    return gevonden.group(1).decode() if gevonden else NOT_AVAILABLE


def accountability_markdown(
    invoer: list[InputFile],
    parameters: list[tuple[str, dict[str, Any]]],
    versielijst: list[tuple[str, str]],
    commit: str,
    versie: str,
    alle_data: list[str] | None = None,
    evalkit_bron: str = "",
) -> str:
    """The 'Verantwoording' appendix: inputs with SHA-256, notebook parameters, versions.

    alle_data names the notebooks that read the data of every jaarplan (so all of data/ is
    listed as input); evalkit_bron is the hash of evalkit's source code.
    """
    delen = [
        "# Verantwoording",
        "Dit verslag is gemaakt met evalkit uit de invoerbestanden hieronder. Met dezelfde "
        "invoer en dezelfde versies van de programma's geeft evalkit hetzelfde verslag. De "
        f"versie op de titelpagina ({versie}) bestaat uit de eerste acht tekens van een "
        "SHA-256 over de hashes van alle invoerbestanden en de versie en de broncode van "
        "evalkit; verandert er iets aan de invoer of aan de rekenregels, dan verandert ook de "
        "versie.",
        "## Invoerbestanden",
    ]
    if alle_data:
        onderwerp = "Het notebook" if len(alle_data) == 1 else "De notebooks"
        werkwoord = "gebruikt" if len(alle_data) == 1 else "gebruiken"
        delen.append(
            f"{onderwerp} {enumeration([markdown(n) for n in alle_data])} {werkwoord} de data "
            "van alle jaarplannen (voor de vergelijking); daarom staan alle databestanden "
            "hieronder."
        )
    delen += [
        _md_table(
            ("Bestand", "SHA-256"),
            [(f"`{i.naam}`", f"`{i.sha256}`") for i in invoer],
            breedtes=(4, 7),
        ),
        "## Parameters van de notebooks",
    ]
    if not parameters:
        delen.append("Er zijn geen uitgevoerde notebooks in dit verslag.")
    for naam, waarden in parameters:
        delen.append(f"**{markdown(naam)}**")
        if waarden:
            rijen = [
                (markdown(PARAMETER_LABELS.get(k, k)), markdown(_param_text(v)))
                for k, v in sorted(waarden.items(), key=lambda kv: _param_order(kv[0]))
            ]
            delen.append(_md_table(("Parameter", "Waarde"), rijen, breedtes=(3, 7)))
        else:
            delen.append("Geen parameters vastgelegd.")
    delen.append("## Versies")
    rijen = [(markdown(a), markdown(b)) for a, b in versielijst]
    if evalkit_bron:
        rijen.append(("evalkit-broncode (SHA-256)", f"`{evalkit_bron}`"))
    if commit == NOT_AVAILABLE:
        rijen.append(("Git-commit", commit))
    else:
        hash_, _, toelichting = commit.partition(" ")
        rijen.append(("Git-commit", f"`{hash_}` {toelichting}".strip()))
    delen.append(_md_table(("Onderdeel", "Versie"), rijen, breedtes=(3, 7)))
    return "\n\n".join(delen) + "\n"


# The notebook parameters in words for the reader; the params file itself (with its SHA-256
# in the table above) holds the technical names.
PARAMETER_LABELS = {
    "jaarplan": "Jaarplan",
    "ronde": "Evaluatieronde",
    "data_dir": "Map met de gegevens",
    "publiek": "Publieke versie (aantallen onder 5 verborgen)",
    "grafieken": "Met grafieken",
    "stakeholders": "Gegevens van belanghebbenden",
    "vergelijk_met": "Vergeleken met",
    "vergelijk_voorbeelddata": "Voorbeelddata meevergelijken",
}


def _param_order(naam: str) -> tuple[int, str]:
    volgorde = list(PARAMETER_LABELS)
    return (volgorde.index(naam) if naam in volgorde else len(volgorde), naam)


def _param_text(waarde: Any) -> str:
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if waarde is None:
        return "–"
    if isinstance(waarde, list | tuple):
        return ", ".join(_param_text(w) for w in waarde)
    return str(waarde)


@dataclass(frozen=True)
class Accountability:
    """The version on the title page and the text of the Verantwoording appendix."""

    versie: str
    markdown: str


def accountability(
    plan_id: str,
    ronde_id: str,
    renderer: str,
    *,
    boekmap: Path,
    data_dir: Path,
    params_dir: Path,
    notebooks_dir: Path,
) -> Accountability:
    """Collect the inputs and notebook parameters of a book's round; version and appendix.

    The executed notebooks are those in boekmap/<ronde>/ (failed ones left out); each has
    its source in notebooks_dir. A notebook that reads all jaarplannen lists all of data/.
    """
    from evalkit.data.params import notebook_input

    uitgevoerd = sorted(
        nb for nb in (boekmap / ronde_id).glob("*.ipynb") if not nb.name.endswith(".mislukt.ipynb")
    )
    bronnen = [notebooks_dir / nb.name for nb in uitgevoerd]
    alle = [b.name for b in bronnen if b.is_file() and notebook_input(b) == "alle"]
    params_bestand = params_dir / plan_id / f"{ronde_id}.yaml"
    invoer = input_files(plan_id, data_dir, params_bestand, bronnen, alle_data=bool(alle))
    bron_hash = evalkit_source_hash()
    versie = version_tag(
        [(i.naam, i.sha256) for i in invoer], package_version("evalkit"), bron_hash
    )
    parameters = [(f"{ronde_id}/{nb.name}", notebook_parameters(nb)) for nb in uitgevoerd]
    tekst = accountability_markdown(
        invoer,
        parameters,
        versions(renderer),
        git_commit(),
        versie,
        alle_data=alle,
        evalkit_bron=bron_hash,
    )
    return Accountability(versie, tekst)
