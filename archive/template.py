"""A site's template learned from the archive: lines that recur across many pages of one host are the site's.

Hand-written selectors never cover every skin: a sidebar with a deputy's schedule, a poll ("Укажите,
пожалуйста, Ваш возраст:"), a footer address reach the extracted text of page after page. What a host
prints on most of its pages in one language is its template, not a story; the store counts, per host and
language, on how many pages each line occurs (every page once, at its first save), strips the lines of
the template from what it stores, and from the pages it stored before a line became template. The rules
live here; the counts live in the store.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from urllib.parse import urlsplit

from archive.dedupe import words
from archive.models import paragraphs

# A line is template only once it is on this many pages of a host in one language: a story's paragraph
# recurs on at most 3 pages of one site and language in corpus/ (its reposts), a sidebar on every page.
MIN_PAGES = 5
# … and on at least this share of them. The parlam.kz deputy sidebar was on 181 of 214 pages (85%); no
# paragraph of a story in corpus/ is on more than 10% of its site's pages in one language.
MIN_SHARE = 0.5
# A story's sentence (a line that ends like one, of SENTENCE_WORDS words or more) is template only on more
# evidence: a sidebar's labels are on most pages from the first, while a sentence a few stories share (a
# series' closing line, "Закон направлен на подпись Главе государства.") may be on most of a host's first
# pages and on few once it has grown; a line learned as template is gone from the pages stripped of it.
SENTENCE_WORDS = 5
SENTENCE_PAGES = 10
SENTENCE_SHARE = 0.8
_SENTENCE_END = (".", "!", "?", "…")
_SENTENCE = "s"  # a sentence's key starts with it (a key is otherwise hexadecimal digits)
PAGES = ""  # the line key under which the store counts a host's pages in one language


def template_host(url: str | None) -> str | None:
    """The host whose template applies to a page at this URL (lower case, no `www.`, with a port that is
    not the default); None for a saved file or no URL, whose site is unknown."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.removeprefix("www.")
    return f"{host}:{parts.port}" if parts.port and parts.port not in (80, 443) else host


def line_key(line: str) -> str:
    """What identifies a line across pages: its words (case, punctuation and spacing aside), hashed; the
    key of a sentence says so."""
    tokens = words(line)
    digest = hashlib.blake2b(" ".join(tokens).encode("utf-8"), digest_size=8).hexdigest()
    sentence = len(tokens) >= SENTENCE_WORDS and line.rstrip().endswith(_SENTENCE_END)
    return _SENTENCE + digest if sentence else digest


def page_lines(text: str) -> set[str]:
    """The keys of a stored text's lines (each counted once per page)."""
    return {key for _, key in _keyed(text) if key}


def _keyed(text: str) -> list[tuple[str, str | None]]:
    """Each paragraph of a text with its line key (None for one without words, which no page counts)."""
    return [(p, line_key(p) if words(p) else None) for p in paragraphs(text)]


@dataclass(frozen=True)
class Stripped:
    """A page's line keys and its text without the template lines `removed`, worked out ahead (by an
    import's worker, from its site's template as the store last had it): the store takes them as they are
    when its template now removes the same lines from the page."""

    lines: frozenset[str]
    removed: frozenset[str]
    text: str

    def under(self, template: set[str]) -> str | None:
        """The page's text without this template's lines, if it is the one worked out ahead; else None."""
        return self.text if self.lines & template == self.removed else None


def prepare(text: str, template: set[str]) -> Stripped:
    """A page's line keys and its text without the template's lines (`strip`), each paragraph keyed once."""
    keyed = _keyed(text)
    lines = frozenset(key for _, key in keyed if key)
    removed = lines & template
    return Stripped(lines, removed, _without(text, keyed, removed))


def min_count(pages: int) -> int | None:
    """The fewest of a host's `pages` pages (in one language) any line must be on to be its template;
    None while too few pages are known."""
    return max(MIN_PAGES, math.ceil(MIN_SHARE * pages)) if pages >= MIN_PAGES else None


def threshold(key: str, pages: int) -> int | None:
    """The fewest pages this line must be on to be template: min_count's, a sentence's stricter one."""
    if not key.startswith(_SENTENCE):
        return min_count(pages)
    return max(SENTENCE_PAGES, math.ceil(SENTENCE_SHARE * pages)) if pages >= SENTENCE_PAGES else None


def is_template(key: str, count: int, pages: int) -> bool:
    """Whether a line on `count` of a host's `pages` pages is its template."""
    least = threshold(key, pages)
    return least is not None and count >= least


def strip(text: str, template: set[str]) -> str:
    """The text without the lines of the template; the whole text when nothing else would be left (a page
    that is all template is still a record, and its words are all it has), and as it is when it holds no
    line of the template."""
    return _without(text, _keyed(text), template) if template else text


def _without(text: str, keyed: list[tuple[str, str | None]], template: set[str] | frozenset[str]) -> str:
    if not any(key in template for _, key in keyed):
        return text
    kept = [p for p, key in keyed if key not in template]
    return "\n\n".join(kept) if kept else text
