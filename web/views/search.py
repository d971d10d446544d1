"""The search page, its Atom feed and its export (CSV, JSONL), all from one parse of the URL's parameters."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    stream_with_context,
)
from flask_babel import gettext as _

from archive.export import export_lines
from search.backend import QueryError
from web.archive_app import TM_WAIT, archive
from web.chart import bars, periods
from web.downloads import attachment, export_name
from web.errors import query_message
from web.feed import entries, feed_updated
from web.params import MAX_PAGE, SOURCES, BadParam, SearchParams, form_values, parse_search
from web.unavailable import Unavailable
from web.urls import public_url

bp = Blueprint("search", __name__)

FEED_SIZE = 20  # the newest hits a feed carries
PAGE_WINDOW = 3  # page links shown on each side of the current page
EXPORT_SLOTS = "parlarchive.export_slots"  # the key of the app's semaphore in `app.extensions`
DEFAULT_EXPORT_SLOTS = 2  # exports streaming at once, unless the app's config says otherwise (serve does)
EXPORT_RETRY = 60  # seconds a client is asked to wait for an export slot
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def searched(params: SearchParams) -> tuple[str, str | None, bool]:
    """The query to run — the reader's, or "in all languages" its expansion through the glossary — with
    the expansion (None when there is none) and whether the glossary is still being built."""
    if not (params.everywhere and params.q):
        return params.query, None, False
    expanded = archive().expand_query(params.q, wait=TM_WAIT)
    return expanded or params.query, expanded, expanded is None


def page_numbers(page: int, last: int) -> list[int | None]:
    """The page links to show: the first, the last, a window around the current one; None marks a gap."""
    shown = sorted({1, last, *range(max(1, page - PAGE_WINDOW), min(last, page + PAGE_WINDOW) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


@bp.get("/")
def search() -> tuple[str, int] | str:
    try:
        params = parse_search(request.args)
        query, expanded, pending = searched(params)
        result = archive().search(query, **params.options())
    except (BadParam, QueryError) as exc:
        message = query_message(exc) if isinstance(exc, QueryError) else str(exc)
        return render_template(
            "search.html",
            form=form_values(request.args),
            error=message,
            params=SearchParams(),
            sources=SOURCES,
        ), 400
    last = min(MAX_PAGE, max(1, math.ceil(result["total"] / params.limit)))
    return render_template(
        "search.html",
        form=form_values(request.args),
        params=params,
        result=result,
        expanded=expanded,
        expansion_pending=pending,
        chart=bars(periods(result["facets"])),
        pages=page_numbers(params.page, last),
        last_page=last,
        sources=(*SOURCES, *sorted({*result["facets"]["source"], params.source} - {*SOURCES, None})),
    )


@bp.get("/feed.atom")
def feed() -> Response:
    """The newest hits of a search as an Atom feed: a researcher follows a topic or a name."""
    params = parse_search(request.args)
    newest = replace(params, sort="date", page=1, limit=FEED_SIZE)
    result = archive().search(searched(newest)[0], **newest.options())
    with archive().store() as store:
        records = {hit["id"]: store.get(hit["id"]) or {} for hit in result["hits"]}
        last_stored = None if result["hits"] else store.last_stored()  # an empty feed's time: the archive's
    feed = entries(result["hits"], records, lambda rid: public_url("document.show", record_id=rid))
    body = render_template(
        "feed.xml",
        params=params,
        entries=feed,
        updated=feed_updated(feed, last_stored),
        self_url=public_url("search.feed", **params.args()),
        page_url=public_url("search.search", **params.args()),
    )
    return Response(body, mimetype="application/atom+xml")


def _export_slot() -> Callable[[], None]:
    """One of the app's export slots (`EXPORT_SLOTS` of its config): an export holds a server thread for as
    long as its client reads, so only that many stream at once and searches keep the other threads. Busy
    (Unavailable, 503, try again) when all are taken; returns the slot's release (which may be called more than once)."""
    slots = current_app.extensions.setdefault(
        EXPORT_SLOTS, threading.BoundedSemaphore(current_app.config.get("EXPORT_SLOTS", DEFAULT_EXPORT_SLOTS))
    )
    if not slots.acquire(blocking=False):
        message = _("Too many exports are being downloaded at once: try again in a minute.")
        raise Unavailable(message, retry_after=EXPORT_RETRY)
    released = threading.Event()

    def release() -> None:
        if not released.is_set():
            released.set()
            slots.release()

    return release


def _holding(first: str, chunks: Iterator[str], release: Callable[[], None]) -> Iterator[str]:
    """The export's chunks, its slot released once the last is taken (or the download is dropped)."""
    try:
        yield first
        yield from chunks
    finally:
        release()


@bp.get("/export.<fmt>")
def export(fmt: str) -> Response:
    """The records of a search, exactly its hits in its order (every story without a query), streamed:
    constant memory for any size."""
    if fmt not in EXPORT_TYPES:
        abort(404)
    params = parse_search(request.args)
    query = searched(params)[0] if params.q else None
    release = _export_slot()
    try:
        records = archive().export_records(query, sort=params.sort, group=params.group, **params.filters())
        chunks = export_lines(records, fmt)
        first = next(chunks, "")  # runs the search now: a bad query is a 400, not a broken download
    except BaseException:
        release()
        raise
    response = Response(stream_with_context(_holding(first, chunks, release)), content_type=EXPORT_TYPES[fmt])
    response.call_on_close(release)  # a download that never started (HEAD) or was dropped
    response.headers["Content-Disposition"] = attachment(export_name(params, fmt, datetime.now(UTC).date()))
    return response
