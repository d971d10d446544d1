"""The pipeline into the archive: normalize each story page, then store it (one transaction per item)."""

from __future__ import annotations

from scrapy import Spider
from scrapy.crawler import Crawler

from archive.errors import BadInput
from archive.ingest import extract_fetched, fetched_source
from archive.models import Capture
from archive.store import Store
from crawler import crawl_data
from crawler.items import PageItem


class ArchivePipeline:
    """Normalized, deduplicated, version-linked records; a page that cannot become one is reported."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.data = crawl_data(crawler.settings)
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        self.store = Store(self.data.location)

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item: PageItem, spider: Spider | None = None) -> dict:
        assert self.store is not None
        stats = self.crawler.stats
        spider = spider or self.crawler.spider
        url = item["url"]
        if self.store.known_capture(url, item["sha256"]):
            stats.inc_value("parlarchive/unchanged")
            return {"url": url, "status": "unchanged"}
        capture = Capture(
            url=url,
            fetched_at=item["fetched_at"],
            sha256=item["sha256"],
            content_type=item.get("content_type"),
            http_status=item.get("http_status"),
            warc_path=item.get("warc_path"),
            warc_offset=item.get("warc_offset"),
            warc_length=item.get("warc_length"),
        )
        try:
            doc = extract_fetched(
                item["body"], capture, source=item["source"], list_date=item.get("list_date")
            )
            result = self.store.save(doc, capture, fetched_source(item["source"], doc, capture))
        except BadInput as exc:
            return self._fail(spider, url, str(exc))
        stats.inc_value(f"parlarchive/{result.status}")
        return {"url": url, "id": result.id, "status": result.status}

    def _fail(self, spider: Spider | None, url: str, reason: str) -> dict:
        self.crawler.stats.inc_value("parlarchive/failed")
        errors = getattr(spider, "errors", None)
        if errors is not None:
            errors.append(f"{url}: {reason}")
        spider_logger = getattr(spider, "logger", None)
        if spider_logger is not None:
            spider_logger.warning("not stored: %s: %s", url, reason)
        return {"url": url, "status": "failed", "reason": reason}
