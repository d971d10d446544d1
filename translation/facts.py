"""What crosses languages unchanged in a text: its numbers, months and names, one spelling for every script.

The aligner anchors on them (a sentence and its translation share them), and the translation memory charges
a match for each that differs from the query (another number, another person: another event). A number is
its digits (2,5 and 2.5 alike), a month its number in any kk/ru/en spelling (наурызда, марта, March), a
capitalised word the first NAME_PREFIX letters of its folded Latin spelling (archive.translit: Омарова,
Омарованың and Omarova are one; Сенат and Senate too).
"""

from __future__ import annotations

import re
from functools import lru_cache

from archive.languages import CAPITALS
from archive.normalize.dates import month_number
from archive.translit import fold

NAME_PREFIX = 5
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"\w+")
_CAPITALISED = re.compile(rf"[{CAPITALS}][\w’'-]{{2,}}")
_month = lru_cache(maxsize=100_000)(month_number)  # every word of every text is asked: the vocabulary repeats


def number(text: str) -> str:
    return "#" + (text.replace(",", ".").lstrip("0") or "0")


def name(word: str) -> str | None:
    folded = fold(word)
    return folded[:NAME_PREFIX] if len(folded) >= 3 else None


@lru_cache(maxsize=65536)
def facts(text: str, lang: str | None = None) -> frozenset[str]:
    """The text's numbers ("#45"), months ("m3") and names ("mukas")."""
    found = {number(n) for n in _NUMBER.findall(text)}
    for word in _WORD.findall(text):
        if not word.isdigit() and (lang != "en" or word[:1].isupper()):  # "may" is May only as a capital
            month = _month(word)
            if month:
                found.add(f"m{month}")
    found.update(filter(None, map(name, _CAPITALISED.findall(text))))
    return frozenset(found)


def spans(text: str) -> list[tuple[int, int, str]]:
    """Where the facts stand in the text: (start, end, fact), in order."""
    out = [(m.start(), m.end(), number(m.group())) for m in _NUMBER.finditer(text)]
    for m in _CAPITALISED.finditer(text):
        fact = name(m.group())
        if fact:
            out.append((m.start(), m.end(), fact))
    return sorted(out)
