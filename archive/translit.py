"""Transliteration between the scripts Kazakh and Russian are written in, folded so that spellings of one word
meet: Cyrillic and both Latin Kazakh alphabets to one folded Latin form, Latin Kazakh back to Cyrillic."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product

from archive.languages import (
    KAZAKH_LATIN_2018,
    KAZAKH_LATIN_2018_MARKS,
    KAZAKH_LATIN_2021,
    KAZAKH_LATIN_2021_MARKS,
    KAZAKH_LATIN_COMMON,
)

CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # Kazakh letters
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Latin Kazakh letters that lose more than an accent (ş -> sh, not s; ý is у; ı is и/й in 2018)
    "ş": "sh", "ç": "ch", "ý": "u", "ı": "i",
}  # fmt: skip
_TABLE = str.maketrans(CYRILLIC_TO_LATIN)
_TABLE_2021 = str.maketrans({"ı": "y"})  # the 2021 alphabet writes ы as ı (2018: y)

# Spelling variants that Latin renderings of one name take (applied after transliteration, in order).
_FOLDS = (
    (re.compile(r"q"), "k"),  # Kazakh Latin қ
    (re.compile(r"kh"), "h"),  # Хасенов: Khasenov / Hasenov
    (re.compile(r"x"), "h"),
    (re.compile(r"w"), "v"),
    (re.compile(r"zh"), "j"),  # Жомарт: Zhomart / Jomart (both Latin Kazakh alphabets write ж as j)
    (re.compile(r"(?<=[aeiou])ye|^ye"), "e"),  # Ерлан / Yerlan, Тоқаев / Tokayev
    (re.compile(r"(?<=[aeou])i(?![aeiouy])"), "y"),  # Қайрат / Kairat / Qaırat: й after a vowel
    (re.compile(r"['’]s$"), ""),  # the English possessive: Tokayev's
)
_END = re.compile(r"(?:iy|ii|yi|y)$")  # Дмитрий / Dmitry / Dmitriy (-> i), once any ending is on
_DOUBLE = re.compile(r"(.)\1+")  # doubled letters: Battalova / Batalova

# Case endings of names, folded, that a query word is looked up with: Russian (Мукашева, Мукашеву,
# Мукашевым, Мукашевой, Мукашевых) and Kazakh (Мұқашевтың, Мұқашевқа, Мұқашевпен, Астанадағы), both
# harmonies. A capitalised query word is expanded (60-180 forms); the index keeps one folded form a word.
NAME_ENDINGS = (
    "a", "u", "e", "y", "i", "om", "em", "ym", "im", "oy", "oi", "ey", "yh", "ih", "ya", "yu", "oyu",
    "nyn", "nin", "dyn", "din", "tyn", "tin", "ga", "ge", "ka", "ke", "na", "ne", "ny", "ni", "dy", "di",
    "ty", "ti", "da", "de", "ta", "te", "nda", "nde", "dan", "den", "tan", "ten", "nan", "nen",
    "men", "ben", "pen", "dagy", "degi", "tagy", "tegi", "ndagy", "ndegi",
)  # fmt: skip
MIN_NAME_STEM = 3  # Ана, Асан, Ерке: shorter stems would meet unrelated names


def _is_2021(word: str) -> bool:
    return not KAZAKH_LATIN_2021_MARKS.isdisjoint(word)


def _spell(word: str) -> str:
    """Lower case, one script, no accents, spelling variants folded; the final y and doubled letters kept."""
    text = word.lower()
    if _is_2021(text):
        text = text.translate(_TABLE_2021)
    text = text.translate(_TABLE)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    for pattern, repl in _FOLDS:
        text = pattern.sub(repl, text)
    return text


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The folded Latin form of one word in any script: Мукашев -> mukashev, Battalova -> batalova,
    Qaırat -> kayrat."""
    return _finish(_spell(word))


def _finish(spelled: str) -> str:
    return _DOUBLE.sub(r"\1", _END.sub("i", spelled))


