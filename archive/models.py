"""The records that pass between the stages: what extraction yields, what a capture is, what is stored."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields

from archive.languages import LANGS

__all__ = ["CAPTURE_FIELDS", "LANGS", "Capture", "Extracted", "SaveResult", "paragraphs"]

_BLANK_LINE = re.compile(r"\n\s*\n")


@dataclass
class Extracted:
    """What normalization finds in one page or text file (the `extract` command prints this)."""

    title: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD, None where unknown
    # The version slot: the language the page declares (URL prefix, hreflang, <html lang>), else text_lang's.
    lang: str | None = None  # "kk" | "ru" | "en" | None
    # The language the text is written in, as detected, with its script when unusual ("kk-Arab"): a kk page
    # whose text is Russian (the site has no Kazakh translation) is lang "kk", text_lang "ru".
    text_lang: str | None = None
    text: str = ""  # clean body: paragraphs separated by a blank line (read back with `paragraphs`)
    alternates: dict[str, str] = field(default_factory=dict)  # lang -> absolute URL of that version
    url: str | None = None  # canonical URL when the page names one, else the URL it was read from
    source_line: str | None = None  # a "Source: …" line, kept as provenance rather than body
    replaced: int = 0  # invalid byte sequences of damaged UTF-8 decoded as U+FFFD (provenance; 0 when clean)

    def as_json(self) -> dict:
        """The `extract --json` shape: title, date, lang, text, alternates, url, source_line, replaced."""
        return asdict(self)


@dataclass
class Capture:
    """Provenance of one raw fetch or file: where the bytes came from and where they are kept."""

    url: str  # fetched URL, or file:// URL of an imported file
    fetched_at: str  # ISO 8601 UTC timestamp
    sha256: str  # of the raw bytes
    content_type: str | None = None
    http_status: int | None = None
    warc_path: str | None = None  # relative to the data folder
    warc_offset: int | None = None
    warc_length: int | None = None
    replaced: int = 0  # invalid byte sequences decoded as U+FFFD (from Extracted.replaced; 0 when clean)

    def as_json(self) -> dict:
        """A capture as `show --json` lists it among a record's provenance."""
        return asdict(self)


CAPTURE_FIELDS = tuple(f.name for f in fields(Capture))


@dataclass
class SaveResult:
    """What the store did with one record."""

    id: str
    status: str  # "new" | "updated" | "unchanged"
    duplicate_of: str | None = None
    version_group: str | None = None


def paragraphs(text: str | None) -> list[str]:
    """A stored text's paragraphs (separated by a blank line), white space inside each folded: how the
    page shows them, the aligner pairs them and a site's template counts them."""
    return [" ".join(p.split()) for p in _BLANK_LINE.split(text or "") if p.strip()]
