"""The Scrapy project: spiders for the three sources, the pipeline into the archive, the WARC writer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.paths import DataDir, data_dir

if TYPE_CHECKING:  # Scrapy is imported by a crawl, not by the command line that starts one
    from scrapy.settings import BaseSettings


def crawl_data(settings: BaseSettings) -> DataDir:
    """The data folder of this crawl: the PARLARCHIVE_DATA setting `parlarchive crawl` passes, else (a plain
    `scrapy crawl`) what archive.paths.data_dir resolves. Spider, pipeline and WARC writer all ask here."""
    return data_dir(settings.get("PARLARCHIVE_DATA"))
