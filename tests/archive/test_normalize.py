"""normalize(): the one entry point of the importer, the crawler pipeline and `parlarchive extract`."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from archive.errors import BadInput
from archive.normalize.clean import is_meta_line
from archive.normalize.core import normalize

FIXTURES = Path(__file__).parent / "fixtures"
SENATE_URL = "https://senate.parlam.kz/ru-RU/news/details/4417"


def _raw(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _file_url(name: str) -> str:
    return (FIXTURES / name).resolve().as_uri()


def test_html_page_from_the_crawler() -> None:
    got = normalize(_raw("senate_ru_article.html"), SENATE_URL, content_type="text/html; charset=utf-8")
    assert got.title == "Сенаторы обсудили развитие местного самоуправления"
    assert got.date == "2020-10-21"
    assert got.lang == "ru"
    assert got.url == SENATE_URL
    assert set(got.alternates) == {"kk", "en"}
    assert set(got.as_json()) >= {"title", "date", "lang", "text", "alternates", "url"}


def test_saved_text_file() -> None:
    got = normalize(_raw("mazhilis_skip_source.txt"), _file_url("mazhilis_skip_source.txt"))
    assert got.title == "Deputies of the Mazhilis met with the chairmen of regional maslikhats"
    assert got.lang == "en"
    assert got.date == "2021-03-11"
    assert got.url == _file_url("mazhilis_skip_source.txt")
    assert got.source_line.startswith("Source:")
    assert got.alternates == {}


def test_kazakh_text_language() -> None:
    got = normalize(_raw("kk_year_first.txt"), _file_url("kk_year_first.txt"))
    assert got.lang == "kk"
    assert got.date == "2022-05-17"


def test_undeclared_windows_1251_page() -> None:
    got = normalize(_raw("legacy_cp1251.htm"), _file_url("legacy_cp1251.htm"))
    assert got.title == "Заседание Совета по взаимодействию с маслихатами"
    assert got.lang == "ru"
    assert "В Сенате состоялось очередное заседание" in got.text


def test_charset_from_the_http_header() -> None:
    page = "<html><body><h1>Заседание</h1><p>Депутаты маслихатов обсудили бюджет области.</p></body></html>"
    got = normalize(
        page.encode("cp1251"), "https://senate.parlam.kz/ru-RU/x", content_type="text/html; charset=cp1251"
    )
    assert "Депутаты маслихатов обсудили бюджет области." in got.text


def test_html_is_sniffed_without_type_or_suffix() -> None:
    page = b"<!DOCTYPE html><html><body><h1>Title</h1><p>The Senate adopted the law on maslikhats.</p></body></html>"
    got = normalize(page)
    assert got.title == "Title"
    assert got.text == "The Senate adopted the law on maslikhats."


def test_text_content_type_is_not_parsed_as_html() -> None:
    got = normalize(b"Title\n\nThe <b>Senate</b> adopted the law.", content_type="text/plain")
    assert got.text == "The <b>Senate</b> adopted the law."


def test_truncated_html_still_normalizes() -> None:
    got = normalize(_raw("truncated.html"), SENATE_URL)
    assert got.title == "Сенаторы обсудили развитие местного самоуправления"
    assert got.text


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.html", "empty"),
        ("blank.txt", "empty"),
        ("binary.png", "binary"),
    ],
)
def test_unusable_files_raise_bad_input_with_a_reason(name: str, reason: str) -> None:
    with pytest.raises(BadInput, match=reason):
        normalize(_raw(name), _file_url(name))


def test_page_without_text_is_bad_input() -> None:
    page = b"<html><head><title>Senate</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(BadInput, match="no extractable text"):
        normalize(page, "https://senate.parlam.kz/en-US")


def test_undecodable_bytes_are_bad_input() -> None:
    with pytest.raises(BadInput):
        normalize(bytes(range(0x80, 0x100)) * 3, "file:///x.txt")


def _mutations(seed: int, pages: list[bytes]) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for _ in range(150):
        page = rng.choice(pages)
        kind = rng.randrange(4)
        if kind == 0:
            out.append(page[: rng.randrange(1, len(page))])
        elif kind == 1:
            out.append(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))))
        elif kind == 2:
            mutated = bytearray(page)
            for _ in range(40):
                mutated[rng.randrange(len(mutated))] = rng.randrange(1, 256)
            out.append(bytes(mutated))
        else:
            out.append(
                bytes(rng.choice(b"<>/=\"' abcpdivh1\n&;!-#\xd0\xb0") for _ in range(rng.randrange(1, 500)))
            )
    return out


def test_random_and_truncated_bytes_never_raise_anything_but_bad_input() -> None:
    pages = [_raw(n) for n in ("senate_ru_article.html", "parlam_kk_article.html", "legacy_cp1251.htm")]
    urls = [None, SENATE_URL, "file:///saved/page.txt", "file:///saved/page.html"]
    outcomes = {"ok": 0, "bad": 0}
    for i, raw in enumerate(_mutations(2024, pages)):
        try:
            got = normalize(raw, urls[i % len(urls)])
        except BadInput as exc:
            assert str(exc)
            outcomes["bad"] += 1
        else:
            assert got.text.strip()
            outcomes["ok"] += 1
    assert outcomes["ok"] and outcomes["bad"]  # both paths were exercised


MANIFEST = Path(__file__).resolve().parents[2] / "corpus" / "manifest.json"
HOSTS = {
    "senate": "https://senate.parlam.kz",
    "mazhilis": "https://www.parlam.kz",
    "institute": "https://qr-pib.kz",
}


@pytest.mark.parametrize("fetched", [True, False], ids=["crawled", "saved-file"])
def test_every_corpus_story_normalizes_to_its_manifest_entry(fetched: bool) -> None:
    """The demo snapshot's ground truth: title, date, language; alternates when the page's URL is known."""
    import json

    from parlarchive.demo.sitegen import url_file

    wrong = []
    for source, site in json.loads(MANIFEST.read_text(encoding="utf-8")).items():
        for story in site["stories"]:
            for lang, version in story["versions"].items():
                path = MANIFEST.parent / source / url_file(version["path"])
                url = HOSTS[source] + version["path"] if fetched else path.as_uri()
                got = normalize(path.read_bytes(), url)
                others = {o: HOSTS[source] + v["path"] for o, v in story["versions"].items() if o != lang}
                if (got.title, got.date, got.lang) != (version["title"], story["date"], lang):
                    wrong.append((version["path"], got.title, got.date, got.lang))
                elif version["title"].casefold() in got.text.casefold() or "©" in got.text:
                    wrong.append((version["path"], "title or footer in text"))
                elif "|" in got.text or any(is_meta_line(p) for p in got.text.split("\n\n")):
                    wrong.append((version["path"], "a cell separator or a counter in text"))
                elif fetched and got.alternates != others:
                    wrong.append((version["path"], got.alternates))
    assert wrong == []
