"""The next year's jaarplan: new-jaarplan carries over the right goals and writes a valid folder."""

from __future__ import annotations

import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest
import yaml

from evalkit import cli, paths
from evalkit.data.load import load_jaarplan, read_jaarplan
from evalkit.data.params import read_params
from evalkit.data.read import plan_ids
from evalkit.data.validate import validate
from evalkit.engine.evaluate import evaluate
from evalkit.errors import UnknownJaarplan
from evalkit.tools.newplan import (
    NewJaarplanError,
    NewJaarplanResult,
    derived_id,
    new_jaarplan,
    read_period,
    shift_date,
    shift_years,
    to_carry_over,
)

GESCHIPT = ["almere-2023-2024", "plein013-2023", "ppo-nk-2023"]


def _write(map_: Path, bestanden: dict[str, str]) -> None:
    for naam, tekst in bestanden.items():
        pad = map_ / naam
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_text(textwrap.dedent(tekst).lstrip("\n"), encoding="utf-8")


def maak_bron(
    root: Path,
    plan_id: str = "proef-2023",
    start: str = "2023-01-01",
    eind: str = "2023-12-31",
    d03: str = "2023-06-30",
    d06: str = "2023-02-28",
) -> None:
    """A small source plan covering every status, in root/data and root/params."""
    label = plan_id.removeprefix("proef-")
    _write(
        root / "data" / plan_id,
        {
            "jaarplan.yaml": f"""
                id: {plan_id}
                naam: Jaarplan {label} Proef
                organisatie: Samenwerkingsverband Proef
                sector: PO
                periode: {{start: {start}, eind: {eind}}}
                bron:
                  - bestand: proef.txt
                    titel: Jaarplan 2023
                normen:
                  doelen_behaald: 0.8
                  extra:
                    - id: verhouding
                      naam: Verhouding
                      teller: I1
                      noemer: I2
                      minimum: 0.05
                rondes:
                  - {{id: M4, naam: Voortgang M4}}
                  - {{id: M12, naam: Voortgang M12 2023}}
                toelichting: Oude toelichting.
            """,
            "themas.csv": """
                id;naam;langetermijndoel;gemeenschappelijk_thema;bron
                T1;Basis;Alle scholen bieden basisondersteuning;basisondersteuning;proef.txt r. 1
                T2;Netwerk;;dekkend-netwerk;proef.txt r. 2
            """,
            "doelen.csv": f"""
                id;thema;tekst;indicator;eenheid;nulmeting;streefwaarde;richting;deadline;soort;eigenaar;langetermijndoel;bron
                D01;T1;Kwalitatief behaald;;;;;;;kwalitatief;;;proef.txt r. 3
                D02;T1;Kwalitatief deels;;;;;;2023-12-31;kwalitatief;Jan;;proef.txt r. 4
                D03;T2;Mijlpaal niet gehaald;;;;;;{d03};mijlpaal;;;proef.txt r. 5
                D04;T2;Nog onbekend;;%;0,125;0,2;hoger;;numeriek;;;proef.txt r. 6
                D05;T2;Vervallen doel;;;;;;;kwalitatief;;;proef.txt r. 7
                D06;T1;Numeriek gehaald;;leerlingen;10;20;hoger;{d06};numeriek;;;proef.txt r. 8
            """,
            "activiteiten.csv": """
                id;thema;doelen;omschrijving;wie;wanneer;budget;begrotingsonderdeel;uren;project;bron
                A01;T1;D01;Alleen voor een behaald doel;;2023;€ 5.000;;;;proef.txt r. 9
                A02;T1;D01,D02;Voor D02;Team;Q1-Q2 2023;€ 12.345,50;Post 1;100;ja;proef.txt r. 10
                A03;T2;;Doorlopend, zonder doel;;2023;;;;;proef.txt r. 11
                A04;T2;;Afgerond, zonder doel;;2023;;;;;proef.txt r. 12
                A05;T2;D03,D05;Mijlpaal;;;;;;;proef.txt r. 13
            """,
            "indicatoren.csv": """
                id;naam;eenheid;doel;nulmeting;streefwaarde;richting;bron
                I1;Teller;leerlingen;D06;;;;proef.txt r. 14
                I2;Noemer;leerlingen;D03;;;;proef.txt r. 15
                I3;Alleen behaald doel;leerlingen;D01;;;;proef.txt r. 16
            """,
            "indicatorwaarden.csv": """
                indicator;peildatum;waarde;bron
                I2;2022-12-31;200;proef.txt r. 17
                I3;2022-12-31;7;proef.txt r. 18
            """,
            "realisatie/M4/ronde.yaml": """
                id: M4
                naam: Voortgang M4
                peildatum: 2023-04-30
                voorbeelddata: false
            """,
            "realisatie/M4/doelen.csv": """
                doel;waarde;datum_gereed;status;toelichting
                D01;;;deels behaald;
            """,
            "realisatie/M4/activiteiten.csv": """
                activiteit;besteed;uren_besteed;status;toelichting
                A02;1000;10;loopt;
            """,
            "realisatie/M4/indicatoren.csv": """
                indicator;peildatum;waarde;toelichting
                I2;2023-04-30;210;echte meting
            """,
            "realisatie/M12/ronde.yaml": """
                id: M12
                naam: Voortgang M12 2023
                peildatum: 2023-12-31
                voorbeelddata: true
                toelichting: Voorbeelddata.
            """,
            "realisatie/M12/doelen.csv": """
                doel;waarde;datum_gereed;status;toelichting
                D01;;;behaald;
                D02;;;deels behaald;
                D03;;;;Niet op tijd klaar.
                D05;;;vervallen;
                D06;25;;;
            """,
            "realisatie/M12/activiteiten.csv": """
                activiteit;besteed;uren_besteed;status;toelichting
                A02;9000;90;loopt;
                A03;;;loopt;
                A04;;;afgerond;
            """,
            "realisatie/M12/indicatoren.csv": """
                indicator;peildatum;waarde;toelichting
                I2;2023-12-31;999;verzonnen
            """,
        },
    )
    _write(
        root / "params" / plan_id,
        {
            "M12.yaml": f"""
                jaarplan: {plan_id}
                ronde: M12
                notebooks: [evaluatie, overzicht]
                opties:
                  publiek: false
                  grafieken: true
            """
        },
    )


