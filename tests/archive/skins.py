"""Sites of our own in three skins that corpus/ does not have: a deputy's sidebar with a schedule widget and a
poll, an accessibility panel, view counters and print/share lines around the story; deputy pages in kk and
ru that differ only a little. Written by the tests, never copied from corpus/."""

from __future__ import annotations

from html import escape

SITE_NAME = "Депутаттар"
# The sidebar every deputy's page prints (a skin's `own` lines are a page's alone: its next reception).
SIDEBAR = {
    "ru": [
        "Расписание депутата",
        "Понедельник: приём граждан с 10:00 до 13:00 в общественной приёмной партии",
        "Среда: заседание постоянного комитета по вопросам законодательства",
        "Социальный опрос",
        "Укажите, пожалуйста, Ваш возраст:",
        "до 18 лет",
        "от 18 до 35 лет",
        "старше 35 лет",
        "Голосовать",
        "Результаты опроса",
        "Интернет-приёмная депутата: задайте свой вопрос онлайн",
    ],
    "kk": [
        "Депутаттың кесте",
        "Дүйсенбі: азаматтарды қабылдау сағат 10:00-ден 13:00-ге дейін партияның қоғамдық қабылдау бөлмесінде",
        "Сәрсенбі: заңнама мәселелері жөніндегі тұрақты комитеттің отырысы",
        "Әлеуметтік сауалнама",
        "Жасыңызды көрсетіңіз:",
        "18 жасқа дейін",
        "18 бен 35 жас аралығы",
        "35 жастан жоғары",
        "Дауыс беру",
        "Сауалнама нәтижелері",
        "Депутаттың интернет-қабылдау бөлмесі: сұрағыңызды онлайн қойыңыз",
    ],
    "en": [
        "The deputy's schedule",
        "Monday: reception of citizens from 10:00 to 13:00 at the party's public office",
        "Wednesday: meeting of the standing committee on legislation",
        "Social poll",
        "Please state your age:",
        "under 18",
        "from 18 to 35",
        "over 35",
        "Vote",
        "Poll results",
        "The deputy's internet reception: ask your question online",
    ],
}
PANEL = {
    "ru": ["Версия для слабовидящих", "Цвет сайта", "Черным по белому", "Белым по черному",
           "Расстояние между буквами", "Стандартное", "Увеличенное", "Размер шрифта: A A A"],
    "kk": ["Нашар көретіндерге арналған нұсқа", "Сайттың түсі", "Ақ түсте қара", "Қара түсте ақ",
           "Әріптер арасындағы қашықтық", "Стандартты", "Үлкейтілген", "Қаріп өлшемі: A A A"],
    "en": ["Version for the visually impaired", "The website color", "Black on white", "White on black",
           "Distance between letter distance", "Standard", "Increased", "Font size: A A A"],
}  # fmt: skip
COUNTERS = {
    "ru": ["Просмотров: 1 234", "Версия для печати", "Обновлено: 12.03.2024 10:15", "Фото: пресс-служба"],
    "kk": [
        "Қаралым: 88",
        "Басып шығаруға арналған нұсқа",
        "Жаңартылды: 12.03.2024",
        "Сурет: баспасөз қызметі",
    ],
    "en": ["Views: 57", "Print version", "Updated: 12.03.2024", "Photo: press service"],
}
CITIES = ["Караганда", "Актобе", "Шымкент", "Павлодар", "Костанай", "Атырау"]
CITIES_KK = ["Қарағанды", "Ақтөбе", "Шымкент", "Павлодар", "Қостанай", "Атырау"]
NAMES = [
    ("Ахметов Серик Болатович", "Ахметов Серік Болатұлы"),
    ("Жумабаева Айгуль Маратовна", "Жұмабаева Айгүл Маратқызы"),
    ("Ким Владимир Николаевич", "Ким Владимир Николаевич"),
    ("Садыков Ерлан Канатович", "Садықов Ерлан Қанатұлы"),
    ("Омарова Динара Сериковна", "Омарова Динара Серікқызы"),
    ("Бекетов Нурлан Асхатович", "Бекетов Нұрлан Асхатұлы"),
]


FIRST_NAMES = ["Айдар", "Марат", "Ержан", "Асхат", "Бауыржан"]


