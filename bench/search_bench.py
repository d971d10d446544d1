"""Search benchmark, side by side on one imported archive and one query mix: our search on each engine
(`PARLARCHIVE_SEARCH_ENGINE=whoosh|tantivy`) against raw tantivy and raw Whoosh. Index build docs/s and
peak memory (the process and its children), and query p50/p95 overall and per kind of query.

    .venv/bin/python -m bench.search_bench --records 20000      # after bench/import_bench.py --records 20000

Ours answers through the application object (`Parlarchive.search`): the top 20 with facets (source,
language, year, month), highlighted snippets and near-duplicates collapsed; the raw engines answer the
same queries over the same records (read from the archive) with the top 20, facets source/lang/year and
highlighted snippets (they have no clusters to collapse). Our build is `rebuild_index` of the data folder
the import made for that engine. Every build and every query phase runs in a process of its own, so that
its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpus_words as W
from bench.corpus_gen import Corpus, archive_dir
from bench.procs import ENGINE_SETTING, cpu_seconds, engine_env, load_average, run_measured

ENGINES = ("ours-whoosh", "ours-tantivy", "tantivy", "whoosh")
KINDS = ("common", "rare", "two", "name", "phrase", "filtered", "date-sort", "deep")
PER_KIND = 30  # queries of each kind
WARM = 8  # queries run first and left out (the first index open)
LIMIT = 20
FACET_FIELDS = ("source", "lang", "year")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class BenchQuery:
    kind: str
    text: str  # our syntax, which the raw engines' parsers read alike: words (all must match), "a phrase"
    lang: str | None = None
    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"  # or "date", newest first
    page: int = 1

    @property
    def words(self) -> list[str]:
        return self.text.strip('"').split()


# ---- the query mix ---------------------------------------------------------------------------------


def make_queries(corpus: Corpus, per_kind: int = PER_KIND, seed: int = 11) -> list[BenchQuery]:
    """Domain words in inflected forms (in most stories), the rarest word of a text, two words of one text,
    people's names in a case form or an English spelling, phrases from the texts, searches filtered by
    language, source and dates, sorted by date, and deep pages (10-25) of a common word."""
    rng = random.Random(seed)
    step = max(1, len(corpus.plan) // 400)
    texts = [r for n in range(0, len(corpus.plan), step) for r in corpus.story_records(n)]
    rank = {lang: {w: i for i, w in enumerate(words)} for lang, words in corpus.vocab.items()}
    first, last = corpus.plan[0].day.year, corpus.plan[-1].day.year

    def text_words(lang: str) -> list[str]:
        """The words of a text in this language that the vocabulary ranks (no names, no domain words)."""
        text = rng.choice([r for r in texts if r.lang == lang]).text.lower()
        return [w for w in _WORD.findall(text) if rank[lang].get(w, 0) >= len(W.FUNCTION_WORDS[lang])]

    def rarest(lang: str) -> str:
        return max(text_words(lang), key=rank[lang].__getitem__)

    def two(lang: str) -> str:
        words = sorted(set(text_words(lang)), key=rank[lang].__getitem__)
        return " ".join(rng.sample(words[len(words) // 4 : 3 * len(words) // 4], 2))

    def content(lang: str, lo: int, hi: int) -> str:
        words = corpus.vocab[lang][len(W.FUNCTION_WORDS[lang]) :]
        return words[rng.randrange(lo, min(hi, len(words)))]

    def common(lang: str) -> str:
        """A domain word in one of its forms, or one of the 60 most frequent words of the language."""
        if rng.random() < 0.3:
            return content(lang, 0, 60)
        return rng.choice([f for f in rng.choice(W.DOMAIN[lang])[1].split() if "'" not in f])

    def phrase(lang: str) -> str:
        words = _WORD.findall(rng.choice([r for r in texts if r.lang == lang]).text)
        stop = set(W.FUNCTION_WORDS[lang])
        pairs = [(a, b) for a, b in zip(words, words[1:], strict=False) if not {a, b} & stop]
        return '"{} {}"'.format(*rng.choice(pairs))

    def name(lang: str) -> str:
        forms = [f for f in rng.choice(corpus.people)[lang] if "'" not in f]
        return rng.choice(forms)

    def draw(kind: str, lang: str) -> BenchQuery:
        if kind == "common":
            return BenchQuery(kind, common(lang))
        if kind == "rare":
            return BenchQuery(kind, rarest(lang))
        if kind == "two":
            return BenchQuery(kind, two(lang))
        if kind == "name":
            return BenchQuery(kind, name(lang))
        if kind == "phrase":
            return BenchQuery(kind, phrase(lang))
        if kind == "filtered":
            year = rng.randint(first, last - 1)
            return BenchQuery(kind, rng.choice((common(lang), content(lang, 0, 2000))), lang=lang,
                              source=rng.choice(list(W.SOURCE_MIX)), date_from=f"{year}-01-01",
                              date_to=f"{year + rng.randint(0, 1)}-12-31")  # fmt: skip
        if kind == "date-sort":
            return BenchQuery(kind, common(lang), sort="date")
        return BenchQuery(kind, common(lang), page=rng.randint(10, 25))

    # No two queries share their words and filters (a result cache keyed on them would answer the second
    # from the first's match): every figure is a search's first run. The first WARM are the warm-up's.
    out, seen = [], set()
    for i in range(WARM + per_kind * len(KINDS)):
        kind, lang = KINDS[i % len(KINDS)], ("kk", "ru", "en")[(i // len(KINDS)) % 3]
        for _ in range(200):
            q = draw(kind, lang)
            key = (q.text.lower(), q.lang, q.source, q.date_from, q.date_to)
            if key not in seen:
                break
        seen.add(key)
        out.append(q)
    return out


# ---- engines: each builds from the archive and answers the query mix ---------------------------------


def ours_data(folder: Path, engine: str) -> Path:
    """The data folder the import made for one of our engines (bench/import_bench.py)."""
    return folder / f"data-{engine.removeprefix('ours-')}"


def records_data(folder: Path) -> Path:
    """A data folder whose archive the raw engines read: any import's (they all hold the same records)."""
    found = [d for d in sorted(folder.glob("data-*")) if (d / "archive.sqlite3").exists()]
    if not found:
        sys.exit(f"error: no imported archive under {folder}: run bench/import_bench.py first")
    return found[0]


