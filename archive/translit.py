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

# Spelling variants that Latin renderings of one name take (applied after transliteration, in order): letters
# replaced as they are, then patterns, each tried only on a word that holds its `needle`.
_LETTER_FOLDS = (
    ("q", "k"),  # Kazakh Latin қ
    ("kh", "h"),  # Хасенов: Khasenov / Hasenov
    ("x", "h"),
    ("w", "v"),
    ("zh", "j"),  # Жомарт: Zhomart / Jomart (both Latin Kazakh alphabets write ж as j)
)
_PATTERN_FOLDS = (  # (needle, pattern, replacement)
    ("ye", re.compile(r"(?<=[aeiou])ye|^ye"), "e"),  # Ерлан / Yerlan, Тоқаев / Tokayev
    ("i", re.compile(r"(?<=[aeou])i(?![aeiouy])"), "y"),  # Қайрат / Kairat / Qaırat: й after a vowel
    ("ov", re.compile(r"(sh|ch|ts|j)ov"), r"\1ev"),  # Мукашов / Мукашев, Mukashov / Mukashev: о or е after ш
    ("s", re.compile(r"['’]s$"), ""),  # the English possessive: Tokayev's
)
_END = ("iy", "ii", "yi", "y")  # Дмитрий / Dmitry / Dmitriy (-> i), once any ending is on
_DOUBLE = re.compile(r"(.)\1+")  # doubled letters: Battalova / Batalova

# Endings of Russian words, transliterated, that a spelling key may leave off: the case endings of names
# and nouns (Мукашева, Мукашеву, Мукашевым, Мукашевой, Мукашевых, Казахстана), and of nouns only (маслихатов,
# маслихатами: for a name they are part of it, Аскаров is not Асқар).
RUSSIAN_CASE_ENDINGS = (
    "a", "u", "e", "y", "i", "om", "em", "ym", "im", "oy", "ey", "yh", "ih", "ya", "yu", "oyu",
    "ogo", "ego", "omu", "emu",
)  # fmt: skip
RUSSIAN_NOUN_ENDINGS = ("ov", "ev", "ami", "ah", "am", "aya", "oe", "ye", "ie")
# The case endings of Kazakh names, transliterated, both harmonies (Мұқашевтың, Мұқашевқа, Жақсыбековтің,
# Тоқаевпен, Астанадағы): what a name in Kazakh text, in either script, may leave off.
KAZAKH_CASE_ENDINGS = (
    "nyn", "nin", "dyn", "din", "tyn", "tin", "ga", "ge", "ka", "ke", "na", "ne", "ny", "ni", "dy", "di",
    "ty", "ti", "da", "de", "ta", "te", "nda", "nde", "dan", "den", "tan", "ten", "nan", "nen",
    "men", "ben", "pen", "dagy", "degi", "tagy", "tegi", "ndagy", "ndegi",
)  # fmt: skip
_ENDINGS = {  # by length, longest first: {length: endings of that length}
    kind: {
        n: frozenset(e for e in endings if len(e) == n)
        for n in sorted({len(e) for e in endings}, reverse=True)
    }
    for kind, endings in (
        ("name", RUSSIAN_CASE_ENDINGS),
        ("noun", RUSSIAN_CASE_ENDINGS + RUSSIAN_NOUN_ENDINGS),
        ("kazakh name", KAZAKH_CASE_ENDINGS),
    )
}
MIN_SPELLING_STEM = 4  # letters a key keeps: shorter stems (ак, ел, Ана) would meet unrelated words
# Kazakh қ and х and Russian к and х stand for each other in loanwords and names (Қазақстан / Казахстан /
# Kazakhstan, мәслихат / маслихат / maslikhat): a key writes every h that is not part of sh or ch as k.
_H = re.compile(r"(?<![sc])h")


def _is_2021(word: str) -> bool:
    return not KAZAKH_LATIN_2021_MARKS.isdisjoint(word)


@lru_cache(maxsize=500_000)
def _spell(word: str) -> str:
    """Lower case, one script, no accents, spelling variants folded; the final y and doubled letters kept.
    (Cached: a word's keys spell it three ways, and a long tail of rare words misses the callers' caches.)"""
    text = word.lower()
    if _is_2021(text):
        text = text.translate(_TABLE_2021)
    text = text.translate(_TABLE)
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    for letters, repl in _LETTER_FOLDS:
        text = text.replace(letters, repl)
    for needle, pattern, repl in _PATTERN_FOLDS:
        if needle in text:
            text = pattern.sub(repl, text)
    return text


def _ends(spelled: str) -> str:
    """A folded word's final y (and ii, iy, yi) as i, and its doubled letters single."""
    for end in _END:
        if spelled.endswith(end):
            spelled = spelled[: -len(end)] + "i"
            break
    return _DOUBLE.sub(r"\1", spelled)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The folded Latin form of one word in any script: Мукашев -> mukashev, Battalova -> batalova,
    Qaırat -> kayrat."""
    return _ends(_spell(word))


@lru_cache(maxsize=500_000)
def spelling(word: str, ending: str | None = None) -> str:
    """The folded form of a word with х and қ merged: the key on which its Kazakh, Russian and English
    spellings meet (мәслихат, маслихат, maslikhat -> maslikat; Қазақстан, Казахстан, Kazakhstan ->
    kazakstan; Мұқашев, Мукашов, Mukashev -> mukashev). `ending` "name" leaves a Russian case ending off
    (Мукашевой -> mukashev), "noun" a noun's too (маслихатов -> maslikat), "kazakh name" a Kazakh case
    ending (Мұқашевтың, Muqashevtyń -> mukashev), where MIN_SPELLING_STEM letters stay; for a name the other
    noun endings are part of it (Аскаров is not Асқар)."""
    spelled = _spell(word)
    if ending is not None:
        for size, endings in _ENDINGS[ending].items():
            if len(spelled) - size >= MIN_SPELLING_STEM and spelled[-size:] in endings:
                spelled = spelled[:-size]
                break
    spelled = _ends(spelled)
    return _H.sub("k", spelled) if "h" in spelled else spelled


_NO_VOWELS = str.maketrans("", "", "aeiouy")
MIN_SKELETON = 5  # consonants a skeleton keeps: shorter ones (krg, mkt) would join unrelated words


def skeleton(key: str) -> str | None:
    """A spelling key's consonants, for long words whose vowels Kazakh and Russian write differently
    (Түркістан / Туркестан -> ~trkstn, Маңғыстау / Мангистау -> ~mngst); None when it would be short."""
    consonants = key.translate(_NO_VOWELS)
    return "~" + consonants if len(consonants) >= MIN_SKELETON else None


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
