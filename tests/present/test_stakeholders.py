"""The stakeholder data set: loading, validation messages and the tidy tables of the chapter."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evalkit import paths
from evalkit.data import stakeholders as shdata
from evalkit.errors import ValidationError
from evalkit.present import stakeholders as sh

BRON = """\
id: set-test
organisatie: SWV Test
titel: "Analyse opbrengsten 2022"
bestand: 999_test.txt
bron: "999_test.txt r. 1-5"
periode: {start: 2022-09-01, eind: 2022-10-31}
voorbeelddata: false
instrumenten:
  - {id: enquete, naam: Enquête netwerk, respondenten: 40, bron: "999_test.txt r. 10"}
  - {id: stellingen, naam: Stellingen wijk, bron: "999_test.txt r. 20"}
bijeenkomsten:
  - {id: netwerk, naam: Netwerkbijeenkomst, bron: "999_test.txt r. 30"}
  - {id: wijk, naam: Wijkbijeenkomst, bron: "999_test.txt r. 31"}
controles:
  - {vraag: Q-03, som: 12, totaal_document: 40, uitkomst: wijkt af}
"""
VRAGEN = """\
vraag_id;instrument;vraag;schaal;bron
Q-01;enquete;Voelt u zich gehoord?;ja/nee (alleen aantal ja vermeld);999_test.txt r. 11
Q-02;enquete;Rapportcijfer samenwerking;gemiddeld cijfer (schaal niet vermeld);999_test.txt r. 12
Q-03;enquete;Wat kan beter?;open (gecategoriseerd);999_test.txt r. 13
Q-04;stellingen;Steun voor het voorstel;positief/negatief;999_test.txt r. 21
Q-05;enquete;Functie van de respondent;categorie (functie);999_test.txt r. 14
"""
ANTWOORDEN = """\
vraag_id;categorie;aantal;gemiddelde;bron
Q-01;zich gehoord voelen;30;;999_test.txt r. 11
Q-02;gemiddelde;;7,25;999_test.txt r. 12
Q-03;Minder regels;3;;999_test.txt r. 15
Q-03;Meer overleg;5;;999_test.txt r. 16
Q-03;Sneller handelen;4;;999_test.txt r. 17
Q-03;Kennis delen;5;;999_test.txt r. 18
Q-04;positief;6;;999_test.txt r. 22
Q-05;leraar;25;;999_test.txt r. 14
"""
OPBRENGSTEN = """\
thema;uitspraak;bijeenkomst;bron
Wijk;Meer tijd voor overleg;wijk;999_test.txt r. 40
Netwerk;Kosten $1.000 + 35$ genoemd;netwerk;999_test.txt r. 41
Wijk;Korte lijnen;wijk;999_test.txt r. 42
"""


def maak_set(basis: Path, **vervang: str) -> Path:
    """Write a small stakeholder data set; keyword arguments replace a file's content."""
    map_ = basis / "set-test"
    map_.mkdir(parents=True)
    bestanden = {
        "bron.yaml": BRON,
        "vragen.csv": VRAGEN,
        "antwoorden.csv": ANTWOORDEN,
        "thema_opbrengsten.csv": OPBRENGSTEN,
    }
    for naam, tekst in bestanden.items():
        sleutel = naam.split(".")[0]
        tekst = vervang.get(sleutel, tekst)
        if tekst is not None:
            (map_ / naam).write_text(tekst, encoding="utf-8")
    return basis


@pytest.fixture
def sd(tmp_path):
    return shdata.load_stakeholders(maak_set(tmp_path), "set-test")


@pytest.mark.parametrize(
    ("schaal", "gemiddelde", "soort"),
    [
        ("ja/nee (alleen aantal ja vermeld)", False, shdata.YES_NO),
        ("gemiddeld cijfer (schaal niet vermeld)", False, shdata.AVERAGE),
        ("cijfer", True, shdata.AVERAGE),
        ("open (gecategoriseerd; meer categorieën per antwoord mogelijk)", False,
         shdata.OPEN_CATEGORISED),
        ("open (opsomming zonder aantallen)", False, shdata.OPEN),
        ("categorie (functie respondent)", False, shdata.BACKGROUND),
        ("keuze (4 categorieën)", False, shdata.CHOICE),
        (None, False, shdata.CHOICE),
    ],
)  # fmt: skip
def test_soort_vraag_classifies_by_scale(schaal, gemiddelde, soort):
    assert shdata.question_kind(schaal, gemiddelde) == soort


