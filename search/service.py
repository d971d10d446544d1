"""The search index over a data folder's `index/`: which engine holds it, bringing it up to the archive's rev
(incrementally, or rebuilt aside and switched to in one step), its status, and searches with the product's
rules — a story is one hit (its versions and reposts collapsed, the best-matching record shown), counts and
facets per story (or per language version, on request), snippets, a cache of recent result sets.

The folder holds `state.json` ({engine, folder, schema, rev, records}: written only after a verified commit)
and the engine's own folder (`tantivy-3/`, `whoosh-1/`); a rebuild writes a new one beside the old, and the
state file's rename is the switch that readers see. Folders no state names are removed by the next writer.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

from archive.config import Settings
from archive.languages import LANGS
from archive.store import Store
from search import documents
from search import querytree as qt
from search.backend import (
    KEPT,
    Engine,
    EngineSearcher,
    Hit,
    IndexFailure,
    IndexUnreadable,
    IndexWriteFailed,
    Order,
    QueryError,
    Ranked,
    SearchTooSlow,
    one_line,
)
from search.fields import SCHEMA_VERSION, WORDS
from search.highlight import Marker, marker, snippet
from search.index_lock import writer_lock
from search.plan import Days, Plan, Value, day_number, lower
from search.tantivy_engine import TantivyEngine
from search.whoosh_engine import WhooshEngine

ENGINES: dict[str, type] = {"tantivy": TantivyEngine, "whoosh": WhooshEngine}
SORTS = ("relevance", "date")
GROUPS = ("story", "version")  # one hit per story (its versions collapsed), or per language version
STATE_FILE = "state.json"
ALL = "*"  # the query of every story: what browsing and an export without a query search
REBUILD = "run `parlarchive index --rebuild`"
UPDATE = "run `parlarchive index`"
SUGGESTION_TERMS = 20_000  # indexed words with a misspelt word's first two letters that are compared with it
WINDOW = 100  # hits of a result set kept in the cache: the first five pages
CACHE_SIZE = 256  # result sets cached per process
CACHE_HITS = 1_000_000  # hits they hold at most (~100 bytes each: deep pages of common words hold 60,000)
SUMMARY_FACETS = ("source", "year", "month")
# Native libraries whose worker threads hold locks a forked child would wait on forever.
_FORK_UNSAFE = ("torch", "ctranslate2", "onnxruntime")
_LEGACY = re.compile(r"^(_?MAIN_.*|parlarchive-state\.json)$")  # an index of the layout before engines


# Given the number of steps, a context manager yielding the function to call after each (parlarchive.app).
Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]


@contextmanager
def _no_progress(_total: int) -> Iterator[Callable[[], None]]:
    yield lambda: None


def bulk_procs() -> int:
    """Processes for a bulk build: the cores (up to 4), or 1 where forking is unsafe. A fork copies a lock
    another thread holds but not the thread that would release it (a child forked after argostranslate had
    loaded torch waited forever): no fork beside other Python threads or a loaded threaded runtime."""
    unsafe = threading.active_count() > 1 or any(name in sys.modules for name in _FORK_UNSAFE)
    return 1 if unsafe else min(4, os.cpu_count() or 1)


# ---- requests and results -------------------------------------------------------------------------------


def default_sort(query: str | None) -> str:
    """The order of a search that names none: best first for a query, newest first when browsing everything
    (the search page, the API, the feed and an export all follow it)."""
    return "relevance" if query and query.strip() != ALL else "date"


@dataclass(frozen=True)
class SearchRequest:
    query: str
    lang: str | None = None
    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    limit: int | None = 20  # None: every hit
    page: int = 1
    sort: str = "relevance"  # or "date" (newest first)
    snippets: bool = True  # False: hits without marked snippets (an export needs only the records)
    group: str = "story"  # or "version": each language version of a story a hit of its own
    # False: no time budget (an export reads every hit of a search, however long; the query's own bounds
    # still hold). True: the settings' search_time_budget.
    timed: bool = True

    def check(self) -> None:
        """QueryError for an option that cannot be used."""
        if self.lang is not None and self.lang not in LANGS:
            raise QueryError("unknown language %(lang)r: use one of %(allowed)s", lang=self.lang,
                             allowed=", ".join(LANGS))  # fmt: skip
        for value, name in ((self.date_from, "--from"), (self.date_to, "--to")):
            if value is not None:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise QueryError("%(name)s must be a date YYYY-MM-DD, not %(value)r", name=name,
                                     value=value) from None  # fmt: skip
        if self.limit is not None and self.limit < 1:
            raise QueryError("--limit must be at least 1")
        if self.sort not in SORTS:
            raise QueryError("sort must be one of %(allowed)s", allowed=", ".join(SORTS))
        if self.group not in GROUPS:
            raise QueryError("group must be one of %(allowed)s", allowed=", ".join(GROUPS))
        if self.page < 1:
            raise QueryError("page must be at least 1")


@dataclass
class SearchResult:
    """The `search --json` shape: the query, how many hits, this page's hits, the facets."""

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    counted: str = "stories"  # what `total` and the facets count: "stories" or "versions"
    suggestion: str | None = (
        None  # the query with its misspelt words mended, when it finds nothing and that does
    )

    def as_json(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}  # not asdict(): it deep-copies every hit
        out["hits"] = [hit.as_json() for hit in self.hits]
        out["facets"] = {name: dict(counts) for name, counts in self.facets.items()}
        return out


