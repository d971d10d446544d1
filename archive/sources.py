"""The registry of sources: each source's name, hosts, list and story URL shapes, API and extraction rules.

Everything that names a source derives from `SOURCES`: the spiders (one per entry), the CLI's choices,
the demo mirror, the WARC reader's API rendering, extraction's per-site selectors, the tests and benches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from urllib.parse import parse_qs, urljoin, urlsplit

from archive.languages import LANGS


@dataclass(frozen=True)
class Source:
    name: str  # the source name stored on records: senate | mazhilis | institute
    title: str  # what people call it
    hosts: tuple[str, ...]  # host names (without port) that belong to this source
    base_url: str  # the live site's root
    list_path: str  # the news list of one language, "{prefix}" standing for the language prefix
    page_param: str  # the list's pagination query parameter
    story_pattern: str  # regex on a story's URL path ("{prefix}" as above): preferred, not required
    prefixes: dict[str, str] = field(default_factory=lambda: {lang: lang for lang in LANGS})
    api_path: str | None = None  # a JSON API of the news (`?lang=&limit=&offset=`; `{api_path}/{id}?lang=`)
    api_hosts: tuple[str, ...] = ()  # hosts that serve only the API (crawled in API mode)
    # Extraction: CSS selectors that generic extraction lacks; the first match wins.
    title_css: tuple[str, ...] = ()
    date_css: tuple[str, ...] = ()
    body_css: tuple[str, ...] = ()
    drop_css: tuple[str, ...] = ()  # removed before anything is extracted (widgets, related news)


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source(
            name="senate",
            title="Senate of the Parliament",
            hosts=("senate.parlam.kz",),
            base_url="https://senate.parlam.kz",
            prefixes={"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"},
            list_path="/{prefix}/news",
            page_param="p",
            story_pattern=r"/{prefix}/news/details/\d+",
            title_css=("h1.news-detail__title", "article h1", "h1"),
            date_css=(".news-detail__date", "article time", ".date"),
            body_css=(".news-detail__text", "article .text", "article"),
            drop_css=(
                ".share",
                ".related-news",
                ".top-slider",
                ".breadcrumb",
                "a.print",
                ".main-menu",
                "footer",
                ".skip-link",
            ),  # fmt: skip
        ),
        Source(
            name="mazhilis",
            title="Mazhilis of the Parliament",
            hosts=("parlam.kz", "www.parlam.kz", "mazhilis.parlam.kz"),
            base_url="https://www.parlam.kz",
            list_path="/{prefix}/mazhilis/news",
            page_param="page",
            story_pattern=r"/{prefix}/mazhilis/(?:news|press-center)/(?:article|details|view|news)/[\w-]+",
            api_path="/api/core/news",
            api_hosts=("mazhilis.parlam.kz",),
            title_css=(".news-title h2", ".news-full h2", "article h1", "h1"),
            date_css=(".news-date", ".news-full .date", "article time"),
            body_css=(".news-text", ".news-full .text", "article"),
            drop_css=(".social-share", ".share", ".last-news", ".breadcrumbs", "#top-menu", "#footer"),
        ),
        Source(
            name="institute",
            title="Institute of Parliamentarism",
            hosts=("qr-pib.kz", "www.qr-pib.kz"),
            base_url="https://qr-pib.kz",
            list_path="/{prefix}/post/",
            page_param="page",
            story_pattern=r"/{prefix}/p/[\w-]+",
            title_css=(".post__title", "section.post h4", ".post h1"),
            date_css=(".post__head time", "section.post time"),
            body_css=(".post__content", "section.post .content"),
            drop_css=(
                ".ya-share2",
                ".share",
                ".more-posts",
                ".page-header",
                ".breadcrumbs",
                ".marquee",
                "nav",
                "footer",
            ),  # fmt: skip
        ),
    )
}
SOURCE_NAMES = tuple(SOURCES)
FILE_SOURCE = "file"  # the source of an imported file that no source's host serves


def source_for(url: str | None = None, source: str | None = None) -> Source | None:
    """The named source, else the source whose host serves this URL, else None."""
    if source and source in SOURCES:
        return SOURCES[source]
    host = (urlsplit(url).hostname or "") if url else ""
    for entry in SOURCES.values():
        if host in entry.hosts:
            return entry
    return None


def source_name(source: str | None, url: str | None) -> str:
    """The source a record is filed under: the one given, else the site serving its URL, else 'file'."""
    if source:
        return source
    entry = source_for(url)
    return entry.name if entry else FILE_SOURCE


# ---- the JSON API of the new Mazhilis site -----------------------------------------------------------

_API_STORY = re.compile(
    "(?:" + "|".join(re.escape(s.api_path) for s in SOURCES.values() if s.api_path) + r")/\d+/?$"
)


def is_api_article(url: str, content_type: str | None) -> bool:
    """A story from the new Mazhilis site's JSON API (`…/api/core/news/{id}?lang=…`)."""
    return bool(_API_STORY.search(urlsplit(url).path)) and "json" in (content_type or "application/json")


def api_article_html(obj: dict, api_url: str) -> bytes:
    """A minimal HTML page for one API story, naming its public page as canonical (which pairs versions)."""
    lang = obj.get("lang") or parse_qs(urlsplit(api_url).query).get("lang", [""])[0]
    title = escape(str(obj["title"]))
    date = escape(str(obj.get("date") or ""))
    public = urljoin(api_url, obj.get("url") or f"/{lang}/news/{obj.get('id')}")
    body = obj.get("content") or obj.get("body") or obj.get("text") or ""
    if "<" not in body:
        body = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    html = (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{escape(public)}"></head><body><article><h1>{title}</h1>'
        f'<time datetime="{date}">{date}</time><div class="text">{body}</div></article></body></html>'
    )
    return html.encode("utf-8")
