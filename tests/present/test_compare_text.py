"""Texts of the comparison chapter: example data, differences, shared themes."""

from __future__ import annotations

from datetime import date

from evalkit.data.model import COMMON_THEMAS
from evalkit.engine.compare import Comparison, PlanFigures
from evalkit.present import compare


def figures(plan_id: str, **velden) -> PlanFigures:
    """Key figures of a made-up plan; only the fields a test names differ."""
    leeg = dict.fromkeys(COMMON_THEMAS)
    standaard = {
        "plan_id": plan_id,
        "naam": f"Jaarplan {plan_id}",
        "sector": "PO",
        "ronde": "R1",
        "ronde_naam": "Ronde 1",
        "peildatum": date(2023, 12, 31),
        "voorbeelddata": False,
        "doelen": 1,
        "smart_volledig": 0,
        "aandeel_smart": 0.0,
        "doelen_beoordeeld": 1,
        "doelen_behaald": 1,
        "aandeel_behaald": 1.0,
        "norm_doelen": 0.75,
        "norm_doelen_gehaald": True,
        "activiteiten": 1,
        "budget_totaal": None,
        "besteed_totaal": None,
        "doelen_per_thema": dict.fromkeys(COMMON_THEMAS, 0),
        "budget_per_thema": leeg,
        "besteed_per_thema": leeg,
        "behaald_per_thema": leeg,
        "periode_start": date(2023, 1, 1),
        "periode_eind": date(2023, 12, 31),
    }
    return PlanFigures(**{**standaard, **velden})


def test_differences_in_peildatum_sector_and_period_are_stated():
    a = figures("a", sector="PO+VO", peildatum=date(2024, 10, 1), ronde_naam="Oktober",
                periode_start=date(2023, 8, 1), periode_eind=date(2024, 12, 31))  # fmt: skip
    b = figures("b")
    tekst = compare.differences_markdown([a, b])
    assert "- **Peildatum:** de cijfers over behaalde doelen en bestedingen gaan over " in tekst
    assert (
        "Jaarplan a: 1 oktober 2024 (Oktober), de periode van het jaarplan liep toen nog" in tekst
    )
    assert "Jaarplan b: 31 december 2023 (Ronde 1)." in tekst
    assert "Jaarplan a: PO+VO; Jaarplan b: PO." in tekst
    assert "Jaarplan a: 1 augustus 2023 t/m 31 december 2024" in tekst
    assert compare.differences_markdown([a]) == ""


def test_equal_plans_say_they_are_equal():
    tekst = compare.differences_markdown([figures("a"), figures("b")])
    assert "dezelfde peildatum, 31 december 2023 (Ronde 1)." in tekst
    assert "- **Sector:** alle jaarplannen gaan over PO." in tekst
    zonder = compare.differences_markdown([figures("a"), figures("b", peildatum=None)])
    assert "Peildatum" not in zonder
    assert "- **Zonder realisatie:** Jaarplan b" in zonder


def test_example_data_is_named_when_shown_or_left_out():
    eigen, ander = figures("a", voorbeelddata=True), figures("b", voorbeelddata=True)
    getoond = Comparison([eigen, ander], [], True)
    melding = compare.example_data_message(getoond, "a")
    assert melding.startswith("> **Let op: voorbeelddata.** De realisaties van Jaarplan a en ")
    assert "omdat het parameterbestand van dit verslag dat uitdrukkelijk toestaat" in melding
    weg = Comparison([eigen], [ander], False)
    assert compare.example_data_message(weg, "a").startswith("**Niet vergeleken:** Jaarplan b.")
    assert compare.introduction_markdown(weg, "a") == (
        "Dit hoofdstuk vergelijkt niets: de jaarplannen die het parameterbestand van dit "
        "verslag noemt, hebben alleen voorbeelddata als realisatie."
    )
    # only the report's own plan is example data: the report's banner says so already
    assert compare.example_data_message(Comparison([eigen, figures("c")], [], False), "a") == ""


def test_introduction_names_the_compared_plans_from_the_params_file():
    v = Comparison([figures("a"), figures("b"), figures("c")], [], False)
    tekst = compare.introduction_markdown(v, "a")
    assert tekst.startswith(
        "Dit hoofdstuk vergelijkt Jaarplan a met 2 andere jaarplannen van samenwerkingsverbanden "
        "passend onderwijs: Jaarplan b en Jaarplan c. Met welke jaarplannen vergeleken wordt, "
        "staat in het parameterbestand van dit verslag"
    )
    assert "niets" in compare.introduction_markdown(Comparison([figures("a")], [], False), "a")


def test_a_theme_under_several_common_themes_is_explained():
    a = figures(
        "a", gedeelde_themas=(("Basis en extra", ("basisondersteuning", "extra-ondersteuning")),)
    )
    tekst = compare.shared_themes_note([a, figures("b")])
    assert tekst.startswith(
        "Het thema 'Basis en extra' van Jaarplan a valt onder 2 gemeenschappelijke thema's "
        "(basisondersteuning en extra ondersteuning)"
    )
    assert compare.shared_themes_note([figures("b")]) == ""
