"""The search seam: what an engine is given to index (story documents of analysed tokens), the plans it
answers (search/plan.py), what it answers with, and the errors every layer above understands. Whoosh
(search/whoosh_engine.py) and tantivy (search/tantivy_engine.py) are the two engines behind it; ranking
rules, grouping, facets and highlights are the service's (search/service.py), the same for both."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from archive.errors import BadUsage, ParlarchiveError

if TYPE_CHECKING:
    from search.plan import Plan


class QueryError(BadUsage):
    """A query or search option that cannot be used. `template` is the English reason with %(name)s
    placeholders and `params` their values, so that an interface can translate it; str(e) is the line."""

    prefix = "cannot parse query: "

    def __init__(self, template: str, **params: object):
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)


class SearchTooSlow(QueryError):
    """A search that ran past its time budget: the query asks too much of the index (narrow it); the
    server was not at fault, but it is the answer a busy server gives (503), so clients retry later."""

    http_status = 503
    prefix = ""

    @staticmethod
    def after(seconds: float) -> SearchTooSlow:
        """The error of a search stopped after `seconds`."""
        return SearchTooSlow(
            "the search took longer than %(seconds)g s: narrow it (fewer wildcards, more words)",
            seconds=seconds,
        )


class IndexBusy(BadUsage):
    """Another writer holds the index past the lock timeout: str(e) says so."""

    http_status = 503


class IndexFailure(ParlarchiveError):
    """The index cannot be read or written: str(e) is one line with the fix."""

    http_status = 503


class IndexUnreadable(IndexFailure):
    """The index is damaged or cannot be opened; `index --rebuild` replaces it."""


class IndexWriteFailed(IndexFailure):
    """Writing the index failed (a full disk, a writer process that died); the previous index stays in use."""


KEPT = "; the previous index is still in use"  # what every failed write says: nothing was switched to


def one_line(exc: BaseException) -> str:
    """An exception as a short line for a message: an OS error's reason ("File too large"), else its text
    with whitespace folded, else its type."""
    text = (isinstance(exc, OSError) and exc.strerror) or " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


# ---- what is indexed ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """One record of a story as the index sees it (a brief: texts stay in the archive)."""

    id: str
    version: str  # the language slot it fills (its language, else the one its text is detected in)
    duplicate: bool  # a near-duplicate of another record (a repost)


@dataclass
class StoryDoc:
    """One story, analysed: per field, its tokens (space-separated, in order; BOUNDARY between records), and
    the keyword values of all its records."""

    key: str
    members: list[Member]
    texts: dict[str, str]  # field name -> tokens
    keywords: dict[str, list[str]]  # lang, source, year, month, date -> distinct values
    day: int  # yyyymmdd of the story's date, 0 when undated
    days: list[int]  # yyyymmdd of every dated record

    def brief(self) -> dict:
        """What the index stores of the story: its date and its records."""
        return {"day": self.day, "members": [[m.id, m.version, m.duplicate] for m in self.members]}


def ranked(key: str, score: float | None, brief: dict) -> Ranked:
    """A ranked story from the brief its document stores."""
    return Ranked(key, score, int(brief["day"]), tuple(map(tuple, brief["members"])))


# ---- what a search is asked and answers -----------------------------------------------------------------


class Ranked(NamedTuple):
    """A story an engine ranked: its key, score (None when sorted by date), date and records. A tuple of
    strings, numbers and tuples, which the garbage collector stops tracking: the result cache holds
    thousands, and every full collection would walk each of them otherwise."""

    key: str
    score: float | None
    day: int
    brief_members: tuple[tuple[str, str, bool], ...]  # (id, version, duplicate) of each record, as stored

    @property
    def members(self) -> tuple[Member, ...]:
        return tuple(Member(rid, version, bool(duplicate)) for rid, version, duplicate in self.brief_members)


@dataclass(frozen=True)
class Order:
    """Stories an engine ranked, best first: each one's score (its day when sorted by date) and its address
    in the index (the same in every searcher of one generation). `EngineSearcher.ranked` reads some of them:
    a deep page is a sort of the values and a read of its own stories, not of every story before it."""

    values: list[float]
    addresses: list
    scored: bool  # values are scores (else days)


@dataclass
class Hit:
    """One hit of a search, as every interface shows it (`search --json`, the API, the pages)."""

    id: str  # the record shown for the story
    title: str
    url: str
    lang: str | None
    source: str
    date: str | None
    score: float | None  # relevance (None when sorted by date)
    snippet: str  # HTML-escaped, matched words in <mark>…</mark>
    duplicates: int  # near-duplicates of the shown record collapsed into this hit
    via_translation: str | None  # found only through its machine translation into this language
    versions: dict[str, str]  # the story's language versions, {lang: id}
    story: str = ""  # the story's key: its versions and duplicates are one hit

    def as_json(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}  # every field is a plain value but one
        out["versions"] = dict(self.versions)
        return out


# ---- the engine protocol --------------------------------------------------------------------------------


class EngineWriter(Protocol):
    def add(self, doc: StoryDoc) -> None:
        """Add a story (the caller has deleted any older document holding one of its records)."""

    def delete_member(self, record_id: str) -> None:
        """Delete the story documents holding this record."""

    def stories_holding(self, record_id: str) -> list[list[Member]]:
        """The committed story documents that hold this record, as their members."""


class EngineSearcher(Protocol):
    """One consistent view of a committed index; searches of one request use one."""

    generation: str  # changes with every commit: cached results are keyed by it

    def order(self, plan: Plan, *, limit: int | None, sort: str) -> tuple[int, Order]:
        """How many stories the plan matches, and the `limit` best (None: all), ranked by relevance or by
        date (newest first)."""

    def ranked(self, order: Order, positions: list[int]) -> list[Ranked]:
        """The stories at these positions of an order (made by a searcher of this generation)."""

    def count(self, plan: Plan) -> int: ...

    def value_counts(self, plan: Plan, names: tuple[str, ...]) -> dict[str, dict[str, int]]:
        """Per keyword field, how many matching stories hold each value."""

    def close_terms(self, field: str, word: str, limit: int) -> list[tuple[str, int]]:
        """Indexed terms of a field close to `word` in spelling, with their document counts (suggestions)."""


class Engine(Protocol):
    name: str

    def __init__(self, folder: Path): ...

    def exists(self) -> bool:
        """Whether the folder holds an index of this engine (readable or not)."""

    def read_problem(self, *, thorough: bool = False) -> str | None:
        """Why the index cannot be read, in one line (None: it can). `thorough` reads every document."""

    def counts(self) -> tuple[int, int]:
        """(stories, records) held; IndexUnreadable when it cannot be opened."""

    def writer(self, *, fresh: bool, procs: int) -> AbstractContextManager[EngineWriter]:
        """A write session committed on a clean exit, rolled back on an error. `fresh`: the folder is new and
        every story comes once (a bulk build, `procs` processes where the engine builds in parallel)."""

    def searcher(self) -> EngineSearcher | None:
        """This process's (or thread's) searcher on the latest commit; None without an index."""

    def forget(self) -> None:
        """Close cached searchers (after a failure, or before the folder goes)."""
