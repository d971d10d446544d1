"""What every reader of a parsed page asks of its elements: the ones a selector matches, their text as a
reader sees it, and removal."""

from __future__ import annotations

import functools
from collections.abc import Iterable

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector


def select(tree: etree._Element, selector: str) -> list[etree._Element]:
    """The elements under `tree` a CSS selector matches, as `tree.cssselect(selector)` finds them; each
    selector is translated to XPath once per process, not once per page (the translation cost more than
    the search)."""
    return _compiled(selector)(tree)


@functools.lru_cache(maxsize=1024)
def _compiled(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def text(el: etree._Element) -> str:
    """An element's text, its white space collapsed ("" for a comment or a processing instruction)."""
    return " ".join(el.text_content().split()) if isinstance(el, lxml.html.HtmlElement) else ""


def remove(elements: Iterable[etree._Element]) -> None:
    """Take these elements out of their tree with what they hold (the text after each stays)."""
    for el in list(elements):
        parent = el.getparent()
        if parent is not None:
            el.drop_tree() if isinstance(el, lxml.html.HtmlElement) else parent.remove(el)
