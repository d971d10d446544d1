"""One fetched page as a record: the step a crawl, a WARC import and a re-extraction share (the store saves it)."""

from __future__ import annotations

import json

from archive.errors import BadInput, NotAPage
from archive.models import Capture, Extracted
from archive.normalize.core import normalize
from archive.normalize.encoding import is_binary
from archive.sources import api_article_html, is_api_article, source_name

# Types under which another tool's response may hold a page. A story our crawler fetched is a page whatever
# its type: servers send news as application/octet-stream, text/plain or with no type at all.
_PAGE_TYPES = ("text/html", "application/xhtml", "text/plain", "application/xml", "text/xml")
_UNTYPED = ("", "application/octet-stream", "binary/octet-stream", "application/unknown")


def is_page(capture: Capture, body: bytes, page: str | None = "story") -> bool:
    """The one rule for which fetched responses become records, so a rebuild from a crawl's WARCs stores
    what the crawl stored. `page` is what our crawler fetched the response as ("story", "list", "other"),
    None for another tool's record.

    A successful (2xx) story is a page, whatever its type; of another tool's records, a successful one typed
    as a page, an API story, or one without a meaningful type whose bytes are not binary.
    """
    if capture.http_status is not None and not 200 <= capture.http_status < 300:
        return False
    if page is not None:
        return page == "story"
    mime = (capture.content_type or "").split(";")[0].strip().lower()
    if mime.startswith(_PAGE_TYPES) or is_api_article(capture.url, capture.content_type):
        return True
    return mime in _UNTYPED and not is_binary(body)


def extract_fetched(
    body: bytes,
    capture: Capture,
    *,
    source: str | None,
    list_date: str | None = None,
    page: str | None = "story",
) -> Extracted:
    """What the archive stores of a fetched page; raises BadInput for what cannot be a record, NotAPage for
    a response `is_page` does not take (`page` as there: a crawl hands over stories).

    A story from the Mazhilis JSON API is rendered as HTML first; the date its list page gave stands in
    when the page itself states none.
    """
    if not is_page(capture, body, page):
        raise NotAPage(
            f"not a page ({capture.content_type or 'no content type'}, status {capture.http_status})"
        )
    content_type = capture.content_type
    if is_api_article(capture.url, content_type):
        try:
            body, content_type = api_article_html(json.loads(body), capture.url), "text/html; charset=utf-8"
        except (ValueError, TypeError, KeyError) as exc:
            raise BadInput(f"unreadable API story ({exc})") from None
    doc = normalize(body, capture.url, content_type=content_type, source=source)
    doc.date = doc.date or list_date
    return doc


def fetched_source(source: str | None, doc: Extracted, capture: Capture) -> str:
    """The source a fetched record is stored under."""
    return source_name(source, doc.url or capture.url)
