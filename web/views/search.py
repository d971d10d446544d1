"""The search page, its Atom feed and its export (CSV, JSONL), all from one parse of the URL's parameters."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime
from itertools import chain

from flask import Blueprint, Response, abort, render_template, request, stream_with_context

from archive.export import export_lines
from search.backend import QueryError
from web.archive_app import archive
from web.chart import bars, periods
from web.downloads import attachment, export_name
from web.errors import query_message
from web.feed import entries, feed_updated
from web.params import MAX_PAGE, SOURCES, BadParam, SearchParams, parse_search
from web.urls import public_url

bp = Blueprint("search", __name__)

FEED_SIZE = 20  # the newest hits a feed carries
PAGE_WINDOW = 3  # page links shown on each side of the current page
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


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
        result = archive().search(params.query, **params.options())
    except (BadParam, QueryError) as exc:
        message = query_message(exc) if isinstance(exc, QueryError) else str(exc)
        return render_template(
            "search.html", form=request.args, error=message, params=SearchParams(), sources=SOURCES
        ), 400
    last = min(MAX_PAGE, max(1, math.ceil(result["total"] / params.limit)))
    return render_template(
        "search.html",
        form=request.args,
        params=params,
        result=result,
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
    result = archive().search(newest.query, **newest.options())
    with archive().store() as store:
        records = {hit["id"]: store.get(hit["id"]) or {} for hit in result["hits"]}
        last_stored = store.last_stored()
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


@bp.get("/export.<fmt>")
def export(fmt: str) -> Response:
    """The records of a search, exactly its hits in its order (every story without a query), streamed:
    constant memory for any size."""
    if fmt not in EXPORT_TYPES:
        abort(404)
    params = parse_search(request.args)
    records = archive().export_records(
        params.q or None, sort=params.sort, group=params.group, **params.filters()
    )
    chunks = export_lines(records, fmt)
    first = next(chunks, "")  # runs the search now: a bad query is a 400, not a broken download
    response = Response(stream_with_context(chain([first], chunks)), content_type=EXPORT_TYPES[fmt])
    response.headers["Content-Disposition"] = attachment(export_name(params, fmt, datetime.now(UTC).date()))
    return response
