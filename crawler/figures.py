"""A crawl's figures: what one run of one spider fetched, stored and met, and how it ended.

The crawl's Scrapy process writes them (crawler.extensions.CrawlReport), the process that started it adds
how the child ended (crawler.run), the application object how many records it indexed after; the command
line prints them (`crawl`), the benches read them. Kept free of Scrapy: the command line imports it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass
class CrawlFigures:
    spider: str
    pages: int = 0  # responses downloaded: stories, list pages, robots.txt
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    known: int = 0  # stories on the lists that the archive already holds (not fetched)
    errors: list[str] = field(default_factory=list)  # a line per page that failed
    warnings: list[str] = field(default_factory=list)
    langs: dict[str, dict] = field(default_factory=dict)  # per language, its walk (crawler.walk.Walk.report)
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    finish_reason: str | None = None  # Scrapy's ("finished", "shutdown", …); None: the child never said
    # how the child ended, and what the run made of it (crawler.run)
    returncode: int | None = None
    log: str | None = None  # Scrapy's log of the spider
    recovered: bool = False  # a killed run was cleaned up first
    empty: list[str] = field(default_factory=list)  # languages that yielded no story
    failed: bool = False  # the crawl did not finish, or a language yielded no story
    indexed: int | None = None  # records indexed after the crawl (the application object's)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> CrawlFigures:
        """The figures a crawl's report holds (a key this program does not know is left out)."""
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})
