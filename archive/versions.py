"""The language a URL names, and the keys that pair the language versions of one story.

The versions of a story on the three sites share their URL but for the language: a first path segment
(`/ru/…`, `/kk-KZ/…`) or a `?lang=` parameter. Extraction uses the same rule to tell which switcher
links are the same story, and the store to put records in one version group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit

from archive.models import LANGS

_LANG_SEGMENT = re.compile(r"^(kk|kz|ru|en)(?:[-_][a-z]{2})?$", re.IGNORECASE)
_LANG_ALIASES = {"kk": "kk", "kz": "kk", "kaz": "kk", "ru": "ru", "rus": "ru", "en": "en", "eng": "en"}
_LANG_PARAMS = {"lang", "language", "locale", "hl"}


def lang_code(value: str | None) -> str | None:
    """'kk' | 'ru' | 'en' for a language tag (kz, kk-KZ, ru_RU, en-US, eng …), else None."""
    if not value:
        return None
    code = _LANG_ALIASES.get(value.strip().lower().replace("_", "-").split("-")[0])
    return code if code in LANGS else None


def untranslated(lang: str | None, text_lang: str | None) -> bool:
    """A version whose text is in another language than its slot's: the site shows another version in place
    of a translation it does not have (a /kk/ page of Russian text). False while either is unknown."""
    return bool(lang and text_lang) and lang_code(text_lang) != lang


def split_lang(url: str | None) -> tuple[str | None, str | None]:
    """The language a URL names and the URL without it: the key all its language versions share.

    The key is normalized (http and https alike, host lower-cased without `www.` or a default port,
    no trailing slash or fragment, other query parameters sorted). A root-relative path (a saved page's
    `/kk/news/details/7301`) keys as a path of no site ("/news/details/7301"). (None, None) for what is
    not a URL.
    """
    parts = urlsplit((url or "").strip())
    relative = not parts.scheme and not parts.netloc and parts.path.startswith("/")
    if parts.scheme not in ("http", "https", "file") and not relative:
        return None, None
    segments = [s for s in parts.path.split("/") if s]
    lang = None
    if segments and _LANG_SEGMENT.match(segments[0]):
        lang = lang_code(segments.pop(0))
    query = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name.lower() in _LANG_PARAMS:
            lang = lang or lang_code(value)
        else:
            query.append((name, value))
    host = (parts.hostname or "").removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    qs = f"?{urlencode(sorted(query))}" if query else ""
    if relative:
        return lang, f"/{'/'.join(segments)}{qs}"
    scheme = "file" if parts.scheme == "file" else "http"
    return lang, f"{scheme}://{host}/{'/'.join(segments)}{qs}"


def is_home(key: str) -> bool:
    """A key naming a site's or a section's home page (fewer than two path segments), not a story.

    A language switcher on an article often points to the home page of the other language; such a
    link must not pair, nor chain unrelated stories into one group.
    """
    path = urlsplit(key).path
    return len([s for s in path.split("/") if s and not s.startswith("index.")]) < 2


def version_keys(urls: Iterable[str | None], base: str | None = None) -> set[str]:
    """All keys of a record, given its URL, canonical URL and alternate URLs.

    `url:` keys are the URLs themselves (an alternate names another record's URL); `path:` keys are
    URLs without their language (parlam.kz pairs versions that way). A root-relative alternate (a page
    saved from a browser names `/kk/news/details/7301`) is a path on the site of `base`, the record's
    own URL; for a saved file, whose site is unknown, a path among the files of its folder, so that the
    versions of a story saved into one folder pair and stories of other folders never do.
    """
    keys: set[str] = set()
    for url in urls:
        lang, key = split_lang(url)
        if key is None or is_home(key):
            continue
        if key.startswith("/"):
            key = _site_key(key, base)
            if key is None:
                continue
        keys.add(f"url:{lang or ''}:{key}")
        if lang:
            keys.add(f"path:{key}")
    return keys


def _site_key(path: str, base: str | None) -> str | None:
    """The key of a root-relative path on the site of `base`: its host, or a saved file's folder."""
    _lang, base_key = split_lang(base)
    if base_key is None or base_key.startswith("/"):
        return None
    parts = urlsplit(base_key)
    if parts.scheme == "file":
        folder = parts.path.rsplit("/", 1)[0]
        return f"file://{folder}/@{path}"  # "@": a site path inside the folder, never a file's path
    return f"{parts.scheme}://{parts.netloc}{path}"
