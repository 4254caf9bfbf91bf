"""Comparison of jaarplannen: key figures per plan and per common theme, built on evaluate."""

from __future__ import annotations

from pathlib import Path

import pytest

from evalkit.data.load import load_all, load_jaarplan
from evalkit.engine import compare
from evalkit.engine.evaluate import evaluate
from evalkit.errors import UnknownJaarplan, UnknownRonde, ValidationError
from evalkit.present import compare as present_compare

TEKSTEN = {
    "alfa-2023": {
        "jaarplan.yaml": """\
id: alfa-2023
naam: Jaarplan Alfa
organisatie: SWV Alfa
sector: PO
periode: {start: 2023-01-01, eind: 2023-12-31}
bron: [{bestand: alfa.txt}]
""",
        "themas.csv": """\
id;naam;gemeenschappelijk_thema;bron
T1;Basis;basisondersteuning;alfa.txt r. 1
T2;Netwerk;dekkend-netwerk;alfa.txt r. 2
""",
        "doelen.csv": """\
id;thema;tekst;indicator;soort;deadline;eigenaar;bron
D1;T1;Betere basis;;kwalitatief;;;alfa.txt r. 3
D2;T1;Plan gereed;plan vastgesteld;mijlpaal;2023-06-30;Directeur;alfa.txt r. 4
D3;T2;Netwerk dekkend;;kwalitatief;;;alfa.txt r. 5
""",
        "activiteiten.csv": """\
id;thema;doelen;omschrijving;budget;bron
A1;T1;D1,D2;Scholing;1000;alfa.txt r. 6
A2;T2;D3;Netwerkdag;500;alfa.txt r. 7
A3;T2;D3;Overleg;;alfa.txt r. 8
""",
        "indicatoren.csv": "id;naam;eenheid;bron\n",
        "realisatie/R1/ronde.yaml": """\
id: R1
naam: Ronde 1
peildatum: 2023-12-31
voorbeelddata: true
""",
        "realisatie/R1/doelen.csv": """\
doel;datum_gereed;status
D1;;behaald
D2;2023-05-01;
D3;;niet behaald
""",
        "realisatie/R1/activiteiten.csv": """\
activiteit;besteed
A1;1200
A2;400
A3;50
""",
    },
    "beta-2023": {
        "jaarplan.yaml": """\
id: beta-2023
naam: Jaarplan Beta
organisatie: SWV Beta
sector: VO
periode: {start: 2023-01-01, eind: 2023-12-31}
bron: [{bestand: beta.txt}]
normen: {doelen_behaald: 0.8}
""",
        "themas.csv": "id;naam;gemeenschappelijk_thema;bron\nT1;Toeleiding;toeleiding;b r. 1\n",
        "doelen.csv": """\
id;thema;tekst;soort;bron
D1;T1;Snelle toeleiding;kwalitatief;beta.txt r. 2
D2;T1;Heldere procedure;kwalitatief;beta.txt r. 3
""",
        "activiteiten.csv": "id;thema;omschrijving;bron\nA1;T1;Procedure;beta.txt r. 4\n",
        "indicatoren.csv": "id;naam;eenheid;bron\n",
        "realisatie/R1/ronde.yaml": """\
id: R1
naam: Ronde 1
peildatum: 2023-12-31
voorbeelddata: false
""",
        "realisatie/R1/doelen.csv": "doel;status\nD1;behaald\nD2;behaald\n",
        "realisatie/R1/activiteiten.csv": "activiteit;besteed\nA1;\n",
    },
    "gamma-2024": {
        "jaarplan.yaml": """\
id: gamma-2024
naam: Jaarplan Gamma
organisatie: SWV Gamma
sector: PO
periode: {start: 2024-01-01, eind: 2024-12-31}
bron: [{bestand: gamma.txt}]
""",
        "themas.csv": "id;naam;gemeenschappelijk_thema;bron\nT1;Ouders;ouders-communicatie;g r1\n",
        "doelen.csv": "id;thema;tekst;soort;bron\nD1;T1;Ouders betrokken;kwalitatief;g.txt r. 2\n",
        "activiteiten.csv": "id;thema;omschrijving;budget;bron\nA1;T1;Ouderavond;250;g.txt r. 3\n",
        "indicatoren.csv": "id;naam;eenheid;bron\n",
    },
}


@pytest.fixture
def data_dir(tmp_path) -> Path:
    for plan_id, bestanden in TEKSTEN.items():
        for naam, tekst in bestanden.items():
            pad = tmp_path / plan_id / naam
            pad.parent.mkdir(parents=True, exist_ok=True)
            pad.write_text(tekst, encoding="utf-8")
    return tmp_path


@pytest.fixture
def cijfers(data_dir):
    return compare.compare_plans(data_dir, "alfa-2023", "R1", ["beta-2023", "gamma-2024"])