@pytest.fixture
def omgeving(tmp_path, monkeypatch):
    """A project root with data/, params/ and stub notebooks (params validation needs them)."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for naam in ("evaluatie", "overzicht", "stakeholders"):
        (notebooks / f"{naam}.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", notebooks)
    (tmp_path / "data").mkdir()
    (tmp_path / "params").mkdir()
    return tmp_path


def _maak(root: Path, van: str = "proef-2023", periode: str = "2024", **kw) -> NewJaarplanResult:
    return new_jaarplan(van, periode, data_dir=root / "data", params_dir=root / "params", **kw)


def _boom(map_: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(map_)): p.read_bytes() for p in sorted(map_.rglob("*")) if p.is_file()
    }


# --- small pure functions ----------------------------------------------------------------------


def test_lees_periode_school_and_calendar_year():
    p = read_period("2024-2025")
    assert (p.start, p.eind, p.label) == (date(2024, 8, 1), date(2025, 7, 31), "2024-2025")
    p = read_period(" 2024 / 2025 ")
    assert p.label == "2024-2025"
    p = read_period("2024")
    assert (p.start, p.eind, p.label) == (date(2024, 1, 1), date(2024, 12, 31), "2024")


@pytest.mark.parametrize("tekst", ["2024-2026", "2025-2024", "24-25", "volgend jaar", "1999", ""])
def test_lees_periode_refuses_bad_text(tekst):
    with pytest.raises(NewJaarplanError, match="Periode"):
        read_period(tekst)


def test_afgeleid_id_replaces_the_period():
    assert derived_id("plein013-2023", read_period("2024")) == "plein013-2024"
    assert derived_id("almere-2023-2024", read_period("2024-2025")) == "almere-2024-2025"
    assert derived_id("ppo-nk-2023", read_period("2024-2025")) == "ppo-nk-2024-2025"
    with pytest.raises(NewJaarplanError, match="--id"):
        derived_id("zonder-jaar", read_period("2024"))


def test_verschuif_datum_moves_into_the_new_period():
    p = read_period("2024-2025")
    assert shift_date(date(2023, 11, 30), 1, p) == date(2024, 11, 30)
    assert shift_date(date(2024, 7, 31), 1, p) == date(2025, 7, 31)
    # falls after the new period -> its end; before it -> its end as well
    assert shift_date(date(2024, 12, 31), 1, p) == date(2025, 7, 31)
    assert shift_date(date(2023, 3, 1), 1, p) == date(2025, 7, 31)
    # 29 February in a year without one
    assert shift_date(date(2024, 2, 29), 1, read_period("2025")) == date(2025, 2, 28)


def test_verschuif_jaartallen():
    assert shift_years("oktober-2024", 1) == "oktober-2025"
    assert shift_years("Oktoberevaluatie 2024 (2023-2024)", 2) == (
        "Oktoberevaluatie 2026 (2025-2026)"
    )
    assert shift_years("M12", 1) == "M12"
    assert shift_years("12024", 1) == "12024"


def test_over_te_nemen_keeps_all_but_behaald_and_vervallen():
    statussen = {
        "D1": "behaald",
        "D2": "deels behaald",
        "D3": "niet behaald",
        "D4": "nog niet te beoordelen",
        "D5": "vervallen",
    }
    assert to_carry_over(statussen) == ["D2", "D3", "D4"]


# --- new-jaarplan on a small fixture -----------------------------------------------------------


def test_new_plan_carries_over_exactly_the_goals_not_achieved(omgeving, capsys):
    maak_bron(omgeving)
    bron = load_jaarplan("proef-2023", omgeving / "data")
    ev = evaluate(bron)
    verwacht = [d.id for d in ev.doelen if d.status not in ("behaald", "vervallen")]
    assert verwacht == ["D02", "D03", "D04"]  # the fixture covers every status

    resultaat = _maak(omgeving)
    assert resultaat.map == omgeving / "data" / "proef-2024"
    uit = "\n".join(resultaat.lines())
    assert "Nieuw jaarplan 'proef-2024'" in uit and "D02, D03, D04" in uit

    map_ = omgeving / "data" / "proef-2024"
    assert validate(map_) == []
    nieuw = read_jaarplan(map_)
    assert [d.id for d in nieuw.doelen] == verwacht
    assert (nieuw.periode_start, nieuw.periode_eind) == (date(2024, 1, 1), date(2024, 12, 31))
    assert nieuw.naam == "Jaarplan 2024 Proef"
    assert "Aangemaakt met evalkit new-jaarplan uit proef-2023" in nieuw.toelichting
    assert "voorbeelddata" in nieuw.toelichting  # M12 of the source is example data
    assert nieuw.normen.doelen_behaald == 0.8

    doelen = {d.id: d for d in nieuw.doelen}
    oud = {d.id: d for d in bron.doelen}
    # deadlines one year on, inside the new period; no deadline stays none
    assert doelen["D02"].deadline == date(2024, 12, 31)
    assert doelen["D03"].deadline == date(2024, 6, 30)
    assert doelen["D04"].deadline is None
    # marked as carried over, with the status it had; the rest of the goal unchanged
    assert doelen["D03"].bron.startswith("Overgenomen uit proef-2023 D03")
    assert "niet behaald" in doelen["D03"].bron and "proef.txt r. 5" in doelen["D03"].bron
    assert "deels behaald" in doelen["D02"].bron
    for i in verwacht:
        for veld in ("tekst", "thema", "soort", "nulmeting", "streefwaarde", "richting"):
            assert getattr(doelen[i], veld) == getattr(oud[i], veld)
    assert doelen["D04"].nulmeting == 0.125  # a decimal survives the canonical writing

    # every theme and long-term goal kept
    assert [(t.id, t.langetermijndoel) for t in nieuw.themas] == [
        (t.id, t.langetermijndoel) for t in bron.themas
    ]


def test_new_plan_activities_indicators_and_empty_realisation(omgeving):
    maak_bron(omgeving)
    _maak(omgeving)
    nieuw = read_jaarplan(omgeving / "data" / "proef-2024")
    acts = {a.id: a for a in nieuw.activiteiten}
    # A01 only served an achieved goal; A04 (no goal) is afgerond; A05 keeps only D03
    assert list(acts) == ["A02", "A03", "A05"]
    assert acts["A02"].doelen == ("D02",)
    assert acts["A05"].doelen == ("D03",)
    assert acts["A02"].budget == 12345.5 and acts["A02"].uren == 100 and acts["A02"].project
    assert "startpunt" in acts["A02"].bron and "Q1-Q2 2023" in acts["A02"].bron
    assert acts["A02"].wanneer == "2024"

    inds = {i.id: i for i in nieuw.indicatoren}
    # I1 belongs to an achieved goal but the norm needs it; I3 only to an achieved goal
    assert list(inds) == ["I1", "I2"]
    assert inds["I1"].doel is None and inds["I2"].doel == "D03"
    # the plan's own values and real (not example) round values; never example data
    assert [(m.indicator, m.peildatum, m.waarde) for m in nieuw.indicatorwaarden] == [
        ("I2", date(2022, 12, 31), 200.0),
        ("I2", date(2023, 4, 30), 210.0),
    ]

    # one empty round, mirroring the source's latest round, not example data
    assert list(nieuw.rondes) == ["M12"]
    ronde = nieuw.rondes["M12"]
    assert ronde.peildatum == date(2024, 12, 31)
    assert ronde.voorbeelddata is False
    assert ronde.doelen == {} and ronde.activiteiten == {} and ronde.metingen == ()
    meta = yaml.safe_load((omgeving / "data/proef-2024/jaarplan.yaml").read_text("utf-8"))
    assert [r["id"] for r in meta["rondes"]] == ["M4", "M12"]
    assert meta["rondes"][1]["naam"] == "Voortgang M12 2024"


def test_new_plan_params_file_is_valid_and_copies_notebooks(omgeving):
    maak_bron(omgeving)
    _maak(omgeving)
    pad = omgeving / "params" / "proef-2024" / "M12.yaml"
    p = read_params(pad, params_dir=omgeving / "params", data_dir=omgeving / "data")
    assert (p.jaarplan, p.ronde) == ("proef-2024", "M12")
    assert p.notebooks == ("evaluatie", "overzicht")
    assert p.opties == {"publiek": False, "grafieken": True}


def test_new_plan_for_a_school_year_derives_id_and_moves_rounds(omgeving):
    maak_bron(
        omgeving, "proef-2023-2024", "2023-08-01", "2024-07-31", d03="2024-03-01", d06="2024-02-29"
    )
    assert _maak(omgeving, "proef-2023-2024", "2024-2025").draft.plan_id == "proef-2024-2025"
    map_ = omgeving / "data" / "proef-2024-2025"
    assert validate(map_) == []
    nieuw = read_jaarplan(map_)
    assert (nieuw.periode_start, nieuw.periode_eind) == (date(2024, 8, 1), date(2025, 7, 31))
    assert nieuw.naam == "Jaarplan 2024-2025 Proef"
    # D03 (mijlpaal, deadline not yet passed at M12) is 'nog niet te beoordelen': carried over
    doelen = {d.id: d.deadline for d in nieuw.doelen}
    assert doelen == {"D02": date(2024, 12, 31), "D03": date(2025, 3, 1), "D04": None}


def test_new_plan_with_explicit_id(omgeving):
    maak_bron(omgeving)
    assert _maak(omgeving, nieuw_id="proef-volgend").map.name == "proef-volgend"
    assert validate(omgeving / "data" / "proef-volgend") == []
    assert (omgeving / "params" / "proef-volgend" / "M12.yaml").is_file()


def test_plan_without_rounds_carries_over_every_goal(omgeving):
    maak_bron(omgeving)
    shutil.rmtree(omgeving / "data" / "proef-2023" / "realisatie")
    shutil.rmtree(omgeving / "params" / "proef-2023")
    _maak(omgeving)
    nieuw = read_jaarplan(omgeving / "data" / "proef-2024")
    assert [d.id for d in nieuw.doelen] == ["D01", "D02", "D03", "D04", "D05", "D06"]
    assert list(nieuw.rondes) == ["M12"]  # the last round the plan prescribes
    pad = omgeving / "params" / "proef-2024" / "M12.yaml"
    assert yaml.safe_load(pad.read_text("utf-8"))["notebooks"] == ["evaluatie"]


# --- refusals: nothing written or overwritten --------------------------------------------------


def test_existing_target_folder_refused_and_untouched(omgeving):
    maak_bron(omgeving)
    _maak(omgeving)
    (omgeving / "data/proef-2024/doelen.csv").write_text("handwerk", encoding="utf-8")
    voor = _boom(omgeving)
    with pytest.raises(NewJaarplanError, match="bestaat al"):
        _maak(omgeving)
    assert _boom(omgeving) == voor


def test_existing_params_file_refused_and_nothing_written(omgeving):
    maak_bron(omgeving)
    _write(omgeving / "params" / "proef-2024", {"M12.yaml": "jaarplan: proef-2024\n"})
    voor = _boom(omgeving)
    with pytest.raises(NewJaarplanError, match="parameterbestand"):
        _maak(omgeving)
    assert _boom(omgeving) == voor
    assert sorted(p.name for p in (omgeving / "data").iterdir()) == ["proef-2023"]


def test_unknown_source_refused(omgeving):
    maak_bron(omgeving)
    with pytest.raises(UnknownJaarplan, match="bestaat-niet-2023"):
        _maak(omgeving, "bestaat-niet-2023")
    with pytest.raises(UnknownJaarplan):
        _maak(omgeving, "../data")
    assert plan_ids(omgeving / "data") == ["proef-2023"]


@pytest.mark.parametrize("periode", ["2024-2026", "volgend jaar", "2023", "2022-2023"])
def test_bad_or_earlier_period_refused(omgeving, periode):
    maak_bron(omgeving)
    voor = _boom(omgeving)
    with pytest.raises(NewJaarplanError):
        _maak(omgeving, periode=periode)
    assert _boom(omgeving) == voor


def test_invalid_source_refused_with_its_problems(omgeving):
    maak_bron(omgeving)
    pad = omgeving / "data/proef-2023/doelen.csv"
    pad.write_text(pad.read_text("utf-8").replace(";T2;Nog onbekend", ";T9;Nog onbekend"), "utf-8")
    voor = _boom(omgeving)
    with pytest.raises(NewJaarplanError, match="onbekend thema 'T9'"):
        _maak(omgeving)
    assert _boom(omgeving) == voor


def test_cli_reports_dutch_error_and_exit_code(omgeving, monkeypatch, capsys):
    maak_bron(omgeving)
    monkeypatch.setattr(paths, "DATA_DIR", omgeving / "data")
    monkeypatch.setattr(paths, "PARAMS_DIR", omgeving / "params")
    assert cli.main(["new-jaarplan", "--from", "proef-2023", "--period", "2024-2026"]) == 1
    assert capsys.readouterr().err.startswith("Fout: Periode '2024-2026'")
    assert cli.main(["new-jaarplan", "--from", "proef-2023", "--period", "2024"]) == 0
    assert validate(omgeving / "data" / "proef-2024") == []


# --- the shipped plans -------------------------------------------------------------------------


@pytest.fixture
def kopie(omgeving):
    """A copy of the shipped data/ and params/ folders."""
    shutil.rmtree(omgeving / "data")
    shutil.rmtree(omgeving / "params")
    shutil.copytree(paths.DATA_DIR, omgeving / "data")
    shutil.copytree(paths.PARAMS_DIR, omgeving / "params")
    return omgeving


@pytest.mark.shipped
@pytest.mark.parametrize("plan_id", GESCHIPT)
def test_new_plan_from_each_shipped_plan_validates_clean(kopie, plan_id):
    bron = load_jaarplan(plan_id, kopie / "data")
    periode = "2024-2025" if plan_id.endswith("2023-2024") else "2024"
    assert _maak(kopie, plan_id, periode).params.is_file()
    nieuw_id = derived_id(plan_id, read_period(periode))
    map_ = kopie / "data" / nieuw_id
    assert validate(map_) == []
    nieuw = read_jaarplan(map_)
    statussen = {d.id: d.status for d in evaluate(bron).doelen}
    assert [d.id for d in nieuw.doelen] == to_carry_over(statussen)
    assert [t.id for t in nieuw.themas] == [t.id for t in bron.themas]
    for d in nieuw.doelen:
        assert d.deadline is None or nieuw.periode_start <= d.deadline <= nieuw.periode_eind
    (params,) = sorted((kopie / "params" / nieuw_id).glob("*.yaml"))
    p = read_params(params, params_dir=kopie / "params", data_dir=kopie / "data")
    assert p.jaarplan == nieuw_id and p.ronde in nieuw.rondes
    # the source folder is untouched and no temporary folder is left behind
    assert _boom(kopie / "data" / plan_id) == _boom(paths.DATA_DIR / plan_id)
    assert not [p for p in (kopie / "data").iterdir() if p.name.startswith(".")]


def test_new_plan_output_is_deterministic(omgeving, tmp_path_factory):
    maak_bron(omgeving)
    _maak(omgeving)
    tweede = tmp_path_factory.mktemp("tweede")
    (tweede / "data").mkdir()
    (tweede / "params").mkdir()
    maak_bron(tweede)
    _maak(tweede)
    assert _boom(tweede / "data" / "proef-2024") == _boom(omgeving / "data" / "proef-2024")
    assert _boom(tweede / "params" / "proef-2024") == _boom(omgeving / "params" / "proef-2024")


def test_cli_passes_the_parsed_arguments_and_prints_the_summary(omgeving, monkeypatch, capsys):
    from evalkit.tools import newplan

    maak_bron(omgeving)
    echt = _maak(omgeving)
    aanroepen = []

    def nep(*args, **kwargs):
        aanroepen.append((args, kwargs))
        return echt

    monkeypatch.setattr(newplan, "new_jaarplan", nep)
    assert cli.main(["new-jaarplan", "--from", "plein013-2023", "--period", "2024"]) == 0
    assert aanroepen == [(("plein013-2023", "2024"), {"nieuw_id": None})]
    uit = capsys.readouterr().out.splitlines()
    assert uit[0] == f"Nieuw jaarplan 'proef-2024' (2024) aangemaakt in {echt.map}:"
    assert uit[1].startswith("  ") and "overgenomen" in uit[1]
    assert uit[-1] == f"  lege ronde {echt.draft.ronde_id}; parameterbestand {echt.params}"
    assert uit == echt.lines()
