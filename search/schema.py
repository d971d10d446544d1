"""The Whoosh schema, in one place: per-language title/text fields, the transliteration field, filters."""

from __future__ import annotations

from whoosh.fields import ID, STORED, TEXT, Schema

from archive.languages import LANGS
from search.analyzers import language_analyzer, translit_analyzer

SCHEMA_VERSION = 3  # bump on any change below: the index is then rebuilt from the archive
TITLE_BOOST = 2.0
TRANSLIT = "translit"  # in a query: the transliteration field(s) its word's script calls for
TRANSLIT_CYRILLIC = "translit_cyr"  # Latin forms of the words of kk and ru documents
TRANSLIT_LATIN = "translit_lat"  # folded words of en documents
FILTER_FIELDS = ("lang", "source", "year", "date")  # plain keyword fields a query may name: `source:senate`


def title_field(lang: str) -> str:
    return f"title_{lang}"


def text_field(lang: str) -> str:
    return f"text_{lang}"


def translit_field(lang: str) -> str:
    """Split by script, a Cyrillic query word only searches the Latin documents' field (its own script's
    documents it finds through their language fields): half the postings for most queries."""
    return TRANSLIT_LATIN if lang == "en" else TRANSLIT_CYRILLIC


def build_schema() -> Schema:
    """Original and translated text go into the field of their language, analyzed by that language."""
    fields: dict = {
        "id": ID(stored=True, unique=True),
        "url": STORED(),
        "title": STORED(),
        "body": STORED(),  # the original text, for snippets
        "translated": STORED(),  # {lang: text} of the machine translations, for snippets
        "group": STORED(),  # version group: the service resolves it to {lang: id}
        "cluster": ID(sortable=True),  # canonical id of the near-duplicate cluster: collapsed into one hit
        "lang": ID(stored=True, sortable=True),
        "source": ID(stored=True, sortable=True),
        "date": ID(stored=True, sortable=True),  # ISO date: ranges and sorting compare it as text
        "year": ID(sortable=True),
        # a capitalised query word becomes the OR of its forms as a name (Мукашев: Мукашева, Мукашевтың, …)
        TRANSLIT_CYRILLIC: TEXT(analyzer=translit_analyzer(), phrase=False, multitoken_query="or"),
        TRANSLIT_LATIN: TEXT(analyzer=translit_analyzer(), phrase=False, multitoken_query="or"),
    }
    for lang in LANGS:
        fields[title_field(lang)] = TEXT(analyzer=language_analyzer(lang), field_boost=TITLE_BOOST)
        fields[text_field(lang)] = TEXT(analyzer=language_analyzer(lang))
    return Schema(**fields)
