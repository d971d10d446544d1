"""Analysis, engine-neutral: the terms a text yields in each language (kk, ru, en) and the spelling keys that
join its Kazakh, Russian and English spellings. Both engines index these tokens as they are; queries and
the highlighter analyse their words the same way, so what is marked is what was matched.

A language's pipeline: words -> lower case -> (Kazakh: Latin-script words read as their Cyrillic spellings)
-> stop words dropped -> stem (Snowball for ru and en, our rule-based stemmer for kk). Every step works on
one word at a time, and a word's terms are cached: news text repeats its words (Zipf), so most words of a
document are a dictionary look-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import NamedTuple

import Stemmer
from whoosh.lang import stopwords_for_language  # the Snowball stop lists, as data

from archive import kazakh
from archive.languages import KAZAKH_LATIN_MARKS, LANGS
from archive.translit import latin_alphabet, skeleton, spelling, to_cyrillic

WORD = re.compile(r"\w+(?:[.'’]\w+)*")
SNOWBALL = {"ru": "russian", "en": "english"}  # PyStemmer's C Snowball
LATIN_LETTER = (
    f"[a-z{''.join(sorted(KAZAKH_LATIN_MARKS))}]"  # the highlighter spots Latin-script Kazakh by it
)
_LATIN = re.compile(LATIN_LETTER, re.IGNORECASE)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_DIGITS = re.compile(r"[\d.'’]+")


def words(text: str) -> list[str]:
    """The words of a text, in order: letters and digits, with inner apostrophes and dots (Н.А., 2.5)."""
    return WORD.findall(text)


def is_latin(word: str) -> bool:
    return bool(_LATIN.match(word))


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


@cache
def stop_words(lang: str) -> frozenset[str]:
    if lang == "kk":
        return kazakh.STOP_WORDS
    return frozenset(stopwords_for_language(lang))


@cache
def _snowball(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(SNOWBALL[lang])


@lru_cache(maxsize=1_000_000)
def stem(lang: str, word: str) -> str | None:
    """The stem of one lower-case word in a language; None for its stop words."""
    if lang not in LANGS:
        raise ValueError(f"no analysis for language {lang!r}")
    if word in stop_words(lang):
        return None
    return kazakh.stem(word) if lang == "kk" else _snowball(lang).stemWord(word)


@lru_cache(maxsize=1_000_000)
def word_terms(lang: str, word: str, alphabet: str | None = None) -> tuple[str, ...]:
    """Every term one word yields in a language, most likely first (empty for a stop word). A Latin word
    read as Kazakh yields the stems of its Cyrillic spellings (máslıhattyń -> мәслихат); `alphabet`
    ('2018', '2021') is the Latin Kazakh alphabet its text was written in, where known."""
    lower = word.lower()
    spellings = to_cyrillic(lower, alphabet) if lang == "kk" and is_latin(lower) else (lower,)
    return tuple(dict.fromkeys(t for s in spellings if (t := stem(lang, s)) is not None))


def text_terms(lang: str, text: str) -> tuple[list[str], list[str]]:
    """A text's terms in a language: one term per word in order (stop words left out), and the further
    spellings of ambiguous Latin Kazakh words (indexed too, but not at a position of their own)."""
    found = words(text)
    latin, alphabet = _latin(lang, text)
    # each distinct word looked up once: a large cache is slow to reach, a text's own table is not
    table = {word: word_terms(lang, word, alphabet) for word in set(found)}
    return _runs([terms for word in found if (terms := table[word])], latin)


def _latin(lang: str, text: str) -> tuple[bool, str | None]:
    """Whether a text in `lang` holds Latin Kazakh, and the Latin alphabet it is written in, where known."""
    latin = lang == "kk" and _LATIN.search(text) is not None
    return latin, latin_alphabet(text) if latin else None


def _runs(terms: list[tuple[str, ...]], latin: bool) -> tuple[list[str], list[str]]:
    return [t[0] for t in terms], [term for t in terms if len(t) > 1 for term in t[1:]] if latin else []


def query_terms(lang: str, word: str) -> tuple[str, ...]:
    """The terms a query word looks for in a language's fields: its first spelling only, as a query word
    stands alone (máslıhat -> мәслихат)."""
    return word_terms(lang, word)[:1]


# ---- spelling keys: where kk, ru and en spellings of a word meet ----------------------------------------


@lru_cache(maxsize=1_000_000)
def spelling_keys(lang: str, word: str) -> frozenset[str]:
    """The spelling keys a document word of a language is indexed under: the folded word, less a Russian
    ending, and its folded stem (маслихатов -> maslikatov, maslikat; Мұқашевтың -> mukashevtin, mukashev).
    A capitalised word is taken for a name: only a case ending comes off (in Kazakh text a Kazakh one, as
    well), and the Snowball stem (which cuts Аскаров to аскар) is left out. Each key of a long word also
    has its consonant skeleton (archive.translit.skeleton). Stop words, numbers and words under three
    letters have none."""
    lower = word.lower()
    if len(lower) < 3 or _DIGITS.fullmatch(lower) or lower in stop_words(lang):
        return frozenset()
    name = word[:1].isupper()
    keys = {spelling(lower), spelling(lower, "name" if name else "noun")}
    if lang == "kk":
        cyrillic = to_cyrillic(lower)[0] if is_latin(lower) else lower  # Latin Kazakh: its Cyrillic spelling
        if name:
            keys.add(spelling(lower, "kazakh name"))
        stemmed = stem("kk", cyrillic)
    else:
        stemmed = None if name else stem(lang, lower)
    if stemmed and len(stemmed) >= 4:
        keys.add(spelling(stemmed))
        if lang == "kk":  # a Kazakh stem's last vowel may be a Russian ending: Қарағанды / Караганда
            keys.add(spelling(stemmed, "name" if name else "noun"))
    keys.update(s for key in list(keys) if (s := skeleton(key)))
    return frozenset(keys)


@lru_cache(maxsize=100_000)
def query_spelling_keys(word: str) -> frozenset[str]:
    """The spelling keys a query word looks for, whatever its language: its keys as a Russian and a Kazakh
    word (a Cyrillic one), or as an English and a Latin Kazakh word (a Latin one)."""
    langs = ("ru", "kk") if is_cyrillic(word) else ("en", "kk")
    return frozenset().union(*(spelling_keys(lang, word) for lang in langs))


# ---- a record's own texts, as a bulk build indexes them --------------------------------------------------


class Indexed(NamedTuple):
    terms: list[tuple[list[str], list[str]]]  # per text, as text_terms gives them
    keys: str  # the spelling keys of all the texts' words in order, one run of tokens
    words: set[str]  # every distinct word of the texts, as written


BUILD_WORDS = 1_000_000  # words a build process keeps per language and alphabet before it starts afresh


class _Known(NamedTuple):
    """A build process's words of one language and alphabet, each looked up once: apart from the caches that
    queries and the highlighter use, and plain dicts keyed by the word, so that a text's words are read off
    them at C speed (`map`), not one Python call a word."""

    first: dict[str, str]  # the word's first term, "" for a stop word
    more: dict[str, tuple[str, ...]]  # its further terms (ambiguous Latin Kazakh), where it has any
    keys: dict[str, str]  # its spelling keys as one run of tokens, "" for none


_known: dict[tuple[str, str | None], _Known] = {}


def forget_build_words() -> None:
    """Empty the build's word tables (a benchmark's cold start)."""
    _known.clear()


def _known_words(lang: str, alphabet: str | None, distinct: set[str]) -> _Known:
    known = _known.get((lang, alphabet))
    if known is None or len(known.first) > BUILD_WORDS:
        known = _known[(lang, alphabet)] = _Known({}, {}, {})
    for word in distinct.difference(known.first):
        terms = word_terms.__wrapped__(lang, word, alphabet)
        known.first[word] = terms[0] if terms else ""
        if len(terms) > 1:
            known.more[word] = terms[1:]
        known.keys[word] = " ".join(sorted(spelling_keys.__wrapped__(lang, word)))
    return known


def indexed(lang: str, texts: Iterable[str]) -> Indexed:
    """What a record's own texts (title, text) in its language are indexed under: the same terms as
    text_terms, and the spelling keys of every word, side by side."""
    terms, keys, seen = [], [], set()
    for text in texts:
        found = words(text)
        latin, alphabet = _latin(lang, text)
        distinct = set(found)
        known = _known_words(lang, alphabet, distinct)
        more = [t for word in found for t in known.more.get(word, ())] if latin else []
        terms.append((list(filter(None, map(known.first.__getitem__, found))), more))
        keys += filter(None, map(known.keys.__getitem__, found))
        seen |= distinct
    return Indexed(terms, " ".join(keys), seen)
