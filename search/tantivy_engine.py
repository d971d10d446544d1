"""The tantivy engine (Rust, via the `tantivy` package): our analysed tokens indexed as they are (its
whitespace tokenizer), plans translated into its queries, facets from its aggregations. Searches release
the GIL, so one server process uses every core.

Traps of tantivy-py 0.27 that shape this module: a writer holds the folder's lock until it is dropped, and
`wait_merging_threads()` consumes it; a fresh `Index` is opened for each write session (reused ones piled
up orphaned segments elsewhere); another process's commit is seen after `Index.reload()`; a search with
`limit=0` panics; a terms aggregation answers 10 buckets unless told its size.
"""

from __future__ import annotations

import atexit
import json
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy

from search.backend import (
    KEPT,
    IndexUnreadable,
    IndexWriteFailed,
    Member,
    Order,
    Ranked,
    StoryDoc,
    one_line,
    ranked,
)
from search.fields import BRIEF, DAY, KEY, KEYWORDS, MEMBER, SIZE, TEXT_FIELDS
from search.plan import All, Bool, Boosted, Clause, Days, Plan, Sequence, Terms, Value, Wildcard

DAYS = "days"  # every record's date as yyyymmdd: date-range filters
HEAP = 192_000_000  # bytes the writer buffers before it writes a segment (split between its threads)
AGGREGATION_SIZE = 100_000  # buckets a facet may answer (months of a century, every source)
_INDEXES: dict[str, tuple[tantivy.Index, int]] = {}  # per folder: this process's open index, its meta mtime
_LOCK = threading.Lock()
_MIRRORED: dict[str, bool] = {}  # per folder: whether it is read through a mirror (it cannot be written)


def _open_index(folder: Path) -> tantivy.Index:
    """tantivy's index on a folder. tantivy takes a lock file even to read; on a folder this process may not
    write (a backup on read-only media) the index is read through a mirror: a temporary folder of links to its
    files, where the lock can be taken (removed at exit)."""
    try:
        index = tantivy.Index.open(str(folder))
        _MIRRORED[str(folder)] = False
        return index
    except ValueError as exc:
        if "Lockfile" not in str(exc):
            raise
    mirror = Path(tempfile.mkdtemp(prefix="parlarchive-index-"))
    atexit.register(shutil.rmtree, mirror, True)
    for file in folder.iterdir():
        if not file.name.startswith(".tantivy-"):  # the lock files are the mirror's own
            (mirror / file.name).symlink_to(file)
    _MIRRORED[str(folder)] = True
    return tantivy.Index.open(str(mirror))


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field(KEY, stored=True, tokenizer_name="raw")
    builder.add_text_field(MEMBER, stored=True, tokenizer_name="raw")
    builder.add_text_field(BRIEF, stored=True, tokenizer_name="raw", index_option="basic")
    for spec in TEXT_FIELDS:
        option = "position" if spec.positions else "freq"
        builder.add_text_field(spec.name, tokenizer_name="whitespace", index_option=option)
    for name in KEYWORDS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_unsigned_field(DAY, fast=True, indexed=True)
    builder.add_unsigned_field(DAYS, fast=True, indexed=True)
    builder.add_unsigned_field(SIZE, fast=True)
    return builder.build()


SCHEMA = build_schema()


def _document(doc: StoryDoc) -> tantivy.Document:
    d = tantivy.Document()
    d.add_text(KEY, doc.key)
    for member in doc.members:
        d.add_text(MEMBER, member.id)
    d.add_text(BRIEF, json.dumps(doc.brief(), separators=(",", ":")))
    for name, tokens in doc.texts.items():
        d.add_text(name, tokens)
    for name, values in doc.keywords.items():
        for value in values:
            d.add_text(name, value)
    d.add_unsigned(DAY, doc.day)
    for day in doc.days:
        d.add_unsigned(DAYS, day)
    d.add_unsigned(SIZE, len(doc.members))
    return d


def _glob(pattern: str) -> str:
    """A wildcard pattern as tantivy's (anchored) regular expression."""
    return "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)