def test_plan_cijfers_of_a_plan_with_a_round(data_dir):
    c = compare.plan_figures(load_jaarplan("alfa-2023", data_dir))
    assert (c.doelen, c.smart_volledig, c.doelen_beoordeeld, c.doelen_behaald) == (3, 1, 3, 2)
    assert c.aandeel_behaald == pytest.approx(2 / 3)
    assert c.aandeel_smart == pytest.approx(1 / 3)
    assert c.norm_doelen_gehaald is False
    assert (c.budget_totaal, c.besteed_totaal) == (1500, 1650)
    assert c.doelen_per_thema["basisondersteuning"] == 2
    assert c.doelen_per_thema["dekkend-netwerk"] == 1
    assert c.budget_per_thema["basisondersteuning"] == 1000
    assert c.budget_per_thema["dekkend-netwerk"] == 500
    assert c.budget_per_thema["toeleiding"] is None
    assert c.besteed_per_thema["dekkend-netwerk"] == 450
    assert c.behaald_per_thema["basisondersteuning"] == 1.0
    assert c.behaald_per_thema["dekkend-netwerk"] == 0.0
    assert c.voorbeelddata is True


def test_plan_without_round_keeps_structure_only(data_dir):
    c = compare.plan_figures(load_jaarplan("gamma-2024", data_dir))
    assert c.ronde is None
    assert (c.doelen, c.budget_totaal) == (1, 250)
    assert (c.aandeel_behaald, c.besteed_totaal, c.norm_doelen_gehaald) == (None, None, None)
    assert c.voorbeelddata is False


def test_compare_current_plan_first_then_named_plans_in_order(data_dir, cijfers):
    assert [c.plan_id for c in cijfers] == ["alfa-2023", "beta-2023", "gamma-2024"]
    assert [c.ronde for c in cijfers] == ["R1", "R1", None]
    omgekeerd = compare.compare_plans(data_dir, "beta-2023", "R1", ["gamma-2024", "alfa-2023"])
    assert [c.plan_id for c in omgekeerd] == ["beta-2023", "gamma-2024", "alfa-2023"]
    assert [c.plan_id for c in compare.compare_plans(data_dir, "alfa-2023")] == ["alfa-2023"]


def test_an_unrelated_plan_in_the_data_folder_changes_nothing(data_dir, cijfers):
    (data_dir / "zeta-2025").mkdir()
    (data_dir / "zeta-2025" / "jaarplan.yaml").write_text("kapot: [\n", encoding="utf-8")
    opnieuw = compare.compare_plans(data_dir, "alfa-2023", "R1", ["beta-2023", "gamma-2024"])
    assert opnieuw == cijfers


def test_example_data_plans_are_left_out_unless_allowed(data_dir):
    v = compare.comparison(data_dir, "beta-2023", "R1", ["alfa-2023", "gamma-2024"])
    assert [c.plan_id for c in v.cijfers] == ["beta-2023", "gamma-2024"]
    assert [c.plan_id for c in v.weggelaten] == ["alfa-2023"]
    toegestaan = compare.comparison(data_dir, "beta-2023", "R1", ["alfa-2023"], True)
    assert [c.plan_id for c in toegestaan.cijfers] == ["beta-2023", "alfa-2023"]
    assert toegestaan.weggelaten == []
    # the plan of the report itself is always shown, also with example data
    eigen = compare.comparison(data_dir, "alfa-2023", "R1", ["beta-2023"])
    assert [c.plan_id for c in eigen.cijfers] == ["alfa-2023", "beta-2023"]


def test_a_theme_may_map_to_several_common_themes(data_dir):
    pad = data_dir / "alfa-2023" / "themas.csv"
    pad.write_text(
        pad.read_text(encoding="utf-8").replace(
            "T1;Basis;basisondersteuning;", "T1;Basis;Basisondersteuning, extra-ondersteuning;"
        ),
        encoding="utf-8",
    )
    plan = load_jaarplan("alfa-2023", data_dir)
    assert plan.themas[0].gemeenschappelijk_thema == "basisondersteuning,extra-ondersteuning"
    assert compare.common_themes(plan.themas[0]) == ("basisondersteuning", "extra-ondersteuning")
    c = compare.plan_figures(plan)
    assert (
        c.doelen_per_thema["basisondersteuning"] == c.doelen_per_thema["extra-ondersteuning"] == 2
    )
    assert c.budget_per_thema["extra-ondersteuning"] == 1000
    assert c.behaald_per_thema["extra-ondersteuning"] == 1.0
    assert c.gedeelde_themas == (("Basis", ("basisondersteuning", "extra-ondersteuning")),)


@pytest.mark.parametrize(
    ("cel", "melding"),
    [
        ("basisondersteuning,jeugdzorg", "onbekende waarde 'jeugdzorg'"),
        ("basisondersteuning,basisondersteuning", "noemt dezelfde waarde twee keer"),
    ],
)
def test_a_bad_common_theme_list_is_a_dutch_error(data_dir, cel, melding):
    pad = data_dir / "alfa-2023" / "themas.csv"
    tekst = pad.read_text(encoding="utf-8").replace(";basisondersteuning;", f";{cel};")
    pad.write_text(tekst, encoding="utf-8")
    with pytest.raises(ValidationError, match=melding):
        load_jaarplan("alfa-2023", data_dir)


