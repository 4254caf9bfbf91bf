"""Tests of the display tables and Markdown texts made from an evaluation (evalkit.present)."""

from pathlib import Path

import pandas as pd
import pytest

from evalkit.data.load import load_jaarplan
from evalkit.engine.evaluate import evaluate
from evalkit.present import tables, text

DATA = Path(__file__).parents[1] / "fixtures" / "engine" / "data"


@pytest.fixture(scope="module")
def ev():
    return evaluate(load_jaarplan("engine-oktober", DATA))


@pytest.fixture(scope="module")
def klein():
    return evaluate(load_jaarplan("engine-klein", DATA))


TABELLEN = [
    tables.table_goals,
    tables.table_goals_per_thema,
    tables.table_budget,
    tables.table_activities,
    tables.table_budget_per_thema,
    tables.table_hours,
    tables.table_indicators,
    tables.table_extra_norms,
    tables.table_smart,
    tables.table_progress,
]


@pytest.mark.parametrize("maak", TABELLEN, ids=lambda f: f.__name__)
def test_tabellen_hebben_rangeindex_en_alleen_tekst(maak, ev, klein):
    for evaluatie in (ev, klein):
        df = maak(evaluatie)
        assert isinstance(df.index, pd.RangeIndex)
        assert df.index.start == 0
        assert all(isinstance(c, str) for c in df.to_numpy().ravel())


def _rij(df, kolom, waarde):
    return df.loc[df[kolom] == waarde].iloc[0].to_dict()


def test_tabel_doelen(ev):
    df = tables.table_goals(ev)
    assert list(df.columns) == [
        "Doel",
        "Omschrijving",
        "Thema",
        "Soort",
        "Status",
        "Waarde/gereed",
        "Streefwaarde",
        "Toelichting",
    ]
    assert _rij(df, "Doel", "D01")["Waarde/gereed"] == "20 leerlingen"
    assert _rij(df, "Doel", "D01")["Streefwaarde"] == "≥ 20 leerlingen"
    assert _rij(df, "Doel", "D03")["Waarde/gereed"] == "45%"
    assert _rij(df, "Doel", "D06")["Waarde/gereed"] == "15 mei 2024"
    assert _rij(df, "Doel", "D06")["Streefwaarde"] == "gereed uiterlijk 1 februari 2024"
    assert _rij(df, "Doel", "D07")["Waarde/gereed"] == "nog niet gereed"
    assert _rij(df, "Doel", "D12")["Status"] == "behaald (afgeleid: niet behaald)"
    assert _rij(df, "Doel", "D13")["Streefwaarde"] == "lager dan de nulmeting (8 leerlingen)"
    assert _rij(df, "Doel", "D02")["Toelichting"] == "–"


def test_tabel_doelen_per_thema(ev):
    df = tables.table_goals_per_thema(ev)
    assert df.iloc[0].to_dict() == {
        "Thema": "T1 Basisondersteuning op orde",
        "behaald": "2",
        "deels behaald": "1",
        "niet behaald": "1",
        "nog niet te beoordelen": "1",
        "vervallen": "0",
        "Totaal": "5",
        "Aandeel behaald": "62,5%",
    }
    assert df.iloc[-1][["Thema", "Totaal", "Aandeel behaald"]].tolist() == ["Totaal", "13", "60%"]


def test_tabel_budget(ev):
    df = tables.table_budget(ev)
    a02 = _rij(df, "Activiteit", "A02")
    assert (a02["Budget"], a02["Besteed"], a02["Overschrijding"], a02["Overschrijding %"]) == (
        "€ 20.000",
        "€ 25.000",
        "€ 5.000",
        "25%",
    )
    assert _rij(df, "Activiteit", "A01")["Overschrijding"] == "geen"
    assert _rij(df, "Activiteit", "A03")["Budget"] == "geen eigen budget"  # spend, no budget
    # Only activities with a budget or spend are rows; the others are listed by id.
    assert set(df["Activiteit"]) == {
        a.id for a in ev.activiteiten if a.budget is not None or a.besteed is not None
    }
    assert _rij(df, "Activiteit", "A04")["Besteed"] == "€ 30.000,50"
    assert _rij(df, "Activiteit", "A05")["Overschrijding %"] == "–"  # budget 0
    zonder = text.without_budget_markdown(ev)
    assert all(i in zonder for i in ev.zonder_budget)


