"""Each spider crawls the corpus over loopback: every story version, right titles and dates, versions
grouped, robots.txt obeyed, broken links reported, valid WARCs, an idempotent re-crawl, a WARC rebuild."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.paths import DataDir
from archive.sources import SOURCE_NAMES
from archive.store import Store
from crawler.run import crawl
from tests.helpers import cli, data_folder, expected_urls, records
from tests.postgres import ARCHIVE_ENV

SPIDERS = list(SOURCE_NAMES)
# Every spider into a SQLite archive, and one into a shared PostgreSQL archive: the pipeline's writes are the
# same on both; the spiders' own work is not the store's.
CRAWLS = [(spider, "sqlite") for spider in SPIDERS] + [("senate", "postgresql")]


@pytest.fixture(scope="module", params=CRAWLS, ids=[f"{s}-{e}" for s, e in CRAWLS])
def crawled(request, sites, tmp_path_factory, manifest):
    source, engine = request.param
    server = sites[source]
    with pytest.MonkeyPatch.context() as mp:  # the archive every command and helper of the module opens
        if engine == "postgresql":
            mp.setenv(ARCHIVE_ENV, request.getfixturevalue("postgres").create_archive())
        else:
            mp.delenv(ARCHIVE_ENV, raising=False)
        data = data_folder(tmp_path_factory.mktemp(f"crawl-{source}") / "data")
        server.requests.clear()
        stats = crawl(data, source, base_url=server.base_url, progress=False)
        first_requests = list(server.requests)
        first_warcs = sorted(data.warc.glob("*.warc.gz"))  # later tests crawl again into the same folder
        yield {"source": source, "server": server, "data": data, "stats": stats, "requests": first_requests,
               "warcs": first_warcs,
               "expected": expected_urls(manifest, source, server.base_url)}  # fmt: skip


def test_every_story_in_every_language_with_title_and_date(crawled):
    stats, expected = crawled["stats"], crawled["expected"]
    assert not stats.failed, stats
    got = records(crawled["data"])
    missing = sorted(set(expected) - set(got))
    assert not missing, missing
    assert stats.new == len(expected)
    for url, want in expected.items():
        doc = got[url]
        assert doc["title"] == want["title"], url
        assert doc["date"] == want["date"], url
        assert doc["lang"] == want["lang"], url
        assert doc["source"] == crawled["source"]
        assert len(doc["text"]) > 200
        assert want["title"] not in doc["text"], "the repeated title is boilerplate, not body"


def test_versions_of_a_story_are_one_group(crawled, manifest):
    got = records(crawled["data"])
    base = crawled["server"].base_url
    groups = []
    with Store(crawled["data"].location) as store:
        for story in manifest[crawled["source"]]["stories"]:
            docs = [got[base + v["path"]] for v in story["versions"].values()]
            assert len({d["version_group"] for d in docs}) == 1, story["id"]
            assert set(store.versions(docs[0]["version_group"])) == set(story["versions"]), story["id"]
            groups.append(docs[0]["version_group"])
    assert len(set(groups)) == len(groups), "two stories share a version group"


def test_robots_disallowed_paths_never_fetched(crawled, manifest):
    disallowed = manifest[crawled["source"]]["disallowed"]
    assert disallowed
    fetched = {r.split("?")[0] for r in crawled["requests"]}
    assert "/robots.txt" in fetched
    assert not fetched & set(disallowed)
    urls = set(records(crawled["data"]))
    assert not {u for u in urls if any(u.endswith(d) for d in disallowed)}


def test_broken_links_are_reported_not_fatal(crawled, manifest):
    stats = crawled["stats"]
    assert not stats.failed and stats.finish_reason == "finished"
    errors = "\n".join(stats.errors)
    for broken in manifest[crawled["source"]]["broken"]:
        assert broken["path"] in errors, broken
    assert "HTTP 404" in errors and "HTTP 500" in errors and "empty" in errors
    assert len(stats.errors) == len(manifest[crawled["source"]]["broken"])


def test_broken_links_on_the_command_line_are_an_error_line_each_and_exit_0(crawled, manifest):
    """What an archivist sees: the crawl succeeds (exit 0), each broken page is one `error:` line."""
    broken = manifest[crawled["source"]]["broken"]
    assert broken
    code, out, err = cli(
        crawled["data"].root, "crawl", crawled["source"], "--base-url", crawled["server"].base_url
    )
    assert code == 0, out + err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == len(broken), err
    for item in broken:
        assert sum(item["path"] in line for line in errors) == 1, (item, err)
    assert f"{crawled['source']}: " in out and "0 new" in out


def test_warc_files_are_valid_and_captures_point_into_them(crawled):
    data = crawled["data"]
    warcs = crawled["warcs"]
    assert warcs
    warcio = Path(sys.executable).with_name("warcio")
    result = subprocess.run([str(warcio), "check", "-v", *map(str, warcs)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    kinds = []
    for warc in warcs:
        with warc.open("rb") as f:
            kinds += [r.rec_type for r in ArchiveIterator(f)]
    assert kinds.count("response") == kinds.count("request") == crawled["stats"].pages
    with Store(data.location) as store:
        for doc in list(store.documents())[:20]:
            cap = store.get(doc["id"])["captures"][0]
            with (data.root / cap["warc_path"]).open("rb") as f:
                f.seek(cap["warc_offset"])
                record = next(iter(ArchiveIterator(f)))
                assert record.rec_type == "response"
                assert record.rec_headers.get_header("WARC-Target-URI") == doc["url"]
                assert record.rec_headers.get_header("WARC-Date") == doc["fetched_at"]


def test_recrawl_fetches_lists_only_and_adds_nothing(crawled):
    """A repair run (`full`): every list page walked, no stored story fetched again."""
    server, data = crawled["server"], crawled["data"]
    before = records(data)
    server.requests.clear()
    stats = crawl(data, crawled["source"], base_url=server.base_url, progress=False, full=True)
    assert not stats.failed
    assert stats.new == stats.updated == 0
    assert stats.known == len(crawled["expected"])
    stored_paths = {u.removeprefix(server.base_url) for u in before}
    assert not stored_paths & set(server.requests), "a stored story was fetched again"
    after = records(data)
    assert {u: d["rev"] for u, d in after.items()} == {u: d["rev"] for u, d in before.items()}


def test_rebuild_from_warcs_gives_the_same_records(crawled, tmp_path):
    data = crawled["data"]
    rebuilt = DataDir(tmp_path.resolve() / "rebuilt")  # into a SQLite file, whatever the crawl wrote into
    code, out, err = cli(
        rebuilt.root, "import", str(data.warc), "--source", crawled["source"], env={ARCHIVE_ENV: ""}
    )
    failures = [line for line in err.splitlines() if line.startswith("error:")]
    assert all("/9200" in line and "empty" in line for line in failures), out + err  # the empty 200 page
    keys = ("url", "canonical_url", "source", "lang", "title", "text", "date", "alternates", "fetched_at")
    original, again = records(data), records(rebuilt)
    assert set(again) == set(original)
    for url, doc in original.items():
        assert {k: again[url][k] for k in keys} == {k: doc[k] for k in keys}, url

    def grouping(recs: dict) -> set[frozenset]:
        groups: dict[str, set] = {}
        for url, doc in recs.items():
            groups.setdefault(doc["version_group"], set()).add(url)
        return {frozenset(g) for g in groups.values()}

    assert grouping(again) == grouping(original)
