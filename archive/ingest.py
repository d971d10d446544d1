"""One fetched page into the store: the step a crawl and a WARC import share."""

from __future__ import annotations

import json

from archive.errors import BadInput
from archive.models import Capture, SaveResult
from archive.normalize import normalize
from archive.sites import hints_for
from archive.store import Store
from archive.warc import api_article_html, is_api_article


def save_fetched(
    store: Store, body: bytes, capture: Capture, *, source: str | None, list_date: str | None = None
) -> SaveResult:
    """Normalize a fetched page and save it with its capture; raises BadInput for what cannot be a record.

    A story from the Mazhilis JSON API is rendered as HTML first; the date its list page gave stands in
    when the page itself states none.
    """
    content_type = capture.content_type
    if is_api_article(capture.url, content_type):
        try:
            body, content_type = api_article_html(json.loads(body), capture.url), "text/html; charset=utf-8"
        except (ValueError, TypeError, KeyError) as exc:
            raise BadInput(f"unreadable API story ({exc})") from None
    doc = normalize(body, capture.url, content_type=content_type, source=source)
    doc.date = doc.date or list_date
    return store.save(doc, capture, source_name(source, doc.url or capture.url))


def source_name(source: str | None, url: str | None) -> str:
    """The source a record is filed under: the one given, else the site serving its URL, else 'file'."""
    if source:
        return source
    hints = hints_for(url)
    return hints.name if hints else "file"
