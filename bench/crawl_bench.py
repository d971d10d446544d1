"""Crawl benchmark over loopback: a generated corpus (>= 5,000 pages), pages/s with and without the pipeline.

    .venv/bin/python bench/crawl_bench.py [--stories 650] [--modes bare,warc,full] [--keep DIR]

Modes: `bare` (Scrapy fetching and link discovery only), `warc` (+ WARC captures), `full` (+ the archive
pipeline: normalize, dedupe, version links, one SQLite transaction per story). Each mode crawls the three
sources in turn (each a `scrapy crawl` child process, as `parlarchive crawl` runs it) into a fresh data
folder. Printed per mode: pages fetched, crawl seconds, pages/s, stories stored, and the peak RSS of the
crawl process (Scrapy's memusage figure).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from archive.paths import DataDir
from crawler.run import crawl
from parlarchive.demo.mirror import serve_corpus
from parlarchive.demo.sitegen import build_corpus

MODES = {
    "bare": {"ITEM_PIPELINES": "{}", "PARLARCHIVE_WARC": "0"},
    "warc": {"ITEM_PIPELINES": "{}", "PARLARCHIVE_WARC": "1"},
    "full": {},
}


def run_mode(mode: str, sites: dict[str, str], work: Path) -> dict:
    data = DataDir(work / f"data-{mode}")
    shutil.rmtree(data.root, ignore_errors=True)
    total = {"pages": 0, "seconds": 0.0, "wall": 0.0, "stored": 0, "errors": 0, "peak_rss_mb": 0.0}
    for spider, base_url in sites.items():
        started = time.monotonic()
        stats = crawl(data, spider, base_url=base_url, progress=False, scrapy_settings=MODES[mode])
        total["wall"] += time.monotonic() - started
        if stats.failed:
            raise SystemExit(f"{mode}/{spider} failed: {stats}")
        total["pages"] += stats.pages
        total["seconds"] += stats.seconds
        total["stored"] += stats.new
        total["errors"] += len(stats.errors)
        total["peak_rss_mb"] = max(total["peak_rss_mb"], stats.peak_rss_mb)
    warc = sum(f.stat().st_size for f in data.warc.glob("*.warc.gz")) if data.warc.exists() else 0
    total["warc_mb"] = round(warc / 2**20, 1)
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=650, help="stories per source (default 650)")
    parser.add_argument("--modes", default="bare,warc,full")
    parser.add_argument("--keep", help="build the corpus and data folders here and keep them")
    args = parser.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="crawl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.monotonic()
        counts = {"senate": args.stories, "mazhilis": args.stories, "institute": args.stories}
        manifest = build_corpus(work / "corpus", counts, broken=False)
        pages = sum(len(s["versions"]) for e in manifest.values() for s in e["stories"])
        lists = sum(len(v) for e in manifest.values() for v in e["lists"].values())
        print(
            f"corpus: {pages} story pages + {lists} list pages, 3 sites, built in {time.monotonic() - t0:.1f}s"
        )
        print(f"{'mode':6} {'pages':>6} {'crawl s':>8} {'pages/s':>8} {'wall s':>7} {'stored':>7} "
              f"{'peak RSS MB':>11} {'WARC MB':>8}")  # fmt: skip
        with serve_corpus(work / "corpus") as sites:
            for mode in args.modes.split(","):
                r = run_mode(mode, sites, work)
                print(f"{mode:6} {r['pages']:6d} {r['seconds']:8.1f} {r['pages'] / r['seconds']:8.1f} "
                      f"{r['wall']:7.1f} {r['stored']:7d} {r['peak_rss_mb']:11.1f} {r['warc_mb']:8.1f}",
                      flush=True)  # fmt: skip
        child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"peak RSS: crawl processes {child_peak:.0f} MB, this process (corpus server) {own_peak:.0f} MB"
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
