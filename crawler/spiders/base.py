"""The shared spider: walk a source's news lists per language, fetch the stories the archive lacks.

A spider is declared by its entry in the registry of sources (`archive.sources.SOURCES`): the language
prefixes, the list path, the pagination query parameter and the story URL pattern.
Stories are found by the list's structure, the story pattern being a preference (see `crawler.listing`);
each language's list is walked one page after another until its walk stops (see `crawler.walk`).

Arguments (`-a name=value`): `base_url` (site root: live site, mirror or test server), `lang` (kk,ru,en),
`max_pages` (list pages per language, newest first, for this run; else the setting `max_list_pages`),
`refresh` (1: fetch known stories again), `since` (YYYY-MM-DD: skip list items older, stop paging there),
`walk_all` (languages walked to the end of their lists, e.g. `kk,ru`: no stop at stored stories).
The tunables (archive.config.Settings, from the environment) are the crawl's when the spider is built
(`from_crawler`): `max_list_pages`, `known_list_pages` (list pages in a row holding only stored stories
after which a language stops), and the Scrapy settings they govern (crawler.apply_settings).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import AsyncIterator, Iterator
from hashlib import sha256
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from archive.config import Settings
from archive.languages import LANGS, parse_langs
from archive.sources import Source
from archive.store import Store
from crawler import apply_settings, crawl_data, crawl_settings
from crawler.listing import Listed, read_list
from crawler.walk import Walk


def _split_langs(value: str | list[str] | None) -> list[str]:
    return parse_langs(value) if value else list(LANGS)


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _squash(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _same_title(stored: str, listed: str) -> bool:
    """The list shows the stored title (lists may cut a long title short with an ellipsis)."""
    a, b = _squash(stored), _squash(listed)
    cut = b.rstrip(".… ")
    return a == b or (cut != b and len(cut) >= 20 and a.startswith(cut))


class ArchiveSpider(scrapy.Spider):
    """Base of the three source spiders; subclasses only declare their site's shapes."""

    source: ClassVar[Source]  # the registry entry: every shape of the site comes from it

    def __init__(
        self,
        base_url: str | None = None,
        lang: str | None = None,
        max_pages: str | int | None = None,
        refresh: str | None = None,
        since: str | None = None,
        walk_all: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.base_url = (base_url or self.source.base_url).rstrip("/")
        self.prefixes = self.source.prefixes
        self.list_path = self.source.list_path
        self.page_param = self.source.page_param
        self.langs = _split_langs(lang)
        self.max_pages = int(max_pages) if max_pages not in (None, "", "0", 0) else None
        self.refresh = str(refresh or "").lower() in ("1", "true", "yes")
        self.since = since or None
        self.walk_all = set(_split_langs(walk_all)) if walk_all else set()
        self.walks: dict[str, Walk] = {}
        self.allowed_domains = [urlsplit(self.base_url).hostname or ""]
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.known = 0  # stories on the lists that the archive already holds (not fetched)
        self._store: Store | None = None
        lang_alt = "|".join(re.escape(p) for p in self.prefixes.values())
        self._article_re = re.compile(
            "^" + self.source.story_pattern.replace("{prefix}", f"(?:{lang_alt})") + "/?$"
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArchiveSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        apply_settings(crawler.settings)  # the crawl's one Settings, before the crawler freezes its own
        if is_loopback(spider.base_url) and not crawler.settings.frozen:
            # our own mirror or test server: no need to wait between requests, twice the requests in flight
            per_site = 2 * crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
            for key, value in (("DOWNLOAD_DELAY", 0), ("AUTOTHROTTLE_ENABLED", False),
                               ("CONCURRENT_REQUESTS_PER_DOMAIN", per_site)):  # fmt: skip
                crawler.settings.set(key, value, priority="spider")
        return spider

    @property
    def tunables(self) -> Settings:
        """The crawl's Settings (crawler.apply_settings)."""
        return crawl_settings(self.settings)

    # ---- the archive -------------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(crawl_data(self.settings).location)
        return self._store

    def closed(self, reason: str) -> None:
        if self._store is not None:
            self._store.close()

    def stored_title(self, url: str) -> str | None | bool:
        """False when the archive lacks this URL, else its stored title (None if it has none)."""
        return self.store.title_of(url) if self.store.has_url(url) else False

    def wanted(self, url: str, list_title: str | None) -> bool:
        """Fetch a story unless the archive has it and the list shows the same title."""
        if self.refresh:
            return True
        stored = self.stored_title(url)
        if stored is False:
            return True
        if list_title and stored is not None and not _same_title(stored, list_title):
            return True  # retitled on the site: fetch it again
        self.known += 1
        return False

    # ---- walking the lists ---------------------------------------------------------------------------------

    def start_walk(self, lang: str, first_url: str) -> None:
        self.walks[lang] = Walk(
            lang, first_url, walk_all=lang in self.walk_all, known_list_pages=self.tunables.known_list_pages,
            max_pages=self.max_pages or self.tunables.max_list_pages, depth_is_default=self.max_pages is None,
            since=self.since, warnings=self.warnings,
        )  # fmt: skip

    def read_list_page(
        self, lang: str, number: int, url: str, stories: list[Listed], has_next: bool
    ) -> tuple[Iterator[scrapy.Request], bool]:
        """The story requests of one list page, and whether the language's walk goes on to the next page."""
        fetch, go_on = self.walks[lang].read(
            url, number, stories, lambda s: self.wanted(s.url, s.title), has_next
        )
        requests = (
            scrapy.Request(
                s.url,
                self.parse_article,
                errback=self.on_error,
                meta={"lang": lang, "list_title": s.title, "list_date": s.day, "page_kind": "story"},
            )
            for s in fetch
        )
        return requests, go_on

    def walk_report(self) -> dict[str, dict]:
        """Per language: list pages read, stories found on them, why the walk stopped."""
        return {lang: walk.report() for lang, walk in self.walks.items()}

    # ---- requests ----------------------------------------------------------------------------------------

    def list_url(self, lang: str, page: int = 1) -> str:
        url = self.base_url + self.list_path.format(prefix=self.prefixes[lang])
        return url if page == 1 else f"{url}?{self.page_param}={page}"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.start_list_requests():
            yield request

    def start_list_requests(self) -> Iterator[scrapy.Request]:
        for lang in self.langs:
            self.start_walk(lang, self.list_url(lang))
            yield scrapy.Request(
                self.list_url(lang), self.parse_list, errback=self.on_error, meta={"lang": lang, "page": 1, "page_kind": "list"},
                dont_filter=True,
            )  # fmt: skip

    def on_error(self, failure: Failure) -> None:
        """A page that failed (HTTP error, timeout, refused, too large, a redirect loop): one error line,
        never fatal; a list page that failed ends its language's walk."""
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        message = " ".join((failure.getErrorMessage() or repr(failure.value)).split())
        if failure.check(scrapy.exceptions.IgnoreRequest) and response is None and "robots.txt" in message:
            self.logger.info("not fetched (robots.txt): %s", request.url)
            return
        limit = self.settings.getint("DOWNLOAD_MAXSIZE")
        # Scrapy 2.19 cancels a download only past DOWNLOAD_MAXSIZE: by Content-Length (a message naming
        # the sizes) or while streaming (no message at all).
        if failure.check(scrapy.exceptions.DownloadCancelledError):
            reason = f"larger than the page limit of {limit} bytes: not fetched"
        elif failure.check(scrapy.exceptions.IgnoreRequest) and "decompression" in message:
            reason = f"decompresses to more than the page limit of {limit} bytes: not stored"
        else:
            reason = f"HTTP {response.status}" if response is not None else message
        url = (request.meta.get("redirect_urls") or [request.url])[0]  # the link as listed, before redirects
        self.errors.append(f"{url}: {reason}")
        self.logger.warning("failed: %s: %s", url, reason)
        walk = self.walks.get(request.meta.get("lang"))
        if request.meta.get("page_kind") == "list" and walk is not None:
            walk.stop = "error"

    # ---- list pages --------------------------------------------------------------------------------------

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        lang, page = response.meta["lang"], response.meta["page"]
        if not isinstance(response, scrapy.http.TextResponse):
            self.errors.append(f"{response.url}: not a text page")
            self.walks[lang].stop = "error"
            return
        listing = read_list(
            response.text, response.url, self.list_url(lang), self.page_param, self._article_re
        )
        later = listing.next_page(page)
        requests, go_on = self.read_list_page(lang, page, response.url, listing.stories, later is not None)
        yield from requests
        if go_on and later is not None:
            number, url = later
            yield scrapy.Request(
                url, self.parse_list, errback=self.on_error, meta={"lang": lang, "page": number, "page_kind": "list"}
            )  # fmt: skip
        self.logger.debug("list %s page %d of %s: %d stories", lang, page, response.url, len(listing.stories))

    # ---- articles ----------------------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[dict]:
        yield self.page_item(response)

    def page_item(self, response: Response, **extra: Any) -> dict:
        meta = response.meta
        warc = meta.get("warc") or {}
        return {
            "url": response.url,
            "source": self.source.name,
            "lang": meta.get("lang"),
            "body": response.body,
            "content_type": response.headers.get("Content-Type", b"").decode("latin-1") or None,
            "http_status": response.status,
            "fetched_at": meta.get("fetched_at"),
            "sha256": sha256(response.body).hexdigest(),
            "warc_path": warc.get("path"),
            "warc_offset": warc.get("offset"),
            "warc_length": warc.get("length"),
            "list_date": meta.get("list_date"),
            "list_title": meta.get("list_title"),
            **extra,
        }
