"""HTML extraction on pages in the three sites' shapes, with their boilerplate; and the site hints."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from archive.normalize.extract import extract_html
from archive.sources import SOURCES
from archive.versions import lang_code

FIXTURES = Path(__file__).parent / "fixtures"
SENATE_URL = "https://senate.parlam.kz/ru-RU/news/details/4417"
PARLAM_URL = "https://www.parlam.kz/kk/senate/press-center/article/5005"


def _page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_senate_page_title_once_and_no_boilerplate() -> None:
    got = extract_html(_page("senate_ru_article.html"), SENATE_URL, None)
    assert got.title == "Сенаторы обсудили развитие местного самоуправления"
    assert "Сенаторы обсудили" not in got.text  # not repeated from the slider, breadcrumb or heading
    assert "СЕНАТОРЫ" not in got.text
    paragraphs = _paragraphs(got.text)
    assert paragraphs[0].startswith("В Сенате Парламента под председательством")
    assert paragraphs[-1].startswith("В завершение заседания")
    assert len(paragraphs) == 4
    for noise in (
        "Главная",
        "Поделиться",
        "Facebook",
        "Версия для печати",
        "Другие новости",
        "Сенат одобрил закон",
        "Все права защищены",
        "Мамбетова",
        "Перейти к содержимому",
    ):
        assert noise not in got.text, noise


def test_senate_page_date_source_and_canonical() -> None:
    got = extract_html(_page("senate_ru_article.html"), "file:///saved/senate.html", None)
    assert got.date == "2020-10-21"  # the story's date, not a related item's 20.10.2020
    assert got.source_line == "Источник: Пресс-служба Сената Парламента Республики Казахстан"
    assert "Источник" not in got.text
    assert got.url == SENATE_URL  # <link rel=canonical> wins over where the file was read from


def test_senate_language_switcher_gives_the_other_versions() -> None:
    got = extract_html(_page("senate_ru_article.html"), SENATE_URL, None)
    assert got.alternates == {
        "kk": "https://senate.parlam.kz/kk-KZ/news/details/4417",
        "en": "https://senate.parlam.kz/en-US/news/details/4417",
    }


def test_switcher_links_resolve_against_canonical_for_saved_files() -> None:
    got = extract_html(_page("senate_ru_article.html"), "file:///saved/senate.html", None)
    assert got.alternates["kk"] == "https://senate.parlam.kz/kk-KZ/news/details/4417"


def test_parlam_page_hreflang_alternates_never_a_home_page() -> None:
    got = extract_html(_page("parlam_kk_article.html"), PARLAM_URL, None)
    # en-US points to the English home page and x-default to the site root: neither is this story.
    assert got.alternates == {"ru": "https://www.parlam.kz/ru/senate/press-center/article/5005"}
    assert got.url == PARLAM_URL  # relative canonical made absolute


def test_parlam_page_kazakh_title_date_and_body() -> None:
    got = extract_html(_page("parlam_kk_article.html"), PARLAM_URL, None)
    assert got.title == "Мәслихат депутаттарына арналған семинар өтті"
    assert got.date == "2023-09-22"
    assert got.lang == "kk"
    assert _paragraphs(got.text)[0].startswith("Сенат депутаттары Павлодар облысында")
    for noise in ("Басты бет", "Бөлісу", "Соңғы жаңалықтар", "ратификациялады", "құқықтар қорғалған", "ҚАЗ"):
        assert noise not in got.text, noise


def test_institute_page_title_from_og_and_home_switchers_ignored() -> None:
    got = extract_html(_page("institute_en_article.html"), "https://qr-pib.kz/en/p/812", None)
    assert got.title == "A round table on the budget code was held in Astana"
    assert got.alternates == {}  # its switcher links go to the home pages /kk/ and /ru/
    assert got.date == "2020-09-22"  # from <time> text (empty datetime), not the related cards
    assert got.source_line == "Source: Institute of Parliamentarism"
    assert "Skip to Content" not in got.text
    assert "Homepage" not in got.text
    assert "A round table on the budget code was held" not in got.text
    assert "Read also" not in got.text and "Shymkent" not in got.text
    assert got.url == "https://qr-pib.kz/en/p/812"


def test_truncated_page_keeps_what_arrived() -> None:
    got = extract_html(_page("truncated.html"), SENATE_URL, None)
    assert got.title == "Сенаторы обсудили развитие местного самоуправления"
    assert _paragraphs(got.text)[0].startswith("В Сенате Парламента")


def test_layout_table_page_gives_paragraphs() -> None:
    html = (FIXTURES / "legacy_cp1251.htm").read_bytes().decode("cp1251")
    got = extract_html(html, None, None)
    assert got.title == "Заседание Совета по взаимодействию с маслихатами"
    assert got.date == "2009-06-15"
    paragraphs = _paragraphs(got.text)
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("В Сенате состоялось")
    assert "|" not in got.text and "Новости" not in got.text


def test_title_from_head_title_without_site_suffix() -> None:
    html = (
        "<html><head><title>Комитет обсудил законопроект | Мажилис Парламента РК</title></head>"
        "<body><div class='content'><p>Комитет по законодательству обсудил законопроект о местном "
        "самоуправлении и одобрил его для рассмотрения на пленарном заседании.</p></div></body></html>"
    )
    assert extract_html(html, None, None).title == "Комитет обсудил законопроект"


def test_anchor_hreflang_and_query_language_switchers() -> None:
    html = (
        "<html><body><a hreflang='kk' href='https://mazhilis.parlam.kz/news?id=7&lang=kk'>ҚАЗ</a>"
        "<a hreflang='en' href='https://mazhilis.parlam.kz/news?id=8&lang=en'>ENG</a>"
        "<a lang='en' href='https://mazhilis.parlam.kz/?lang=en'>ENG</a>"
        "<h1>Заголовок</h1><p>Депутаты Мажилиса обсудили законопроект о бюджете.</p></body></html>"
    )
    got = extract_html(html, "https://mazhilis.parlam.kz/news?lang=ru&id=7", None)
    assert got.alternates == {"kk": "https://mazhilis.parlam.kz/news?id=7&lang=kk"}


def test_site_hints_win_over_generic_rules() -> None:
    html = """<html><body>
      <main><h1>Новости</h1>
        <div class="news-head">Сенат принял закон о маслихатах</div>
        <div class="when">Опубликовано: 03.02.2022</div>
        <div class="promo"><p>Подпишитесь на нашу рассылку, чтобы получать новости палаты каждый день.</p></div>
        <div class="story"><p>Сенат принял закон о маслихатах во втором чтении.</p>
        <p>Закон расширяет полномочия местных представительных органов.</p></div>
      </main></body></html>"""
    hints = replace(
        SOURCES["senate"],
        title_css=(".news-head",),
        date_css=(".when",),
        body_css=(".story",),
        drop_css=(".promo",),
    )
    got = extract_html(html, None, hints)
    assert got.title == "Сенат принял закон о маслихатах"
    assert got.date == "2022-02-03"
    assert got.text == (
        "Сенат принял закон о маслихатах во втором чтении.\n\n"
        "Закон расширяет полномочия местных представительных органов."
    )
    without = extract_html(html, None, None)
    assert without.title == "Новости"  # what the hints are for


def test_empty_or_broken_markup_gives_no_text() -> None:
    assert extract_html("", None, None).text == ""
    assert extract_html("</div></p><br><!--", None, None).text == ""
    assert (
        extract_html('<?xml version="1.0" encoding="utf-8"?><html><body></body></html>', None, None).text
        == ""
    )


def test_lang_code() -> None:
    assert [lang_code(v) for v in ("kz", "kk-KZ", "ru-RU", "en-US", "EN", "de", "x-default", None)] == [
        "kk",
        "kk",
        "ru",
        "en",
        "en",
        None,
        None,
        None,
    ]


def test_character_reference_to_a_control_character_is_dropped() -> None:
    html = (
        "<html><body><div class='story'><p>Депутаты &#x2;обсудили бюджет&#7; области.</p></div></body></html>"
    )
    hints = replace(SOURCES["senate"], body_css=(".story",))
    assert extract_html(html, None, hints).text == "Депутаты обсудили бюджет области."


def test_figures_captions_and_definition_lists_are_paragraphs_of_their_own() -> None:
    html = (
        '<html><body><div class="story"><figure><img src="s.jpg">Фото с заседания</figure>'
        "<figcaption>Депутаты на пленарном заседании</figcaption><dl><dt>Повестка</dt>"
        "<dd>Депутаты рассмотрели проект закона о местном самоуправлении.</dd></dl>"
        "<address>Астана, Дом Парламента</address></div></body></html>"
    )
    hints = replace(SOURCES["senate"], body_css=(".story",))
    assert _paragraphs(extract_html(html, None, hints).text) == [
        "Фото с заседания",
        "Депутаты на пленарном заседании",
        "Повестка",
        "Депутаты рассмотрели проект закона о местном самоуправлении.",
        "Астана, Дом Парламента",
    ]
