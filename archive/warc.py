"""Reading WARC files (ISO 28500) for import: every response record, with where it sits in its file.

The crawler writes one gzip member per record, so a record's offset and length address it directly.
Stories of the new Mazhilis site's JSON API are rendered to HTML by `archive.sources.api_article_html`,
which `archive.ingest` applies to crawled and imported responses alike, so an archive rebuilt from its
WARCs holds the same records as the crawl that wrote them.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.errors import BadInput
from archive.files import open_regular
from archive.terminal import size_text

# Extension fields the crawler adds to its response records (WARC allows named extension fields).
SOURCE_HEADER = "Parlarchive-Source"
LIST_DATE_HEADER = "Parlarchive-List-Date"
PAGE_HEADER = "Parlarchive-Page"  # "story" | "list" | "other" (robots.txt and the like)
_URI = "WARC-Target-URI"
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16  # bytes read, and at most inflated, per step: a gzip bomb is never held whole
_HEAD = 1 << 16  # first inflated bytes kept of a record skipped unparsed, to name it in the report
_HEADERS_ALLOWANCE = 1 << 20  # WARC and HTTP headers on top of a page-sized payload


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
    problem: str | None = None  # why the record was not read (too large, cut short); then body is empty


@dataclass
class _Raw:
    """One record as read, checked whole: its warcio record (None when skipped unparsed), its response
    payload (None for other record types or when refused) and why it was refused, if it was."""

    record: object | None
    body: bytes | None
    problem: str | None
    offset: int
    length: int
    head: bytes = b""  # the record's first bytes, for naming a record that was skipped unparsed


def read_responses(
    path: str | Path, *, max_page_bytes: int, navigation: bool = False
) -> Iterator[WarcResponse]:
    """The response records of a .warc or .warc.gz file, in file order; a payload over `max_page_bytes`
    is refused (its record yielded with `problem` set), never inflated or held whole.

    Responses a Parlarchive crawl marked as navigation (list pages, robots.txt: `Parlarchive-Page` other
    than "story") are skipped unless `navigation` is true; records of other tools are all yielded.
    A record that is too large or cut short is yielded with `problem` set and no body, and reading goes on.
    Raises BadInput at the first record that cannot be read (or a cut-off end), after yielding every good
    record before it.
    """
    for raw in _whole_records(Path(path), max_page_bytes):
        if raw.record is None:
            rec_type, page, url = (_head_field(raw.head, name) for name in ("WARC-Type", PAGE_HEADER, _URI))
        else:
            headers = raw.record.rec_headers  # type: ignore[attr-defined]
            rec_type, page = raw.record.rec_type, headers.get_header(PAGE_HEADER)  # type: ignore[attr-defined]
            url = headers.get_header(_URI)
        if rec_type != "response" or (page and page != "story" and not navigation):
            continue
        if raw.record is None or raw.body is None:
            yield WarcResponse(url or "", "", b"", None, None, raw.offset, raw.length, problem=raw.problem)
        else:
            yield _response(raw)


def valid_prefix(path: str | Path) -> int:
    """The length of the file's leading run of whole records (its size when the file is sound)."""
    end = 0
    try:
        for raw in _whole_records(Path(path), keep=0):  # where records end, not what they hold
            end = raw.offset + raw.length
    except BadInput:
        pass
    return end


def _whole_records(path: Path, keep: int) -> Iterator[_Raw]:
    """Each record, checked whole, with its payload if it is at most `keep` bytes; BadInput at the first
    record that is not whole. Gzip is told by its magic, not its name."""
    try:
        stream = open_regular(path)
    except OSError as exc:
        raise BadInput(f"cannot open {path}: {exc.strerror or exc}") from exc
    count = 0
    with stream:
        records = (
            _gzip_records(stream, keep) if stream.read(2) == _GZIP_MAGIC else _plain_records(stream, keep)
        )
        stream.seek(0)
        try:
            for raw in records:
                count += 1
                yield raw
        # (warcio fails on a record whose headers are garbage in any of these ways: AttributeError for a
        # "WARC/1.0" line followed by random bytes)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error, AttributeError) as exc:
            raise BadInput(_broken(path, count, exc)) from exc


def _plain_records(stream: BinaryIO, keep: int) -> Iterator[_Raw]:
    it = ArchiveIterator(stream, check_digests=False)
    end = 0
    for record in it:
        body, problem = _payload(it, record, keep)
        end = it.get_record_offset() + it.get_record_length()
        yield _Raw(record, body, problem, it.get_record_offset(), it.get_record_length())
    _check_tail(stream, end)


