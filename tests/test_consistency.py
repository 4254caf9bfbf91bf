"""Every output of an evaluation states the same headline numbers, statuses and warnings.

For each shipped jaarplan in data/ (latest round) the CLI text, the `--json` output, the
notebook's summary, warnings and lessons Markdown, the report index, the OPR review copy's
Markdown and the `evalkit.load()` export tables are parsed independently; the figures they
state must be the same strings, and the OPR copy must flag the goals the jaarverslag flags.
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
from evalkit.present import numbers, statements, tables, text
from evalkit.tools import export, review, review_wording

PLANS = read.plan_ids()

_CLI_GOALS = re.compile(
    r"^Doelen: (?P<share>\S+) behaald \((?P<achieved>\S+) van (?P<counted>\d+)"
    r"(?:, (?P<note>waarvan \d+ handmatig tegen de cijfers in))?\); "
    r"norm ten minste (?P<norm>\S+) \((?P<origin>.+)\): (?P<verdict>[a-z ]+)\.$",
    re.M,
)
_MD_GOALS = re.compile(
    r"\*\*Doelen: norm (?P<verdict>[a-z ]+)\.\*\* Van .*? is (?P<share>\S+) behaald "
    r"\((?P<achieved>\S+) van (?P<counted>\d+)"
    r"(?:, (?P<note>waarvan \d+ handmatig tegen de cijfers in))?\); "
    r"de norm is ten minste (?P<norm>\S+) \((?P<origin>.+?)\)\.(?: |$)"
)
_CLI_BUDGET = re.compile(
    r"^Budget: (?P<budget>€ [\d.,]+) begroot .*?; (?P<spent>€ [\d.,]+) besteed", re.M
)
_MD_BUDGET = re.compile(r"Begroot is (?P<budget>€ [\d.,]+) .*?besteed is (?P<spent>€ [\d.,]+)\.")
_CLI_HOURS = re.compile(r"^Uren: \d+ van \d+ projecten binnen de uren \((?P<share>\S+)\)", re.M)
_MD_HOURS = re.compile(r"\*\*Uren: norm [a-z ]+\.\*\* .*?\((?P<share>\S+)\) blee")


_OPR_NORM_ROW = re.compile(
    r"^\| (?P<naam>[^|]+?) \| ten minste (?P<norm>\S+) \| (?P<uitkomst>[^|]*?) \| "
    r"(?P<verdict>[a-z ]+) \|$",
    re.M,
)
_OPR_GOAL = re.compile(  # a list item, after its paragraph number [n]
    r"^- (?:\[\*\*\\\[\d+\\\]\*\*\]\{[^}]*\} )?\*\*(?P<id>[^*]+)\*\* .*? — status: "
    r"\*\*(?P<status>[a-z ]+)\*\*\.",
    re.M,
)
_NUMBER = re.compile(r"\[\*\*\\\[\d+\\\]\*\*\]\{[^}]*\} ")  # a paragraph number [n]
_OPR_FLAG = "Het werkteam noemt dit doel"
_CLI_NORM = re.compile(
    r"^(?P<naam>.+): (?P<share>\S+) \(norm ten minste (?P<norm>\S+): (?P<verdict>[a-z ]+)\)$", re.M
)


def _unescaped(gevonden: dict[str, str]) -> dict[str, str]:
    """The Markdown origin of a norm without its escaping backslashes."""
    return {**gevonden, "origin": gevonden["origin"].replace("\\", "")}


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
        van_notebook = _unescaped(_one(_MD_GOALS, notebook, "notebook"))
        van_index = _unescaped(_one(_MD_GOALS, index, "index"))
        van_json = {
            "share": st["goals_share"],
            "achieved": st["goals_achieved"],
            "counted": str(st["goals_counted"]),
            "norm": st["goals_norm"],
            "verdict": st["goals_verdict"],
            "note": st["goals_achieved_note"] or None,
            "origin": st["goals_norm_origin"],
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
        assert (escape.markdown(w) in lijst) or w.startswith(("Doel ", "Indicatoren "))


def _opr_section(document: str, kop: str) -> str:
    """The text of one top-level section of the OPR copy."""
    return document.split(f"\n# {kop}\n", 1)[1].split("\n# ", 1)[0]


@pytest.mark.parametrize("plan_id", PLANS)
def test_opr_copy_and_export_state_the_same_as_the_jaarverslag(plan_id, capsys):
    """The OPR review copy and the export tables state the CLI's figures and statuses, and the
    copy flags exactly the goals the (public) jaarverslag flags, with the same warnings."""
    ev = evaluate_plan(plan_id)
    cli_text = _run(capsys, "evaluate", plan_id)
    data = json.loads(_run(capsys, "evaluate", plan_id, "--json"))
    document = review.document_markdown(ev)
    norms = {m["naam"]: m.groupdict() for m in _OPR_NORM_ROW.finditer(document)}

    # goals: share, achieved, counted, norm and verdict in the OPR norms table
    goals = norms["Aandeel behaalde doelen"]
    if ev.aandeel_doelen.aandeel is not None:
        van_cli = _one(_CLI_GOALS, cli_text, "CLI")
        assert goals["uitkomst"] == f"{van_cli['share']} ({van_cli['achieved']} van " + (
            f"{van_cli['counted']})"
        )
        assert (goals["norm"], goals["verdict"]) == (van_cli["norm"], van_cli["verdict"])
        assert f"Dat is {van_cli['share'].replace('%', ' procent')}." in document
    # hours and the plan's ratio norms
    if data["projects"]:
        row = norms["Aandeel projecten binnen de uren"]
        assert row["uitkomst"] == numbers.share(data["projects_within_hours_share"])
        assert row["verdict"] == numbers.verdict(data["hours_norm_met"])
    van_cli = {m["naam"]: m.groupdict() for m in _CLI_NORM.finditer(cli_text)}
    for n in data["extra_norms"]:
        row, cli_row = norms[n["name"]], van_cli[n["name"]]
        assert (row["norm"], row["verdict"]) == (cli_row["norm"], cli_row["verdict"])
        assert row["uitkomst"] in (cli_row["share"], "×")

    # statuses of every goal, and the flagged goals: OPR copy == jaarverslag table == JSON
    opr_goals = {
        m["id"]: m["status"] for m in _OPR_GOAL.finditer(_opr_section(document, "Doelen per thema"))
    }
    assert opr_goals == {d["id"]: d["status"] for d in data["goals"]}
    opr_flagged = {
        m["id"]
        for m in _OPR_GOAL.finditer(document)
        if _OPR_FLAG in document[m.start() : document.index("\n", m.start())]
    }
    table = tables.table_goals(ev, publiek=True)
    report_flagged = set(table.loc[table["Status"].str.contains("(afgeleid:", regex=False), "Doel"])
    assert opr_flagged == report_flagged == set(data["statements"]["goals_contradicted"])
    # the warnings: the public jaarverslag list, item for item
    punten = _opr_section(document, "Aandachtspunten bij de cijfers").split("\n## ")[0]
    lijst = [_NUMBER.sub("", r) for r in punten.splitlines() if r.startswith("- ")]
    verslag = text.warnings_markdown(ev, publiek=True).splitlines()[2:]
    public = statements.warnings(ev, publiek=True)
    assert len(lijst) == len(verslag) == len(public)
    for opr, w in zip(lijst, public, strict=True):  # the same warnings, in plain words
        if w.startswith("Doel "):
            assert opr.startswith("- " + w.split(":")[0] + ": Het werkteam noemt dit doel")
        else:
            assert opr == "- " + review_wording.plain_warning(w)

    # the export tables (evalkit.load) of the same round
    t = export.load(ids=[plan_id])
    row = t["evaluatie_samenvatting"].set_index("ronde").loc[ev.ronde.id]
    if ev.aandeel_doelen.aandeel is not None:
        van_cli = _one(_CLI_GOALS, cli_text, "CLI")
        assert numbers.share(row["aandeel_doelen_behaald"]) == van_cli["share"]
        assert numbers.number_short(row["doelen_behaald"]) == van_cli["achieved"]
        assert str(row["doelen_geteld"]) == van_cli["counted"]
        assert numbers.percent_short(row["norm_doelen"]) == van_cli["norm"]
    for status in GOAL_STATUSES:
        assert row[f"aantal_{status.replace(' ', '_')}"] == data["goals_by_status"][status]
    doelen = t["evaluatie_doelen"].query("ronde == @ev.ronde.id")
    assert dict(zip(doelen["doel"], doelen["status"], strict=True)) == opr_goals
    assert set(doelen.loc[doelen["waarschuwing"].notna(), "doel"]) >= opr_flagged
    normen = t["evaluatie_normen"].query("ronde == @ev.ronde.id")
    for naam, aandeel in zip(normen["naam"], normen["aandeel"], strict=True):
        if aandeel == aandeel:  # not NaN
            assert numbers.ratio_share(aandeel) == van_cli_norm_share(cli_text, naam)


def van_cli_norm_share(cli_text: str, naam: str) -> str:
    """The share the CLI states for a plan-specific ratio norm."""
    return {m["naam"]: m["share"] for m in _CLI_NORM.finditer(cli_text)}[naam]


def test_d27_is_a_contradiction_in_the_cli_the_report_and_the_opr_copy(capsys):
    """Plein 013 D27 (43 against at most 40, manual 'behaald') is flagged in every output."""
    ev = evaluate_plan("plein013-2023")
    cli_text = _run(capsys, "evaluate", "plein013-2023")
    assert "van 40, waarvan 1 handmatig tegen de cijfers in)" in cli_text
    assert "    - D27: handmatig 'behaald', maar volgens de cijfers 'niet behaald'" in cli_text
    notebook = text.summary_markdown(ev, publiek=True)
    assert "waarvan 1 handmatig tegen de cijfers in" in notebook and "**D27**" in notebook
    assert "**D27**" in text.lessons_markdown(ev, publiek=True)
    document = review.document_markdown(ev)
    regel = next(r for r in document.splitlines() if "**D27**" in r and "status:" in r)
    assert _OPR_FLAG in regel or "volgens de cijfers" in regel


@pytest.mark.parametrize(
    ("plan_id", "bron"),
    [
        ("plein013-2023", "standaard"),
        ("ppo-nk-2023", "standaard"),
        ("almere-2023-2024", "jaarplan"),
    ],
)
def test_norm_source_in_json_and_text(plan_id, bron, capsys):
    data = json.loads(_run(capsys, "evaluate", plan_id, "--json"))
    assert data["goals_norm_source"] == data["hours_norm_source"] == bron
    cli_text = _run(capsys, "evaluate", plan_id)
    standaard = "standaardnorm van evalkit; het jaarplan noemt geen norm"
    assert (standaard in cli_text) == (bron == "standaard")
    document = review.document_markdown(evaluate_plan(plan_id))
    assert ("We wilden ten minste" in document) == (bron == "jaarplan")
