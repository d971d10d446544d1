"""The Scrapy project: spiders for the three sources, the pipeline into the archive, the WARC writer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.config import Settings
from archive.paths import DataDir, data_dir

if TYPE_CHECKING:  # Scrapy is imported by a crawl, not by the command line that starts one
    from scrapy.settings import BaseSettings


def crawl_data(settings: BaseSettings) -> DataDir:
    """The data folder of this crawl, its archive and WARC root: the PARLARCHIVE_DATA, PARLARCHIVE_ARCHIVE and
    PARLARCHIVE_WARC_ROOT settings `parlarchive crawl` passes, else (a plain `scrapy crawl`) what
    archive.paths.data_dir and the environment say. Spider, pipeline and WARC writer all ask here."""
    env = Settings.from_env()
    return data_dir(
        settings.get("PARLARCHIVE_DATA"),
        archive=settings.get("PARLARCHIVE_ARCHIVE") or env.archive,
        warc_root=settings.get("PARLARCHIVE_WARC_ROOT") or env.warc_root,
    )
