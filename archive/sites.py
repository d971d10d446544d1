"""Declarative per-site extraction rules for the three sources: selectors that generic extraction lacks."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class SiteHints:
    name: str  # the source name stored on records: senate | mazhilis | institute
    hosts: tuple[str, ...]  # host names (without port) that belong to this source
    title: tuple[str, ...] = ()  # CSS selectors for the story title, first match wins
    date: tuple[str, ...] = ()  # CSS selectors for the element holding the publication date
    body: tuple[str, ...] = ()  # CSS selectors for the story body, first match wins
    drop: tuple[str, ...] = ()  # CSS selectors removed before anything is extracted (widgets, related news)


SITES: dict[str, SiteHints] = {
    "senate": SiteHints(
        name="senate",
        hosts=("senate.parlam.kz",),
        title=("h1.news-detail__title", "article h1", "h1"),
        date=(".news-detail__date", "article time", ".date"),
        body=(".news-detail__text", "article .text", "article"),
        drop=(
            ".share",
            ".related-news",
            ".top-slider",
            ".breadcrumb",
            "a.print",
            ".main-menu",
            "footer",
            ".skip-link",
        ),
    ),
    "mazhilis": SiteHints(
        name="mazhilis",
        hosts=("parlam.kz", "www.parlam.kz", "mazhilis.parlam.kz"),
        title=(".news-title h2", ".news-full h2", "article h1", "h1"),
        date=(".news-date", ".news-full .date", "article time"),
        body=(".news-text", ".news-full .text", "article"),
        drop=(".social-share", ".share", ".last-news", ".breadcrumbs", "#top-menu", "#footer"),
    ),
    "institute": SiteHints(
        name="institute",
        hosts=("qr-pib.kz", "www.qr-pib.kz"),
        title=(".post__title", "section.post h4", ".post h1"),
        date=(".post__head time", "section.post time"),
        body=(".post__content", "section.post .content"),
        drop=(
            ".ya-share2",
            ".share",
            ".more-posts",
            ".page-header",
            ".breadcrumbs",
            ".marquee",
            "nav",
            "footer",
        ),
    ),
}


def hints_for(url: str | None = None, source: str | None = None) -> SiteHints | None:
    """The rules for a named source, else for the source whose host serves this URL, else None."""
    if source and source in SITES:
        return SITES[source]
    host = (urlsplit(url).hostname or "") if url else ""
    for hints in SITES.values():
        if host in hints.hosts:
            return hints
    return None
