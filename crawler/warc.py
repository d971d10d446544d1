"""The WARC writer: the request and response of every fetched page, one gzip member per record.

`WarcMiddleware` is a downloader middleware placed next to the downloader, so it sees the response as
it came off the wire (before decompression); it records where the response record landed
(`request.meta["warc"]`) for the pipeline to store as the capture's provenance. Each crawl process writes
its own file `warc/{spider}-{UTC time}-{host}-{pid}.warc.gz` under the WARC root (which several hosts may
share); `repair_tail` cuts a half-written last record left by a killed crawl of this host so that every
file stays valid.
"""

from __future__ import annotations

import os
import re
import socket
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.paths import DataDir
from archive.warc import LIST_DATE_HEADER, PAGE_HEADER, SOURCE_HEADER, valid_prefix
from crawler import crawl_data

_DROP_HEADERS = {b"transfer-encoding"}  # the body is stored de-chunked
HOST = re.sub(r"[^A-Za-z0-9.]+", "_", socket.gethostname()) or "host"  # names this host's WARC files
_BEFORE_HOSTS = re.compile(r"[a-z]+-\d{8}T\d{6}-\d+\.warc\.gz")  # a file named before hosts were


def written_here(path: Path, spider: str) -> bool:
    """A WARC file this host's crawls of `spider` write (another host's, on a shared root, is not ours)."""
    name = path.name
    return name.startswith(f"{spider}-") and (f"-{HOST}-" in name or bool(_BEFORE_HOSTS.fullmatch(name)))


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcFile:
    """An append-only .warc.gz file of request/response pairs."""

    def __init__(self, path: Path, root: Path, software: str = "parlarchive"):
        self.path = path
        self.rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._f = path.open("ab")
        self._w = WARCWriter(self._f, gzip=True, warc_version="WARC/1.1")
        info = self._w.create_warcinfo_record(
            path.name,
            {"software": software, "format": "WARC File Format 1.1", "hostname": socket.gethostname()},
        )
        self._write(info)

    def _write(self, record: object) -> tuple[int, int]:
        start = self._f.tell()
        self._w.write_record(record)
        self._f.flush()
        return start, self._f.tell() - start

    def write(
        self, request: Request, response: Response, fetched_at: str, extra: dict[str, str]
    ) -> tuple[int, int]:
        """Write the response and its request; (offset, length) of the response record."""
        url = response.url
        reason = _reason(response.status)
        protocol = response.protocol or "HTTP/1.1"
        if not protocol.upper().startswith("HTTP"):
            protocol = "HTTP/1.1"
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, values in response.headers.items()
            if k.lower() not in _DROP_HEADERS
            for v in values
        ]
        http = StatusAndHeaders(f"{response.status} {reason}", headers, protocol=protocol)
        warc_headers = {"WARC-Date": fetched_at, **extra}
        if response.ip_address is not None:
            warc_headers["WARC-IP-Address"] = str(response.ip_address)
        resp_rec = self._w.create_warc_record(
            url, "response", payload=BytesIO(response.body), http_headers=http, warc_headers_dict=warc_headers
        )
        offset, length = self._write(resp_rec)
        parts = urlsplit(request.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_headers = [("Host", parts.netloc)] + [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, values in request.headers.items()
            for v in values
        ]
        req_http = StatusAndHeaders(f"{request.method} {target} HTTP/1.1", req_headers, is_http_request=True)
        req_rec = self._w.create_warc_record(
            request.url,
            "request",
            payload=BytesIO(request.body),
            http_headers=req_http,
            warc_headers_dict={
                "WARC-Date": fetched_at,
                "WARC-Concurrent-To": resp_rec.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        self._write(req_rec)
        return offset, length

    def close(self) -> None:
        self._f.close()


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def repair_tail(path: Path) -> int:
    """Cut a half-written record off the end of a WARC file; returns the bytes removed (0 if it was whole)."""
    size = path.stat().st_size
    good_end = valid_prefix(path)
    if good_end >= size:
        return 0
    if good_end == 0:
        path.unlink()
    else:
        with path.open("r+b") as f:
            f.truncate(good_end)
    return size - good_end


class WarcMiddleware:
    """Downloader middleware: every response (and its request) into the crawl's WARC file."""

    def __init__(self, root: Path, enabled: bool = True, crawler: Crawler | None = None):
        self.crawler = crawler
        self.root = root
        self.enabled = enabled
        self.file: WarcFile | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        mw = cls(
            crawl_data(crawler.settings).warc_root,
            crawler.settings.getbool("PARLARCHIVE_WARC", True),
            crawler,
        )
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def _open(self, spider: Spider | None) -> WarcFile:
        if self.file is None:
            name = getattr(spider, "name", None) or "crawl"
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            path = DataDir(self.root).warc / f"{name}-{stamp}-{HOST}-{os.getpid()}.warc.gz"
            self.file = WarcFile(path, self.root)
        return self.file

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        spider = spider or (self.crawler.spider if self.crawler else None)
        fetched_at = utc_now()
        request.meta["fetched_at"] = fetched_at
        if not self.enabled:
            return response
        extra = {
            SOURCE_HEADER: getattr(spider, "name", ""),  # one spider per source, named after it
            PAGE_HEADER: request.meta.get("page_kind", "other"),
        }
        if request.meta.get("list_date"):
            extra[LIST_DATE_HEADER] = request.meta["list_date"]
        f = self._open(spider)
        offset, length = f.write(request, response, fetched_at, extra)
        request.meta["warc"] = {"path": f.rel, "offset": offset, "length": length}
        return response

    def spider_closed(self, spider: Spider | None = None) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
