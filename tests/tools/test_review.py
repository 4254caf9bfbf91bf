"""Tests of the OPR review copies: content, numbering, versions, changes, privacy, bad input."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import html as htmllib
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from evalkit import cli, fmt, paths
from evalkit.data import load, read
from evalkit.engine import privacy
from evalkit.engine.evaluate import evaluate
from evalkit.errors import OutputError, UnknownJaarplan, ValidationError
from evalkit.present.numbers import number_short
from evalkit.tools import review, review_store

FIXTURE = Path(__file__).parents[1] / "fixtures" / "review" / "data"
SMALL = "review-klein"
DATE = date(2025, 5, 14)
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")
nodig_poppler = pytest.mark.skipif(
    PDFTOTEXT is None or PDFINFO is None, reason="pdftotext/pdfinfo ontbreken (poppler-utils)"
)
GEDEELD = sorted(read.plan_ids(paths.DATA_DIR))


# --- helpers ---------------------------------------------------------------------------------


def pdf_paginas(pdf: Path) -> list[str]:
    """Text of every page (pdftotext separates pages with a form feed)."""
    uit = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True)
    paginas = uit.stdout.split("\f")
    if paginas and not paginas[-1].strip():
        paginas.pop()
    return paginas


def pdf_aantal(pdf: Path) -> int:
    uit = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", uit.stdout, re.M).group(1))


def plat(tekst: str) -> str:
    return " ".join(tekst.split())


def html_tekst(html: str) -> str:
    """Visible text of the HTML: styles and tags removed, entities decoded."""
    tekst = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return plat(htmllib.unescape(re.sub(r"<[^>]+>", " ", tekst)))


def nummers_html(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'class="nr"><strong>\[(\d+)\]</strong>', html)]


def nummers_pdf(tekst: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d+)\]", tekst)]


def bestand(map_: Path, achtervoegsel: str) -> Path:
    (pad,) = [p for p in map_.iterdir() if p.name.endswith(achtervoegsel)]
    return pad


def snapshot(map_: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(map_)): p.read_bytes() for p in sorted(map_.rglob("*")) if p.is_file()
    }


def zet_cel(pad: Path, sleutel: str, waarde_sleutel: str, kolom: str, waarde: str) -> None:
    """Set one cell of a semicolon CSV (the row whose first column equals waarde_sleutel)."""
    with open(pad, encoding="utf-8", newline="") as f:
        lezer = csv.DictReader(f, delimiter=";")
        velden, rijen = lezer.fieldnames, list(lezer)
    gevonden = [r for r in rijen if r[sleutel] == waarde_sleutel]
    assert gevonden, f"{waarde_sleutel} niet gevonden in {pad}"
    for r in gevonden:
        r[kolom] = waarde
    with open(pad, "w", encoding="utf-8", newline="") as f:
        schrijver = csv.DictWriter(f, fieldnames=velden, delimiter=";", lineterminator="\n")
        schrijver.writeheader()
        schrijver.writerows(rijen)


def tabelrij(document: str, begin: str, kolommen: int | None = None) -> list[str]:
    """The cells of the Markdown table row whose first cell starts with begin (unescaped),
    optionally in a table with the given number of columns."""
    for regel in document.splitlines():
        if regel.startswith("| "):
            cellen = [c.strip().replace("\\", "") for c in regel.strip("|").split(" | ")]
            if cellen[0].startswith(begin) and kolommen in (None, len(cellen)):
                return cellen
    raise AssertionError(f"geen tabelrij die begint met {begin!r}")


@pytest.fixture
def werk(tmp_path):
    """A writable data folder holding the review fixture, and an empty reports folder."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    return {"data_dir": data, "reports_dir": tmp_path / "reports"}


@pytest.fixture
def cli_werk(werk, monkeypatch):
    monkeypatch.setattr(paths, "DATA_DIR", werk["data_dir"])
    monkeypatch.setattr(paths, "REPORTS_DIR", werk["reports_dir"])
    monkeypatch.setenv("EVALKIT_DATUM", "2025-05-14")
    return werk


