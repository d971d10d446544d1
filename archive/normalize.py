"""Normalization of one page or text file: HTML or text, decoding, extraction, language, date."""

from __future__ import annotations

import re
from email.message import Message
from urllib.parse import urlsplit

from archive import langid
from archive.clean import clean_text
from archive.encoding import decode
from archive.errors import BadInput
from archive.extract import extract_html
from archive.models import Extracted
from archive.sites import hints_for

MAX_BYTES = 20_000_000  # bigger than any news page: refused rather than parsed
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
_TEXT_SUFFIXES = (".txt", ".text")
_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|h1)\b", re.IGNORECASE)


def normalize(
    raw: bytes, url: str | None = None, *, content_type: str | None = None, source: str | None = None
) -> Extracted:
    """What the archive stores for one page or text file. Raises BadInput("reason") for unusable input."""
    if not raw or not raw.strip():
        raise BadInput("empty input")
    if len(raw) > MAX_BYTES:
        raise BadInput(f"too large ({len(raw)} bytes)")
    mime, charset = _parse_content_type(content_type)
    text = decode(raw, charset)
    if _is_html(text, url, mime):
        extracted = extract_html(text, url, hints_for(url, source))
    else:
        extracted = clean_text(text)
        extracted.url = url
    if not any(ch.isalpha() for ch in extracted.text):
        raise BadInput("no extractable text")
    extracted.lang = langid.detect(f"{extracted.title or ''}\n{extracted.text}") or extracted.lang
    return extracted


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
