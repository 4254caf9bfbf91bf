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

from evalkit import cli, lezen, opmaak, paths, privacy, review
from evalkit.errors import OnbekendJaarplan, UitvoerFout, ValidatieFout
from evalkit.evaluate import evalueer
from evalkit.regels import getal_kort

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "data"
KLEIN = "review-klein"
DATUM = date(2025, 5, 14)
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")
nodig_poppler = pytest.mark.skipif(
    PDFTOTEXT is None or PDFINFO is None, reason="pdftotext/pdfinfo ontbreken (poppler-utils)"
)
GEDEELD = sorted(lezen.plan_ids(paths.DATA_DIR))


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


def opr(werk: dict, plan_id: str = KLEIN) -> Path:
    return werk["reports_dir"] / plan_id / "opr"


@pytest.fixture(scope="module")
def gedeeld(tmp_path_factory):
    """One first review copy of every shipped jaarplan, made from a temp copy of data/."""
    basis = tmp_path_factory.mktemp("gedeeld")
    data = basis / "data"
    shutil.copytree(paths.DATA_DIR, data)
    kopieen = {
        plan_id: review.maak_kopie(plan_id, DATUM, data, basis / "reports") for plan_id in GEDEELD
    }
    return data, kopieen


# --- a copy of every shipped jaarplan --------------------------------------------------------


@nodig_poppler
@pytest.mark.parametrize("plan_id", GEDEELD)
def test_kopie_van_elk_gedeeld_jaarplan(gedeeld, plan_id):
    data, kopieen = gedeeld
    u = kopieen[plan_id]
    assert u.nieuw and u.nummer == 1 and u.map.name == f"v001-{u.versie}"
    ev = evalueer(lezen.laad_jaarplan(plan_id, data))
    pdf, html = bestand(u.map, ".pdf"), bestand(u.map, ".html")

    paginas = pdf_paginas(pdf)
    assert len(paginas) == pdf_aantal(pdf) == u.paginas
    for i, pagina in enumerate(paginas, 1):
        assert review.KOPTEKST in pagina, f"pagina {i} mist de concepttekst"
        assert u.versie in pagina, f"pagina {i} mist het versie-id"
        assert opmaak.datum(DATUM) in pagina
    tekst = plat("\n".join(paginas))
    assert "Samenvatting in gewone taal" in tekst
    a = ev.aandeel_doelen
    if a.noemer:
        assert f"Van de {a.noemer} doelen die we konden beoordelen" in tekst
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

    # Pupil counts from 1 to 4 in the shipped data show as '<5' (indicators and goals).
    document = (u.map / "concept.md").read_text(encoding="utf-8")
    for i in ev.indicatoren:
        if i.is_leerlingen and privacy.is_klein(i.waarde):
            rij = tabelrij(document, i.naam, 8)
            assert rij[5] == "<5" and getal_kort(i.waarde) not in rij[2:]
    for d in ev.doelen:
        if d.eenheid == "leerlingen" and d.soort == "numeriek" and privacy.is_klein(d.waarde):
            (regel,) = [r for r in document.splitlines() if f"**{d.id}**" in r]
            assert "Gemeten: \\<5 leerlingen" in regel
            assert f"{getal_kort(d.waarde)} leerlingen" not in regel

    # Numbered paragraphs: 1..N in order, identical in the PDF and the HTML.
    h = html.read_text(encoding="utf-8")
    nummers = nummers_html(h)
    assert len(nummers) > 20
    assert nummers == list(range(1, len(nummers) + 1))
    assert nummers_pdf(tekst) == nummers
    assert f"{review.KOPTEKST}" in h and u.versie in h
    assert 'class="concept-banner"' in h
    assert "<link" not in h and "<script" not in h  # one self-contained file


def test_gedeelde_jaarplannen_zijn_er():
    assert GEDEELD, "geen jaarplannen in data/"


# --- manifest, versions and dates -------------------------------------------------------------