def unavailable(engine: str) -> str | None:
    """Why this commit cannot run an engine, or None."""
    if engine.startswith("ours-"):
        from archive.config import Settings

        if ENGINE_SETTING not in {f.name for f in fields(Settings)}:
            return f"no engine choice behind our search on this commit (no `{ENGINE_SETTING}` setting)"
        from search.service import ENGINES

        if engine.removeprefix("ours-") not in ENGINES:
            return f"no {engine.removeprefix('ours-')} engine behind our search on this commit"
    return None


def archive_docs(folder: Path) -> Iterator[dict]:
    from archive.store import open_for_reading

    with open_for_reading(records_data(folder) / "archive.sqlite3") as store:
        yield from store.documents()


def _day(value: str | None) -> int:
    return int(value.replace("-", "")) if value else 0


def build_ours(folder: Path, engine: str) -> int:
    from parlarchive.app import Parlarchive

    app = Parlarchive(ours_data(folder, engine))
    count = app.rebuild_index()
    built = app.index_status().engine
    if built != engine.removeprefix("ours-"):
        sys.exit(f"error: the rebuild for {engine} left an index of {built}")
    return count


def query_ours(folder: Path, engine: str, q: BenchQuery) -> int:
    from parlarchive.app import Parlarchive

    app = _cached("app", lambda: Parlarchive(ours_data(folder, engine)))
    result = app.search(q.text, lang=q.lang, source=q.source, date_from=q.date_from, date_to=q.date_to,
                        sort=q.sort, page=q.page, limit=LIMIT)  # fmt: skip
    return result["total"]


def _whoosh_schema():
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, NUMERIC, TEXT, Schema

    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(stored=True),
        text=TEXT(stored=True, analyzer=StemmingAnalyzer()),
        date=NUMERIC(stored=True, sortable=True),  # yyyymmdd: a NumericRange filter, not thousands of terms
        **{name: ID(stored=True, sortable=True) for name in FACET_FIELDS},
    )


