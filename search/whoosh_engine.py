"""The Whoosh engine (pure Python, the design card's): our analysed tokens indexed as they are (space-separated
terms), plans translated into Whoosh queries, facets counted with numpy from one pass over the postings.

Whoosh scores every match in Python, so a search holds the GIL for its whole time: it suits an archive of
tens of thousands of records (README, "Which engine"); a time budget stops a search that runs too long.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import index as windex
from whoosh import query as wq
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.searching import Searcher

from search.backend import (
    KEPT,
    IndexUnreadable,
    IndexWriteFailed,
    Member,
    Order,
    Ranked,
    SearchTooSlow,
    StoryDoc,
    one_line,
    ranked,
)
from search.fields import BRIEF, DAY, FACETS, KEY, KEYWORDS, MEMBER, SIZE, TEXT_FIELDS
from search.plan import All, Bool, Boosted, Clause, Days, Plan, Sequence, Terms, Value, Wildcard
from search.whoosh_build import BulkWriter, latest_generation

_LOCAL = threading.local()  # per thread and folder: (Searcher, its facet postings); Whoosh's are per thread


def build_schema() -> Schema:
    tokens = SpaceSeparatedTokenizer()
    fields: dict = {
        KEY: ID(stored=True, unique=True),
        MEMBER: KEYWORD(commas=True),
        BRIEF: STORED(),
        DAY: NUMERIC(int, bits=32, sortable=True),
        SIZE: NUMERIC(int, bits=32, sortable=True),
        **{name: KEYWORD(commas=True) for name in KEYWORDS},
    }
    for spec in TEXT_FIELDS:
        fields[spec.name] = TEXT(analyzer=tokens, phrase=spec.positions)
    return Schema(**fields)


def _fields(doc: StoryDoc) -> dict:
    out: dict = {KEY: doc.key, MEMBER: ",".join(m.id for m in doc.members), BRIEF: doc.brief()}
    out.update(doc.texts)
    out.update({name: ",".join(values) for name, values in doc.keywords.items() if values})
    out[DAY] = doc.day
    out[SIZE] = len(doc.members)
    return out


def _iso(day: int | None) -> str | None:
    return None if day is None else f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


def compile_clause(clause: Clause) -> wq.Query:
    """The Whoosh query of a plan's clause."""
    if isinstance(clause, Terms):
        terms = [wq.Term(clause.field, t, boost=clause.boost) for t in clause.terms]
        return terms[0] if len(terms) == 1 else wq.Or(terms)
    if isinstance(clause, Sequence):
        return wq.Phrase(clause.field, list(clause.terms), boost=clause.boost)
    if isinstance(clause, Wildcard):
        return wq.Wildcard(clause.field, clause.pattern, boost=clause.boost)
    if isinstance(clause, Value):
        return wq.Term(clause.field, clause.value)
    if isinstance(clause, Days):
        return wq.TermRange("date", _iso(clause.low), _iso(clause.high))
    if isinstance(clause, Boosted):
        inner = compile_clause(clause.clause)
        return inner.with_boost(inner.boost * clause.factor)
    if isinstance(clause, All):
        return wq.Every()
    assert isinstance(clause, Bool)
    must = [compile_clause(c) for c in clause.must]
    should = [compile_clause(c) for c in clause.should]
    base = wq.And(must) if len(must) > 1 else (must[0] if must else None)
    if should:
        either = wq.Or(should) if len(should) > 1 else should[0]
        base = either if base is None else wq.AndMaybe(base, either)
    if clause.must_not:
        excluded = [compile_clause(c) for c in clause.must_not]
        base = wq.AndNot(base or wq.Every(), wq.Or(excluded) if len(excluded) > 1 else excluded[0])
    return base if base is not None else wq.NullQuery


@dataclass
class _Match:
    """Every story a plan matched, ranked: (score or date key, docnum)."""

    order: list[tuple[float, int]]
    docnums: np.ndarray


