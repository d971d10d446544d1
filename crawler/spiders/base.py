"""The shared spider: walk a source's news lists per language, fetch the stories the archive lacks.

A source is declared by a few class attributes (see `senate.py`, `mazhilis.py`, `institute.py`):
the language prefixes, the list path, the pagination query parameter and the article URL pattern.
Links are recognised by URL shape, never by markup: any link on a list page whose path matches the
article pattern is a story, any link back to the list path with the page parameter is another list page.

Arguments (`-a name=value`): `base_url` (site root: live site, mirror or test server), `lang` (kk,ru,en),
`max_pages` (list pages per language, newest first), `refresh` (1: fetch known stories again).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import AsyncIterator, Iterator
from hashlib import sha256
from typing import Any, ClassVar
from urllib.parse import parse_qs, urljoin, urlsplit

import lxml.html
import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from archive.models import LANGS
from archive.paths import data_dir
from archive.store import Store

_DMY = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")


def _split_langs(value: str | list[str] | None) -> list[str]:
    if not value:
        return list(LANGS)
    items = value.split(",") if isinstance(value, str) else value
    langs = [x.strip().lower() for x in items if x.strip()]
    bad = [x for x in langs if x not in LANGS]
    if bad:
        raise ValueError(f"unknown language {', '.join(bad)} (use kk, ru, en)")
    return langs


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

    source: ClassVar[str]
    default_base_url: ClassVar[str]
    prefixes: ClassVar[dict[str, str]] = {"kk": "kk", "ru": "ru", "en": "en"}  # lang -> first path segment
    list_path: ClassVar[str]  # e.g. "/{prefix}/news"
    page_param: ClassVar[str]  # e.g. "p"
    article_pattern: ClassVar[str]  # regex on the URL path, with "{prefix}" for the language prefix

    def __init__(
        self,
        base_url: str | None = None,
        lang: str | None = None,
        max_pages: str | int | None = None,
        refresh: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.langs = _split_langs(lang)
        self.max_pages = int(max_pages) if max_pages not in (None, "", "0", 0) else None
        self.refresh = str(refresh or "").lower() in ("1", "true", "yes")
        self.allowed_domains = [urlsplit(self.base_url).hostname or ""]
        self.errors: list[str] = []
        self.known = 0  # stories on the lists that the archive already holds (not fetched)
        self._store: Store | None = None
        lang_alt = "|".join(re.escape(p) for p in self.prefixes.values())
        self._article_re = re.compile(
            "^" + self.article_pattern.replace("{prefix}", f"(?:{lang_alt})") + "/?$"
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArchiveSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if is_loopback(spider.base_url) and not crawler.settings.frozen:
            # our own mirror or test server: no need to wait between requests
            for key, value in (("DOWNLOAD_DELAY", 0), ("AUTOTHROTTLE_ENABLED", False)):
                crawler.settings.set(key, value, priority="spider")
        return spider

    # ---- the archive -------------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(data_dir(self.settings.get("PARLARCHIVE_DATA")).archive)
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

    # ---- requests ----------------------------------------------------------------------------------------

    def list_url(self, lang: str, page: int = 1) -> str:
        url = self.base_url + self.list_path.format(prefix=self.prefixes[lang])
        return url if page == 1 else f"{url}?{self.page_param}={page}"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.start_list_requests():
            yield request

    def start_list_requests(self) -> Iterator[scrapy.Request]:
        for lang in self.langs:
            yield scrapy.Request(
                self.list_url(lang), self.parse_list, errback=self.on_error, meta={"lang": lang, "page": 1, "page_kind": "list"},
                dont_filter=True,
            )  # fmt: skip

    def on_error(self, failure: Failure) -> None:
        """A page that failed (HTTP error, timeout, refused): reported, never fatal."""
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        if failure.check(scrapy.exceptions.IgnoreRequest) and response is None:
            self.logger.info("not fetched (robots.txt or filtered): %s", request.url)
            return
        reason = (
            f"HTTP {response.status}"
            if response is not None
            else failure.getErrorMessage() or repr(failure.value)
        )
        self.errors.append(f"{request.url}: {reason}")
        self.logger.warning("failed: %s: %s", request.url, reason)

    # ---- list pages --------------------------------------------------------------------------------------

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        lang, page = response.meta["lang"], response.meta["page"]
        if not isinstance(response, scrapy.http.TextResponse):
            self.errors.append(f"{response.url}: not a text page")
            return
        tree = lxml.html.fromstring(response.text or "<html></html>", base_url=response.url)
        list_path = urlsplit(self.list_url(lang)).path.rstrip("/")
        for a in tree.iter("a"):
            href = a.get("href")
            if not href:
                continue
            url = urljoin(response.url, href.strip()).split("#")[0]
            parts = urlsplit(url)
            if parts.netloc != urlsplit(self.base_url).netloc:
                continue
            if self._article_re.match(parts.path):
                title, day = self._card(a)
                if self.wanted(url, title):
                    yield scrapy.Request(
                        url, self.parse_article, errback=self.on_error,
                        meta={"lang": lang, "list_title": title, "list_date": day, "page_kind": "story"},
                    )  # fmt: skip
            elif parts.path.rstrip("/") == list_path:
                number = parse_qs(parts.query).get(self.page_param, ["1"])[0]
                n = int(number) if number.isdigit() else 1
                if n > 1 and (self.max_pages is None or n <= self.max_pages):
                    yield scrapy.Request(
                        url,
                        self.parse_list,
                        errback=self.on_error,
                        meta={"lang": lang, "page": n, "page_kind": "list"},
                    )
        self.logger.debug("list %s page %d of %s", lang, page, response.url)

    def _card(self, a: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
        """The title a list gives a story (the link's text) and the date beside it (dd.mm.yyyy), if any."""
        title = " ".join(a.text_content().split())
        heading = next(iter(a.xpath(".//h1|.//h2|.//h3|.//h4|.//h5")), None)
        if heading is not None:
            title = " ".join(heading.text_content().split())
        day = None
        el: lxml.html.HtmlElement | None = a
        for _ in range(3):  # the link, its card, the card's wrapper
            if el is None:
                break
            m = _DMY.search(el.text_content())
            if m:
                d, mo, y = (int(g) for g in m.groups())
                if 1 <= d <= 31 and 1 <= mo <= 12:
                    day = f"{y:04d}-{mo:02d}-{d:02d}"
                break
            el = el.getparent()
            if el is not None and sum(1 for x in el.iter("a") if self._article_re.match(urlsplit(
                    urljoin(self.base_url, x.get("href") or "")).path)) > 1:  # fmt: skip
                break  # a wrapper of several stories: its date is not this story's
        return title or None, day

    # ---- articles ----------------------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[dict]:
        yield self.page_item(response)

    def page_item(self, response: Response, **extra: Any) -> dict:
        meta = response.meta
        warc = meta.get("warc") or {}
        return {
            "url": response.url,
            "source": self.source,
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
