"""The Senate (senate.parlam.kz): locale prefixes, lists `/{locale}/news?p=N`, stories `…/news/details/{id}`."""

from __future__ import annotations

from crawler.spiders.base import ArchiveSpider


class SenateSpider(ArchiveSpider):
    name = "senate"
    source = "senate"
    default_base_url = "https://senate.parlam.kz"
    prefixes = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"}
    list_path = "/{prefix}/news"
    page_param = "p"
    article_pattern = r"/{prefix}/news/details/\d+"
