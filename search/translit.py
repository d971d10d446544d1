"""Transliteration of Cyrillic (Russian and Kazakh letters) to Latin, folded so that spellings of one name meet."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # Kazakh letters
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip
_TABLE = str.maketrans(CYRILLIC_TO_LATIN)

# Spelling variants that Latin renderings of one name take (applied after transliteration, in order).
_FOLDS = (
    (re.compile(r"q"), "k"),  # Kazakh Latin қ
    (re.compile(r"kh"), "h"),  # Хасенов: Khasenov / Hasenov
    (re.compile(r"x"), "h"),
    (re.compile(r"w"), "v"),
    (re.compile(r"(?<=[aeiou])ye|^ye"), "e"),  # Ерлан / Yerlan, Тоқаев / Tokayev
    (re.compile(r"(?:iy|ii|yi|y)$"), "i"),  # Дмитрий / Dmitry / Dmitriy
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters: Battalova / Batalova
)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The folded Latin form of one word in any script: Мукашев -> mukashev, Battalova -> batalova."""
    text = word.lower().translate(_TABLE)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    for pattern, repl in _FOLDS:
        text = pattern.sub(repl, text)
    return text
