"""What the application calls: update or rebuild the index, and run a search into the `search --json` shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from archive.models import LANGS
from archive.paths import DataDir
from archive.store import Store, open_for_reading
from search.backend import (
    LOCK_TIMEOUT,
    IndexBusy,
    IndexFailure,
    IndexUnreadable,
    IndexWriteFailed,
    QueryError,
    SearchRequest,
)
from search.indexer import index_archive
from search.whoosh_backend import WhooshBackend

__all__ = [
    "LOCK_TIMEOUT",
    "IndexBusy",
    "IndexFailure",
    "IndexStatus",
    "IndexUnreadable",
    "IndexWriteFailed",
    "QueryError",
    "index_problems",
    "index_status",
    "rebuild_index",
    "run_search",
    "update_index",
]

SORTS = ("relevance", "date")
REBUILD = "run `parlarchive index --rebuild`"
UPDATE = "run `parlarchive index`"


def backend_for(data: DataDir) -> WhooshBackend:
    return WhooshBackend(data.index)


def update_index(data: DataDir, *, progress: bool = False, lock_timeout: float = LOCK_TIMEOUT) -> int:
    """Index the records changed since the last indexing; returns how many were indexed. An index that is
    missing, outdated or unreadable is rebuilt. IndexBusy after `lock_timeout` s; IndexFailure (one line)
    when writing fails, the previous index then still in use."""
    with Store(data.location) as store:
        return index_archive(
            backend_for(data), store, rebuild=False, progress=progress, lock_timeout=lock_timeout
        )


def rebuild_index(data: DataDir, *, progress: bool = False, lock_timeout: float = LOCK_TIMEOUT) -> int:
    """Index the whole archive afresh, aside, whatever state the old index is in (searches keep the old one
    until the new one is verified and swapped in); returns how many. Raises as update_index does."""
    with Store(data.location) as store:
        return index_archive(
            backend_for(data), store, rebuild=True, progress=progress, lock_timeout=lock_timeout
        )


@dataclass
class IndexStatus:
    """The index against the archive. `state`: "ok", "missing", "outdated" (built by older code),
    "unreadable", "behind" (records changed since its rev), or "mismatch" (ahead of the archive or holding
    another count: an archive restored from a copy). `problem` is the one line with its fix (None if ok);
    `cheap_fix` says whether `update_index` repairs it (missing, outdated, behind) rather than a rebuild."""

    state: str
    problem: str | None
    indexed_rev: int = 0
    archive_rev: int = 0
    indexed_count: int = 0
    archive_count: int = 0

    @property
    def cheap_fix(self) -> bool:
        return self.state in ("missing", "outdated", "behind")


def _archive_counts(data: DataDir) -> tuple[int, int]:
    if not data.has_archive:
        return 0, 0
    with Store(data.location, readonly=True) as store:
        return store.current_rev(), store.count()


def index_status(data: DataDir, *, thorough: bool = False) -> IndexStatus:
    """Where the index stands against the archive, reading both and writing nothing (read-only folders
    too). `thorough` reads every stored document and column of the index (for `check`); without it the
    index's TOC and segments are opened, a few milliseconds. Archive errors (ArchiveError) pass through."""
    backend = backend_for(data)
    rev, count = _archive_counts(data)
    where = f"search index in {data.index}"
    if not backend.exists():
        if count == 0:
            return IndexStatus("ok", None, archive_rev=rev)
        return IndexStatus(
            "missing", f"the {where} is missing ({count} records unindexed): {REBUILD}", 0, rev, 0, count
        )
    reason = backend.read_problem(thorough=thorough)
    if reason is not None:
        return IndexStatus(
            "unreadable", f"the {where} cannot be read ({reason}): {REBUILD}", 0, rev, 0, count
        )
    indexed = backend.doc_count()
    if not backend.current_schema():
        problem = f"the {where} was built by an older version of Parlarchive: {REBUILD}"
        return IndexStatus("outdated", problem, 0, rev, indexed, count)
    irev = backend.indexed_rev()
    status = IndexStatus("ok", None, irev, rev, indexed, count)
    if irev > rev or (irev == rev and indexed != count):
        status.state = "mismatch"
        status.problem = (
            f"the {where} does not match the archive (index: {indexed} documents up to rev {irev};"
            f" archive: {count} records up to rev {rev}): {REBUILD}"
        )
    elif irev < rev:
        status.state = "behind"
        status.problem = f"the {where} is behind the archive (rev {irev} of {rev}): {UPDATE}"
    return status


def index_problems(data: DataDir) -> list[str]:
    """`check`'s lines for the index: each problem in one line with its fix (empty: the index is sound)."""
    problem = index_status(data, thorough=True).problem
    return [problem] if problem else []


def _check_date(value: str | None, name: str) -> None:
    if value is None:
        return
    try:
        date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def _check(
    lang: str | None, date_from: str | None, date_to: str | None, limit: int | None, sort: str, page: int
) -> None:
    """QueryError for an option run_search cannot use."""
    if lang is not None and lang not in LANGS:
        raise QueryError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    _check_date(date_from, "--from")
    _check_date(date_to, "--to")
    if limit is not None and limit < 1:
        raise QueryError("--limit must be at least 1")
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}")
    if page < 1:
        raise QueryError("page must be at least 1")


def run_search(
    data: DataDir,
    query: str,
    *,
    lang: str | None = None,
    source: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int | None = 20,
    sort: str = "relevance",
    page: int = 1,
    snippets: bool = True,
) -> dict:
    """The `search --json` shape (README, "The command line"). Raises QueryError for a query or option that cannot be used."""
    _check(lang, date_from, date_to, limit, sort, page)
    request = SearchRequest(query, lang, source, date_from, date_to, limit, page, sort, snippets)
    result = backend_for(data).search(request)
    versions: dict[str, dict[str, str]] = {}
    if result.hits and data.has_archive:
        with open_for_reading(data.location) as store:
            versions = {group: store.versions(group) for group in {hit.group for hit in result.hits}}
    return {
        "query": query,
        "total": result.total,
        "hits": [
            {
                "id": hit.id,
                "title": hit.title,
                "url": hit.url,
                "lang": hit.lang,
                "source": hit.source,
                "date": hit.date,
                "score": hit.score,
                "snippet": hit.snippet,
                "duplicates": hit.duplicates,
                "via_translation": hit.via_translation,
                "versions": versions.get(hit.group) or ({hit.lang: hit.id} if hit.lang else {}),
            }
            for hit in result.hits
        ],
        "facets": result.facets,
    }
