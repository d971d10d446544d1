"""Re-crawl benchmark: what a daily update costs against a full walk, on a generated Mazhilis copy over loopback.

    .venv/bin/python -m bench.recrawl_bench [--stories 650] [--keep DIR]

The copy has >= 50 list pages per language (10 stories a page). Runs, each a `parlarchive crawl` (a
`scrapy crawl` child) into one data folder: the first crawl (every list page and story), a re-crawl of the
unchanged site, a re-crawl after two new stories appear on page 1 of every language, and a `--full` repair
re-crawl. Printed per run: list pages, story pages and all pages fetched, stories stored, seconds.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from archive.paths import DataDir
from crawler.run import crawl
from parlarchive.demo.mirror import serve_corpus
from parlarchive.demo.sitegen import CHARSET, build_corpus, url_file

SOURCE = "mazhilis"


def _hide(site: Path, list_path: str, story_paths: set[str]) -> bytes:
    """Drop the rows of these stories from one list page (they are "not yet published"); the page as it was."""
    page = site / url_file(list_path)
    before = page.read_bytes()
    rows = [line for line in before.split(b"\n") if not any(f'"{p}"'.encode() in line for p in story_paths)]
    page.write_bytes(b"\n".join(rows))
    return before


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=650, help="stories in the copy (default 650)")
    parser.add_argument("--keep", help="build the copy and the data folder here and keep them")
    args = parser.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="recrawl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        entry = build_corpus(work / "corpus", {SOURCE: args.stories}, broken=False)[SOURCE]
        site = work / "corpus" / SOURCE
        lists = {lang: len(paths) for lang, paths in entry["lists"].items()}
        print(f"copy: {args.stories} stories, list pages per language {lists}, charset {CHARSET[SOURCE]}")
        new = {v["path"] for s in entry["stories"][-2:] for v in s["versions"].values()}
        hidden = {lang: _hide(site, paths[0], new) for lang, paths in entry["lists"].items()}
        data = DataDir(work / "data")
        shutil.rmtree(data.root, ignore_errors=True)
        print(f"{'run':28} {'list pages':>10} {'story pages':>11} {'all pages':>9} {'new':>5} {'seconds':>8}")
        with serve_corpus(work / "corpus", sources=(SOURCE,)) as sites:

            def run(name: str, **options: object) -> None:
                started = time.monotonic()
                stats = crawl(data, SOURCE, base_url=sites[SOURCE], progress=False, **options)
                if stats.failed or stats.errors:
                    raise SystemExit(f"{name}: {stats}")
                listed = sum(w["list_pages"] for w in stats.langs.values())
                stories = stats.pages - listed - 1  # robots.txt
                print(f"{name:28} {listed:10d} {stories:11d} {stats.pages:9d} {stats.new:5d} "
                      f"{time.monotonic() - started:8.1f}", flush=True)  # fmt: skip

            run("first crawl")
            run("re-crawl, nothing new")
            for lang, page in hidden.items():
                (site / url_file(entry["lists"][lang][0])).write_bytes(page)
            run("re-crawl, 2 new on page 1")
            run("re-crawl --full", full=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