def opr(werk: dict, plan_id: str = SMALL) -> Path:
    return werk["reports_dir"] / plan_id / "opr"


def kopiemappen(werk: dict, plan_id: str = SMALL) -> list[Path]:
    """The copy folders v<nnn>-<versie-id> (opr/ also holds the hidden .intern folder)."""
    return sorted(p for p in opr(werk, plan_id).iterdir() if review_store.VERSION_DIR.match(p.name))


@pytest.fixture(scope="module")
def gedeeld(tmp_path_factory):
    """One first review copy of every shipped jaarplan, made from a temp copy of data/."""
    basis = tmp_path_factory.mktemp("gedeeld")
    data = basis / "data"
    shutil.copytree(paths.DATA_DIR, data)
    kopieen = {
        plan_id: review.make_copy(plan_id, DATE, data, basis / "reports") for plan_id in GEDEELD
    }
    return data, kopieen


# --- a copy of every shipped jaarplan --------------------------------------------------------


@nodig_poppler
@pytest.mark.parametrize("plan_id", GEDEELD)
def test_kopie_van_elk_gedeeld_jaarplan(gedeeld, plan_id):
    data, kopieen = gedeeld
    u = kopieen[plan_id]
    assert u.new and u.number == 1 and u.folder.name == f"v001-{u.version}"
    ev = evaluate(load.load_jaarplan(plan_id, data))
    pdf, html = bestand(u.folder, ".pdf"), bestand(u.folder, ".html")

    paginas = pdf_paginas(pdf)
    assert len(paginas) == pdf_aantal(pdf) == u.pages
    for i, pagina in enumerate(paginas, 1):
        assert review.HEADER_TEXT in pagina, f"pagina {i} mist de concepttekst"
        assert u.version in pagina, f"pagina {i} mist het versie-id"
        assert fmt.date_text(DATE) in pagina
        assert ("VOORBEELDDATA" in pagina) == ev.voorbeelddata, f"pagina {i}"
    tekst = plat("\n".join(paginas))
    assert "Samenvatting in gewone taal" in tekst
    a = ev.aandeel_doelen
    if a.noemer == 1:
        assert "We konden 1 doel beoordelen." in tekst
    elif a.noemer:
        assert f"Van de {a.noemer} doelen die we konden beoordelen" in tekst
    assert "Van de 1 " not in tekst
    assert "Wijzigingen sinds de vorige versie" in tekst
    assert "Dit is de eerste versie; er is geen vorige versie." in tekst
    assert "Bijlage: reactieformulier" in tekst
    laatste = plat(paginas[-1])
    assert "Reactieformulier." in laatste
    for kop in ("Paragraaf", "Opmerking", "Naam (niet verplicht)"):
        assert kop in laatste
    for woord in ("Jaarplan:", "Realisatie:", "Norm:", "OPR:"):
        assert woord in tekst
    assert ("Let op: voorbeelddata." in tekst) == ev.voorbeelddata
    # Only distributable files and the manifest in the copy folder; the evaluation is outside.
    assert sorted(p.name for p in u.folder.iterdir()) == sorted(
        ["concept.md", "manifest.json", pdf.name, html.name]
    )
    assert review_store.internal_path(u.folder).is_file()

    # Pupil counts from 1 to 4 in the shipped data show as '<5' (indicators and goals).
    document = (u.folder / "concept.md").read_text(encoding="utf-8")
    for i in ev.indicatoren:
        if i.is_leerlingen and privacy.is_small(i.waarde):
            rij = tabelrij(document, i.naam, 8)
            assert rij[5] == "<5" and number_short(i.waarde) not in rij[2:]
    for d in ev.doelen:
        if d.eenheid == "leerlingen" and d.soort == "numeriek" and privacy.is_small(d.waarde):
            # the goal in its theme, and again in what carries over when it is not achieved
            regels = [r for r in document.splitlines() if f"**{d.id}**" in r]
            assert "Gemeten: \\<5 leerlingen" in regels[0]
            assert not any(f"{number_short(d.waarde)} leerlingen" in r for r in regels)

    # Numbered paragraphs: 1..N in order, identical in the PDF and the HTML.
    h = html.read_text(encoding="utf-8")
    nummers = nummers_html(h)
    assert len(nummers) > 20
    assert nummers == list(range(1, len(nummers) + 1))
    assert nummers_pdf(tekst) == nummers
    assert f"{review.HEADER_TEXT}" in h and u.version in h
    assert 'class="concept-banner"' in h
    assert "<link" not in h and "<script" not in h  # one self-contained file


