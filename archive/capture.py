"""One capture read back from its WARC record: the exact record bytes, and the page it holds."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.errors import BadInput
from archive.models import Capture


@dataclass
class CapturedPage:
    url: str
    fetched_at: str
    http_status: int | None
    content_type: str | None
    body: bytes  # the HTTP payload, transfer and content encodings removed
    truncated: bool  # the payload was longer than the limit it was read with


def warc_file(warc_root: Path, capture: Capture, *, within: bool = True) -> Path:
    """The WARC file a capture points into: its path relative to the WARC root (the data folder, or the
    folder every host mounts), or absolute for a WARC imported from elsewhere. BadInput when it has none,
    or (`within`: what the web serves) when the file lies outside the WARC root."""
    if not capture.warc_path or capture.warc_offset is None:
        raise BadInput("this capture was not kept in a WARC file")
    root = warc_root.resolve()
    path = (root / capture.warc_path).resolve()
    if within and not path.is_relative_to(root):
        raise BadInput("this capture points outside the WARC root")
    return path


def record_bytes(warc_root: Path, capture: Capture, limit: int, *, within: bool = True) -> bytes:
    """The capture's WARC record exactly as stored (one gzip member in a .warc.gz), at most `limit` bytes."""
    path = warc_file(warc_root, capture, within=within)
    length = capture.warc_length or limit
    if length > limit:
        raise BadInput(f"the WARC record is larger ({length} bytes) than the limit of {limit} bytes")
    try:
        with path.open("rb") as f:
            f.seek(int(capture.warc_offset or 0))
            raw = f.read(length)
    except OSError as exc:
        raise BadInput(f"cannot read {capture.warc_path}: {exc.strerror or exc}") from None
    if not raw:
        raise BadInput(f"{capture.warc_path} ends before offset {capture.warc_offset}")
    return raw


def read_page(warc_root: Path, capture: Capture, max_page_bytes: int, *, within: bool = True) -> CapturedPage:
    """The response a capture's WARC record holds, its payload read up to `max_page_bytes`."""
    raw = record_bytes(warc_root, capture, max_page_bytes + (1 << 20), within=within)  # headers on top
    try:
        for record in ArchiveIterator(io.BytesIO(raw), check_digests=False):
            if record.rec_type != "response":
                break
            body = record.content_stream().read(max_page_bytes + 1)
            http = record.http_headers
            code = (http.get_statuscode() or "").strip() if http else ""
            return CapturedPage(
                url=record.rec_headers.get_header("WARC-Target-URI") or "",
                fetched_at=record.rec_headers.get_header("WARC-Date") or "",
                http_status=int(code) if code.isdigit() else None,
                content_type=http.get_header("Content-Type") if http else None,
                body=body[:max_page_bytes],
                truncated=len(body) > max_page_bytes,
            )
    except (ArchiveLoadFailed, OSError, ValueError, EOFError) as exc:
        raise BadInput(
            f"the WARC record at {capture.warc_path}#{capture.warc_offset} is unreadable ({exc})"
        ) from None
    raise BadInput(f"no response record at {capture.warc_path}#{capture.warc_offset}")
