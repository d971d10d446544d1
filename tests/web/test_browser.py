"""A person's path through the UI in a real headless Chromium (Debian's `chromium`, driven by Playwright):
search, a facet, the interface language, a document, its capture and the compare page."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.helpers import crawled_site
from tests.helpers import served as served_archive

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium: `apt-get install chromium` (Debian) runs the browser tests"
)
# Flags for a closed network: no background connections, no component updates (they fail and retry).
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]  # fmt: skip


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A crawled archive (a small generated Senate site, three languages) behind a real `parlarchive serve`."""
    app_obj = crawled_site(tmp_path_factory.mktemp("browser"), "senate", 4)
    assert len(app_obj.search("*", limit=None, group="version")["hits"]) >= 8, (
        "four stories in several languages"
    )
    with served_archive(app_obj.data.root) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def test_a_researcher_searches_refines_switches_language_and_reads(
    served: str, browser, tmp_path: Path
) -> None:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    shots = tmp_path / "screenshots"
    shots.mkdir()

    page.goto(served)
    page.fill("#q", "депутаты OR deputies OR депутаттар")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    results = page.locator("main a[href^='/documents/']")
    assert results.count() >= 3, page.content()
    page.screenshot(path=shots / "1-results.png", full_page=True)

    facet = page.locator("aside a[href*='lang=ru']").first
    with page.expect_navigation():
        facet.click()
    assert "lang=ru" in page.url and "q=" in page.url, "the facet narrows the same search, in the URL"
    page.screenshot(path=shots / "2-facet.png", full_page=True)

    with page.expect_navigation():
        page.locator("a[hreflang='kk'][href*='/ui/kk']").first.click()
    assert page.locator("html").get_attribute("lang") == "kk"
    assert "lang=ru" in page.url, "switching the interface language keeps the search"
    assert page.locator("label[for='q']").inner_text() != "Search the archive"
    page.screenshot(path=shots / "3-kazakh-ui.png", full_page=True)

    with page.expect_navigation():
        page.locator("main a[href^='/documents/']").first.click()
    title = page.locator("h1").first.inner_text()
    assert title and re.search(r"/documents/[0-9a-f]{16}(\?search=[^#]*)?$", page.url)
    document_url = page.url
    page.screenshot(path=shots / "4-document.png", full_page=True)

    with page.expect_navigation():
        page.locator("a[href*='/capture']").first.click()
    frame = page.frame_locator("iframe.capture-frame")
    assert title[:30] in frame.locator("body").inner_text(), "the archived page shows the same story"
    page.screenshot(path=shots / "5-capture.png", full_page=True)

    page.goto(document_url)
    with page.expect_navigation():
        page.locator("a[href*='/compare']").first.click()
    heads = page.locator("table.compare thead th")
    assert heads.count() == 3
    assert page.locator("table.compare tbody tr").count() >= 2
    page.screenshot(path=shots / "6-compare.png", full_page=True)

    assert not problems, problems  # no script error, no blocked resource (CSP)
    assert len(list(shots.glob("*.png"))) == 6


def test_a_keyboard_user_steps_through_a_menu_and_hears_the_copy(served: str, browser) -> None:
    """The Language menu does not reload the page on ArrowDown (WCAG 3.2.2): the reader steps through its
    options and applies one with Enter (or Apply). The copy button's result is said in a status line that a
    screen reader announces."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served + "?q=" + quote("депутаты OR deputies OR депутаттар"))
    navigations: list[str] = []
    page.on(
        "framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None
    )
    menu = page.locator("#f-lang")
    menu.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert menu.input_value() == "ru", "two steps down from All languages: kk, then ru"
    page.wait_for_timeout(300)  # a reload on change would have started by now
    assert navigations == [] and "lang=" not in page.url
    page.keyboard.press("ArrowUp")
    assert menu.input_value() == "kk" and navigations == []
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "lang=kk" in page.url and "q=" in page.url
    assert page.locator("#f-lang").input_value() == "kk"

    page.locator("#f-source").select_option("senate")  # set without a pointer: waits for Apply, too
    page.wait_for_timeout(300)
    assert "source=senate" not in page.url
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Apply|Қолдану|Применить")).click()
    assert "source=senate" in page.url and "lang=kk" in page.url

    page.locator("main a[href^='/documents/']").first.click()
    page.wait_for_load_state()
    status = page.locator("[role='status'][data-copy-status]")
    assert status.inner_text() == ""
    page.locator("button[data-copy]").click()
    page.wait_for_function("document.querySelector('[data-copy-status]').textContent.length > 0")
    assert status.inner_text() == "The citation is copied."
    assert (
        page.evaluate("navigator.clipboard.readText()") == page.locator("#citation-text").inner_text().strip()
    )
    context.close()


# ---- a translator on versions paragraphed differently ------------------------------------------------


@pytest.fixture(scope="module")
def translator_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Two stories of the alignment set imported as saved pages: one whose Russian splits what Kazakh and
    English keep in one paragraph, one whose English leaves paragraphs out; behind a real `parlarchive serve`."""
    from bench.align_quality import load
    from parlarchive.app import Parlarchive
    from tests.archive.stories import write_versions

    root = tmp_path_factory.mktemp("translator")
    stories = {s.name: s for s in load()}
    for n, name in enumerate(("institute-training-aktobe", "mazhilis-roads-conference")):
        paragraphs = stories[name].paragraphs()
        versions = {lang: (f"{name} {lang}", paras) for lang, paras in paragraphs.items()}
        write_versions(root / "files", versions, 4300 + n, date_line="26.06.2024")
    app_obj = Parlarchive(root / "data")
    report, _ = app_obj.import_paths([root / "files"])
    assert report.new == 6 and not report.failed
    ids = {hit["title"]: hit["id"] for hit in app_obj.search("*", limit=20, group="version")["hits"]}
    with served_archive(app_obj.data.root) as url:
        yield {"url": url, "ids": ids}


def test_a_translator_sees_merged_cells_and_gaps_and_picks_two_languages_on_a_phone(
    translator_site: dict, browser, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    base, ids = translator_site["url"], translator_site["ids"]

    page.goto(f"{base}documents/{ids['institute-training-aktobe ru']}/compare")
    merged = page.locator("table.compare td[rowspan]")
    assert merged.count() >= 2, "Kazakh and English hold in one paragraph what Russian splits in two"
    first_row = page.locator("table.compare tbody tr").first
    tall = first_row.locator("td[rowspan='2']").first.bounding_box()
    short = first_row.locator("td[lang='ru']").bounding_box()
    assert tall["height"] > short["height"] * 1.5, "the merged cell spans both Russian rows"
    page.screenshot(path=tmp_path / "compare-merged.png", full_page=True)

    page.goto(f"{base}documents/{ids['mazhilis-roads-conference ru']}/compare")
    assert page.locator("table.compare td.gap").count() >= 1, "English left the last paragraph out: a gap"

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}documents/{ids['institute-training-aktobe ru']}/compare")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone: nothing off-screen"
    page.locator("input[name='lang'][value='en']").uncheck()
    with page.expect_navigation():
        page.locator(".compare-langs button").click()
    assert page.locator("table.compare thead th").count() == 2 and "lang=kk" in page.url
    page.screenshot(path=tmp_path / "compare-phone.png", full_page=True)
    assert not problems, problems
