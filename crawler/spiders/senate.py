"""The Senate (senate.parlam.kz): locale prefixes, lists `/{locale}/news?p=N`, stories `…/news/details/{id}`."""

from __future__ import annotations

from archive.sources import SOURCES
from crawler.spiders.base import ArchiveSpider


class SenateSpider(ArchiveSpider):
    name = "senate"
    source = SOURCES[name]