def compile_clause(clause: Clause) -> tantivy.Query:
    """The tantivy query of a plan's clause."""
    if isinstance(clause, Terms):
        terms = [tantivy.Query.term_query(SCHEMA, clause.field, t, index_option="freq") for t in clause.terms]
        q = (
            terms[0]
            if len(terms) == 1
            else tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms])
        )
        return q if clause.boost == 1.0 else tantivy.Query.boost_query(q, clause.boost)
    if isinstance(clause, Sequence):
        q = tantivy.Query.phrase_query(SCHEMA, clause.field, list(clause.terms))
        return q if clause.boost == 1.0 else tantivy.Query.boost_query(q, clause.boost)
    if isinstance(clause, Wildcard):
        q = tantivy.Query.regex_query(SCHEMA, clause.field, _glob(clause.pattern))
        return q if clause.boost == 1.0 else tantivy.Query.boost_query(q, clause.boost)
    if isinstance(clause, Value):
        return tantivy.Query.term_query(SCHEMA, clause.field, clause.value, index_option="basic")
    if isinstance(clause, Days):
        return tantivy.Query.range_query(SCHEMA, DAYS, tantivy.FieldType.Unsigned, clause.low, clause.high)
    if isinstance(clause, Boosted):
        return tantivy.Query.boost_query(compile_clause(clause.clause), clause.factor)
    if isinstance(clause, All):
        return tantivy.Query.all_query()
    assert isinstance(clause, Bool)
    parts = [(tantivy.Occur.Must, compile_clause(c)) for c in clause.must]
    parts += [(tantivy.Occur.Should, compile_clause(c)) for c in clause.should]
    parts += [(tantivy.Occur.MustNot, compile_clause(c)) for c in clause.must_not]
    return tantivy.Query.boolean_query(parts)


def compile_plan(plan: Plan) -> tantivy.Query:
    query = compile_clause(plan.query)
    if not plan.filters:
        return query
    filters = [
        (tantivy.Occur.Must, tantivy.Query.const_score_query(compile_clause(f), 0.0)) for f in plan.filters
    ]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), *filters])


class TantivySearcher:
    """One consistent view of the index (tantivy searchers are snapshots of a commit)."""

    def __init__(self, searcher: tantivy.Searcher, generation: str):
        self.searcher = searcher
        self.generation = generation

    def order(self, plan: Plan, *, limit: int | None, sort: str) -> tuple[int, Order]:
        query = compile_plan(plan)
        window = limit if limit is not None else max(1, self.count(plan))
        options = {"order_by_field": DAY, "order": tantivy.Order.Desc} if sort == "date" else {}
        result = self.searcher.search(query, limit=max(1, window), count=True, **options)
        hits = result.hits[:window]
        return result.count, Order([float(v) for v, _ in hits], [a for _, a in hits], scored=not options)

    def ranked(self, order: Order, positions: list[int]) -> list[Ranked]:
        out = []
        for n in positions:
            doc = self.searcher.doc(order.addresses[n])
            score = order.values[n] if order.scored else None
            out.append(ranked(doc.get_first(KEY), score, json.loads(doc.get_first(BRIEF))))
        return out

    def count(self, plan: Plan) -> int:
        return self.searcher.search(compile_plan(plan), limit=1, count=True).count

    def value_counts(self, plan: Plan, names: tuple[str, ...]) -> dict[str, dict[str, int]]:
        spec = {name: {"terms": {"field": name, "size": AGGREGATION_SIZE}} for name in names}
        answer = self.searcher.aggregate(compile_plan(plan), spec)
        return {name: {b["key"]: b["doc_count"] for b in answer[name]["buckets"]} for name in names}

    def close_terms(self, field: str, word: str, limit: int) -> list[tuple[str, int]]:
        return self.searcher.terms_with_prefix(field, word[:2], limit=limit)

    def record_count(self) -> int:
        answer = self.searcher.aggregate(tantivy.Query.all_query(), {"n": {"sum": {"field": SIZE}}})
        return int(answer["n"]["value"] or 0)


