"""What every reader of a parsed page asks of its elements: their text as a reader sees it, and removal."""

from __future__ import annotations

from collections.abc import Iterable

import lxml.html
from lxml import etree


def text(el: etree._Element) -> str:
    """An element's text, its white space collapsed ("" for a comment or a processing instruction)."""
    return " ".join(el.text_content().split()) if isinstance(el, lxml.html.HtmlElement) else ""


def remove(elements: Iterable[etree._Element]) -> None:
    """Take these elements out of their tree with what they hold (the text after each stays)."""
    for el in list(elements):
        parent = el.getparent()
        if parent is not None:
            el.drop_tree() if isinstance(el, lxml.html.HtmlElement) else parent.remove(el)
