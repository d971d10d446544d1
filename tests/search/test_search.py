"""Searching a real archive: morphology, phrases, names across scripts, filters, facets, snippets, collapse."""

from __future__ import annotations

import random
import re

import pytest

from archive.errors import ArchiveMissing
from archive.paths import DataDir
from archive.store import Store
from search.backend import QueryError, SearchTooSlow
from search.service import _Found, _ResultCache
from tests.archive.stories import OTHER_STORY_EN, STORIES, text_file
from tests.helpers import import_files
from tests.search.corpus import EN_NAMES, KK_MASLIKHAT, RU_NAMES, RU_WATER, app, run_search, update_index


def titles(data: DataDir, query: str, **opts) -> list[str]:
    """The titles of every language version the query matches (each version a hit of its own)."""
    return [hit["title"] for hit in run_search(data, query, limit=None, group="version", **opts)["hits"]]


@pytest.mark.parametrize(
    "query",
    [
        "мәслихат",
        "мәслихаттың",
        "мәслихаттары",
        "мәслихаттарға",
        "мәслихаттардың",
        "депутаттарының",
        "отырысында",
    ],
)
def test_kazakh_morphology(archive: DataDir, query: str) -> None:
    assert KK_MASLIKHAT[0] in titles(archive, query)


@pytest.mark.parametrize(("query", "title"), [
    ("маслихатами", STORIES["ru"][0]),
    ("депутату", RU_NAMES[0]),
    ("орошения", RU_WATER[0]),
])  # fmt: skip
def test_russian_morphology(archive: DataDir, query: str, title: str) -> None:
    assert title in titles(archive, query)


@pytest.mark.parametrize(("query", "title"), [
    ("deputy", STORIES["en"][0]),
    ("irrigating", OTHER_STORY_EN[0]),
    ("student", EN_NAMES[0]),
])  # fmt: skip
def test_english_morphology(archive: DataDir, query: str, title: str) -> None:
    assert title in titles(archive, query)


def test_a_kazakh_form_finds_the_russian_and_english_spellings(archive: DataDir) -> None:
    """мәслихаттарға (Kazakh, dative plural) finds маслихата and maslikhats too, and nothing else; the
    Kazakh versions, matched in their own language, rank first."""
    found = titles(archive, "мәслихаттарға")
    assert set(found) == {KK_MASLIKHAT[0], STORIES["kk"][0], STORIES["ru"][0], STORIES["en"][0], RU_NAMES[0]}
    assert set(found[:2]) == {KK_MASLIKHAT[0], STORIES["kk"][0]}


def test_phrases_keep_word_order(archive: DataDir) -> None:
    assert titles(archive, '"районных маслихатов"') == [STORIES["ru"][0]]
    assert titles(archive, '"маслихатов районных"') == []
    assert titles(archive, '"public hearings"') != []


def test_boolean_operators_and_field_prefix(archive: DataDir) -> None:
    assert set(titles(archive, "депутаты AND бюджетом", lang="ru")) == {RU_NAMES[0]}
    assert set(titles(archive, "депутаты AND NOT бюджет", lang="ru")) == {RU_WATER[0], STORIES["ru"][0]}
    assert set(titles(archive, "депутаты бюджет")) == {RU_NAMES[0], STORIES["kk"][0], KK_MASLIKHAT[0]}, (
        "Cyrillic without Kazakh letters goes through both the ru and the kk analyzers"
    )
    assert set(titles(archive, "students OR irrigation")) == {EN_NAMES[0], OTHER_STORY_EN[0]}
    assert titles(archive, "title:водосбережение") == [RU_WATER[0]]
    assert titles(archive, "title:министерство") == [], "the word is in the text, not the title"
    assert titles(archive, "source:institute students") == [EN_NAMES[0]]


def test_wildcards(archive: DataDir) -> None:
    assert set(titles(archive, "водосбереж*")) == {RU_WATER[0]}
    assert set(titles(archive, "irrigat*")) == {OTHER_STORY_EN[0]}


@pytest.mark.parametrize(("query", "expected"), [
    ("Мукашев", {RU_NAMES[0], EN_NAMES[0], KK_MASLIKHAT[0]}),  # and the Kazakh stemmer finds Мукашевтың
    ("Mukashev", {RU_NAMES[0], EN_NAMES[0], KK_MASLIKHAT[0]}),  # the press spelling finds Мукашевтың too
    ("Battalova", {RU_NAMES[0], EN_NAMES[0]}),
    ("Batalova", {RU_NAMES[0], EN_NAMES[0]}),
    ("Zhumabekov", {STORIES["en"][0], STORIES["ru"][0], STORIES["kk"][0]}),
])  # fmt: skip
def test_names_across_scripts(archive: DataDir, query: str, expected: set[str]) -> None:
    assert set(titles(archive, query)) == expected


