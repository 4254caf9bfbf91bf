"""Accessibility of the rendered reports: axe-core in Chromium on the HTML, alt text, PDF title.

The HTML of a small fixture book and of every shipped jaarverslag (reports/<id>/jaarverslag.html,
when it has been rendered) is loaded in Debian's Chromium; axe-core (the axe.min.js that the
pinned PyPI package axe-playwright-python ships) checks the WCAG 2.0/2.1 A and AA rules. No
critical or serious violation may remain, and every image needs a non-empty alternative text.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from evalkit.build import book, render

FIXTURE = Path(__file__).parents[1] / "fixtures" / "render"
PLAN = "fixture-2023"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"critical", "serious"}
EXPECTED_SHIPPED = ("almere-2023-2024", "plein013-2023", "ppo-nk-2023")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium ontbreekt (Debian-pakket chromium): geen axe-core-test"
)


def axe_script() -> str:
    """The axe.min.js shipped by the pinned axe-playwright-python package."""
    base = pytest.importorskip(
        "axe_playwright_python.base", reason="axe-playwright-python ontbreekt (dev-extra)"
    )
    return base.AXE_FILE_PATH.read_text(encoding="utf-8")


def audit(html: Path, profiel: Path) -> dict:
    """Open the page in headless Chromium, run axe-core and list the images and page facts."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright ontbreekt (dev-extra)")
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profiel), executable_path=CHROMIUM, headless=True, args=FLAGS
        )
        try:
            pagina = context.new_page()
            pagina.goto(html.as_uri(), wait_until="load")
            pagina.evaluate(axe_script())
            resultaat = pagina.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                " resultTypes: ['violations']})",
                TAGS,
            )
            return {
                "violations": resultaat["violations"],
                "images": pagina.locator("img").evaluate_all(
                    "imgs => imgs.map(i => i.getAttribute('alt'))"
                ),
                "lang": pagina.evaluate("document.documentElement.lang"),
                "title": pagina.title(),
            }
        finally:
            context.close()


def blocking(violations: list[dict]) -> list[str]:
    """The critical and serious violations as 'rule (impact): n elements, first target'."""
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])}x, o.a. {v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


def check_page(html: Path, profiel: Path) -> dict:
    uitkomst = audit(html, profiel)
    assert blocking(uitkomst["violations"]) == []
    assert uitkomst["images"], "verwacht minstens een figuur"
    assert all(alt and alt.strip() for alt in uitkomst["images"]), uitkomst["images"]
    assert uitkomst["lang"] in ("nl", "nl-NL")
    assert uitkomst["title"].strip()
    return uitkomst


def add_alt_texts(ronde: Path) -> None:
    """Give the fixture's figures alternative text both ways the notebooks can: the image
    output's metadata (as display.show_figure writes it) and, on the first figure, also
    `#| fig-alt:` (the author's own words, which win in both renderers, as in Quarto)."""
    eerste = True
    for naam in ("evaluatie.ipynb", "overzicht.ipynb"):
        nb = nbformat.read(ronde / naam, as_version=4)
        for k, cel in enumerate(nb.cells):
            afbeeldingen = [o for o in cel.get("outputs", []) if "image/png" in o.get("data", {})]
            if not afbeeldingen:
                continue
            for o in afbeeldingen:
                o.setdefault("metadata", {})["image/png"] = {"alt": f"Grafiek {k} in woorden"}
            if eerste:
                cel.source = f'#| fig-alt: "Vaste beschrijving van grafiek {k}"\n' + cel.source
                eerste = False
        nbformat.write(nb, ronde / naam)


@pytest.fixture(scope="module")
def fixture_book(tmp_path_factory) -> render.RenderResult:
    doel = tmp_path_factory.mktemp("a11y")
    mappen = {}
    for naam in ("data", "params", "notebooks", "reports"):
        shutil.copytree(FIXTURE / naam, doel / naam)
        mappen[f"{naam}_dir"] = doel / naam
    add_alt_texts(doel / "reports" / PLAN / "M12")
    boekmap = book.make_book(PLAN, render.renderer_name(), meld=lambda _t: None, **mappen)
    bewaard = doel / "typst"
    compile_pdf = render.compile_pdf

    def bewaar_typst(typ: Path, pdf: Path, *args) -> int | None:
        shutil.copytree(typ.parent, bewaard)
        return compile_pdf(typ, pdf, *args)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(render, "compile_pdf", bewaar_typst)
        resultaat = render.render_book(boekmap)
    return resultaat, bewaard / "jaarverslag.typ"


def test_fixture_book_passes_axe_core(fixture_book, tmp_path):
    resultaat, _ = fixture_book
    assert resultaat.html is not None
    uitkomst = check_page(resultaat.html, tmp_path / "profiel")
    # `#| fig-alt:` wins over the output metadata's text, which wins over the caption
    beelden = " ".join(uitkomst["images"])
    assert "Vaste beschrijving van grafiek" in beelden and "in woorden" not in beelden


def test_fixture_typst_has_alt_on_every_image_and_compiles_as_pdf_ua_1(fixture_book):
    import typst

    _, typ = fixture_book
    afbeeldingen = [r for r in typ.read_text(encoding="utf-8").splitlines() if "image(" in r]
    assert afbeeldingen
    assert all('alt: "' in r for r in afbeeldingen), afbeeldingen
    pdf = typst.compile(
        str(typ),
        root=str(typ.parent),
        font_paths=[str(render.font_dir())],
        ignore_system_fonts=True,
        timestamp=0,
        pdf_standards=["ua-1"],
    )
    assert pdf.startswith(b"%PDF")


def test_fixture_pdf_has_the_title_as_document_title(fixture_book):
    resultaat, _ = fixture_book
    if resultaat.pdf is None or shutil.which("pdfinfo") is None:
        pytest.skip("geen PDF of geen pdfinfo (Debian-pakket poppler-utils)")
    info = subprocess.run(
        ["pdfinfo", str(resultaat.pdf)], capture_output=True, text=True, check=True
    ).stdout
    titel = next(r for r in info.splitlines() if r.startswith("Title:"))
    assert titel.removeprefix("Title:").strip()
    assert "Tagged:          yes" in info


@pytest.mark.parametrize("plan_id", EXPECTED_SHIPPED)
def test_shipped_report_passes_axe_core(plan_id, verzonden, tmp_path):
    """The shipped jaarverslagen, rendered from the committed executed notebooks."""
    check_page(verzonden[plan_id] / "jaarverslag.html", tmp_path / "profiel")


@pytest.mark.parametrize("plan_id", EXPECTED_SHIPPED)
def test_shipped_opr_copy_passes_axe_core(plan_id, tmp_path):
    """The OPR review copy of every shipped plan, made into a temporary reports folder."""
    from evalkit.tools import review

    uit = review.make_copy(plan_id, "2025-05-14", reports_dir=tmp_path / "reports")
    html = next(uit.folder.glob("*.html"))
    uitkomst = audit(html, tmp_path / "profiel")
    assert blocking(uitkomst["violations"]) == []
    assert all(alt and alt.strip() for alt in uitkomst["images"]), uitkomst["images"]
    assert uitkomst["lang"] in ("nl", "nl-NL")
    assert uitkomst["title"].strip()