@pytest.mark.parametrize(
    ("aantal", "totaal", "tekst"),
    [(86, 101, "86 van 101 (85%)"), (30, 40, "30 van 40 (75%)"), (5, None, "5"), (None, 10, "–")],
)
def test_aandeel_tekst(aantal, totaal, tekst):
    assert shdata.share_text(aantal, totaal) == tekst


def test_laad_reads_metadata_and_tables(sd):
    assert sd.titel == "Analyse opbrengsten 2022"
    assert sd.periode == "1 september 2022 t/m 31 oktober 2022"
    assert sd.voorbeelddata is False
    assert list(sd.vragen["vraag_id"]) == ["Q-01", "Q-02", "Q-03", "Q-04", "Q-05"]
    assert sd.antwoorden.loc[sd.antwoorden["vraag_id"] == "Q-02", "gemiddelde"].item() == 7.25


def test_respondenten_per_instrument_says_when_not_stated(sd):
    tabel = sh.table_respondents(sd)
    assert tabel.to_dict("records") == [
        {"Instrument": "Enquête netwerk", "Respondenten": "40", "Vragen": "4",
         "Bron": "999_test.txt r. 10"},
        {"Instrument": "Stellingen wijk", "Respondenten": "niet vermeld", "Vragen": "1",
         "Bron": "999_test.txt r. 20"},
    ]  # fmt: skip


def test_ja_antwoorden_against_respondents(sd):
    tabel = sh.table_yes_answers(sd)
    assert list(tabel["Vraag"]) == ["Voelt u zich gehoord? (Q-01)"]
    assert tabel.loc[0, "Aantal"] == "30 van 40 (75%)"
    assert sh.heard_summary(sd, "Q-01") == (
        "**Zich gehoord voelen:** 30 van de 40 respondenten (75%) van de Enquête netwerk "
        "(bron: 999\\_test.txt r. 11)."
    )


def test_gemiddelden_in_dutch_notation(sd):
    tabel = sh.table_averages(sd)
    assert list(tabel["Vraag"]) == ["Q-02"]
    assert tabel.loc[0, "Gemiddelde"] == "7,25"


def test_categorieen_largest_first_ties_in_file_order(sd):
    c = sh.categories(sd, "Q-03")
    assert list(c["categorie"]) == ["Meer overleg", "Kennis delen", "Sneller handelen",
                                    "Minder regels"]  # fmt: skip
    assert list(c["aantal"]) == [5, 5, 4, 3]


def test_vragen_van_soort_with_exclusion(sd):
    assert sh.questions_of_kind(sd, shdata.OPEN_CATEGORISED) == ["Q-03"]
    assert sh.questions_of_kind(sd, shdata.OPEN_CATEGORISED, behalve=["Q-03"]) == []
    assert sh.questions_of_kind(sd, shdata.CHOICE) == ["Q-04"]
    assert sh.questions_of_kind(sd, shdata.BACKGROUND) == ["Q-05"]


def test_tabel_categorieen_names_instrument_and_respondents(sd):
    tabel = sh.table_categories(sd, ["Q-04", "Q-05"])
    assert tabel[["Vraag", "Categorie", "Aantal", "Respondenten"]].values.tolist() == [
        ["Q-04", "positief", "6", "niet vermeld"],
        ["Q-05", "leraar", "25", "40"],
    ]


def test_controles_and_opbrengsten(sd):
    assert sh.table_checks(sd).values.tolist() == [["Q-03", "12", "40", "wijkt af"]]
    assert sh.table_outputs_per_meeting(sd).values.tolist() == [
        ["Netwerkbijeenkomst", "1"],
        ["Wijkbijeenkomst", "2"],
    ]


def test_source_once_per_table(sd):
    tabel = sh.table_categories(sd, ["Q-03", "Q-05"])
    assert "Bron" not in sh.without_source(tabel).columns
    assert len(sh.without_source(tabel)) == len(tabel)
    assert sh.source_note(tabel) == "*Bron: 999\\_test.txt, r. 16; r. 18; r. 17; r. 15; r. 14.*"
    gemengd = pd.DataFrame({"Bron": ["a.txt r. 1", "b.txt r. 2", "a.txt r. 1", None]})
    assert sh.source_note(gemengd) == "*Bron: a.txt r. 1; b.txt r. 2.*"
    assert sh.source_note(sh.table_checks(sd)) == ""


