"""Tests of the command-line text of an evaluation (present.console) and `evalkit evaluate`."""

import json
import shutil
from pathlib import Path

import pytest

from evalkit import cli
from evalkit.data.load import load_jaarplan
from evalkit.engine.evaluate import evaluate
from evalkit.present.console import NoPlans, all_summaries, evaluation_output, text_summary

DATA = Path(__file__).parents[1] / "fixtures" / "engine" / "data"


@pytest.fixture(scope="module")
def ev():
    return evaluate(load_jaarplan("engine-oktober", DATA))


def test_samenvatting_tekst(ev):
    tekst = text_summary(ev)
    regels = tekst.splitlines()
    assert regels[0] == (
        "Jaarplan 2023-2024 Testverband — Voortgangsrapportage M12 (peildatum 31 juli 2024)"
    )
    assert regels[1].startswith("LET OP: VOORBEELDDATA — ")
    assert (
        "Doelen: 60% behaald (6 van 10, waarvan 1 handmatig tegen de cijfers in); norm ten "
        "minste 75% (standaardnorm van evalkit; het jaarplan noemt geen norm): niet gehaald."
    ) in regels
    assert "  Op alleen de richting beoordeeld (geen streefwaarde): 1." in regels
    assert (
        "    - D12: handmatig 'behaald', maar volgens de cijfers 'niet behaald' "
        "(handmatig tegen de cijfers in)."
    ) in regels
    assert "Activiteiten: 3 van 6 afgerond (50%; vervallen activiteiten niet meegeteld)." in regels
    assert "  Dekkend netwerk: 0 van 2 afgerond (0%)." in regels
    assert "  Overschrijdingen (2): A02 € 5.000 (25%); A05 € 500 (budget € 0)." in regels
    assert "  Zonder eigen budget: 2 activiteiten (A03, A06)." in regels
    assert (
        "Budget: € 70.000 begroot (4 activiteiten met eigen budget); € 68.500,50 besteed "
        "(alle activiteiten)." in regels
    )
    assert (
        "Uren: 1 van 2 projecten binnen de uren (50%); norm ten minste 75% (standaardnorm van "
        "evalkit; het jaarplan noemt geen norm): niet gehaald."
    ) in regels
    assert (
        "Verschuiving naar groepsgerichte ondersteuning: 5,5% (norm ten minste 5%: gehaald)"
        in regels
    )
    assert (
        "SMART: 5 van 13 doelen volledig SMART geformuleerd (38,5%); bij 8 doelen is de "
        "deadline afgeleid uit de activiteiten of het einde van de planperiode."
    ) in regels
    assert "Waarschuwingen (3):" in regels


def test_samenvatting_zonder_voorbeelddata_heeft_geen_let_op():
    tekst = text_summary(evaluate(load_jaarplan("engine-klein", DATA)))
    assert "VOORBEELDDATA" not in tekst
    assert "Budget: geen activiteit met een eigen budget; geen bestedingen ingevuld." in tekst


def test_cli_evaluate_json(capsys):
    assert cli.main(["evaluate", "engine-oktober", "--data", str(DATA), "--json"]) == 0
    uit = capsys.readouterr().out
    d = json.loads(uit)
    assert (d["goals_total"], d["spent_total"], d["example_data"]) == (13, 68500.5, True)
    s = d["statements"]
    assert (s["goals_share"], s["goals_achieved"], s["goals_counted"]) == ("60%", "6", 10)
    assert (s["goals_norm_source"], s["contradictions"][0]["id"]) == ("standaard", "D12")
    assert (d["goals_norm_source"], d["activities_completed_share"]) == ("standaard", 0.5)
    assert s["activities_completed_share"] == "50%"
    assert (s["goals_norm"], s["goals_norm_met"], s["publiek"]) == ("75%", False, False)
    assert s["warnings"] == d["warnings"]
    assert s["intern_notice"] == "INTERN — niet publiceren"
    assert "—" in uit and "\\u" not in uit  # ensure_ascii=False: non-ASCII written as is


