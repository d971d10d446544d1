"""Language identification for kk, ru and en: lingua restricted to the three languages, plus script rules.

A page's declared language (its URL prefix, hreflang, <html lang>) weighs in where the text's own evidence
is weak: random Latin letters under lang="en" are no Latin-script Kazakh, a Cyrillic heading lingua barely
places keeps the language its page declares; strong evidence (Russian sentences under /kk/) wins.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from archive.languages import KAZAKH_LATIN_MARKS, KAZAKH_LETTERS, SCRIPTS
from archive.normalize.wordlists import ENGLISH_WORDS, KAZAKH_LATIN_WORDS, RUSSIAN_SPELLINGS

# Characters of a text read (its opening): on 1,813 generated stories of 2,448 characters on average, 1,000 gave
# the tag 3,000 gave for every one, in 0.48 ms a text against 0.86 (most of it lingua's).
MAX_CHARS = 1000
MIN_MASKED_LETTERS = 12  # below this many letters left after masking, judge the whole text instead
# lingua's trigram-only mode: on our labelled set exactly as accurate as the full mode (short titles
# included), ~1.5x faster per text and ~7x faster to load (~0.1 s against ~0.7 s): see bench/langid_accuracy.py.
LOW_ACCURACY = True
# A declared language whose share of lingua's confidence is at least this is the text's language: lingua
# puts 1.0 on its choice for a sentence or more, and splits it only for a word or two ("Сенат": ru 0.72).
DECLARED_SHARE = 0.2

_QUOTED = re.compile(r"«[^«»]*»|„[^„“”]*[“”]|“[^“”]*”|\"[^\"]*\"")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Letters of each kind, matched a run at a time and counted by the runs' lengths: one match a run of
# letters, not one a letter.
_LETTERS = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+")
_KAZAKH = re.compile(f"[{''.join(sorted(KAZAKH_LETTERS))}]+")
# Russian spellings of Kazakh institutions: Kazakh itself writes мәслихат, Мәжіліс, әкім.
_RUSSIAN_SPELLING = re.compile(rf"(?<!\w)(?:{'|'.join(RUSSIAN_SPELLINGS)})", re.IGNORECASE)
# Latin-script Kazakh (lingua has none): a word is Kazakh evidence when it carries a letter of either Latin
# alphabet that English lacks (á ǵ ı ń ó ú ý; ä ğ ñ ö ş ū ü), a q not before u (qazaq, halyqaralyq), a
# plural or genitive ending, or is a function word; English evidence is an English function word (the
# function words are in archive.normalize.wordlists). The endings: plural, genitive, instrumental after a possessive, converb -ып, past -ті/-ді, "our …" in the locative
_KAZAKH_LATIN_ENDING = re.compile(
    r"(?:lar|ler|lary|leri|ları|[nt]y[ńn]|[nt]i[ńn]|[nd]ı[ñn]|d[yi]ń|[dt]i[ñn]|[yı]men|imen|[nl][yı]p"
    r"|\w{3}[td]i|imizde|ymyzda|ımızda)$"
)
_Q = re.compile(r"q(?!u)")
_lock = threading.Lock()
_detectors: dict[bool, Any] = {}
_codes: dict[Any, str] = {}


def _get_detector(low_accuracy: bool = LOW_ACCURACY) -> Any:
    """The lingua detector for kk/ru/en, built once per process on first use, never at import."""
    det = _detectors.get(low_accuracy)
    if det is None:
        with _lock:
            det = _detectors.get(low_accuracy)
            if det is None:
                from lingua import Language, LanguageDetectorBuilder

                langs = (Language.KAZAKH, Language.RUSSIAN, Language.ENGLISH)
                _codes.update({lang: lang.iso_code_639_1.name.lower() for lang in langs})
                builder = LanguageDetectorBuilder.from_languages(*langs)
                if low_accuracy:
                    builder = builder.with_low_accuracy_mode()
                det = _detectors[low_accuracy] = builder.build()
    return det


def script_counts(text: str) -> tuple[int, int, int]:
    """(letters, Cyrillic letters, Kazakh-specific letters) of a text."""
    return _count(_LETTERS, text), _count(_CYRILLIC, text), _count(_KAZAKH, text)


def _count(pattern: re.Pattern[str], text: str) -> int:
    """How many characters of the text the pattern's runs cover."""
    return sum(map(len, pattern.findall(text)))


def script(text: str) -> str | None:
    """The ISO 15924 code of the script most of a text's letters are in: "Cyrl", "Latn" or "Arab"."""
    return _script(text)[0]


def _script(text: str) -> tuple[str | None, int]:
    """(script, Kazakh-specific letters) of a text, counted in one pass of each pattern."""
    letters, cyr, kaz = script_counts(text)
    if not letters:
        return None, kaz
    if cyr * 2 >= letters:
        return "Cyrl", kaz
    return ("Arab" if _count(_ARABIC, text) * 2 >= letters else "Latn"), kaz


