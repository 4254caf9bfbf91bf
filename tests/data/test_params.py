"""Params files: every kind of bad input gives a Dutch ParameterFout naming file and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evalkit.data.params import (
    ParameterErrors,
    Params,
    all_params,
    check_option,
    data_parameter,
    data_path,
    notebook_input,
    notebook_parameters,
    read_params,
)
from evalkit.errors import ParameterError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "runner"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project (data/, notebooks/, params/) copied from tests/fixtures/runner."""
    for naam in ("data", "notebooks", "params"):
        shutil.copytree(FIXTURES / naam, tmp_path / naam)
    return tmp_path


def schrijf(project: Path, rel: str, tekst: str) -> Path:
    pad = project / "params" / rel
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(tekst, encoding="utf-8")
    return pad


def read_records(project: Path, pad: Path) -> Params:
    return read_params(
        pad,
        params_dir=project / "params",
        data_dir=project / "data",
        notebooks_dir=project / "notebooks",
    )


def alle(project: Path, ids: list[str] | None = None) -> list[Params]:
    return all_params(
        project / "params", ids, data_dir=project / "data", notebooks_dir=project / "notebooks"
    )


def test_valid_params_file_is_read(project):
    p = read_records(project, project / "params" / "alfa" / "M12.yaml")
    assert (p.jaarplan, p.ronde, p.notebooks) == ("alfa", "M12", ("eenvoudig", "overzicht"))
    assert p.opties == {"groet": "hoi"}
    assert notebook_parameters(p, "data") == {
        "jaarplan": "alfa",
        "ronde": "M12",
        "data_dir": "data",
        "groet": "hoi",
    }


def test_compared_plans_are_an_option(project):
    tekst = (
        "jaarplan: alfa\nronde: M12\nnotebooks: [overzicht]\nopties:\n  vergelijk_met: [beta]\n"
        "  vergelijk_voorbeelddata: true\n"
    )
    p = read_records(project, schrijf(project, "alfa/M12.yaml", tekst))
    assert p.opties == {"vergelijk_met": ["beta"], "vergelijk_voorbeelddata": True}


def test_notebooks_default_to_evaluatie(project):
    shutil.copy(
        project / "notebooks" / "eenvoudig.ipynb", project / "notebooks" / "evaluatie.ipynb"
    )
    pad = schrijf(project, "beta/M12.yaml", "jaarplan: beta\nronde: M12\n")
    p = read_records(project, pad)
    assert p.notebooks == ("evaluatie",)
    assert p.opties == {}


