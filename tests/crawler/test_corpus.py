"""The demo snapshot in corpus/: enough stories, in the sites' shapes, with the traps the spiders must meet."""

from __future__ import annotations

import itertools
import re
import urllib.error
import urllib.request

import pytest

from archive import dedupe
from parlarchive.demo.mirror import CORPUS
from parlarchive.demo.sitegen import DEFAULT_COUNTS, REPUBLISHED, SAVED, VARIANTS, build_corpus, make_stories


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


def test_the_demo_shows_republished_stories(manifest):
    """Two stories are republished by another site a day later, with the same title and text: the demo's
    duplicates (no other pair of stories is near-duplicate: test_no_two_stories_look_like_near_duplicates)."""
    copies = [
        (source, s) for source, entry in manifest.items() for s in entry["stories"] if "republishes" in s
    ]
    assert len(copies) == len(REPUBLISHED) == 2
    for site, copy in copies:
        origin = copy["republishes"]
        [original] = [s for s in manifest[origin["source"]]["stories"] if s["id"] == origin["id"]]
        assert site != origin["source"] and copy["versions"].keys() == original["versions"].keys()
        assert {v["title"] for v in copy["versions"].values()} == {
            v["title"] for v in original["versions"].values()
        }
        for lang, version in copy["versions"].items():
            texts = [dedupe.signature(_story_text(src, v["path"])) for src, v in
                     ((site, version), (origin["source"], original["versions"][lang]))]  # fmt: skip
            assert dedupe.is_near_duplicate(*texts), (site, lang)


def _story_text(source: str, path: str) -> str:
    from archive.config import Settings
    from archive.importer import extract_file

    page = CORPUS / source / (path.strip("/") + ".html")
    return extract_file(page, source, max_page_bytes=Settings().max_page_bytes).text


def test_the_demo_has_versions_that_differ(manifest):
    """A merged paragraph, an abridged English version and a story without a Kazakh version: what the compare
    page shows as gaps and merges."""
    paragraphs = {
        (source, index): {lang: s.paragraphs[lang] for lang in s.langs}
        for (source, index) in VARIANTS
        for s in [make_stories(source, DEFAULT_COUNTS[source])[index]]
    }
    merged = paragraphs[next(k for k, v in VARIANTS.items() if v == "merged")]
    assert len(merged["ru"]) == len(merged["kk"]) - 1 == len(merged["en"]) - 1
    abridged = paragraphs[next(k for k, v in VARIANTS.items() if v == "abridged")]
    assert len(abridged["en"]) * 2 == len(abridged["ru"]) == len(abridged["kk"])
    lone = paragraphs[next(k for k, v in VARIANTS.items() if v == "no-kk")]
    assert set(lone) == {"ru", "en"}
    for (source, index), _variant in VARIANTS.items():
        story = manifest[source]["stories"][index]
        assert set(story["versions"]) == set(paragraphs[source, index])


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_no_sentence_is_in_every_story(lang):
    """The stories are composed from pools of sentences: none of them recurs in a third of them or more."""
    seen: dict[str, int] = {}
    stories = [
        s for source, count in DEFAULT_COUNTS.items() for s in make_stories(source, count) if lang in s.langs
    ]
    for story in stories:
        sentences = set(re.split(r"(?<=[.!?])\s+", " ".join(story.paragraphs[lang])))
        for sentence in sentences:
            seen[sentence] = seen.get(sentence, 0) + 1
    sentence, most = max(seen.items(), key=lambda item: item[1])
    assert most < len(stories) / 3, (most, len(stories), sentence)


def test_the_demo_has_a_folder_of_saved_pages(tmp_path):
    """Pages a reader saved from a site no source registers: imported, they are "Imported file" records whose
    versions pair by their addresses; and the translation step stores a status where no model is installed."""
    from parlarchive.app import Parlarchive

    app = Parlarchive(tmp_path / "data")
    done, _indexed = app.import_paths([CORPUS / SAVED])
    assert done.new == 3 and not done.failed
    hits = app.search("*", limit=None, group="version")["hits"]
    assert {h["source"] for h in hits} == {"file"}
    assert sorted(len(h["versions"]) for h in hits) == [1, 2, 2]
    report, _indexed = app.translate()
    assert report.translated == 0 and report.no_model == 3  # every record: no model is installed
    record = app.get(hits[0]["id"])
    assert all(
        t["status"] == "no-model" and t["detail"].startswith("no model for")
        for t in record["translations"].values()
    )
