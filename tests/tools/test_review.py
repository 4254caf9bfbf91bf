"""Tests of the OPR review copies: content, numbering, versions, changes, privacy, bad input."""

from __future__ import annotations

import csv
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
from evalkit.engine.rules import number_short
from evalkit.errors import OutputError, UnknownJaarplan, ValidationError
from evalkit.tools import review

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


def opr(werk: dict, plan_id: str = SMALL) -> Path:
    return werk["reports_dir"] / plan_id / "opr"


def kopiemappen(werk: dict, plan_id: str = SMALL) -> list[Path]:
    """The copy folders v<nnn>-<versie-id> (opr/ also holds the hidden .intern folder)."""
    return sorted(p for p in opr(werk, plan_id).iterdir() if review.VERSION_DIR.match(p.name))


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
    assert u.nieuw and u.nummer == 1 and u.map.name == f"v001-{u.versie}"
    ev = evaluate(load.load_jaarplan(plan_id, data))
    pdf, html = bestand(u.map, ".pdf"), bestand(u.map, ".html")

    paginas = pdf_paginas(pdf)
    assert len(paginas) == pdf_aantal(pdf) == u.paginas
    for i, pagina in enumerate(paginas, 1):
        assert review.HEADER_TEXT in pagina, f"pagina {i} mist de concepttekst"
        assert u.versie in pagina, f"pagina {i} mist het versie-id"
        assert fmt.datum(DATE) in pagina
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
    for woord in ("Jaarplan:", "Realisatie:", "Norm:", "OPR:", "TLV:"):
        assert woord in tekst
    assert ("Let op: voorbeelddata." in tekst) == ev.voorbeelddata
    # Only distributable files and the manifest in the copy folder; the evaluation is outside.
    assert sorted(p.name for p in u.map.iterdir()) == sorted(
        ["concept.md", "manifest.json", pdf.name, html.name]
    )
    assert review.internal_path(u.map).is_file()

    # Pupil counts from 1 to 4 in the shipped data show as '<5' (indicators and goals).
    document = (u.map / "concept.md").read_text(encoding="utf-8")
    for i in ev.indicatoren:
        if i.is_leerlingen and privacy.is_small(i.waarde):
            rij = tabelrij(document, i.naam, 8)
            assert rij[5] == "<5" and number_short(i.waarde) not in rij[2:]
    for d in ev.doelen:
        if d.eenheid == "leerlingen" and d.soort == "numeriek" and privacy.is_small(d.waarde):
            (regel,) = [r for r in document.splitlines() if f"**{d.id}**" in r]
            assert "Gemeten: \\<5 leerlingen" in regel
            assert f"{number_short(d.waarde)} leerlingen" not in regel

    # Numbered paragraphs: 1..N in order, identical in the PDF and the HTML.
    h = html.read_text(encoding="utf-8")
    nummers = nummers_html(h)
    assert len(nummers) > 20
    assert nummers == list(range(1, len(nummers) + 1))
    assert nummers_pdf(tekst) == nummers
    assert f"{review.HEADER_TEXT}" in h and u.versie in h
    assert 'class="concept-banner"' in h
    assert "<link" not in h and "<script" not in h  # one self-contained file


def test_gedeelde_jaarplannen_zijn_er():
    assert GEDEELD, "geen jaarplannen in data/"


# --- manifest, versions and dates -------------------------------------------------------------