def test_tabel_activiteiten_lists_every_activity_with_status(ev):
    df = tables.table_activities(ev)
    assert df["Activiteit"].tolist() == [a.id for a in ev.activiteiten]
    assert df["Status"].tolist() == [a.status or "–" for a in ev.activiteiten]


def test_tabel_budget_per_thema(ev, klein):
    df = tables.table_budget_per_thema(ev)
    assert df.iloc[-1].to_dict() == {
        "Thema": "Totaal",
        "Budget": "€ 70.000",
        "Besteed": "€ 68.500,50",
        "Overschrijding": "€ 5.500",
        "Activiteiten": "6",
        "Zonder eigen budget": "2",
    }
    assert tables.table_budget_per_thema(klein).iloc[-1]["Budget"] == "–"


def test_tabel_uren(ev, klein):
    df = tables.table_hours(ev)
    assert df["Binnen de uren"].tolist() == ["ja", "nee", "–", "–"]
    leeg = tables.table_hours(klein)
    assert len(leeg) == 0 and "Binnen de uren" in leeg.columns


def test_tabel_indicatoren_intern_en_publiek(ev):
    intern = tables.table_indicators(ev)
    thuis = _rij(intern, "Indicator", "Thuiszitters")
    assert (thuis["Waarde"], thuis["Vorige waarde"], thuis["Verandering"]) == (
        "3",
        "7",
        "-4 (-57,1%)",
    )
    assert thuis["Streefwaarde"] == "0"  # not '≤ 0': nothing is below zero
    publiek = tables.table_indicators(ev, publiek=True)
    thuis = _rij(publiek, "Indicator", "Thuiszitters")
    # 3 is suppressed; the change (-4 from 7) would reveal it, so it is hidden too.
    assert (thuis["Waarde"], thuis["Vorige waarde"], thuis["Verandering"]) == ("<5", "7", "×")
    spec = _rij(publiek, "Indicator", "Leerlingen in een gespecialiseerde voorziening")
    assert (spec["Waarde"], spec["Verandering"]) == ("200", "-5 (-2,4%)")
    assert spec["Vorige peildatum"] == "30 april 2024"


def test_tabel_doelen_publiek_onderdrukt_kleine_aantallen(ev):
    from dataclasses import replace

    doelen = tuple(replace(d, waarde=3) if d.id == "D13" else d for d in ev.doelen)
    df = tables.table_goals(replace(ev, doelen=doelen), publiek=True)
    assert _rij(df, "Doel", "D13")["Waarde/gereed"] == "<5 leerlingen"
    assert _rij(df, "Doel", "D01")["Waarde/gereed"] == "20 leerlingen"


def test_tabel_extra_normen(ev):
    df = tables.table_extra_norms(ev)
    assert df.iloc[0].to_dict() == {
        "Norm": "Verschuiving naar groepsgerichte ondersteuning",
        "Teller": "11",
        "Noemer": "200",
        "Aandeel": "5,5%",
        "Minimum": "5%",
        "Gehaald": "ja",
    }


def test_tabel_smart_en_voortgang(ev):
    smart = tables.table_smart(ev)
    # D02 and D03 have a deadline derived from the end of the plan period (engine.evaluate)
    assert smart["Volledig SMART"].tolist().count("ja") == 5
    voortgang = tables.table_progress(ev)
    # M8: D06 has no row, so although its deadline passed it is not judged (regels.doelstatus).
    assert voortgang["Doelen behaald"].tolist() == ["0,5 van 2", "2,5 van 3", "6 van 10"]
    assert voortgang["Besteed"].tolist() == ["€ 12.000", "€ 32.000", "€ 68.500,50"]
    assert voortgang["Voorbeelddata"].tolist() == ["nee", "ja", "ja"]


