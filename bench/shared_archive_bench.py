"""Many importers, one archive: import docs/s with 1, 2 and 4 concurrent importers into one PostgreSQL archive
against one importer into SQLite, the time each waited for the archive's write lock and held it; then two
hosts' indexes, fed from the shared archive, answering the same queries.

Each importer is its own process (as on its own machine) importing its share of the WARC files of the
generated benchmark archive (bench/corpus_gen.py: language versions, reposts), through
archive.importer.import_paths (decode, extract, clean, language, date, dedupe, link, store; no indexing).
PostgreSQL is a throwaway cluster started here, durable (fsync on) with synchronous_commit off, the
counterpart of SQLite's WAL with synchronous=NORMAL: a crash may lose the last commits, never consistency.

    python -m bench.shared_archive_bench [--records 2000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus_gen import generate
from bench.procs import load_average
from tests.archive.test_shared_archive import as_seen
from tests.postgres import Cluster

QUERIES = ("маслихат", "депутат", "Senate", "закон OR бюджет", "Мукашев", '"working group"', "бюджет*")
DURABLE = ("-c", "fsync=on", "-c", "synchronous_commit=off")


def run_importer(location: str, files: list[Path]) -> dict:
    """One importer (in its own process): its docs, seconds, and the seconds it waited for the archive's
    write lock and then held it (to COMMIT)."""
    from archive.config import Settings
    from archive.importer import import_paths
    from archive.store import Store

    clock = {"waited": 0.0, "in transactions": 0.0}
    transaction = Store.transaction

    @contextmanager
    def timed(self: Store) -> Iterator:
        outer, t = not self.db.in_transaction(), time.perf_counter()
        with transaction(self) as conn:
            yield conn
        if outer:
            clock["in transactions"] += time.perf_counter() - t

    Store.transaction = timed  # type: ignore[method-assign]
    with Store(location) as store:
        begin = store.db.begin_write

        def timed_begin() -> None:
            t = time.perf_counter()
            begin()
            clock["waited"] += time.perf_counter() - t

        store.db.begin_write = timed_begin  # type: ignore[method-assign]
        t = time.perf_counter()
        report = import_paths(store, (), files=files, settings=Settings.from_env())
        seconds = time.perf_counter() - t
    return {"docs": report.new + report.updated + report.unchanged, "seconds": seconds,
            "waited": clock["waited"], "held": clock["in transactions"] - clock["waited"]}  # fmt: skip


def importers(location: str, files: list[Path], count: int) -> dict:
    """`count` importer processes at once, each with every count-th file; the wall time of all of them."""
    shares = [files[i::count] for i in range(count)]
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--importer", location, *map(str, share)],
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for share in shares
    ]
    results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    wall = time.perf_counter() - start
    return {"docs": sum(r["docs"] for r in results), "seconds": wall,
            "waited": sum(r["waited"] for r in results), "held": sum(r["held"] for r in results)}  # fmt: skip


def two_hosts(root: Path, url: str) -> tuple[int, int]:
    """Index the shared archive on two hosts (their own data folders) and compare their answers."""
    from archive.config import Settings
    from parlarchive import Parlarchive

    answers = []
    for host in ("host-a", "host-b"):
        app = Parlarchive(root / host, Settings(archive=url))
        app.update_index()
        results = [app.search(q, limit=100) for q in QUERIES]
        answers.append([as_seen(r) for r in results])
    return sum(a == b for a, b in zip(*answers, strict=True)), len(QUERIES)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--importer", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.importer:
        print(json.dumps(run_importer(args.importer[0], [Path(p) for p in args.importer[1:]])))
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = sorted((generate(args.records) / "warc").glob("*.warc.gz"))
        print(
            f"the generated archive of {args.records} records: {len(files)} WARC files; load {load_average()}"
        )
        cluster = Cluster(options=DURABLE)
        try:
            print(f"{'archive':<11} {'importers':>9} {'docs':>6} {'seconds':>8} {'docs/s':>7} {'x SQLite':>8}"
                  f" {'lock wait s':>11} {'lock held s':>11}")  # fmt: skip
            runs = [("sqlite", 1, str(root / "sqlite" / "archive.sqlite3"))]
            runs += [("postgresql", n, cluster.create_archive()) for n in (1, 2, 4)]
            base = None
            for engine, n, location in runs:
                r = importers(location, files, n)
                rate = r["docs"] / r["seconds"]
                base = base or rate
                print(f"{engine:<11} {n:>9} {r['docs']:>6} {r['seconds']:>8.1f} {rate:>7.1f} {rate / base:>8.2f}"
                      f" {r['waited']:>11.1f} {r['held']:>11.1f}")  # fmt: skip
            same, total = two_hosts(root, runs[-1][2])
            print(
                f"search results equal across two hosts' indexes: {same} of {total} queries; load {load_average()}"
            )
        finally:
            cluster.close()


if __name__ == "__main__":
    main()
