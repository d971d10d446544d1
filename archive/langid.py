"""Language identification for kk, ru and en (placeholder until measured: see the langid issue work)."""

from __future__ import annotations

_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def detect(text: str) -> str | None:
    """'kk', 'ru', 'en', or None for text with no letters to judge."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    if sum(ch in _KAZAKH_LETTERS for ch in letters) >= 3:
        return "kk"
    cyr = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
    return "ru" if cyr > len(letters) / 2 else "en"
