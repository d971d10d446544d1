"""The Mazhilis: parlam.kz news lists `/{lang}/mazhilis/news?page=N`, or the new site's JSON API.

HTML mode (default): list items are `div.list` blocks (a `dd.mm.yyyy` date line and a title line linking to
the story); the story's versions share its path but for the language prefix. The list date travels with
the request and stands in when a story page has none.

API mode (`-a api=1`, or a base_url on mazhilis.parlam.kz): `/api/core/news?lang=&limit=&offset=` gives
`count` + `result[]`; each story is read from `/api/core/news/{id}?lang=`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import scrapy
from scrapy.http import Response

from crawler.spiders.base import ArchiveSpider


class MazhilisSpider(ArchiveSpider):
    name = "mazhilis"
    source = "mazhilis"
    default_base_url = "https://www.parlam.kz"
    list_path = "/{prefix}/mazhilis/news"
    page_param = "page"
    article_pattern = r"/{prefix}/mazhilis/(?:news|press-center)/(?:article|details|view|news)/[\w-]+"
    api_path = "/api/core/news"
    api_limit = 20

    def __init__(self, api: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        host = urlsplit(self.base_url).hostname or ""
        self.api = str(api or "").lower() in ("1", "true", "yes") or host.startswith("mazhilis.")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.api:
            for request in self.start_list_requests():
                yield request
            return
        for lang in self.langs:
            yield self.api_list_request(lang, 0, dont_filter=True)

    def api_list_request(self, lang: str, offset: int, dont_filter: bool = False) -> scrapy.Request:
        query = urlencode({"lang": lang, "limit": self.api_limit, "offset": offset})
        return scrapy.Request(
            f"{self.base_url}{self.api_path}?{query}", self.parse_api_list, errback=self.on_error,
            meta={"lang": lang, "offset": offset, "page_kind": "list"}, dont_filter=dont_filter,
        )  # fmt: skip

    def parse_api_list(self, response: Response) -> Iterator[scrapy.Request]:
        lang, offset = response.meta["lang"], response.meta["offset"]
        try:
            data = json.loads(response.body)
            count, rows = int(data["count"]), list(data["result"])
        except (ValueError, KeyError, TypeError) as exc:
            self.errors.append(f"{response.url}: not an API list ({exc})")
            return
        for row in rows:
            url = f"{self.base_url}{self.api_path}/{row['id']}?{urlencode({'lang': lang})}"
            day = str(row.get("date") or "")[:10] or None
            if self.wanted(url, row.get("title")):
                yield scrapy.Request(
                    url, self.parse_article, errback=self.on_error,
                    meta={"lang": lang, "list_title": row.get("title"), "list_date": day, "page_kind": "story"},
                )  # fmt: skip
        page = offset // self.api_limit + 1
        if rows and offset + len(rows) < count and (self.max_pages is None or page < self.max_pages):
            yield self.api_list_request(lang, offset + len(rows))