def test_summary_from_the_data(sd):
    assert sh.summary_markdown(sd) == (
        "**Samengevat.** 2 instrumenten in de periode 1 september 2022 t/m 31 oktober 2022, "
        "met samen 5 vragen en stellingen. De vragenlijsten met een bekend aantal respondenten "
        "(1) telden samen 40 respondenten (een persoon kan aan meer dan één vragenlijst hebben "
        "meegedaan). Bij 1 instrument noemt het document geen aantal respondenten. Bij de "
        "ja/nee-vragen is het hoogste aandeel 75% (zich gehoord voelen, Q-01). Bij Q-03 telt "
        "de som van de categorieën niet op tot het totaal dat het document noemt (zie de "
        "controles)."
    )


def test_inleiding_says_real_data(sd):
    tekst = sh.introduction_markdown(sd)
    assert "geen voorbeelddata" in tekst
    assert "Let op: voorbeelddata" not in tekst


def test_unknown_set_lists_available(tmp_path):
    maak_set(tmp_path)
    with pytest.raises(ValidationError) as exc:
        shdata.load_stakeholders(tmp_path, "bestaat-niet")
    assert str(exc.value.problemen[0]) == (
        "bestaat-niet/bron.yaml: bestand ontbreekt; geen stakeholdergegevens. "
        "Beschikbaar: set-test."
    )


def test_broken_yaml_names_the_line(tmp_path):
    maak_set(tmp_path, bron=BRON.replace("voorbeelddata: false", "voorbeelddata: [false"))
    with pytest.raises(ValidationError) as exc:
        shdata.load_stakeholders(tmp_path, "set-test")
    assert str(exc.value.problemen[0]).startswith("set-test/bron.yaml, rij ")
    assert "geen geldige YAML" in str(exc.value)


def test_bad_count_reports_file_row_and_column(tmp_path):
    fout = ANTWOORDEN.replace("Q-03;Minder regels;3;", "Q-03;Minder regels;veel;")
    with pytest.raises(ValidationError) as exc:
        shdata.load_stakeholders(maak_set(tmp_path, antwoorden=fout), "set-test")
    tekst = str(exc.value)
    assert "set-test/antwoorden.csv, rij 4, kolom 'aantal'" in tekst
    assert "'veel' is geen getal" in tekst


def test_fractional_count_and_unknown_question_are_problems(tmp_path):
    fout = ANTWOORDEN + "Q-99;iets;2;;x\nQ-03;half;2,5;;x\n"
    with pytest.raises(ValidationError) as exc:
        shdata.load_stakeholders(maak_set(tmp_path, antwoorden=fout), "set-test")
    meldingen = [str(p) for p in exc.value.problemen]
    assert meldingen == [
        "set-test/antwoorden.csv, rij 10, kolom 'vraag_id': onbekende vraag 'Q-99'",
        "set-test/antwoorden.csv, rij 11, kolom 'aantal': '2,5' is geen aantal",
    ]


def test_unknown_instrument_and_missing_file(tmp_path):
    vragen = VRAGEN.replace("Q-04;stellingen;", "Q-04;onbekend;")
    with pytest.raises(ValidationError) as exc:
        shdata.load_stakeholders(
            maak_set(tmp_path, vragen=vragen, thema_opbrengsten=None), "set-test"
        )
    meldingen = [str(p) for p in exc.value.problemen]
    assert "set-test/vragen.csv, rij 5, kolom 'instrument': onbekend instrument 'onbekend'" in (
        meldingen
    )
    assert "set-test/thema_opbrengsten.csv: bestand ontbreekt" in meldingen


@pytest.mark.shipped
def test_shipped_almere_set_heard_86_of_101():
    sd = shdata.load_stakeholders(paths.DATA_DIR, shdata.DEFAULT_ID)
    assert sd.voorbeelddata is False
    tabel = sh.table_yes_answers(sd)
    eerste = tabel.iloc[0]
    assert eerste["Vraag"].endswith("(MEN-01)")
    assert (eerste["Uitkomst"], eerste["Aantal"]) == ("zich gehoord voelen", "86 van 101 (85%)")
    kb05 = tabel[tabel["Vraag"].str.endswith("(KB-05)")]
    assert kb05["Vraag"].iloc[0].startswith("Hebben we met het VSO, OPDC-Almere")
    assert kb05[["Uitkomst", "Aantal"]].values.tolist()[0] == ["nee", "9 van 11 (82%)"]
    assert sh.source_note(tabel) == (
        "*Bron: 002\\_63e108810bbc20e1.txt, r. 62, 64; r. 62, 66; r. 363; r. 460.*"
    )
    samenvatting = sh.summary_markdown(sd)
    assert samenvatting.startswith(
        "**Samengevat.** 7 instrumenten in de periode 1 september 2022 t/m 31 oktober 2022"
    )
    assert "telden samen 178 respondenten" in samenvatting
    assert "Bij ONF-00 en OD-00 telt de som" in samenvatting