def _gzip_records(stream: BinaryIO, keep: int) -> Iterator[_Raw]:
    """Records of a gzip-per-record WARC, each member inflated with a cap (a bomb costs time, not memory)."""
    end = 0
    for offset, length, data, head in _members(stream, keep + _HEADERS_ALLOWANCE):
        end = offset + length
        if data is None:
            yield _Raw(
                None, None, f"record too large (over {size_text(keep)}); skipped", offset, length, head
            )
            continue
        it = ArchiveIterator(io.BytesIO(data), check_digests=False)
        for record in it:
            body, problem = _payload(it, record, keep)
            yield _Raw(record, body, problem, offset, length)
    _check_tail(stream, end)


def _payload(it: ArchiveIterator, record: object, keep: int) -> tuple[bytes | None, str | None]:
    """A response's payload read up to `keep` bytes (None beyond), and the record read to its end."""
    body, problem = None, None
    if record.rec_type == "response":  # type: ignore[attr-defined]
        body = record.content_stream().read(keep + 1)  # type: ignore[attr-defined]
        if len(body) > keep:
            body, problem = None, f"record too large (its content is over {size_text(keep)}); skipped"
    it.read_to_end(record)
    missing = record.raw_stream.limit  # type: ignore[attr-defined] - what the declared length promised more
    if problem is None and missing > 0:
        declared = record.length  # type: ignore[attr-defined]
        body, problem = None, f"record cut short ({declared - missing} of its declared {declared} bytes)"
    return body, problem


def _members(stream: BinaryIO, cap: int) -> Iterator[tuple[int, int, bytes | None, bytes]]:
    """(offset, length, inflated bytes or None when over `cap`, first bytes) of each gzip member."""
    pending = b""
    while True:
        start = stream.tell() - len(pending)
        data = pending or stream.read(_CHUNK)
        if len(data) < len(_GZIP_MAGIC):  # a member starting in the last byte of a read: read on
            data += stream.read(_CHUNK)
        if data[:2] != _GZIP_MAGIC:
            stream.seek(start)
            return  # the tail (padding or garbage) is _check_tail's
        inflater = zlib.decompressobj(31)
        parts: list[bytes] | None = []
        head, size = b"", 0
        while not inflater.eof:
            if not data:
                data = stream.read(_CHUNK)
                if not data:
                    raise EOFError("a record is cut off")
            out = inflater.decompress(data, _CHUNK)
            data = inflater.unconsumed_tail
            size += len(out)
            if len(head) < _HEAD:
                head += out[: _HEAD - len(head)]
                if len(head) >= 5 and not head.lstrip(b"\r\n").startswith(b"WARC/"):
                    raise ValueError("not a WARC record")
            if parts is not None and size <= cap:
                parts.append(out)
            else:
                parts = None  # keep inflating to find the member's end, but keep nothing
        pending = inflater.unused_data + data
        yield start, stream.tell() - len(pending) - start, None if parts is None else b"".join(parts), head


def _check_tail(stream: BinaryIO, end: int) -> None:
    """What follows the last whole record may be padding (blank lines, NULs), not a cut-off record."""
    stream.seek(end)
    if stream.read(4096).strip(b"\r\n\x00"):
        raise EOFError("the last record is cut off")


def _head_field(head: bytes, name: str) -> str | None:
    m = re.search(rb"^" + re.escape(name.encode()) + rb":[ \t]*(\S+)", head, re.IGNORECASE | re.MULTILINE)
    return m.group(1).decode("utf-8", "replace") if m else None


def _broken(path: Path, count: int, exc: BaseException) -> str:
    where = f"after {count} records" if count else "at the start"
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return f"broken WARC {path.name} {where}: {lines[0] if lines else type(exc).__name__}"


def _response(raw: _Raw) -> WarcResponse:
    headers = raw.record.rec_headers  # type: ignore[attr-defined]
    http = raw.record.http_headers  # type: ignore[attr-defined]
    status = None
    content_type = None
    if http is not None:
        code = (http.get_statuscode() or "").strip()
        status = int(code) if code.isdigit() else None
        content_type = http.get_header("Content-Type")
    return WarcResponse(
        url=headers.get_header(_URI) or "",
        fetched_at=headers.get_header("WARC-Date") or "",
        body=raw.body or b"",
        content_type=content_type,
        http_status=status,
        offset=raw.offset,
        length=raw.length,
        source=headers.get_header(SOURCE_HEADER),
        list_date=headers.get_header(LIST_DATE_HEADER),
        page=headers.get_header(PAGE_HEADER),
    )