def test_filters_by_language_source_and_dates(archive: DataDir) -> None:
    assert set(titles(archive, "*", lang="en")) == {STORIES["en"][0], OTHER_STORY_EN[0], EN_NAMES[0]}
    assert set(titles(archive, "*", source="mazhilis")) == {KK_MASLIKHAT[0], RU_NAMES[0], RU_WATER[0]}
    assert set(titles(archive, "*", date_from="2023-01-01", date_to="2023-12-31")) == {
        KK_MASLIKHAT[0],
        RU_NAMES[0],
    }
    assert set(titles(archive, "*", date_from="2024-05-01")) == {OTHER_STORY_EN[0], RU_WATER[0]}
    assert titles(archive, "депутаты", lang="ru", source="senate", date_to="2024-03-31") == [STORIES["ru"][0]]


def test_facets_count_the_collapsed_hits(archive: DataDir) -> None:
    result = run_search(archive, "*", group="version")
    assert result["total"] == 8 and result["counted"] == "versions", "nine records, two near-duplicates"
    assert result["facets"]["lang"] == {"ru": 3, "en": 3, "kk": 2}
    assert result["facets"]["year"] == {"2024": 5, "2023": 2, "2022": 1}
    assert result["facets"]["source"] == {"senate": 4, "mazhilis": 3, "file": 1, "institute": 1}, (
        "the near-duplicate pair (mazhilis and senate) counts once under each of its sources"
    )
    for value, count in result["facets"]["source"].items():
        found = run_search(archive, "*", source=value, group="version")["total"]
        assert found == count, "a count is what its filter finds"
    filtered = run_search(archive, "депутаты", lang="ru", group="version")
    assert filtered["facets"]["lang"] == {"ru": filtered["total"]}


def test_a_story_is_counted_once(archive: DataDir) -> None:
    """By default a hit is a story: its three language versions and its repost are one hit, and the counts
    and facets count stories (a facet value: the stories with a version or record of that value)."""
    result = run_search(archive, "*")
    assert result["total"] == 6 and result["counted"] == "stories", "the Senate story and the water pair"
    assert result["facets"]["lang"] == {"en": 3, "ru": 3, "kk": 2}
    assert result["facets"]["source"] == {"mazhilis": 3, "senate": 2, "file": 1, "institute": 1}
    assert result["facets"]["year"] == {"2024": 3, "2023": 2, "2022": 1}
    for name, values in result["facets"].items():
        for value, count in values.items():
            if name in ("lang", "source"):
                assert run_search(archive, "*", **{name: value})["total"] == count, (name, value)
    senate = [hit for hit in result["hits"] if set(hit["versions"]) == {"kk", "ru", "en"}]
    assert len(senate) == 1, "one hit for the story published in three languages"


@pytest.mark.parametrize(
    ("query", "shown"), [("маслихатов", "ru"), ("мәслихаттың", "kk"), ("deputies", "en")]
)
def test_a_story_shows_its_version_in_the_query_language(archive: DataDir, query: str, shown: str) -> None:
    (hit,) = [h for h in run_search(archive, query)["hits"] if set(h["versions"]) == {"kk", "ru", "en"}]
    assert hit["lang"] == shown and hit["title"] == STORIES[shown][0]
    assert hit["versions"][shown] == hit["id"]


def test_near_duplicates_collapse_into_one_hit(archive: DataDir) -> None:
    result = run_search(archive, "водосбережение")
    assert result["total"] == 1
    assert result["hits"][0]["duplicates"] == 1


def test_hits_carry_their_version_group(archive: DataDir) -> None:
    hit = run_search(archive, "маслихатов", lang="ru")["hits"][0]
    assert set(hit["versions"]) == {"kk", "ru", "en"} and hit["versions"]["ru"] == hit["id"]
    lone = run_search(archive, "Batalova", lang="en")["hits"][0]
    assert lone["versions"] == {"en": lone["id"]}


def test_result_shape(archive: DataDir) -> None:
    result = run_search(archive, "депутаты", limit=2)
    assert set(result) == {"query", "total", "hits", "facets", "counted", "suggestion"}
    assert len(result["hits"]) == 2 and result["total"] > 2
    assert set(result["hits"][0]) == {
        "id", "title", "url", "lang", "source", "date", "score", "snippet", "duplicates", "via_translation",
        "versions", "story",
    }  # fmt: skip
    assert result["hits"][0]["via_translation"] is None, "found in its own text"
    assert set(result["facets"]) == {"source", "lang", "year", "month"}
    second = run_search(archive, "депутаты", limit=2, page=2)
    assert not {h["id"] for h in second["hits"]} & {h["id"] for h in result["hits"]}
    assert len(run_search(archive, "депутаты", limit=None)["hits"]) == result["total"]


