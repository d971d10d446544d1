"""Import benchmark: documents/s and peak memory of `parlarchive import` on generated kk/ru/en pages.

Each mode runs in its own process (so peak RSS is its own) over the same files, in one run:
  raw-sqlite   read each file and insert its bytes, one transaction per file (storage floor)
  trafilatura  read each file and run trafilatura.extract on it (the generic extractor alone)
  import       archive.importer.import_paths: decode, extract, clean, language, date, dedupe, link, store
  index        search.service.update_index over the archive `import` built

    python bench/import_bench.py [--docs 20000]
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MODES = ("raw-sqlite", "trafilatura", "import", "index")


def generate(folder: Path, count: int) -> None:
    from bench.corpus_gen import stories

    for s in stories(count):
        sub = folder / s.source / s.lang
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{s.n:06d}.html").write_text(s.html(), encoding="utf-8")


def run_mode(mode: str, folder: Path, data: Path) -> dict:
    files = sorted(folder.rglob("*.html"))
    start = time.perf_counter()
    if mode == "raw-sqlite":
        conn = sqlite3.connect(data / "raw.sqlite3", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, body BLOB)")
        for f in files:
            conn.execute("BEGIN")
            conn.execute("INSERT OR REPLACE INTO pages VALUES (?, ?)", (str(f), f.read_bytes()))
            conn.execute("COMMIT")
        count = len(files)
    elif mode == "trafilatura":
        import trafilatura

        count = sum(1 for f in files if trafilatura.extract(f.read_text(encoding="utf-8")))
    elif mode == "import":
        from archive.importer import import_paths
        from archive.store import Store

        with Store(data / "archive.sqlite3") as store:
            report = import_paths(store, [folder], files=files)
        count = report.new + report.updated + report.unchanged
        if report.failed:
            print(f"  {len(report.failed)} failed, first: {report.failed[0]}", file=sys.stderr)
    else:
        from archive.paths import data_dir
        from search.service import update_index

        count = update_index(data_dir(data))
    elapsed = time.perf_counter() - start
    return {"mode": mode, "docs": count, "seconds": elapsed,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.folder, args.data)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder, data = Path(tmp) / "pages", Path(tmp) / "data"
        data.mkdir()
        t = time.perf_counter()
        generate(folder, args.docs)
        size = sum(f.stat().st_size for f in folder.rglob("*.html")) / 1048576
        print(
            f"generated {args.docs} pages (kk/ru/en, 200-600 words, {size:.0f} MiB) in {time.perf_counter() - t:.0f}s"
        )
        print(f"{'mode':<12} {'docs':>7} {'seconds':>8} {'docs/s':>8} {'peak RSS MB':>12}")
        results = {}
        for mode in MODES:
            cmd = [sys.executable, __file__, "--mode", mode, "--folder", str(folder), "--data", str(data)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            r = results[mode] = json.loads(out.strip().splitlines()[-1])
            rate = r["docs"] / r["seconds"] if r["seconds"] else 0
            print(f"{mode:<12} {r['docs']:>7} {r['seconds']:>8.1f} {rate:>8.1f} {r['peak_rss_mb']:>12.0f}")
        imp = results["import"]["seconds"]
        print(f"import is {imp / results['trafilatura']['seconds']:.2f}x the time of trafilatura alone, "
              f"{imp / results['raw-sqlite']['seconds']:.1f}x raw SQLite inserts; "
              f"import+index {args.docs / (imp + results['index']['seconds']):.1f} docs/s end to end")  # fmt: skip


if __name__ == "__main__":
    main()