def empty_facets() -> dict[str, dict[str, int]]:
    return {name: {} for name in ("source", "lang", "year", "month")}


@dataclass
class _Found:
    """A result set: its size, its facets, and its best hits as (story, version or None) from the top."""

    total: int
    facets: dict[str, dict[str, int]]
    items: _Stories | list[tuple[Ranked, str | None]]
    complete: bool  # `items` holds every hit

    def page(self, searcher: EngineSearcher, start: int, stop: int | None) -> list[tuple[Ranked, str | None]]:
        """Hits `start` to `stop` (None: the last), read with a searcher of the set's generation."""
        stop = len(self.items) if stop is None else stop
        if isinstance(self.items, list):
            return self.items[start:stop]
        return self.items.page(searcher, start, stop)


# ---- the index's state ----------------------------------------------------------------------------------


@dataclass
class IndexState:
    engine: str | None = None
    folder: str | None = None
    schema: int = 0
    rev: int = 0
    records: int = 0


@dataclass
class IndexStatus:
    """The index against the archive. `state`: "ok", "missing", "outdated" (built by older code),
    "unreadable", "behind" (records changed since its rev), or "mismatch" (ahead of the archive or holding
    another count: an archive restored from a copy). `problem` is the one line with its fix (None if ok);
    `cheap_fix` says whether an update repairs it (missing, outdated, behind) rather than a rebuild."""

    state: str
    problem: str | None
    indexed_rev: int = 0
    archive_rev: int = 0
    indexed_count: int = 0
    archive_count: int = 0
    engine: str | None = None  # the engine holding the index
    wanted: str | None = None  # the engine the settings name for the next build

    @property
    def cheap_fix(self) -> bool:
        return self.state in ("missing", "outdated", "behind")


class _ResultCache:
    """Recent result sets by (index generation, plan, sort, grouping): paging and a repeated search reuse
    one match; any commit changes the generation, so nothing stale is served."""

    def __init__(self, size: int = CACHE_SIZE, hits: int = CACHE_HITS):
        self.size, self.hits = size, hits
        self.items: OrderedDict[tuple, _Found] = OrderedDict()
        self.held = 0  # hits of the sets held
        self.lock = threading.Lock()

    def get(self, key: tuple) -> _Found | None:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: tuple, found: _Found) -> None:
        with self.lock:
            if (old := self.items.pop(key, None)) is not None:
                self.held -= len(old.items)
            self.items[key] = found
            self.held += len(found.items)
            while len(self.items) > 1 and (len(self.items) > self.size or self.held > self.hits):
                self.held -= len(self.items.popitem(last=False)[1].items)