@dataclass
class WhooshSearcher:
    searcher: Searcher
    generation: str
    deadline_seconds: float | None = None  # the service's time budget for each search
    _postings: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    _last: tuple[tuple, _Match] | None = None

    def _match(self, plan: Plan, sort: str) -> _Match:
        key = (plan.query, plan.filters, sort)
        if self._last is not None and self._last[0] == key:
            return self._last[1]  # the page, its count and its facets come from one pass
        query = compile_clause(plan.query)
        filters = [compile_clause(f) for f in plan.filters]
        options = {"sortedby": DAY, "reverse": True} if sort == "date" else {}
        collector = self.searcher.collector(
            limit=None, optimize=False, filter=wq.And(filters) if filters else None, **options
        )
        if self.deadline_seconds is not None:
            collector = TimeLimitCollector(collector, timelimit=self.deadline_seconds, use_alarm=False)
        try:
            self.searcher.search_with_collector(query, collector)
        except TimeLimit:
            raise SearchTooSlow.after(self.deadline_seconds) from None
        results = collector.results()
        order = list(results.top_n)
        match = _Match(order, np.fromiter((d for _, d in order), dtype=np.int64, count=len(order)))
        self._last = (key, match)
        return match

    def order(self, plan: Plan, *, limit: int | None, sort: str) -> tuple[int, Order]:
        match = self._match(plan, sort)
        page = match.order[:limit]
        docnums = [docnum for _key, docnum in page]
        if sort == "date":  # whoosh sorts by a key of its own: the value is the story's day
            day = self.searcher.reader().column_reader(DAY)
            return len(match.order), Order([float(day[d]) for d in docnums], docnums, scored=False)
        return len(match.order), Order([float(key) for key, _ in page], docnums, scored=True)

    def ranked(self, order: Order, positions: list[int]) -> list[Ranked]:
        out = []
        for n in positions:
            stored = self.searcher.stored_fields(order.addresses[n])
            out.append(ranked(stored[KEY], order.values[n] if order.scored else None, stored[BRIEF]))
        return out

    def count(self, plan: Plan) -> int:
        return len(self._match(plan, "relevance").order)

    def _facet_postings(self, name: str) -> dict[str, np.ndarray]:
        """Per value of a keyword field, the docnums holding it (read once per searcher)."""
        if name not in self._postings:
            reader = self.searcher.reader()
            self._postings[name] = {
                value.decode("utf-8") if isinstance(value, bytes) else value: np.fromiter(
                    reader.postings(name, value).all_ids(), dtype=np.int64
                )
                for value in reader.lexicon(name)
            }
        return self._postings[name]

    def value_counts(self, plan: Plan, names: tuple[str, ...]) -> dict[str, dict[str, int]]:
        matched = np.zeros(self.searcher.doc_count_all(), dtype=bool)
        matched[self._match(plan, "relevance").docnums] = True
        out = {}
        for name in names:
            counts = {value: int(matched[docs].sum()) for value, docs in self._facet_postings(name).items()}
            out[name] = {value: n for value, n in counts.items() if n}
        return out

    def close_terms(self, field_name: str, word: str, limit: int) -> list[tuple[str, int]]:
        reader = self.searcher.reader()
        found = [
            (term.decode("utf-8"), reader.doc_frequency(field_name, term))
            for term in reader.expand_prefix(field_name, word[:2])
        ]
        return sorted(found, key=lambda tc: (-tc[1], tc[0]))[:limit]


class WhooshWriterSession:
    def __init__(self, writer: object, searcher: Searcher | None):
        self.writer = writer
        self.searcher = searcher

    def add(self, doc: StoryDoc) -> None:
        self.writer.add_document(**_fields(doc))

    def delete_member(self, record_id: str) -> None:
        self.writer.delete_by_term(MEMBER, record_id)

    def stories_holding(self, record_id: str) -> list[list[Member]]:
        if self.searcher is None:
            return []
        docnums = self.searcher.docs_for_query(wq.Term(MEMBER, record_id))
        return [list(ranked("", None, self.searcher.stored_fields(d)[BRIEF]).members) for d in docnums]


