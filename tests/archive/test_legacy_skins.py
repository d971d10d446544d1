"""Unseen skins, third pass (issue 20, items 1, 2, 3 and 5), on pages of our own in kk, ru and en: table
layouts, chrome that repeats the title, counters on the date's line, names glued by inline markup. What a
reader of the stored record notices: the story's own title once (as the title), its date, its paragraphs and
its table as rows, and nothing of the page around it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.normalize.clean import clean_text
from archive.normalize.core import normalize
from tests.archive import legacy_skins as skins
from tests.archive.legacy_skins import BUDGET, LANGS3
from tests.archive.test_template import import_site
from tests.helpers import cli_json


def _normalize(html: str, lang: str):
    return normalize(html.encode(), f"http://old.example{skins.story_path(lang)}")


def _chrome(lang: str) -> list[str]:
    """Every string of the page around the story (none may reach the stored text)."""
    return [skins.SITE[lang], *skins.MENU[lang], *skins.FOOTER[lang], *skins.OTHERS[lang], skins.HOME[lang],
            skins.NEWS[lang], *skins.TRAIL[lang], skins.TOPIC[lang], skins.MORE[lang],
            *(skins.SWITCH[code] for code in LANGS3)]  # fmt: skip


# --- item 1: table layouts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", sorted(skins.TABLE_LAYOUTS))
@pytest.mark.parametrize("lang", LANGS3)
def test_layout_tables_are_no_text_and_a_data_table_is_kept_as_rows(layout: str, lang: str) -> None:
    doc = _normalize(skins.TABLE_LAYOUTS[layout](lang), lang)
    title = BUDGET[lang][0]
    assert (doc.title, doc.date) == (title, skins.ISO_DATE)
    assert doc.text == skins.expected_text(lang), "the story, its budget table as rows, and nothing else"
    for line in doc.text.split("\n\n"):
        assert "|" not in line or line in skins.expected_text(lang), "no cell separator from layout"
    assert not any(chrome in doc.text for chrome in _chrome(lang))


def test_extract_shows_a_table_layout_page_as_the_archive_stores_it(tmp_path: Path) -> None:
    page = tmp_path / "budget.html"
    page.write_text(skins.table_strips("kk"), encoding="utf-8")
    got = cli_json(tmp_path, "extract", str(page))
    assert (got["title"], got["date"], got["lang"]) == (BUDGET["kk"][0], skins.ISO_DATE, "kk")
    assert got["text"] == skins.expected_text("kk")


# --- items 2 and 3: chrome that carries the title, counters beside the date -------------------------------

STORY_LAYOUTS = {
    **{f"chrome-{name}": render for name, render in skins.CHROME_LAYOUTS.items()},
    **{f"counters-{name}": render for name, render in skins.COUNTER_LAYOUTS.items()},
}


@pytest.mark.parametrize("layout", sorted(STORY_LAYOUTS))
@pytest.mark.parametrize("lang", LANGS3)
def test_the_title_once_as_the_title_the_date_and_no_counter(layout: str, lang: str) -> None:
    doc = _normalize(STORY_LAYOUTS[layout](lang), lang)
    title, paragraphs, _rows = BUDGET[lang]
    assert (doc.title, doc.date) == (title, skins.ISO_DATE), "a line of a date and counters is the date"
    assert doc.text == "\n\n".join(paragraphs), "no trail, strip, slider, related box nor counter line"
    assert title[:30] not in doc.text


@pytest.mark.parametrize(
    "line",
    [
        "16.05.2024 Просмотров: 610",
        "16.05.2024 | Просмотров: 610",
        "Қаралым: 610 16.05.2024",
        "16 мамыр 2024 ж. Қаралым: 610 Пікірлер: 3",
        "Views 610",
        "May 16, 2024 Views 610 Comments 3 Shares 4 Print",
        "16.05.2024, 10:15 · 610 просмотров · 3 комментария",
        "22 ноября 2023 г. Просмотров: 1 234 Печать",
    ],
)
def test_date_and_counter_lines_are_metadata(line: str) -> None:
    text = f"Сенаторы обсудили бюджет\n\n{line}\n\n12 сенаторов выступили в прениях по проекту бюджета."
    got = clean_text(text)
    assert got.text == "12 сенаторов выступили в прениях по проекту бюджета."


@pytest.mark.parametrize(
    "sentence",
    [
        "16.05.2024 610 депутатов проголосовали за закон о бюджете.",
        "16 мая 2024 года Просмотров стало больше: сайт Сената посетили 610 человек.",
        "Views 610 and more were counted by the press service after the session.",
    ],
)
def test_sentences_with_a_date_and_a_number_stay(sentence: str) -> None:
    assert clean_text(f"Сенаторы обсудили бюджет\n\n{sentence}").text == sentence


# --- item 5: words glued by inline markup ------------------------------------------------------------------


def _glued_expected(layout: str, lang: str) -> tuple[str, str]:
    """(title, text) the archive stores for a page of one glued layout."""
    _parts, role, said = skins.DEPUTY[lang]
    plain = skins.JOINED[lang][1]
    title = BUDGET[lang][0]
    if layout == "card":
        return title, "\n\n".join([skins.name(lang), role, said, plain])
    if layout == "heading":
        return skins.name(lang), "\n\n".join([role, said, plain])
    return title, "\n\n".join([said, skins.speakers(lang), role, plain])


@pytest.mark.parametrize("layout", sorted(skins.GLUED_LAYOUTS))
@pytest.mark.parametrize("lang", LANGS3)
def test_separate_inline_elements_are_separate_words_and_joined_ones_stay_one(layout: str, lang: str) -> None:
    doc = _normalize(skins.GLUED_LAYOUTS[layout](lang), lang)
    assert (doc.title, doc.text) == _glued_expected(layout, lang)


# --- the sites as an archive stores them --------------------------------------------------------------------


def site_pages() -> dict[str, tuple[str, str, str]]:
    """{url: (html, title, text)}: every layout of the four items, one host per layout, kk/ru/en."""
    pages = {}
    for group in (skins.TABLE_LAYOUTS, skins.CHROME_LAYOUTS, skins.COUNTER_LAYOUTS):
        for layout, render in group.items():
            for lang in LANGS3:
                title, paragraphs, _rows = BUDGET[lang]
                text = skins.expected_text(lang) if group is skins.TABLE_LAYOUTS else "\n\n".join(paragraphs)
                pages[f"http://{layout}.example{skins.story_path(lang)}"] = (render(lang), title, text)
    for layout, render in skins.GLUED_LAYOUTS.items():
        for lang in LANGS3:
            pages[f"http://glued-{layout}.example{skins.story_path(lang)}"] = (
                render(lang),
                *_glued_expected(layout, lang),
            )
    return pages


def test_an_archive_of_these_sites_stores_each_story_alone(tmp_path: Path) -> None:
    pages = site_pages()
    stored = import_site(tmp_path, {url: html for url, (html, *_rest) in pages.items()})
    assert len(stored) == len(pages)
    for url, (_html, title, text) in pages.items():
        rec = stored[url]
        assert (rec["title"], rec["text"]) == (title, text), url
        assert set(rec["versions"]) == set(LANGS3), "the three versions of each story stay linked"


# --- pages written after the rules were final ------------------------------------------------------------

HELDOUT = Path(__file__).parent / "data" / "skins_heldout"


def test_the_held_out_pages_are_extracted_whole() -> None:
    # Twelve pages in other shapes (bench/skins_audit.py). When first measured 9 were right; the causes of the
    # three misses (a title cell classed "zag"; a layout cell's loose lines skipped; two table rows joined as
    # a wrapped line; trafilatura's one-line rescue of a short <article>) were fixed, so this set is no
    # longer held out: the next pass needs new pages.
    manifest = json.loads((HELDOUT.parent / "skins_heldout.json").read_text(encoding="utf-8"))
    wrong = []
    for name, expected in manifest.items():
        doc = normalize((HELDOUT / name).read_bytes(), expected["url"])
        got = (doc.title, doc.date, doc.lang, doc.text_lang, doc.text.split("\n\n"))
        if got != tuple(expected[k] for k in ("title", "date", "lang", "text_lang", "text")):
            wrong.append((name, got))
    assert wrong == []
