"""Page chrome found by its structure rather than by its words or class names: blocks that carry the story's
title outside the story (a strip or slider repeating it, a box of links to stories that lists it first, a
trail of links ending in it) and trails of short links joined by separators (a breadcrumb, a menu).

Such a block is not boilerplate by its words alone, since it holds the story's own title; what gives it
away is what it holds besides: links to other pages, dates, a label, separators, and no sentence.
"""

from __future__ import annotations

import re

from lxml import etree

from archive.normalize.clean import is_leftover, without_title
from archive.normalize.dom import remove
from archive.normalize.dom import text as _text

# Elements that may hold a block of chrome (the story's own lineage is never one).
_BLOCKS = (
    "div", "p", "td", "th", "li", "ul", "ol", "dl", "dd", "dt", "section", "header", "center", "marquee",
    "span", "b", "strong", "font", "small", "a", "h2", "h3", "h4", "h5", "h6", "table", "tr",
)  # fmt: skip
_CRUMB_MAX = 60  # a crumb or a menu item; a link that is a sentence is longer
_TRAIL = re.compile(r"^[\s»›>/→|·•«‹<←–—-]*$")
_TRAIL_MARK = re.compile(r"[»›>/→|·•]")


def drop_title_chrome(root: etree._Element, title_el: etree._Element | None, title: str | None) -> None:
    """Remove, outside the title's element and its ancestors, each outermost block that carries the title
    with nothing else but links, dates and a label, and each trail of two short links or more joined by
    separators."""
    keep = set() if title_el is None else {title_el, *title_el.iterancestors()}
    doomed = []
    for el in root.iter(*_BLOCKS):
        if el in keep or (title_el is not None and _inside(el, title_el)):
            continue
        text = _text(el)
        if text and (_carries_title(el, text, title) or _is_trail(el, text)):
            doomed.append(el)
    doomed_set = set(doomed)
    for el in doomed:
        if el.getparent() is not None and not any(a in doomed_set for a in el.iterancestors()):
            remove([el])


def _carries_title(el: etree._Element, text: str, title: str | None) -> bool:
    rest = without_title(text, title)
    if rest is None:
        return False
    for link in _link_texts(el):
        rest = rest.replace(link.casefold(), " ", 1)
    return is_leftover(rest)


def _is_trail(el: etree._Element, text: str) -> bool:
    """Two short links or more, and between them only separators, one of them at least ("A » B", "A | B")."""
    links = _link_texts(el)
    if len(links) < 2 or any(len(link) > _CRUMB_MAX for link in links):
        return False
    rest = text
    for link in links:
        rest = rest.replace(link, " ", 1)
    return bool(_TRAIL.match(rest) and _TRAIL_MARK.search(rest))


def _link_texts(el: etree._Element) -> list[str]:
    return [t for t in (_text(a) for a in el.iter("a")) if t]


def _inside(el: etree._Element, container: etree._Element) -> bool:
    return any(a is container for a in el.iterancestors())
