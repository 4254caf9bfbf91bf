"""The jaarverslag HTML in a real browser (headless Chromium): it shows, and loads nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evalkit.build import book, render
from evalkit.data.load import load_jaarplan

FIXTURE = Path(__file__).parents[1] / "fixtures" / "render"
HOSTILE = Path(__file__).parents[1] / "fixtures" / "hostile"
MARKER = "GEHEIM-BUITEN-HET-PROJECT-4c1d"
PLAN = "fixture-2023"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium ontbreekt (Debian-pakket chromium): geen browsertest"
)


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> Path:
    doel = tmp_path_factory.mktemp("browser")
    mappen = {}
    for naam in ("data", "params", "notebooks", "reports"):
        shutil.copytree(FIXTURE / naam, doel / naam)
        mappen[f"{naam}_dir"] = doel / naam
    boekmap = book.make_book(PLAN, render.renderer_name(), meld=lambda _t: None, **mappen)
    resultaat = render.render_book(boekmap)
    assert resultaat.html is not None
    return resultaat.html


def bekijk(html: Path, map_: Path) -> dict:
    """Open the page in headless Chromium; record every request, take a full-page screenshot."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Python-pakket playwright ontbreekt (dev-extra)"
    )
    verzoeken: list[str] = []
    dialogen: list[str] = []
    schermafdruk = map_ / "jaarverslag.png"
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(map_ / "profiel"),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1000, "height": 1400},
        )
        try:
            pagina = context.new_page()
            pagina.on("request", lambda verzoek: verzoeken.append(verzoek.url))
            pagina.on("dialog", lambda d: (dialogen.append(d.message), d.dismiss()))
            pagina.goto(html.as_uri(), wait_until="load")
            pagina.wait_for_load_state("networkidle")
            # Hover, focus and click every element (in one go), so that a live event handler
            # would fire.
            pagina.evaluate(
                """() => {
                  for (const el of document.querySelectorAll('body *')) {
                    for (const soort of ['mouseover', 'mouseenter', 'focus', 'click']) {
                      el.dispatchEvent(new Event(soort, {bubbles: true, cancelable: true}));
                    }
                  }
                }"""
            )
            uitkomst = {
                "gehackt": pagina.evaluate("() => window.__pwned === undefined ? null : 1"),
                "scripts": pagina.locator("script").count(),
                "csp": pagina.locator('meta[http-equiv="Content-Security-Policy"]').count(),
                "titel": pagina.title(),
                "banner": pagina.locator(".voorbeelddata-banner").is_visible(),
                "figuren": pagina.locator("figure img").evaluate_all(
                    "imgs => imgs.map(img => img.naturalWidth)"
                ),
                "inhoud": pagina.locator("#TOC a").all_inner_texts(),
            }
            pagina.screenshot(path=str(schermafdruk), full_page=True)
        finally:
            context.close()
    assert schermafdruk.stat().st_size > 20_000
    assert schermafdruk.read_bytes().startswith(b"\x89PNG")
    assert verzoeken, "de pagina zelf moet geladen zijn"
    assert uitkomst["gehackt"] is None, "een script of handler uit de data is uitgevoerd"
    assert uitkomst["scripts"] == 0 and not dialogen
    assert uitkomst["csp"] == 1
    assert MARKER not in html.read_text(encoding="utf-8")
    for url in verzoeken:
        assert url == html.as_uri() or url.startswith(("data:", "about:")), url
    return uitkomst


def test_html_in_chromium_zonder_netwerkverkeer(html, tmp_path):
    uitkomst = bekijk(html, tmp_path)
    assert uitkomst["titel"] == "Jaarplan 2023 Voorbeeldverband"
    assert uitkomst["banner"]
    assert uitkomst["figuren"] and min(uitkomst["figuren"]) > 100  # embedded PNGs decode
    assert any("Evaluatie van de voortgang" in regel for regel in uitkomst["inhoud"])


@pytest.mark.parametrize("plan_id", ["almere-2023-2024", "plein013-2023", "ppo-nk-2023"])
def test_verzonden_jaarverslag_in_chromium(plan_id, verzonden, tmp_path):
    uitkomst = bekijk(verzonden[plan_id] / "jaarverslag.html", tmp_path)
    assert uitkomst["titel"] == load_jaarplan(plan_id).naam
    assert uitkomst["banner"]  # the shipped realisation is example data
    assert uitkomst["figuren"] and min(uitkomst["figuren"]) > 100
    assert any("Verantwoording" in regel for regel in uitkomst["inhoud"])


@pytest.fixture(scope="module")
def vijandig(tmp_path_factory) -> Path:
    """The hostile fixture's report, with an image of a file outside the project offered too."""
    doel = tmp_path_factory.mktemp("vijandig")
    (doel / "geheim.txt").write_text(MARKER)
    mappen = {}
    for naam in ("data", "params", "notebooks", "reports"):
        shutil.copytree(HOSTILE / naam, doel / "project" / naam)
        mappen[f"{naam}_dir"] = doel / "project" / naam
    boekmap = book.make_book(PLAN, render.renderer_name(), meld=lambda _t: None, **mappen)
    resultaat = render.render_book(boekmap)
    assert resultaat.html is not None
    return resultaat.html


def test_vijandige_tekst_is_tekst_in_chromium(vijandig, tmp_path):
    uitkomst = bekijk(vijandig, tmp_path)
    # The script in the plan's name is the page title, as text; it did not set the title.
    assert uitkomst["titel"].startswith("Jaarplan <script>document.title=")
    assert uitkomst["titel"] != "GEHACKT"
    tekst = vijandig.read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=5&lt;/script&gt;" in tekst
