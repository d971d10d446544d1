"""Reading one news list page: which links are stories, which are the list's other pages, and the title and
date each story's list item gives.

A story is found by the list's structure, not by a guessed URL shape, so a site that changes its URL scheme
still crawls. A link on the page is a story when
- its path matches the source's story pattern (the registry's preference: always a story), or, outside the
  page's navigation (nav, header, footer, aside, menus, pagers, language switchers, breadcrumbs):
- it lies under the list path (`{list}/{id}`, `{list}/view/{id}`, `{list}?id={id}`: same path, a query
  that is not the page parameter), or
- it sits in the repeating items of a list: links at the same tag path (`div/div/a` …) under the same
  container form a group, and a group whose items carry a date, or whose link texts read like headlines,
  is a list of stories.
A link back to the list path with nothing but the page parameter is another page of the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median
from urllib.parse import parse_qs, urljoin, urlsplit

import lxml.html

from archive.normalize.dates import parse_date
from archive.normalize.wordlists import CHROME_WORDS, SWITCHER_WORDS

# Class/id words of the page's chrome (a class is split at "-": "main-menu", "lang-switch"; BEM parts like
# "card__title" are not): links inside are never stories found by structure.
_CHROME_WORDS = CHROME_WORDS | SWITCHER_WORDS
_CHROME_TAGS = {"nav", "aside"}
# A header or footer (tag or class word) is chrome when it frames the page, not when it is part of an item
# (`<article><header><h2><a>…`, Bootstrap's `card-header`).
_FRAME_WORDS = {"header", "footer"}
_ITEM_TAGS = {"article", "section", "li", "main"}
_WORDS = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# A group of links is a list of stories when most items carry a date (and a title of 3+ words), or, undated,
# when there are 3+ items whose link texts read like headlines (5+ words; menus say "About", "Contacts").
_DATED_WORDS, _UNDATED_ITEMS, _UNDATED_WORDS = 3, 3, 5
# An item may hold a rubric or a "read more" link beside its title; an element holding more others is
# the list around the items, not one item.
_ITEM_OTHER_LINKS = 2


@dataclass
class Listed:
    """A story as the list shows it."""

    url: str
    title: str | None
    day: str | None  # ISO date the list item gives, if any


@dataclass
class ListPage:
    stories: list[Listed] = field(default_factory=list)  # in page order, one per URL
    pages: dict[int, str] = field(default_factory=dict)  # page number -> URL of the list's pages linked

    def next_page(self, page: int) -> tuple[int, str] | None:
        """The next page of the list after `page` that this page links to (the lowest number above it)."""
        later = [n for n in self.pages if n > page]
        return (min(later), self.pages[min(later)]) if later else None


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _in_chrome(a: lxml.html.HtmlElement) -> bool:
    for el in (a, *a.iterancestors()):
        names = f"{el.get('class') or ''} {el.get('id') or ''}".lower().split()
        words = {part for name in names for part in name.split("-")}
        if el.tag in _CHROME_TAGS or words & _CHROME_WORDS:
            return True
        if (el.tag in _FRAME_WORDS or words & _FRAME_WORDS) and not any(
            up.tag in _ITEM_TAGS for up in el.iterancestors()
        ):
            return True
    return False


def _tag_path(a: lxml.html.HtmlElement) -> tuple[str, ...]:
    return tuple(str(el.tag) for el in reversed([a, *a.iterancestors()]))


def _title(anchors: list[lxml.html.HtmlElement]) -> str | None:
    """The headline of a story's links: a heading inside one, else the longest link text."""
    for a in anchors:
        heading = next(iter(a.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6")), None)
        if heading is not None and _text(heading):
            return _text(heading)
    return max((_text(a) for a in anchors), key=len) or None


def _first_date(pieces: list[str | None]) -> str | None:
    for piece in pieces:
        if piece and _YEAR.search(piece):
            day = parse_date(" ".join(piece.split()))
            if day:
                return day
    return None


def _item_date(item: lxml.html.HtmlElement, anchors: list[lxml.html.HtmlElement]) -> str | None:
    """The date a list item states, preferably outside the story's link (a headline may name another day)."""
    inside = {t for a in anchors for t in a.iter()}
    outside: list[str | None] = []
    for el in item.iter():
        if el not in inside:
            outside.append(el.text)
        if el.getparent() not in inside:
            outside.append(el.tail if el is not item else None)
    return _first_date(outside) or _first_date(list(item.itertext()))


class _Links:
    """The same-site links of a page by URL, and the URLs of the links under each element."""

    def __init__(self) -> None:
        self.anchors: dict[str, list[lxml.html.HtmlElement]] = {}
        self.under: dict[lxml.html.HtmlElement, set[str]] = {}

    def add(self, url: str, a: lxml.html.HtmlElement) -> None:
        self.anchors.setdefault(url, []).append(a)
        for el in (a, *a.iterancestors()):
            self.under.setdefault(el, set()).add(url)

    def container(self, url: str, alike: set[str]) -> lxml.html.HtmlElement | None:
        """The nearest ancestor of a link that holds another link of `alike`: the list its item belongs to."""
        el = self.anchors[url][0]
        while (parent := el.getparent()) is not None:
            if self.under[parent] & alike - {url}:
                return parent
            el = parent
        return None

    def item(self, url: str, group: set[str]) -> lxml.html.HtmlElement:
        """The list item of a story link: its largest ancestor holding no other link of its group, and no
        more than a couple of other links."""
        el = self.anchors[url][0]
        while (parent := el.getparent()) is not None:
            others = self.under[parent] - {url}
            if others & group or len(others) > _ITEM_OTHER_LINKS:
                break
            el = parent
        return el


def read_list(
    html: str, page_url: str, list_url: str, page_param: str, story_re: re.Pattern[str] | None = None
) -> ListPage:
    """The stories and the other list pages a list page links to."""
    tree = lxml.html.fromstring(html or "<html></html>", base_url=page_url)
    for junk in tree.xpath("//script|//style|//noscript|//template"):
        junk.drop_tree()
    site = urlsplit(page_url).netloc
    list_path = urlsplit(list_url).path.rstrip("/")
    out = ListPage()
    links = _Links()
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(page_url, href).split("#")[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != site:
            continue
        if parts.path.rstrip("/") == list_path and set(parse_qs(parts.query)) <= {page_param}:
            number = parse_qs(parts.query).get(page_param, ["1"])[0]  # the list itself, or one of its pages
            out.pages.setdefault(int(number) if number.isdigit() else 1, url)
        elif url != page_url:
            links.add(url, a)

    stories: set[str] = set()
    by_path: dict[tuple[str, ...], set[str]] = {}
    for url, anchors in links.anchors.items():
        path = urlsplit(url).path
        free = [a for a in anchors if not _in_chrome(a)]
        if story_re is not None and story_re.match(path):
            stories.add(url)  # the source's own story shape: the preference
        elif free and (path.startswith(list_path + "/") or path.rstrip("/") == list_path):
            stories.add(url)  # under the list path, or the list path with a story's query (`?id=`)
        elif free:
            by_path.setdefault(_tag_path(free[0]), set()).add(url)
    # the repeating items of one list: links at the same tag path under the same container (two lists of
    # the same markup, e.g. headlines and a list of sections, are two groups)
    groups: dict[tuple[tuple[str, ...], object], set[str]] = {}
    for path, alike in by_path.items():
        for url in alike:
            groups.setdefault((path, links.container(url, alike)), set()).add(url)
    for group in groups.values():
        words = median(len(_WORDS.findall(_title(links.anchors[u]) or "")) for u in group)
        dated = sum(_item_date(links.item(u, group), links.anchors[u]) is not None for u in group)
        if (dated * 2 >= len(group) and words >= _DATED_WORDS) or (
            len(group) >= _UNDATED_ITEMS and words >= _UNDATED_WORDS
        ):
            stories |= group
    for url, anchors in links.anchors.items():  # page order
        if url in stories:
            day = _item_date(links.item(url, stories), anchors)
            out.stories.append(Listed(url, _title(anchors), day))
    return out
