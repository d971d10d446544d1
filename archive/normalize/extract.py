"""Extraction from one HTML page: title, date, body paragraphs, language versions, canonical URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import deepcopy
from html.parser import HTMLParser
from itertools import chain, islice
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree

from archive.models import Extracted
from archive.normalize.chrome import drop_title_chrome
from archive.normalize.clean import (
    clean_paragraphs,
    drop_navigation,
    is_meta_line,
    is_navigation,
    split_paragraphs,
)
from archive.normalize.dates import find_date, is_date_line, parse_date
from archive.normalize.dom import remove as _remove
from archive.normalize.dom import select as _select
from archive.normalize.dom import text as _text
from archive.normalize.inline import merge_styles, separate_inline
from archive.normalize.tables import settle_tables
from archive.normalize.wordlists import (
    CHROME_WORDS,
    DATE_CLASSES,
    DATE_META,
    SITE_CLASSES,
    STORY_CHROME_WORDS,
    TITLE_CLASSES,
)
from archive.sources import Source
from archive.versions import is_home, lang_code, split_lang

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")  # lxml refuses them
_TITLE_SEPARATORS = re.compile(r"\s+[|–—•:»/-]{1,2}\s+")
# Parts of class/id names of page chrome: menus, breadcrumbs, sliders, share widgets, related lists.
_CHROME_PARTS = CHROME_WORDS | STORY_CHROME_WORDS
_CHROME_TAGS = {"nav", "footer", "aside", "form", "script", "style", "noscript", "iframe", "template"}
_KEEP_TAGS = {"html", "body", "main", "article"}
_DATE_CLASS = re.compile(DATE_CLASSES, re.IGNORECASE)
# Elements that end a paragraph of text (a figure's caption, a definition list's term and description).
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article main blockquote pre header footer address"
    " dt dd figure figcaption".split()
)
_SKIPPED_TAGS = frozenset({"head", "script", "style", "noscript", "template", "title"})
_TITLE_CLASS = re.compile(TITLE_CLASSES, re.IGNORECASE)
_SITE_CLASS = re.compile(SITE_CLASSES, re.IGNORECASE)
_TITLE_CHARS = (8, 300)  # a title without markup to say so: longer than a label, shorter than a paragraph
_DATE_NEIGHBOURS = 3  # blocks before and after the title's (and its parents') where its date may stand
_MIN_BODY_CHARS = 40  # less than this from trafilatura: read the article block ourselves
_TITLE_SCOPE_DEPTH = 4  # how far up from the title a date is looked for


def extract_html(html: str, url: str | None, hints: Source | None) -> Extracted:
    """What one HTML page holds; `hints` (selectors of a known source) win over generic rules."""
    tree = _parse(html)
    if tree is None:
        return Extracted(url=url)
    for selector in hints.drop_css if hints else ():
        _remove(_select(tree, selector))
    separate_inline(tree)
    base = _base_url(tree, url)
    page_url = _canonical(tree, base) or url
    page_lang = _declared_lang(tree, base, url, page_url)
    alternates = _alternates(tree, base if _is_web(base) else page_url, page_url)
    site = _site_names(tree)
    title_el, title = _title(tree, hints, site)
    date = _structured_date(tree, hints, title_el, page_lang) or _date_near(title_el, page_lang)
    paragraphs = [
        p for p in drop_navigation(_body(tree, hints, title_el, title, page_url)) if p.casefold() not in site
    ]
    body, source_line = clean_paragraphs(paragraphs, title)
    if not body:  # a tree cut short by its nesting depth: read the text as a tag stream
        paragraphs = drop_navigation(_flat_paragraphs(html))
        body, source_line = clean_paragraphs(paragraphs, title)
    date = date or find_date("\n".join(paragraphs), page_lang) or _htmldate(tree, page_url)
    return Extracted(
        title=title,
        date=date,
        lang=page_lang,
        text="\n\n".join(body),
        alternates=alternates,
        url=page_url,
        source_line=source_line,
    )


def _parse(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(_NOT_XML_CHARS.sub("", _XML_DECLARATION.sub("", html)))
    except (etree.ParserError, ValueError):
        return None


class _FlatText(HTMLParser):
    """A page's text in document order, a paragraph per block element, read as a stream of tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0  # depth inside <script>, <style>, <head> …: not text a reader sees

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _flat_paragraphs(html: str) -> list[str]:
    """The fallback when the tree yields no body: libxml2 keeps 256 levels of nesting (100,000 nested
    <div>s come out empty, and trafilatura finds nothing), while a tag stream has no depth at all."""
    reader = _FlatText()
    reader.feed(html)  # no close(): it would hand over an unfinished tail ("<!--") as text
    return split_paragraphs("".join(reader.parts))


