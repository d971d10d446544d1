"""The Institute of Parliamentarism (a qr-pib.kz platform site): lists `/{lang}/post/?page=N`, stories `/{lang}/p/{id}`."""

from __future__ import annotations

from crawler.spiders.base import ArchiveSpider


class InstituteSpider(ArchiveSpider):
    name = "institute"
    source = "institute"
    default_base_url = "https://qr-pib.kz"
    list_path = "/{prefix}/post/"
    page_param = "page"
    article_pattern = r"/{prefix}/p/[\w-]+"