@pytest.mark.parametrize(
    ("rel", "tekst", "verwacht"),
    [
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nnotebook: [eenvoudig]\n",
            "'notebook' is een onbekende sleutel",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nnotebooks: eenvoudig\n",
            "'notebooks' moet een niet-lege lijst van namen zijn, niet tekst",
        ),
        (
            "alfa/12.yaml",
            "jaarplan: alfa\nronde: 12\n",
            "'ronde' moet tekst zijn, niet geheel getal",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nopties:\n  peildatum: 2023-10-01\n",
            "optie 'peildatum' heeft een niet-toegestaan type (date) (zet een datum tussen",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nopties:\n  tabel: {a: 1}\n",
            "optie 'tabel' heeft een niet-toegestaan type (mapping)",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nopties:\n  data_dir: /etc\n",
            "optie 'data_dir' is gereserveerd",
        ),
        (
            "gamma/M12.yaml",
            "jaarplan: gamma\nronde: M12\n",
            "'jaarplan' 'gamma' bestaat niet in de data-map. Beschikbaar: alfa, beta.",
        ),
        (
            "alfa/M4.yaml",
            "jaarplan: alfa\nronde: M4\n",
            "'ronde' 'M4' bestaat niet voor jaarplan 'alfa'. Beschikbaar: M12.",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: ../alfa\nronde: M12\n",
            "'jaarplan' '../alfa' is geen geldige id",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: ../../M12\n",
            "'ronde' '../../M12' is geen geldige id",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nnotebooks: [../notebooks/eenvoudig]\n",
            "'../notebooks/eenvoudig' is geen geldige notebooknaam",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nnotebooks: [/etc/passwd]\n",
            "'/etc/passwd' is geen geldige notebooknaam",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nnotebooks: [bestaatniet]\n",
            "notebook 'bestaatniet' bestaat niet in notebooks/",
        ),
        (
            "beta/M12.yaml",
            "jaarplan: alfa\nronde: M12\n",
            "is 'alfa', maar het bestand staat in de map 'beta'",
        ),
        (
            "alfa/M8.yaml",
            "jaarplan: alfa\nronde: M12\n",
            "is 'M12', maar het bestand heet 'M8.yaml'",
        ),
        ("alfa/M12.yaml", "jaarplan: alfa\nronde: [M12\n", "geen geldige YAML (regel 2, teken 8)"),
        ("alfa/M12.yaml", "- alfa\n- M12\n", "moet een mapping zijn"),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nopties:\n  vergelijk_met: beta\n",
            "optie 'vergelijk_met' moet een lijst van jaarplan-ids zijn, bijvoorbeeld",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nopties:\n  vergelijk_met: [gamma]\n",
            "optie 'vergelijk_met': jaarplan 'gamma' bestaat niet in de data-map. "
            "Beschikbaar: alfa, beta.",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nopties:\n  vergelijk_met: [alfa]\n",
            "optie 'vergelijk_met' noemt het eigen jaarplan 'alfa'",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nopties:\n  vergelijk_met: [beta, beta]\n",
            "optie 'vergelijk_met' noemt 'beta' twee keer",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nopties:\n  vergelijk_met: [../beta]\n",
            "optie 'vergelijk_met': '../beta' is geen geldige jaarplan-id",
        ),
        (
            "alfa/M12.yaml",
            "jaarplan: alfa\nronde: M12\nopties:\n  vergelijk_voorbeelddata: ja\n",
            "optie 'vergelijk_voorbeelddata' moet true of false zijn",
        ),
    ],
)
def test_bad_params_file_gives_dutch_error_with_file_name(project, rel, tekst, verwacht):
    pad = schrijf(project, rel, tekst)
    with pytest.raises(ParameterError) as exc:
        read_records(project, pad)
    melding = str(exc.value)
    assert verwacht in melding
    assert f"params/{rel}" in melding


def test_all_problems_of_all_files_are_reported_together(project):
    schrijf(project, "alfa/M12.yaml", "jaarplan: alfa\nronde: M12\nkleur: rood\n")
    schrijf(project, "beta/M12.yaml", "jaarplan: beta\nronde: M99\nnotebooks: [x]\n")
    with pytest.raises(ParameterErrors) as exc:
        alle(project)
    regels = str(exc.value).splitlines()
    assert regels[0] == "5 problemen in de parameterbestanden:"
    assert [r.split(":")[0].strip() for r in regels[1:]] == ["params/alfa/M12.yaml"] * 2 + [
        "params/beta/M12.yaml"
    ] * 3
    assert "'kleur' is een onbekende sleutel" in regels[1]
    assert "'notebooks' ontbreekt, dus standaard 'evaluatie', maar notebook" in regels[2]
    assert "'ronde' is 'M99', maar het bestand heet 'M12.yaml'" in regels[3]
    assert "'ronde' 'M99' bestaat niet voor jaarplan 'beta'" in regels[4]
    assert "'notebooks' notebook 'x' bestaat niet" in regels[5]


def test_only_the_named_plans_are_read(project):
    schrijf(project, "alfa/M12.yaml", "jaarplan: alfa\nkapot: ja\n")
    assert [p.jaarplan for p in alle(project, ["beta"])] == ["beta"]


@pytest.mark.parametrize(
    ("ids", "verwacht"),
    [
        (["gamma"], "onbekend jaarplan 'gamma': er is geen map params/gamma/. Beschikbaar: alfa"),
        (["../data"], "'../data' is geen geldige jaarplan-id"),
        (["/tmp"], "'/tmp' is geen geldige jaarplan-id"),
    ],
)
def test_unknown_or_unsafe_ids_are_refused(project, ids, verwacht):
    with pytest.raises(ParameterError) as exc:
        alle(project, ids)
    assert verwacht in str(exc.value)


