"""The index's fields, in one place, for both engines: one document per story, its text split by version.

A story is every record that tells it: its language versions and their near-duplicates (reposts). Its
document holds, per version language V and analysis language A, the title and text terms of the version
(A = V) and of the version's machine translations (A != V); per version, the spelling keys of its words;
and the keyword fields that filters, facets and the date sort read. A search restricted to one language
(a filter, or "list versions apart") reads only that version's fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.languages import LANGS

SCHEMA_VERSION = 4  # bump on any change of what is indexed: the index is then rebuilt from the archive
TITLE_BOOST = 2.0
SPELLING_BOOST = 0.5  # a match through another spelling counts less than one in the word's own language

KEY = "key"  # the story's key: the smallest id of its records
MEMBER = "member"  # every record id of the story: a record's story is found, and deleted, by it
BRIEF = "brief"  # stored: the story's records as [id, version language, is a duplicate]
DAY = "day"  # the story's date as yyyymmdd (0: undated): the date sort
SIZE = "size"  # how many records the story holds: counts records, not stories
# Keyword fields, each holding the values of all the story's records: filters and facets read them.
KEYWORDS = ("lang", "source", "year", "month", "date")
FACETS = ("source", "lang", "year", "month")  # the facets a search answers (lang: versions that match)
QUERY_FIELDS = ("lang", "source", "year", "date")  # keyword fields a query may name: `source:senate`
WORDS = "words"  # every distinct word of the story, lower case, as written: what misspellings are mended to
BOUNDARY = "|"  # the token between two records' texts in one field: no phrase runs across it


def title_field(version: str, lang: str) -> str:
    """The title terms of a story's `version`, analysed in `lang` (its own, or a translation's)."""
    return f"title_{version}_{lang}"


def text_field(version: str, lang: str) -> str:
    return f"text_{version}_{lang}"


def spelling_field(version: str) -> str:
    """The spelling keys of a version's words (no positions: keys join spellings, not phrases)."""
    return f"spelling_{version}"


@dataclass(frozen=True)
class TextField:
    name: str
    version: str
    lang: str | None  # the analysis language (None: spelling keys)
    boost: float
    positions: bool


TEXT_FIELDS: tuple[TextField, ...] = (
    *(
        TextField(name(v, a), v, a, boost, True)
        for v in LANGS
        for a in LANGS
        for name, boost in ((title_field, TITLE_BOOST), (text_field, 1.0))
    ),
    *(TextField(spelling_field(v), v, None, SPELLING_BOOST, False) for v in LANGS),
    TextField(WORDS, "", None, 0.0, False),
)
