"""Words in inline markup: the separator the rendering shows between inline elements that stand apart, and
inline formatting merged into its block's text before the body is read.

A deputy's name laid out as `<span class="surname">Әбдіров</span><span class="name">Нұрлан</span>` is
three words on screen (each span its own box, by its class) and one word in the page's text; a heading
with a `<br>` is two lines on screen and one word in its text. A word that markup only styles is one
word: `<b>Сенат</b>тың` is "Сенаттың", never "Сенат тың" nor two lines.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

# Elements that lay text out inline (a link, a span, a styled word).
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo big cite code dfn em font i kbd label mark q s samp small span strike strong sub sup"
    " time tt u var".split()
)
# Of those, the ones that only style their words: merged into the surrounding text before the body is read
# (a link stays a link: link density tells menus from prose).
_STYLE_TAGS = INLINE_TAGS - {"a", "time"}
_AFTER = ".,;:!?)»”"  # a word may end with these and the next one still begins right after: "С.Б.Жумабаева"


def separate_inline(tree: lxml.html.HtmlElement) -> None:
    """Put a space where the rendering shows one that the text lacks: between two adjacent inline elements
    that are boxes of their own (each with a class, an id or a style; links to different pages), and after
    every `<br>` (its line break is no character of the text)."""
    for el in tree.iter(*INLINE_TAGS):
        after = el.getnext()
        if el.tail or after is None or after.tag not in INLINE_TAGS or not _apart(el, after):
            continue
        last, first = _last_char(el), _first_char(after)
        if last and first and (last.isalnum() or last in _AFTER) and first.isalnum():
            el.tail = " "
    for br in tree.iter("br"):
        if not (br.tail or "")[:1].isspace():
            br.tail = " " + (br.tail or "")


def merge_styles(root: etree._Element) -> None:
    """Merge styling elements without a class or id into their parent's text (`<b>Сенат</b>тың` becomes
    the text "Сенаттың"), and links inside a sentence, so that no reader of the body breaks a word there."""
    for el in list(root.iter(*INLINE_TAGS)):
        if el.getparent() is None or el.get("class") or el.get("id"):
            continue
        if el.tag in _STYLE_TAGS or (el.tag == "a" and _inside_sentence(el)):
            el.drop_tag()


def _apart(el: etree._Element, after: etree._Element) -> bool:
    if el.tag == "a" and after.tag == "a":
        return el.get("href") != after.get("href")
    return all(e.get("class") or e.get("id") or e.get("style") for e in (el, after))


def _inside_sentence(link: etree._Element) -> bool:
    """A link with words of its block's own text around it (not a link among links)."""
    parent = link.getparent()
    around = (parent.text or "") + "".join(
        (child.tail or "") + ("" if child.tag == "a" else child.text_content()) for child in parent
    )
    return any(ch.isalpha() for ch in around)


def _last_char(el: etree._Element) -> str:
    text = el.text_content() if isinstance(el, lxml.html.HtmlElement) else ""
    return text[-1:] if text and not text[-1].isspace() else ""


def _first_char(el: etree._Element) -> str:
    text = el.text_content() if isinstance(el, lxml.html.HtmlElement) else ""
    return text[:1] if text and not text[0].isspace() else ""
