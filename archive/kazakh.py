"""A rule-based Kazakh stemmer (a fact of the language, used by search and the glossary): strips case,
possessive and plural suffixes, guided by vowel harmony."""

from __future__ import annotations

import re
from functools import lru_cache

BACK_VOWELS = frozenset("аоұыя")
FRONT_VOWELS = frozenset("әөүіеэи")
VOWELS = BACK_VOWELS | FRONT_VOWELS | frozenset("уюё")
AMBIGUOUS_VOWELS = frozenset("уюёеиэ")  # loanwords take either harmony after these: Тоқаевтың, министрдің
VOICELESS = frozenset("пткқсшфхцчщбвгд")  # б в г д end loanwords and take т-suffixes: Тоқаевтың
MIN_STEM = 2  # letters a stem keeps: ел, іс, үй are roots

# News text rarely uses the first and second person (-ым, -ың, -ңдар) beyond "our" and the polite "your":
# leaving them out keeps заң, заңдар, теңіз whole.
# Suffix slots, from the end of the word inwards: a word is [stem][plural][possessive][case].
# Each entry: suffix -> what the stem must end with ("V" vowel, "C" consonant, "voiceless",
# "voiced" (voiced consonant or sonorant), "open" (a vowel other than ы/і: отырыс+ы, not отыры+сы),
# "poss3" (a third-person possessive before it; "poss3s" only -сы/-сі: жобасы+н, while жиын is a root),
# "" anything).
CASE: dict[str, str] = {
    # genitive
    "ның": "V|nasal", "нің": "V|nasal", "дың": "voiced", "дің": "voiced", "тың": "voiceless", "тің": "voiceless",
    # dative
    "ға": "voiced|V", "ге": "voiced|V", "қа": "voiceless", "ке": "voiceless", "на": "poss3", "не": "poss3",
    # accusative
    "ны": "open", "ні": "open", "ды": "voiced", "ді": "voiced", "ты": "voiceless", "ті": "voiceless",
    "н": "poss3s",
    # locative
    "да": "voiced|V", "де": "voiced|V", "та": "voiceless", "те": "voiceless", "нда": "poss3", "нде": "poss3",
    # ablative
    "дан": "voiced|V", "ден": "voiced|V", "тан": "voiceless", "тен": "voiceless",
    "нан": "nasal|poss3", "нен": "nasal|poss3",
    # instrumental
    "мен": "", "бен": "voiced|V", "пен": "voiceless", "менен": "", "бенен": "", "пенен": "",
    # equative / limitative
    "ша": "", "ше": "", "дай": "voiced|V", "дей": "voiced|V", "тай": "voiceless", "тей": "voiceless",
    # locative + -ғы/-гі (ауданДАҒЫ мектеп, облыстаҒЫ): news use it as often as the locative itself
    "дағы": "voiced|V", "дегі": "voiced|V", "тағы": "voiceless", "тегі": "voiceless",
    "ндағы": "poss3", "ндегі": "poss3",
}  # fmt: skip
POSSESSIVE: dict[str, str] = {
    "ымыз": "C", "іміз": "C", "мыз": "V", "міз": "V",
    "ыңыз": "C", "іңіз": "C",
    "сы": "open", "сі": "open", "ы": "C", "і": "C",
}  # fmt: skip
PLURAL: dict[str, str] = {
    "лар": "V|lr", "лер": "V|lr", "дар": "voiced", "дер": "voiced", "тар": "voiceless", "тер": "voiceless",
}  # fmt: skip
SLOTS = (CASE, POSSESSIVE, PLURAL)
# Roots that end like a suffix, which the rules above would cut (аудан is not ау + ablative -дан, басшы not
# басш + possessive -ы): the common news nouns and place names the rules over-stemmed in a written list of
# ~400 news words. A word is stemmed down to its root and no further; a suffix comes off a root's form even
# where the sound rules would not expect it (басшы+сы, қаржы+ны).
ROOTS = frozenset(
    "аудан майдан кешен жағдай сауда пайда орда ақорда қызылорда елорда бидай құдай ақша көше кеше тамша баға апта "
    "мақта тұлға оқиға төраға қазына қағида олимпиада мүше желі дәрі қаржы қаулы кеден өскемен алматы "
    "қарағанды отбасы зейнетақы жәрдемақы жалақы "
    "басшы хатшы елші сайлаушы оқушы сарапшы жазушы әнші суретші тілші малшы егінші жұмысшы қызметші "
    "сотталушы айыпталушы тергеуші құтқарушы өртсөндіруші "
    # -стан is not -с + ablative -тан in these (it is in облыстан, жұмыстан)
    "қазақстан өзбекстан қырғызстан тәжікстан түрікменстан ауғанстан пәкістан үндістан түркістан "
    "дағыстан татарстан башқұртстан".split()
)
MAX_SUFFIX = max(len(suffix) for slot in SLOTS for suffix in slot)
HARMONY_FREE = frozenset(("мен", "бен", "пен"))  # the instrumental keeps its е after back vowels too
DEVOICE = str.maketrans("гғб", "кқп")  # министрліг(і) -> министрлік: a final consonant voiced before a vowel
_POSS3 = ("ы", "і")
_PLURAL_POSS3 = re.compile(r"[лдт][ае]р[ыі]$")  # жұмыс+тар+ы before the accusative -н: never a root
# Roots that drop their last vowel before a vowel suffix: халық -> халқы, орын -> орны, ауыз -> аузы.
ELIDED = {"халқ": "халық", "орн": "орын", "ауз": "ауыз", "мұрн": "мұрын", "ерн": "ерін", "қарн": "қарын",
          "көңл": "көңіл"}  # fmt: skip