def _meta(tree: lxml.html.HtmlElement, *names: str) -> str | None:
    """The content of the first <meta property|name|itemprop=…> among names (case-insensitive)."""
    wanted = {name.lower() for name in names}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if key in wanted and content:
            return content
    return None


# --- URLs: base, canonical, language versions -------------------------------------------------------


def _absolute(base: str | None, href: str | None) -> str | None:
    """An absolute http(s) URL without fragment, or None."""
    if not href or not href.strip():
        return None
    joined = urljoin(base or "", href.strip())
    parts = urlsplit(joined)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return parts._replace(fragment="").geturl()


def _site_path(href: str | None) -> str | None:
    """A root-relative link ("/kk/news/details/7301") as its path and query, or None."""
    parts = urlsplit((href or "").strip())
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts._replace(fragment="").geturl()


def _is_web(url: str | None) -> bool:
    return urlsplit(url or "").scheme in ("http", "https")


def _base_url(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    base = next((b.get("href") for b in tree.iter("base") if b.get("href")), None)
    return _absolute(url, base) or url


def _canonical(tree: lxml.html.HtmlElement, base: str | None) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            found = _absolute(base, link.get("href"))
            if found:
                return found
    return _absolute(base, _meta(tree, "og:url"))


def _alternates(tree: lxml.html.HtmlElement, base: str | None, page_url: str | None) -> dict[str, str]:
    """{lang: absolute URL} of the same story in other languages: hreflang links and language switchers.

    A page saved from a browser has no site to resolve `/kk/news/details/7301` against: such a link is
    reported as the path it names (the store pairs the saved versions by it)."""
    _lang, own_key = split_lang(page_url)
    page_is_home = own_key is not None and is_home(own_key)
    found: dict[str, str] = {}
    for link in tree.iter("link"):
        if "alternate" not in (link.get("rel") or "").lower().split():
            continue
        href = _absolute(base, link.get("href")) or (None if _is_web(base) else _site_path(link.get("href")))
        lang = lang_code(link.get("hreflang"))
        key = split_lang(href)[1]
        if lang and key and (page_is_home or not is_home(key)):
            found.setdefault(lang, href)
    # A link to this story's other version holds its key's last path segment (/ru/news/7301 -> "7301"),
    # or is a query alone ("?lang=ru"): the others are not resolved at all (a page has hundreds of links).
    tail = next((s for s in reversed(urlsplit(own_key or "").path.split("/")) if s), "")
    for anchor in tree.iter("a") if own_key else ():
        raw = anchor.get("href") or ""
        if tail not in raw and not raw.lstrip().startswith("?"):
            continue
        href = _absolute(base, raw)
        url_lang, key = split_lang(href)
        lang = lang_code(anchor.get("hreflang") or anchor.get("lang")) or url_lang
        if lang and key == own_key:
            found.setdefault(lang, href)
    return {lang: href for lang, href in found.items() if href != page_url}


def _declared_lang(
    tree: lxml.html.HtmlElement, base: str | None, url: str | None, page_url: str | None
) -> str | None:
    """The language the page declares, which is its version slot: the language in its URL (as fetched,
    else its canonical URL's), else the hreflang of the alternate link that names the page itself, else
    its <html lang>. A /kk/ page that shows Russian text is the Kazakh version (its text_lang says ru)."""
    for address in (url, page_url):
        lang = split_lang(address)[0]
        if lang:
            return lang
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "alternate" in rel and _absolute(base, link.get("href")) in {url, page_url} - {None}:
            lang = lang_code(link.get("hreflang"))
            if lang:
                return lang
    return lang_code(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang"))


# --- title --------------------------------------------------------------------------------------------


def _title(
    tree: lxml.html.HtmlElement, hints: Source | None, site: set[str]
) -> tuple[etree._Element | None, str | None]:
    """The story title and its element: hints, else the <h1> that og:title/<title> confirm, else the best."""
    for selector in hints.title_css if hints else ():
        for el in _select(tree, selector):
            if _text(el) and not _in_chrome(el):
                return el, _text(el)
    og_title = _meta(tree, "og:title", "twitter:title")
    head_title = _head_title(tree)
    head_parts = _title_parts(head_title) if head_title else []
    known = {part.casefold(): part for part in head_parts + (_title_parts(og_title) if og_title else [])}
    headings = [h for h in tree.iter("h1") if _text(h) and not _in_chrome(h)]
    for heading in headings:
        named = known.get(_text(heading).casefold())
        if named and _text(heading).isupper():
            # a "TITLE" banner: the title as named, and the story's own heading showing it (where the
            # story's date is), if the page has one
            own = next((h for h in _headings_showing(tree, named) if _text(h) == named), None)
            return (own if own is not None else heading), named
        if named:
            return heading, _text(heading)
    in_article = [h for h in headings if any(a.tag in ("article", "main") for a in h.iterancestors())]
    if in_article:
        return in_article[0], _text(in_article[0])
    if og_title:
        title = _title_parts(og_title)[0]
        return _heading_with_text(tree, title), title
    if headings:
        return headings[0], _text(headings[0])
    for part in head_parts[1:]:  # "Site name - Story": the part that a heading on the page repeats
        heading = _heading_with_text(tree, part)
        if heading is not None:
            return heading, part
    evident = _evident_title(tree, site, known)
    if evident is not None:
        return evident, _text(evident)
    story = [part for part in head_parts[1:] if part.casefold() not in site and not is_navigation(part)]
    return None, (story[0] if story else head_title)


def _head_title(tree: lxml.html.HtmlElement) -> str | None:
    return next((_text(t) for t in tree.iter("title") if _text(t)), None)


def _site_names(tree: lxml.html.HtmlElement) -> set[str]:
    """What names the site rather than the story (casefolded): its logo's text and image, og:site_name,
    and the rest of a <title> that names a section ("Site name - Новости")."""
    names = {(_meta(tree, "og:site_name", "application-name") or "").casefold()}
    head = " ".join((_head_title(tree) or "").split())
    *others, last = _TITLE_SEPARATORS.split(head)
    if others and is_navigation(last):  # "Site name - Новости"; in "Новости - Story" the story stays
        names.update(part.casefold() for part in [head, *others])
    for el in tree.iter():
        if isinstance(el.tag, str) and _SITE_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            names.add(_text(el).casefold())
            names.update((img.get("alt") or "").strip().casefold() for img in el.iter("img"))
    for link in tree.iter("a"):  # a link to the site's root is its logo or its name ("Главная" is navigation)
        if _is_root(link.get("href")):
            names.add(_text(link).casefold())
            names.update((img.get("alt") or "").strip().casefold() for img in link.iter("img"))
    return names - {""}


def _is_root(href: str | None) -> bool:
    """A link to a site's root or a language's root ("/", "/kk/", "https://site.kz/ru/index.php")."""
    if len([s for s in urlsplit((href or "").strip()).path.split("/") if s]) > 2:
        return False  # cheaply ruled out: a story's link, most of a page's links
    _lang, key = split_lang(href if _site_path(href) or _is_web(href) else None)
    return key is not None and not [
        s for s in urlsplit(key).path.split("/") if s and not s.startswith("index.")
    ]


def _evident_title(
    tree: lxml.html.HtmlElement, site: set[str], known: dict[str, str]
) -> etree._Element | None:
    """A page without <h1> or metadata: its title is a lower heading, an element classed as a title
    (`div.newstitle`), or a bold line alone in its block, outside page chrome and never the site's name;
    the one that <title> or og:title repeats if any, else the first."""
    found = []
    for el in tree.iter("h2", "h3", "h4", "div", "span", "p", "td", "dt", "b", "strong"):
        named = _TITLE_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")
        bold = el.tag in ("b", "strong") and el.getparent() is not None
        if not (el.tag in ("h2", "h3", "h4") or named or bold):
            continue
        text = _text(el)
        if bold and not named and _text(el.getparent()) != text and not _alone_on_its_line(el):
            continue  # bold words inside a sentence
        if (
            _TITLE_CHARS[0] <= len(text) <= _TITLE_CHARS[1]
            and text.casefold() not in site
            and not is_navigation(text)
            and not is_date_line(text)
            and not _in_chrome(el)
        ):
            found.append(el)
    return next((el for el in found if _text(el).casefold() in known), found[0] if found else None)


def _alone_on_its_line(el: etree._Element) -> bool:
    """Nothing but line breaks before and after the element in its block (an old cell's "<b>Title</b><br>")."""
    before, after = el.getprevious(), el.getnext()
    if before is None:
        starts = not (el.getparent().text or "").strip()
    else:
        starts = before.tag == "br" and not (before.tail or "").strip()
    return starts and not (el.tail or "").strip() and (after is None or after.tag == "br")


def _headings_showing(tree: lxml.html.HtmlElement, title: str) -> Iterator[etree._Element]:
    """The headings outside page chrome that show this title, in any case."""
    wanted = title.casefold()
    return (
        h for h in tree.iter("h1", "h2", "h3", "h4") if _text(h).casefold() == wanted and not _in_chrome(h)
    )


def _heading_with_text(tree: lxml.html.HtmlElement, title: str) -> etree._Element | None:
    """The heading outside page chrome that shows exactly this title (where the story's date is near)."""
    return next(_headings_showing(tree, title), None)


def _title_parts(text: str) -> list[str]:
    """ "Story | Site name" -> ["Story | Site name", "Story", "Site name"] (whole first, then the parts)."""
    text = " ".join(text.split())
    parts = [p for p in _TITLE_SEPARATORS.split(text) if p]
    return [text] + sorted(parts, key=len, reverse=True) if len(parts) > 1 else [text]


def _chrome_tokens(el: etree._Element) -> set[str]:
    names = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}".lower()
    return set(re.split(r"[^a-z]+", names)) & _CHROME_PARTS


def _in_chrome(el: etree._Element) -> bool:
    """Inside a menu, site header, footer, slider, breadcrumb … (an article's own <header> is not chrome)."""
    lineage = [el, *el.iterancestors()]
    if any(a.tag in ("article", "main") for a in lineage):
        lineage = lineage[: next(i for i, a in enumerate(lineage) if a.tag in ("article", "main"))]
    return any(a.tag in ("header", "nav", "footer", "aside") or _chrome_tokens(a) for a in lineage)


# --- date ---------------------------------------------------------------------------------------------


def _structured_date(
    tree: lxml.html.HtmlElement, hints: Source | None, title_el: etree._Element | None, lang: str | None
) -> str | None:
    """A date the markup states: hinted element, meta tags, or a <time>/"date" element near the title."""
    for selector in hints.date_css if hints else ():
        for el in _select(tree, selector):
            found = _element_date(el, lang)
            if found:
                return found
    found = parse_date(_meta(tree, *DATE_META) or "", lang)
    if found:
        return found
    for scope in _date_scopes(tree, title_el):
        for el in scope.iter():
            if isinstance(el.tag, str) and (el.tag == "time" or _DATE_CLASS.search(el.get("class") or "")):
                found = _element_date(el, lang)
                if found:
                    return found
    return None


def _date_near(title_el: etree._Element | None, lang: str | None) -> str | None:
    """A date line in a block just before or after the title's, or its parent's, or grandparent's
    ("22 ноября 2023 г." in a <div>, a <dd>, the next <p>), for pages whose markup names no date."""
    block = title_el
    for _level in range(3):
        if block is None or block.tag in ("body", "html"):
            return None
        after = islice(block.itersiblings(), _DATE_NEIGHBOURS)
        before = islice(block.itersiblings(preceding=True), _DATE_NEIGHBOURS)
        for sibling in chain(after, before):
            text = _text(sibling)
            if is_date_line(text) or is_meta_line(text):  # "16.05.2024 Просмотров: 610" is a date line too
                return parse_date(text, lang)
        block = block.getparent()
    return None


def _date_scopes(tree: lxml.html.HtmlElement, title_el: etree._Element | None) -> Iterator[etree._Element]:
    """Where the story's own date is: around the title (nearest first), then the article."""
    if title_el is not None:
        ancestors = [a for a in title_el.iterancestors() if a.tag not in ("body", "html")]
        yield from ancestors[:_TITLE_SCOPE_DEPTH]
    yield from (el for el in tree.iter("article", "main"))


def _element_date(el: etree._Element, lang: str | None) -> str | None:
    for attr in ("datetime", "content"):
        found = parse_date(el.get(attr) or "", lang)
        if found:
            return found
    text = _text(el)
    return parse_date(text, lang) if len(text) <= 80 else None


def _htmldate(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    """Last resort: htmldate's quick search (JSON-LD, other meta forms, a date in the URL)."""
    from htmldate import find_date as htmldate_find

    try:
        found = htmldate_find(deepcopy(tree), url=url, extensive_search=False, min_date="1990-01-01")
    except ValueError:
        return None
    return parse_date(found) if found else None


# --- body ---------------------------------------------------------------------------------------------


def _body(
    tree: lxml.html.HtmlElement,
    hints: Source | None,
    title_el: etree._Element | None,
    title: str | None,
    url: str | None,
) -> list[str]:
    """Body paragraphs: the hinted block, else trafilatura on the page without chrome, else the article.
    Tables first become blocks or rows of text (archive.normalize.tables), in either case."""
    settle_tables(tree, title_el)
    for selector in hints.body_css if hints else ():
        for el in _select(tree, selector):
            paragraphs = _block_paragraphs(el)
            if paragraphs:
                return paragraphs
    _drop_chrome(tree, title_el)
    drop_title_chrome(tree, title_el, title)
    merge_styles(tree)
    text = trafilatura.extract(
        tree, url=url, include_comments=False, include_tables=True, deduplicate=False, with_metadata=False
    )
    paragraphs = split_paragraphs(text or "")
    root = next(tree.iter("article", "main"), None)
    if root is not None and len(paragraphs) == 1:
        # trafilatura's rescue of a short extraction: the text of the whole <article> on one line
        own = _block_paragraphs(root)
        if len(own) > 1 and " ".join(own) == paragraphs[0]:
            return own
    if sum(map(len, paragraphs)) >= _MIN_BODY_CHARS:
        return paragraphs
    return _block_paragraphs(root if root is not None else tree)


def _drop_chrome(tree: lxml.html.HtmlElement, title_el: etree._Element | None) -> None:
    """Remove menus, headers, footers, sliders, share widgets and related lists (never the story itself)."""
    keep = set() if title_el is None else {title_el, *title_el.iterancestors()}
    doomed = [
        el
        for el in tree.iter()
        if isinstance(el.tag, str) and el not in keep and el.tag not in _KEEP_TAGS and _is_chrome(el)
    ]
    doomed_set = set(doomed)
    _remove(el for el in doomed if not any(a in doomed_set for a in el.iterancestors()))


def _is_chrome(el: etree._Element) -> bool:
    if el.tag in _CHROME_TAGS:
        return True
    if el.tag == "header":
        return not any(a.tag == "article" for a in el.iterancestors())
    return bool(_chrome_tokens(el)) and next(el.iter("article", "main"), None) is None


def _block_paragraphs(el: etree._Element) -> list[str]:
    """Paragraphs of one element's text, a break at every block-level element."""
    block = deepcopy(el)
    _remove(block.iter("script", "style", "noscript", "template"))
    for node in block.iter():
        if isinstance(node.tag, str) and node.tag in _BLOCK_TAGS:
            node.tail = "\n\n" + _NOT_XML_CHARS.sub("", node.tail or "")  # "&#2;" parses to a control char
            node.text = "\n\n" + _NOT_XML_CHARS.sub("", node.text or "")
    return split_paragraphs(block.text_content() if isinstance(block, lxml.html.HtmlElement) else "")
