"""Language identification for kk, ru and en: lingua restricted to the three languages, plus script rules."""

from __future__ import annotations

import re
import threading
from typing import Any

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
MAX_CHARS = 3000
MIN_MASKED_LETTERS = 12  # below this many letters left after masking, judge the whole text instead
# lingua's trigram-only mode: on our labelled set exactly as accurate as the full mode (short titles
# included), ~1.5x faster per text and ~7x faster to load (~0.1 s against ~0.7 s): see bench/langid_accuracy.py.
LOW_ACCURACY = True

_QUOTED = re.compile(r"«[^«»]*»|„[^„“”]*[“”]|“[^“”]*”|\"[^\"]*\"")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_KAZAKH = re.compile(f"[{''.join(sorted(KAZAKH_LETTERS))}]")
# Russian spellings of Kazakh institutions: Kazakh itself writes мәслихат, Мәжіліс, әкім.
_RUSSIAN_SPELLING = re.compile(r"(?<!\w)(?:маслихат|мажилис|аким)", re.IGNORECASE)
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
    return len(_LETTER.findall(text)), len(_CYRILLIC.findall(text)), len(_KAZAKH.findall(text))


def _drop_kazakh_name(m: re.Match[str]) -> str:
    word = m.group()
    return " " if word[0].isupper() and not KAZAKH_LETTERS.isdisjoint(word) else word


def mask_quotes_and_names(text: str) -> str:
    """The text without quoted spans and without capitalised words that carry Kazakh letters.

    Russian news quote Kazakh programme titles («Рухани жаңғыру») and Kazakh names (Қасым-Жомарт,
    село Қаратөбе); those words say nothing about the language of the sentence around them.
    """
    return _WORD.sub(_drop_kazakh_name, _QUOTED.sub(" ", text))


def detect_with(
    text: str, *, mask: bool = True, spelling: bool = True, low_accuracy: bool = LOW_ACCURACY
) -> str | None:
    """detect() with its options exposed, for the benchmark that chose them."""
    letters, cyr, kaz = script_counts(text)
    if not letters:
        return None
    if cyr * 2 < letters:
        # Mostly Latin script: transliterated Kazakh names (Mazhilis, Zhetysu) stay English.
        return "en"
    if spelling and not kaz and _RUSSIAN_SPELLING.search(text):
        # No Kazakh letter at all, and a Kazakh institution spelled the Russian way ("Сессия маслихата").
        return "ru"
    if mask:
        masked = mask_quotes_and_names(text)
        if script_counts(masked)[0] >= MIN_MASKED_LETTERS:
            text = masked
    code = _codes.get(_get_detector(low_accuracy).detect_language_of(text))
    if code is None or code == "en":
        # Cyrillic text lingua cannot place: Kazakh letters decide.
        return "kk" if kaz else "ru"
    return code


def detect(text: str) -> str | None:
    """'kk', 'ru', 'en', or None for text with no letters to judge. Deterministic.

    Only the first MAX_CHARS characters are read: a story's language is plain from its opening,
    and the rest of a long page costs time for nothing.
    """
    return detect_with(text[:MAX_CHARS])
