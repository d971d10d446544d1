"""Normalization of one page or text file: HTML or text, decoding, extraction, language, date."""

from __future__ import annotations

import re
from email.message import Message
from urllib.parse import urlsplit

from archive.errors import BadInput
from archive.models import Extracted
from archive.normalize import langid
from archive.normalize.clean import clean_text, strip_controls
from archive.normalize.encoding import decode_counted
from archive.normalize.extract import extract_html
from archive.sources import source_for
from archive.versions import lang_code

# Characters of a stored title: news titles run to 250; past this a "title" is a paragraph (or a whole file).
MAX_TITLE = 400
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
_TEXT_SUFFIXES = (".txt", ".text")
_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|h1)\b", re.IGNORECASE)


def normalize(
    raw: bytes, url: str | None = None, *, content_type: str | None = None, source: str | None = None
) -> Extracted:
    """What the archive stores for one page or text file. Raises BadInput("reason") for unusable input.

    The caller has bounded `raw` by the page limit (Settings.max_page_bytes) as it read it: an import by
    the file's size, a WARC reader by the payload it inflates, a crawl by what it downloads."""
    if not raw or not raw.strip():
        raise BadInput("empty input")
    mime, charset = _parse_content_type(content_type)
    text, replaced = decode_counted(raw, charset)
    text = strip_controls(text)
    if not text.strip():  # no-break spaces, ideographic spaces: still nothing but whitespace
        raise BadInput("empty input (only whitespace)")
    if _is_html(text, url, mime):
        extracted = extract_html(text, url, source_for(url, source))
    else:
        extracted = clean_text(text)
        extracted.url = url
    extracted.replaced = replaced
    # Character references (`&#27;`) can bring controls back through the HTML parser.
    extracted.title = extracted.title and strip_controls(extracted.title)
    extracted.text = strip_controls(extracted.text)
    extracted.title, extracted.text = bounded_title(extracted.title, extracted.text)
    if not any(ch.isalpha() for ch in extracted.text):
        raise BadInput("no extractable text")
    extracted.text_lang = langid.language_tag(f"{extracted.title or ''}\n{extracted.text}", extracted.lang)
    extracted.lang = extracted.lang or lang_code(extracted.text_lang)
    return extracted


def bounded_title(title: str | None, text: str) -> tuple[str | None, str]:
    """A title of at most MAX_TITLE characters: a longer one (a one-line text file of 9 MB) is cut at a word
    and marked with "…", the whole of it kept in the text (it leads the text if the text does not hold it)."""
    if not title or len(title) <= MAX_TITLE:
        return title, text
    cut = title.rfind(" ", MAX_TITLE // 2, MAX_TITLE)
    short = title[: cut if cut > 0 else MAX_TITLE - 1].rstrip() + "…"
    return short, text if title in text else f"{title}\n{text}".rstrip("\n")


def _parse_content_type(content_type: str | None) -> tuple[str | None, str | None]:
    """("text/html", "windows-1251") from "text/html; charset=windows-1251"."""
    if not content_type:
        return None, None
    mime = content_type.split(";")[0].strip().lower()
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return (mime if "/" in mime else None), (charset if isinstance(charset, str) else None)


def _is_html(text: str, url: str | None, mime: str | None) -> bool:
    """HTML by declared type, else by the URL's or file's suffix, else by sniffing the first characters."""
    if mime in _HTML_TYPES:
        return True
    if mime == "text/plain":
        return False
    path = urlsplit(url or "").path.lower()
    if path.endswith(_HTML_SUFFIXES):
        return True
    if path.endswith(_TEXT_SUFFIXES):
        return False
    return bool(_HTML_SNIFF.search(text[:1024]))
