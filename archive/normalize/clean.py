"""Cleaning of plain text and extracted paragraphs: navigation, repeated titles, source lines, widgets."""

from __future__ import annotations

import re

from archive.languages import CAPITALS
from archive.models import Extracted
from archive.normalize.dates import find_date, is_date_line, without_dates
from archive.normalize.tables import CELL_SEPARATOR
from archive.normalize.wordlists import (
    COPYRIGHT_PHRASES,
    COUNTER_LABELS,
    CREDIT_LABELS,
    GLUED_NAVIGATION,
    NAVIGATION_LINES,
    PANEL_LABELS,
    PUBLISHER_KAZAKH,
    PUBLISHER_WORDS,
    RELATED_HEADINGS,
    SECTION_NAMES,
    SOCIAL_WORDS,
    SOURCE_LABELS,
    WIDGET_LABELS,
)
from archive.terminal import BIDI_CONTROLS

_UPPER = CAPITALS
# ESC sequences: CSI (`ESC [ 31 m`), OSC/DCS/PM/APC strings up to BEL or ST, and two-character ones.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]P^_]|[\x90\x9d-\x9f])[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[@-Z\\-_]"
)
_LINE_BREAKS = re.compile(r"[\r\x0b\x0c\x85]")
_CONTROLS = re.compile(rf"[\x00-\x08\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
# What any of the three changes starts with: a control, CR, vertical tab, form feed or NEL (ESC and CSI are
# controls themselves).
_ANY_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_NAV_CASED = rf"(?:{GLUED_NAVIGATION})"
_NAV_WORDS = rf"(?i:{_NAV_CASED})"
# "HomepageA training …", "Homepage The …": a navigation word glued to the next line's text
# (not the first word of an all-capitals title such as "ГЛАВНАЯ ЗАДАЧА …").
_GLUED_NAV = re.compile(rf"^(?:{_NAV_WORDS}(?=[{_UPPER}\"«“])|{_NAV_CASED}\s+(?=[{_UPPER}\"«“]))")
# "Главная / Новости / …", "Homepage » News": a breadcrumb trail.
_BREADCRUMB = re.compile(rf"^(?:{_NAV_WORDS}|home)\s*[/>»|›→]", re.IGNORECASE)
_SOURCE = re.compile(rf"^(?:{SOURCE_LABELS})\s*[:：—–-]\s*\S", re.IGNORECASE)
# The first line of a press service's text file that names the publisher, not the story:
# "Пресс-служба Сената Парламента РК", "Senate of the Parliament … | Press releases".
_PUBLISHER = re.compile(
    rf"^(?:[^|]{{0,80}}\|\s*)?(?:{PUBLISHER_WORDS}|[^|]{{0,60}}{PUBLISHER_KAZAKH})|\|\s*(?:{SECTION_NAMES})$",
    re.IGNORECASE,
)
_PUBLISHER_MAX = 120  # a publisher line is a name, never a paragraph
# Short widget lines news skins print around a story: a label with a number, a date, or nothing
# ("Просмотров: 1 234", "Views: 57", "Қаралым: 88", "Обновлено: 12.03.2024 10:15", "Версия для печати").
_NUMBER = r"\d[\d\s.,]*\s*[KkКкMМ]?"
# One item of a line of metadata once its dates are out: a time, a labelled number, a widget's label
# ("10:15", "Просмотров: 610", "610 просмотров", "Views 610", "Печать"); each matched whole (atomic), so that
# a long line of digits cannot make the pattern try every way to cut it.
_COUNT = r"\d{1,3}(?:[\s.,]\d{3})*(?:[.,]\d+)?(?:\s?[KkКкMМ](?!\w))?"
_META_ITEM = (
    rf"(?>\d{{1,2}}:\d\d(?::\d\d)?|(?:{COUNTER_LABELS})\s*[:：]?\s*{_COUNT}|{_COUNT}\s*(?:{COUNTER_LABELS})"
    rf"|(?:{WIDGET_LABELS})(?:\s*[:：]\s*{_COUNT})?|г\.|ж\.|года|жылы|[|·•,;])"
)
_META_LINE = re.compile(rf"^\s*(?:{_META_ITEM}(?:\s+|$|(?=[|·•,;])))+$", re.IGNORECASE)
_WHEN = r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\s+\w+\s+\d{4})(?:\s*(?:г\.|ж\.|года|жылы))?(?:,?\s*\d{1,2}:\d\d)?"
_FONT_BUTTONS = r"(?:[AaАа]\s*[+−-]?\s*)+"  # "A+ A-", "A A A"
_COUNTER = re.compile(
    rf"^(?:(?:{COUNTER_LABELS})\s*[:：]?\s*{_NUMBER}|{_NUMBER}\s*(?:{COUNTER_LABELS}))$", re.IGNORECASE
)
_WIDGET = re.compile(
    rf"^(?:(?:{WIDGET_LABELS}|{COUNTER_LABELS})\s*[:：]?\s*(?:{_WHEN}|{_NUMBER}|{_FONT_BUTTONS})?"
    rf"|{_FONT_BUTTONS}|\d{{1,2}}:\d\d)$",
    re.IGNORECASE,
)
_CREDIT = re.compile(rf"^(?:(?:{CREDIT_LABELS})\s*[:：—–-]|photos? by\s)\s*\S", re.IGNORECASE)
_CREDIT_MAX = 90  # "Фото: пресс-служба Сената" — a caption sentence is longer
_WIDGET_MAX = 120  # "Просмотров: 1 234 | Версия для печати | A+ A-" — never a body paragraph
_SEGMENTS = re.compile(r"\s+[|·•]\s+|\s*\|\s*")
_PANEL_OPTION_MAX = 40  # the panel's options are a word or two; a story's first line is longer
_COPYRIGHT = re.compile(rf"^(?:©|\(c\)|copyright\b)|{COPYRIGHT_PHRASES}", re.IGNORECASE)
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)$")
_SENTENCE_BREAK = re.compile(rf"[.!?»]\s+[{_UPPER}]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_TITLE_MAX = 300  # a first line longer than this is a paragraph, not a title
_TOP_BLOCK = 8  # a title is repeated within the first lines of a text
_PROBE = 24  # characters of a title looked for where a repetition may start
_END_PUNCT = '.!?:;»"”)'
TITLE_MIN = 12  # a shorter title ("Новости") is too common a string to find the page's chrome by
_CUT = re.compile(r"\.\.\.|…")
_CRUMB_SEPARATORS = re.compile(r"\s*[»›>/→|·•]\s*")
_LEFTOVER_WORDS = 3  # besides a title, chrome holds a label at most ("Тема дня:", "По теме", "Главная »")
_CRUMB_WORDS = 4  # … or a trail of crumbs of a few words each ("Баспасөз орталығы » Сенат хабарлары »")
_WORD = re.compile(r"[^\W\d_]+")


def strip_controls(text: str) -> str:
    """Text without terminal escape sequences, C0/C1 control characters and bidi controls, which are never
    news text (an OSC title or a colour code would reach a terminal, U+202E reverse what follows it). Tab
    and newline stay; CR, vertical tab and form feed become newlines; an ESC sequence goes whole."""
    if _ANY_CONTROL.search(text) is None:  # most pages hold none: one pass, not four
        return text
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", _ESCAPE_SEQUENCE.sub("", text.replace("\r\n", "\n"))))


def clean_text(text: str) -> Extracted:
    """What a plain-text file holds: title (first meaningful line), date, body paragraphs, source line.

    A first line naming the publisher ("Пресс-служба Сената Парламента РК") is provenance, and the
    title is the line after it. A text of one line (a title, a one-sentence announcement) is a record
    whose title and text are that line.
    """
    paragraphs = drop_navigation(split_paragraphs(text))
    date = find_date("\n".join(paragraphs))
    publisher, paragraphs = take_publisher(paragraphs)
    title, rest = take_title(paragraphs)
    body, source_line = clean_paragraphs(rest, title)
    if not body and title:
        body = [title]
    elif len(body) == 1 and not title:
        title = body[0]
    return Extracted(title=title, date=date, text="\n\n".join(body), source_line=publisher or source_line)


def take_publisher(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """The publisher line a press service puts first, if there is one and a title follows it (a line that
    is no sentence: "Пресс-служба Сената провела брифинг" followed by its story is the title itself)."""
    if len(paragraphs) < 2:
        return None, paragraphs
    first, second = paragraphs[:2]
    if (
        len(first) <= _PUBLISHER_MAX
        and not first.endswith(".")
        and _PUBLISHER.search(first)
        and not second.endswith(".")
        and not _looks_like_paragraph(second)
    ):
        return first, paragraphs[1:]
    return None, paragraphs


def split_paragraphs(text: str) -> list[str]:
    """Non-empty lines as paragraphs, whitespace normalised; hard-wrapped lines joined back together."""
    paragraphs: list[str] = []
    previous_blank = True
    for raw_line in text.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw_line.split())
        if not line:
            previous_blank = True
            continue
        if paragraphs and not previous_blank and _is_wrapped(paragraphs[-1], line):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
        previous_blank = False
    return paragraphs


def drop_navigation(paragraphs: list[str]) -> list[str]:
    """Without navigation lines ("Homepage", breadcrumbs, "Skip to Content") and glued nav prefixes."""
    kept = []
    for paragraph in paragraphs:
        if _BREADCRUMB.match(paragraph) or _key(paragraph) in NAVIGATION_LINES:
            continue
        paragraph = _GLUED_NAV.sub("", paragraph).strip()
        if paragraph:
            kept.append(paragraph)
    return kept


def is_navigation(line: str) -> bool:
    """A navigation or section line ("Главная", "Новости", "Skip to content"), never a story's title."""
    return _key(line) in NAVIGATION_LINES or bool(_BREADCRUMB.match(line))


def take_title(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """The title (first meaningful line, its repeats collapsed) and the paragraphs after it."""
    first = next((i for i, p in enumerate(paragraphs) if not is_date_line(p)), None)
    if first is None or _looks_like_paragraph(paragraphs[first]):
        return None, paragraphs
    title = _full_title(paragraphs[first], paragraphs[first : first + _TOP_BLOCK])
    return title, paragraphs[:first] + paragraphs[first + 1 :]


def clean_paragraphs(paragraphs: list[str], title: str | None) -> tuple[list[str], str | None]:
    """Body paragraphs without boilerplate, title echoes and date lines; plus the "Source: …" line."""
    body: list[str] = []
    source_line = None
    for paragraph in _drop_panels(drop_navigation(paragraphs)):
        key = _key(paragraph)
        if key in RELATED_HEADINGS and body:
            break
        if _SOURCE.match(paragraph):
            source_line = source_line or paragraph
        elif not (
            _is_boilerplate(paragraph, key)
            or is_date_line(paragraph)
            or _is_echo(paragraph, title)
            or carries_title(paragraph, title)
        ):
            body.append(paragraph)
    return body, source_line


def _key(line: str) -> str:
    return line.strip(" .:|»>›-–—").casefold()


def _is_wrapped(previous: str, line: str) -> bool:
    """A hard-wrapped line: the previous one stops mid-sentence and this one goes on in lower case (a row of
    a table's cells never does: "с 2023 | Депутат Мажилиса")."""
    if CELL_SEPARATOR in previous or CELL_SEPARATOR in line:
        return False
    return not previous.endswith(tuple(_END_PUNCT)) and line[0].islower()


def _drop_panels(paragraphs: list[str]) -> list[str]:
    """Without the accessibility panel: each run of short lines that holds one of its labels."""
    kept: list[str] = []
    run: list[str] = []
    for paragraph in [*paragraphs, ""]:  # "" ends the last run
        short = 0 < len(paragraph) <= _PANEL_OPTION_MAX and not paragraph.endswith((".", "!", "?"))
        if short or _key(paragraph) in PANEL_LABELS:
            run.append(paragraph)
            continue
        if not any(_key(line) in PANEL_LABELS for line in run):
            kept.extend(run)
        run = []
        if paragraph:
            kept.append(paragraph)
    return kept


def is_meta_line(line: str) -> bool:
    """A line of only dates, times and labelled numbers, in any language ("16.05.2024 Просмотров: 610",
    "16 мамыр 2024 ж. Қаралым: 610 Пікірлер: 3", "May 16, 2024 Views 610 Print"): metadata, never text."""
    if len(line) > _WIDGET_MAX:
        return False
    return any(ch.isdigit() for ch in line) and bool(_META_LINE.match(without_dates(line)))


def _is_widget(paragraph: str) -> bool:
    """A skin's label+number or label+date line (views, print version, font size, share, "updated",
    photo credit), alone or several joined by "|" or "·"; never a sentence that starts with a number."""
    if len(paragraph) > _WIDGET_MAX:
        return False
    if len(paragraph) <= _CREDIT_MAX and _CREDIT.match(paragraph):
        return True
    segments = [_key(s) for s in _SEGMENTS.split(paragraph) if _key(s)]
    return bool(segments) and all(
        _WIDGET.match(s)
        or _COUNTER.match(s)
        or _CREDIT.match(s)
        or s in NAVIGATION_LINES
        or s in SOCIAL_WORDS
        or is_date_line(s)
        or is_meta_line(s)
        for s in segments
    )


def _is_boilerplate(paragraph: str, key: str) -> bool:
    if key in NAVIGATION_LINES or key in RELATED_HEADINGS or _COUNTER.match(key) or _is_widget(paragraph):
        return True
    if len(paragraph) < 200 and _COPYRIGHT.search(paragraph):
        return True
    words = re.findall(r"\w+", key)
    return bool(words) and all(word in SOCIAL_WORDS for word in words)


def _looks_like_paragraph(line: str) -> bool:
    if len(line) > _TITLE_MAX:
        return True
    return (
        line.endswith(".")
        and not _ELLIPSIS.search(line)
        and (len(line) > 200 or bool(_SENTENCE_BREAK.search(line)))
    )


def _full_title(first: str, top: list[str]) -> str:
    """The title that `first` starts (it may be cut with "…" or repeated): the shortest complete form."""
    stem = _ELLIPSIS.sub("", first)
    forms = [_period(line, stem) for line in top if line.casefold().startswith(stem.casefold())]
    complete = [form for form in forms if not _ELLIPSIS.search(form)]
    return min(complete, key=len) if complete else stem


def _period(line: str, stem: str) -> str:
    """The unit a line repeats ("T T T T-cut" -> "T"), or the whole line when it is no repetition."""
    folded, probe = line.casefold(), stem.casefold()[:_PROBE]
    position = folded.find(probe, 1)
    while position > 0:
        unit = line[:position].strip()
        if line[position - 1].isspace() and _is_echo(line, unit):
            return unit
        position = folded.find(probe, position + 1)
    return line


def without_title(text: str, title: str | None) -> str | None:
    """The text, casefolded, without the title wherever it stands in it, whole or cut short with "…"; None
    when the title is not in it (or is too short to look for)."""
    if not title or len(title) < TITLE_MIN:
        return None
    folded, unit = " ".join(text.split()).casefold(), " ".join(title.split()).casefold()
    rest = folded.replace(unit, " ")
    for cut in reversed(list(_CUT.finditer(rest))):
        before = rest[: cut.start()].rstrip()
        k = next((k for k in range(len(unit) - 1, TITLE_MIN - 1, -1) if before.endswith(unit[:k])), 0)
        if k:
            rest = f"{before[:-k]} {rest[cut.end() :]}"
    return None if rest == folded else rest


def is_leftover(rest: str) -> bool:
    """What chrome holds besides a story's title: a label, dates, or a trail of short crumbs; never a
    sentence (a story's paragraph that names its own title says more, and ends like a sentence)."""
    rest = without_dates(rest).strip()
    words = _WORD.findall(rest)
    if words and rest.endswith((".", "!", "?")):
        return False
    if len(words) <= _LEFTOVER_WORDS:
        return True
    crumbs = [c for c in _CRUMB_SEPARATORS.split(rest) if c.strip()]
    return bool(_CRUMB_SEPARATORS.search(rest)) and all(len(_WORD.findall(c)) <= _CRUMB_WORDS for c in crumbs)


def carries_title(paragraph: str, title: str | None) -> bool:
    """A line of chrome that carries the story's title: a trail ending in it ("Пресс-центр » Новости »
    <title>"), a strip repeating it ("Тема дня: <title> • <title>"), a related item ("<title> 16.05.2024")."""
    rest = without_title(paragraph, title)
    return rest is not None and is_leftover(rest)


def _is_echo(paragraph: str, title: str | None) -> bool:
    """The title again: whole, repeated on one line, or cut short (optionally with "…")."""
    if not title:
        return False
    rest, unit = _ELLIPSIS.sub("", paragraph).casefold(), title.casefold()
    repeats = 0
    while rest.startswith(unit):
        rest, repeats = rest[len(unit) :].lstrip(), repeats + 1
    if not rest:
        return repeats > 0
    long_enough = repeats > 0 or len(rest) >= max(8, len(unit) // 3)
    return long_enough and unit.startswith(rest)
