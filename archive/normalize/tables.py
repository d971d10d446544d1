"""Tables of a page: a layout table (the page laid out in cells) is no text; a data table (a budget, a vote)
is kept as rows a reader can read.

Old government pages lay out everything in `<table>`s: the header with its logo, name and language switch,
the menu, the breadcrumb and the footer are cells, the story is another. A table that is not a data table
is layout: its cells that are only links, an image or a language switch are dropped; a table, or a row of
two cells or more, that holds nothing but such cells and one-line labels ("© 2024 …", an address) is
dropped whole; what is left becomes plain blocks, so that no cell separator reaches the text. A data
table is a grid of short cells, mostly not links, after the story's title; each of its rows becomes one
paragraph, its cells joined by CELL_SEPARATOR.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from archive.normalize.dom import remove
from archive.normalize.dom import text as _text
from archive.normalize.wordlists import LANGUAGE_SWITCH_LABELS

CELL_SEPARATOR = " | "
_PARTS = ("thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col")
_BLOCK_TAGS = ("p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre")
# What a data table's cell never holds (a <p> it may: tables pasted from a word processor have one per cell).
_NOT_IN_DATA = ("table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre")
_SEPARATORS = re.compile(r"[\s|/·•»›>→«‹<←:;,.–—-]+")
# A one-line label in a layout cell ("© 2024 Сенат …", an address, a phone); a sentence is longer.
_LABEL_MAX = 80
_CELL_MAX = 200  # a data table's cell is a figure or a name, never a paragraph
_LINK_SHARE = 1 / 3  # at most this share of a data table's cells are links (a menu is all links)


def settle_tables(tree: lxml.html.HtmlElement, title_el: etree._Element | None) -> None:
    """Rewrite every table of the tree in place: data tables as paragraphs of rows, layout tables as blocks
    without their chrome. The table, row or cell that holds the title is never dropped."""
    keep = set() if title_el is None else {title_el, *title_el.iterancestors()}
    order = {el: i for i, el in enumerate(tree.iter())}
    start = order.get(title_el, -1)
    # innermost first: a header table inside the page's layout table is judged before the table around it
    for table in sorted(tree.iter("table"), key=order.__getitem__, reverse=True):
        if table.getparent() is None:
            continue
        rows = _rows(table)
        if table not in keep and order[table] > start and _is_data(rows):
            _as_paragraphs(table, rows)
        else:
            _open_layout(table, rows, keep)


def _rows(table: etree._Element) -> list[list[etree._Element]]:
    """The table's own rows (not those of tables inside it), each as its cells."""
    rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
    return [[cell for cell in tr if cell.tag in ("td", "th")] for tr in rows]


def _owner(el: etree._Element) -> etree._Element | None:
    return next(el.iterancestors("table"), None)


def _is_data(rows: list[list[etree._Element]]) -> bool:
    """A grid (two rows of two cells or more, most rows so) of short cells without blocks, mostly not links."""
    wide = [row for row in rows if len(row) >= 2]
    if len(wide) < 2 or len(wide) * 2 < len(rows):
        return False
    cells = [cell for row in rows for cell in row if _text(cell)]
    if not cells or any(
        len(_text(c)) > _CELL_MAX or next(c.iter(*_NOT_IN_DATA), None) is not None for c in cells
    ):
        return False
    return sum(_is_links(c) for c in cells) <= _LINK_SHARE * len(cells)


def _as_paragraphs(table: etree._Element, rows: list[list[etree._Element]]) -> None:
    """Replace the table with a block holding a paragraph per row: its caption, then its cells' text."""
    block = table.makeelement("div", {})
    caption = next((c for c in table.iter("caption") if _owner(c) is table), None)
    lines = [_text(caption)] if caption is not None else []
    lines += [CELL_SEPARATOR.join(_text(cell) for cell in row) for row in rows if any(map(_text, row))]
    for line in lines:
        paragraph = block.makeelement("p", {})
        paragraph.text = line
        block.append(paragraph)
    block.tail = table.tail
    table.getparent().replace(table, block)


def _open_layout(table: etree._Element, rows: list[list[etree._Element]], keep: set) -> None:
    """Drop a layout table's chrome (whole, or by row, or by cell) and turn the rest into blocks."""
    cells = [cell for row in rows for cell in row]
    if table not in keep and all(_is_chrome(c) or _is_label(c) for c in cells):
        remove([table])
        return
    for row in rows:
        tr = row[0].getparent() if row else None
        if (
            tr is not None
            and tr not in keep
            and len(row) >= 2
            and all(_is_chrome(c) or _is_label(c) for c in row)
        ):
            remove([tr])
            continue
        for cell in row:
            if cell not in keep and _is_chrome(cell):
                remove([cell])
    for el in [table, *[el for el in table.iter(*_PARTS) if _owner(el) is table]]:
        if el.tag not in ("td", "th"):
            el.tag = "div"
        elif next(el.iter(*_BLOCK_TAGS), None) is None:
            el.tag = "p"  # a cell of text alone (a row per paragraph, as old pages have it) is a paragraph
        else:
            el.tag = "div"
            _lines_as_paragraphs(el)


def _lines_as_paragraphs(cell: etree._Element) -> None:
    """A cell of text lines (between <br>s) and blocks mixed: each line becomes a paragraph of its own (a
    reader of the page that prefers paragraphs would otherwise pass over the loose text: the story)."""
    items: list[str | etree._Element | None] = [cell.text]
    for child in cell:
        items += [child, child.tail]
        child.tail = None
    if not any(isinstance(item, str) and item.strip() for item in items):
        return
    cell.text = None
    for child in list(cell):
        cell.remove(child)
    paragraph = None
    for item in items:
        if item is None or (isinstance(item, str) and not item.strip() and paragraph is None):
            continue
        if isinstance(item, str) or item.tag not in (*_BLOCK_TAGS, "br"):
            if paragraph is None:
                paragraph = cell.makeelement("p", {})
                cell.append(paragraph)
            if isinstance(item, str) and len(paragraph):
                paragraph[-1].tail = (paragraph[-1].tail or "") + item
            elif isinstance(item, str):
                paragraph.text = (paragraph.text or "") + item
            else:
                paragraph.append(item)
            continue
        if item.tag != "br":
            cell.append(item)
        paragraph = None


def _is_chrome(cell: etree._Element) -> bool:
    """A cell of page chrome: no text (a logo, a banner, a spacer), only links (a menu, a breadcrumb), or a
    language switch (its labels, linked or not)."""
    text = _text(cell)
    if not _SEPARATORS.sub("", text):
        return True
    words = {w.casefold() for w in _SEPARATORS.split(text) if w}
    return words <= LANGUAGE_SWITCH_LABELS or _is_links(cell)


def _is_links(cell: etree._Element) -> bool:
    """Only links: the cell's words all belong to its <a> elements."""
    links = "".join(a.text_content() for a in cell.iter("a"))
    if not _SEPARATORS.sub("", links):
        return False
    return len(_SEPARATORS.sub("", _text(cell))) == len(_SEPARATORS.sub("", links))


def _is_label(cell: etree._Element) -> bool:
    """One short line that is no sentence: the site's name, "© 2024 …", an address, a phone number."""
    text = _text(cell)
    if len(text) > _LABEL_MAX or cell.find(".//br") is not None:
        return False
    return text.startswith("©") or not text.endswith((".", "!", "?", "…"))
