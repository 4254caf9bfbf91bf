"""Every output of an evaluation states the same headline numbers, statuses and warnings.

For each shipped jaarplan in data/ (latest round) the CLI text, the `--json` output, the
notebook's summary, warnings and lessons Markdown, and the report index are parsed
independently; the figures they state must be the same strings.
"""

from __future__ import annotations

import json
import re

import pytest

from evalkit import cli, escape
from evalkit.build.book import index_markdown
from evalkit.data import read
from evalkit.data.model import GOAL_STATUSES
from evalkit.engine.evaluate import evaluate_plan
from evalkit.present import numbers, text

PLANS = read.plan_ids()

_CLI_GOALS = re.compile(
    r"^Doelen: (?P<share>\S+) behaald \((?P<achieved>\S+) van (?P<counted>\d+)\); "
    r"norm ten minste (?P<norm>\S+): (?P<verdict>[a-z ]+)\.$",
    re.M,
)
_MD_GOALS = re.compile(
    r"\*\*Doelen: norm (?P<verdict>[a-z ]+)\.\*\* Van .*? is (?P<share>\S+) behaald "
    r"\((?P<achieved>\S+) van (?P<counted>\d+)\); de norm is ten minste (?P<norm>\S+)\."
)
_CLI_BUDGET = re.compile(
    r"^Budget: (?P<budget>€ [\d.,]+) begroot .*?; (?P<spent>€ [\d.,]+) besteed", re.M
)
_MD_BUDGET = re.compile(r"Begroot is (?P<budget>€ [\d.,]+) .*?besteed is (?P<spent>€ [\d.,]+)\.")
_CLI_HOURS = re.compile(r"^Uren: \d+ van \d+ projecten binnen de uren \((?P<share>\S+)\)", re.M)
_MD_HOURS = re.compile(r"\*\*Uren: norm [a-z ]+\.\*\* .*?\((?P<share>\S+)\) blee")


def _run(capsys, *argv: str) -> str:
    assert cli.main(list(argv)) == 0
    return capsys.readouterr().out


def _one(pattern: re.Pattern, tekst: str, waar: str) -> dict[str, str]:
    gevonden = [m.groupdict() for m in pattern.finditer(tekst)]
    assert len(gevonden) == 1, f"{waar}: {pattern.pattern!r} {len(gevonden)} keer gevonden"
    return gevonden[0]


@pytest.mark.parametrize("plan_id", PLANS)
def test_all_outputs_state_the_same_figures(plan_id, capsys):
    ev = evaluate_plan(plan_id)
    cli_text = _run(capsys, "evaluate", plan_id)
    data = json.loads(_run(capsys, "evaluate", plan_id, "--json"))
    st = data["statements"]
    notebook = text.summary_without_message(ev, publiek=False)
    index = index_markdown(ev, publiek=False)

    # goals: share, achieved and counted, norm and verdict
    a = ev.aandeel_doelen
    if a.aandeel is None:
        assert "Doelen: geen doelen te beoordelen" in cli_text
        assert "Er zijn nog geen doelen te beoordelen" in notebook
    else:
        van_cli = _one(_CLI_GOALS, cli_text, "CLI")
        van_notebook = _one(_MD_GOALS, notebook, "notebook")
        van_index = _one(_MD_GOALS, index, "index")
        van_json = {
            "share": st["goals_share"],
            "achieved": st["goals_achieved"],
            "counted": str(st["goals_counted"]),
            "norm": st["goals_norm"],
            "verdict": st["goals_verdict"],
        }
        assert van_cli == van_notebook == van_index == van_json
        # the JSON numbers say the same as the worded figures
        assert numbers.share(data["goals_achieved_share"]) == van_cli["share"]
        assert numbers.percent_short(data["goals_norm"]) == van_cli["norm"]
        assert numbers.number_short(data["goals_achieved"]) == van_cli["achieved"]
        assert data["goals_counted"] == int(van_cli["counted"])

    # statuses: the CLI count line, the JSON counts and what the summary leaves out
    per_status = ", ".join(f"{s} {data['goals_by_status'][s]}" for s in GOAL_STATUSES)
    assert f"  Per status: {per_status}." in cli_text.splitlines()
    assert st["goals_by_status"] == data["goals_by_status"]
    for s in ("nog niet te beoordelen", "vervallen"):
        n = data["goals_by_status"][s]
        if n and a.aandeel is not None:
            assert f"{n} {s}" in notebook and f"{n} {s}" in index
    for status, kop in (("niet behaald", "Niet behaalde doelen"), ("deels behaald", "Deels")):
        n = data["goals_by_status"][status]
        lessen = text.lessons_markdown(ev, publiek=False)
        assert (f"**{kop}" in lessen) == bool(n)

    # budget totals
    if data["budget_total"] is not None:
        van_cli = _one(_CLI_BUDGET, cli_text, "CLI")
        assert van_cli == _one(_MD_BUDGET, notebook, "notebook") == _one(_MD_BUDGET, index, "")
        assert van_cli == {"budget": st["budget_total"], "spent": st["spent_total"]}
    overschreden = re.search(r"^  Overschrijdingen \((\d+)\)", cli_text, re.M)
    assert (int(overschreden.group(1)) if overschreden else 0) == data["activities_over_budget"]

    # hours share
    if data["projects_within_hours_share"] is not None:
        van_cli = _one(_CLI_HOURS, cli_text, "CLI")["share"]
        assert van_cli == _one(_MD_HOURS, notebook, "notebook")["share"] == st["hours_share"]
        assert van_cli == numbers.share(data["projects_within_hours_share"])

    # warnings: the same list in the CLI, the JSON and the notebook
    regels = cli_text.splitlines()
    if data["warnings"]:
        start = regels.index(f"Waarschuwingen ({len(data['warnings'])}):")
        assert [r.removeprefix("  - ") for r in regels[start + 1 :]] == data["warnings"]
    else:
        assert not any(r.startswith("Waarschuwingen") for r in regels)
    assert st["warnings"] == data["warnings"]
    lijst = text.warnings_markdown(ev, publiek=False).splitlines()[2:]
    assert lijst == [f"- {escape.markdown(w)}" for w in data["warnings"]]


@pytest.mark.parametrize("plan_id", PLANS)
def test_public_outputs_agree_with_the_public_statements(plan_id):
    """The published report index and notebook render the same public statements."""
    ev = evaluate_plan(plan_id)
    index = index_markdown(ev, publiek=True)
    notebook = text.summary_markdown(ev, publiek=True)
    assert index == f"# Samenvatting {{.unnumbered}}\n\n{notebook.strip()}\n"
    lijst = text.warnings_markdown(ev, publiek=True)
    for w in ev.waarschuwingen:
        assert (escape.markdown(w) in lijst) or w.startswith("Doel ")