def test_cijfers_voor_grafieken(ev):
    status = tables.numbers_status_per_thema(ev)
    # D08: not gereed, deadline on the peildatum: niet behaald (no longer 'nog niet')
    assert status.loc["Dekkend netwerk", "nog niet te beoordelen"] == 1
    budget = tables.numbers_budget_per_thema(ev)
    assert budget["besteed"].tolist() == [35000, 33000.5, 500]
    # The overrun per theme is the evaluation's (sum of activity overruns), as in the table:
    # T3 has budget 0 and spend 500, so its overrun is 500.
    assert budget["overschrijding"].tolist() == [t.overschrijding for t in ev.budget_per_thema]
    assert budget["overschrijding"].tolist()[-1] == 500
    tabel = tables.table_budget_per_thema(ev)
    assert tabel["Overschrijding"].tolist()[2] == "€ 500"


def test_voorbeelddata_melding(ev, klein):
    melding = text.example_data_message(ev)
    assert melding.startswith("> **Let op: voorbeelddata.**")
    assert "Voorbeelddata: verzonnen voor de test." in melding
    assert text.example_data_message(klein) == ""


def test_samenvatting_markdown(ev, klein):
    md = text.summary_markdown(ev)
    alineas = md.split("\n\n")
    assert alineas[0] == text.example_data_message(ev)  # the warning comes first
    assert any(
        a.startswith("**Doelen: norm niet gehaald.** Van de 10 beoordeelde doelen is 60% behaald")
        for a in alineas
    )
    assert "**Uren: norm niet gehaald.** 1 van de 2 projecten (50%) bleef binnen" in md
    assert (
        "**Verschuiving naar groepsgerichte ondersteuning: norm gehaald.** Het aandeel is 5,5%"
        in md
    )
    assert "Begroot is € 70.000" in md
    assert "Niet meegeteld: 2 nog niet te beoordelen en 1 vervallen." in md
    md_klein = text.summary_markdown(klein)
    assert "voorbeelddata" not in md_klein.lower()
    assert "Niet meegeteld" not in md_klein
    assert "**Uren" not in md_klein  # no projects, so no hours norm paragraph


def test_lessen_markdown(ev, klein):
    md = text.lessons_markdown(ev)
    assert "**Niet behaalde doelen (3)**" in md
    assert "- **D07** Convenant met de gemeenten getekend — niet gereed" in md
    assert "**Deels behaalde doelen (2)**" in md
    assert "**Doelen die nog niet te beoordelen zijn (2)**" in md
    assert (
        "- **A02** Aanvraagproces verbeteren — besteed € 25.000 van € 20.000: € 5.000 over "
        "het budget, 25%." in md
    )
    assert "**Projecten boven de toegewezen uren (1)**" in md
    for doel in ("D01", "D05", "D09", "D11"):  # behaald or vervallen: not a lesson
        assert f"**{doel}**" not in md
    assert "**D02** Werkafspraken vastgelegd" in text.lessons_markdown(klein)


def test_markdown_escapet_tekst_uit_de_data(ev):
    from dataclasses import replace

    doelen = tuple(
        replace(d, tekst="Meer *inzet* op [wijk]_teams") if d.id == "D03" else d for d in ev.doelen
    )
    md = text.lessons_markdown(replace(ev, doelen=doelen))
    assert r"Meer \*inzet\* op \[wijk\]\_teams" in md


def test_lessen_markdown_publiek_toont_geen_klein_aantal(ev):
    from dataclasses import replace

    uitleg = "waarde 3 leerlingen haalt de streefwaarde (ten minste 20 leerlingen) niet"
    doelen = tuple(
        replace(d, waarde=3, status="niet behaald", uitleg=uitleg) if d.id == "D01" else d
        for d in ev.doelen
    )
    gewijzigd = replace(ev, doelen=doelen)
    assert "waarde 3 leerlingen" in text.lessons_markdown(gewijzigd)
    publiek = text.lessons_markdown(gewijzigd, publiek=True)
    assert "waarde 3 leerlingen" not in publiek
    assert "de waarde wordt niet getoond (minder dan 5 leerlingen)" in publiek


