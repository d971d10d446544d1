"""The Scrapy project: spiders for the three sources, the pipeline into the archive, the WARC writer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.config import Settings
from archive.paths import DataDir, data_dir

if TYPE_CHECKING:  # Scrapy is imported by a crawl, not by the command line that starts one
    from scrapy.settings import BaseSettings

SETTINGS_KEY = "PARLARCHIVE_SETTINGS"  # the Scrapy setting that holds the crawl's one archive.config.Settings


def crawl_data(settings: BaseSettings) -> DataDir:
    """The data folder of this crawl, its archive and WARC root: the PARLARCHIVE_DATA, PARLARCHIVE_ARCHIVE and
    PARLARCHIVE_WARC_ROOT Scrapy settings `parlarchive crawl` passes (its resolved DataDir), else (a plain
    `scrapy crawl`) what archive.paths.data_dir and the crawl's Settings say. Spider, pipeline and WARC
    writer all ask here."""
    tunables = crawl_settings(settings)
    return data_dir(
        settings.get("PARLARCHIVE_DATA"),
        archive=settings.get("PARLARCHIVE_ARCHIVE") or tunables.archive,
        warc_root=settings.get("PARLARCHIVE_WARC_ROOT") or tunables.warc_root,
    )


def apply_settings(scrapy_settings: BaseSettings, priority: str = "spider") -> Settings:
    """Make the crawl's one Settings, from the environment (where `parlarchive crawl` hands over its own,
    field by field, and where a plain `scrapy crawl` reads the user's), when the spider is built: keep it
    for the other components (`crawl_settings`) and set the Scrapy settings it governs. A value given on
    Scrapy's command line (`-s NAME=VALUE`) still wins."""
    settings = Settings.from_env()
    scrapy_settings.set(SETTINGS_KEY, settings, priority)
    for key, value in {
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.crawl_concurrency,
        # a larger page is not downloaded, and a compressed one is not inflated past it (a gzip bomb)
        "DOWNLOAD_MAXSIZE": settings.max_page_bytes,
        "DOWNLOAD_WARNSIZE": settings.max_page_bytes // 2,
        "USER_AGENT": (
            f"ParlarchiveBot/0.1 (+{settings.contact}; press-release archive of the Parliament of Kazakhstan)"
        ),
    }.items():
        scrapy_settings.set(key, value, priority)
    return settings


def crawl_settings(scrapy_settings: BaseSettings) -> Settings:
    """The crawl's one Settings (see `apply_settings`)."""
    return scrapy_settings[SETTINGS_KEY]
