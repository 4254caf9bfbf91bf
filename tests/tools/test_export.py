"""Researchers' tables: load() gives tidy, typed tables; exporteer() writes them and reads back."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

import evalkit
from evalkit import cli, paths
from evalkit.data.load import load_jaarplan
from evalkit.data.read import plan_ids
from evalkit.errors import OutputError, UnknownJaarplan, ValidationError
from evalkit.tools.export import COLUMNS, README, XLSX_NAME, export_tables, load, read_options

DATADICTIONARY = paths.ROOT / "docs" / "datadictionary.md"
NOTEBOOK = paths.NOTEBOOKS_DIR / "verkennen.ipynb"


def _write(map_: Path, bestanden: dict[str, str]) -> None:
    for naam, tekst in bestanden.items():
        pad = map_ / naam
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_text(textwrap.dedent(tekst).lstrip("\n"), encoding="utf-8")


def maak_data(data: Path) -> Path:
    """Two small plans: alfa-2023 with two rounds (M4 real, M12 example data), beta without."""
    _write(
        data / "alfa-2023",
        {
            "jaarplan.yaml": """
                id: alfa-2023
                naam: Jaarplan 2023 Alfa
                organisatie: Samenwerkingsverband Alfa
                sector: PO
                periode: {start: 2023-01-01, eind: 2023-12-31}
                bron:
                  - bestand: alfa.txt
                    titel: Jaarplan 2023
                normen: {doelen_behaald: 0.8, deels_behaald_telt: 0.5}
            """,
            "themas.csv": """
                id;naam;langetermijndoel;gemeenschappelijk_thema;bron
                T1;Basis;Elke school biedt basisondersteuning;basisondersteuning;alfa.txt r. 1
                T2;Netwerk;;dekkend-netwerk;alfa.txt r. 2
            """,
            "doelen.csv": """
                id;thema;tekst;indicator;eenheid;nulmeting;streefwaarde;richting;deadline;soort;eigenaar;langetermijndoel;bron
                D1;T1;Thuisnabij;Aantal;leerlingen;10;20;hoger;2023-12-31;numeriek;Piet;;alfa r. 3
                D2;T1;Plan vastgesteld;;;;;;30-6-2023;mijlpaal;;;alfa.txt r. 4
                D3;T2;"Betere samenwerking; met ""ouders"" en é";;;;;;;kwalitatief;;;alfa.txt r. 5
            """,
            "activiteiten.csv": """
                id;thema;doelen;omschrijving;wie;wanneer;budget;begrotingsonderdeel;uren;project;bron
                A1;T1;D1,D2;Project thuisnabij;Team;2023;€ 10.000;Post 1;100;ja;alfa.txt r. 6
                A2;T2;D3;Overleg;;Q1;;;;;alfa.txt r. 7
            """,
            "indicatoren.csv": """
                id;naam;eenheid;doel;nulmeting;streefwaarde;richting;bron
                I1;Leerlingen thuisnabij;leerlingen;D1;10;20;hoger;alfa.txt r. 8
            """,
            "indicatorwaarden.csv": """
                indicator;peildatum;waarde;bron
                I1;2022-12-31;10;alfa.txt r. 9
            """,
            "realisatie/M4/ronde.yaml": """
                id: M4
                naam: Voortgang M4
                peildatum: 2023-04-30
                voorbeelddata: false
            """,
            "realisatie/M4/doelen.csv": """
                doel;waarde;datum_gereed;status;toelichting
                D1;15;;;NA
            """,
            "realisatie/M4/activiteiten.csv": """
                activiteit;besteed;uren_besteed;status;toelichting
                A1;2.000;20;loopt;
            """,
            "realisatie/M4/indicatoren.csv": """
                indicator;peildatum;waarde;toelichting
                I1;2023-04-30;15;
            """,
            "realisatie/M12/ronde.yaml": """
                id: M12
                naam: Voortgang M12
                peildatum: 2023-12-31
                voorbeelddata: true
                toelichting: Verzonnen.
            """,
            "realisatie/M12/doelen.csv": """
                doel;waarde;datum_gereed;status;toelichting
                D1;25;;;
                D2;;1-5-2023;;
                D3;;;niet behaald;"Te laat; zie ""verslag"" p. 2"
            """,
            "realisatie/M12/activiteiten.csv": """
                activiteit;besteed;uren_besteed;status;toelichting
                A1;€ 12.500;90;afgerond;
                A2;0;;afgerond;
            """,
            "realisatie/M12/indicatoren.csv": """
                indicator;peildatum;waarde;toelichting
                I1;2023-12-31;25;verzonnen
            """,
        },
    )
    _write(
        data / "beta-2024-2025",
        {
            "jaarplan.yaml": """
                id: beta-2024-2025
                naam: Jaarplan Beta
                organisatie: Beta
                sector: VO
                periode: {start: 2024-08-01, eind: 2025-07-31}
                bron: [beta.txt]
            """,
            "themas.csv": """
                id;naam;langetermijndoel;gemeenschappelijk_thema;bron
                T1;Ouders;;ouders-communicatie;beta.txt r. 1
            """,
            "doelen.csv": """
                id;thema;tekst;soort;bron
                D1;T1;"Regel 1
                regel 2, met komma";kwalitatief;beta.txt r. 2
            """,
            "activiteiten.csv": "id;thema;doelen;omschrijving;bron\n",
            "indicatoren.csv": "id;naam;eenheid;bron\n",
        },
    )
    return data


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return maak_data(tmp_path_factory.mktemp("tabellen") / "data")


@pytest.fixture(scope="module")
def t(data) -> dict[str, pd.DataFrame]:
    return load(data)


def _rij(df: pd.DataFrame, **waar) -> pd.Series:
    masker = pd.Series(True, index=df.index)
    for k, v in waar.items():
        masker &= df[k] == v
    (index,) = df.index[masker]
    return df.loc[index]


# --- load() ------------------------------------------------------------------------------------


def test_every_table_has_its_documented_columns_and_dtypes(t):
    assert list(t) == list(COLUMNS)
    for naam, df in t.items():
        assert list(df.columns) == list(COLUMNS[naam]), naam
        assert {k: str(v) for k, v in df.dtypes.items()} == COLUMNS[naam], naam
        assert "jaarplan" in df.columns
        assert list(df.index) == list(range(len(df)))


def test_plan_tables_hold_the_parsed_values(t):
    assert list(t["jaarplannen"]["jaarplan"]) == ["alfa-2023", "beta-2024-2025"]
    alfa = _rij(t["jaarplannen"], jaarplan="alfa-2023")
    assert alfa["periode_start"] == pd.Timestamp("2023-01-01")
    assert (alfa["norm_doelen_behaald"], alfa["norm_deels_behaald_telt"]) == (0.8, 0.5)
    assert alfa["bron"] == "alfa.txt (Jaarplan 2023)"
    assert pd.isna(alfa["toelichting"])

    d1 = _rij(t["doelen"], jaarplan="alfa-2023", doel="D1")
    assert (d1["nulmeting"], d1["streefwaarde"], d1["richting"]) == (10.0, 20.0, "hoger")
    assert d1["deadline"] == pd.Timestamp("2023-12-31")
    assert d1["smart_volledig"]  # indicator, target, deadline and owner
    d2 = _rij(t["doelen"], jaarplan="alfa-2023", doel="D2")
    assert d2["deadline"] == pd.Timestamp("2023-06-30")  # typed as 30-6-2023
    assert pd.isna(d2["nulmeting"]) and pd.isna(d2["eigenaar"])
    assert not d2["smart_volledig"] and d2["smart_meetbaar"]
    d3 = _rij(t["doelen"], jaarplan="alfa-2023", doel="D3")
    assert d3["tekst"] == 'Betere samenwerking; met "ouders" en é'

    a1 = _rij(t["activiteiten"], jaarplan="alfa-2023", activiteit="A1")
    assert (a1["budget"], a1["uren"], a1["doelen"]) == (10000.0, 100.0, "D1,D2")
    assert a1["project"]
    a2 = _rij(t["activiteiten"], jaarplan="alfa-2023", activiteit="A2")
    assert pd.isna(a2["budget"]) and not a2["project"]
    koppel = t["activiteit_doelen"]
    assert list(zip(koppel["activiteit"], koppel["doel"], strict=True)) == [
        ("A1", "D1"),
        ("A1", "D2"),
        ("A2", "D3"),
    ]


def test_rondes_are_in_peildatum_order_with_their_example_data_flag(t):
    r = t["rondes"]
    assert list(r["ronde"]) == ["M4", "M12"]  # by peildatum, not alphabetically
    assert list(r["volgorde"]) == [1, 2]
    assert list(r["voorbeelddata"]) == [False, True]
    assert (r["jaarplan"] == "alfa-2023").all()  # beta has no rounds


def test_metingen_combine_plan_values_and_rounds_with_their_source(t):
    m = t["metingen"]
    assert list(m["peildatum"].dt.strftime("%Y-%m-%d")) == [
        "2022-12-31",
        "2023-04-30",
        "2023-12-31",
    ]
    assert list(m["waarde"]) == [10.0, 15.0, 25.0]
    assert list(m["herkomst"]) == ["indicatorwaarden", "realisatie", "realisatie"]
    assert list(m["ronde"].fillna("-")) == ["-", "M4", "M12"]
    assert list(m["voorbeelddata"]) == [False, False, True]
    assert list(m["bron"].fillna("-")) == ["alfa.txt r. 9", "-", "-"]


def test_realisation_rows_carry_their_rounds_example_data_flag(t):
    d = t["doel_realisatie"]
    assert list(zip(d["ronde"], d["doel"], d["voorbeelddata"], strict=True)) == [
        ("M4", "D1", False),
        ("M12", "D1", True),
        ("M12", "D2", True),
        ("M12", "D3", True),
    ]
    assert _rij(d, ronde="M12", doel="D2")["datum_gereed"] == pd.Timestamp("2023-05-01")
    assert _rij(d, ronde="M4", doel="D1")["toelichting"] == "NA"  # text, not missing
    assert _rij(d, ronde="M12", doel="D3")["toelichting"] == 'Te laat; zie "verslag" p. 2'
    a = t["activiteit_realisatie"]
    assert list(a["besteed"]) == [2000.0, 12500.0, 0.0]
    assert list(a["voorbeelddata"]) == [False, True, True]


def test_evaluation_tables_follow_the_rules(t):
    ev = t["evaluatie_doelen"]
    statussen = {(r.ronde, r.doel): (r.status, r.status_bron) for r in ev.itertuples()}
    # M4: 15 is below the target 20 but above the nulmeting 10; D2 has no realisation row, so
    # it is not judged; D3 is kwalitatief without a status.
    assert statussen[("M4", "D1")] == ("deels behaald", "afgeleid")
    assert statussen[("M4", "D2")] == ("nog niet te beoordelen", "geen")
    assert statussen[("M4", "D3")] == ("nog niet te beoordelen", "geen")
    # M12: 25 >= 20; gereed 1 May, before the deadline; manual 'niet behaald'
    assert statussen[("M12", "D1")] == ("behaald", "afgeleid")
    assert statussen[("M12", "D2")] == ("behaald", "afgeleid")
    assert statussen[("M12", "D3")] == ("niet behaald", "handmatig")
    assert list(ev["voorbeelddata"]) == [False] * 3 + [True] * 3

    act = t["evaluatie_activiteiten"]
    a1 = _rij(act, ronde="M12", activiteit="A1")
    assert (a1["overschrijding"], a1["overschrijding_fractie"]) == (2500.0, 0.25)
    assert bool(a1["binnen_uren"])  # 90 of 100 hours
    assert pd.isna(_rij(act, ronde="M12", activiteit="A2")["binnen_uren"])

    s = t["evaluatie_samenvatting"]
    assert list(s["ronde"]) == ["M4", "M12"]
    for r in s.itertuples():
        telling = ev[ev["ronde"] == r.ronde]["status"].value_counts()
        assert r.aantal_behaald == telling.get("behaald", 0)
        assert r.aantal_deels_behaald == telling.get("deels behaald", 0)
        assert r.aantal_niet_behaald == telling.get("niet behaald", 0)
        assert r.aantal_nog_niet_te_beoordelen == telling.get("nog niet te beoordelen", 0)
        assert r.doelen_totaal == len(ev[ev["ronde"] == r.ronde])
    m12 = _rij(s, ronde="M12")
    # deels behaald counts 0.5 in alfa: 2 behaald of 3 counted goals
    assert (m12["doelen_behaald"], m12["doelen_geteld"]) == (2.0, 3)
    assert m12["aandeel_doelen_behaald"] == pytest.approx(2 / 3)
    assert not m12["norm_doelen_gehaald"]
    assert (m12["budget_totaal"], m12["besteed_totaal"]) == (10000.0, 12500.0)
    assert m12["voorbeelddata"] and m12["voorbeelddata_toelichting"] == "Verzonnen."
    m4 = _rij(s, ronde="M4")
    assert (m4["doelen_behaald"], m4["doelen_geteld"]) == (0.5, 1)
    assert not m4["voorbeelddata"] and pd.isna(m4["voorbeelddata_toelichting"])


def test_ids_limit_the_plans_and_unknown_ids_are_refused(data):
    alleen = load(data, ids=["beta-2024-2025"])
    assert list(alleen["jaarplannen"]["jaarplan"]) == ["beta-2024-2025"]
    assert alleen["rondes"].empty and alleen["evaluatie_samenvatting"].empty
    assert alleen["doelen"]["tekst"].iloc[0] == "Regel 1\nregel 2, met komma"
    with pytest.raises(UnknownJaarplan, match="gamma"):
        load(data, ids=["gamma-2023"])


def test_invalid_plan_is_refused_with_its_problems(tmp_path):
    data = maak_data(tmp_path / "data")
    pad = data / "alfa-2023" / "activiteiten.csv"
    pad.write_text(pad.read_text("utf-8").replace("€ 10.000", "tienduizend"), "utf-8")
    with pytest.raises(ValidationError, match="budget"):
        load(data)


def test_empty_data_folder_gives_empty_typed_tables(tmp_path):
    leeg = load(tmp_path)
    for naam, df in leeg.items():
        assert df.empty
        assert {k: str(v) for k, v in df.dtypes.items()} == COLUMNS[naam]


def test_evalkit_load_is_exported():
    assert evalkit.load is load


# --- exporteer() -------------------------------------------------------------------------------


def _lees_terug(map_: Path, formaat: str) -> dict[str, pd.DataFrame]:
    """Read an export back with plain pandas and the documented dtypes."""
    uit = {}
    for naam in COLUMNS:
        if formaat == "csv":
            uit[naam] = pd.read_csv(map_ / f"{naam}.csv", **read_options(naam))
        elif formaat == "parquet":
            uit[naam] = pd.read_parquet(map_ / f"{naam}.parquet")
        else:
            uit[naam] = pd.read_excel(
                map_ / XLSX_NAME, sheet_name=naam, **read_options(naam, "xlsx")
            )
    return uit


@pytest.mark.parametrize("formaat", ["csv", "parquet", "xlsx"])
def test_export_reads_back_equal_to_load(data, t, tmp_path, formaat):
    resultaat = export_tables(formaat, tmp_path / "export", data_dir=data)
    assert resultaat.map == tmp_path / "export"
    uit = "\n".join(resultaat.lines()) + "\n"
    assert f"Export ({formaat}) geschreven naar" in uit
    if formaat == "xlsx":
        assert sorted(p.name for p in (tmp_path / "export").iterdir()) == [README, XLSX_NAME]
        assert f"{len(COLUMNS)} tabbladen" in uit
    else:
        assert sorted(p.name for p in (tmp_path / "export").iterdir()) == sorted(
            [README, *(f"{naam}.{formaat}" for naam in COLUMNS)]
        )
        assert "doelen" in uit and "4 rijen" in uit and "1 rij\n" in uit
    terug = _lees_terug(tmp_path / "export", formaat)
    for naam, df in t.items():
        pd.testing.assert_frame_equal(terug[naam], df, obj=f"{formaat}: {naam}")


@pytest.mark.parametrize("formaat", ["csv", "parquet", "xlsx"])
def test_export_is_byte_identical_on_a_second_run(data, tmp_path, formaat):
    export_tables(formaat, tmp_path / "een", data_dir=data)
    export_tables(formaat, tmp_path / "twee", data_dir=data)
    een = sorted((tmp_path / "een").iterdir())
    assert een and [p.name for p in een] == sorted(p.name for p in (tmp_path / "twee").iterdir())
    for p in een:
        assert p.read_bytes() == (tmp_path / "twee" / p.name).read_bytes(), p.name


def test_csv_is_comma_separated_utf8_with_iso_dates(data, tmp_path):
    export_tables("csv", tmp_path, data_dir=data)
    ruw = (tmp_path / "doelen.csv").read_bytes()
    assert not ruw.startswith(b"\xef\xbb\xbf")  # no BOM
    tekst = ruw.decode("utf-8")
    assert tekst.splitlines()[0] == ",".join(COLUMNS["doelen"])
    assert "alfa-2023,D2,T1,Plan vastgesteld,mijlpaal,,,,,,2023-06-30," in tekst
    assert '"Betere samenwerking; met ""ouders"" en é"' in tekst
    rondes = (tmp_path / "rondes.csv").read_text("utf-8").splitlines()
    assert rondes[1] == "alfa-2023,M4,1,Voortgang M4,2023-04-30,False,"


def test_export_replaces_old_files_and_leaves_no_temporary_files(data, tmp_path):
    (tmp_path / "doelen.csv").write_text("oud", encoding="utf-8")
    export_tables("csv", tmp_path, data_dir=data)
    export_tables("csv", tmp_path, data_dir=data)
    assert (tmp_path / "doelen.csv").read_text("utf-8").startswith("jaarplan,doel,")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_export_is_atomic_as_a_whole(data, tmp_path, monkeypatch):
    """A failure half-way leaves the previous export byte for byte; no temp folder stays."""
    from evalkit.tools import export

    doel = tmp_path / "export"
    export_tables("csv", doel, data_dir=data)
    voor = {p.name: p.read_bytes() for p in doel.iterdir()}
    geschreven = []

    def kapot(df, pad):
        if len(geschreven) == 5:
            raise OSError(28, "No space left on device", str(pad))
        geschreven.append(pad.name)
        pad.write_text("nieuw", encoding="utf-8")

    monkeypatch.setattr(export, "_csv", kapot)
    with pytest.raises(OutputError, match=r"schijf vol\); de vorige export is ongewijzigd"):
        export_tables("csv", doel, data_dir=data)
    assert len(geschreven) == 5  # it did fail half-way
    assert {p.name: p.read_bytes() for p in doel.iterdir()} == voor
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]


def test_export_in_another_format_replaces_the_old_files(data, tmp_path):
    doel = tmp_path / "export"
    export_tables("csv", doel, data_dir=data)
    export_tables("xlsx", doel, data_dir=data)
    assert sorted(p.name for p in doel.iterdir()) == [README, XLSX_NAME]
    assert oct(doel.stat().st_mode & 0o777) == oct(0o755)


def test_export_readme_says_not_for_publication(data, tmp_path):
    resultaat = export_tables("parquet", tmp_path / "export", data_dir=data)
    leesmij = (tmp_path / "export" / README).read_text(encoding="utf-8")
    assert leesmij.startswith("Onderzoekstabellen van evalkit - NIET PUBLICEREN\n")
    assert "zonder afscherming" in leesmij and "onder de 5" in leesmij
    assert f"  {README}: onderzoekstabellen zonder afscherming: niet publiceren" in (
        resultaat.lines()
    )


def test_export_creates_only_the_last_folder_level(data, tmp_path):
    with pytest.raises(OutputError, match=r"bestaat niet of is geen map; maak die eerst aan"):
        export_tables("csv", tmp_path / "niet" / "export", data_dir=data)
    assert list(tmp_path.iterdir()) == []


def test_export_refuses_a_folder_with_other_files(data, tmp_path):
    eigen = tmp_path / "mijn-map"
    eigen.mkdir()
    (eigen / "scriptie.docx").write_bytes(b"eigen werk")
    with pytest.raises(OutputError, match=r"bevat andere bestanden .*scriptie\.docx"):
        export_tables("csv", eigen, data_dir=data)
    assert [p.name for p in eigen.iterdir()] == ["scriptie.docx"]


def test_unknown_format_is_refused(data, tmp_path):
    with pytest.raises(OutputError, match="Onbekend exportformaat 'json'"):
        export_tables("json", tmp_path, data_dir=data)
    assert list(tmp_path.iterdir()) == []


def test_export_to_an_unwritable_place_is_a_dutch_error(data, tmp_path):
    bestand = tmp_path / "geen-map"
    bestand.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="exportmap"):
        export_tables("csv", bestand / "export", data_dir=data)


# --- shipped data, data dictionary, notebook ---------------------------------------------------


@pytest.mark.shipped
def test_shipped_data_loads_with_every_plan_and_round():
    t = load()
    assert list(t["jaarplannen"]["jaarplan"]) == plan_ids()
    for plan_id in plan_ids():
        plan = load_jaarplan(plan_id)
        rondes = t["rondes"][t["rondes"]["jaarplan"] == plan_id]
        assert list(rondes["ronde"]) == list(plan.rondes)
        assert list(rondes["voorbeelddata"]) == [r.voorbeelddata for r in plan.rondes.values()]
        summary = t["evaluatie_samenvatting"]
        assert list(summary[summary["jaarplan"] == plan_id]["ronde"]) == list(plan.rondes)
        assert (t["doelen"]["jaarplan"] == plan_id).sum() == len(plan.doelen)


@pytest.mark.shipped
def test_long_term_goals_and_budget_lines_are_tidy_tables(tmp_path):
    t = load()
    lange = t["langetermijndoelen"]
    almere = load_jaarplan("almere-2023-2024")
    assert list(lange[lange["jaarplan"] == "almere-2023-2024"]["langetermijndoel"]) == [
        lt.id for lt in almere.langetermijndoelen
    ]
    begroting = t["begroting"]
    assert set(begroting["jaarplan"]) == {"ppo-nk-2023"}
    assert begroting["bedrag"].isna().all()  # the seed gives no amounts
    koppeling = t["activiteit_begroting"]
    a16 = koppeling[koppeling["activiteit"] == "A16"]["begrotingsonderdeel"]
    assert list(a16) == ["Inzet consulenten", "Budget werkgebieden", "Zware ondersteuning S(B)O"]
    assert set(koppeling["begrotingsonderdeel"]) <= set(begroting["begrotingsonderdeel"])
    # plein013 has free text in begrotingsonderdeel and no begroting.csv: no links
    assert "plein013-2023" not in set(koppeling["jaarplan"])
    assert t["begroting_realisatie"].empty


def _gedocumenteerd() -> dict[str, list[tuple[str, str]]]:
    """Per table in docs/datadictionary.md: (column, dtype) in the documented order."""
    uit: dict[str, list[tuple[str, str]]] = {}
    huidig = None
    for regel in DATADICTIONARY.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^### `(\w+)`", regel):
            huidig = m[1]
            uit[huidig] = []
        elif huidig and (m := re.match(r"^\| `(\w+)` \| `([^`]+)` \|", regel)):
            uit[huidig].append((m[1], m[2]))
    return uit


@pytest.mark.shipped
def test_data_dictionary_documents_every_table_and_column_with_its_type():
    doc = _gedocumenteerd()
    assert list(doc) == list(COLUMNS)
    for naam, kolommen in COLUMNS.items():
        assert doc[naam] == list(kolommen.items()), naam


@pytest.mark.shipped
def test_exploration_notebook_runs_without_errors_and_has_no_outputs(data):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "parameters" in code[0].metadata.get("tags", [])
    code[0].source = f"data_dir = {str(data)!r}"
    waar = {"metadata": {"path": str(NOTEBOOK.parent)}}
    NotebookClient(nb, timeout=120, kernel_name="python3", resources=waar).execute()
    tekst = "\n".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "alfa-2023" in tekst


def test_cli_export_prints_what_was_written(data, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "DATA_DIR", data)
    doel = tmp_path / "export"
    assert cli.main(["export", "--format", "csv", "--out", str(doel)]) == 0
    uit = capsys.readouterr().out
    assert uit.startswith(f"Export (csv) geschreven naar {doel}:\n  ")
    assert "  doelen.csv: 4 rijen\n" in uit
    assert uit.endswith(f"  {README}: onderzoekstabellen zonder afscherming: niet publiceren\n")


def test_cli_export_passes_the_parsed_arguments(monkeypatch, capsys):
    from evalkit.tools import export

    aanroepen = []

    def nep(*args, **kwargs):
        aanroepen.append((args, kwargs))
        return export.ExportResult(Path("uit"), "parquet", (("a.parquet", "1 rij"),))

    monkeypatch.setattr(export, "export_tables", nep)
    assert cli.main(["export", "--format", "parquet", "--out", "uit"]) == 0
    assert aanroepen == [(("parquet",), {"uit": Path("uit")})]
    assert capsys.readouterr().out == "Export (parquet) geschreven naar uit:\n  a.parquet: 1 rij\n"