class WhooshEngine:
    name = "whoosh"

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def exists(self) -> bool:
        """A TOC file is there (whether or not it can be read)."""
        return latest_generation(self.folder) >= 0

    def _unreadable(self, exc: BaseException) -> IndexUnreadable:
        return IndexUnreadable(
            f"the search index in {self.folder} cannot be read ({one_line(exc)}):"
            " run `parlarchive index --rebuild`"
        )

    def read_problem(self, *, thorough: bool = False) -> str | None:
        if not self.exists():
            return None
        try:
            with windex.open_dir(str(self.folder)).reader() as reader:
                if thorough:
                    for _fields in reader.all_stored_fields():
                        pass
                    for name in FACETS:
                        list(reader.lexicon(name))
        except Exception as exc:  # a damaged file fails in any of Whoosh's ways
            return one_line(exc)
        return None

    def counts(self) -> tuple[int, int]:
        if not self.exists():
            return 0, 0
        try:
            with windex.open_dir(str(self.folder)).reader() as reader:
                sizes = [
                    int(v) for leaf, _ in reader.leaf_readers() if leaf.doc_count_all()
                    for v, live in zip(leaf.column_reader(SIZE), _live(leaf), strict=True) if live
                ]  # fmt: skip
                return reader.doc_count(), sum(sizes)
        except Exception as exc:
            raise self._unreadable(exc) from exc

    # ---- searching -----------------------------------------------------------------------------

    def searcher(self) -> WhooshSearcher | None:
        """This thread's searcher on the latest commit, reopened only after one (Searcher.refresh keeps the
        segments a merge removed in whoosh3, so each document would count twice: reopen instead)."""
        cache: dict[Path, WhooshSearcher] = _LOCAL.__dict__.setdefault("searchers", {})
        current = cache.pop(self.folder, None)
        if current is not None and (not self.exists() or not current.searcher.up_to_date()):
            current.searcher.close()
            current = None
        if not self.exists():
            return None
        if current is None:
            current = self._open()
        cache[self.folder] = current
        current._last = None  # a new search: the memo is for one search's page, count and facets
        return current

    def _open(self) -> WhooshSearcher:
        """Tried twice: a commit may delete the files of the generation a reader has just chosen."""
        failure: BaseException | None = None
        for _attempt in range(2):
            try:
                ix = windex.open_dir(str(self.folder))
                return WhooshSearcher(ix.searcher(), f"{self.folder.name}:{ix.latest_generation()}")
            except Exception as exc:  # a damaged file fails in any of Whoosh's ways
                failure = exc
        raise self._unreadable(failure) from failure

    def forget(self) -> None:
        current = _LOCAL.__dict__.setdefault("searchers", {}).pop(self.folder, None)
        if current is not None:
            current.searcher.close()

    # ---- writing -------------------------------------------------------------------------------

    @contextmanager
    def writer(self, *, fresh: bool, procs: int) -> Iterator[WhooshWriterSession]:
        try:
            if fresh:
                self.folder.mkdir(parents=True, exist_ok=True)
                ix = windex.create_in(str(self.folder), build_schema())
                writer = BulkWriter(ix, procs) if procs > 1 else ix.writer()
                searcher = None
            else:
                ix = windex.open_dir(str(self.folder))
                writer = ix.writer(timeout=5.0)
                searcher = ix.searcher()
        except windex.LockError as exc:
            raise IndexWriteFailed(f"another writer holds the Whoosh lock in {self.folder}") from exc
        except OSError as exc:
            raise IndexWriteFailed(f"could not write the search index: {one_line(exc)}{KEPT}") from exc
        session = WhooshWriterSession(writer, searcher)
        try:
            yield session
        except BaseException:
            writer.cancel()
            raise
        finally:
            if searcher is not None:
                searcher.close()
        try:
            writer.commit()
            if isinstance(writer, BulkWriter):
                writer.check_children()
        except OSError as exc:
            raise IndexWriteFailed(f"could not write the search index: {one_line(exc)}{KEPT}") from exc
        self.forget()


def _live(leaf: object) -> Iterator[bool]:
    return (not leaf.is_deleted(n) for n in range(leaf.doc_count_all()))
