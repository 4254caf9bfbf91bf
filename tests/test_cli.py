"""The CLI only parses options and calls one library function with the parsed arguments."""

from __future__ import annotations

import importlib
from pathlib import Path
from unittest.mock import ANY

import pytest

from evalkit import cli
from evalkit.errors import UnknownJaarplan


class _Result(list):
    """What a faked library function returns: exit code 0, no lines to print, nothing to list."""

    warnings: tuple[str, ...] = ()

    def __int__(self) -> int:
        return 0

    def __str__(self) -> str:
        return ""

    def lines(self) -> list[str]:
        return []


def _vang(monkeypatch, module: str, functie: str) -> list:
    aanroepen: list = []

    def nep(*args, **kwargs):
        aanroepen.append((args, kwargs))
        return _Result()

    monkeypatch.setattr(importlib.import_module(module), functie, nep)
    return aanroepen


@pytest.mark.parametrize(
    ("argv", "module", "functie", "verwacht"),
    [
        (
            ["validate", str(Path(__file__).parent / "fixtures" / "geldig")],
            "evalkit.data.validate",
            "validate",
            ((Path(__file__).parent / "fixtures" / "geldig",), {}),
        ),
        (
            ["evaluate", "plein013-2023", "--ronde", "M8", "--json"],
            "evalkit.present.console",
            "evaluation_output",
            (("plein013-2023",), {"ronde": "M8", "als_json": True, "data_dir": None}),
        ),
        (["summary"], "evalkit.present.console", "all_summaries", ((), {"data_dir": None})),
        (
            ["evaluate", "plein013-2023", "--round", "M8"],
            "evalkit.present.console",
            "evaluation_output",
            (("plein013-2023",), {"ronde": "M8", "als_json": False, "data_dir": None}),
        ),
        (
            ["template", "plan.xlsx", "--van", "ppo-nk-2023"],
            "evalkit.tools.excel",
            "write_template",
            ((Path("plan.xlsx"),), {"plan_id": "ppo-nk-2023", "data_dir": None}),
        ),
        (
            ["template", "plan.xlsx", "--from", "ppo-nk-2023"],
            "evalkit.tools.excel",
            "write_template",
            ((Path("plan.xlsx"),), {"plan_id": "ppo-nk-2023", "data_dir": None}),
        ),
        (
            ["import", "plan.xlsx", "--overwrite"],
            "evalkit.tools.excel",
            "import_workbook",
            ((Path("plan.xlsx"),), {"data_dir": None, "overschrijf": True}),
        ),
        (
            ["import", "plan.xlsx", "--overschrijf", "--data", "d"],
            "evalkit.tools.excel",
            "import_workbook",
            ((Path("plan.xlsx"),), {"data_dir": Path("d"), "overschrijf": True}),
        ),
        (["review-copy", "x"], "evalkit.tools.review", "make_copy", (("x",), {})),
        (
            ["export", "--format", "parquet", "--out", "uit"],
            "evalkit.tools.export",
            "export_tables",
            (("parquet",), {"uit": Path("uit")}),
        ),
        (
            ["new-jaarplan", "--from", "plein013-2023", "--period", "2024"],
            "evalkit.tools.newplan",
            "new_jaarplan",
            (("plein013-2023", "2024"), {"nieuw_id": None}),
        ),
        (
            ["new-jaarplan", "--van", "plein013-2023", "--periode", "2024", "--id", "p-2024"],
            "evalkit.tools.newplan",
            "new_jaarplan",
            (("plein013-2023", "2024"), {"nieuw_id": "p-2024"}),
        ),
        (
            ["run", "a", "b", "--jobs", "3", "--force"],
            "evalkit.build.runner",
            "run",
            (
                (["a", "b"],),
                {
                    "jobs": 3,
                    "force": True,
                    "progress": ANY,
                    "warn": ANY,
                },
            ),
        ),
        (
            ["run"],
            "evalkit.build.runner",
            "run",
            (
                ([],),
                {
                    "jobs": None,
                    "force": False,
                    "progress": ANY,
                    "warn": ANY,
                },
            ),
        ),
        (
            ["report", "plein013-2023", "--renderer", "ingebouwd"],
            "evalkit.build.report",
            "make_reports",
            (
                (["plein013-2023"],),
                {
                    "renderer": "ingebouwd",
                    "force": False,
                    "jobs": None,
                    "progress": ANY,
                    "warn": ANY,
                },
            ),
        ),
    ],
)
def test_cli_passes_the_parsed_arguments(monkeypatch, argv, module, functie, verwacht):
    aanroepen = _vang(monkeypatch, module, functie)
    assert cli.main(argv) == 0
    assert aanroepen == [verwacht]


def test_evalkit_error_becomes_dutch_message_and_exit_1(monkeypatch, capsys):
    def faalt(*_args, **_kwargs):
        raise UnknownJaarplan("bestaat-niet", ["plein013-2023"])

    monkeypatch.setattr(
        importlib.import_module("evalkit.present.console"), "evaluation_output", faalt
    )
    assert cli.main(["evaluate", "bestaat-niet"]) == 1
    fout = capsys.readouterr().err
    assert fout.startswith("Fout: Onbekend jaarplan 'bestaat-niet'.")
    assert "Traceback" not in fout


def test_unknown_option_is_refused_by_argparse(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["report", "--renderer", "latex"])
    assert exc.value.code == 2
    fout = capsys.readouterr().err
    assert "evalkit report: fout: argument --renderer: ongeldige keuze: 'latex'" in fout
    assert fout.startswith("gebruik: ")


@pytest.mark.parametrize(
    ("fout", "verwacht"),
    [
        (PermissionError(13, "Permission denied", "data/x/doelen.csv"), "data/x/doelen.csv: geen"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid"), "geen UTF-8-tekst (byte 0)"),
    ],
)
def test_system_errors_become_dutch_messages_without_traceback(monkeypatch, capsys, fout, verwacht):
    def faalt(*_args, **_kwargs):
        raise fout

    monkeypatch.delenv("EVALKIT_DEBUG", raising=False)
    monkeypatch.setattr(
        importlib.import_module("evalkit.present.console"), "evaluation_output", faalt
    )
    assert cli.main(["evaluate", "x"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fout: ") and verwacht in err
    assert "Traceback" not in err


def test_version_option(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("evalkit ")
