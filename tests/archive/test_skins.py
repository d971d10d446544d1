"""Other skins, pages without metadata, saved pages and plain texts of press services (issue 12, items 2-5),
on markup and texts of our own that corpus/ does not have."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.errors import BadInput
from archive.normalize.clean import clean_text
from archive.normalize.core import normalize
from archive.normalize.extract import extract_html
from tests.archive.skins import COUNTERS, NEWS, NEWS_SKINS, PANEL
from tests.helpers import cli, cli_json, data_folder, records

# --- item 2: boilerplate of other skins ------------------------------------------------------------------


@pytest.mark.parametrize("skin", sorted(NEWS_SKINS))
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_counters_and_the_accessibility_panel_go_sentences_with_numbers_stay(skin: str, lang: str) -> None:
    doc = normalize(NEWS_SKINS[skin](lang).encode(), f"http://{skin}.example/{lang}/news/1")
    title, paragraphs = NEWS[lang]
    assert doc.title == title
    assert doc.text == "\n\n".join(paragraphs), "only the story: its sentences that start with a number too"
    for line in PANEL[lang] + COUNTERS[lang]:
        assert line not in doc.text


@pytest.mark.parametrize(
    "line",
    [
        "Просмотров: 1 234",
        "1 234 просмотра",
        "Views: 57",
        "Қаралым: 88",
        "88 рет қаралды",
        "Обновлено: 22 ноября 2023 г., 10:15",
        "Last updated: 12.03.2024",
        "Жаңартылды: 12.03.2024",
        "Версия для печати | Поделиться | A+ A-",
        "Фото: Сенат",
        "Photo by the press service",
    ],
)
def test_widget_lines_are_not_story(line: str) -> None:
    text = f"Сенаторы обсудили бюджет\n\n{line}\n\n12 сенаторов выступили в прениях по проекту бюджета.\n\n{line}"
    assert clean_text(text).text == "12 сенаторов выступили в прениях по проекту бюджета."


# --- item 3: pages with no metadata -----------------------------------------------------------------------

SITE = "Маслихат Северной области"
MENU = "<div class='menu'><a href='/'>Главная</a> <a href='/news'>Новости</a></div>"
STORY = "Сессия маслихата утвердила бюджет области на 2024 год"
BODY = (
    "<p>Депутаты маслихата на очередной сессии рассмотрели и утвердили областной бюджет.</p>"
    "<p>В обсуждении приняли участие 24 депутата и представители акимата области.</p>"
)
LAYOUTS = {
    "table": (
        f"<html><head><title>{SITE} - Новости</title></head><body><table><tr><td>"
        f"<div class='logo'><img alt='{SITE}' src='l.gif'><b>{SITE}</b></div>{MENU}</td></tr>"
        f"<tr><td><div class='newstitle'><b>{STORY}</b></div><div>22 ноября 2023 г.</div>{BODY}</td></tr>"
        "</table></body></html>",
        "2023-11-22",
    ),
    "definition list": (
        f"<html><head><title>{SITE} | Новости</title></head><body><div id='logo'>{SITE}</div>{MENU}"
        f"<dl><dt><strong>{STORY}</strong></dt><dd>22 қыркүйек 2023 ж.</dd><dd>{BODY}</dd></dl></body></html>",
        "2023-09-22",
    ),
    "plain paragraphs": (
        f"<html><head><title>{SITE} - Новости</title></head><body><p><b>{SITE}</b></p>{MENU}"
        f"<p><b>{STORY}</b></p><p>Tuesday, September 22nd, 2020</p>{BODY}</body></html>",
        "2020-09-22",
    ),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_title_by_evidence_and_date_beside_it_without_metadata(layout: str) -> None:
    html, date = LAYOUTS[layout]
    doc = extract_html(html, "http://maslikhat.example/news/7", None)
    assert doc.title == STORY, "never the site's name, the section's or a line every page repeats"
    assert doc.date == date
    assert doc.text.startswith("Депутаты маслихата") and SITE not in doc.text


@pytest.mark.parametrize(
    ("head", "logo"),
    [
        (f"{SITE} - {STORY}", f"<div class='logo'>{SITE}</div>"),
        (f"Новости - {STORY}", ""),
    ],
)
def test_the_story_part_of_title_when_nothing_else_names_it(head: str, logo: str) -> None:
    html = f"<html><head><title>{head}</title></head><body>{logo}{BODY}</body></html>"
    assert extract_html(html, None, None).title == STORY


def test_a_bold_title_beside_a_section_first_head_title() -> None:
    html = (
        f"<html><head><title>Новости - {STORY}</title></head><body><p><b>{STORY}</b></p>{BODY}</body></html>"
    )
    assert extract_html(html, None, None).title == STORY


# --- item 4: saved pages keep their language links; publisher lines --------------------------------------


def saved_page(lang: str, path: str = "/{lang}/news/details/7301") -> str:
    title, paragraphs = NEWS[lang]
    links = "".join(
        f'<link rel="alternate" hreflang="{code}" href="{path.format(lang=code)}">'
        for code in ("kk", "ru", "en")
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{links}</head>'
        f"<body><h1>{title}</h1>{body}</body></html>"
    )


def test_extract_reports_relative_alternates_with_their_language(tmp_path: Path) -> None:
    (tmp_path / "story.html").write_text(saved_page("ru"), encoding="utf-8")
    got = cli_json(tmp_path, "extract", str(tmp_path / "story.html"))
    assert got["alternates"] == {
        "kk": "/kk/news/details/7301",
        "ru": "/ru/news/details/7301",
        "en": "/en/news/details/7301",
    }


def test_saved_versions_imported_together_are_linked_and_other_folders_are_not(tmp_path: Path) -> None:
    for folder in ("senate", "elsewhere"):
        for lang in ("kk", "ru", "en"):
            (tmp_path / folder).mkdir(exist_ok=True)
            (tmp_path / folder / f"Сенат {lang}.html").write_text(saved_page(lang), encoding="utf-8")
    data = data_folder(tmp_path / "data")
    code, _out, err = cli(data.root, "import", str(tmp_path / "senate"), str(tmp_path / "elsewhere"))
    assert code == 0, err
    stored = records(data)
    assert len(stored) == 6
    for url, rec in stored.items():
        assert set(rec["versions"]) == {"kk", "ru", "en"}, url
        folder = url.split("/")[-2]
        assert all(stored_url.split("/")[-2] == folder for stored_url, other in stored.items()
                   if other["id"] in rec["versions"].values())  # fmt: skip
        assert rec["duplicate_of"] is None or stored_by_id(stored, rec["duplicate_of"])["lang"] == rec["lang"]


def stored_by_id(stored: dict, rid: str) -> dict:
    return next(r for r in stored.values() if r["id"] == rid)


@pytest.mark.parametrize(
    ("publisher", "title", "lang"),
    [
        ("Пресс-служба Сената Парламента РК", "Сенат принял закон о местном самоуправлении", "ru"),
        (
            "Senate of the Parliament of the Republic of Kazakhstan | Press releases",
            "The Senate adopted the law on local self-government",
            "en",
        ),
        (
            "ҚР Парламенті Сенатының баспасөз қызметі",
            "Сенат жергілікті өзін-өзі басқару туралы заңды қабылдады",
            "kk",
        ),
    ],
)
def test_a_publisher_line_is_provenance_and_the_next_line_the_title(
    publisher: str, title: str, lang: str
) -> None:
    body = "\n\n".join(NEWS[lang][1])
    doc = normalize(f"{publisher}\n{title}\n\n{body}\n".encode(), "file:///press/release.txt")
    assert (doc.title, doc.source_line, doc.text, doc.lang) == (title, publisher, body, lang)


def test_a_title_that_names_the_press_service_is_still_a_title() -> None:
    text = (
        "Пресс-служба Сената провела брифинг для журналистов\n\nБрифинг прошёл в Астане в здании Парламента."
    )
    got = clean_text(text)
    assert (got.title, got.source_line) == ("Пресс-служба Сената провела брифинг для журналистов", None)


# --- item 5: one-line texts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("Сенат принял закон о местном самоуправлении", "ru"),
        ("Мәжіліс депутаттары жергілікті бюджет туралы заң жобасын мақұлдады.", "kk"),
        ("The Senate will hold its plenary session on Thursday at ten in the morning.", "en"),
    ],
)
def test_a_one_line_text_is_a_record(tmp_path: Path, line: str, lang: str) -> None:
    doc = normalize(f"\n  {line}  \n\n".encode(), "file:///press/one.txt")
    assert (doc.title, doc.text, doc.lang) == (line, line, lang)


@pytest.mark.parametrize("raw", [b"", b"   \n\t\n  ", "\u00a0\n".encode()])
def test_only_empty_or_blank_texts_are_refused(raw: bytes) -> None:
    with pytest.raises(BadInput, match="empty"):
        normalize(raw, "file:///press/blank.txt")