def test_stray_files_are_reported(project):
    (project / "params" / "los.yaml").write_text("jaarplan: alfa\n", encoding="utf-8")
    schrijf(project, "alfa/M8.yml", "jaarplan: alfa\nronde: M8\n")
    with pytest.raises(ParameterErrors) as exc:
        alle(project)
    assert "params/los.yaml: staat niet in een jaarplanmap" in str(exc.value)
    assert "params/alfa/M8.yml: gebruik de extensie .yaml" in str(exc.value)


def test_options_must_be_flat_json_like():
    assert check_option("publiek", False) is None
    assert check_option("drempel", 5) is None
    assert check_option("namen", ["a", 1, None]) is None
    assert "niet-toegestaan type (lijst)" in check_option("geneste", [[1]])
    assert "geen geldige Python-naam" in check_option("met spatie", 1)
    assert "geen geldige Python-naam" in check_option("class", 1)
    assert "niet-toegestaan type" in check_option("oneindig", float("inf"))


def test_data_pad_resolves_against_project_root(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALKIT_ROOT", str(tmp_path))
    assert data_path("data") == tmp_path.resolve() / "data"
    assert data_path(tmp_path / "elders") == tmp_path / "elders"


def test_data_parameter_is_relative_inside_the_project(tmp_path):
    assert data_parameter(tmp_path / "data", tmp_path) == "data"
    assert data_parameter(tmp_path, tmp_path) == "."
    buiten = tmp_path.parent / "ergens"
    assert data_parameter(buiten, tmp_path) == str(buiten.resolve())


def test_notebook_declares_its_inputs(project):
    nbs = project / "notebooks"
    assert notebook_input(nbs / "eenvoudig.ipynb") == "jaarplan"
    assert notebook_input(nbs / "overzicht.ipynb") == "alle"
    kapot = '{"cells": [], "metadata": {"evalkit": {"inputs": "sommige"}}}'
    with pytest.raises(ParameterError, match=r"metadata evalkit\.inputs is 'sommige'"):
        notebook_input(nbs / "x.ipynb", kapot)


@pytest.mark.parametrize(
    ("inhoud", "verwacht"),
    [
        ('{"cells": [], "metadata": {"evalkit": ', "regel 1, teken 39: geen geldige JSON"),
        ('{"cells": [],\n "metadata": {}}\n}', "regel 3, teken 1: geen geldige JSON"),
        ("[1, 2]", "geen JSON-object met metadata"),
    ],
)
def test_unreadable_notebook_names_line_without_exception_names(project, inhoud, verwacht):
    pad = project / "notebooks" / "kapot.ipynb"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(ParameterError) as exc:
        notebook_input(pad)
    assert str(exc.value) == f"kapot.ipynb: is geen leesbaar notebook ({verwacht})"
    assert "Error" not in str(exc.value)


def test_params_file_not_utf8_names_the_line(project):
    pad = project / "params" / "alfa" / "M12.yaml"
    pad.write_bytes("jaarplan: alfa\nronde: M12\nopties: {groet: héé}\n".encode("cp1252"))
    with pytest.raises(ParameterError) as exc:
        read_records(project, pad)
    assert str(exc.value) == (
        "params/alfa/M12.yaml: regel 3: bestand is geen UTF-8-tekst; sla het op als UTF-8"
    )


def test_unreadable_params_file_says_why(project, monkeypatch):
    pad = project / "params" / "alfa" / "M12.yaml"
    echt = Path.read_text

    def read_text(self, *args, **kwargs):
        if self == pad:
            raise PermissionError(13, "Permission denied", str(self))
        return echt(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    with pytest.raises(ParameterError) as exc:
        read_records(project, pad)
    assert str(exc.value) == "params/alfa/M12.yaml: kan het bestand niet lezen (geen toegang)"


def test_duplicate_key_in_params_file_names_both_lines(project):
    pad = schrijf(project, "alfa/M12.yaml", "jaarplan: alfa\nronde: M12\nronde: M8\n")
    with pytest.raises(ParameterError) as exc:
        read_records(project, pad)
    assert (
        "params/alfa/M12.yaml: 'ronde' staat twee keer in hetzelfde blok (regel 2 en regel 3); "
        "alleen de laatste waarde zou gelden"
    ) in str(exc.value)