@lru_cache(maxsize=20_000)
def name_forms(word: str) -> tuple[str, ...]:
    """The folded forms a query word may take as a name in ru and kk: the word and its stem (the word less
    one case ending) with every case ending. `Мукашев` -> mukasheva, mukashevtyn, …; `Mukasheva` likewise."""
    spelled = _spell(word)
    if len(spelled) < MIN_NAME_STEM or not spelled.isalpha():
        return (fold(word),)  # и, ел, 2024: no name, and their forms would meet every short word
    stems = {spelled} | {
        spelled[: -len(end)]
        for end in NAME_ENDINGS
        if spelled.endswith(end) and len(spelled) - len(end) >= MIN_NAME_STEM
    }
    forms = {_finish(stem + ending) for stem in stems for ending in ("", *NAME_ENDINGS)}
    first = fold(word)
    return (first, *sorted(forms - {first}))


# ---- Latin Kazakh to Cyrillic ----------------------------------------------------------------------------

_LATIN_2018 = {**KAZAKH_LATIN_COMMON, **KAZAKH_LATIN_2018}
_LATIN_2021 = {**KAZAKH_LATIN_COMMON, **KAZAKH_LATIN_2021}
# Letter groups read as one unit: digraphs, and я/ю (2018 ıa/ıý, 2021 ya/yu/yo).
_UNITS = {"2018": re.compile(r"sh|ch|ıa|ıý|.", re.DOTALL), "2021": re.compile(r"ya|yu|yo|.", re.DOTALL)}
_VOWELS = frozenset("aeiouyıáäóöúüūýé")
MAX_CHOICES = 3  # ambiguous letters of a word tried both ways (up to 8 spellings); later ones take the first


def latin_alphabet(text: str) -> str | None:
    """'2018' or '2021' when a text's letters mark one Latin Kazakh alphabet, else None."""
    lower = text.lower()
    n2018 = sum(lower.count(ch) for ch in KAZAKH_LATIN_2018_MARKS)
    n2021 = sum(lower.count(ch) for ch in KAZAKH_LATIN_2021_MARKS)
    if n2018 == n2021:
        return None
    return "2018" if n2018 > n2021 else "2021"


def _choices(unit: str, after_vowel: bool, first: bool, alphabet: str) -> tuple[str, ...]:
    """The Cyrillic a unit of a Latin Kazakh word may stand for, most likely first."""
    if first and unit == "e":
        return ("е", "э")  # экономика, электр: э only starts loanwords
    if alphabet == "2018":
        if unit == "ıa":
            # я after a vowel (baıandama -> баяндама); after a consonant ия (komıssıa) or иа (olımpıada)
            return ("я",) if after_vowel or first else ("ия", "иа")
        if unit == "ıý":
            return ("ю",)  # bıýdjet -> бюджет
        if unit == "ı":
            return ("й",) if after_vowel else ("и",)  # saılaý -> сайлау, Prezıdent -> Президент
        return (_LATIN_2018.get(unit, unit),)
    if unit in ("ya", "yu", "yo"):
        return ("яюё"["auo".index(unit[1])],)
    if unit == "i":
        return ("і", "и")  # the 2021 alphabet writes both as i: bilim -> білім, ministr -> министр
    return (_LATIN_2021.get(unit, unit),)


def _spellings(word: str, alphabet: str) -> list[str]:
    options = []
    previous = ""
    for unit in _UNITS[alphabet].findall(word):
        choices = _choices(unit, previous in _VOWELS, not previous, alphabet)
        if len(choices) > 1 and sum(len(o) > 1 for o in options) >= MAX_CHOICES:
            choices = choices[:1]
        options.append(choices)
        previous = unit[-1]
    return ["".join(parts) for parts in product(*options)]


@lru_cache(maxsize=100_000)
def to_cyrillic(word: str, alphabet: str | None = None) -> tuple[str, ...]:
    """The Cyrillic spellings a lower-case Latin Kazakh word may stand for, most likely first: máslıhat ->
    мәслихат (2018); mäslihat -> мәсліхат, мәслихат (2021, whose i is both і and и). The word's own letters
    pick the alphabet, else `alphabet`, else both are tried."""
    if not KAZAKH_LATIN_2018_MARKS.isdisjoint(word):
        alphabet = "2018"
    elif _is_2021(word):
        alphabet = "2021"
    alphabets = (alphabet,) if alphabet else ("2018", "2021")
    return tuple(dict.fromkeys(s for a in alphabets for s in _spellings(word, a)))
