"""The demo snapshot in corpus/: enough stories, in the sites' shapes, with the traps the spiders must meet."""

from __future__ import annotations

import itertools
import urllib.error
import urllib.request

import pytest

from archive import dedupe
from parlarchive.demo.mirror import CORPUS
from parlarchive.demo.sitegen import build_corpus, make_stories


def test_each_source_has_30_stories_mostly_in_three_languages(manifest):
    for source, entry in manifest.items():
        stories = entry["stories"]
        assert len(stories) >= 30, source
        full = sum(len(s["versions"]) == 3 for s in stories)
        assert full > len(stories) / 2, source
        assert any(len(s["versions"]) < 3 for s in stories), source
        assert len(entry["lists"]["ru"]) >= 3, f"{source}: several list pages"


def test_corpus_files_are_what_the_generator_writes(tmp_path, manifest):
    assert build_corpus(tmp_path) == manifest
    for f in sorted(tmp_path.rglob("*")):
        if f.is_file():
            assert f.read_bytes() == (CORPUS / f.relative_to(tmp_path)).read_bytes(), f


def test_no_two_stories_look_like_near_duplicates():
    for lang in ("kk", "ru", "en"):
        sigs = []
        for source, count in (("senate", 33), ("mazhilis", 32), ("institute", 31)):
            for s in make_stories(source, count):
                if lang in s.langs:
                    sigs.append(dedupe.signature("\n".join(s.paragraphs[lang])))
        pairs = [(a, b) for a, b in itertools.combinations(sigs, 2) if dedupe.is_near_duplicate(a, b)]
        assert not pairs, lang


def test_mazhilis_pages_are_windows_1251_with_kazakh_as_character_references():
    page = (CORPUS / "mazhilis" / "kk" / "mazhilis" / "news.html").read_bytes()
    assert b"charset=windows-1251" in page
    assert b"&#1179;" in page or b"&#1241;" in page  # қ or ә: not in windows-1251
    page.decode("cp1251")


def test_server_answers_robots_errors_and_the_api(sites):
    def get(source: str, path: str) -> tuple[int, bytes, str]:
        try:
            with urllib.request.urlopen(sites[source].base_url + path) as r:
                return r.status, r.read(), r.headers["Content-Type"]
        except urllib.error.HTTPError as e:
            return e.code, b"", ""

    status, body, _ = get("senate", "/robots.txt")
    assert status == 200 and b"Disallow: /ru-RU/news/details/777$" in body
    assert get("senate", "/ru-RU/news/details/9404")[0] == 404
    assert get("senate", "/ru-RU/news/details/9500")[0] == 500
    assert get("senate", "/en-US/news/details/9200")[:2] == (200, b"")
    assert "windows-1251" in get("mazhilis", "/ru/mazhilis/news?page=2")[2]
    status, body, ctype = get("mazhilis", "/api/core/news?lang=kk&limit=5&offset=5")
    assert status == 200 and ctype == "application/json" and b'"count"' in body
    assert get("institute", "/ru/post/?page=2")[0] == 200
    assert get("institute", "/_site.json")[0] == 404


@pytest.mark.parametrize("source", ["senate", "mazhilis", "institute"])
def test_article_pages_carry_boilerplate_and_a_language_switcher(source, manifest):
    story = next(s for s in manifest[source]["stories"] if len(s["versions"]) == 3)
    path = story["versions"]["ru"]["path"]
    html = (
        (CORPUS / source / (path.strip("/") + ".html"))
        .read_bytes()
        .decode("cp1251" if source == "mazhilis" else "utf-8")
    )
    title = story["versions"]["ru"]["title"]
    assert html.count(title) >= 2  # repeated in title, header or slider
    for other in ("kk", "en"):
        assert story["versions"][other]["path"] in html  # the language switcher
    assert ('hreflang="kk"' in html) == (source != "mazhilis")
    assert "Поделиться" in html and "Главная" in html
