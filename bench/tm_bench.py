"""Translation memory: hold-out hit rate on an archive, and lookup latency at 20,000 generated documents.

    .venv/bin/python bench/tm_bench.py --data /tmp/demo            # an archive (e.g. `parlarchive demo`'s)
    .venv/bin/python bench/tm_bench.py --docs 20000                # generated kk/ru/en stories

Hold-out: each unit's paragraph in language A is looked up with its own story left out; a hit is when
the best match's version in language B is the unit's true B paragraph (exact), or within 90 % of it
(near). Latency: lookups of paragraphs taken from the archive (each with its own story excluded).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz

from archive.store import Store
from bench.corpus_gen import Corpus
from translation.memory import TranslationMemory, Unit, story_units


def hold_out(memory: TranslationMemory) -> dict:
    counts = {"pairs": 0, "matched": 0, "exact": 0, "near": 0}
    for unit in memory.units:
        for a, text in unit.texts.items():
            matches = memory.lookup(text, a, limit=3, exclude_groups=[unit.group])
            for b, truth in unit.texts.items():
                if b == a:
                    continue
                counts["pairs"] += 1
                best = next((m for m in matches if b in m.versions), None)
                if best is None:
                    continue
                counts["matched"] += 1
                counts["exact"] += best.versions[b] == truth
                counts["near"] += fuzz.ratio(best.versions[b], truth) >= 90
    return counts


def generated_units(docs: int) -> list[Unit]:
    """The generated archive's stories of `docs` records, with their language versions."""
    corpus, units = Corpus(docs), []
    for n in range(len(corpus)):
        versions = {
            lang: (f"doc{n}-{lang}", title, "\n\n".join(paragraphs))
            for lang, (title, paragraphs) in corpus.texts(n).items()
        }
        units += story_units(f"story{n}", versions)
    return units


def latency(memory: TranslationMemory, lookups: int = 200) -> dict:
    rng = random.Random(7)
    sample = rng.sample(memory.units, min(lookups, len(memory.units)))
    times = []
    for unit in sample:
        lang, text = rng.choice(sorted(unit.texts.items()))
        start = time.perf_counter()
        memory.lookup(text, lang, exclude_groups=[unit.group])
        times.append(time.perf_counter() - start)
    times.sort()
    return {
        "lookups": len(times),
        "p50_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, help="a data folder: hold-out hit rate and latency on it")
    parser.add_argument("--docs", type=int, default=0, help="generated documents: latency at this size")
    args = parser.parse_args()
    if args.data:
        with Store(args.data / "archive.sqlite3") as store:
            start = time.perf_counter()
            memory = TranslationMemory.from_store(store)
            built = time.perf_counter() - start
            docs = store.count()
        c = hold_out(memory)
        print(f"archive {args.data}: {docs} documents, {len(memory.units)} units, built in {built:.2f} s")
        print(
            f"hold-out: {c['pairs']} paragraph→language pairs; a match ≥ 50 % in {c['matched']}"
            f" ({100 * c['matched'] / c['pairs']:.1f} %); best match's version is the true one:"
            f" exact {c['exact']} ({100 * c['exact'] / c['pairs']:.1f} %),"
            f" ≥ 90 % similar {c['near']} ({100 * c['near'] / c['pairs']:.1f} %)"
        )
        print("latency: " + ", ".join(f"{k} {v:.1f}" for k, v in latency(memory).items()))
    if args.docs:
        start = time.perf_counter()
        units = generated_units(args.docs)
        memory = TranslationMemory(units)
        built = time.perf_counter() - start
        segments = sum(len(u.texts) for u in units)
        print(
            f"generated: {args.docs} documents, {len(units)} units, {segments} segments, built in {built:.1f} s"
        )
        print("latency: " + ", ".join(f"{k} {v:.1f}" for k, v in latency(memory).items()))


if __name__ == "__main__":
    main()
