"""Sentences of a kk/ru/en paragraph: where a sentence ends, knowing abbreviations, initials and numbers.

A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets) followed by a space and a
capital, a digit or an opening quote — except a full stop after a listed abbreviation of the language
("2024 ж. 8 наурызда", "г. Астана", "Mr. Smith": translation.abbreviations) or after initials ("Н.А.
Назарбаев", "Safinov K.B. said"). A stop inside a number or a date (2.5, 15.03.2024) is never followed by
a space, so never a candidate. A line break inside a paragraph ends a sentence too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from archive.languages import CAPITALS
from translation.abbreviations import ABBREVIATIONS

_END = re.compile(rf"[.!?…]+[»”\"’')\]]*\s+(?=[«“\"'(\[—–-]?\s?[{CAPITALS}\d])")
_INITIALS = re.compile(rf"(?:[{CAPITALS}]\.)*(?:[{CAPITALS}]|Zh|Sh|Ch|Kh|Ye|Yu|Ya)")
_ALL = frozenset().union(*ABBREVIATIONS.values())


def _keeps_going(before: str, lang: str | None) -> bool:
    """Whether the word before a full stop (the stop left out) makes it no sentence end."""
    word = before.rsplit(None, 1)[-1].lstrip("«“\"'([")
    if _INITIALS.fullmatch(word):
        return True
    return word.lower() in ABBREVIATIONS.get(lang or "", _ALL)


def split(paragraph: str, lang: str | None = None) -> list[str]:
    """The sentences of one paragraph, in order, spaces normalized; their concatenation (with one space
    between) is the paragraph."""
    return list(_split(paragraph, lang))


@lru_cache(maxsize=4096)
def _split(paragraph: str, lang: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for line in paragraph.splitlines():
        line = " ".join(line.split())
        start = 0
        for m in _END.finditer(line):
            if m.group().rstrip() == "." and _keeps_going(line[start : m.start()], lang):
                continue
            out.append(line[start : m.end()].strip())
            start = m.end()
        if line[start:].strip():
            out.append(line[start:].strip())
    return tuple(out)
