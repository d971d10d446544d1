"""The benchmark's generated archive: the same for a seed, and its pages, in every site's shape, import as
the stories they were written from (title, date, language, text, source, language versions, reposts)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from archive.store import Store
from bench.corpus_gen import Corpus, generate
from parlarchive.app import Parlarchive

SMALL_TAIL = 2000  # made-up words: enough for distinct texts, quick to make


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus(300, seed=3, tail=SMALL_TAIL)


def test_a_seed_gives_the_same_archive_and_another_seed_another(corpus: Corpus) -> None:
    again = Corpus(300, seed=3, tail=SMALL_TAIL)
    other = Corpus(300, seed=4, tail=SMALL_TAIL)
    first = [(r.lang, r.title, r.text) for r in corpus.records()]
    assert first == [(r.lang, r.title, r.text) for r in again.records()]
    assert len(first) == 300
    assert not {t for _, t, _ in first} & {r.title for r in other.records()}


def test_stories_have_one_to_three_versions_over_fifteen_years(corpus: Corpus) -> None:
    sizes = Counter(len(p.langs) for p in corpus.plan)
    assert sizes[3] > sizes[2] > sizes[1] > 0
    days = [p.day for p in corpus.plan]
    assert days == sorted(days) and days[-1].year - days[0].year >= 14


def test_a_repost_repeats_its_story_but_one_sentence() -> None:
    corpus = Corpus(3000, seed=3, tail=SMALL_TAIL)
    n = next(n for n, p in enumerate(corpus.plan) if p.repost_of is not None)
    original, repost = corpus.texts(corpus.plan[n].repost_of), corpus.texts(n)
    assert repost.keys() == original.keys()
    for lang, (title, paragraphs) in repost.items():
        assert title == original[lang][0]
        changed = [(a, b) for a, b in zip(paragraphs, original[lang][1], strict=True) if a != b]
        assert len(changed) == 1


def test_the_pages_import_as_the_stories_they_were_written_from(corpus: Corpus, tmp_path: Path) -> None:
    small = Corpus(60, seed=3, tail=SMALL_TAIL)
    folder = generate(60, seed=3, root=tmp_path, workers=1, corpus=small)
    app = Parlarchive(tmp_path / "data")
    report, indexed = app.import_paths([folder / "warc"])
    assert (report.new, report.failed, indexed) == (60, [], 60)
    with Store(tmp_path / "data" / "archive.sqlite3") as store:
        stored = {(d["lang"], d["title"]): d for d in store.documents()}
    shapes = Counter()
    for r in small.records():
        doc = stored[(r.lang, r.title)]
        assert (doc["date"], doc["source"], doc["text"]) == (r.date, r.source, r.text)
        shapes[doc["source"], "/api/" in doc["url"] or doc["url"].split("/")[3]] += 1
    # every source, the Mazhilis in its HTML pages (windows-1251) and its JSON API, the Senate's locales
    assert {s for s, _ in shapes} == {"senate", "mazhilis", "institute"}
    assert {"kk-KZ", "ru-RU"} <= {k for s, k in shapes if s == "senate"}
    assert {True, "kk"} <= {k for s, k in shapes if s == "mazhilis"}
    groups = Counter(d["version_group"] for d in stored.values())
    assert sorted(groups.values(), reverse=True) == sorted((len(p.langs) for p in small.plan), reverse=True)
