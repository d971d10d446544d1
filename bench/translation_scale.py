"""`translate` and `tm export` at the archive's real size: wall time and peak memory of the commands.

    .venv/bin/python bench/translation_scale.py --records 200000      # builds the archive once, then reuses it
    .venv/bin/python bench/translation_scale.py --records 20000       # a quick run

The archive is generated once under /tmp/parlarchive-bench from the bench's stories (bench/corpus_gen.py's
Corpus: 1-3 language versions each) and written straight into the store's tables, each story one version
group (an import of 200,000 pages would take longer than the measurement). Each command runs as `parlarchive` in a child process, as a user runs it; its peak resident
memory is the child's ru_maxrss. No translation model is installed, so `translate` records the missing pairs
("no model for kk→en"); `tm export` aligns and writes every story's units.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.store import Store
from bench.corpus_gen import Corpus

ROOT = Path("/tmp/parlarchive-bench")
PARLARCHIVE = Path(sys.executable).parent / "parlarchive"
SHAPES = (
    (("kk", "ru", "en"), 0.55),
    (("kk", "ru"), 0.10),
    (("ru", "en"), 0.20),
    (("ru",), 0.10),
    (("kk",), 0.05),
)


def build(data: Path, records: int) -> None:
    """The generated archive: `records` documents in version groups (kept for the next run)."""
    data.mkdir(parents=True, exist_ok=True)
    insert = (
        "INSERT INTO documents (id, url, canonical_url, source, lang, title, text, date, alternates, fetched_at,"
        " content_hash, version_group, rev) VALUES (?,?,?,?,?,?,?,?,'{}','2024-01-01T00:00:00Z',?,?,?)"
    )
    with Store(data / "archive.sqlite3") as store:
        rows: list[tuple] = []
        for rev, rec in enumerate(Corpus(records).records(), 1):
            url = f"https://bench.example/{rec.lang}/news/{rec.n}"
            rid = hashlib.sha256(url.encode()).hexdigest()[:16]
            digest = hashlib.sha256(rec.text.encode()).hexdigest()
            rows.append(
                (rid, url, url, rec.source, rec.lang, rec.title, rec.text, rec.date, digest, f"g{rec.n}", rev)
            )
            if len(rows) == 5000:
                with store.transaction() as conn:
                    conn.executemany(insert, rows)
                rows = []
        with store.transaction() as conn:
            conn.executemany(insert, rows)
            conn.execute("UPDATE meta SET value = (SELECT MAX(rev) FROM documents) WHERE key = 'rev'")


def run(data: Path, *args: str, output: Path | None = None) -> dict:
    """One command in a child: its wall time, peak RSS and its last output line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    with open(output or "/dev/null", "wb") as sink:
        proc = subprocess.run(
            [str(PARLARCHIVE), "--data", str(data), *args],
            stdout=subprocess.PIPE if output is None else sink,
            stderr=subprocess.PIPE,
            check=False,
        )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.decode()[-500:]}")
    last = (proc.stdout or b"").decode().strip().splitlines()[-1:] if output is None else []
    return {"seconds": round(seconds, 1), "peak_mb": round(max(peak, before) / 1024), "out": last}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=200_000)
    args = parser.parse_args()
    data = ROOT / f"translation-{args.records}" / "data"
    if not (data / "archive.sqlite3").exists():
        start = time.perf_counter()
        build(data, args.records)
        print(f"built {args.records} records in {time.perf_counter() - start:.0f} s: {data}")
    with Store(data / "archive.sqlite3") as store:
        store.conn.execute("DELETE FROM translations")  # each run translates from scratch
    figures = {"records": args.records}
    figures["translate"] = run(data, "translate", "--json")
    tmx = data.parent / "archive.tmx"
    figures["tm export tmx"] = run(data, "tm", "export", "--format", "tmx", "-o", str(tmx))
    figures["tm export tmx"]["units"] = sum(1 for line in tmx.open(encoding="utf-8") if "<tu " in line)
    figures["tm export tmx"]["mb"] = round(tmx.stat().st_size / 2**20)
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