class SearchIndex:
    """The search index of one data folder (`index/`), built and read with the settings' engine."""

    def __init__(self, folder: Path, settings: Settings):
        self.root = Path(folder)
        self.settings = settings
        if settings.search_engine not in ENGINES:
            raise ValueError(
                f"PARLARCHIVE_SEARCH_ENGINE must be one of {', '.join(ENGINES)}, not {settings.search_engine!r}"
            )
        self._cache = _ResultCache()

    def __repr__(self) -> str:
        return f"SearchIndex({str(self.root)!r})"

    # ---- state ---------------------------------------------------------------------------------------

    def state(self) -> IndexState:
        try:
            raw = json.loads((self.root / STATE_FILE).read_text())
            return IndexState(**{k: raw[k] for k in IndexState.__dataclass_fields__ if k in raw})
        except (OSError, ValueError, TypeError):
            return IndexState()

    def _write_state(self, state: IndexState) -> None:
        tmp = self.root / f".{STATE_FILE}.{os.getpid()}"
        tmp.write_text(json.dumps(asdict(state)))
        os.replace(tmp, self.root / STATE_FILE)

    def engine(self, state: IndexState | None = None) -> Engine | None:
        """The engine holding the index the state names (None: no current index)."""
        state = state or self.state()
        if state.engine not in ENGINES or not state.folder or state.schema != SCHEMA_VERSION:
            return None
        return ENGINES[state.engine](self.root / state.folder)

    def _root_problem(self) -> str | None:
        """Why the index folder or its state file cannot be read (None: they can, or are not there): a
        folder without permissions must not look like a missing index."""
        try:
            os.listdir(self.root)
            with open(self.root / STATE_FILE, "rb"):
                pass
        except FileNotFoundError:
            return None
        except OSError as exc:
            return exc.strerror or one_line(exc)
        return None

    def _legacy(self) -> bool:
        try:
            return any(_LEGACY.match(name) for name in os.listdir(self.root))
        except OSError:
            return False

    # ---- writing -------------------------------------------------------------------------------------

    def update(self, store: Store, *, progress: Progress | None = None) -> int:
        """Index the records changed since the index's rev; returns how many records were indexed. An index
        that is missing, outdated or unreadable is rebuilt. IndexBusy after the lock timeout; IndexFailure
        (one line) when writing fails, the previous index then still in use."""
        return self._write(store, rebuild=False, progress=progress)

    def rebuild(self, store: Store, *, progress: Progress | None = None) -> int:
        """Build the whole index afresh with the settings' engine, aside (searches keep the old one until
        the new one is verified and switched to); returns how many records."""
        return self._write(store, rebuild=True, progress=progress)

    def _write(self, store: Store, *, rebuild: bool, progress: Progress | None) -> int:
        bar = progress or _no_progress
        with writer_lock(self.root, self.settings.lock_timeout):
            state = self.state()
            self._remove_stale(state)
            engine = self.engine(state)
            if rebuild or engine is None or not engine.exists() or engine.read_problem():
                return self._build(store, bar)
            ids, rev = store.changed_since(state.rev)
            if not ids:
                if rev != state.rev:
                    state.rev = rev
                    self._write_state(state)
                return 0
            try:
                with bar(len(ids)) as advance, engine.writer(fresh=False, procs=1) as writer:
                    count = documents.update_changed(writer, store, ids, advance=advance)
                _stories, state.records = engine.counts()
            except IndexFailure:
                raise
            except OSError as exc:
                raise IndexWriteFailed(f"could not write the search index: {one_line(exc)}") from exc
            state.rev = rev
            self._write_state(state)
            return count

    def _build(self, store: Store, bar: Progress) -> int:
        name = self.settings.search_engine
        generation = 1 + max([_generation(p.name) for p in self._folders()], default=0)
        folder = self.root / f"{name}-{generation}"
        engine: Engine = ENGINES[name](folder)
        rev = store.current_rev()  # read first: what changes while the build reads is indexed next time
        total = store.count()
        procs = bulk_procs()
        try:
            with bar(total) as advance, engine.writer(fresh=True, procs=procs) as writer:
                count = documents.build_all(writer, store, procs=procs, advance=advance)
            stories, records = engine.counts()
            if records != count:
                raise IndexWriteFailed(f"the new search index holds {records} of {count} records{KEPT}")
            self._write_state(IndexState(name, folder.name, SCHEMA_VERSION, rev, records))
        except BaseException as exc:
            shutil.rmtree(folder, ignore_errors=True)
            if isinstance(exc, OSError):
                raise IndexWriteFailed(f"could not write the search index: {one_line(exc)}{KEPT}") from exc
            raise
        self._remove_stale(self.state())  # readers of the old folder move on (a failed search retries)
        self._remove_legacy()
        return count

    def _folders(self) -> list[Path]:
        try:
            return [p for p in self.root.iterdir() if p.is_dir() and _generation(p.name) > 0]
        except OSError:
            return []

    def _remove_stale(self, state: IndexState) -> None:
        """Engine folders the state does not name: an older generation (its readers have had a whole write
        session's time to move on) or a build that was killed."""
        for folder in self._folders():
            if folder.name != state.folder:
                shutil.rmtree(folder, ignore_errors=True)

    def _remove_legacy(self) -> None:
        for name in os.listdir(self.root):
            if _LEGACY.match(name):
                (self.root / name).unlink(missing_ok=True)

    # ---- status --------------------------------------------------------------------------------------

    def status(self, rev: int, count: int, *, thorough: bool = False) -> IndexStatus:
        """Where the index stands against an archive at `rev` holding `count` records, reading the index and
        writing nothing (read-only folders too). `thorough` reads every document (for `check`)."""
        where = f"search index in {self.root}"
        wanted = self.settings.search_engine
        root_problem = self._root_problem()
        if root_problem is not None:
            problem = f"the {where} cannot be read ({root_problem}): {REBUILD}"
            return IndexStatus("unreadable", problem, 0, rev, 0, count, None, wanted)
        state = self.state()
        if (state.engine is not None and state.schema != SCHEMA_VERSION) or (
            state.engine is None and self._legacy()
        ):
            problem = f"the {where} was built by an older version of Parlarchive: {REBUILD}"
            return IndexStatus("outdated", problem, 0, rev, 0, count, state.engine, wanted)
        engine = self.engine(state)
        if engine is None or not engine.exists():
            if count == 0:
                return IndexStatus("ok", None, archive_rev=rev, wanted=wanted)
            problem = f"the {where} is missing ({count} records unindexed): {REBUILD}"
            return IndexStatus("missing", problem, 0, rev, 0, count, None, wanted)
        reason = engine.read_problem(thorough=thorough)
        if reason is not None:
            problem = f"the {where} cannot be read ({reason}): {REBUILD}"
            return IndexStatus("unreadable", problem, 0, rev, 0, count, state.engine, wanted)
        indexed = engine.counts()[1] if thorough else state.records
        status = IndexStatus("ok", None, state.rev, rev, indexed, count, state.engine, wanted)
        if state.rev > rev or (state.rev == rev and indexed != count):
            status.state = "mismatch"
            status.problem = (
                f"the {where} does not match the archive (index: {indexed} records up to rev {state.rev};"
                f" archive: {count} records up to rev {rev}): {REBUILD}"
            )
        elif state.rev < rev:
            status.state = "behind"
            status.problem = f"the {where} is behind the archive (rev {state.rev} of {rev}): {UPDATE}"
        return status

    # ---- searching -----------------------------------------------------------------------------------

    def search(self, request: SearchRequest, store: Store | None) -> SearchResult:
        """The hits of a request; QueryError for a query or option that cannot be used, SearchTooSlow past
        the time budget, IndexUnreadable for an index that cannot be read (a missing one finds nothing)."""
        request.check()
        tree = qt.parse(request.query)
        versions = (request.lang,) if request.lang else LANGS
        filters = []
        if request.source:
            filters.append(Value("source", request.source))
        if request.date_from or request.date_to:
            low, high = (day_number(d) if d else None for d in (request.date_from, request.date_to))
            filters.append(Days(low, high))
        plan = lower(tree, qt.query_langs(tree, request.lang), versions, tuple(filters))
        counted = "versions" if request.group == "version" else "stories"
        budget = self.settings.search_time_budget if request.timed else math.inf
        deadline = _Deadline.starting(budget)
        found = None
        for attempt in range(2):  # a rebuild may switch folders under a search: it then runs once more
            state = self.state()
            engine = self.engine(state)
            if engine is None:
                if attempt == 0 and self.state() != state:
                    continue  # a rebuild switched folders meanwhile
                if (problem := self._root_problem()) is not None:
                    raise IndexUnreadable(
                        f"the search index in {self.root} cannot be read ({problem}): {REBUILD}"
                    )
                return SearchResult(request.query, 0, [], empty_facets(), counted)
            try:
                searcher = engine.searcher()
                if searcher is None:  # no index in the folder: removed by a rebuild that just switched?
                    if attempt == 0 and self.state() != state:
                        continue
                    return SearchResult(request.query, 0, [], empty_facets(), counted)
                if hasattr(searcher, "deadline_seconds"):
                    searcher.deadline_seconds = budget if request.timed else None
                found = self._found(searcher, plan, request, deadline)
                first = (request.page - 1) * (request.limit or 0)
                items = found.page(searcher, first, None if request.limit is None else first + request.limit)
                break
            except QueryError:
                raise
            except Exception as exc:  # a damaged segment fails in any of an engine's ways
                engine.forget()
                if attempt == 0 and self.state() != state:
                    continue
                if isinstance(exc, IndexFailure):
                    raise
                raise IndexUnreadable(
                    f"the search index in {self.root} cannot be read ({one_line(exc)}): {REBUILD}"
                ) from exc
        hits = _hits(items, plan, request, store)
        suggestion = _suggestion(searcher, request, plan.filters) if not found.total else None
        return SearchResult(request.query, found.total, hits, found.facets, counted, suggestion)

    def _found(
        self, searcher: EngineSearcher, plan: Plan, request: SearchRequest, deadline: _Deadline
    ) -> _Found:
        wanted = None if request.limit is None else request.page * request.limit
        key = (searcher.generation, plan.query, plan.filters, request.sort, request.group)
        cached = self._cache.get(key)
        if cached is not None and (cached.complete or (wanted is not None and wanted <= len(cached.items))):
            return cached
        # A result set asked for deeper than it was found is found whole: a reader paging on, or an export
        # reading it page by page, then pages through one match.
        depth = None if wanted is None or cached is not None else max(wanted, WINDOW)
        if request.group == "story":  # found deeper: its facets are those counted already
            found = _stories(searcher, plan, request.sort, depth, deadline, cached.facets if cached else None)
        else:
            found = _versions(searcher, plan, request.sort, depth, deadline)
        self._cache.put(key, found)
        return found