def test_gedeelde_jaarplannen_zijn_er():
    assert GEDEELD, "geen jaarplannen in data/"


# --- manifest, versions and dates -------------------------------------------------------------


def test_manifest_klopt_met_de_bestanden(cli_werk, capsys):
    assert cli.main(["review-copy", SMALL]) == 0
    (map_,) = kopiemappen(cli_werk)
    manifest = json.loads((map_ / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["bestanden"]) == {p.name for p in map_.iterdir()} - {"manifest.json"}
    # Only what may be distributed (and the manifest) is in the copy folder.
    pdf, html = bestand(map_, ".pdf").name, bestand(map_, ".html").name
    assert set(manifest["bestanden"]) == {pdf, html, "concept.md"}
    # The unsuppressed evaluation is kept outside it, in opr/.intern/, checked by the manifest.
    intern = review_store.internal_path(map_)
    assert intern == opr(cli_werk) / ".intern" / f"{map_.name}.json"
    assert manifest["intern"]["sha256"] == hashlib.sha256(intern.read_bytes()).hexdigest()
    assert manifest["intern"]["bestand"] == f"../.intern/{map_.name}.json"
    assert json.loads(intern.read_text(encoding="utf-8"))["plan_id"] == SMALL
    assert sorted(p.name for p in opr(cli_werk).iterdir()) == [".intern", map_.name]
    for naam, info in manifest["bestanden"].items():
        data = (map_ / naam).read_bytes()
        assert info["sha256"] == hashlib.sha256(data).hexdigest()
        assert info["bytes"] == len(data)
    # The latest round by peildatum (najaar, 15 December), not the last in the yaml order.
    assert manifest["ronde"] == "najaar" and manifest["peildatum"] == "2024-12-15"
    assert manifest["jaarplan"] == SMALL
    assert manifest["datum"] == "2025-05-14"
    assert manifest["versie"] == 1 and manifest["vorige_versie"] is None
    assert map_.name == f"v001-{manifest['versie_id']}"
    uit = capsys.readouterr().out
    assert "Controlegetallen (SHA-256)" in uit
    for naam in (bestand(map_, ".pdf").name, bestand(map_, ".html").name):
        assert f"{manifest['bestanden'][naam]['sha256']}  {naam}" in uit
    assert str(intern) in uit and "verspreid die niet" in uit


def test_versie_id_hangt_niet_af_van_de_datum(werk):
    eerste = review.make_copy(SMALL, date(2025, 5, 14), **werk)
    tweede = review.make_copy(SMALL, date(2025, 6, 1), **werk)
    assert not tweede.new and tweede.version == eerste.version
    assert len(kopiemappen(werk)) == 1


def test_ongewijzigde_inhoud_geeft_geen_nieuwe_kopie(cli_werk, capsys):
    assert cli.main(["review-copy", SMALL]) == 0
    (map_,) = kopiemappen(cli_werk)
    voor = snapshot(opr(cli_werk))
    capsys.readouterr()
    assert cli.main(["review-copy", SMALL]) == 0
    assert capsys.readouterr().out == (
        f"Geen wijzigingen sinds versie 1 (versie-id {map_.name[5:]}); er is geen nieuwe "
        f"conceptversie gemaakt. De laatste versie staat in {map_}.\n"
    )
    assert snapshot(opr(cli_werk)) == voor
    u = review.make_copy(SMALL, DATE, **cli_werk)
    assert not u.new and u.number == 1 and u.folder == map_ and u.copy_date == DATE
    assert set(u.files) == {p.name for p in map_.iterdir()}


def test_datum_uit_evalkit_datum(werk, monkeypatch):
    monkeypatch.setenv("EVALKIT_DATUM", "2025-03-02")
    u = review.make_copy(SMALL, **werk)
    assert u.copy_date == date(2025, 3, 2)
    h = bestand(u.folder, ".html").read_text(encoding="utf-8")
    assert "2 maart 2025" in h


def test_ongeldige_evalkit_datum_is_nette_fout(cli_werk, monkeypatch, capsys):
    monkeypatch.setenv("EVALKIT_DATUM", "morgen")
    assert cli.main(["review-copy", SMALL]) == 1
    assert "EVALKIT_DATUM" in capsys.readouterr().err
    assert not cli_werk["reports_dir"].exists()


def test_twee_keer_maken_geeft_dezelfde_bytes(tmp_path):
    mappen = []
    for naam in ("a", "b"):
        data = tmp_path / naam / "data"
        shutil.copytree(FIXTURE, data)
        u = review.make_copy(SMALL, DATE, data, tmp_path / naam / "reports")
        mappen.append(u.folder)
    assert snapshot(mappen[0]) == snapshot(mappen[1])


# --- changes since the previous copy ----------------------------------------------------------


@nodig_poppler
def test_een_statuswijziging_staat_precies_in_de_tweede_kopie(werk):
    eerste = review.make_copy(SMALL, DATE, **werk)
    voor = snapshot(eerste.folder)
    doelen = werk["data_dir"] / SMALL / "realisatie" / "najaar" / "doelen.csv"
    zet_cel(doelen, "doel", "D04", "status", "behaald")

    tweede = review.make_copy(SMALL, date(2025, 6, 1), **werk)
    assert tweede.new and tweede.number == 2 and tweede.version != eerste.version
    assert tweede.folder.name == f"v002-{tweede.version}"
    assert list(tweede.changes) == [
        "Doel D04: status van 'niet behaald' naar 'behaald'",
        "Aandeel behaalde doelen: van 75% naar 100%",
        "Aandeel behaalde doelen in thema Extra ondersteuning: van 50% naar 100%",
    ]
    tekst = plat("\n".join(pdf_paginas(bestand(tweede.folder, ".pdf"))))
    assert "Vergeleken met versie 1" in tekst and eerste.version in tekst
    assert "eerste versie" not in tekst
    h = html_tekst(bestand(tweede.folder, ".html").read_text(encoding="utf-8"))
    for regel in tweede.changes:
        assert regel in h
        assert regel in tekst
    manifest = json.loads((tweede.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vorige_versie"] == {"versie": 1, "versie_id": eerste.version}
    assert snapshot(eerste.folder) == voor  # the first copy is untouched


def test_een_bestedingswijziging_geeft_de_afgeleide_bedragen(werk):
    review.make_copy(SMALL, DATE, **werk)
    acts = werk["data_dir"] / SMALL / "realisatie" / "najaar" / "activiteiten.csv"
    zet_cel(acts, "activiteit", "A02", "besteed", "22500")
    u = review.make_copy(SMALL, DATE, **werk)
    assert list(u.changes) == [
        "Besteed A02: van € 21.000 naar € 22.500",
        "Overschrijding A02: van € 1.000 (5%) naar € 2.500 (12,5%)",
        "Besteed in thema Extra ondersteuning: van € 22.200 naar € 23.700",
        "Overschrijding in thema Extra ondersteuning: van € 1.000 naar € 2.500",
        "Besteed in totaal: van € 31.700 naar € 33.200",
        "Overschrijding in totaal: van € 1.000 naar € 2.500",
    ]


@pytest.mark.skipif("plein013-2023" not in GEDEELD, reason="plein013-2023 ontbreekt in data/")
def test_bestedingswijziging_in_gedeeld_jaarplan(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    plan = load.load_jaarplan("plein013-2023", data)
    ev = evaluate(plan)
    act = next(a for a in ev.activiteiten if a.budget is not None and a.besteed is not None)
    review.make_copy(plan.id, DATE, data, tmp_path / "reports")
    nieuw = act.besteed + 1250
    pad = data / plan.id / "realisatie" / ev.ronde.id / "activiteiten.csv"
    zet_cel(pad, "activiteit", act.id, "besteed", f"{nieuw:.2f}")
    u = review.make_copy(plan.id, DATE, data, tmp_path / "reports")
    regels = list(u.changes)
    assert f"Besteed {act.id}: van {fmt.euro(act.besteed)} naar {fmt.euro(nieuw)}" in regels
    thema = act.thema_naam
    for regel in regels:
        assert act.id in regel or f"thema {thema}" in regel or "in totaal" in regel, regel
    assert not any(r.startswith("Doel ") for r in regels)


# --- privacy ----------------------------------------------------------------------------------


@nodig_poppler
def test_klein_aantal_leerlingen_wordt_onderdrukt(werk):
    pad = werk["data_dir"] / SMALL / "realisatie" / "najaar" / "indicatoren.csv"
    zet_cel(pad, "indicator", "verschoven", "waarde", "3")
    doelen = werk["data_dir"] / SMALL / "realisatie" / "najaar" / "doelen.csv"
    zet_cel(doelen, "doel", "D03", "waarde", "3")
    u = review.make_copy(SMALL, DATE, **werk)
    document = (u.folder / "concept.md").read_text(encoding="utf-8")

    rij = tabelrij(document, "Leerlingen verschoven")
    assert rij[5] == "<5" and rij[6] == "×"  # this measurement; the change 12 -> 3 is hidden
    assert "3" not in rij[2:]
    norm = tabelrij(document, "Verschuiving naar groepsgerichte", 5)
    assert norm[1] == "<5" and norm[2] == "400" and norm[3] == "×"
    # The share 3/400 would reveal the count: it appears nowhere.
    verraad = fmt.percent(3 / 400, 1)
    for tekst in (
        document,
        html_tekst(bestand(u.folder, ".html").read_text(encoding="utf-8")),
        plat("\n".join(pdf_paginas(bestand(u.folder, ".pdf")))),
    ):
        assert verraad not in tekst and verraad.replace("%", " procent") not in tekst
        assert "<5" in tekst
        assert "minder dan 5 leerlingen" in tekst
    # The goal counted in pupils shows '<5 leerlingen', never '3 leerlingen'.
    assert "Gemeten: \\<5 leerlingen" in document
    assert "3 leerlingen" not in document


def test_kleine_rest_wordt_ook_in_de_indicatortabel_verborgen(werk):
    pad = werk["data_dir"] / SMALL / "realisatie" / "najaar" / "indicatoren.csv"
    zet_cel(pad, "indicator", "verschoven", "waarde", "398")
    u = review.make_copy(SMALL, DATE, **werk)
    document = (u.folder / "concept.md").read_text(encoding="utf-8")
    assert tabelrij(document, "Leerlingen verschoven")[5] == "×"
    assert tabelrij(document, "Leerlingen in een gespecialiseerde")[5] == "400"
    assert tabelrij(document, "Verschuiving naar groepsgerichte", 5)[1:4] == ["×", "400", "×"]
    assert "398" not in document


def test_wijzigingen_tonen_kleine_aantallen_onderdrukt(werk):
    review.make_copy(SMALL, DATE, **werk)
    pad = werk["data_dir"] / SMALL / "realisatie" / "najaar" / "indicatoren.csv"
    zet_cel(pad, "indicator", "thuiszitters", "waarde", "4")
    u = review.make_copy(SMALL, DATE, **werk)
    regels = list(u.changes)
    assert "Indicator Aantal thuiszitters: van 7 naar <5" in regels
    assert not any(re.search(r"\b4\b", r) for r in regels)


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("plan_id", ["bestaat-niet", "../review-klein", "review-klein/../x", ""])
def test_onbekende_of_trucende_id(cli_werk, capsys, plan_id):
    assert cli.main(["review-copy", plan_id]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fout: Onbekend jaarplan")
    assert "Traceback" not in err
    assert not cli_werk["reports_dir"].exists()


def test_ongeldig_jaarplan_schrijft_niets(cli_werk, capsys):
    pad = cli_werk["data_dir"] / SMALL / "realisatie" / "najaar" / "activiteiten.csv"
    zet_cel(pad, "activiteit", "A01", "besteed", "veel")
    assert cli.main(["review-copy", SMALL]) == 1
    err = capsys.readouterr().err
    assert "probleem gevonden" in err and "activiteiten.csv" in err and "besteed" in err
    assert not cli_werk["reports_dir"].exists()
    with pytest.raises(ValidationError):
        review.make_copy(SMALL, DATE, **cli_werk)


@pytest.mark.parametrize(
    "beschadig, melding",
    [
        (lambda m: review_store.internal_path(m).unlink(), "ontbreekt"),
        (
            lambda m: review_store.internal_path(m).write_text("{kapot", encoding="utf-8"),
            "gewijzigd",
        ),
        (lambda m: (m / "manifest.json").unlink(), "manifest.json ontbreekt"),
    ],
    ids=["intern-weg", "intern-gewijzigd", "manifest-weg"],
)
def test_beschadigde_vorige_kopie(cli_werk, capsys, beschadig, melding):
    assert cli.main(["review-copy", SMALL]) == 0
    (vorige,) = kopiemappen(cli_werk)
    beschadig(vorige)
    voor = snapshot(opr(cli_werk))
    zet_cel(
        cli_werk["data_dir"] / SMALL / "realisatie" / "najaar" / "doelen.csv",
        "doel", "D04", "status", "behaald",
    )  # fmt: skip
    capsys.readouterr()
    assert cli.main(["review-copy", SMALL]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fout: De vorige conceptversie") and melding in err
    assert "niets geschreven" in err
    assert snapshot(opr(cli_werk)) == voor
    with pytest.raises(OutputError):
        review.make_copy(SMALL, DATE, **cli_werk)


def test_onbekend_jaarplan_via_de_bibliotheek(werk):
    with pytest.raises(UnknownJaarplan):
        review.make_copy("../../etc", DATE, **werk)


def test_cli_met_evalkit_root(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "data")
    env = {**os.environ, "EVALKIT_ROOT": str(tmp_path), "EVALKIT_DATUM": "14-5-2025"}
    uit = subprocess.run(
        [sys.executable, "-m", "evalkit", "review-copy", SMALL],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert uit.returncode == 0, uit.stderr
    (map_,) = [p for p in (tmp_path / "reports" / SMALL / "opr").iterdir() if p.name[0] == "v"]
    manifest = json.loads((map_ / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["datum"] == "2025-05-14"
    pdf = bestand(map_, ".pdf").name
    assert f"{manifest['bestanden'][pdf]['sha256']}  {pdf}" in uit.stdout
    assert "Conceptversie 1 voor de OPR gemaakt" in uit.stdout


# --- the internal evaluation outside the copy folder -----------------------------------------


def naar_oude_indeling(map_: Path) -> None:
    """Turn a copy into one made before the evaluation moved out: evaluatie.json in the folder,
    listed in the manifest's 'bestanden', no 'intern' entry."""
    intern = review_store.internal_path(map_)
    oud = map_ / "evaluatie.json"
    os.replace(intern, oud)
    manifest = json.loads((map_ / "manifest.json").read_text(encoding="utf-8"))
    del manifest["intern"]
    data = oud.read_bytes()
    manifest["bestanden"]["evaluatie.json"] = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
    }
    (map_ / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_oude_kopie_met_evaluatie_in_de_map_blijft_bruikbaar(werk):
    eerste = review.make_copy(SMALL, DATE, **werk)
    naar_oude_indeling(eerste.folder)
    assert review_store.read_copy(eerste.folder).evaluation["plan_id"] == SMALL
    zet_cel(
        werk["data_dir"] / SMALL / "realisatie" / "najaar" / "doelen.csv",
        "doel", "D04", "status", "behaald",
    )  # fmt: skip
    tweede = review.make_copy(SMALL, DATE, **werk)
    assert tweede.number == 2
    assert tweede.changes[0] == "Doel D04: status van 'niet behaald' naar 'behaald'"
    assert "evaluatie.json" not in {p.name for p in tweede.folder.iterdir()}
    assert review_store.internal_path(tweede.folder).is_file()
    # A changed evaluatie.json in an old copy is still caught.
    (eerste.folder / "evaluatie.json").write_text("{}", encoding="utf-8")
    with pytest.raises(OutputError, match=r"evaluatie\.json is gewijzigd"):
        review_store.read_copy(eerste.folder)


def test_mislukte_kopie_laat_geen_interne_evaluatie_achter(werk, monkeypatch):
    def weigeren(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(review_store.os, "rename", weigeren)
    with pytest.raises(OutputError, match="niet aanmaken"):
        review.make_copy(SMALL, DATE, **werk)
    monkeypatch.undo()
    assert not opr(werk).exists()  # no copy, no .intern folder, no empty opr/ left behind


# --- example data: the mark on every page ----------------------------------------------------


@nodig_poppler
def test_voorbeelddata_staat_op_elke_pagina(werk):
    ronde = werk["data_dir"] / SMALL / "realisatie" / "najaar" / "ronde.yaml"
    ronde.write_text(
        ronde.read_text(encoding="utf-8").replace("voorbeelddata: false", "voorbeelddata: true"),
        encoding="utf-8",
    )
    u = review.make_copy(SMALL, DATE, **werk)
    pdf = bestand(u.folder, ".pdf")
    paginas = pdf_paginas(pdf)
    assert len(paginas) == pdf_aantal(pdf) > 1
    for i, pagina in enumerate(paginas, 1):
        # the header's three cells; pdftotext may put two of them on one line
        kop = " ".join(r.strip() for r in pagina.splitlines() if r.strip())
        assert kop.startswith(
            f"{review.HEADER_TEXT} VOORBEELDDATA Versie 1 · {u.version} · 14 mei 2025"
        ), f"pagina {i}"


@nodig_poppler
def test_echte_data_zonder_voorbeeldmerk(werk):
    u = review.make_copy(SMALL, DATE, **werk)
    paginas = pdf_paginas(bestand(u.folder, ".pdf"))
    assert not any("VOORBEELDDATA" in p for p in paginas)


# --- the CLI prints what the library returns -------------------------------------------------


def test_cli_drukt_de_uitkomst_af(monkeypatch, capsys, tmp_path):
    map_ = tmp_path / "opr" / "v002-0123456789ab"
    bestanden = {"concept.md": "c" * 64, "x.pdf": "p" * 64, "x.html": "h" * 64}
    u = review.Outcome(True, 2, "0123456789ab", map_, DATE, bestanden, ("a", "b"), 1, 3)
    aanroepen = []
    monkeypatch.setattr(review, "make_copy", lambda *a, **k: aanroepen.append((a, k)) or u)
    assert cli.main(["review-copy", "x"]) == 0
    assert aanroepen == [(("x",), {})]
    uit = capsys.readouterr()
    assert uit.err == "" and uit.out.splitlines() == [
        f"Conceptversie 2 voor de OPR gemaakt in {map_}",
        "  Versie-id: 0123456789ab; datum: 14 mei 2025",
        "  Wijzigingen sinds versie 1: 2",
        "  Controlegetallen (SHA-256):",
        f"    {'h' * 64}  x.html",
        f"    {'p' * 64}  x.pdf",
        f"    {'c' * 64}  concept.md",
        "  Verspreid alleen de PDF en de HTML. De interne vergelijkingsbasis staat buiten de "
        f"map, in {tmp_path / 'opr' / '.intern' / 'v002-0123456789ab.json'}; verspreid die niet.",
    ]
    eerste = dataclasses.replace(u, previous=None, changes=())
    assert eerste.lines()[2] == "  Dit is de eerste versie."
