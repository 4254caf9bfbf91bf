"""Hostile text and files in a plan: shown as text in HTML and PDF, or refused in Dutch."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from evalkit import cli, paths
from evalkit.build import render, runlog

FIXTURE = Path(__file__).parents[1] / "fixtures" / "hostile"
PLAN = "fixture-2023"
MARKER = b"GEHEIM-BUITEN-HET-PROJECT-7f3a"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def report(project: Path, monkeypatch, *extra: str) -> int:
    monkeypatch.setenv("EVALKIT_ROOT", str(project))
    return cli.main(["report", PLAN, "--renderer", "ingebouwd", "--jobs", "1", *extra])


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The hostile project, with its notebooks executed and its report rendered once."""
    root = tmp_path_factory.mktemp("vijandig")
    project = root / "project"
    shutil.copytree(FIXTURE, project)
    shutil.copy(paths.REPORTS_DIR / "_quarto.yml", project / "reports" / "_quarto.yml")
    buiten = root / "buiten"
    buiten.mkdir()
    (buiten / "geheim.png").write_bytes(PNG + MARKER)
    mp = pytest.MonkeyPatch()
    try:
        assert report(project, mp) == 0
    finally:
        mp.undo()
    return project


@pytest.fixture
def project(base, tmp_path) -> Path:
    kopie = tmp_path / "project"
    shutil.copytree(base, kopie, symlinks=True)
    buiten = tmp_path / "buiten"
    shutil.copytree(base.parent / "buiten", buiten)
    return kopie


def snapshot(project: Path) -> dict[str, str]:
    """Hash of every file under data/ and the plan's book (the run log and notebook outputs,
    which `evalkit run` manages, left out)."""
    uit = {}
    for map_ in (project / "data", project / "reports" / PLAN):
        for pad in sorted(map_.rglob("*")):
            rel = pad.relative_to(project).as_posix()
            if rel.startswith(f"reports/{PLAN}/M12/") or rel.endswith(".evalkit-state.json"):
                continue
            if pad.is_symlink() or not pad.is_file():
                uit[rel] = "link" if pad.is_symlink() else "map"
            else:
                uit[rel] = hashlib.sha256(pad.read_bytes()).hexdigest()
    return uit


def html(project: Path) -> str:
    return (project / "reports" / PLAN / "jaarverslag.html").read_text(encoding="utf-8")


# --- text from data is shown as text --------------------------------------------------------


def test_script_in_plannaam_is_tekst_in_titel(base):
    tekst = html(base)
    assert "<title>Jaarplan &lt;script&gt;document.title=" in tekst
    assert "<script" not in tekst


def test_onerror_in_organisatie_is_tekst(base):
    tekst = html(base)
    assert "&lt;img src=x onerror=" in tekst or "&lt;img src=“x” onerror=" in tekst
    assert "<img src=x" not in tekst and 'onerror="window' not in tekst


def test_handler_in_rondenaam_is_tekst(base):
    tekst = html(base)
    assert "&lt;b onmouseover=" in tekst
    assert "<b onmouseover" not in tekst


def test_script_in_toelichting_is_tekst(base):
    assert "&lt;script&gt;window.__pwned=4&lt;/script&gt;" in html(base)


def test_apenstaart_hekje_en_dollar_in_namen_geven_een_pdf(base):
    pdf = base / "reports" / PLAN / "jaarverslag.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    tekst = html(base)
    assert "@org #panic(1)" in tekst and "#set $y$ @r" in tekst


def test_ruwe_html_in_tekst_md_is_tekst(base):
    tekst = html(base)
    assert "&lt;script&gt;window.__pwned=5&lt;/script&gt;" in tekst
    assert "window.__pwned=7" not in tekst.replace("&lt;script&gt;window.__pwned=7", "")
    assert "<script" not in tekst


def test_ruwe_typst_in_tekst_md_wordt_niet_uitgevoerd(base):
    # A live #panic would have failed the PDF; the block is shown as code instead.
    assert (base / "reports" / PLAN / "jaarverslag.pdf").is_file()
    assert "panic(&quot;typst-injectie&quot;)" in html(base)


def test_html_heeft_content_security_policy(base):
    kop = html(base).split("</head>")[0]
    assert f'content="{render.CONTENT_SECURITY_POLICY}"' in kop
    assert "default-src 'none'" in render.CONTENT_SECURITY_POLICY
    assert "script-src" not in render.CONTENT_SECURITY_POLICY


# --- refused, with a Dutch message naming the file, and nothing changed ---------------------


def refused(project: Path, monkeypatch, capsys, naam: str, *woorden: str) -> str:
    voor = snapshot(project)
    assert report(project, monkeypatch) == 1
    fout = capsys.readouterr().err
    assert "Traceback" not in fout
    # Refused by the renderer ("Fout bij <plan>: <file>: ...") or already by the validator.
    assert naam in fout and ("Fout bij" in fout or "Data met problemen" in fout), fout
    for woord in woorden:
        assert woord in fout, fout
    assert snapshot(project) == voor
    return fout