def _mended(searcher: EngineSearcher, word: str) -> str | None:
    """The indexed word closest to a misspelt one (маслихад -> маслихат, parliment -> parliament): one or
    two letters off (by length), the more frequent of equals; None for a word the index holds."""
    lower = word.lower()
    if len(lower) < 4 or not lower.isalpha():
        return None
    known = searcher.close_terms(WORDS, lower, SUGGESTION_TERMS)
    if any(term == lower for term, _count in known):
        return None
    most = 1 if len(lower) < 7 else 2
    close = [
        (distance, -count, term)
        for term, count in known
        if abs(len(term) - len(lower)) <= most and (distance := Levenshtein.distance(lower, term)) <= most
    ]
    return min(close)[2] if close else None


def _suggestion(searcher: EngineSearcher, request: SearchRequest, filters: tuple) -> str | None:
    """The query with each misspelt word mended, if that finds something (with the same filters)."""
    query = request.query
    langs = (request.lang,) if request.lang else LANGS
    for leaf in qt.leaves(qt.parse(query)):
        if not isinstance(leaf, qt.Word):
            continue
        alone = qt.Word(leaf.text)
        if searcher.count(lower(alone, qt.query_langs(alone, request.lang), langs, filters)):
            continue  # found on its own (in another spelling, perhaps): no misspelling
        if (mended := _mended(searcher, leaf.text)) is not None:
            mended = mended.capitalize() if leaf.text[:1].isupper() else mended
            query = re.sub(rf"(?<!\w){re.escape(leaf.text)}(?!\w)", mended, query)
    if query == request.query:
        return None
    tree = qt.parse(query)
    plan = lower(
        tree, qt.query_langs(tree, request.lang), (request.lang,) if request.lang else LANGS, filters
    )
    return query if searcher.count(plan) else None