def test_snippets_mark_matches_and_escape_everything_else(archive: DataDir) -> None:
    snippet = run_search(archive, "reader")["hits"][0]["snippet"]
    assert "<mark>reader</mark>" in snippet
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; asked" in snippet
    assert "<script>" not in snippet
    kk = run_search(archive, "мәслихаттарға", lang="kk", source="mazhilis")["hits"][0]["snippet"]
    assert "<mark>мәслихаттың</mark>" in kk and "<mark>мәслихаттарға</mark>" in kk
    names = run_search(archive, "Mukashev", lang="ru")["hits"][0]["snippet"]
    assert "<mark>Мукашев</mark>" in names


@pytest.mark.parametrize(("group", "count"), [("story", 6), ("version", 8)])
def test_sort_by_date(archive: DataDir, group: str, count: int) -> None:
    hits = run_search(archive, "*", sort="date", limit=None, group=group)["hits"]
    dates = [hit["date"] for hit in hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == count
    assert hits[0]["title"] == RU_WATER[0] and hits[0]["score"] is None


def test_translations_make_a_story_findable_in_another_language(fresh_archive: DataDir) -> None:
    with Store(fresh_archive.archive) as store:
        kk_id = next(r["id"] for r in store.documents() if r["title"] == KK_MASLIKHAT[0])
        store.save_translation(
            kk_id, "en", "Maslikhat session held", "The regular session of the regional council was held.",
            "test-model", "ok",
        )  # fmt: skip
    assert KK_MASLIKHAT[0] not in titles(fresh_archive, "council")
    assert update_index(fresh_archive) == 1
    assert KK_MASLIKHAT[0] in titles(fresh_archive, "councils")
    hit = next(h for h in run_search(fresh_archive, "councils")["hits"] if h["title"] == KK_MASLIKHAT[0])
    assert "<mark>council</mark>" in hit["snippet"]


@pytest.mark.parametrize(("query", "reason"), [
    ('"unclosed phrase', "unbalanced quotes"),
    ("(депутат OR закон", "unbalanced parentheses"),
    ("депутат)", "unbalanced parentheses"),
    ("AND депутат", "AND needs a term before it"),
    ("депутат NOT", "NOT needs a term after it"),
    ("author:Mukashev", "unknown field 'author'"),
    ("title:", "title: needs a term"),
    ("", "empty query"),
    ("!!!", "no searchable words"),
])  # fmt: skip
def test_bad_queries_say_why(archive: DataDir, query: str, reason: str) -> None:
    with pytest.raises(QueryError, match=reason):
        run_search(archive, query)


@pytest.mark.parametrize(("opts", "reason"), [
    ({"date_from": "2024-13-01"}, "--from must be a date"),
    ({"lang": "de"}, "unknown language"),
    ({"sort": "title"}, "sort must be"),
    ({"limit": 0}, "--limit"),
])  # fmt: skip
def test_bad_options_say_why(archive: DataDir, opts: dict, reason: str) -> None:
    with pytest.raises(QueryError, match=reason):
        run_search(archive, "депутат", **opts)


def test_a_query_of_five_thousand_characters(archive: DataDir) -> None:
    unit = 'депутаты (Мукашев OR Batalova) NOT "круглый стол" irrigation* маслихат '
    query = unit * (5000 // len(unit))
    query += "x" * (5000 - len(query))
    assert len(query) == 5000
    result = run_search(archive, query)
    assert result["query"] == query and result["total"] == 0
    assert run_search(archive, "бюджет " * 800)["total"] > 0, "a pasted long text is cut to its first words"


def test_only_a_star_matches_everything(archive: DataDir) -> None:
    assert run_search(archive, "*")["total"] == 6
    assert run_search(archive, "*", group="version")["total"] == 8
    assert run_search(archive, "  *  ", lang="kk")["total"] == 2


def test_a_data_folder_without_an_archive_says_so(tmp_path) -> None:
    with pytest.raises(ArchiveMissing, match="no archive at"):
        run_search(DataDir(tmp_path / "nothing"), "депутат")


@pytest.mark.parametrize("query", ["Жумабеков", "Жұмабеков", "Zhumabekov"])
def test_a_name_in_any_script_finds_every_spelling(archive: DataDir, query: str) -> None:
    """The Russian spelling finds the Kazakh one (Жумабеков / Жұмабеков) and the Latin one, and back."""
    found = set(titles(archive, query))
    assert {STORIES["ru"][0], STORIES["kk"][0]} <= found


@pytest.mark.parametrize(
    ("query", "mended"),
    [("маслихад", "маслихат"), ("parliment", "parliament"), ("Мукашов Баталава", "Мукашов Баталова")],
)
def test_a_misspelt_query_that_finds_nothing_gets_a_suggestion(
    archive: DataDir, query: str, mended: str
) -> None:
    result = run_search(archive, query)
    assert result["total"] == 0 and result["suggestion"] == mended
    assert run_search(archive, mended)["total"] > 0


def test_a_query_that_finds_something_gets_no_suggestion(archive: DataDir) -> None:
    assert run_search(archive, "маслихат")["suggestion"] is None
    assert run_search(archive, "qwertyuiop")["suggestion"] is None, "no word is close to it"


def test_syntax_a_user_is_likely_to_type(archive: DataDir) -> None:
    """Lower-case or/and between terms, -word, a word with a colon after it, date:YYYY[-MM[-DD]]."""
    assert titles(archive, "депутаты -бюджет", lang="ru") == titles(archive, "депутаты NOT бюджет", lang="ru")
    assert set(titles(archive, "students or irrigation")) == set(titles(archive, "students OR irrigation"))
    assert len(titles(archive, "students or irrigation")) == 2
    assert titles(archive, "students and hearings") == titles(archive, "students AND hearings") != []
    assert titles(archive, "Мукашев: бюджетом") == titles(archive, "Мукашев бюджетом") != []
    in_2024 = titles(archive, "*", date_from="2024-01-01", date_to="2024-12-31")
    assert sorted(titles(archive, "date:2024")) == sorted(in_2024)
    assert set(titles(archive, "date:2024-05")) == set(titles(archive, "date:[2024-05 TO 2024-05]")) != set()
    assert set(titles(archive, "date:2024-03-14 AND депутаттары")) == {STORIES["kk"][0], STORIES["ru"][0]}


@pytest.mark.parametrize(("query", "reason"), [
    ("*a* OR *b*", "a wildcard needs 2 letters before its first"),
    (" OR ".join(f"ab{n}*" for n in range(20)), "too many wildcards"),
    ("date:2024-13", "a date is YYYY, YYYY-MM or YYYY-MM-DD"),
    ("date:[2024 TO", "a range needs a closing"),
])  # fmt: skip
def test_a_query_that_would_cost_too_much_or_is_malformed_is_refused(
    archive: DataDir, query: str, reason: str
) -> None:
    with pytest.raises(QueryError, match=re.escape(reason)):
        run_search(archive, query)


def test_a_search_past_its_time_budget_is_stopped_with_a_clear_error(archive: DataDir) -> None:
    slow = app(archive, search_time_budget=0.0)
    with pytest.raises(SearchTooSlow, match="the search took longer than 0 s") as caught:
        slow.search("депутат OR deputies OR мәслихат")
    assert caught.value.http_status == 503


def test_pages_of_tied_hits_are_one_order_however_they_are_reached(fresh_archive: DataDir, tmp_path) -> None:
    """Thirty stories of one day, each naming the hearing once in as many words (equal scores, equal dates):
    paging through them, from the first page or straight to the last, shows each once, in one order."""
    rng = random.Random(5)
    folder = tmp_path / "tied"
    folder.mkdir()
    for n in range(30):
        words = " ".join(
            "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(40)
        )
        (folder / f"tied-{n}.txt").write_text(
            text_file(f"Tariff hearing {words[:24]}", [f"Tariff {words}."], date_line="05.06.2024"),
            encoding="utf-8",
        )
    import_files(fresh_archive.root, folder)
    for sort in ("relevance", "date"):
        whole = [h["id"] for h in run_search(fresh_archive, "tariff", sort=sort, limit=None)["hits"]]
        assert len(whole) == len(set(whole)) >= 30
        reader = app(fresh_archive)  # one process: its result cache serves the later pages
        pages = [
            [h["id"] for h in reader.search("tariff", sort=sort, limit=7, page=p)["hits"]]
            for p in range(1, 7)
        ]
        assert [i for page in pages for i in page] == whole, sort
        last = [h["id"] for h in app(fresh_archive).search("tariff", sort=sort, limit=7, page=5)["hits"]]
        assert last == pages[4], f"{sort}: the last page reached first"


def test_the_result_cache_holds_a_bounded_number_of_hits() -> None:
    """Deep pages of common words keep tens of thousands of hits each: the cache drops the oldest sets past
    its bound of hits (always keeping the newest), as it does past its count of sets."""
    cache = _ResultCache(size=10, hits=100)
    sets = {n: _Found(60, {}, [(None, None)] * 60, True) for n in range(3)}
    for n, found in sets.items():
        cache.put(("g", n), found)
    assert [cache.get(("g", n)) for n in range(3)] == [None, None, sets[2]] and cache.held == 60
    cache.put(("g", 3), _Found(1000, {}, [(None, None)] * 1000, True))  # larger than the bound alone
    assert cache.get(("g", 2)) is None and cache.get(("g", 3)) is not None and cache.held == 1000
