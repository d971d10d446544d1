"""Crawl progress on the terminal (pages, items, errors) and the run's figures written to a JSON report."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.figures import CrawlFigures


class CrawlReport:
    """Counts pages and items; prints a progress line to stderr; writes PARLARCHIVE_REPORT when closed."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.progress = settings.getbool("PARLARCHIVE_PROGRESS")
        self.report = settings.get("PARLARCHIVE_REPORT")
        self.pages = 0
        self.started = time.monotonic()
        self._last = 0.0
        self._tty = sys.stderr.isatty()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlReport:
        ext = cls(crawler)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def response_received(self, response: Response, **_: object) -> None:
        self.pages += 1
        self._tick()

    def item_scraped(self, **_: object) -> None:
        self._tick()

    def figures(self, finish_reason: str | None = None) -> CrawlFigures:
        stats = self.crawler.stats
        spider = self.crawler.spider
        return CrawlFigures(
            spider=getattr(spider, "name", ""),
            pages=stats.get_value("downloader/response_count", 0),
            new=stats.get_value("parlarchive/new", 0),
            updated=stats.get_value("parlarchive/updated", 0),
            unchanged=stats.get_value("parlarchive/unchanged", 0),
            known=getattr(spider, "known", 0),
            errors=list(getattr(spider, "errors", [])),
            warnings=list(getattr(spider, "warnings", [])),
            langs=spider.walk_report() if hasattr(spider, "walk_report") else {},
            seconds=round(time.monotonic() - self.started, 3),
            peak_rss_mb=round((stats.get_value("memusage/max", 0) or 0) / 2**20, 1),
            finish_reason=finish_reason,
        )

    def _tick(self, final: bool = False) -> None:
        if not self.progress:
            return
        now = time.monotonic()
        if not final and now - self._last < 0.5:
            return
        self._last = now
        f = self.figures()
        items = f.new + f.updated + f.unchanged
        line = (
            f"{f.spider}: {f.pages} pages, {items} items ({f.new} new, {f.updated} updated, "
            f"{f.unchanged} unchanged, {f.known} already stored), {len(f.errors)} errors"
        )
        if self._tty:
            sys.stderr.write("\r\033[K" + line + ("\n" if final else ""))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def spider_closed(self, spider: Spider | None = None, reason: str = "") -> None:
        self._tick(final=True)
        if self.report:
            out = self.figures(reason).as_json()
            path = Path(self.report)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(out, ensure_ascii=False, indent=1))
            tmp.replace(path)
