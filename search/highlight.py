"""Highlights: which words of a text a query matched (through the same analysis that indexed them, so in
every script and spelling), and the snippet: the window with the most of them, HTML-escaped, each in
<mark>…</mark>."""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from search import querytree as qt
from search.analysis import LATIN_LETTER, WORD, query_spelling_keys, query_terms, spelling_keys, word_terms
from search.plan import Plan, fold_pattern, spells_into

WIDTH = 240  # characters of text in a snippet
ELLIPSIS = "…"


def _glob(pattern: str) -> re.Pattern:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern))


@dataclass(frozen=True)
class Marker:
    """What a query marks: per analysis language its terms, per version its spelling keys, its patterns."""

    terms: dict[str, frozenset[str]]
    keys: dict[str, frozenset[str]]
    patterns: tuple[re.Pattern, ...]
    key_patterns: tuple[re.Pattern, ...]

    def spans(self, text: str, lang: str, *, own: bool = True) -> list[tuple[int, int]]:
        """Character spans of the matched words of a text analysed in `lang`; `own`: the text is a
        version's own (its spelling keys were indexed), not a machine translation. The words that match
        by their terms (or a pattern on them) are marked; only in a text with none of them are the words
        looked up by their spelling keys."""
        return self.term_spans(text, lang) or (self.key_spans(text, lang) if own else [])

    def term_spans(self, text: str, lang: str) -> list[tuple[int, int]]:
        """Spans of the words whose terms (or a pattern on them) the query looks for: the cheap part."""
        terms = self.terms.get(lang, frozenset())
        if not (terms or self.patterns):
            return []
        starts = None if self.patterns else _stem_starts(terms, lang)
        found = []
        for m in WORD.finditer(text) if starts is None else _words_at(text, starts):
            stems = word_terms(lang, m.group())
            if (terms and not terms.isdisjoint(stems)) or (
                self.patterns and any(p.fullmatch(t) for p in self.patterns for t in stems)
            ):
                found.append(m.span())
        return found

    def key_spans(self, text: str, lang: str) -> list[tuple[int, int]]:
        """Spans of the words of a version's own text whose spelling keys the query looks for: the costly
        part, every word looked up (a long tail of rare words misses every cache)."""
        keys = self.keys.get(lang, frozenset())
        if not (keys or self.key_patterns):
            return []
        found = []
        for m in WORD.finditer(text):
            spelled = spelling_keys(lang, m.group())
            if (keys and not keys.isdisjoint(spelled)) or any(
                p.fullmatch(k) for p in self.key_patterns for k in spelled
            ):
                found.append(m.span())
        return found


# Where a word of WORD begins: not after a word character, nor after one of its inner marks that follows one.
_WORD_START = r"(?<!\w)(?<!\w[.'’])"


@lru_cache(maxsize=4096)
def _stem_starts(terms: frozenset[str], lang: str) -> re.Pattern | None:
    """Where the words that may have one of these stems begin, or None where there is none: a stem keeps
    its word's first three letters (Snowball's and our Kazakh stemmer cut endings), except a Latin word read
    as Kazakh, whose stems are its Cyrillic spellings' (always tried). One pattern finds them all, so the
    other words of a text are never looked at."""
    heads = sorted({t[:3] for t in terms if len(t) >= 3} | {t for t in terms if len(t) < 3})
    if not heads:
        return None
    alternatives = [re.escape(h) for h in heads] + ([LATIN_LETTER] if lang == "kk" else [])
    return re.compile(f"{_WORD_START}(?:{'|'.join(alternatives)})", re.IGNORECASE)


def _words_at(text: str, starts: re.Pattern):
    """The words of `text` (as WORD.finditer finds them) that begin where `starts` matches."""
    for s in starts.finditer(text):
        m = WORD.match(text, s.start())
        if m is not None:
            yield m


def marker(plan: Plan) -> Marker:
    """The marker of a plan: the words, phrases and patterns of its query outside NOT."""
    terms: dict[str, set[str]] = {lang: set() for lang in plan.langs}
    keys: dict[str, set[str]] = {v: set() for v in plan.versions}
    patterns: list[re.Pattern] = []
    key_patterns: list[re.Pattern] = []
    for leaf in qt.leaves(plan.tree):
        if isinstance(leaf, qt.Pattern):
            patterns.append(_glob(leaf.text))
            key_patterns.append(_glob(fold_pattern(leaf.text)))
            continue
        words = leaf.words if isinstance(leaf, qt.Phrase) else (leaf.text,)
        for word in words:
            for lang in plan.langs:
                terms[lang].update(query_terms(lang, word))
            if isinstance(leaf, qt.Word) and leaf.scope != "title":
                for v in plan.versions:
                    if spells_into(word, v):
                        keys[v].update(query_spelling_keys(word))
    return Marker(
        {k: frozenset(v) for k, v in terms.items() if v},
        {k: frozenset(v) for k, v in keys.items() if v},
        tuple(patterns),
        tuple(key_patterns),
    )


def best_window(text: str, spans: list[tuple[int, int]], width: int = WIDTH) -> tuple[int, int]:
    """(start, end) of the `width`-character window holding the most spans, widened to word boundaries."""
    if len(text) <= width:
        return 0, len(text)
    starts = [s for s, _ in spans]
    best, best_count = 0, 0
    for s in starts:  # a window that begins a little before one of the matches
        lo = max(0, s - width // 4)
        count = bisect_right(starts, lo + width) - bisect_left(starts, lo)
        if count > best_count:
            best, best_count = lo, count
    start = best if best == 0 else text.rfind(" ", 0, best) + 1
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    return start, end


def snippet(text: str, spans: list[tuple[int, int]], width: int = WIDTH) -> str:
    """The escaped window of `text` with the most of `spans` (start, end character offsets), each marked."""
    spans = sorted(set(spans))
    start, end = best_window(text, spans, width)
    out = [ELLIPSIS] if start > 0 else []
    pos = start
    for s, e in spans:
        if s < pos or e > end:
            continue
        out += [html.escape(text[pos:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        pos = e
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append(ELLIPSIS)
    return " ".join("".join(out).split())  # one line: paragraphs and runs of spaces become one space
