"""Keys that pair the language versions of one story: same URL, or same path but for the language prefix."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

# Path segments that name a language on the three sites: kk, ru, en, and locales like ru-RU, kk-KZ, en-US.
_LANG_SEGMENT = re.compile(r"^(kk|kz|ru|en)(-[a-z]{2})?$", re.IGNORECASE)


def lang_of_segment(segment: str) -> str | None:
    """The language a path segment names (`ru-RU` -> `ru`, `kz` -> `kk`), or None."""
    m = _LANG_SEGMENT.match(segment)
    if not m:
        return None
    code = m.group(1).lower()
    return "kk" if code == "kz" else code


def normalize_url(url: str) -> str:
    """A URL without fragment, default port or trailing slash, host lower-cased: the form keys compare."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    query = f"?{parts.query}" if parts.query else ""
    scheme = "http" if parts.scheme in ("http", "https") else parts.scheme
    return f"{scheme}://{host}{path}{query}"


def path_key(url: str) -> str | None:
    """The URL with its first language segment removed, when it has one and the rest names a page.

    `https://parlam.kz/ru/senate/press-center/article/12` and `…/kk/senate/…/12` share a key.
    A path that is nothing but the language (a home page) gives no key: a switcher that points
    to the home page must not chain unrelated stories into one group.
    """
    parts = urlsplit(normalize_url(url))
    segments = [s for s in parts.path.split("/") if s]
    for i, seg in enumerate(segments):
        if lang_of_segment(seg):
            rest = segments[:i] + segments[i + 1 :]
            if len(rest) < 2:
                return None
            query = f"?{parts.query}" if parts.query else ""
            return f"{parts.scheme}://{parts.netloc}/{'/'.join(rest)}{query}"
    return None


def version_keys(urls: Iterable[str | None]) -> set[str]:
    """All keys of a record, given its URL, canonical URL and alternate URLs."""
    keys: set[str] = set()
    for url in urls:
        if not url or _is_home(url):
            continue
        keys.add("url:" + normalize_url(url))
        pk = path_key(url)
        if pk:
            keys.add("path:" + pk)
    return keys


def _is_home(url: str) -> bool:
    """A URL naming a site or language home page rather than a story."""
    segments = [s for s in urlsplit(url).path.split("/") if s and not lang_of_segment(s)]
    return len(segments) < 2
