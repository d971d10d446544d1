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

from archive.sources import SOURCES
from crawler.listing import Listed
from crawler.spiders.base import ArchiveSpider


class MazhilisSpider(ArchiveSpider):
    name = "mazhilis"
    source = SOURCES[name]
    api_limit = 20

    def __init__(self, api: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        host = urlsplit(self.base_url).hostname or ""
        self.api = str(api or "").lower() in ("1", "true", "yes") or host in self.source.api_hosts
        self.api_path = self.source.api_path

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.api:
            for request in self.start_list_requests():
                yield request
            return
        for lang in self.langs:
            request = self.api_list_request(lang, 0, dont_filter=True)
            self.start_walk(lang, request.url)
            yield request

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
            stories = [
                Listed(f"{self.base_url}{self.api_path}/{row['id']}?{urlencode({'lang': lang})}",
                       row.get("title"), str(row.get("date") or "")[:10] or None)
                for row in rows
            ]  # fmt: skip
        except (ValueError, KeyError, TypeError) as exc:
            self.errors.append(f"{response.url}: not an API list ({exc})")
            self.walks[lang].stop = "error"
            return
        page = offset // self.api_limit + 1
        has_next = bool(rows) and offset + len(rows) < count
        requests, go_on = self.read_list_page(lang, page, response.url, stories, has_next)
        yield from requests
        if go_on and has_next:
            yield self.api_list_request(lang, offset + len(rows))
