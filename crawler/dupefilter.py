"""A duplicate-request filter that lives for one run and never writes `requests.seen` into the JOBDIR."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter


class RunDupeFilter(RFPDupeFilter):
    """RFPDupeFilter without the on-disk file: a killed run must not leave requests marked seen but unstored."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunDupeFilter:
        return cls(
            None, crawler.settings.getbool("DUPEFILTER_DEBUG"), fingerprinter=crawler.request_fingerprinter
        )