def test_public_summary_hides_a_ratio_built_on_a_small_count(tmp_path):
    import dataclasses

    echt = evaluate(load_jaarplan("engine-oktober", DATA))
    (norm,) = echt.extra_normen
    klein_norm = dataclasses.replace(norm, teller=3, aandeel=3 / norm.noemer)
    klein = dataclasses.replace(echt, extra_normen=(klein_norm,))
    intern = text.summary_markdown(klein)
    publiek = text.summary_markdown(klein, publiek=True)
    assert "Het aandeel is 1,5%" in intern
    assert "1,5%" not in publiek
    assert "niet getoond, omdat het op een aantal van minder dan 5 leerlingen berust" in publiek
    # A count of 5 or more is shown as usual, also in public output.
    assert text.summary_markdown(echt, publiek=True) == text.summary_markdown(echt)


# --- public output: ratio norms go through privacy.ratio_weergave everywhere ----------------


def _met_norm(ev, teller, noemer, gehaald=None):
    """The evaluation with its ratio norm (and the two indicators behind it) set to these counts."""
    import dataclasses

    (norm,) = ev.extra_normen
    aandeel = teller / noemer
    gehaald = aandeel >= norm.minimum if gehaald is None else gehaald
    norm = dataclasses.replace(norm, teller=teller, noemer=noemer, aandeel=aandeel, gehaald=gehaald)
    waarden = {norm.teller_indicator: teller, norm.noemer_indicator: noemer}
    indicatoren = tuple(
        dataclasses.replace(i, waarde=waarden[i.id], vorige_waarde=None, verandering=None)
        if i.id in waarden
        else i
        for i in ev.indicatoren
    )
    return dataclasses.replace(ev, extra_normen=(norm,), indicatoren=indicatoren)


def test_tabel_extra_normen_publiek_kleine_teller(ev):
    # Almere: verschoven_groepsgericht 3 of 1480. The share 0,2% times the shown 1.480 gives 3.
    klein = _met_norm(ev, 3, 1480)
    intern = tables.table_extra_norms(klein).iloc[0]
    assert (intern["Teller"], intern["Noemer"], intern["Aandeel"]) == ("3", "1.480", "0,2%")
    rij = tables.table_extra_norms(klein, publiek=True).iloc[0]
    assert (rij["Teller"], rij["Noemer"], rij["Aandeel"]) == ("<5", "1.480", "×")


def test_tabel_extra_normen_publiek_kleine_rest(ev):
    # 1478 of 1480: teller and noemer together reveal the 2 pupils who did not shift.
    rij = tables.table_extra_norms(_met_norm(ev, 1478, 1480), publiek=True).iloc[0]
    assert (rij["Teller"], rij["Noemer"], rij["Aandeel"]) == ("×", "1.480", "×")
    # Large counts on both sides are shown as usual.
    rij = tables.table_extra_norms(ev, publiek=True).iloc[0]
    assert (rij["Teller"], rij["Noemer"], rij["Aandeel"]) == ("11", "200", "5,5%")


def test_tabel_indicatoren_publiek_volgt_de_groepsonderdrukking_van_de_norm(ev):
    df = tables.table_indicators(_met_norm(ev, 1478, 1480), publiek=True)
    teller = _rij(df, "Indicator", "Leerlingen verschoven naar groepsgerichte ondersteuning")
    noemer = _rij(df, "Indicator", "Leerlingen in een gespecialiseerde voorziening")
    assert (teller["Waarde"], noemer["Waarde"]) == ("×", "1.480")
    df = tables.table_indicators(_met_norm(ev, 3, 1480), publiek=True)
    teller = _rij(df, "Indicator", "Leerlingen verschoven naar groepsgerichte ondersteuning")
    assert teller["Waarde"] == "<5"
    intern = tables.table_indicators(_met_norm(ev, 1478, 1480))
    assert _rij(intern, "Indicator", "Leerlingen verschoven naar groepsgerichte ondersteuning")[
        "Waarde"
    ] == ("1.478")