def build_whoosh(folder: Path, index: Path) -> int:
    from whoosh import index as windex

    ix = windex.create_in(str(index), _whoosh_schema())
    writer, count = ix.writer(), 0
    for doc in archive_docs(folder):
        writer.add_document(id=doc["id"], title=doc["title"], text=doc["text"], lang=doc["lang"] or "",
                            source=doc["source"], date=_day(doc["date"]), year=(doc["date"] or "")[:4])  # fmt: skip
        count += 1
    writer.commit()
    return count


def query_whoosh(folder: Path, index: Path, q: BenchQuery) -> int:
    from whoosh import index as windex
    from whoosh import query as wq
    from whoosh.qparser import MultifieldParser

    ix = _cached("ix", lambda: windex.open_dir(str(index)))
    searcher = _cached("searcher", ix.searcher)
    parser = _cached("parser", lambda: MultifieldParser(["title", "text"], ix.schema))
    parts = [wq.Term(f, v) for f, v in (("lang", q.lang), ("source", q.source)) if v]
    if q.date_from:
        parts.append(wq.NumericRange("date", _day(q.date_from), _day(q.date_to)))
    sort = {"sortedby": "date", "reverse": True} if q.sort == "date" else {}
    results = searcher.search_page(parser.parse(q.text), q.page, pagelen=LIMIT, groupedby=list(FACET_FIELDS),
                                   filter=wq.And(parts) if parts else None, **sort)  # fmt: skip
    _ = {name: results.results.groups(name) for name in FACET_FIELDS}
    _ = [hit.highlights("text") for hit in results]
    return len(results.results)


def _tantivy_schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=True)
    builder.add_text_field("text", stored=True)
    for name in ("id", *FACET_FIELDS):
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    builder.add_unsigned_field("date", stored=True, fast=True, indexed=True)
    return builder.build()


def build_tantivy(folder: Path, index: Path) -> int:
    import tantivy

    ix = tantivy.Index(_tantivy_schema(), path=str(index))
    writer, count = ix.writer(heap_size=256_000_000, num_threads=2), 0
    for doc in archive_docs(folder):
        document = tantivy.Document(id=doc["id"], title=doc["title"], text=doc["text"], lang=doc["lang"] or "",
                                    source=doc["source"], year=(doc["date"] or "")[:4])  # fmt: skip
        document.add_unsigned("date", _day(doc["date"]))
        writer.add_document(document)
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return count


def query_tantivy(folder: Path, index: Path, q: BenchQuery) -> int:
    import tantivy

    schema = _cached("schema", _tantivy_schema)
    ix = _cached("ix", lambda: tantivy.Index.open(str(index)))
    searcher = _cached("searcher", ix.searcher)
    must = [(tantivy.Occur.Must, ix.parse_query(q.text, ["title", "text"], conjunction_by_default=True))]
    for name, value in (("lang", q.lang), ("source", q.source)):
        if value:
            must.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, name, value)))
    if q.date_from:
        dates = tantivy.Query.range_query(schema, "date", tantivy.FieldType.Unsigned, _day(q.date_from),
                                          _day(q.date_to))  # fmt: skip
        must.append((tantivy.Occur.Must, dates))
    query = tantivy.Query.boolean_query(must)
    order = {"order_by_field": "date", "order": tantivy.Order.Desc} if q.sort == "date" else {}
    result = searcher.search(query, LIMIT, count=True, offset=(q.page - 1) * LIMIT, **order)
    searcher.aggregate(query, {name: {"terms": {"field": name, "size": 20}} for name in FACET_FIELDS})
    snippets = tantivy.SnippetGenerator.create(searcher, query, schema, "text")
    _ = [snippets.snippet_from_doc(searcher.doc(address)).to_html() for _score, address in result.hits]
    return result.count


_CACHE: dict[str, object] = {}


def _cached(name: str, make: Callable[[], object]):
    """One index, searcher or application per query process, opened by its first query."""
    if name not in _CACHE:
        _CACHE[name] = make()
    return _CACHE[name]


RAW = {"whoosh": (build_whoosh, query_whoosh), "tantivy": (build_tantivy, query_tantivy)}