def _last_vowel(word: str) -> str | None:
    return next((ch for ch in reversed(word) if ch in VOWELS), None)


def _harmonizes(stem: str, suffix: str) -> bool:
    """A suffix's vowel agrees with the stem's last vowel (back with back, front with front)."""
    if suffix in HARMONY_FREE:
        return True
    vowel = _last_vowel(suffix)
    last = _last_vowel(stem)
    if vowel is None or last is None or last in AMBIGUOUS_VOWELS:
        return True
    return (vowel in BACK_VOWELS) == (last in BACK_VOWELS)


def _fits(stem: str, condition: str) -> bool:
    """The stem's final sound allows the suffix (consonant assimilation of the suffix's first letter)."""
    if not condition:
        return True
    end = stem[-1]
    for cond in condition.split("|"):
        if (
            (cond == "V" and end in VOWELS)
            or (cond == "open" and end in VOWELS and end not in "ыі")
            or (cond == "C" and (end not in VOWELS or end == "у"))  # у is a consonant (w) here: сайлау+ы
            or (cond == "voiceless" and end in VOICELESS)
            or (cond == "voiced" and (end == "у" or (end not in VOWELS and end not in VOICELESS)))
            or (cond == "nasal" and end in "мнң")
            or (cond == "lr" and end in "йуржз")
            or (cond == "poss3" and stem.endswith(_POSS3))
            or (cond == "poss3s" and (stem.endswith(("сы", "сі")) or _PLURAL_POSS3.search(stem) is not None))
        ):
            return True
    return False


def _is_root_form(stem: str, suffix: str) -> bool:
    """The stem is a root, or a root and its possessive -ы/-і before the accusative -н (жағдай+ы+н)."""
    return stem in ROOTS or (suffix == "н" and stem.endswith(_POSS3) and stem[:-1] in ROOTS)


def _strip(word: str, suffixes: dict[str, str]) -> str:
    """The word less its longest suffix of this slot that harmony, assimilation and length allow."""
    for size in range(min(MAX_SUFFIX, len(word) - MIN_STEM), 0, -1):
        suffix = word[-size:]
        condition = suffixes.get(suffix)
        if condition is None:
            continue
        stem = word[:-size]
        if _is_root_form(stem, suffix) or (
            _last_vowel(stem) is not None and _harmonizes(stem, suffix) and _fits(stem, condition)
        ):
            return stem
    return word


def _root_of(word: str, stem: str) -> str | None:
    """The longest root the word begins with that the stem cut short (ауда+ны -> аудан+ы), else None."""
    return next((word[:n] for n in range(len(word), len(stem), -1) if word[:n] in ROOTS), None)


@lru_cache(maxsize=100_000)
def stem(original: str) -> str:
    """The stem of a lowercase Kazakh word: мәслихаттарға -> мәслихат, депутаттарының -> депутат,
    аудандарда -> аудан (a root, kept whole)."""
    word = original
    for suffixes in SLOTS:
        if word in ROOTS:
            break
        word = _strip(word, suffixes)
    word = _root_of(original, word) or ELIDED.get(word, word)
    return word[:-1] + word[-1:].translate(DEVOICE)


STOP_WORDS = frozenset(
    "және мен бен пен да де та те бұл осы сол ол олар біз сіз үшін туралы бойынша арқылы кейін дейін "
    "қатысты сондай ақ әрі не немесе бірақ еді екен болып болды болады болса деп деді жылы жыл ғана тек "
    "барлық әр бір екі сияқты ретінде".split()
)


# The case suffixes a word takes, by the sound it ends with (nasal-specific forms first): for the interface's
# phrases that govern a case, "қаңтарДАН бастап" (from January), "желтоқсанҒА дейін" (until December).
_CASE_FORMS = {
    "ablative": ("нан", "нен", "дан", "ден", "тан", "тен"),
    "dative": ("ға", "ге", "қа", "ке"),
}


def inflect(word: str, case: str) -> str:
    """A Kazakh word in the ablative or the dative: the suffix chosen by vowel harmony (the last vowel: back
    or front) and the word's final sound, from the suffix table the stemmer strips."""
    if case not in _CASE_FORMS:
        raise ValueError(f"no Kazakh case {case!r} (use {', '.join(_CASE_FORMS)})")
    back = _last_vowel(word.lower()) in BACK_VOWELS
    for suffix in _CASE_FORMS[case]:
        condition = "|".join(c for c in CASE[suffix].split("|") if not c.startswith("poss"))
        if (_last_vowel(suffix) in BACK_VOWELS) == back and _fits(word.lower(), condition):
            return word + suffix
    return word