def test_unknown_plan_or_round_is_a_dutch_error(data_dir):
    with pytest.raises(UnknownJaarplan, match="Onbekend jaarplan 'delta'"):
        compare.compare_plans(data_dir, "delta", "R1")
    with pytest.raises(UnknownJaarplan, match="Onbekend jaarplan 'delta'"):
        compare.compare_plans(data_dir, "alfa-2023", "R1", ["delta"])
    with pytest.raises(UnknownRonde, match="geen ronde 'R9'"):
        compare.compare_plans(data_dir, "alfa-2023", "R9")


def test_kerncijfers_mark_the_current_plan(cijfers):
    tabel = present_compare.table_key_figures(cijfers, "beta-2023")
    assert tabel["Jaarplan"].tolist() == [
        "Jaarplan Alfa",
        "Jaarplan Beta (dit jaarplan)",
        "Jaarplan Gamma",
    ]
    assert tabel["Behaald"].tolist() == ["66,7% (2 van 3)", "100% (2 van 2)", "–"]
    assert tabel["Norm"].tolist() == [
        "75%: niet gehaald",
        "80%: gehaald",
        "75%: niet te beoordelen",
    ]
    assert tabel["Budget"].tolist() == ["€ 1.500", "–", "€ 250"]
    assert tabel["Ronde"].tolist() == ["R1", "R1", "geen realisatie"]
    assert tabel["Voorbeelddata"].tolist() == ["ja", "nee", "–"]


def test_per_thema_tables_only_list_common_themes_in_use(cijfers):
    budget = present_compare.table_budget_per_thema(cijfers, "alfa-2023")
    assert budget.columns.tolist() == [
        "Gemeenschappelijk thema",
        "Jaarplan Alfa (dit jaarplan)",
        "Jaarplan Beta",
        "Jaarplan Gamma",
    ]
    assert budget.values.tolist() == [
        ["Basisondersteuning", "€ 1.000", "–", "–"],
        ["Dekkend netwerk", "€ 500", "–", "–"],
        ["Ouders en communicatie", "–", "–", "€ 250"],
        ["Advies en toeleiding", "–", "–", "–"],
    ]
    behaald = present_compare.table_achieved_per_thema(cijfers)
    assert behaald.values.tolist()[0] == ["Basisondersteuning", "100%", "–", "–"]
    assert behaald.values.tolist()[-1] == ["Advies en toeleiding", "–", "100%", "–"]


def test_budget_per_thema_lang_has_raw_numbers(cijfers):
    lang = present_compare.budget_per_thema_long(cijfers)
    assert lang[["plan_id", "gemeenschappelijk_thema", "budget"]].values.tolist() == [
        ["alfa-2023", "basisondersteuning", 1000],
        ["alfa-2023", "dekkend-netwerk", 500],
        ["gamma-2024", "ouders-communicatie", 250],
    ]
    assert lang["besteed"].tolist()[:2] == [1200, 450]
    assert lang["besteed"].isna().tolist() == [False, False, True]


def test_texts_name_example_data_and_missing_budgets(cijfers):
    assert compare.has_example_data(cijfers) == ["alfa-2023"]
    assert present_compare.budget_note(cijfers).startswith("Jaarplan Beta noemt geen bedragen")
    assert present_compare.norm_of(cijfers, "beta-2023") == 0.8
    assert present_compare.norm_of(cijfers, "onbekend") is None


@pytest.mark.shipped
def test_shipped_plans_budget_per_theme_adds_up_to_the_evaluation():
    """Per common theme the figures add up to the plan's totals, once a theme that maps to
    several common themes is counted once (Plein 013's T1: basis and extra ondersteuning)."""
    for plan in load_all():
        c = compare.plan_figures(plan)
        ev = evaluate(plan)
        extra = {t.id: len(compare.common_themes(t)) - 1 for t in plan.themas}
        dubbel_budget = sum(a.budget * extra[a.thema] for a in plan.activiteiten if a.budget)
        dubbel_doelen = sum(extra[d.thema] for d in plan.doelen)
        bekend = [b for b in c.budget_per_thema.values() if b is not None]
        assert c.budget_totaal == ev.budget_totaal
        assert sum(bekend) - dubbel_budget == pytest.approx(ev.budget_totaal or 0)
        assert c.doelen == len(ev.doelen) == sum(c.doelen_per_thema.values()) - dubbel_doelen
        assert c.aandeel_behaald == ev.aandeel_doelen.aandeel
    plein = compare.plan_figures(next(p for p in load_all() if p.id == "plein013-2023"))
    assert [g for _, g in plein.gedeelde_themas] == [("basisondersteuning", "extra-ondersteuning")]
    assert plein.doelen_per_thema["extra-ondersteuning"] > 0