def _generation(name: str) -> int:
    engine, _, number = name.rpartition("-")
    return int(number) if engine in ENGINES and number.isdigit() else 0


@dataclass(frozen=True)
class _Deadline:
    """A search's time budget: `check()` between its steps stops it once the budget is spent."""

    seconds: float
    at: float

    @classmethod
    def starting(cls, seconds: float) -> _Deadline:
        return cls(seconds, time.monotonic() + seconds)

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise SearchTooSlow.after(self.seconds)


def _order(story: Ranked, sort: str) -> tuple:
    """A hit's place: by score (as shown, to 4 places) or date, then by key, so that hits of equal score come
    in one order whatever the index's own document numbers (two hosts' indexes rank alike)."""
    return (float(_firsts(np.float64(story.day if sort == "date" else story.score or 0.0), sort)), story.key)


def _firsts(values: np.ndarray, sort: str) -> np.ndarray:
    """What `_order` compares first, of one score (or day) or of many at once: a day, or a score to 4 places,
    negated (numpy's rounding, one rule for both: Python's round took 60 ms for 60,000 hits)."""
    return -values if sort == "date" else -np.round(values, 4)


def _lang_facet(searcher: EngineSearcher, plan: Plan) -> dict[str, int]:
    """Per language, the stories with a matching version in it (what that language's filter finds)."""
    if len(plan.versions) == 1:
        return {plan.versions[0]: searcher.count(plan)}
    counts = {v: searcher.count(plan.restricted(v)) for v in plan.versions}
    return {v: n for v, n in counts.items() if n}


