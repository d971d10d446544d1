"""What a spider hands the pipeline for one fetched story page (a plain dict of this shape)."""

from __future__ import annotations

from typing import TypedDict


class PageItem(TypedDict, total=False):
    url: str  # the URL fetched (after redirects)
    source: str  # senate | mazhilis | institute
    lang: str | None  # the language of the list it was found on
    body: bytes  # the response body as received (decoded of any content-encoding)
    content_type: str | None
    http_status: int
    fetched_at: str  # ISO 8601 UTC: the WARC-Date of its capture
    sha256: str  # of body
    warc_path: str | None  # relative to the data folder
    warc_offset: int | None
    warc_length: int | None
    list_date: str | None  # ISO date the list page gave the story
    list_title: str | None  # title the list page gave the story
