"""The Institute of Parliamentarism (a qr-pib.kz platform site): lists `/{lang}/post/?page=N`, stories `/{lang}/p/{id}`."""

from __future__ import annotations

from archive.sources import SOURCES
from crawler.spiders.base import ArchiveSpider


class InstituteSpider(ArchiveSpider):
    name = "institute"
    source = SOURCES[name]
