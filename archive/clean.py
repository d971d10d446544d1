"""Cleaning of plain text and extracted paragraphs: navigation, repeated titles, source lines, widgets."""

from __future__ import annotations

import re

from archive.dates import find_date, is_date_line
from archive.models import Extracted

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_NAV_CASED = r"(?:Homepage|Home page|Главная страница|Главная|Басты бет|Skip to (?:main )?[Cc]ontent)"
_NAV_WORDS = rf"(?i:{_NAV_CASED})"
# "HomepageA training …", "Homepage The …": a navigation word glued to the next line's text
# (not the first word of an all-capitals title such as "ГЛАВНАЯ ЗАДАЧА …").
_GLUED_NAV = re.compile(rf"^(?:{_NAV_WORDS}(?=[{_UPPER}\"«“])|{_NAV_CASED}\s+(?=[{_UPPER}\"«“]))")
# "Главная / Новости / …", "Homepage » News": a breadcrumb trail.
_BREADCRUMB = re.compile(rf"^(?:{_NAV_WORDS}|home)\s*[/>»|›→]", re.IGNORECASE)
_NAV_LINES = {
    "homepage",
    "home page",
    "home",
    "главная",
    "главная страница",
    "басты бет",
    "басты бетке",
    "skip to content",
    "skip to main content",
    "перейти к содержимому",
    "перейти к основному содержанию",
    "мазмұнға өту",
    "print",
    "печать",
    "версия для печати",
    "басып шығару",
    "share",
    "поделиться",
    "бөлісу",
    "back",
    "назад",
    "артқа",
    "read more",
    "подробнее",
    "толығырақ",
    "all news",
    "все новости",
    "барлық жаңалықтар",
    "news",
    "новости",
    "жаңалықтар",
    "to top",
    "наверх",
    "жоғары",
}
# A heading after which a page lists other stories: the story ends there.
_RELATED_HEADINGS = {
    "related news",
    "similar news",
    "other news",
    "more news",
    "latest news",
    "read also",
    "see also",
    "related articles",
    "похожие новости",
    "другие новости",
    "последние новости",
    "читайте также",
    "смотрите также",
    "ұқсас жаңалықтар",
    "басқа жаңалықтар",
    "соңғы жаңалықтар",
    "тағы оқыңыз",
}
_SOCIAL_WORDS = {
    "facebook",
    "twitter",
    "x",
    "telegram",
    "whatsapp",
    "vk",
    "vkontakte",
    "instagram",
    "youtube",
    "linkedin",
    "ok",
    "odnoklassniki",
    "email",
    "e",
    "mail",
    "share",
    "поделиться",
    "бөлісу",
    "print",
    "печать",
    "copy",
    "link",
    "вконтакте",
    "одноклассники",
}
_SOURCE = re.compile(r"^(?:source|источник|дереккөз|дерек көзі)\s*[:：—–-]\s*\S", re.IGNORECASE)
_COUNTER = re.compile(r"^(?:views?|просмотр(?:ов|ы)?|қаралды|қаралым(?:дар)?)\s*:?\s*\d+$", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b)|all rights reserved|все права защищены|барлық құқықтар қорғалған",
    re.IGNORECASE,
)
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)$")
_SENTENCE_BREAK = re.compile(rf"[.!?»]\s+[{_UPPER}]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_TITLE_MAX = 300  # a first line longer than this is a paragraph, not a title
_TOP_BLOCK = 8  # a title is repeated within the first lines of a text
_PROBE = 24  # characters of a title looked for where a repetition may start
_END_PUNCT = '.!?:;»"”)'


def clean_text(text: str) -> Extracted:
    """What a plain-text file holds: title (first meaningful line), date, body paragraphs, source line."""
    paragraphs = drop_navigation(split_paragraphs(text))
    date = find_date("\n".join(paragraphs))
    title, rest = take_title(paragraphs)
    body, source_line = clean_paragraphs(rest, title)
    return Extracted(title=title, date=date, text="\n\n".join(body), source_line=source_line)


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
        if _BREADCRUMB.match(paragraph) or _key(paragraph) in _NAV_LINES:
            continue
        paragraph = _GLUED_NAV.sub("", paragraph).strip()
        if paragraph:
            kept.append(paragraph)
    return kept


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
    for paragraph in drop_navigation(paragraphs):
        key = _key(paragraph)
        if key in _RELATED_HEADINGS and body:
            break
        if _SOURCE.match(paragraph):
            source_line = source_line or paragraph
        elif not (_is_boilerplate(paragraph, key) or is_date_line(paragraph) or _is_echo(paragraph, title)):
            body.append(paragraph)
    return body, source_line


def _key(line: str) -> str:
    return line.strip(" .:|»>›-–—").casefold()


def _is_wrapped(previous: str, line: str) -> bool:
    """A hard-wrapped line: the previous one stops mid-sentence and this one goes on in lower case."""
    return not previous.endswith(tuple(_END_PUNCT)) and line[0].islower()


def _is_boilerplate(paragraph: str, key: str) -> bool:
    if key in _NAV_LINES or key in _RELATED_HEADINGS or _COUNTER.match(key):
        return True
    if len(paragraph) < 200 and _COPYRIGHT.search(paragraph):
        return True
    words = re.findall(r"\w+", key)
    return bool(words) and all(word in _SOCIAL_WORDS for word in words)


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