@pytest.mark.shipped
def test_evalkit_validate_checks_the_stakeholder_data_set_too(tmp_path, capsys):
    import shutil

    from evalkit import cli, paths

    shutil.copytree(paths.DATA_DIR / "stakeholders-almere-2022", tmp_path / "stakeholders-x")
    assert cli.main(["validate", str(tmp_path)]) == 0
    antwoorden = tmp_path / "stakeholders-x" / "antwoorden.csv"
    regels = antwoorden.read_text(encoding="utf-8").splitlines()
    cellen = regels[1].split(";")
    cellen[2] = "veel"
    regels[1] = ";".join(cellen)
    antwoorden.write_text("\n".join(regels) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["validate", str(tmp_path)]) == 1
    assert (
        "stakeholders-x/antwoorden.csv, rij 2, kolom 'aantal': 'veel' is geen getal"
        in capsys.readouterr().err
    )


# --- robustness: the same reader as a jaarplan, no cascades -----------------------------------


def test_too_long_cell_is_a_dutch_problem_not_a_traceback(tmp_path):
    vragen = VRAGEN.replace("Voelt u zich gehoord?", "x" * 200_000)
    with pytest.raises(ValidationError) as exc:
        shdata.load_stakeholders(maak_set(tmp_path, vragen=vragen), "set-test")
    meldingen = [str(p) for p in exc.value.problemen]
    assert meldingen[0] == "set-test/vragen.csv, rij 2: cel is te lang (meer dan 131.072 tekens)"
    # the questions after the broken row are unknown, so answers to them are not reported
    assert not any("onbekende vraag" in m for m in meldingen)


@pytest.mark.parametrize(
    ("vragen", "verwacht"),
    [
        ("", "set-test/vragen.csv, rij 1: bestand is leeg; een kopregel met kolomnamen verwacht"),
        (
            VRAGEN.replace(";", ","),
            "set-test/vragen.csv, rij 1: kolommen moeten gescheiden zijn door ';' (niet door ',')",
        ),
        (
            VRAGEN.replace("vraag_id;", "vraagnummer;"),
            "set-test/vragen.csv, rij 1, kolom 'vraagnummer': onbekende kolom; verwacht: "
            "vraag_id, instrument, vraag, schaal, bron",
        ),
    ],
)
def test_unusable_questions_file_gives_one_problem_not_one_per_answer(tmp_path, vragen, verwacht):
    with pytest.raises(ValidationError) as exc:
        shdata.load_stakeholders(maak_set(tmp_path, vragen=vragen), "set-test")
    meldingen = [str(p) for p in exc.value.problemen]
    assert meldingen[0] == verwacht
    assert not any("onbekende vraag" in m for m in meldingen), meldingen


def test_questions_file_not_utf8_names_the_row(tmp_path):
    basis = maak_set(tmp_path)
    (basis / "set-test" / "vragen.csv").write_bytes(
        VRAGEN.replace("Wat kan beter?", "Wat kan béter?").encode("cp1252")
    )
    with pytest.raises(ValidationError) as exc:
        shdata.load_stakeholders(basis, "set-test")
    assert [str(p) for p in exc.value.problemen] == [
        "set-test/vragen.csv, rij 4: bestand is geen UTF-8-tekst (teken 0xe9); sla het op als "
        "'CSV UTF-8'"
    ]


def test_unreadable_file_says_why(tmp_path, monkeypatch):
    basis = maak_set(tmp_path)
    echt = Path.read_bytes

    def read_bytes(self):
        if self.name == "antwoorden.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return echt(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(ValidationError) as exc:
        shdata.load_stakeholders(basis, "set-test")
    assert [str(p) for p in exc.value.problemen] == [
        "set-test/antwoorden.csv: bestand kan niet gelezen worden (geen toegang)"
    ]


def test_duplicate_key_and_yes_as_count_in_bron_yaml(tmp_path):
    bron = BRON.replace("respondenten: 40", "respondenten: yes").replace(
        "voorbeelddata: false\n", "voorbeelddata: false\ntitel: Tweede titel\n"
    )
    with pytest.raises(ValidationError) as exc:
        shdata.load_stakeholders(maak_set(tmp_path, bron=bron), "set-test")
    assert [str(p) for p in exc.value.problemen] == [
        "set-test/bron.yaml, rij 8, kolom 'titel': sleutel staat twee keer in dit blok (rij 3 en "
        "rij 8); alleen de laatste waarde zou gelden: verwijder er één",
        "set-test/bron.yaml, rij 10, kolom 'instrumenten[1].respondenten': 'ja/nee' is geen aantal",
    ]
