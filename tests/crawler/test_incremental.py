"""Daily updates cost what is new, and a crawl that finds less says so. One small copy of the Mazhilis site,
crawled five times in a row: `--since` on an empty archive (page 1 and its recent stories only), a plain run
(the lists were not walked whole: it walks them and fetches the rest), two new stories on page 1 (page 1-2
and those two, nothing else), then the Kazakh list emptied and the Russian one cut to a story per page (`--full`
walks every list page and fetches nothing; the Kazakh list fails the crawl, the Russian drop is a warning)."""

from __future__ import annotations

import pytest

from crawler.run import crawl
from parlarchive.demo.mirror import serve_sites
from parlarchive.demo.sitegen import url_file
from tests.crawler.shaped import build_small, hide_rows, rewrite_lists
from tests.helpers import cli, data_folder, records

LANGS = ("kk", "ru", "en")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    entry = build_small(root, "mazhilis", count=8, page_size=4)
    stories = entry["stories"]  # oldest first
    new = stories[-2:]
    new_paths = {v["path"] for s in new for v in s["versions"].values()}
    since = stories[-3]["date"]  # the newest shown: page 1 holds an older one too
    hidden = {lang: hide_rows(root, "mazhilis", entry["lists"][lang][0], new_paths) for lang in LANGS}
    data = data_folder(tmp_path_factory.mktemp("data"))
    out: dict = {"entry": entry, "new": new, "since_day": since, "data": data}
    with serve_sites(root, sources=("mazhilis",)) as servers:
        server = servers["mazhilis"]
        out["base"] = base = server.base_url

        def run(name: str, **options: object) -> None:
            server.requests.clear()
            before = set(records(data)) if data.archive.exists() else set()
            stats = crawl(data, "mazhilis", base_url=base, progress=False, **options)
            out[name] = {
                "stats": stats,
                "requests": sorted(server.requests),
                "added": set(records(data)) - before,
            }

        run("since", since=since)
        run("plain")
        for lang, html in hidden.items():  # two new stories on page 1
            (root / "mazhilis" / url_file(entry["lists"][lang][0])).write_bytes(
                html.encode("cp1251", "xmlcharrefreplace")
            )
        run("update")
        rewrite_lists(
            root, "mazhilis", {"lists": {"kk": entry["lists"]["kk"]}}, lambda html: _keep_rows(html, 0)
        )
        rewrite_lists(
            root, "mazhilis", {"lists": {"ru": entry["lists"]["ru"]}}, lambda html: _keep_rows(html, 1)
        )
        server.requests.clear()
        code, stdout, stderr = cli(data.root, "crawl", "mazhilis", "--base-url", base, "--full")
        out["broken"] = {"code": code, "out": stdout, "err": stderr, "requests": sorted(server.requests)}
    return out


def _keep_rows(html: str, n: int) -> str:
    """The list page with only its first n story rows."""
    lines = html.split("\n")
    rows = [i for i, line in enumerate(lines) if line.startswith('<div class="list">')]
    return "\n".join(line for i, line in enumerate(lines) if i not in rows[n:])


def _paths(runs: dict, pred) -> set[str]:
    return {
        runs["base"] + v["path"]
        for s in runs["entry"]["stories"]
        for lang, v in s["versions"].items()
        if pred(s, lang)
    }


def test_since_reads_page_one_and_fetches_only_recent_stories(runs):
    r = runs["since"]
    assert not r["stats"].failed, r["stats"]
    assert r["added"] == _paths(runs, lambda s, lang: s["date"] >= runs["since_day"] and s not in runs["new"])
    lists = [q for q in r["requests"] if "/article/" not in q and q != "/robots.txt"]
    assert lists == sorted(f"/{lang}/mazhilis/news" for lang in LANGS)
    assert len(r["requests"]) == 1 + len(lists) + len(r["added"])


def test_after_a_partial_run_the_next_walks_the_lists_whole(runs):
    r = runs["plain"]
    assert not r["stats"].failed and r["stats"].new == len(r["added"])
    assert runs["since"]["added"] | r["added"] == _paths(runs, lambda s, lang: s not in runs["new"])
    assert {w["stop"] for w in r["stats"].langs.values()} == {"end"}


def test_two_new_stories_cost_list_pages_one_and_two_and_those_two(runs):
    r = runs["update"]
    new = _paths(runs, lambda s, lang: s in runs["new"])
    assert r["added"] == new and r["stats"].new == len(new)
    want = ["/robots.txt"] + [f"/{lang}/mazhilis/news{q}" for lang in LANGS for q in ("", "?page=2")]
    want += [u.removeprefix(runs["base"]) for u in new]
    assert r["requests"] == sorted(want)
    assert {w["stop"] for w in r["stats"].langs.values()} == {"known"}
    assert not r["stats"].warnings


def test_full_walks_every_list_page_and_a_list_that_yields_nothing_fails(runs):
    r = runs["broken"]
    assert r["code"] == 1, r["err"]
    lists = runs["entry"]["lists"]
    assert r["requests"] == sorted(["/robots.txt", lists["kk"][0], *lists["ru"], *lists["en"]])
    warnings = [line for line in r["err"].splitlines() if line.startswith("warning:")]
    base = runs["base"]
    assert any(
        w.startswith(f"warning: {base}/kk/mazhilis/news: ") and "no kk story" in w for w in warnings
    ), warnings
    assert any(
        f"{base}/ru/mazhilis/news: 1.0 ru stories per list page, the last run found" in w for w in warnings
    )
    assert not any("/en/" in w for w in warnings), warnings