def worker(engine: str, phase: str, folder: Path, run: Path) -> dict:
    """One engine's build or query phase, in this (fresh) process."""
    index = run / f"index-{engine}"
    if phase == "build":
        started, cpu = time.perf_counter(), cpu_seconds()
        if engine in RAW:
            shutil.rmtree(index, ignore_errors=True)
            index.mkdir(parents=True)
            count = RAW[engine][0](folder, index)
        else:
            count = build_ours(folder, engine)
        seconds = time.perf_counter() - started
        return {"docs": count, "seconds": round(seconds, 1), "docs_per_s": round(count / seconds, 1),
                "cpu_ms_per_doc": round(1000 * (cpu_seconds() - cpu) / count, 2)}  # fmt: skip
    answer = RAW[engine][1] if engine in RAW else query_ours
    where = index if engine in RAW else engine
    queries = [BenchQuery(**q) for q in json.loads((run / "queries.json").read_text())]
    for q in queries[:WARM]:
        answer(folder, where, q)
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    totals: dict[str, list[int]] = {kind: [] for kind in KINDS}
    cpu = cpu_seconds()
    for q in queries[WARM:]:
        started = time.perf_counter()
        total = answer(folder, where, q)
        times[q.kind].append(1000 * (time.perf_counter() - started))
        totals[q.kind].append(total)
    cpu_ms = round(1000 * (cpu_seconds() - cpu) / (len(queries) - WARM), 1)
    if engine not in RAW and (answered := _CACHE["app"].index_status().engine) != engine.removeprefix(
        "ours-"
    ):
        sys.exit(f"error: {engine}'s queries were answered by an index of {answered}")
    return {"queries": len(queries) - WARM, **percentiles([t for ts in times.values() for t in ts]), "cpu_ms_per_query": cpu_ms,
            "kinds": {kind: {**percentiles(ts), "median_hits": statistics.median(totals[kind])}
                      for kind, ts in times.items()}}  # fmt: skip


def percentiles(ms: list[float]) -> dict[str, float]:
    """p50 and p95 (nearest rank) of latencies in ms."""
    ms = sorted(ms)
    return {
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[max(0, -(-95 * len(ms) // 100) - 1)], 1),
    }


# ---- the run ---------------------------------------------------------------------------------------


def run_phase(engine: str, phase: str, folder: Path, run: Path) -> dict:
    """A build or query phase in a process of its own: its figures, wall time and peak RSS (sampled)."""
    env = engine_env(engine.removeprefix("ours-") if engine.startswith("ours-") else None)
    cmd = [sys.executable, "-m", "bench.search_bench", "--worker", engine, phase, str(folder), str(run)]
    before = load_average()
    measured = run_measured(cmd, run / f"{phase}-{engine}.log", env)
    if measured["returncode"]:
        sys.exit(f"error: {engine} {phase} failed ({measured['returncode']}): {measured['last_line']}")
    return {**json.loads(measured["last_line"]), "peak_mb": measured["peak_mb"], "wall_seconds": measured["seconds"],
            "load_before": before, "load": load_average()}  # fmt: skip


def write_queries(corpus: Corpus, run: Path) -> list[BenchQuery]:
    queries = make_queries(corpus)
    run.mkdir(parents=True, exist_ok=True)
    (run / "queries.json").write_text(json.dumps([asdict(q) for q in queries], ensure_ascii=False, indent=0))
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument(
        "--worker", nargs=4, metavar=("ENGINE", "PHASE", "FOLDER", "RUN"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker:
        engine, phase, folder, run = args.worker
        print(json.dumps(worker(engine, phase, Path(folder), Path(run))))
        return
    folder = archive_dir(args.records, args.seed)
    run = folder / "search-bench"
    write_queries(Corpus(args.records, args.seed), run)
    print(
        f"{len(KINDS)} kinds of query x {PER_KIND}: {', '.join(KINDS)}; top {LIMIT} with facets and snippets"
    )
    for engine in args.engines:
        if why := unavailable(engine):
            print(f"  {engine}: skipped, {why}")
            continue
        built, queried = run_phase(engine, "build", folder, run), run_phase(engine, "query", folder, run)
        kinds = "  ".join(f"{k} {v['p50_ms']}/{v['p95_ms']}" for k, v in queried["kinds"].items())
        print(f"  {engine}: build {built['docs_per_s']} docs/s, peak {built['peak_mb']} MB; query p50 "
              f"{queried['p50_ms']} ms, p95 {queried['p95_ms']} ms (load {queried['load']})\n    {kinds}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
