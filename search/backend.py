"""The search backend interface: index and delete documents, search with filters and facets. Whoosh is one."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

from archive.config import Settings
from archive.errors import BadUsage, ParlarchiveError

FACETS = ("source", "lang", "year", "month")  # month (YYYY-MM) is derived from the date column
LOCK_TIMEOUT = (
    Settings.lock_timeout
)  # s a writer waits behind a live writer, unless its caller says otherwise


class QueryError(BadUsage):
    """A query that cannot be parsed: str(e) is the one-line reason."""

    prefix = "cannot parse query: "


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


def one_line(exc: BaseException) -> str:
    """An exception as a short line for a message: an OS error's reason ("File too large"), else its text
    with whitespace folded, else its type."""
    text = (isinstance(exc, OSError) and exc.strerror) or " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


@dataclass
class IndexDoc:
    """One archive record as the index sees it: original text in its language, translations in theirs."""

    id: str
    url: str
    title: str
    text: str
    lang: str | None
    source: str
    date: str | None
    group: str
    cluster: str  # the canonical record of its near-duplicate cluster (itself when it is canonical)
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)  # lang -> (title, text)


@dataclass
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


@dataclass
class Hit:
    id: str
    title: str
    url: str
    lang: str | None
    source: str
    date: str | None
    score: float | None  # relevance (None when sorted by date)
    snippet: str  # HTML-escaped, matched words in <mark>…</mark>
    duplicates: int  # other hits of its near-duplicate cluster collapsed into it
    group: str
    via_translation: str | None = None  # found only through its machine translation into this language


@dataclass
class SearchPage:
    total: int  # hits after collapsing near-duplicates
    hits: list[Hit]
    facets: dict[str, dict[str, int]]  # facet -> value -> count, over all hits (not just this page)


class IndexWriter(Protocol):
    rev: int  # the archive rev the index holds up to: read it to know where to resume, raise it as you put

    def put(self, doc: IndexDoc) -> None:
        """Add the document, replacing any with its id."""

    def delete(self, doc_id: str) -> None: ...


class SearchBackend(Protocol):
    def indexed_rev(self) -> int:
        """The archive rev the index holds everything up to (0 when empty or built by older code)."""

    def writer(
        self, *, rebuild: bool = False, timeout: float = LOCK_TIMEOUT
    ) -> AbstractContextManager[IndexWriter]:
        """The one writer: raises IndexBusy after `timeout` s; on a clean exit commits, then records its rev.
        With rebuild (or over an index that is missing, outdated or unreadable) it starts at rev 0 and builds
        a new index aside, swapped in only after a verified commit: IndexWriteFailed, and the old one stays."""

    def search(self, request: SearchRequest) -> SearchPage:
        """Raises QueryError for a query that cannot be parsed, IndexUnreadable for an index that cannot be
        read; a missing index answers no hits."""
