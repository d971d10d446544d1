"""Near-duplicates collapse into one hit, and that hit is the original (the first record seen), not a repost
that ranks above it or is newer."""

from __future__ import annotations

import pytest

from archive.paths import DataDir
from search.highlight import marker
from search.plan import lower
from search.querytree import parse
from tests.archive.stories import page
from tests.helpers import cli, cli_json
from tests.search.corpus import RU_WATER

ORIGINAL = "https://www.parlam.kz/ru/mazhilis/news/600"
REPOST = "https://senate.parlam.kz/ru-RU/news/details/900"


@pytest.fixture(scope="module")
def reposted(search_engine: str, tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    """The original first; a day later its repost, which says "водосбережение" once more and adds a line."""
    root = tmp_path_factory.mktemp("collapse")
    title, paragraphs = RU_WATER
    first, later = root / "first", root / "later"
    first.mkdir()
    later.mkdir()
    (first / "original.html").write_text(
        page(title, paragraphs, lang="ru", date_line="15.05.2024", canonical=ORIGINAL), encoding="utf-8"
    )
    repost = [*paragraphs[:-1], paragraphs[-1] + " Водосбережение — приоритет, сообщила пресс-служба."]
    (later / "repost.html").write_text(
        page(title, repost, lang="ru", date_line="16.05.2024", canonical=REPOST), encoding="utf-8"
    )
    data = root / "data"
    for folder in (first, later):
        assert cli(data, "import", str(folder))[0] == 0
    return DataDir(data)


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_collapsed_hit_shows_the_original(reposted: DataDir, sort: str) -> None:
    result = cli_json(reposted.root, "search", "водосбережение", "--sort", sort)
    (hit,) = result["hits"]
    assert hit["url"] == ORIGINAL and hit["date"] == "2024-05-15", "the first record seen, not the repost"
    assert hit["duplicates"] == 1 and result["total"] == 1
    shown = cli_json(reposted.root, "show", hit["id"])
    assert shown["duplicate_of"] is None, "the hit is the canonical record of its cluster"


def test_a_repost_alone_matching_stands_for_itself(reposted: DataDir) -> None:
    """When only the repost matches (the original lacks the word), the hit is the repost: showing the
    original would show a record the query does not find."""
    (hit,) = cli_json(reposted.root, "search", "приоритет")["hits"]
    assert hit["url"] == REPOST and hit["duplicates"] == 0
    (original,) = cli_json(reposted.root, "search", "водосбережение")["hits"]
    assert original["url"] == ORIGINAL
    assert cli_json(reposted.root, "show", hit["id"])["duplicate_of"] == original["id"]


def test_the_repost_matches_more_than_the_original(reposted: DataDir) -> None:
    """The case above is a real one: the repost says the word twice, the original once, so a rule that
    showed the best-matching record alone would show the repost (else the first test would pass without
    the original-first rule)."""
    mark = marker(lower(parse("водосбережение"), ("ru", "kk")))
    (hit,) = cli_json(reposted.root, "search", "водосбережение")["hits"]
    original = cli_json(reposted.root, "show", hit["id"])
    (repost_id,) = original["duplicates"]
    repost = cli_json(reposted.root, "show", repost_id)
    found = {rec["canonical_url"]: len(mark.spans(rec["text"], "ru")) for rec in (original, repost)}
    assert found[REPOST] > found[ORIGINAL] >= 1
