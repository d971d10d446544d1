"""What the command line and the web call: update or rebuild the index, run a search, print the results."""

from __future__ import annotations

import html
import re
from datetime import date

from archive.models import LANGS
from archive.paths import DataDir
from archive.store import Store
from search.backend import IndexBusy, QueryError, SearchBackend, SearchRequest
from search.indexer import index_archive
from search.whoosh_backend import WhooshBackend

__all__ = ["IndexBusy", "QueryError", "format_results", "rebuild_index", "run_search", "update_index"]

SORTS = ("relevance", "date")
_MARK = re.compile(r"<mark>(.*?)</mark>")


def backend_for(data: DataDir) -> SearchBackend:
    return WhooshBackend(data.index)


def update_index(data: DataDir, *, progress: bool = False, lock_timeout: float = 30.0) -> int:
    """Index the records changed since the last indexing; returns how many were indexed."""
    with Store(data.archive) as store:
        return index_archive(
            backend_for(data), store, rebuild=False, progress=progress, lock_timeout=lock_timeout
        )


def rebuild_index(data: DataDir, *, progress: bool = False, lock_timeout: float = 30.0) -> int:
    """Index the whole archive afresh (searches keep the old index until the commit); returns how many."""
    with Store(data.archive) as store:
        return index_archive(
            backend_for(data), store, rebuild=True, progress=progress, lock_timeout=lock_timeout
        )


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
) -> dict:
    """The `search --json` shape of DESIGN.md. Raises QueryError for a query or option that cannot be used."""
    _check(lang, date_from, date_to, limit, sort, page)
    request = SearchRequest(query, lang, source, date_from, date_to, limit, page, sort)
    result = backend_for(data).search(request)
    versions: dict[str, dict[str, str]] = {}
    if result.hits and data.archive.exists():
        with Store(data.archive) as store:
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
                "versions": versions.get(hit.group) or ({hit.lang: hit.id} if hit.lang else {}),
            }
            for hit in result.hits
        ],
        "facets": result.facets,
    }


def _plain(snippet: str) -> str:
    """A snippet for the terminal: marks become [brackets], entities become characters."""
    return html.unescape(_MARK.sub(r"[\1]", snippet))


def format_results(result: dict) -> str:
    """Readable terminal output: a count line, each hit (title, where and when, link, snippet), the facets."""
    total, shown = result["total"], len(result["hits"])
    lines = [
        f"{total} hit{'s' if total != 1 else ''} for {result['query']!r}"
        + (f" (showing {shown})" if shown < total else "")
    ]
    for n, hit in enumerate(result["hits"], 1):
        meta = " · ".join(filter(None, [hit["lang"], hit["source"], hit["date"] or "undated"]))
        extra = (
            f"  (+{hit['duplicates']} near-duplicate{'s' if hit['duplicates'] != 1 else ''})"
            if hit["duplicates"]
            else ""
        )
        other = [f"{lang}:{rid}" for lang, rid in sorted(hit["versions"].items()) if rid != hit["id"]]
        lines += ["", f"{n}. {hit['title'] or '(untitled)'}  [{meta}]{extra}", f"   {hit['url']}"]
        if hit["snippet"]:
            lines.append(f"   {_plain(hit['snippet'])}")
        if other:
            lines.append(f"   other languages: {', '.join(other)}   id {hit['id']}")
        else:
            lines.append(f"   id {hit['id']}")
    facets = [
        f"{name}: " + ", ".join(f"{value} {count}" for value, count in counts.items())
        for name, counts in result["facets"].items()
        if counts
    ]
    if facets:
        lines += ["", *facets]
    return "\n".join(lines)
