"""Publication dates: parsing one date string and finding the date a text states near its top (kk/ru/en)."""

from __future__ import annotations

import re
from datetime import date

from archive.errors import BadUsage
from archive.languages import CYRILLIC_LOWER, LANGS
from archive.normalize.wordlists import (
    EN_MONTHS,
    KK_MONTHS,
    RU_MAY,
    RU_MONTH_ABBREVIATIONS,
    RU_MONTHS,
    WEEKDAYS,
)

MIN_YEAR, MAX_YEAR = 1990, 2100

_EN_MONTHS = {name[:3]: n for n, name in enumerate(EN_MONTHS, 1)}  # "sep": 9
_RU_MONTHS = {stem: n for n, stem in enumerate(RU_MONTHS, 1)}
_KK_MONTHS = {name: n for n, name in enumerate(KK_MONTHS, 1)}
_RU_ABBR = {abbr: n for n, abbr in enumerate(RU_MONTH_ABBREVIATIONS, 1) if abbr}

_EN_WORD = rf"(?:{'|'.join(_EN_MONTHS)}|sept)[a-z]*\.?"
_CYR_WORD = rf"[{CYRILLIC_LOWER}]+\.?"
_DAY = r"(?P<d>[0-3]?\d)"
_YEAR = r"(?P<y>(?:19|20|21)\d\d)"

_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"(?<!\d){_YEAR}-(?P<m>[01]?\d)-{_DAY}(?!\d)",  # ISO 2020-10-21 (also 2020-10-21T10:00)
        rf"(?<![\d.]){_DAY}[./](?P<m>[01]?\d)[./]{_YEAR}(?![\d.]\d)",  # 21.10.2020
        rf"\b(?P<mw>{_EN_WORD})\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}\b",  # September 22nd, 2020
        rf"(?<!\d){_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mw>{_EN_WORD})\s*,?\s+{_YEAR}\b",  # 22 September 2020
        rf"(?<!\d){_DAY}[»\"]?\s+(?P<mw>{_CYR_WORD})\s+{_YEAR}(?!\d)",  # «22» ноября 2023 г. / 22 қыркүйек 2023 ж.
        rf"(?<!\d){_YEAR}\s*(?:жылғы|жылы|ж\.)?\s*[«\"]?{_DAY}[»\"]?\s+(?P<mw>{_CYR_WORD})",  # 2023 жылғы 22 қыркүйекте
    )
)

_WEEKDAY_WORDS = "|".join(sorted(WEEKDAYS))
# What may surround a date on a line that is only a date: weekday, "г."/"года"/"ж."/"жыл", a time.
_DATE_LINE_NOISE = re.compile(
    rf"\b(?:{_WEEKDAY_WORDS})\b|\bгода?\b\.?|\bг\.|\bж\.|\bжылғы\b|\bжылы\b|\d{{1,2}}:\d\d(?::\d\d)?|[\s,.|/–—«»\"-]",
    re.IGNORECASE,
)

_DATE_LINE_MAX = 64  # "Wednesday, September 22nd, 2020, 14:30" fits; a sentence does not
_TOP_LINES = 6  # a stated publication date is on one of the first lines of a text
_TOP_CHARS = 200  # … and near the start of that line ("On September 18, 2024, …")


def iso_day(value: str) -> str:
    """A day a user gives (an option, a URL parameter) as YYYY-MM-DD; BadUsage for anything else."""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadUsage(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def parse_date(s: str, lang: str | None = None) -> str | None:
    """The ISO date one string states ("21.10.2020", "22 ноября 2023 г.", …); None without day, month, year."""
    if not s:
        return None
    first = next(_iter_dates(s), None)
    if first:
        return first[0]
    return _parse_with_dateparser(s, lang) if len(s) <= 64 else None


def find_date(text: str, lang: str | None = None) -> str | None:
    """The publication date a text states near its top: a date line, or a date early in a first line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_TOP_LINES]
    for line in lines:
        if is_date_line(line):
            return parse_date(line, lang)
    for line in lines:
        for iso, start in _iter_dates(line[: _TOP_CHARS + 40]):
            if start <= _TOP_CHARS:
                return iso
    return None


def is_date_line(line: str) -> bool:
    """True for a line that holds one full date and nothing else but a weekday, a time or "г."."""
    if len(line) > _DATE_LINE_MAX:
        return False
    found = list(_iter_spans(line))
    if len(found) != 1:
        return False
    _iso, start, end = found[0]
    rest = line[:start] + " " + line[end:]
    return _DATE_LINE_NOISE.sub("", rest) == ""


def without_dates(s: str) -> str:
    """The string with every date it states taken out (a space in place of each)."""
    parts, last = [], 0
    for _iso, start, end in _iter_spans(s):
        parts.append(s[last:start])
        last = end
    return " ".join([*parts, s[last:]])


def _iter_dates(s: str):
    """(iso, start) for each valid date in s, in order of position."""
    for iso, start, _end in _iter_spans(s):
        yield iso, start


def _iter_spans(s: str):
    spans: list[tuple[int, int, str]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(s):
            iso = _to_iso(m)
            if iso and not any(a <= m.start() < b for a, b, _ in spans):
                spans.append((m.start(), m.end(), iso))
    for start, end, iso in sorted(spans):
        yield iso, start, end


def _to_iso(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    month = int(groups["m"]) if groups.get("m") else month_number(groups.get("mw") or "")
    if not month:
        return None
    return _valid_iso(int(groups["y"]), month, int(groups["d"]))


def month_number(word: str) -> int | None:
    """The month a kk/ru/en month word names (наурызда, марта, March, Sept.), else None."""
    w = word.lower().rstrip(".")
    if w[:3] in _EN_MONTHS and w.isascii():
        full = EN_MONTHS[_EN_MONTHS[w[:3]] - 1]
        return _EN_MONTHS[w[:3]] if full.startswith(w) or w == "sept" else None
    for table in (_KK_MONTHS, _RU_MONTHS):
        for stem, number in table.items():
            if w.startswith(stem) and _plausible_inflection(w, stem):
                return number
    return _RU_ABBR.get(w[:3]) if len(w) <= 4 else None


def _plausible_inflection(word: str, stem: str) -> bool:
    """Guards short stems: "ма" is May only as май/мая/мае, not "марта" (a different stem) or "мамыр"."""
    if stem == "ма":
        return word in RU_MAY
    return len(word) - len(stem) <= 6


def _valid_iso(year: int, month: int, day: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _parse_with_dateparser(s: str, lang: str | None) -> str | None:
    """Other absolute forms ("Sept. 22, 2020", "22 нояб. 2023"); never relative, never a guessed year."""
    import dateparser  # slow to import: only when our own patterns found nothing

    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["custom-formats", "absolute-time"],
        "DATE_ORDER": "DMY",
    }
    languages = [lang] if lang in LANGS else ["en", "ru", "kk"]
    try:
        parsed = dateparser.parse(s, languages=languages, settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return _valid_iso(parsed.year, parsed.month, parsed.day) if parsed else None