def _drop_kazakh_name(m: re.Match[str]) -> str:
    word = m.group()
    return " " if word[0].isupper() and not KAZAKH_LETTERS.isdisjoint(word) else word


def is_latin_kazakh(text: str, declared: str | None = None) -> bool:
    """Latin-script text that reads as Kazakh: more words of Kazakh evidence than English, two at least.

    "Qyrǵyzstanda halyqaralyq is-sharalar tendersiz ótkiziledi" is Kazakh (four of five words); English with
    transliterated names ("Senator Qasym met the akim of Aqtobe") has more English function words. Against a
    page that declares English only strong evidence counts (a letter English lacks, a Kazakh function
    word): endings and q's alone are what random letters have too."""
    strong = weak = english = 0
    for word in _WORD.findall(text):
        lower = word.lower()
        if lower in ENGLISH_WORDS:
            english += 1
        elif lower in KAZAKH_LATIN_WORDS or not KAZAKH_LATIN_MARKS.isdisjoint(lower):
            strong += 1
        elif _KAZAKH_LATIN_ENDING.search(lower) or (word.islower() and _Q.search(word)):
            weak += 1
    kazakh = strong if declared == "en" else strong + weak
    return kazakh >= 2 and kazakh > english


def mask_quotes_and_names(text: str) -> str:
    """The text without quoted spans and without capitalised words that carry Kazakh letters.

    Russian news quote Kazakh programme titles («Рухани жаңғыру») and Kazakh names (Қасым-Жомарт,
    село Қаратөбе); those words say nothing about the language of the sentence around them.
    """
    return _WORD.sub(_drop_kazakh_name, _QUOTED.sub(" ", text))


def detect_with(
    text: str,
    *,
    declared: str | None = None,
    mask: bool = True,
    spelling: bool = True,
    low_accuracy: bool = LOW_ACCURACY,
) -> str | None:
    """detect() with its options exposed, for the benchmark that chose them."""
    return _detect(text, *_script(text), declared, mask=mask, spelling=spelling, low_accuracy=low_accuracy)


def _detect(
    text: str,
    written: str | None,
    kaz: int,
    declared: str | None,
    *,
    mask: bool = True,
    spelling: bool = True,
    low_accuracy: bool = LOW_ACCURACY,
) -> str | None:
    if written is None:
        return None
    if written == "Arab":
        # Of the archive's languages only Kazakh is written in the Arabic script (by the Kazakhs of China,
        # and in older documents); lingua knows no Arabic-script Kazakh.
        return "kk"
    if written == "Latn":
        # Kazakh in a Latin alphabet, else English (whose transliterated Kazakh names, Mazhilis, Zhetysu,
        # stay English).
        return "kk" if is_latin_kazakh(text, declared) else "en"
    if spelling and not kaz and _RUSSIAN_SPELLING.search(text):
        # No Kazakh letter at all, and a Kazakh institution spelled the Russian way ("Сессия маслихата").
        return "ru"
    if mask:
        masked = mask_quotes_and_names(text)
        if script_counts(masked)[0] >= MIN_MASKED_LETTERS:
            text = masked
    detector = _get_detector(low_accuracy)
    code = _codes.get(detector.detect_language_of(text))
    if code is None or code == "en":
        # Cyrillic text lingua cannot place: Kazakh letters decide.
        code = "kk" if kaz else "ru"
    if declared in ("kk", "ru") and code != declared and _share(detector, text, declared) >= DECLARED_SHARE:
        return declared
    return code


def _share(detector: Any, text: str, lang: str) -> float:
    """lingua's confidence (0 to 1) that the text is in `lang`."""
    return next(
        (c.value for c in detector.compute_language_confidence_values(text) if _codes[c.language] == lang),
        0.0,
    )


def detect(text: str, declared: str | None = None) -> str | None:
    """'kk', 'ru', 'en', or None for text with no letters to judge. Deterministic. `declared` is the
    language the page declares, if any: it wins where the text's evidence against it is weak.

    Only the first MAX_CHARS characters are read: a story's language is plain from its opening,
    and the rest of a long page costs time for nothing.
    """
    return detect_with(text[:MAX_CHARS], declared=declared)


def language_tag(text: str, declared: str | None = None) -> str | None:
    """The language a text is written in, as a tag: "kk", "ru", "en", with the script when it is not the
    language's usual one ("kk-Arab", "kk-Latn"); None for text with no letters."""
    text = text[:MAX_CHARS]
    written, kaz = _script(text)
    lang = _detect(text, written, kaz, declared)
    if lang is None:
        return None
    return lang if written == SCRIPTS[lang] else f"{lang}-{written}"
