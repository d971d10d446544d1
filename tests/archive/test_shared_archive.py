"""Many writers, one PostgreSQL archive: four `import` processes of overlapping file sets and a `crawl`, all
at once, end with exactly what the same runs one after another give a SQLite archive (every record and its
text, captures, version groups, near-duplicate clusters, the learned templates); two hosts, each with its
own index fed from the shared archive by rev, give the same search results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive.config import Settings
from parlarchive import Parlarchive
from parlarchive.demo.mirror import serve_sites
from parlarchive.demo.sitegen import build_site
from tests.archive.stories import page
from tests.helpers import ROOT, cli

IMPORTERS = 4
STORIES = 8  # per site: 8 stories in up to three languages
REPOSTS = 4  # near-duplicates of stories of the first site, each imported by two importers
QUERIES = ("маслихат", "депутат*", "Senate", "закон OR бюджет", '"рабочая группа"')


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    """The inputs: four overlapping WARC files cut from a crawl of one site (each holds three quarters of its
    stories) and reposts of some stories (near-duplicates, each given to two importers); a second site that
    the crawl fetches, served for the whole module."""
    root = tmp_path_factory.mktemp("shared")
    build_site(root / "site", "senate", STORIES, broken=False)
    crawled = build_site(root / "site2", "senate", STORIES, seed=7, broken=False)
    with serve_sites(root / "site", sources=("senate",)) as first:
        seed = Parlarchive(root / "seed", Settings())
        assert not seed.crawl("senate", base_url=first["senate"].base_url).failed
    parts = _cut(seed, root / "parts")
    with serve_sites(root / "site2", sources=("senate",)) as second:
        pages = sum(len(story["versions"]) for story in crawled["stories"])
        yield {"root": root, "parts": parts, "site": second["senate"].base_url, "crawled": pages}


def _cut(seed: Parlarchive, folder: Path) -> list[list[Path]]:
    """Per importer: a WARC of the seed crawl's story responses but every fourth, and two of the reposts."""
    with seed.store() as store:
        records = [store.get(doc["id"]) for doc in store.documents()]
    records.sort(key=lambda r: r["url"])
    (folder / "reposts").mkdir(parents=True)
    reposts = []
    for k, rec in enumerate([r for r in records if len(r["text"].split("\n\n")) >= 3][:REPOSTS]):
        paragraphs = rec["text"].split("\n\n")
        html = page(rec["title"], ["Перепечатано с сайта Сената.", *paragraphs[1:]], lang=rec["lang"],
                    canonical=f"https://example.kz/news/{k}")  # fmt: skip
        reposts.append(folder / "reposts" / f"repost{k}.html")
        reposts[-1].write_text(html, encoding="utf-8")
    parts: list[list[Path]] = []
    for i in range(IMPORTERS):
        warc = folder / f"part{i}.warc.gz"
        with warc.open("wb") as out:
            for n, rec in enumerate(records):
                if n % IMPORTERS != i:
                    cap = rec["captures"][0]
                    with (seed.data.warc_root / cap["warc_path"]).open("rb") as f:
                        f.seek(cap["warc_offset"])
                        out.write(f.read(cap["warc_length"]))
        parts.append([warc, *(r for k, r in enumerate(reposts) if i in (k % IMPORTERS, (k + 1) % IMPORTERS))])
    return parts


def _commands(runs: dict) -> list[list[str]]:
    imports = [["import", *map(str, part)] for part in runs["parts"]]
    return [*imports, ["crawl", "senate", "--base-url", runs["site"]]]


def _run_at_once(commands: list[list[str]], folders: list[Path], archive: str) -> None:
    """Each command a process of its own, on its own data folder (its own host), all into one archive."""
    env = {**os.environ, "PARLARCHIVE_ARCHIVE": archive}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "parlarchive", "--data", str(folder), *cmd],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for cmd, folder in zip(commands, folders, strict=True)
    ]
    for proc, cmd in zip(procs, commands, strict=True):
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{cmd}: {err}"


def state(app: Parlarchive) -> dict:
    """What must not depend on the order records arrived in."""
    with app.store() as store:
        docs = [store.get(d["id"]) for d in store.documents()]
        templates = store.templates()
    groups: dict[str, set[str]] = {}
    clusters: dict[str, set[str]] = {}
    for d in docs:
        groups.setdefault(d["version_group"], set()).add(d["id"])
        if d["duplicate_of"]:
            clusters.setdefault(d["duplicate_of"], {d["duplicate_of"]}).add(d["id"])
    return {
        "records": {
            d["id"]: (
                d["url"],
                d["title"],
                d["lang"],
                d["date"],
                d["text"],
                d["content_hash"],
                sorted(c["sha256"] for c in d["captures"]),
            )
            for d in docs
        },  # fmt: skip
        "version groups": sorted(sorted(g) for g in groups.values()),
        "duplicate clusters": sorted(sorted(c) for c in clusters.values()),
        "templates": templates,
    }


def test_four_importers_and_a_crawl_at_once_store_what_they_store_one_by_one(
    runs, archive_url, tmp_path
) -> None:
    commands = _commands(runs)
    for cmd in commands:  # one SQLite archive, the runs in turn
        code, _out, err = cli(tmp_path / "serial", *cmd, env={"PARLARCHIVE_ARCHIVE": ""})
        assert code == 0, err
    serial = state(Parlarchive(tmp_path / "serial", Settings()))
    hosts = [tmp_path / f"host{i}" for i in range(len(commands))]
    _run_at_once(commands, hosts, archive_url)
    shared = Parlarchive(tmp_path / "host0", Settings(archive=archive_url))
    together = state(shared)

    seed = state(Parlarchive(runs["root"] / "seed", Settings()))
    assert (
        len(together["records"]) == len(serial["records"]) == len(seed["records"]) + REPOSTS + runs["crawled"]
    )
    assert together["records"] == serial["records"], "every record, its text and captures, exactly once"
    assert together["version groups"] == serial["version groups"]
    assert (
        together["duplicate clusters"] == serial["duplicate clusters"]
        and len(serial["duplicate clusters"]) == REPOSTS
    )
    assert together["templates"] == serial["templates"] and together["templates"]
    with shared.store() as store:
        captures = store.conn.execute("SELECT count(*), count(DISTINCT document_id || sha256) FROM captures")
        assert tuple(captures.fetchone()) == (len(serial["records"]),) * 2, "no capture stored twice"

    # two web hosts, each with its own index brought up to the archive's rev, answer alike
    answers = []
    for host in ("host1", "host2"):
        app = Parlarchive(tmp_path / host, Settings(archive=archive_url))
        app.update_index()  # what `parlarchive index` does: up to the archive's rev, from the host's own
        answers.append([as_seen(app.search(q, limit=50)) for q in QUERIES])
    assert answers[0] == answers[1]
    assert all(a["total"] for a in answers[0][:2]), "the queries find records"


def as_seen(result: dict) -> dict:
    """A search result as a user sees it: the total, the facets, and the hits (as a set: relevance scores,
    and so the order of close hits, depend on each index's own statistics, which an index built as records
    arrived and one built at once count differently; that is no difference in what the archive holds)."""
    return {
        "total": result["total"],
        "facets": result["facets"],
        "hits": sorted(h["id"] for h in result["hits"]),
    }
