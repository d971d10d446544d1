"""The languages of the archive and the letters that tell them apart: defined here once, derived elsewhere."""

from __future__ import annotations

from collections.abc import Iterable

from archive.errors import BadUsage

LANGS = ("kk", "ru", "en")  # the archive's languages, in the order they are listed everywhere
# The script each is usually written in (ISO 15924); a text in another one is tagged with it ("kk-Arab").
SCRIPTS = {"kk": "Cyrl", "ru": "Cyrl", "en": "Latn"}

# The nine letters of the Kazakh Cyrillic alphabet that Russian lacks (lower case, then upper case).
KAZAKH_LOWER = "әғқңөұүһі"
KAZAKH_UPPER = KAZAKH_LOWER.upper()
KAZAKH_LETTERS = frozenset(KAZAKH_LOWER + KAZAKH_UPPER)

# Capital letters of the three languages' scripts, as a regular-expression class body ("[" + ... + "]").
CAPITALS = "A-ZА-ЯЁ" + KAZAKH_UPPER
# Lower-case Cyrillic letters of Russian and Kazakh, likewise.
CYRILLIC_LOWER = "а-яё" + KAZAKH_LOWER

# Kazakh in the Latin script, both official alphabets, letter -> Cyrillic (lower case; digraphs first).
# 2018 (acutes; the state news agency's spelling): ı is и/й, y is ы, u is ұ, ý is у.
KAZAKH_LATIN_2018 = {
    "sh": "ш", "ch": "ч", "á": "ә", "ǵ": "ғ", "ń": "ң", "ó": "ө", "ú": "ү", "ý": "у", "ı": "и", "y": "ы",
    "u": "ұ", "i": "і", "q": "қ", "j": "ж", "h": "х", "c": "ц", "w": "у", "x": "х",
}  # fmt: skip
# 2021 (umlauts and breves): ı is ы, y is й, u is у, ū is ұ; i is і (and и).
KAZAKH_LATIN_2021 = {
    "ş": "ш", "ç": "ч", "ä": "ә", "ğ": "ғ", "ñ": "ң", "ö": "ө", "ü": "ү", "ū": "ұ", "ı": "ы", "y": "й",
    "u": "у", "i": "і", "q": "қ", "j": "ж", "h": "х", "c": "ц", "w": "у", "x": "х",
}  # fmt: skip
# Letters both alphabets share with the Russian transliteration of Cyrillic.
KAZAKH_LATIN_COMMON = dict(zip("abdefgklmnoprstvz", "абдефгклмнопрствз", strict=True))
# The letters that mark each alphabet (neither English nor the other alphabet has them).
KAZAKH_LATIN_2018_MARKS = frozenset("áǵńóúý")
KAZAKH_LATIN_2021_MARKS = frozenset("äğñöşūüç")
KAZAKH_LATIN_MARKS = KAZAKH_LATIN_2018_MARKS | KAZAKH_LATIN_2021_MARKS | {"ı"}


def parse_langs(value: str | Iterable[str]) -> list[str]:
    """`kk,ru` (or a list of codes) as ["kk", "ru"], spaces and case aside; BadUsage names a code that is
    none of the archive's languages."""
    items = value.split(",") if isinstance(value, str) else value
    langs = [item.strip().lower() for item in items if item.strip()]
    bad = [lang for lang in langs if lang not in LANGS]
    if bad:
        raise BadUsage(f"unknown language {', '.join(bad)} (use {', '.join(LANGS)})")
    return langs
