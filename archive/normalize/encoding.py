"""Bytes to text: BOM, declared charset (HTTP or <meta>), strict UTF-8, then detection; binary refused."""

from __future__ import annotations

import codecs
import re
from collections import Counter

import charset_normalizer
from charset_normalizer.md import mess_ratio

from archive.errors import BadInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\xd0\xcf\x11\xe0",
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))  # control bytes but white space
_UTF16_HIGH_BYTES, _UTF16_SHARE = 3, 0.95  # UTF-16 text: 95 % of its high bytes are one of three values
_MAX_REPLACED = 0.01  # of the characters of a damaged UTF-8 text, the share that may be replaced
_GOOD_PER_REPLACED = 10  # good non-ASCII characters needed for each replaced one (evidence of UTF-8)
_MESS_MARGIN = 0.01  # detection must read the bytes this much cleaner to overrule a declaration
# Letters that cp1251 has for Serbian/Macedonian/Belarusian, where KZ-1048 has the Kazakh ones:
# in a Kazakh or Russian text they mean the bytes are KZ-1048, not cp1251.
_CP1251_ONLY = re.compile("[ЌќЋћЏџЎўЈјЊњЉљЃѓ]")


def decode(raw: bytes, declared: str | None = None) -> str:
    """Text of raw bytes; `declared` is an HTTP charset. Raises BadInput for empty, binary, undecodable."""
    return decode_counted(raw, declared)[0]


def decode_counted(raw: bytes, declared: str | None = None) -> tuple[str, int]:
    """`decode`, with how many invalid byte sequences of slightly damaged UTF-8 became U+FFFD (else 0)."""
    if not raw:
        raise BadInput("empty input")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            text = _strict(raw, encoding)
            if text is None:
                raise BadInput("undecodable text (bytes do not match their byte-order mark)")
            return text, 0
    if is_binary(raw):
        text = None if raw.startswith(_BINARY_MAGIC) else _bomless_utf16(raw)
        if text is None:
            raise BadInput("binary content, not text")
        return text, 0
    text = _strict(raw, "utf-8")
    if text is not None:
        return text, 0
    damaged = _damaged_utf8(raw)
    if damaged is not None:
        return damaged
    for name in (declared, sniff_meta_charset(raw)):
        text = _decode_declared(raw, name)
        if text is not None:
            return text, 0
    return _detect(raw), 0


def _damaged_utf8(raw: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few bad bytes (a cut sequence, a stray byte), decoded with U+FFFD for each; None when
    the damage is too much for the bytes to be UTF-8 at all.

    Taken as UTF-8 when at most 1 character in 100 is replaced and there are at least 10 good non-ASCII
    characters for each replaced one. Read as UTF-8, cp1251/KZ-1048 Cyrillic fails on nearly every letter
    (a third of the text or more) and a windows-1252 page has no valid multi-byte sequence at all, so both
    still go to the declared charset and detection; a damaged UTF-8 page keeps hundreds of good letters.
    """
    text = raw.decode("utf-8", "replace")
    marks = text.count("\ufffd")
    replaced = marks - raw.count("\ufffd".encode())
    if replaced > _MAX_REPLACED * len(text):
        return None
    good = len(text) - len(text.encode("ascii", "ignore")) - marks  # non-ASCII characters, but U+FFFD
    if good < _GOOD_PER_REPLACED * replaced:
        return None
    return text, replaced


def is_binary(raw: bytes) -> bool:
    """True for bytes that are not text: NUL bytes (without a UTF-16/32 BOM) or a known file signature."""
    head = raw[:_SNIFF_BYTES]
    return b"\x00" in head or raw.startswith(_BINARY_MAGIC) or _control_ratio(head) > 0.05


def _bomless_utf16(raw: bytes) -> str | None:
    """The text of UTF-16 without a byte-order mark (some Windows tools write none), else None. Its NUL bytes
    are what made it look binary: in UTF-16 text the high byte of nearly every character is one of a few
    (0x00 for Latin letters, digits and spaces, 0x04 for Cyrillic, 0x06 for Arabic, 0x20 for dashes and
    quotes), so those bytes all fall on one side, little-endian or big; and the whole decodes to plain text."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    head = raw[:_SNIFF_BYTES]
    for encoding, high in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        few = sum(count for _byte, count in Counter(high).most_common(_UTF16_HIGH_BYTES))
        if few < _UTF16_SHARE * len(high):
            continue
        text = _strict(raw, encoding)
        if text is not None and _plain(text):
            return text
    return None


def _plain(text: str) -> bool:
    """No control characters but white space, and mostly letters among the rest."""
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text):
        return False
    shown = [ch for ch in text if not ch.isspace()]
    return bool(shown) and sum(ch.isalpha() for ch in shown) >= 0.5 * len(shown)


def sniff_meta_charset(raw: bytes) -> str | None:
    """The charset a <meta charset> or http-equiv tag names in the first bytes of an HTML page."""
    m = _META_CHARSET.search(raw[:_SNIFF_BYTES])
    return m.group(1).decode("ascii", "ignore") if m else None


def _control_ratio(head: bytes) -> float:
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / max(len(head), 1)


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_declared(raw: bytes, name: str | None) -> str | None:
    """Decode with a declared non-UTF charset unless detection reads the bytes clearly better (else None)."""
    encoding = _codec_name(name)
    if encoding in (None, "utf-8", "utf-16", "utf-32"):
        return None  # utf-8 was already tried strictly; a wrong utf-* declaration falls through to detection
    text = _strict(raw, encoding)
    if text is None:
        return None
    declared_mess = _mess(text)
    if declared_mess > 0:
        best = charset_normalizer.from_bytes(raw, preemptive_behaviour=False).best()
        if best is not None and _mess(str(best)) + _MESS_MARGIN < declared_mess:
            return None
    return _prefer_kz1048(raw, text) if encoding == "cp1251" else text


def _codec_name(name: str | None) -> str | None:
    if not name:
        return None
    try:
        encoding = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # As browsers do: a latin-1/ascii declaration means windows-1252.
    return "cp1252" if encoding in ("latin-1", "iso8859-1", "ascii") else encoding


def _mess(text: str) -> float:
    """charset-normalizer's measure of how garbled a decoded text reads (0 clean, higher worse)."""
    return mess_ratio(text[: _SNIFF_BYTES * 4], maximum_threshold=1.0)


def _detect(raw: bytes) -> str:
    best = charset_normalizer.from_bytes(raw, preemptive_behaviour=False).best()
    if best is None:
        raise BadInput("undecodable text (unknown character encoding)")
    text = str(best)
    return _prefer_kz1048(raw, text) if _codec_name(best.encoding) == "cp1251" else text


def _prefer_kz1048(raw: bytes, text: str) -> str:
    """cp1251 and KZ-1048 differ only in the Kazakh letters: pick KZ-1048 when cp1251 yields ќ, ў, ј …"""
    if len(_CP1251_ONLY.findall(text)) < 2:
        return text
    return _strict(raw, "kz1048") or text
