"""Analyzers as Whoosh pipelines: one per language (kk, ru, en) and one that folds every word into Latin."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    PyStemmerFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.acore import Token
from whoosh.lang import stopwords_for_language

from archive import kazakh
from archive.languages import KAZAKH_LATIN_MARKS
from archive.translit import fold, latin_alphabet, name_forms, to_cyrillic

WORD = r"\w+(?:[.'’]\w+)*"
SNOWBALL = {"ru": "russian", "en": "english"}  # PyStemmer's C Snowball: the same stems, ~40x faster


_LATIN = re.compile(f"[a-z{''.join(sorted(KAZAKH_LATIN_MARKS))}]", re.IGNORECASE)


def _name_like(word: str) -> bool:
    """A query word that may be a name or Latin Kazakh: capitalised, or with a Latin Kazakh letter."""
    return word[:1].isupper() or not KAZAKH_LATIN_MARKS.isdisjoint(word)


class TranslitFilter(Filter):
    """Replaces each token with its folded Latin form (Мукашев -> mukashev, Battalova -> batalova); in a
    query, a capitalised word with every case form of it as a name (Мукашев -> mukasheva, mukashevtyn, …:
    the field ORs them). Lower-case words stay one term: ~85 forms a word doubled the CPU of a two-word
    query (11 -> 22 ms median on the 2,000-document benchmark), and the language fields find common words."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            if t.mode == "query" and _name_like(t.text):
                for text in name_forms(t.text):
                    if text:
                        t.text = text
                        yield t
            else:
                t.text = fold(t.text)
                if t.text:
                    yield t


class KazakhTokenizer(RegexTokenizer):
    """Words of Kazakh text in either script: a Latin word becomes its Cyrillic spellings (máslıhat ->
    мәслихат), all at one position where the 2021 alphabet's i may be і or и, and the first in a query. The
    whole text's letters pick the alphabet for words that carry no mark of one."""

    def __call__(self, value: str, **kwargs) -> Iterator[Token]:
        tokens = super().__call__(value, **kwargs)
        if not _LATIN.search(value):
            return tokens  # Cyrillic text (most of it) passes with no extra step a token
        return self._cyrillic(tokens, latin_alphabet(value), kwargs.get("mode") == "query")

    @staticmethod
    def _cyrillic(tokens: Iterator[Token], alphabet: str | None, query: bool) -> Iterator[Token]:
        for t in tokens:
            if not _LATIN.match(t.text):
                yield t
                continue
            spellings = to_cyrillic(t.text.lower(), alphabet)
            for text in spellings[:1] if query else spellings:
                t.text = text
                yield t


@cache
def language_analyzer(lang: str) -> Analyzer:
    """Lowercase, drop the language's stop words, stem: Snowball for ru and en, our own stemmer for kk (which
    reads Latin-script Kazakh through its Cyrillic spelling)."""
    stemmer: Filter
    if lang == "kk":
        tokenizer: RegexTokenizer = KazakhTokenizer(WORD)
        stop, stemmer = StopFilter(stoplist=kazakh.STOP_WORDS), StemFilter(stemfn=kazakh.stem)
    elif lang in SNOWBALL:
        tokenizer = RegexTokenizer(WORD)
        stop, stemmer = StopFilter(stoplist=stopwords_for_language(lang)), PyStemmerFilter(SNOWBALL[lang])
    else:
        raise ValueError(f"no analyzer for language {lang!r}")
    return tokenizer | LowercaseFilter() | stop | stemmer


@cache
def translit_analyzer() -> Analyzer:
    """Every word, in any script, folded to Latin: the field that finds names across scripts."""
    return RegexTokenizer(WORD) | TranslitFilter()


# A Latin word, for snippets of Latin-script Kazakh: its terms are Cyrillic, so no term's prefix spots it.
LATIN_WORD = rf"\w*{_LATIN.pattern}\w*"


@lru_cache(maxsize=200_000)
def word_terms(lang: str, word: str) -> frozenset[str]:
    """Every term a word yields in a language's field (a Latin Kazakh word may yield several spellings; a
    stop word none): what snippets compare to the terms a query matched."""
    return frozenset(t.text for t in language_analyzer(lang)(word))