def test_manifest_klopt_met_de_bestanden(werk, capsys):
    assert review.make_review_copy(SMALL, DATE, **werk) == 0
    (map_,) = kopiemappen(werk)
    manifest = json.loads((map_ / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["bestanden"]) == {p.name for p in map_.iterdir()} - {"manifest.json"}
    # Only what may be distributed (and the manifest) is in the copy folder.
    pdf, html = bestand(map_, ".pdf").name, bestand(map_, ".html").name
    assert set(manifest["bestanden"]) == {pdf, html, "concept.md"}
    # The unsuppressed evaluation is kept outside it, in opr/.intern/, checked by the manifest.
    intern = review.internal_path(map_)
    assert intern == opr(werk) / ".intern" / f"{map_.name}.json"
    assert manifest["intern"]["sha256"] == hashlib.sha256(intern.read_bytes()).hexdigest()
    assert manifest["intern"]["bestand"] == f"../.intern/{map_.name}.json"
    assert json.loads(intern.read_text(encoding="utf-8"))["plan_id"] == SMALL
    assert sorted(p.name for p in opr(werk).iterdir()) == [".intern", map_.name]
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
    assert not tweede.nieuw and tweede.versie == eerste.versie
    assert len(kopiemappen(werk)) == 1


def test_ongewijzigde_inhoud_geeft_geen_nieuwe_kopie(werk, capsys):
    review.make_review_copy(SMALL, DATE, **werk)
    voor = snapshot(opr(werk))
    capsys.readouterr()
    assert review.make_review_copy(SMALL, DATE, **werk) == 0
    assert "Geen wijzigingen sinds versie 1" in capsys.readouterr().out
    assert snapshot(opr(werk)) == voor


def test_datum_uit_evalkit_datum(werk, monkeypatch):
    monkeypatch.setenv("EVALKIT_DATUM", "2025-03-02")
    u = review.make_copy(SMALL, **werk)
    assert u.datum == date(2025, 3, 2)
    h = bestand(u.map, ".html").read_text(encoding="utf-8")
    assert "2 maart 2025" in h


def test_ongeldige_evalkit_datum_is_nette_fout(werk, monkeypatch, capsys):
    monkeypatch.setenv("EVALKIT_DATUM", "morgen")
    monkeypatch.setattr(paths, "DATA_DIR", werk["data_dir"])
    monkeypatch.setattr(paths, "REPORTS_DIR", werk["reports_dir"])
    assert cli.main(["review-copy", SMALL]) == 1
    assert "EVALKIT_DATUM" in capsys.readouterr().err
    assert not werk["reports_dir"].exists()


def test_twee_keer_maken_geeft_dezelfde_bytes(tmp_path):
    mappen = []
    for naam in ("a", "b"):
        data = tmp_path / naam / "data"
        shutil.copytree(FIXTURE, data)
        u = review.make_copy(SMALL, DATE, data, tmp_path / naam / "reports")
        mappen.append(u.map)
    assert snapshot(mappen[0]) == snapshot(mappen[1])


# --- changes since the previous copy ----------------------------------------------------------


@nodig_poppler
def test_een_statuswijziging_staat_precies_in_de_tweede_kopie(werk):
    eerste = review.make_copy(SMALL, DATE, **werk)
    voor = snapshot(eerste.map)
    doelen = werk["data_dir"] / SMALL / "realisatie" / "najaar" / "doelen.csv"
    zet_cel(doelen, "doel", "D04", "status", "behaald")

    tweede = review.make_copy(SMALL, date(2025, 6, 1), **werk)
    assert tweede.nieuw and tweede.nummer == 2 and tweede.versie != eerste.versie
    assert tweede.map.name == f"v002-{tweede.versie}"
    assert list(tweede.wijzigingen) == [
        "Doel D04: status van 'niet behaald' naar 'behaald'",
        "Aandeel behaalde doelen: van 75% naar 100%",
        "Aandeel behaalde doelen in thema Extra ondersteuning: van 50% naar 100%",
    ]
    tekst = plat("\n".join(pdf_paginas(bestand(tweede.map, ".pdf"))))
    assert "Vergeleken met versie 1" in tekst and eerste.versie in tekst
    assert "eerste versie" not in tekst
    h = html_tekst(bestand(tweede.map, ".html").read_text(encoding="utf-8"))
    for regel in tweede.wijzigingen:
        assert regel in h
        assert regel in tekst
    manifest = json.loads((tweede.map / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vorige_versie"] == {"versie": 1, "versie_id": eerste.versie}
    assert snapshot(eerste.map) == voor  # the first copy is untouched


def test_een_bestedingswijziging_geeft_de_afgeleide_bedragen(werk):
    review.make_copy(SMALL, DATE, **werk)
    acts = werk["data_dir"] / SMALL / "realisatie" / "najaar" / "activiteiten.csv"
    zet_cel(acts, "activiteit", "A02", "besteed", "22500")
    u = review.make_copy(SMALL, DATE, **werk)
    assert list(u.wijzigingen) == [
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
    regels = list(u.wijzigingen)
    assert f"Besteed {act.id}: van {fmt.euro(act.besteed)} naar {fmt.euro(nieuw)}" in regels
    thema = act.thema_naam
    for regel in regels:
        assert act.id in regel or f"thema {thema}" in regel or "in totaal" in regel, regel
    assert not any(r.startswith("Doel ") for r in regels)


def test_wijzigingen_noemt_een_gewijzigde_toelichting_zonder_tekst():
    ev = evaluate(load.load_jaarplan(SMALL, FIXTURE)).to_dict()
    nieuw = json.loads(json.dumps(ev))
    for d in nieuw["goals"]:
        if d["id"] == "D04":
            d["toelichting"] = "Nieuwe uitleg met 3 ouders."
    assert review.wijzigingen(ev, nieuw) == ["Toelichting bij doel D04 is gewijzigd."]
    assert review.wijzigingen(ev, ev) == []


def test_wijzigingen_nieuw_en_vervallen_doel():
    ev = evaluate(load.load_jaarplan(SMALL, FIXTURE)).to_dict()
    zonder = json.loads(json.dumps(ev))
    zonder["goals"] = [d for d in zonder["goals"] if d["id"] != "D01"]
    regels = review.wijzigingen(zonder, ev)
    assert "Doel D01: status 'behaald' (nieuw)" in regels
    regels = review.wijzigingen(ev, zonder)
    assert "Doel D01: status 'behaald' (vervallen: staat niet meer in het jaarplan)" in regels


# --- privacy ----------------------------------------------------------------------------------


@nodig_poppler
def test_klein_aantal_leerlingen_wordt_onderdrukt(werk):
    pad = werk["data_dir"] / SMALL / "realisatie" / "najaar" / "indicatoren.csv"
    zet_cel(pad, "indicator", "verschoven", "waarde", "3")
    doelen = werk["data_dir"] / SMALL / "realisatie" / "najaar" / "doelen.csv"
    zet_cel(doelen, "doel", "D03", "waarde", "3")
    u = review.make_copy(SMALL, DATE, **werk)
    document = (u.map / "concept.md").read_text(encoding="utf-8")

    rij = tabelrij(document, "Leerlingen verschoven")
    assert rij[5] == "<5" and rij[6] == "×"  # this measurement; the change 12 -> 3 is hidden
    assert "3" not in rij[2:]
    norm = tabelrij(document, "Verschuiving naar groepsgerichte", 5)
    assert norm[1] == "<5" and norm[2] == "400" and norm[3] == "×"
    # The share 3/400 would reveal the count: it appears nowhere.
    verraad = fmt.percent(3 / 400, 1)
    for tekst in (
        document,
        html_tekst(bestand(u.map, ".html").read_text(encoding="utf-8")),
        plat("\n".join(pdf_paginas(bestand(u.map, ".pdf")))),
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
    document = (u.map / "concept.md").read_text(encoding="utf-8")
    assert tabelrij(document, "Leerlingen verschoven")[5] == "×"
    assert tabelrij(document, "Leerlingen in een gespecialiseerde")[5] == "400"
    assert tabelrij(document, "Verschuiving naar groepsgerichte", 5)[1:4] == ["×", "400", "×"]
    assert "398" not in document


def test_wijzigingen_tonen_kleine_aantallen_onderdrukt(werk):
    review.make_copy(SMALL, DATE, **werk)
    pad = werk["data_dir"] / SMALL / "realisatie" / "najaar" / "indicatoren.csv"
    zet_cel(pad, "indicator", "thuiszitters", "waarde", "4")
    u = review.make_copy(SMALL, DATE, **werk)
    regels = list(u.wijzigingen)
    assert "Indicator Aantal thuiszitters: van 7 naar <5" in regels
    assert not any(re.search(r"\b4\b", r) for r in regels)


# --- Markdown and version id ------------------------------------------------------------------


def test_nummering_loopt_door_en_versie_id_negeert_nummers():
    blokken = [
        review.Heading("Titel"),
        review.Paragraph("Een."),
        review.BulletList(("twee", "drie")),
        review.Table("Vier.", ("A", "B"), (("x", "y"),), (1, 1)),
        review.Form("Vijf.", ("Paragraaf", "Opmerking", "Naam (niet verplicht)")),
    ]
    md = review.markdown(blokken)
    assert re.findall(r"\\\[(\d+)\\\]", md)[:4] == ["1", "2", "3", "4"]
    assert "<strong>[5]</strong>" in md and "#strong[\\[5\\]]<p5>" in md
    kaal = review.markdown(blokken, genummerd=False)
    assert "[1]" not in kaal and "\\[1\\]" not in kaal
    assert review.version_id({"a": 1}, kaal) == review.version_id({"a": 1}, kaal)
    assert review.version_id({"a": 1}, kaal) != review.version_id({"a": 2}, kaal)
    assert re.fullmatch(r"[0-9a-f]{12}", review.version_id({}, ""))


def test_md_ontsnapt_opmaaktekens():
    assert review.md("a*b_c [x] #1 | $5 @p <b>") == ("a\\*b\\_c \\[x\\] \\#1 \\| \\$5 \\@p \\<b\\>")


# --- bad input --------------------------------------------------------------------------------


@pytest.fixture
def cli_werk(werk, monkeypatch):
    monkeypatch.setattr(paths, "DATA_DIR", werk["data_dir"])
    monkeypatch.setattr(paths, "REPORTS_DIR", werk["reports_dir"])
    monkeypatch.setenv("EVALKIT_DATUM", "2025-05-14")
    return werk


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
        (lambda m: review.internal_path(m).unlink(), "ontbreekt"),
        (lambda m: review.internal_path(m).write_text("{kapot", encoding="utf-8"), "gewijzigd"),
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
    intern = review.internal_path(map_)
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
    naar_oude_indeling(eerste.map)
    assert review.read_copy(eerste.map).evaluatie["plan_id"] == SMALL
    zet_cel(
        werk["data_dir"] / SMALL / "realisatie" / "najaar" / "doelen.csv",
        "doel", "D04", "status", "behaald",
    )  # fmt: skip
    tweede = review.make_copy(SMALL, DATE, **werk)
    assert tweede.nummer == 2
    assert tweede.wijzigingen[0] == "Doel D04: status van 'niet behaald' naar 'behaald'"
    assert "evaluatie.json" not in {p.name for p in tweede.map.iterdir()}
    assert review.internal_path(tweede.map).is_file()
    # A changed evaluatie.json in an old copy is still caught.
    (eerste.map / "evaluatie.json").write_text("{}", encoding="utf-8")
    with pytest.raises(OutputError, match=r"evaluatie\.json is gewijzigd"):
        review.read_copy(eerste.map)


def test_mislukte_kopie_laat_geen_interne_evaluatie_achter(werk, monkeypatch):
    def weigeren(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(review.os, "rename", weigeren)
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
    pdf = bestand(u.map, ".pdf")
    paginas = pdf_paginas(pdf)
    assert len(paginas) == pdf_aantal(pdf) > 1
    for i, pagina in enumerate(paginas, 1):
        kop = [r for r in pagina.splitlines() if r.strip()][:3]  # the header's three cells
        assert kop == [
            review.HEADER_TEXT,
            "VOORBEELDDATA",
            f"Versie 1 · {u.versie} · 14 mei 2025",
        ], f"pagina {i}"


@nodig_poppler
def test_echte_data_zonder_voorbeeldmerk(werk):
    u = review.make_copy(SMALL, DATE, **werk)
    paginas = pdf_paginas(bestand(u.map, ".pdf"))
    assert not any("VOORBEELDDATA" in p for p in paginas)


# --- Dutch: singular forms --------------------------------------------------------------------


def test_samenvatting_in_enkelvoud_bij_een_beoordeeld_doel():
    import dataclasses

    ev = evaluate(load.load_jaarplan(SMALL, FIXTURE))
    a = dataclasses.replace(
        ev.aandeel_doelen,
        teller=1,
        noemer=1,
        aandeel=1.0,
        aantallen={**ev.aandeel_doelen.aantallen, "behaald": 1, "niet behaald": 0},
    )
    per_thema = tuple(dataclasses.replace(t, teller=1, noemer=1, aandeel=1.0) for t in ev.per_thema)
    een = dataclasses.replace(ev, aandeel_doelen=a, per_thema=per_thema)
    tekst = review.markdown(review.summary(een) + review.doelen_per_thema(een))
    assert "We konden 1 doel beoordelen. Dat is gehaald. Dat is 100 procent." in tekst
    assert "Van 1 beoordeeld doel is 1 behaald (100%)." in tekst
    assert "Van de 1 " not in tekst