def _sorted_facets(facets: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {
        name: dict(sorted(((k, n) for k, n in values.items() if k and n), key=lambda kv: (-kv[1], kv[0])))
        for name, values in facets.items()
    }


class _Stories:
    """A result set's stories in their order (`_order`: equal scores or dates in one order on every host),
    each read from the index when a page first holds it. A page is sorted with the stories that tie with its
    first and last (by score, or day): those before it score higher, those after it lower, so its stories
    are those a sort of all would give it, and the last page of 40,000 hits reads twenty, not 40,000."""

    def __init__(self, order: Order, sort: str):
        self.order, self.sort = order, sort
        firsts = _firsts(np.array(order.values, dtype=np.float64), sort)
        ordered = bool(np.all(firsts[1:] >= firsts[:-1]))  # as the engines give them
        self.positions = np.arange(len(firsts)) if ordered else np.argsort(firsts, kind="stable")
        self.firsts = firsts[self.positions]
        self.read: dict[int, Ranked] = {}

    def __len__(self) -> int:
        return len(self.firsts)

    def page(self, searcher: EngineSearcher, start: int, stop: int) -> list[tuple[Ranked, str | None]]:
        stop = min(stop, len(self))
        if start >= stop:
            return []
        low = int(np.searchsorted(self.firsts, self.firsts[start], "left"))
        high = int(np.searchsorted(self.firsts, self.firsts[stop - 1], "right"))
        wanted = [int(n) for n in self.positions[low:high]]
        missing = [n for n in wanted if n not in self.read]
        self.read.update(zip(missing, searcher.ranked(self.order, missing), strict=True))
        # as _order sorts them: by the first values grouped on, then by key
        block = sorted(range(low, high), key=lambda i: (self.firsts[i], self.read[wanted[i - low]].key))
        return [(self.read[wanted[i - low]], None) for i in block[start - low : stop - low]]


def _stories(
    searcher: EngineSearcher,
    plan: Plan,
    sort: str,
    depth: int | None,
    deadline: _Deadline,
    counted: dict[str, dict[str, int]] | None = None,
) -> _Found:
    """The result set of a plan, `depth` stories of it (None: all); `counted`: its facets, if known."""
    total, order = searcher.order(plan, limit=depth, sort=sort)
    items = _Stories(order, sort)
    deadline.check()
    complete = depth is None or len(items) >= total
    if counted is not None:
        return _Found(total, counted, items, complete)
    facets = searcher.value_counts(plan, SUMMARY_FACETS) if total else {n: {} for n in SUMMARY_FACETS}
    facets["lang"] = _lang_facet(searcher, plan) if total else {}
    deadline.check()
    return _Found(total, _sorted_facets(facets), items, complete)


def _versions(
    searcher: EngineSearcher, plan: Plan, sort: str, depth: int | None, deadline: _Deadline
) -> _Found:
    """Each matching language version a hit: the stories each version's fields match, merged by score (or
    date); facets summed over the versions."""
    items: list[tuple[Ranked, str | None]] = []
    facets: dict[str, dict[str, int]] = {name: {} for name in (*SUMMARY_FACETS, "lang")}
    total = 0
    for version in plan.versions:
        part = plan.restricted(version)
        count, order = searcher.order(part, limit=depth, sort=sort)
        ranked = searcher.ranked(order, list(range(len(order.values))))
        deadline.check()
        if not count:
            continue
        total += count
        items += [(r, version) for r in ranked]
        facets["lang"][version] = count
        for name, values in searcher.value_counts(part, SUMMARY_FACETS).items():
            for value, n in values.items():
                facets[name][value] = facets[name].get(value, 0) + n
    rank = {v: n for n, v in enumerate(LANGS)}
    items.sort(key=lambda item: (*_order(item[0], sort), rank[item[1]]))
    items = items if depth is None else items[:depth]
    return _Found(total, _sorted_facets(facets), items, depth is None or len(items) >= total)


# ---- hits -----------------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    rid: str
    version: str
    duplicate: bool
    record: dict
    spans: list[tuple[int, int]] = field(default_factory=list)  # in the record's own title and text
    translated: tuple[str, str, list[tuple[int, int]]] | None = None  # (lang, text, spans) of a translation

    @property
    def matched(self) -> bool:
        return bool(self.spans) or self.translated is not None


def _hits(
    items: list[tuple[Ranked, str | None]], plan: Plan, request: SearchRequest, store: Store | None
) -> list[Hit]:
    if not items:
        return []
    ids = [m.id for story, _v in items for m in story.members]
    records = {rec["id"]: rec for rec in store.index_records(ids)} if store is not None else {}
    mark = marker(plan) if request.snippets else None
    prefer = {v: n for n, v in enumerate(dict.fromkeys((*plan.langs, *LANGS)))}  # the query's languages first
    return [
        _hit(story, version or request.lang, records, mark, request.source, prefer)
        for story, version in items
    ]


def _candidates(story: Ranked, version: str | None, records: dict) -> list[_Candidate]:
    return [
        _Candidate(m.id, m.version, m.duplicate, records[m.id])
        for m in story.members
        if m.id in records and (version is None or m.version == version)
    ]


def _mark(cand: _Candidate, mark: Marker, *, further: bool = True) -> _Candidate:
    """The candidate with the spans the query marks in its text — by the words' terms; `further`: else by
    their spelling keys, else in one of its translations."""
    rec = cand.record
    own = f"{rec.get('title') or ''}\n{rec.get('text') or ''}"
    cand.spans = mark.term_spans(own, cand.version)
    if not cand.spans and further:
        cand.spans = mark.key_spans(own, cand.version)
    if not cand.spans and further:
        for lang, t in sorted((rec.get("translations") or {}).items()):
            spans = mark.spans(t.get("text") or "", lang, own=False)
            if spans:
                cand.translated = (lang, t.get("text") or "", spans)
                break
    return cand


def _hit(
    story: Ranked,
    version: str | None,
    records: dict,
    mark: Marker | None,
    source: str | None,
    prefer: dict[str, int],
) -> Hit:
    """The hit of one story: its best-matching record shown — an original before a repost, one from the
    filtered source, one in the query's language, the one with the most matched words — with its snippet
    and the story's versions."""
    cands = _candidates(story, version, records) or _candidates(story, None, records)
    if not cands:  # the archive no longer holds the story's records (restored from an older copy)
        return Hit(story.key, "", "", None, "", None, story.score, "", 0, None, {}, story.key)
    # Preferred first; the query's words are looked for in one candidate after another (a text's analysis is
    # the costly part of a hit), and the first that holds them is shown: by their terms (cheap) in any
    # candidate before by their spelling keys or a translation (every word of a text looked up).
    cands.sort(
        key=lambda c: (
            c.duplicate,
            not (source is None or c.record.get("source") == source),
            prefer.get(c.version, 9),
        )
    )
    best = None
    if mark is not None:
        best = next((c for c in cands if _mark(c, mark, further=False).matched), None)
        best = best or next((c for c in cands if _mark(c, mark).matched), None)
    matched = best is not None
    best = best or cands[0]
    rec = best.record
    if mark is None:
        shown = ""
    elif best.spans or best.translated is None:
        body = rec.get("text") or ""
        offset = len(rec.get("title") or "") + 1  # spans were found in "title\ntext"
        spans = [(s - offset, e - offset) for s, e in best.spans if s >= offset]
        shown = snippet(body, spans)
    else:
        shown = snippet(best.translated[1], best.translated[2])
    twins = [
        c
        for c in cands
        if c.version == best.version and c is not best and (not matched or _mark(c, mark).matched)  # type: ignore[arg-type]
    ]
    versions: dict[str, str] = {}
    for m in story.members:
        if not m.duplicate:
            versions.setdefault(m.version, m.id)
    versions[best.version] = best.rid
    return Hit(
        id=best.rid,
        title=rec.get("title") or "",
        url=rec.get("canonical_url") or rec.get("url") or "",
        lang=rec.get("lang"),
        source=rec.get("source") or "",
        date=rec.get("date"),
        score=None if story.score is None else round(float(story.score), 4),
        snippet=shown,
        duplicates=len(twins),
        via_translation=best.translated[0] if best.translated is not None and not best.spans else None,
        versions={v: versions[v] for v in LANGS if v in versions},
        story=story.key,
    )