@pytest.mark.parametrize(
    ("doel", "woord"),
    [
        ("../../../../buiten/geheim.png", "dezelfde map tekst/"),
        ("{buiten}/geheim.png", "dezelfde map tekst/"),
        ("file://{buiten}/geheim.png", "internetadres"),
        ("https://voorbeeld.invalid/x.png", "internetadres"),
        ("data:image/svg+xml;base64,PHN2Zy8+", "internetadres"),
        ("plaatje.svg", "alleen .png, .jpg, .jpeg"),
    ],
)
def test_afbeelding_buiten_tekst_of_verkeerd_type_geweigerd(
    project, monkeypatch, capsys, doel, woord
):
    buiten = project.parent / "buiten"
    tekst = project / "data" / PLAN / "tekst"
    (tekst / "plaatje.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tekst / "beeld.md").write_text(f"# Beeld\n\n![geheim]({doel.format(buiten=buiten)})\n")
    fout = refused(project, monkeypatch, capsys, "beeld.md", "geweigerd", woord)
    assert "Er is niets gewijzigd" in fout


def test_symlink_in_tekst_geweigerd(project, monkeypatch, capsys):
    link = project / "data" / PLAN / "tekst" / "gelekt.md"
    os.symlink(project.parent / "buiten" / "geheim.png", link)
    refused(project, monkeypatch, capsys, "tekst/gelekt.md", "symbolische koppeling")


def test_symlink_als_afbeelding_geweigerd(project, monkeypatch, capsys):
    tekst = project / "data" / PLAN / "tekst"
    os.symlink(project.parent / "buiten" / "geheim.png", tekst / "plaatje.png")
    refused(project, monkeypatch, capsys, "plaatje.png", "symbolische koppeling")


def test_named_pipe_in_tekst_geweigerd(project, monkeypatch, capsys):
    pijp = project / "data" / PLAN / "tekst" / "pijp.md"
    os.mkfifo(pijp)
    refused(project, monkeypatch, capsys, "tekst/pijp.md")


def test_afbeelding_uit_tekst_zelf_wordt_ingesloten(project, monkeypatch, capsys):
    tekst = project / "data" / PLAN / "tekst"
    import matplotlib

    shutil.copy(Path(matplotlib.get_data_path()) / "images" / "matplotlib.png", tekst / "logo.png")
    (tekst / "beeld.md").write_text("# Beeld\n\n![Logo van het verband](logo.png)\n")
    assert report(project, monkeypatch) == 0
    assert 'src="data:image/png;base64,' in html(project)
    assert MARKER.decode() not in html(project)


# --- messages, leftovers and incremental render ---------------------------------------------


def test_niets_veranderd_rendert_niets_en_force_wel(project, monkeypatch, capsys):
    html_pad = project / "reports" / PLAN / "jaarverslag.html"
    voor = html_pad.stat().st_mtime_ns
    assert report(project, monkeypatch) == 0
    uit = capsys.readouterr().out
    assert f"{PLAN}: ongewijzigd" in uit
    assert html_pad.stat().st_mtime_ns == voor
    assert report(project, monkeypatch, "--force") == 0
    assert f"{PLAN}: jaarverslag gemaakt" in capsys.readouterr().out
    assert html_pad.stat().st_mtime_ns != voor


def test_gewijzigde_tekst_rendert_opnieuw(project, monkeypatch, capsys):
    tekst = project / "data" / PLAN / "tekst" / "vijandig.md"
    tekst.write_text(tekst.read_text() + "\nNieuwe zin voor de test.\n")
    assert report(project, monkeypatch) == 0
    assert f"{PLAN}: jaarverslag gemaakt" in capsys.readouterr().out
    assert "Nieuwe zin voor de test." in html(project)


def test_restanten_van_afgebroken_render_worden_opgeruimd(project, monkeypatch, capsys):
    boekmap = project / "reports" / PLAN
    (boekmap / ".render-999999999-abc.tmp").mkdir()
    (boekmap / ".render-oud.tmp").mkdir()
    assert report(project, monkeypatch, "--force") == 0
    assert not list(boekmap.glob(".render-*.tmp"))


def test_kapot_runlog_wordt_opzijgezet_met_melding(project, monkeypatch, capsys):
    log = project / "reports" / runlog.RUNLOG
    log.write_bytes(b'{"goed": 1}\n\xff\xfe geen utf-8\n')
    assert report(project, monkeypatch) == 0
    fout = capsys.readouterr().err
    assert f"{log} is beschadigd (regel 2 is geen UTF-8-tekst)" in fout
    assert "Traceback" not in fout
    assert len(list(log.parent.glob("run-log.jsonl.beschadigd-*"))) == 1
    assert runlog.read_records(log)  # a new, sound log
    assert report(project, monkeypatch) == 0  # and later runs are fine
    assert "beschadigd" not in capsys.readouterr().err


def test_runlog_zonder_json_wordt_opzijgezet(tmp_path):
    log = tmp_path / runlog.RUNLOG
    log.write_text('{"goed": 1}\nkapot{\n{"ook": 2}\n', encoding="utf-8")
    melding = runlog.check_log(log, "20240101T000000Z")
    assert melding is not None and "regel 2 is geen JSON" in melding and str(log) in melding
    assert not log.exists()
    assert (tmp_path / "run-log.jsonl.beschadigd-20240101T000000Z").is_file()


def test_afgebroken_laatste_regel_is_geen_bederf(tmp_path):
    log = tmp_path / runlog.RUNLOG
    log.write_text('{"goed": 1}\n{"half', encoding="utf-8")
    assert runlog.check_log(log, "x") is None
    assert log.read_text(encoding="utf-8").endswith('{"half\n')


def test_typst_fout_noemt_het_bestand(tmp_path):
    typ = tmp_path / "jaarverslag.typ"
    typ.write_text(
        f"= Titel\n{render.CHAPTER_MARK}index.md\nTekst\n"
        f"{render.CHAPTER_MARK}data/{PLAN}/tekst/vijandig.md\nHallo\n#foo(\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception) as info:
        render.compile_pdf(typ, tmp_path / "x.pdf")
    assert f"mislukt door de tekst van data/{PLAN}/tekst/vijandig.md" in str(info.value)