@pytest.mark.parametrize(("teller", "noemer"), [(3, 1480), (1478, 1480)])
def test_lessen_markdown_publiek_toont_geen_aandeel_van_een_kleine_telling(ev, teller, noemer):
    from evalkit import fmt

    klein = _met_norm(ev, teller, noemer, gehaald=False)
    verraad = fmt.percent(teller / noemer, 1)
    intern = text.lessons_markdown(klein)
    assert "**Normen die niet gehaald zijn (1)**" in intern
    assert f"Verschuiving naar groepsgerichte ondersteuning: {verraad}, norm" in intern
    publiek = text.lessons_markdown(klein, publiek=True)
    assert verraad not in publiek
    assert (
        "Verschuiving naar groepsgerichte ondersteuning: niet getoond, omdat het op een aantal "
        "van minder dan 5 leerlingen berust, norm ten minste 5%." in publiek
    )


def test_public_summary_hides_a_ratio_with_a_small_rest(ev):
    # 198 of 200: the 2 pupils who did not shift would follow from the share.
    klein = _met_norm(ev, 198, 200)
    assert "Het aandeel is 99%" in text.summary_markdown(klein)
    publiek = text.summary_markdown(klein, publiek=True)
    assert "99%" not in publiek
    assert "niet getoond, omdat het op een aantal van minder dan 5 leerlingen berust" in publiek


def test_samenvatting_enkelvoud_bij_een_doel_een_project_en_een_smart_doel(ev):
    import dataclasses

    a = dataclasses.replace(ev.aandeel_doelen, teller=1, noemer=1, aandeel=1.0)
    project = dataclasses.replace(ev.projecten[0], binnen_uren=True)
    een = dataclasses.replace(
        ev,
        aandeel_doelen=a,
        projecten=(project,),
        aandeel_binnen_uren=1.0,
        smart=ev.smart[:1],
        aandeel_smart=float(ev.smart[0].volledig),
    )
    md = text.summary_markdown(een)
    assert "Van 1 beoordeeld doel is 100% behaald (1 van 1" in md
    assert "1 van 1 project (100%) bleef binnen" in md
    assert f"{int(ev.smart[0].volledig)} van 1 doel (" in md
    assert "van de 1 " not in md


def test_afgeronde_activiteiten_per_thema(ev):
    df = tables.table_themes(ev)
    assert list(df.columns) == [
        "Thema", "Doelen behaald", "Aandeel behaald", "Activiteiten afgerond", "Aandeel afgerond",
    ]  # fmt: skip
    klaar, geteld = tables.completion(ev.activiteiten)
    assert geteld == sum(a.status != "vervallen" for a in ev.activiteiten)
    assert klaar == sum(a.status == "afgerond" for a in ev.activiteiten)
    assert df.iloc[-1]["Activiteiten afgerond"] == f"{klaar} van {geteld}"
    per_thema = [int(c.split()[0]) for c in df["Activiteiten afgerond"].iloc[:-1]]
    assert sum(per_thema) == klaar
    assert f"zijn er {klaar} afgerond" in tables.completion_markdown(ev) or klaar == 1


def test_activiteiten_met_wie_wanneer_en_doelen(ev):
    wanneer = {a.id: f"week {i}" for i, a in enumerate(ev.activiteiten)}
    df = tables.table_activities_detail(ev, wanneer)
    assert list(df.columns) == ["Activiteit", "Omschrijving, wie en wanneer", "Doelen", "Status"]
    for cel, a in zip(df["Omschrijving, wie en wanneer"], ev.activiteiten, strict=True):
        assert f"Wanneer: {wanneer[a.id]}." in cel
        assert not a.wie or "Wie: " in cel
    doelen = tables.table_goals_detail(ev, publiek=True)
    for a in ev.activiteiten:
        for d in a.doelen:
            rij = doelen[doelen["Doel"] == d].iloc[0]
            assert a.id in rij["Activiteiten"] or "–" in rij["Activiteiten"]


