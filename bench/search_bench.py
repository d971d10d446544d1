"""Search benchmark: our index (build rate, peak memory, query latency with facets and highlights) against
raw Whoosh, SQLite FTS5 and tantivy on one generated kk/ru/en archive and one query mix.

    .venv/bin/python -m bench.search_bench                 # 5,000 and 20,000 documents
    .venv/bin/python -m bench.search_bench --sizes 2000    # a quick run

The archives are generated once into --workdir and reused. Every engine builds and queries in a process
of its own, so that peak memory (the process and its children) is that engine's alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.corpus_gen import Corpus
from bench.corpus_words import FUNCTION_WORDS, SOURCE_MIX

ENGINES = ("ours", "whoosh", "whoosh-nohl", "fts5", "tantivy")
SHARED_INDEX = {"whoosh-nohl": "whoosh"}  # raw Whoosh again, without its (slow) highlighter
FACET_FIELDS = ("source", "lang", "year")
LIMIT = 20
QUERIES = 240
# ---- the corpus -----------------------------------------------------------------------------------


def prepare(workdir: Path, count: int, corpus: Corpus) -> Path:
    """The archive (through the store, so near-duplicates are found) and the same documents as JSONL."""
    from archive.models import Capture, Extracted
    from archive.store import Store

    root = workdir / f"n{count}-s{corpus.seed}"
    if (root / "done").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    (root / "data").mkdir(parents=True)
    started = time.perf_counter()
    with Store(root / "data" / "archive.sqlite3") as store, (root / "corpus.jsonl").open("w") as out:
        for r in corpus.records():
            doc = {
                "n": r.n,
                "lang": r.lang,
                "source": r.source,
                "title": r.title,
                "date": r.date,
                "text": r.text,
            }
            url = f"https://bench.invalid/{doc['lang']}/{doc['n']}"
            extracted = Extracted(
                title=doc["title"], date=doc["date"], lang=doc["lang"], text=doc["text"], url=url
            )
            saved = store.save(extracted, Capture(url=url, fetched_at="2025-01-01T00:00:00Z", sha256=url),
                               doc["source"])  # fmt: skip
            out.write(json.dumps({**doc, "id": saved.id}, ensure_ascii=False) + "\n")
    (root / "done").write_text(f"{time.perf_counter() - started:.0f} s\n")
    return root


# ---- the query mix ---------------------------------------------------------------------------------


@dataclass
class BenchQuery:
    kind: str  # term | two | phrase | filtered | name
    words: list[str]
    phrase: bool = False
    lang: str | None = None
    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None


def make_queries(root: Path, corpus: Corpus, count: int = QUERIES) -> list[BenchQuery]:
    """Single words of every frequency, pairs, phrases taken from documents, names, and filtered searches."""
    rng = random.Random(11)
    docs = [json.loads(line) for line, _ in zip((root / "corpus.jsonl").open(), range(500), strict=False)]
    stop = {lang: set(words) for lang, words in FUNCTION_WORDS.items()}
    out: list[BenchQuery] = []
    for i in range(count):
        lang = ("kk", "ru", "en")[i % 3]
        content = corpus.vocab[lang][len(FUNCTION_WORDS[lang]) :]

        def word(rank_hi: int, content: list[str] = content) -> str:
            return content[rng.randrange(rank_hi)]

        kind = ("term", "term", "two", "two", "phrase", "filtered", "filtered", "name")[i % 8]
        if kind == "term":
            q = BenchQuery(kind, [word((50, 500, 5000, 25_000)[i % 4])])
        elif kind == "two":
            q = BenchQuery(kind, [word(2000), word(10_000)])
        elif kind == "phrase":
            text = [
                w.strip(".").lower()
                for w in rng.choice([d for d in docs if d["lang"] == lang])["text"].split()
            ]
            pairs = [text[j : j + 2] for j in range(len(text) - 1) if not set(text[j : j + 2]) & stop[lang]]
            q = BenchQuery(kind, rng.choice(pairs), phrase=True)
        elif kind == "filtered":
            year = rng.randint(2015, 2024)
            q = BenchQuery(kind, [word(3000)], lang=lang, source=rng.choice(list(SOURCE_MIX)),
                           date_from=f"{year}-01-01", date_to=f"{year + 1}-06-30")  # fmt: skip
        else:
            q = BenchQuery(kind, [rng.choice([f for f in rng.choice(corpus.people)[lang] if "'" not in f])])
        out.append(q)
    return out


def as_text(q: BenchQuery) -> str:
    """Whoosh and tantivy syntax (ours too): words joined by AND, or one quoted phrase."""
    return f'"{" ".join(q.words)}"' if q.phrase else " ".join(q.words)


# ---- engines: each builds from the corpus and answers the query mix ---------------------------------


def peak_mb() -> float:
    """Peak resident memory of this process plus that of its largest child (the bulk writer's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def cpu_seconds() -> float:
    """CPU time of this process and its children: what a build costs, whatever else the machine runs."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def corpus_docs(root: Path) -> Iterator[dict]:
    with (root / "corpus.jsonl").open() as f:
        for line in f:
            yield json.loads(line)


def build_ours(root: Path, index: Path) -> int:
    from archive.paths import DataDir
    from search.service import rebuild_index

    shutil.rmtree(root / "data" / "index", ignore_errors=True)
    return rebuild_index(DataDir(root / "data"))


def query_ours(root: Path, index: Path, queries: list[BenchQuery]) -> list[float]:
    from archive.paths import DataDir
    from search.service import run_search

    data = DataDir(root / "data")
    times = []
    for q in queries:
        started = time.perf_counter()
        run_search(data, as_text(q), lang=q.lang, source=q.source, date_from=q.date_from, date_to=q.date_to,
                   limit=LIMIT)  # fmt: skip
        times.append(time.perf_counter() - started)
    return times


def _whoosh_schema():  # whoosh's Schema, imported late
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, NUMERIC, TEXT, Schema

    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(stored=True),
        text=TEXT(stored=True, analyzer=StemmingAnalyzer()),
        date=NUMERIC(stored=True, sortable=True),  # yyyymmdd: a NumericRange filter, not thousands of terms
        **{name: ID(stored=True, sortable=True) for name in FACET_FIELDS},
    )


def build_whoosh(root: Path, index: Path) -> int:
    from whoosh import index as windex

    index.mkdir(parents=True)
    ix = windex.create_in(str(index), _whoosh_schema())
    writer, count = ix.writer(), 0
    for doc in corpus_docs(root):
        writer.add_document(id=doc["id"], title=doc["title"], text=doc["text"], lang=doc["lang"],
                            source=doc["source"], date=int(doc["date"].replace("-", "")), year=doc["date"][:4])  # fmt: skip
        count += 1
    writer.commit()
    return count


def query_whoosh(root: Path, index: Path, queries: list[BenchQuery], highlights: bool = True) -> list[float]:
    from whoosh import index as windex
    from whoosh import query as wq
    from whoosh.qparser import MultifieldParser

    ix = windex.open_dir(str(index))
    parser = MultifieldParser(["title", "text"], ix.schema)
    times = []
    with ix.searcher() as searcher:
        for q in queries:
            started = time.perf_counter()
            parts = [wq.Term(f, v) for f, v in (("lang", q.lang), ("source", q.source)) if v]
            if q.date_from:
                parts.append(
                    wq.NumericRange("date", *(int(d.replace("-", "")) for d in (q.date_from, q.date_to)))
                )
            results = searcher.search(parser.parse(as_text(q)), limit=LIMIT, filter=wq.And(parts) if parts else None,
                                      groupedby=list(FACET_FIELDS))  # fmt: skip
            facets = {name: results.groups(name) for name in FACET_FIELDS}
            page = results[:LIMIT]  # with groupedby, whoosh3's results hold more than `limit` hits
            _ = facets, [hit.highlights("text") if highlights else hit["title"] for hit in page]
            times.append(time.perf_counter() - started)
    return times


def build_fts5(root: Path, index: Path) -> int:
    index.mkdir(parents=True)
    db = sqlite3.connect(index / "fts.sqlite3")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, text, id UNINDEXED, lang UNINDEXED, "
               "source UNINDEXED, date UNINDEXED, year UNINDEXED, tokenize='unicode61 remove_diacritics 2')")  # fmt: skip
    rows = (
        (d["title"], d["text"], d["id"], d["lang"], d["source"], d["date"], d["date"][:4])
        for d in corpus_docs(root)
    )
    with db:
        db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?)", rows)
    count = db.execute("SELECT count(*) FROM docs").fetchone()[0]
    db.close()
    return count


def query_fts5(root: Path, index: Path, queries: list[BenchQuery]) -> list[float]:
    db = sqlite3.connect(index / "fts.sqlite3")
    times = []
    for q in queries:
        started = time.perf_counter()
        match = f'"{" ".join(q.words)}"' if q.phrase else " ".join(f'"{w}"' for w in q.words)
        where, args = "docs MATCH ?", [match]
        for name, value in (("lang", q.lang), ("source", q.source)):
            if value:
                where, args = where + f" AND {name} = ?", [*args, value]
        if q.date_from:
            where, args = where + " AND date BETWEEN ? AND ?", [*args, q.date_from, q.date_to]
        db.execute(f"SELECT id, title, snippet(docs, 1, '<mark>', '</mark>', '…', 32) FROM docs WHERE {where}"
                   f" ORDER BY rank LIMIT {LIMIT}", args).fetchall()  # fmt: skip
        for name in FACET_FIELDS:
            db.execute(f"SELECT {name}, count(*) FROM docs WHERE {where} GROUP BY {name}", args).fetchall()
        times.append(time.perf_counter() - started)
    return times


def _tantivy_schema():  # tantivy's Schema, imported late
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=True)
    builder.add_text_field("text", stored=True)
    for name in ("id", *FACET_FIELDS):
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    builder.add_unsigned_field("date", stored=True, fast=True, indexed=True)
    return builder.build()


def build_tantivy(root: Path, index: Path) -> int:
    import tantivy

    index.mkdir(parents=True)
    ix = tantivy.Index(_tantivy_schema(), path=str(index))
    writer, count = ix.writer(heap_size=256_000_000, num_threads=2), 0
    for doc in corpus_docs(root):
        document = tantivy.Document(id=doc["id"], title=doc["title"], text=doc["text"], lang=doc["lang"],
                                    source=doc["source"], year=doc["date"][:4])  # fmt: skip
        document.add_unsigned("date", int(doc["date"].replace("-", "")))
        writer.add_document(document)
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return count


def query_tantivy(root: Path, index: Path, queries: list[BenchQuery]) -> list[float]:
    import tantivy

    schema = _tantivy_schema()
    ix = tantivy.Index.open(str(index))
    ix.reload()
    searcher = ix.searcher()
    aggs = {name: {"terms": {"field": name, "size": 20}} for name in FACET_FIELDS}
    times = []
    for q in queries:
        started = time.perf_counter()
        query = ix.parse_query(as_text(q), ["title", "text"], conjunction_by_default=True)
        must = [(tantivy.Occur.Must, query)]
        for name, value in (("lang", q.lang), ("source", q.source)):
            if value:
                must.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, name, value)))
        if q.date_from:
            lo, hi = (int(d.replace("-", "")) for d in (q.date_from, q.date_to))
            must.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.range_query(schema, "date", tantivy.FieldType.Unsigned, lo, hi),
                )
            )
        query = tantivy.Query.boolean_query(must)
        result = searcher.search(query, LIMIT)
        searcher.aggregate(query, aggs)
        snippets = tantivy.SnippetGenerator.create(searcher, query, schema, "text")
        _ = [snippets.snippet_from_doc(searcher.doc(address)).to_html() for _score, address in result.hits]
        times.append(time.perf_counter() - started)
    return times


BUILDERS = {"ours": build_ours, "whoosh": build_whoosh, "fts5": build_fts5, "tantivy": build_tantivy}
QUERIERS = {
    "ours": query_ours,
    "whoosh": query_whoosh,
    "whoosh-nohl": partial(query_whoosh, highlights=False),
    "fts5": query_fts5,
    "tantivy": query_tantivy,
}


def worker(engine: str, phase: str, root: Path, seed: int) -> dict:
    """One engine's build or query phase, in this (fresh) process."""
    index = root / "engines" / SHARED_INDEX.get(engine, engine)
    if phase == "build":
        shutil.rmtree(index, ignore_errors=True)
        started, cpu = time.perf_counter(), cpu_seconds()
        count = BUILDERS[engine](root, index)
        seconds = time.perf_counter() - started
        return {"docs": count, "seconds": seconds, "docs_per_s": count / seconds, "peak_mb": peak_mb(),
                "cpu_ms_per_doc": (cpu_seconds() - cpu) * 1000 / count}  # fmt: skip
    queries = make_queries(root, Corpus(int(root.name[1:].split("-")[0]), seed))
    QUERIERS[engine](root, index, queries[:10])  # warm: caches, first index open
    times = QUERIERS[engine](root, index, queries)
    ms = sorted(t * 1000 for t in times)
    return {"queries": len(ms), "p50_ms": statistics.median(ms), "p95_ms": ms[int(len(ms) * 0.95) - 1],
            "peak_mb": peak_mb()}  # fmt: skip


# ---- the run ---------------------------------------------------------------------------------------


def run_worker(engine: str, phase: str, root: Path, seed: int) -> dict:
    cmd = [
        sys.executable,
        "-m",
        "bench.search_bench",
        "--worker",
        engine,
        phase,
        str(root),
        "--seed",
        str(seed),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(count: int, results: dict[str, dict]) -> list[str]:
    ours = results["ours"]
    lines = [f"{count:,} documents",
             f"  {'engine':<10}{'build docs/s':>13}{'cpu ms/doc':>11}{'peak MB':>9}{'p50 ms':>9}{'p95 ms':>9}"
             f"{'build rate ours/it':>20}{'p95 ours/it':>13}"]  # fmt: skip
    for engine, r in results.items():
        lines.append(
            f"  {engine:<10}{r['docs_per_s']:>13.0f}{r['cpu_ms_per_doc']:>11.1f}{r['build_peak_mb']:>9.0f}"
            f"{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}"
            f"{ours['docs_per_s'] / r['docs_per_s']:>19.2f}x{ours['p95_ms'] / r['p95_ms']:>12.2f}x"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/parlarchive-search-bench"))
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--worker", nargs=3, metavar=("ENGINE", "PHASE", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        engine, phase, root = args.worker
        print(json.dumps(worker(engine, phase, Path(root), args.seed)))
        return
    print(f"query mix: {QUERIES} queries (term, two terms, phrase, filtered by lang+source+dates, name);"
          f" every engine returns the top {LIMIT} with facets {'/'.join(FACET_FIELDS)} and highlighted snippets")  # fmt: skip
    lines: list[str] = []
    for count in args.sizes:
        root = prepare(args.workdir, count, Corpus(count, args.seed))
        print(
            f"{count:,} documents: archive ready ({(root / 'done').read_text().strip()} to generate)",
            flush=True,
        )
        results = {}
        for engine in args.engines:
            shared = SHARED_INDEX.get(engine)
            if shared in results:  # the same index: its build figures, not its query phase's memory
                built = {**results[shared], "peak_mb": results[shared]["build_peak_mb"]}
            else:
                built = run_worker(engine, "build", root, args.seed)
            queried = run_worker(engine, "query", root, args.seed)
            results[engine] = {**built, "build_peak_mb": built["peak_mb"], **queried}
            r = results[engine]
            print(f"  {engine}: {r['docs_per_s']:.0f} docs/s, build peak {r['build_peak_mb']:.0f} MB,"
                  f" p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms", flush=True)  # fmt: skip
        lines += report(count, results) if "ours" in results else []
    print(
        "\n".join(
            ["", *lines, f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"]
        )
    )


if __name__ == "__main__":
    main()
