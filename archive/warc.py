"""Reading WARC files (ISO 28500) for import: every response record, with where it sits in its file.

The crawler writes one gzip member per record, so a record's offset and length address it directly.
Stories of the new Mazhilis site's JSON API (`/api/core/news/{id}`) are rendered to a small HTML page
by `api_article_html`, which `archive.ingest` applies to crawled and imported responses alike, so an
archive rebuilt from its WARCs holds the same records as the crawl that wrote them.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.errors import BadInput

# Extension fields the crawler adds to its response records (WARC allows named extension fields).
SOURCE_HEADER = "Parlarchive-Source"
LIST_DATE_HEADER = "Parlarchive-List-Date"
PAGE_HEADER = "Parlarchive-Page"  # "story" | "list" | "other" (robots.txt and the like)
_API_ARTICLE = re.compile(r"/api/core/news/\d+/?$")


@dataclass
class WarcResponse:
    url: str
    fetched_at: str  # ISO 8601 UTC, the record's WARC-Date
    body: bytes  # the HTTP payload, with transfer and content encodings removed
    content_type: str | None
    http_status: int | None
    offset: int  # of the record in its file
    length: int  # of the record in its file (compressed length for .warc.gz)
    source: str | None = None  # the spider that fetched it, when a Parlarchive crawler wrote the record
    list_date: str | None = None  # the date the list page gave the story, when it had one
    page: str | None = None  # what the crawler fetched it as: "story", "list" or "other"; None if unknown


def read_responses(path: str | Path, *, navigation: bool = False) -> Iterator[WarcResponse]:
    """The response records of a .warc or .warc.gz file, in file order.

    Responses a Parlarchive crawl marked as navigation (list pages, robots.txt: `Parlarchive-Page` other
    than "story") are skipped unless `navigation` is true; records of other tools are all yielded.
    Raises BadInput at the first record that cannot be read (or a cut-off end), after yielding every good
    record before it.
    """
    path = Path(path)
    count = 0
    for record, body, offset, length in _whole_records(path):
        if record.rec_type != "response":
            continue
        page = record.rec_headers.get_header(PAGE_HEADER)
        if page and page != "story" and not navigation:
            continue
        count += 1
        yield _response(record, body, offset, length)


def valid_prefix(path: str | Path) -> int:
    """The length of the file's leading run of whole records (its size when the file is sound)."""
    end = 0
    try:
        for _record, _body, offset, length in _whole_records(Path(path)):
            end = offset + length
    except BadInput:
        pass
    return end


def _whole_records(path: Path) -> Iterator[tuple[object, bytes, int, int]]:
    """(record, payload, offset, length) of each record, checked whole; BadInput at the first that is not."""
    try:
        stream = path.open("rb")
        size = path.stat().st_size
    except OSError as exc:
        raise BadInput(f"cannot open {path}: {exc.strerror or exc}") from exc
    with stream, path.open("rb") as raw:
        it = ArchiveIterator(stream, check_digests=False)
        count, end = 0, 0
        try:
            for record in it:
                body = record.content_stream().read()
                offset = it.get_record_offset()
                it.read_to_end(record)
                length = it.get_record_length()
                if it.member_info is not None or path.name.endswith(".gz"):
                    raw.seek(offset)
                    member = zlib.decompressobj(31)
                    member.decompress(raw.read(length))
                    if not member.eof:
                        raise EOFError("a record is cut off")
                count, end = count + 1, offset + length
                yield record, body, offset, length
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            raise BadInput(_broken(path, count, exc)) from exc
        raw.seek(end)
        if end < size and raw.read(4096).strip(b"\r\n\x00"):
            raise BadInput(_broken(path, count, EOFError("the last record is cut off")))


def _broken(path: Path, count: int, exc: BaseException) -> str:
    where = f"after {count} records" if count else "at the start"
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"broken WARC {path.name} {where}: {message}"


def _response(record: object, body: bytes, offset: int, length: int) -> WarcResponse:
    headers = record.rec_headers  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    url = headers.get_header("WARC-Target-URI") or ""
    status = None
    content_type = None
    if http is not None:
        code = (http.get_statuscode() or "").strip()
        status = int(code) if code.isdigit() else None
        content_type = http.get_header("Content-Type")
    resp = WarcResponse(
        url=url,
        fetched_at=headers.get_header("WARC-Date") or "",
        body=body,
        content_type=content_type,
        http_status=status,
        offset=offset,
        length=length,
        source=headers.get_header(SOURCE_HEADER),
        list_date=headers.get_header(LIST_DATE_HEADER),
        page=headers.get_header(PAGE_HEADER),
    )
    return resp


def is_api_article(url: str, content_type: str | None) -> bool:
    """A story from the new Mazhilis site's JSON API (`…/api/core/news/{id}?lang=…`)."""
    return bool(_API_ARTICLE.search(urlsplit(url).path)) and "json" in (content_type or "application/json")


def api_article_html(obj: dict, api_url: str) -> bytes:
    """A minimal HTML page for one API story, naming its public page as canonical (which pairs versions)."""
    lang = obj.get("lang") or parse_qs(urlsplit(api_url).query).get("lang", [""])[0]
    title = escape(str(obj["title"]))
    date = escape(str(obj.get("date") or ""))
    public = urljoin(api_url, obj.get("url") or f"/{lang}/news/{obj.get('id')}")
    body = obj.get("content") or obj.get("body") or obj.get("text") or ""
    if "<" not in body:
        body = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    html = (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{escape(public)}"></head><body><article><h1>{title}</h1>'
        f'<time datetime="{date}">{date}</time><div class="text">{body}</div></article></body></html>'
    )
    return html.encode("utf-8")