def test_id_reeksen():
    assert tables.id_ranges(["D01", "D02", "D03", "D05", "D07", "D08"]) == "D01–D03, D05, D07–D08"
    assert tables.id_ranges([]) == "–"
    assert tables.id_ranges(["A1", "B2"]) == "A1, B2"


@pytest.mark.shipped
def test_long_term_goals_table_and_text_for_almere():
    ev = evaluate(load_jaarplan("almere-2023-2024"))
    df = tables.table_long_term_goals(ev)
    assert list(df.columns) == [
        "Langetermijndoel", "Thema", "Horizon", "Jaardoelen en status", "Gemeten met norm"
    ]  # fmt: skip
    assert len(df) == len(ev.langetermijndoelen)
    eerste = df.iloc[0]
    assert eerste["Langetermijndoel"].startswith("L01 Kinderen, jongeren")
    status = {d.id: d.status for d in ev.doelen}
    assert eerste["Jaardoelen en status"] == "; ".join(
        f"{i} {status[i]}" for i in ("D01", "D02", "D03", "D04")
    )
    t6 = df[df["Thema"] == "Interne organisatie"]
    assert all(c.startswith("doelen behaald ") for c in t6["Gemeten met norm"])
    tekst = text.long_term_markdown(ev)
    assert tekst.startswith(f"Het jaarplan noemt {len(ev.langetermijndoelen)} langetermijndoelen.")
    assert "Langetermijndoelen L15, L16, L17 worden" in tekst


@pytest.mark.shipped
def test_budget_lines_table_and_text_for_ppo_nk():
    ev = evaluate(load_jaarplan("ppo-nk-2023"))
    df = tables.table_budget_lines(ev)
    assert list(df["Begrotingsonderdeel"]) == [o.begrotingsonderdeel for o in ev.begroting]
    rij = df[df["Begrotingsonderdeel"] == "Zware ondersteuning S(B)O"].iloc[0]
    assert (rij["Activiteiten"], rij["Begroting"], rij["Binnen begroting"]) == ("A16", "–", "–")
    tekst = text.budget_lines_markdown(ev)
    assert "15 begrotingsonderdelen" in tekst
    assert "geen bedragen per begrotingsonderdeel" in tekst
    assert tekst.endswith("Zonder begrotingsonderdeel: A14.")
    leeg = evaluate(load_jaarplan("plein013-2023"))
    assert (
        text.budget_lines_markdown(leeg) == "Het jaarplan deelt de begroting niet in onderdelen in."
    )
    assert text.long_term_markdown(leeg) == "Het jaarplan noemt geen langetermijndoelen."


def _with_budget_lines(ev, toelichting: dict[str, str]):
    """ev with two begrotingsonderdelen; `toelichting` gives the round's note per onderdeel."""
    from dataclasses import replace

    from evalkit.engine.outcomes import BudgetLineOutcome

    lijnen = tuple(
        BudgetLineOutcome(naam, ("A01",), 100.0, "begroting", besteed, "realisatie",
                          besteed - 100.0, besteed <= 100.0, toelichting.get(naam))
        for naam, besteed in (("Een", 80.0), ("Twee", 120.5))
    )  # fmt: skip
    return replace(ev, begroting=lijnen)


def test_budget_lines_table_shows_the_toelichting_escaped(klein):
    from evalkit.present.markdown import markdown_table

    zonder = tables.table_budget_lines(_with_budget_lines(klein, {}))
    assert list(zonder.columns) == [
        "Begrotingsonderdeel", "Activiteiten", "Begroting", "Besteed", "Verschil",
        "Binnen begroting",
    ]  # fmt: skip
    df = tables.table_budget_lines(_with_budget_lines(klein, {"Twee": "Duurder | *extra* inzet"}))
    assert list(df.columns)[-1] == "Toelichting"
    assert list(df["Toelichting"]) == ["–", "Duurder | *extra* inzet"]
    assert list(df.iloc[1])[:6] == ["Twee", "A01", "€ 100", "€ 120,50", "€ 20,50", "nee"]
    regel = markdown_table(df).splitlines()[-1]
    assert regel.endswith(r"| Duurder \| \*extra\* inzet |")
