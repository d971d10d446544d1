"""Import benchmark: `parlarchive import` end to end on the generated archive's WARC files (extraction,
cleaning, language, dates, dedupe, version links, storage and the search index), against trafilatura
alone on the same pages.

    .venv/bin/python bench/import_bench.py --records 20000                 # both, the default engine
    .venv/bin/python bench/import_bench.py --records 20000 --engine tantivy --phase import

The import runs as the command a user types, in a process of its own (peak RSS of its process tree,
sampled); its data folder is kept beside the generated archive for the search and web benchmarks.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus_gen import generate
from bench.procs import engine_env, load_average, run_measured

BIN = Path(sys.executable).parent
EXTRACT_SAMPLE = 5_000  # pages trafilatura extracts alone (an even sample): its rate has settled by then


def pages(warc: Path) -> Iterator[bytes]:
    """Each story page of the WARC files as the import reads it (an API story rendered to its HTML)."""
    from archive.config import Settings
    from archive.sources import api_article_html, is_api_article
    from archive.warc import read_responses

    limit = Settings.from_env().max_page_bytes
    for path in sorted(warc.glob("*.warc.gz")):
        for resp in read_responses(path, max_page_bytes=limit):
            if is_api_article(resp.url, resp.content_type):
                yield api_article_html(json.loads(resp.body), resp.url)
            else:
                yield resp.body


def extract_alone(warc: Path, sample: int = EXTRACT_SAMPLE) -> dict:
    """trafilatura.extract on every k-th page (about `sample` pages): pages/s of extraction alone (reading
    the WARC is left out of the time)."""
    import trafilatura

    total = sum(1 for _ in pages(warc)) if sample else 0
    step = max(1, total // sample) if sample else 1
    seconds, cpu, count, extracted = 0.0, 0.0, 0, 0
    for i, body in enumerate(pages(warc)):
        if i % step:
            continue
        started, cpu_started = time.perf_counter(), time.process_time()
        extracted += trafilatura.extract(body) is not None
        seconds += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        count += 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"pages": count, "of_pages": total, "extracted": extracted, "seconds": round(seconds, 1),
            "docs_per_s": round(count / seconds, 1), "cpu_ms_per_doc": round(1000 * cpu / count, 1),
            "peak_mb": round(peak), "load": load_average()}  # fmt: skip


def import_end_to_end(warc: Path, data: Path, engine: str | None = None) -> dict:
    """`parlarchive --data DATA import WARC` into a fresh data folder; docs/s over the whole command."""
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    env = engine_env(engine)
    before = load_average()
    cmd = [str(BIN / "parlarchive"), "--data", str(data), "import", str(warc)]
    result = run_measured(cmd, data.parent / f"{data.name}-import.log", env)
    if result["returncode"]:
        sys.exit(f"error: the import failed ({result['returncode']}): {result['last_line']}")
    from archive.store import Store

    with Store(data / "archive.sqlite3") as store:
        docs = store.count()
    return {**result, "docs": docs, "docs_per_s": round(docs / result["seconds"], 1), "engine": engine,
            "cpu_ms_per_doc": round(1000 * result["cpu_seconds"] / docs, 1),
            "load_before": before, "load": load_average()}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--engine", help="search engine of the import's index (whoosh, tantivy; default: the setting's)"
    )
    parser.add_argument("--phase", choices=("extract", "import", "both"), default="both")
    parser.add_argument(
        "--sample", type=int, default=EXTRACT_SAMPLE, help="pages trafilatura extracts (0: all)"
    )
    args = parser.parse_args()
    folder = generate(args.records, args.seed)
    if args.phase in ("extract", "both"):
        r = extract_alone(folder / "warc", args.sample)
        print(f"trafilatura alone: {r['pages']:,} of {r['of_pages']:,} pages in {r['seconds']} s, "
              f"{r['docs_per_s']} docs/s (load {r['load']})", flush=True)  # fmt: skip
    if args.phase in ("import", "both"):
        data = folder / f"data-{args.engine or 'default'}"
        r = import_end_to_end(folder / "warc", data, args.engine)
        print(f"import: {r['docs']:,} docs in {r['seconds']} s, {r['docs_per_s']} docs/s end to end, peak "
              f"{r['peak_mb']} MB (load {r['load_before']} before, {r['load']} after); data in {data}")  # fmt: skip
        print(f"  {r['last_line']}")


if __name__ == "__main__":
    main()