def deputy_name(i: int, lang: str) -> str:
    """Six deputies of their own; beyond them, their surnames with other first names (a bench's larger site)."""
    name = NAMES[i % len(NAMES)][lang != "ru"].split()
    if i >= len(NAMES):
        name[1] = FIRST_NAMES[(i // len(NAMES) - 1) % len(FIRST_NAMES)]
    return " ".join(name)


def deputy(i: int, lang: str) -> tuple[str, list[str]]:
    """A deputy's page: a title (the name) and a short biography that differs from the others a little."""
    ru = kk = deputy_name(i, lang)
    year, day, city, city_kk = 1950 + i, 1 + i % 28, CITIES[i % len(CITIES)], CITIES_KK[i % len(CITIES)]
    if lang == "ru":
        return ru, [
            f"Родился {day} марта {year} года в городе {city}.",
            f"Окончил университет в {year + 22} году по специальности юрист, работал в акимате города {city}.",
            f"Избран депутатом Мажилиса Парламента Республики Казахстан в {2016 + i % 3} году, член комитета номер {i + 1}.",
        ]  # fmt: skip
    return kk, [
        f"{year} жылы {day} наурызда {city_kk} қаласында туған.",
        f"{year + 22} жылы университетті заңгер мамандығы бойынша бітірген, {city_kk} қаласының әкімдігінде жұмыс істеген.",
        f"{2016 + i % 3} жылы Қазақстан Республикасы Парламенті Мәжілісінің депутаты болып сайланған, {i + 1} комитеттің мүшесі.",
    ]  # fmt: skip


def _alternates(path: str, langs: tuple[str, ...]) -> str:
    return "".join(f'<link rel="alternate" hreflang="{lang}" href="/{lang}{path}">' for lang in langs)


def skin_bootstrap(lang: str, title: str, paragraphs: list[str], path: str, own: tuple[str, ...] = ()) -> str:
    """A div-grid skin: panel on top, the story, its counters, and the sidebar column inside its block."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    side = "".join(f"<p>{escape(line)}</p>" for line in [*SIDEBAR[lang], *own])
    panel = "".join(f"<div class='opt'>{escape(x)}</div>" for x in PANEL[lang])
    counters = "".join(f"<div class='info'>{escape(x)}</div>" for x in COUNTERS[lang])
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)} | {SITE_NAME}</title>'
        f'{_alternates(path, ("kk", "ru"))}</head><body><div class="eye">{panel}</div>'
        f'<div class="row"><div class="content"><h1>{escape(title)}</h1>'
        f"{body}{counters}<div class='col-md-3'>{side}</div></div></div></body></html>"
    )


def skin_table(lang: str, title: str, paragraphs: list[str], path: str, own: tuple[str, ...] = ()) -> str:
    """An old table skin: the sidebar in a left cell, the story in the right one, counters above it."""
    body = "<br>".join(escape(p) for p in paragraphs)
    side = "<br>".join(escape(line) for line in [*SIDEBAR[lang], *own])
    panel = " ".join(f"<span>{escape(x)}</span><br>" for x in PANEL[lang])
    counters = "<br>".join(escape(x) for x in COUNTERS[lang])
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{SITE_NAME} - {escape(title)}</title>'
        f"{_alternates(path, ('kk', 'ru'))}</head><body><table width='100%'><tr><td colspan='2'>{panel}</td></tr>"
        f"<tr><td width='25%' valign='top'><div>{side}</div></td><td valign='top'>"
        f"<div class='newstitle'><b>{escape(title)}</b></div><div>{counters}</div>"
        f"<div class='txt'>{body}</div></td></tr></table></body></html>"
    )


def skin_sections(lang: str, title: str, paragraphs: list[str], path: str, own: tuple[str, ...] = ()) -> str:
    """A sectioned skin: counters joined on one line above the story, the widgets as blocks below it."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    side = "".join(f"<div>{escape(line)}</div>" for line in [*SIDEBAR[lang], *own])
    panel = "".join(f"<li>{escape(x)}</li>" for x in PANEL[lang])
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"{_alternates(path, ('kk', 'ru'))}</head><body><section class='acc'><ul>{panel}</ul></section>"
        f"<section class='wrap'><section class='story'><h2>{escape(title)}</h2>"
        f"<div class='meta'>{' | '.join(escape(x) for x in COUNTERS[lang])}</div>{body}"
        f"<div class='left'>{side}</div></section></section></body></html>"
    )


SKINS = {"bootstrap": skin_bootstrap, "table": skin_table, "sections": skin_sections}


NEWS = {
    "ru": (
        "Сенат принял закон о местном самоуправлении",
        [
            "57 депутатов проголосовали за законопроект в целом на пленарном заседании Сената.",
            "2024 год станет первым годом работы новой системы финансирования сельских округов.",
            "Закон направлен на Главе государства на подпись.",
        ],
    ),
    "kk": (
        "Сенат жергілікті өзін-өзі басқару туралы заңды қабылдады",
        [
            "57 депутат Сенаттың жалпы отырысында заң жобасын тұтастай қолдап дауыс берді.",
            "2024 жыл ауылдық округтерді қаржыландырудың жаңа жүйесінің алғашқы жылы болмақ.",
            "Заң Мемлекет басшысының қол қоюына жіберілді.",
        ],
    ),
    "en": (
        "The Senate adopted the law on local self-government",
        [
            "57 deputies voted for the bill as a whole at the plenary session of the Senate.",
            "2024 will be the first year of the new funding system for rural districts.",
            "The law was sent to the Head of State for signature.",
        ],
    ),
}


def news_portal(lang: str) -> str:
    """A portal skin: the accessibility panel and the counters as paragraphs of the story's own block."""
    title, paragraphs = NEWS[lang]
    panel = "".join(f"<p>{escape(x)}</p>" for x in PANEL[lang])
    counters = "".join(f"<p>{escape(x)}</p>" for x in COUNTERS[lang])
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title></head><body>'
        f"<div class='page'>{panel}<h1>{escape(title)}</h1>{counters}{body}</div></body></html>"
    )


def news_lines(lang: str) -> str:
    """A skin printing its widgets as lines of one block, the counters joined by "·" on one line."""
    title, paragraphs = NEWS[lang]
    panel = "<br>".join(escape(x) for x in PANEL[lang])
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title></head><body>'
        f"<main><div>{panel}</div><h1>{escape(title)}</h1><div>{' · '.join(escape(x) for x in COUNTERS[lang])}"
        f"</div>{body}<div>{escape(COUNTERS[lang][0])}</div></main></body></html>"
    )


def news_cells(lang: str) -> str:
    """A table skin: panel in the first row; views, print and share under the story in its cell."""
    title, paragraphs = NEWS[lang]
    panel = "".join(f"<div>{escape(x)}</div>" for x in PANEL[lang])
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    tail = "".join(f"<div>{escape(x)}</div>" for x in COUNTERS[lang])
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title></head><body>'
        f"<table><tr><td>{panel}<h2>{escape(title)}</h2>{body}{tail}</td></tr></table></body></html>"
    )


NEWS_SKINS = {"portal": news_portal, "lines": news_lines, "cells": news_cells}