def test_manifest_klopt_met_de_bestanden(werk, capsys):
    assert review.maak_reviewkopie(KLEIN, DATUM, **werk) == 0
    (map_,) = opr(werk).iterdir()
    manifest = json.loads((map_ / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["bestanden"]) == {p.name for p in map_.iterdir()} - {"manifest.json"}
    for naam, info in manifest["bestanden"].items():
        data = (map_ / naam).read_bytes()
        assert info["sha256"] == hashlib.sha256(data).hexdigest()
        assert info["bytes"] == len(data)
    # The latest round by peildatum (najaar, 15 December), not the last in the yaml order.
    assert manifest["ronde"] == "najaar" and manifest["peildatum"] == "2024-12-15"
    assert manifest["jaarplan"] == KLEIN
    assert manifest["datum"] == "2025-05-14"
    assert manifest["versie"] == 1 and manifest["vorige_versie"] is None
    assert map_.name == f"v001-{manifest['versie_id']}"
    uit = capsys.readouterr().out
    assert "Controlegetallen (SHA-256)" in uit
    for naam in (bestand(map_, ".pdf").name, bestand(map_, ".html").name):
        assert f"{manifest['bestanden'][naam]['sha256']}  {naam}" in uit


def test_versie_id_hangt_niet_af_van_de_datum(werk):
    eerste = review.maak_kopie(KLEIN, date(2025, 5, 14), **werk)
    tweede = review.maak_kopie(KLEIN, date(2025, 6, 1), **werk)
    assert not tweede.nieuw and tweede.versie == eerste.versie
    assert len(list(opr(werk).iterdir())) == 1


def test_ongewijzigde_inhoud_geeft_geen_nieuwe_kopie(werk, capsys):
    review.maak_reviewkopie(KLEIN, DATUM, **werk)
    voor = snapshot(opr(werk))
    capsys.readouterr()
    assert review.maak_reviewkopie(KLEIN, DATUM, **werk) == 0
    assert "Geen wijzigingen sinds versie 1" in capsys.readouterr().out
    assert snapshot(opr(werk)) == voor


def test_datum_uit_evalkit_datum(werk, monkeypatch):
    monkeypatch.setenv("EVALKIT_DATUM", "2025-03-02")
    u = review.maak_kopie(KLEIN, **werk)
    assert u.datum == date(2025, 3, 2)
    h = bestand(u.map, ".html").read_text(encoding="utf-8")
    assert "2 maart 2025" in h


def test_ongeldige_evalkit_datum_is_nette_fout(werk, monkeypatch, capsys):
    monkeypatch.setenv("EVALKIT_DATUM", "morgen")
    monkeypatch.setattr(paths, "DATA_DIR", werk["data_dir"])
    monkeypatch.setattr(paths, "REPORTS_DIR", werk["reports_dir"])
    assert cli.main(["review-copy", KLEIN]) == 1
    assert "EVALKIT_DATUM" in capsys.readouterr().err
    assert not werk["reports_dir"].exists()


def test_twee_keer_maken_geeft_dezelfde_bytes(tmp_path):
    mappen = []
    for naam in ("a", "b"):
        data = tmp_path / naam / "data"
        shutil.copytree(FIXTURE, data)
        u = review.maak_kopie(KLEIN, DATUM, data, tmp_path / naam / "reports")
        mappen.append(u.map)
    assert snapshot(mappen[0]) == snapshot(mappen[1])


# --- changes since the previous copy ----------------------------------------------------------


@nodig_poppler
def test_een_statuswijziging_staat_precies_in_de_tweede_kopie(werk):
    eerste = review.maak_kopie(KLEIN, DATUM, **werk)
    voor = snapshot(eerste.map)
    doelen = werk["data_dir"] / KLEIN / "realisatie" / "najaar" / "doelen.csv"
    zet_cel(doelen, "doel", "D04", "status", "behaald")

    tweede = review.maak_kopie(KLEIN, date(2025, 6, 1), **werk)
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
    review.maak_kopie(KLEIN, DATUM, **werk)
    acts = werk["data_dir"] / KLEIN / "realisatie" / "najaar" / "activiteiten.csv"
    zet_cel(acts, "activiteit", "A02", "besteed", "22500")
    u = review.maak_kopie(KLEIN, DATUM, **werk)
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
    plan = lezen.laad_jaarplan("plein013-2023", data)
    ev = evalueer(plan)
    act = next(a for a in ev.activiteiten if a.budget is not None and a.besteed is not None)
    review.maak_kopie(plan.id, DATUM, data, tmp_path / "reports")
    nieuw = act.besteed + 1250
    pad = data / plan.id / "realisatie" / ev.ronde.id / "activiteiten.csv"
    zet_cel(pad, "activiteit", act.id, "besteed", f"{nieuw:.2f}")
    u = review.maak_kopie(plan.id, DATUM, data, tmp_path / "reports")
    regels = list(u.wijzigingen)
    assert f"Besteed {act.id}: van {opmaak.euro(act.besteed)} naar {opmaak.euro(nieuw)}" in regels
    thema = act.thema_naam
    for regel in regels:
        assert act.id in regel or f"thema {thema}" in regel or "in totaal" in regel, regel
    assert not any(r.startswith("Doel ") for r in regels)


def test_wijzigingen_noemt_een_gewijzigde_toelichting_zonder_tekst():
    ev = evalueer(lezen.laad_jaarplan(KLEIN, FIXTURE)).to_dict()
    nieuw = json.loads(json.dumps(ev))
    for d in nieuw["goals"]:
        if d["id"] == "D04":
            d["toelichting"] = "Nieuwe uitleg met 3 ouders."
    assert review.wijzigingen(ev, nieuw) == ["Toelichting bij doel D04 is gewijzigd."]
    assert review.wijzigingen(ev, ev) == []


def test_wijzigingen_nieuw_en_vervallen_doel():
    ev = evalueer(lezen.laad_jaarplan(KLEIN, FIXTURE)).to_dict()
    zonder = json.loads(json.dumps(ev))
    zonder["goals"] = [d for d in zonder["goals"] if d["id"] != "D01"]
    regels = review.wijzigingen(zonder, ev)
    assert "Doel D01: status 'behaald' (nieuw)" in regels
    regels = review.wijzigingen(ev, zonder)
    assert "Doel D01: status 'behaald' (vervallen: staat niet meer in het jaarplan)" in regels


# --- privacy ----------------------------------------------------------------------------------


def test_ratio_teksten_klein_teller():
    teller, noemer, verborgen = review.ratio_teksten(3, 400)
    assert (teller, noemer, verborgen) == ("<5", "400", True)


def test_ratio_teksten_kleine_rest_verbergt_de_teller():
    # 398 of 400: the 2 pupils who did not shift would follow from teller and noemer.
    teller, noemer, verborgen = review.ratio_teksten(398, 400)
    assert (teller, noemer, verborgen) == ("×", "400", True)


def test_ratio_teksten_grote_aantallen():
    assert review.ratio_teksten(30, 400) == ("30", "400", False)
    assert review.ratio_teksten(None, 400) == ("–", "400", False)


def test_indicator_teksten_verbergen_de_verandering():
    indicatoren = [
        {"id": "a", "is_leerlingen": True, "nulmeting": 12, "vorige_waarde": 12, "waarde": 3},
        {"id": "b", "is_leerlingen": False, "nulmeting": None, "vorige_waarde": 1, "waarde": 2},
    ]
    uit = review.indicator_teksten(indicatoren, [])
    assert uit == {"a": {"nulmeting": "12", "vorige": "12", "waarde": "<5", "verandering": "×"}}
    # Without a previous value there is no change to hide.
    indicatoren[0]["vorige_waarde"] = None
    assert review.indicator_teksten(indicatoren, [])["a"]["verandering"] == ""


@nodig_poppler
def test_klein_aantal_leerlingen_wordt_onderdrukt(werk):
    pad = werk["data_dir"] / KLEIN / "realisatie" / "najaar" / "indicatoren.csv"
    zet_cel(pad, "indicator", "verschoven", "waarde", "3")
    doelen = werk["data_dir"] / KLEIN / "realisatie" / "najaar" / "doelen.csv"
    zet_cel(doelen, "doel", "D03", "waarde", "3")
    u = review.maak_kopie(KLEIN, DATUM, **werk)
    document = (u.map / "concept.md").read_text(encoding="utf-8")

    rij = tabelrij(document, "Leerlingen verschoven")
    assert rij[5] == "<5" and rij[6] == "×"  # this measurement; the change 12 -> 3 is hidden
    assert "3" not in rij[2:]
    norm = tabelrij(document, "Verschuiving naar groepsgerichte", 5)
    assert norm[1] == "<5" and norm[2] == "400" and norm[3] == "×"
    # The share 3/400 would reveal the count: it appears nowhere.
    verraad = opmaak.procent(3 / 400, 1)
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
    pad = werk["data_dir"] / KLEIN / "realisatie" / "najaar" / "indicatoren.csv"
    zet_cel(pad, "indicator", "verschoven", "waarde", "398")
    u = review.maak_kopie(KLEIN, DATUM, **werk)
    document = (u.map / "concept.md").read_text(encoding="utf-8")
    assert tabelrij(document, "Leerlingen verschoven")[5] == "×"
    assert tabelrij(document, "Leerlingen in een gespecialiseerde")[5] == "400"
    assert tabelrij(document, "Verschuiving naar groepsgerichte", 5)[1:4] == ["×", "400", "×"]
    assert "398" not in document


def test_wijzigingen_tonen_kleine_aantallen_onderdrukt(werk):
    review.maak_kopie(KLEIN, DATUM, **werk)
    pad = werk["data_dir"] / KLEIN / "realisatie" / "najaar" / "indicatoren.csv"
    zet_cel(pad, "indicator", "thuiszitters", "waarde", "4")
    u = review.maak_kopie(KLEIN, DATUM, **werk)
    regels = list(u.wijzigingen)
    assert "Indicator Aantal thuiszitters: van 7 naar <5" in regels
    assert not any(re.search(r"\b4\b", r) for r in regels)


# --- Markdown and version id ------------------------------------------------------------------


def test_nummering_loopt_door_en_versie_id_negeert_nummers():
    blokken = [
        review.Kop("Titel"),
        review.Alinea("Een."),
        review.Lijst(("twee", "drie")),
        review.Tabel("Vier.", ("A", "B"), (("x", "y"),), (1, 1)),
        review.Formulier("Vijf.", ("Paragraaf", "Opmerking", "Naam (niet verplicht)")),
    ]
    md = review.markdown(blokken)
    assert re.findall(r"\\\[(\d+)\\\]", md)[:4] == ["1", "2", "3", "4"]
    assert "<strong>[5]</strong>" in md and "#strong[\\[5\\]]<p5>" in md
    kaal = review.markdown(blokken, genummerd=False)
    assert "[1]" not in kaal and "\\[1\\]" not in kaal
    assert review.versie_id({"a": 1}, kaal) == review.versie_id({"a": 1}, kaal)
    assert review.versie_id({"a": 1}, kaal) != review.versie_id({"a": 2}, kaal)
    assert re.fullmatch(r"[0-9a-f]{12}", review.versie_id({}, ""))


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
    pad = cli_werk["data_dir"] / KLEIN / "realisatie" / "najaar" / "activiteiten.csv"
    zet_cel(pad, "activiteit", "A01", "besteed", "veel")
    assert cli.main(["review-copy", KLEIN]) == 1
    err = capsys.readouterr().err
    assert "probleem gevonden" in err and "activiteiten.csv" in err and "besteed" in err
    assert not cli_werk["reports_dir"].exists()
    with pytest.raises(ValidatieFout):
        review.maak_kopie(KLEIN, DATUM, **cli_werk)


@pytest.mark.parametrize(
    "beschadig, melding",
    [
        (lambda m: (m / "evaluatie.json").unlink(), "evaluatie.json ontbreekt"),
        (lambda m: (m / "evaluatie.json").write_text("{kapot", encoding="utf-8"), "gewijzigd"),
        (lambda m: (m / "manifest.json").unlink(), "manifest.json ontbreekt"),
    ],
)
def test_beschadigde_vorige_kopie(cli_werk, capsys, beschadig, melding):
    assert cli.main(["review-copy", KLEIN]) == 0
    (vorige,) = opr(cli_werk).iterdir()
    beschadig(vorige)
    voor = snapshot(opr(cli_werk))
    zet_cel(
        cli_werk["data_dir"] / KLEIN / "realisatie" / "najaar" / "doelen.csv",
        "doel", "D04", "status", "behaald",
    )  # fmt: skip
    capsys.readouterr()
    assert cli.main(["review-copy", KLEIN]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fout: De vorige conceptversie") and melding in err
    assert "niets geschreven" in err
    assert snapshot(opr(cli_werk)) == voor
    with pytest.raises(UitvoerFout):
        review.maak_kopie(KLEIN, DATUM, **cli_werk)


def test_onbekend_jaarplan_via_de_bibliotheek(werk):
    with pytest.raises(OnbekendJaarplan):
        review.maak_kopie("../../etc", DATUM, **werk)


def test_cli_met_evalkit_root(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "data")
    env = {**os.environ, "EVALKIT_ROOT": str(tmp_path), "EVALKIT_DATUM": "14-5-2025"}
    uit = subprocess.run(
        [sys.executable, "-m", "evalkit", "review-copy", KLEIN],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert uit.returncode == 0, uit.stderr
    (map_,) = (tmp_path / "reports" / KLEIN / "opr").iterdir()
    manifest = json.loads((map_ / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["datum"] == "2025-05-14"
    pdf = bestand(map_, ".pdf").name
    assert f"{manifest['bestanden'][pdf]['sha256']}  {pdf}" in uit.stdout
    assert "Conceptversie 1 voor de OPR gemaakt" in uit.stdout