def test_evaluation_output_tekst_en_ronde():
    uit = evaluation_output("engine-oktober", ronde="M4", data_dir=DATA)
    assert "Voortgangsrapportage M4 (peildatum 30 november 2023)" in uit
    assert "VOORBEELDDATA" not in uit


def test_cli_evaluate_onbekend_plan_geeft_nederlandse_fout(capsys):
    assert cli.main(["evaluate", "bestaat-niet", "--data", str(DATA)]) == 1
    assert "Fout: Onbekend jaarplan 'bestaat-niet'" in capsys.readouterr().err


def test_toon_alle_gaat_door_na_een_fout(tmp_path, capsys):
    for naam in ("engine-klein", "engine-oktober"):
        shutil.copytree(DATA / naam, tmp_path / naam)
    kapot = tmp_path / "engine-kapot"
    shutil.copytree(DATA / "engine-klein", kapot)
    (kapot / "jaarplan.yaml").write_text(
        (kapot / "jaarplan.yaml")
        .read_text(encoding="utf-8")
        .replace("engine-klein", "engine-kapot"),
        encoding="utf-8",
    )
    (kapot / "doelen.csv").write_text(
        "id;thema;tekst;soort;bron\nD01;T9;Doel;kwalitatief;b\n", encoding="utf-8"
    )
    assert cli.main(["summary", "--data", str(tmp_path)]) == 1
    uit = capsys.readouterr()
    assert "Jaarplan 2024 Klein Verband — Trimesterrapportage 1" in uit.out
    assert "Jaarplan 2023-2024 Testverband — Voortgangsrapportage M12" in uit.out
    assert "Fout in jaarplan 'engine-kapot'" in uit.err
    assert "onbekend thema 'T9'" in uit.err


def test_toon_alle_zonder_fouten(capsys):
    assert cli.main(["summary", "--data", str(DATA)]) == 0
    blokken = capsys.readouterr().out.split("\n\n")
    assert [b.splitlines()[0].split(" — ")[0] for b in blokken] == [
        "Jaarplan 2024 Klein Verband",
        "Jaarplan 2023-2024 Testverband",
    ]


def test_toon_alle_zonder_plannen(tmp_path, capsys):
    assert cli.main(["summary", "--data", str(tmp_path)]) == 1
    assert "Fout: geen jaarplannen gevonden in " in capsys.readouterr().err
    with pytest.raises(NoPlans):
        all_summaries(tmp_path)


def test_all_summaries_geeft_tekst_of_fout_per_plan():
    uit = all_summaries(DATA)
    assert [u.plan_id for u in uit] == ["engine-klein", "engine-oktober"]
    assert all(u.fout is None and u.tekst for u in uit)


# Fragments of Dutch field names; a JSON key containing one of them was not translated.
_DUTCH = (
    "aandeel", "doelen", "waarde", "naam", "tekst", "toelichting", "besteed", "uren", "bron",
    "soort", "richting", "vorige", "verandering", "totaal", "teller", "noemer", "omschrijving",
    "eenheid", "eigenaar", "gehaald", "vergelijking", "overschrijding", "voorbeelddata", "wie",
    "uitleg", "waarschuwing", "activiteit", "begroting", "afgeleid", "gereed", "cumulatief",
)  # fmt: skip
_STATUS_VALUES = {"behaald", "deels behaald", "niet behaald", "nog niet te beoordelen"}


def _keys(obj, uit: set[str]) -> set[str]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            uit.add(k)
            _keys(v, uit)
    elif isinstance(obj, list):
        for v in obj:
            _keys(v, uit)
    return uit


def test_json_keys_are_english_throughout(capsys):
    assert cli.main(["evaluate", "engine-oktober", "--data", str(DATA), "--json"]) == 0
    sleutels = _keys(json.loads(capsys.readouterr().out), set()) - _STATUS_VALUES
    # streefwaarde is a domain noun of the data contract and stays Dutch
    nederlands = sorted(
        k for k in sleutels if any(d in k.replace("streefwaarde", "") for d in _DUTCH)
    )
    assert nederlands == []
    assert {"goals", "activities", "statements", "peildatum", "streefwaarde"} <= sleutels