class TantivyWriter:
    """One write session; deletes by a record's raw id (a tokenized field would delete more)."""

    def __init__(self, index: tantivy.Index, writer: tantivy.IndexWriter):
        self.index = index
        self.writer = writer
        self.searcher = index.searcher()  # the committed state: what this session replaces

    def add(self, doc: StoryDoc) -> None:
        try:
            self.writer.add_document(_document(doc))
        except (OSError, ValueError, RuntimeError) as exc:  # a full disk while a segment is written
            raise IndexWriteFailed(f"could not write the search index: {one_line(exc)}{KEPT}") from exc

    def delete_member(self, record_id: str) -> None:
        self.writer.delete_documents_by_term(MEMBER, record_id)

    def stories_holding(self, record_id: str) -> list[list[Member]]:
        query = tantivy.Query.term_query(SCHEMA, MEMBER, record_id, index_option="basic")
        hits = self.searcher.search(query, limit=16).hits
        found = [json.loads(self.searcher.doc(addr).get_first(BRIEF)) for _score, addr in hits]
        return [list(ranked("", None, brief).members) for brief in found]


class TantivyEngine:
    name = "tantivy"

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _meta(self) -> Path:
        return self.folder / "meta.json"

    def exists(self) -> bool:
        return self._meta().exists()

    def _open(self) -> tantivy.Index:
        """This process's index on the folder, reloaded when another writer committed since (meta.json is
        rewritten by every commit)."""
        key = str(self.folder)
        try:
            mtime = self._meta().stat().st_mtime_ns
            with _LOCK:
                cached = _INDEXES.get(key)
                if cached is None or (cached[1] != mtime and _MIRRORED.get(key)):
                    index = _open_index(self.folder)
                    _INDEXES[key] = (index, mtime)
                    return index
                index, seen = cached
                if seen != mtime:
                    index.reload()
                    _INDEXES[key] = (index, mtime)
                return index
        except (OSError, ValueError) as exc:
            raise IndexUnreadable(
                f"the search index in {self.folder} cannot be read ({one_line(exc)}):"
                " run `parlarchive index --rebuild`"
            ) from exc

    def searcher(self) -> TantivySearcher | None:
        if not self.exists():
            return None
        index = self._open()
        try:
            generation = str(self._meta().stat().st_mtime_ns)
        except OSError:
            generation = "gone"
        return TantivySearcher(index.searcher(), generation)

    def forget(self) -> None:
        with _LOCK:
            _INDEXES.pop(str(self.folder), None)

    def read_problem(self, *, thorough: bool = False) -> str | None:
        if not self.exists():
            return None
        try:
            index = _open_index(self.folder)
            searcher = index.searcher()
            if thorough:
                for start in range(0, searcher.num_docs, 10_000):  # every stored document reads back
                    everything = tantivy.Query.all_query()
                    for _score, addr in searcher.search(everything, limit=10_000, offset=start).hits:
                        searcher.doc(addr)
                TantivySearcher(searcher, "").record_count()
        except (OSError, ValueError) as exc:
            return one_line(exc)
        return None

    def counts(self) -> tuple[int, int]:
        searcher = self.searcher()
        if searcher is None:
            return 0, 0
        return searcher.searcher.num_docs, searcher.record_count()

    @contextmanager
    def writer(self, *, fresh: bool, procs: int) -> Iterator[TantivyWriter]:
        """A session on a fresh Index object: committed and merged on a clean exit, rolled back (and the
        writer dropped, which frees tantivy's own lock) on any error."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(SCHEMA, path=str(self.folder), reuse=not fresh)
            writer = index.writer(heap_size=HEAP, num_threads=max(1, procs))
        except (OSError, ValueError) as exc:
            raise IndexWriteFailed(f"could not write the search index: {one_line(exc)}{KEPT}") from exc
        session = TantivyWriter(index, writer)
        try:
            yield session
        except BaseException:
            writer.rollback()
            del writer, session
            raise
        try:
            writer.commit()
            writer.wait_merging_threads()
        except (OSError, ValueError, RuntimeError) as exc:
            raise IndexWriteFailed(f"could not write the search index: {one_line(exc)}{KEPT}") from exc
        finally:
            del writer, session
        self.forget()
