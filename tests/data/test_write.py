"""The canonical writer: load -> write -> load gives the same plan, and the same bytes twice."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from evalkit import paths
from evalkit.data import values
from evalkit.data.load import load_jaarplan, read_jaarplan
from evalkit.data.model import (
    Activiteit,
    ActiviteitRealisatie,
    Begrotingsonderdeel,
    Doel,
    DoelRealisatie,
    Indicator,
    Jaarplan,
    Langetermijndoel,
    Meting,
    Normen,
    RatioNorm,
    Ronde,
    Thema,
)
from evalkit.data.read import plan_ids
from evalkit.data.write import (
    cell,
    csv_table,
    jaarplan_data,
    number_cell,
    plan_files,
    write_jaarplan,
)

SHIPPED = plan_ids(paths.DATA_DIR)


def _bytes(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _round_trip(plan, tmp_path):
    folder = tmp_path / plan.id
    write_jaarplan(plan, folder)
    back = read_jaarplan(folder)
    assert dataclasses.replace(back, map=None) == dataclasses.replace(plan, map=None)
    first = _bytes(folder)
    write_jaarplan(back, folder)
    assert _bytes(folder) == first
    return folder


@pytest.mark.shipped
def test_every_shipped_plan_is_shipped():
    assert len(SHIPPED) >= 3


@pytest.mark.shipped
@pytest.mark.parametrize("plan_id", SHIPPED)
def test_shipped_plan_round_trips(plan_id, tmp_path):
    folder = _round_trip(load_jaarplan(plan_id), tmp_path)
    # the CSV files of the shipped plans are already in canonical form: rewriting keeps them
    for pad in (paths.DATA_DIR / plan_id).rglob("*.csv"):
        assert (folder / pad.relative_to(paths.DATA_DIR / plan_id)).read_bytes() == pad.read_bytes()


def _small_plan(**kw) -> Jaarplan:
    ronde = Ronde(
        id="M12",
        naam="Voortgangsrapportage M12",
        peildatum=date(2023, 12, 31),
        voorbeelddata=False,
        toelichting="Echte; realisatie\nmet een regelovergang",
        doelen={
            "D01": DoelRealisatie("D01", waarde=1.125, status="deels behaald"),
            "D02": DoelRealisatie("D02", datum_gereed=date(2023, 5, 1), status="behaald"),
        },
        activiteiten={"A01": ActiviteitRealisatie("A01", 1234.56, 12.5, "loopt", 'met "quote"')},
        metingen=(Meting("I1", date(2023, 12, 31), 0.0000001, None, "M12"),),
    )
    args = dict(
        id="klein-2023",
        naam="Klein: een plan",
        organisatie="SWV Klein",
        sector="PO+VO",
        periode_start=date(2023, 1, 1),
        periode_eind=date(2023, 12, 31),
        normen=Normen(0.8, 0.7, 0.5, (RatioNorm("r", "Ratio", "I1", "I2", 0.05),), "norm.txt"),
        bron=({"bestand": "a.txt", "titel": "2023"},),
        toelichting="Regel een.\nRegel twee: met dubbele punt.",
        themas=(Thema("T1", "Thema; een", "basisondersteuning", "bron r. 1", "lang"),),
        doelen=(
            Doel(
                "D01",
                "T1",
                "Doel één",
                "numeriek",
                "b",
                indicator="ind",
                eenheid="%",
                nulmeting=0.125,
                streefwaarde=48333.0,
                richting="hoger",
                deadline=date(2023, 12, 31),
                eigenaar="wie",
            ),
            Doel("D02", "T1", "Mijlpaal", "mijlpaal", "b", deadline=date(2023, 6, 30)),
        ),
        activiteiten=(
            Activiteit(
                "A01", "T1", "Doe het", "b", ("D01", "D02"), None, "Q1", 200000.0, "x", 3.5, True
            ),
            Activiteit("A02", "T1", "=geen formule", "b"),
        ),
        indicatoren=(
            Indicator("I1", "Eén", "leerlingen", "b", "D01", 3.0, 1e-7, "lager"),
            Indicator("I2", "Twee", "leerlingen", "b"),
        ),
        indicatorwaarden=(Meting("I1", date(2022, 10, 1), 12345.5, "plan r. 3"),),
        rondes={"M12": ronde},
    )
    return Jaarplan(**{**args, **kw})


def test_small_plan_round_trips(tmp_path):
    _round_trip(_small_plan(), tmp_path)


def test_empty_plan_round_trips_and_leaves_out_optional_files(tmp_path):
    plan = _small_plan(
        id="leeg-2023", themas=(), doelen=(), activiteiten=(), indicatoren=(),
        indicatorwaarden=(), rondes={}, normen=Normen(), bron=(), toelichting=None,
    )  # fmt: skip
    folder = _round_trip(plan, tmp_path)
    assert sorted(str(p) for p in _bytes(folder)) == [
        "activiteiten.csv", "doelen.csv", "indicatoren.csv", "jaarplan.yaml", "themas.csv",
    ]  # fmt: skip


def test_canonical_cells_follow_the_shipped_data():
    files = plan_files(_small_plan())
    activiteiten = files["activiteiten.csv"].splitlines()
    assert activiteiten[1] == "A01;T1;D01,D02;Doe het;;Q1;200000;x;3.5;ja;b"
    assert activiteiten[2] == "A02;T1;;=geen formule;;;;;;;b"  # false is an empty cell
    assert (
        files["doelen.csv"]
        .splitlines()[1]
        .startswith("D01;T1;Doel één;ind;%;0.125;48333;hoger;2023-12-31;numeriek;wie;")
    )
    assert "doelen_behaald: 0.8\n" in files["jaarplan.yaml"]
    assert "periode: {start: 2023-01-01, eind: 2023-12-31}\n" in files["jaarplan.yaml"]
    assert files["realisatie/M12/doelen.csv"].splitlines()[1] == "D01;1,125;;deels behaald;"


@pytest.mark.parametrize(
    ("waarde", "tekst"),
    [(None, ""), (True, "ja"), (False, ""), (3.0, "3"), (0.75, "0.75"), (1234.56, "1234.56"),
     (1.125, "1,125"), (-1.125, "-1,125"), (date(2024, 2, 29), "2024-02-29"),
     (("D01", "D02"), "D01,D02"), ("tekst", "tekst")],
)  # fmt: skip
def test_cell(waarde, tekst):
    assert cell(waarde) == tekst


@pytest.mark.parametrize("waarde", [0.125, 1234.56, 200000.0, -3.5, 0.05, 12345.5, 1e-7, 3.0,
                                    1 / 3, 1.125, 999.999, 0.0547])  # fmt: skip
def test_number_cell_reads_back_exactly(waarde):
    assert values.read_number(number_cell(waarde)) == waarde


def test_csv_table_says_where_each_row_starts():
    uit = csv_table(["a", "b"], [{"a": "x\ny", "b": 1.5}, {"a": "z"}, {}])
    assert uit.text == 'a;b\n"x\ny";1.5\nz;\n;\n'
    assert uit.lines == (2, 4, 5)


def _norms_from(tmp_path, normen_yaml: str):
    from evalkit.data.collect import Collector
    from evalkit.data.read import read_norms
    from evalkit.data.yamlio import read_yaml

    pad = tmp_path / "jaarplan.yaml"
    pad.write_text(normen_yaml, encoding="utf-8")
    v = Collector()
    data = read_yaml(pad, v)
    return read_norms(pad, data["normen"], v), [str(p) for p in v.problemen]


@pytest.mark.shipped
def test_norm_sources_long_form_and_sibling_mapping(tmp_path):
    lang, fouten = _norms_from(
        tmp_path,
        "normen:\n  doelen_behaald: {waarde: 0.75, bron: '001 r. 12'}\n"
        "  bronnen: {projecten_binnen_uren: '001 r. 13'}\n  oordeel_op_richting: true\n",
    )
    assert fouten == []
    assert lang.doelen_behaald == 0.75
    assert lang.bronnen == {"doelen_behaald": "001 r. 12", "projecten_binnen_uren": "001 r. 13"}
    assert lang.source("doelen_behaald") == lang.source("projecten_binnen_uren") == "jaarplan"
    assert lang.oordeel_op_richting is True
    # the plain old form stays readable; a value equal to the default without bron is the default
    plat, fouten = _norms_from(
        tmp_path, "normen:\n  doelen_behaald: 0.8\n  projecten_binnen_uren: 0.75\n"
    )
    assert fouten == []
    assert (plat.source("doelen_behaald"), plat.source("projecten_binnen_uren")) == (
        "jaarplan",
        "standaard",
    )
    # written back, the bron stays data
    plan = dataclasses.replace(load_jaarplan("almere-2023-2024"), normen=lang)
    normen = jaarplan_data(plan)["normen"]
    assert normen["bronnen"] == lang.bronnen and normen["oordeel_op_richting"] is True


def test_norm_sources_are_checked(tmp_path):
    _, fouten = _norms_from(
        tmp_path,
        "normen:\n  bronnen: {doelen: x}\n  doelen_behaald: {waarde: 0.7, wie: y}\n"
        "  oordeel_op_richting: misschien\n",
    )
    assert any("normen.bronnen.doelen" in f and "onbekende norm" in f for f in fouten)
    assert any("normen.doelen_behaald.wie" in f for f in fouten)
    assert any("oordeel_op_richting" in f and "true of false" in f for f in fouten)


def _plan_with_lines(**kw) -> Jaarplan:
    """The small plan with long-term goals, a begroting and a realisation per onderdeel."""
    klein = _small_plan()
    ronde = dataclasses.replace(
        klein.rondes["M12"],
        begroting={"Een": None, "Twee": 80.5},
        begroting_toelichting={"Een": 'Nog niet geboekt; zie "notitie"\nregel twee'},
    )
    doelen = (dataclasses.replace(klein.doelen[0], langetermijndoel="L1"), *klein.doelen[1:])
    activiteiten = (
        dataclasses.replace(klein.activiteiten[0], begrotingsonderdeel="Een,Twee"),
        dataclasses.replace(klein.activiteiten[1], begrotingsonderdeel="Twee"),
    )
    args = dict(
        doelen=doelen,
        activiteiten=activiteiten,
        langetermijndoelen=(
            Langetermijndoel("L1", "T1", "Over vier jaar; beter", "b r. 1", "2027"),
            Langetermijndoel("L2", "T1", "Haalbaar", "b r. 2", None, "doelen_behaald"),
        ),
        begroting=(Begrotingsonderdeel("Een", "b r. 3"), Begrotingsonderdeel("Twee", "b", 100.0)),
        rondes={"M12": ronde},
    )
    return _small_plan(**{**args, **kw})


def test_long_term_goals_and_budget_lines_round_trip(tmp_path):
    folder = _round_trip(_plan_with_lines(), tmp_path)
    assert (folder / "langetermijndoelen.csv").read_text(encoding="utf-8").splitlines()[0] == (
        "id;thema;tekst;horizon;normen;bron"
    )
    assert (folder / "begroting.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "Een;;b r. 3",
        "Twee;100;b",
    ]
    # the toelichting per onderdeel is kept, also on a line without a spend; quoted as needed
    assert (folder / "realisatie" / "M12" / "begroting.csv").read_text(encoding="utf-8") == (
        'begrotingsonderdeel;besteed;toelichting\nEen;;"Nog niet geboekt; zie ""notitie""\n'
        'regel twee"\nTwee;80.5;\n'
    )


def test_toelichting_per_onderdeel_is_read_from_the_round(tmp_path):
    folder = tmp_path / "klein-2023"
    write_jaarplan(_plan_with_lines(), folder)
    (folder / "realisatie" / "M12" / "begroting.csv").write_text(
        "begrotingsonderdeel;toelichting;besteed\nTwee; Hoger door extra inzet ;80,5\nEen;;\n",
        encoding="utf-8",
    )
    ronde = read_jaarplan(folder).rondes["M12"]
    assert ronde.begroting == {"Twee": 80.5, "Een": None}
    assert ronde.begroting_toelichting == {"Twee": "Hoger door extra inzet"}


def _problems(folder) -> list[tuple[str | None, str]]:
    from evalkit.data.validate import validate

    return [(p.kolom, p.melding) for p in validate(folder)]


def test_long_term_goal_and_budget_links_are_validated(tmp_path):
    folder = tmp_path / "klein-2023"
    write_jaarplan(_plan_with_lines(), folder)
    assert _problems(folder) == []
    doelen = folder / "doelen.csv"
    doelen.write_text(doelen.read_text(encoding="utf-8").replace(";L1;", ";L9;"), encoding="utf-8")
    lange = folder / "langetermijndoelen.csv"
    lange.write_text(
        lange.read_text(encoding="utf-8") + "L2;T1;Dubbel;;;b\nL3;T7;Elders;;;b\n", encoding="utf-8"
    )
    acts = folder / "activiteiten.csv"
    acts.write_text(acts.read_text(encoding="utf-8").replace(";Een,Twee;", ";Een,Drie;"),
                    encoding="utf-8")  # fmt: skip
    begroting = folder / "begroting.csv"
    tekst = begroting.read_text(encoding="utf-8").replace("Twee;100;", "Twee;-100;")
    begroting.write_text(tekst + "Een;5;b\n", encoding="utf-8")
    assert _problems(folder) == [
        ("id", "dubbele id 'L2' (staat ook in rij 3)"),
        ("begrotingsonderdeel", "dubbele begrotingsonderdeel 'Een' (staat ook in rij 2)"),
        ("thema", "onbekend thema 'T7'; bekend: T1"),
        ("langetermijndoel", "onbekend langetermijndoel 'L9'; bekend: L1, L2, L3"),
        ("bedrag", "negatief bedrag (-€ 100); verwacht 0 of meer"),
        ("begrotingsonderdeel", "onbekend begrotingsonderdeel 'Drie' (niet in begroting.csv)"),
    ]
