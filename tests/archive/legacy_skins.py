"""Sites of our own in the shapes of issue 20 that corpus/ and tests/archive/skins.py do not have: old table
layouts (header, menu, language switch, breadcrumb and footer in table rows, a budget table in the story),
chrome that repeats the story's title (a trail ending in it, a "topic of the day" strip, a related box listing
the story itself), counters on the date's line, and names laid out as separate inline elements. Written for
the tests in kk, ru and en, never copied from corpus/ or a real site.
"""

from __future__ import annotations

from html import escape

LANGS3 = ("kk", "ru", "en")
SITE = {"kk": "ҚР Парламенті Сенаты", "ru": "Сенат Парламента РК", "en": "Senate of the Parliament"}
MENU = {
    "kk": ["Сенат туралы", "Заңнама", "Депутаттар", "Баспасөз орталығы", "Байланыс"],
    "ru": ["О Сенате", "Законодательство", "Депутаты", "Пресс-центр", "Контакты"],
    "en": ["About the Senate", "Legislation", "Deputies", "Press centre", "Contacts"],
}
SWITCH = {"kk": "Қаз", "ru": "Рус", "en": "Eng"}
HOME = {"kk": "Басты бет", "ru": "Главная", "en": "Home"}
NEWS = {"kk": "Жаңалықтар", "ru": "Новости", "en": "News"}
FOOTER = {
    "kk": ["© 2024 ҚР Парламенті Сенаты", "010000, Астана қ., Бейбітшілік к-сі, 2", "Тел.: +7 7172 74-76-48"],
    "ru": ["© 2024 Сенат Парламента РК", "010000, г. Астана, ул. Бейбитшилик, 2", "Тел.: +7 7172 74-76-48"],
    "en": ["© 2024 Senate of the Parliament", "2 Beibitshilik St, Astana 010000", "Tel.: +7 7172 74-76-48"],
}

# The story: title, paragraphs (a table stands after the second), the table's rows (header first).
BUDGET = {
    "kk": (
        "Сенаторлар 2024–2026 жылдарға арналған республикалық бюджет туралы заңды мақұлдады",
        [
            "Сенаттың жалпы отырысында депутаттар үш жылға арналған республикалық бюджет туралы заңды мақұлдады.",
            "Білім беру мен денсаулық сақтауға арналған шығыстар үш жылдың әрқайсысында өседі.",
            "610 ауыл мектебінің мұғалімі бірінші жартыжылдықта үстемеақы алады.",
            "Заң Мемлекет басшысының қол қоюына жіберілді.",
        ],
        [
            ["Шығыс бабы", "2024", "2025", "2026"],
            ["Білім беру", "1 200", "1 350", "1 480"],
            ["Денсаулық сақтау", "900", "980", "1 050"],
        ],
    ),
    "ru": (
        "Сенаторы одобрили закон о республиканском бюджете на 2024–2026 годы",
        [
            "На пленарном заседании Сената депутаты одобрили закон о республиканском бюджете на три года.",
            "Расходы на образование и здравоохранение вырастут в каждом из трёх лет.",
            "610 учителей сельских школ получат надбавки уже в первом полугодии.",
            "Закон направлен на подпись Главе государства.",
        ],
        [
            ["Статья расходов", "2024", "2025", "2026"],
            ["Образование", "1 200", "1 350", "1 480"],
            ["Здравоохранение", "900", "980", "1 050"],
        ],
    ),
    "en": (
        "Senators approved the law on the republican budget for 2024–2026",
        [
            "At the plenary session of the Senate, deputies approved the law on the republican budget for three years.",
            "Spending on education and health care will grow in each of the three years.",
            "610 teachers of rural schools will receive bonuses in the first half of the year.",
            "The law was sent to the Head of State for signature.",
        ],
        [
            ["Expenditure item", "2024", "2025", "2026"],
            ["Education", "1 200", "1 350", "1 480"],
            ["Health care", "900", "980", "1 050"],
        ],
    ),
}  # fmt: skip
OTHERS = {
    "kk": [
        "Мәжіліс жер кодексіне түзетулерді бірінші оқылымда мақұлдады",
        "Сенат спикері Түркия парламентінің делегациясымен кездесті",
        "Депутаттар Ақтөбе облысындағы ауыл әкімдерімен кездесті",
    ],
    "ru": [
        "Мажилис одобрил поправки в Земельный кодекс в первом чтении",
        "Спикер Сената встретился с делегацией парламента Турции",
        "Депутаты встретились с акимами сёл Актюбинской области",
    ],
    "en": [
        "The Mazhilis approved amendments to the Land Code in the first reading",
        "The Speaker of the Senate met a delegation of the Turkish parliament",
        "Deputies met rural akims of the Aktobe region",
    ],
}
STORY_ID = 15
DATE = "16.05.2024"
ISO_DATE = "2024-05-16"


def story_path(lang: str, story: int = STORY_ID) -> str:
    return f"/{lang}/news/{story}"


def expected_text(lang: str, table: bool = True) -> str:
    """The stored text of the budget story: its paragraphs, the table as rows of cells after the second."""
    _title, paragraphs, rows = BUDGET[lang]
    lines = [*paragraphs[:2], *([" | ".join(row) for row in rows] if table else []), *paragraphs[2:]]
    return "\n\n".join(lines)


def _links(lang: str, items: list[str], sep: str = "") -> str:
    return sep.join(f'<a href="/{lang}/page/{i}">{escape(x)}</a>' for i, x in enumerate(items))


def _switch(lang: str, sep: str = " | ") -> str:
    return sep.join(f'<a href="{story_path(code)}">{SWITCH[code]}</a>' for code in LANGS3)


def _data_table(lang: str, attrs: str = ' border="1" cellpadding="3"') -> str:
    header, *rows = BUDGET[lang][2]
    head = "".join(f"<th>{escape(c)}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table{attrs}><tr>{head}</tr>{body}</table>"


# --- item 1: table layouts ---------------------------------------------------------------------------------


def table_strips(lang: str) -> str:
    """The page as a stack of tables with no block inside a cell: logo, name and switch; a menu of link
    cells; a breadcrumb; the story in one cell, <br> between paragraphs, a budget table among them; a footer
    of one-line cells."""
    title, paragraphs, _rows = BUDGET[lang]
    p = [escape(x) for x in paragraphs]
    footer = "".join(f"<td>{escape(x)}</td>" for x in FOOTER[lang])
    menu = "".join(
        f'<td class="m"><a href="/{lang}/page/{i}">{escape(x)}</a></td>' for i, x in enumerate(MENU[lang])
    )
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)} - {SITE[lang]}</title></head>'
        f'<body bgcolor="#ffffff"><table width="100%" border="0"><tr><td width="120"><a href="/{lang}/">'
        f'<img src="/img/logo.gif" alt="{SITE[lang]}" width="100" height="80"></a></td>'
        f'<td><font size="4"><b>{SITE[lang]}</b></font></td><td align="right">{_switch(lang)}</td></tr></table>'
        f"<table><tr>{menu}</tr></table>"
        f'<table><tr><td><a href="/{lang}/">{HOME[lang]}</a> &raquo; <a href="/{lang}/news">{NEWS[lang]}</a></td></tr></table>'
        f"<table><tr><td><b>{escape(title)}</b><br>{DATE}<br><br>{p[0]}<br><br>{p[1]}<br>{_data_table(lang)}"
        f"{p[2]}<br><br>{p[3]}</td></tr></table>"
        f'<table width="100%"><tr>{footer}</tr></table></body></html>'
    )  # fmt: skip


def table_columns(lang: str) -> str:
    """Three columns: a vertical menu of link rows, the story with <p>s and a data table, a banner column;
    a header row of a banner, the menu joined by "|" and the switch; no <html lang>, the URL says it."""
    title, paragraphs, _rows = BUDGET[lang]
    p = "".join(f"<p>{escape(x)}</p>" for x in paragraphs[:2])
    q = "".join(f"<p>{escape(x)}</p>" for x in paragraphs[2:])
    side = "".join(
        f'<tr><td><a href="/{lang}/page/{i}">{escape(x)}</a></td></tr>' for i, x in enumerate(MENU[lang])
    )
    banners = '<a href="https://akorda.kz"><img src="/b/akorda.gif" alt="Akorda"></a><br><a href="https://egov.kz"><img src="/b/egov.gif" alt="eGov"></a>'
    footer = "".join(f"<td>{escape(x)}</td>" for x in FOOTER[lang])
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{SITE[lang]}</title></head>'
        f'<body><table width="100%" cellspacing="0"><tr><td colspan="2"><img src="/i/top.jpg" alt="{SITE[lang]}"></td>'
        f"<td>{_switch(lang, ' ')}</td></tr>"
        f'<tr><td colspan="3">{_links(lang, MENU[lang], " | ")}</td></tr>'
        f'<tr><td width="20%" valign="top"><table>{side}</table></td>'
        f'<td width="60%" valign="top"><h3>{escape(title)}</h3><div>{DATE}</div>{p}'
        f"{_data_table(lang, ' class=tbl')}{q}</td><td width='20%' valign='top'>{banners}</td></tr>"
        f"<tr>{footer}</tr></table></body></html>"
    )  # fmt: skip


def table_rows(lang: str) -> str:
    """One table, a row per line: logo, name and switch cells; a menu row; the title, the date and every
    paragraph in rows of their own; the budget table nested in a row; a footer row of one-line cells."""
    title, paragraphs, _rows = BUDGET[lang]
    rows = "".join(f'<tr><td colspan="3" class="txt">{escape(x)}</td></tr>' for x in paragraphs[:2])
    rows += f"<tr><td colspan='3'>{_data_table(lang, ' width=100% border=1')}</td></tr>"
    rows += "".join(f'<tr><td colspan="3" class="txt">{escape(x)}</td></tr>' for x in paragraphs[2:])
    footer = "".join(f"<td><small>{escape(x)}</small></td>" for x in FOOTER[lang])
    current = f"<b>{SWITCH[lang]}</b>"
    switch = " ".join(
        current if code == lang else f'<a href="{story_path(code)}">{SWITCH[code]}</a>' for code in LANGS3
    )
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title></head><body>'
        f'<table width="760" align="center" border="0"><tr><td><img src="/logo.png" alt=""></td>'
        f"<td>{SITE[lang]}</td><td>{switch}</td></tr>"
        f'<tr><td colspan="3">{_links(lang, MENU[lang], "&nbsp;|&nbsp;")}</td></tr>'
        f'<tr><td colspan="3"><b>{escape(title)}</b></td></tr><tr><td colspan="3">{DATE}</td></tr>{rows}'
        f"<tr>{footer}</tr></table></body></html>"
    )  # fmt: skip


TABLE_LAYOUTS = {"strips": table_strips, "columns": table_columns, "rows": table_rows}


# --- item 2: chrome that carries the title ----------------------------------------------------------------

TRAIL = {"kk": ["Баспасөз орталығы", "Сенат хабарлары"], "ru": ["Пресс-центр", "Новости Сената"],
         "en": ["Press centre", "Senate news"]}  # fmt: skip
TOPIC = {"kk": "Күн тақырыбы", "ru": "Тема дня", "en": "Topic of the day"}
MORE = {"kk": "Осы тақырыпта", "ru": "По теме", "en": "On this topic"}


def _story_block(lang: str, heading: str = "h1") -> str:
    title, paragraphs, _rows = BUDGET[lang]
    body = "".join(f"<p>{escape(x)}</p>" for x in paragraphs)
    return f'<{heading} class="head">{escape(title)}</{heading}><div class="when">{DATE}</div>{body}'


def _page(lang: str, title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)} | {SITE[lang]}</title>'
        f"</head><body>{body}</body></html>"
    )


def chrome_trail(lang: str) -> str:
    """An old table cell holding a trail of short links that ends in the title (plain text), then the story."""
    title, paragraphs, _rows = BUDGET[lang]
    crumbs = " » ".join(f'<a href="/{lang}/s/{i}">{escape(x)}</a>' for i, x in enumerate(TRAIL[lang]))
    body = "<br><br>".join(escape(x) for x in paragraphs)
    cell = f"{crumbs} » {escape(title)}<br><br><b>{escape(title)}</b><br>{DATE}<br><br>{body}"
    return _page(lang, title, f'<table width="100%"><tr><td valign="top">{cell}</td></tr></table>')


def chrome_strip(lang: str) -> str:
    """Inside the story's block: a "topic of the day" strip repeating the title three times, and a slider
    whose first slide is the story, before its heading."""
    title = BUDGET[lang][0]
    link = f'<a href="{story_path(lang)}">{escape(title)}</a>'
    strip = f'<div class="tema"><b>{TOPIC[lang]}:</b> {link} • {link} • {link}</div>'
    slides = "".join(
        f'<div class="slide"><img src="/s/{i}.jpg" alt=""><a href="/{lang}/news/{STORY_ID - i}">{escape(t)}</a></div>'
        for i, t in enumerate([title, *OTHERS[lang]])
    )
    return _page(
        lang,
        title,
        f'<div class="content">{strip}<div class="top">{slides}</div>{_story_block(lang, "h2")}</div>',
    )


def chrome_related(lang: str) -> str:
    """Inside the <article>: a trail ending in the title cut short with "…" above it, and after the story a
    box of links to stories on its topic whose first item is the story itself."""
    title = BUDGET[lang][0]
    items = "".join(
        f'<p><a href="/{lang}/news/{STORY_ID - i}">{escape(t)}</a> <span>{16 - i}.05.2024</span></p>'
        for i, t in enumerate([title, *OTHERS[lang]])
    )
    crumbs = " / ".join(f'<a href="/{lang}/s/{i}">{escape(x)}</a>' for i, x in enumerate(TRAIL[lang]))
    trail = f"<div>{crumbs} / {escape(title[:40])}…</div>"
    box = f'<div class="more"><p><b>{MORE[lang]}</b></p>{items}</div>'
    return _page(lang, title, f"<article>{trail}{_story_block(lang)}{box}</article>")


CHROME_LAYOUTS = {"trail": chrome_trail, "strip": chrome_strip, "related": chrome_related}


# --- item 3: counters beside the date -----------------------------------------------------------------------

# The date's own line as each layout prints it (the date, then labelled numbers and a print label).
COUNTER_LINES = {
    "line": {"kk": f"{DATE} Қаралым: 610", "ru": f"{DATE} Просмотров: 610", "en": f"{DATE} Views 610"},
    "cell": {
        "kk": f"{DATE} 10:15 Қаралым: 610 Бөлісу: 12 Басып шығару",
        "ru": f"{DATE} 10:15 Просмотров: 610 Поделились: 12 Печать",
        "en": f"{DATE} 10:15 Views: 610 Shares: 12 Print",
    },
}


SPANS = {
    "kk": ("16 мамыр 2024 ж.", "Қаралым: 610", "Пікірлер: 3"),
    "ru": ("16 мая 2024 г.", "Просмотров: 610", "Комментарии: 3"),
    "en": ("May 16, 2024", "Views 610", "Comments 3"),
}


def counters_line(lang: str) -> str:
    """The date and the views on one line of a block under the title."""
    title, paragraphs, _rows = BUDGET[lang]
    body = "".join(f"<p>{escape(x)}</p>" for x in paragraphs)
    info = f'<p class="info">{COUNTER_LINES["line"][lang]}</p>'
    return _page(lang, title, f'<div class="news"><h1>{escape(title)}</h1>{info}{body}</div>')


def counters_spans(lang: str) -> str:
    """The date, an icon and the views, the comments, each in a span of its own, joined by spaces."""
    title, paragraphs, _rows = BUDGET[lang]
    body = "".join(f"<p>{escape(x)}</p>" for x in paragraphs)
    day, views, comments = SPANS[lang]
    meta = (
        f'<p class="small text-muted"><span class="d">{day}</span>&nbsp;&nbsp;<i class="icon-eye"></i> '
        f'<span class="v">{views}</span> <span class="c">{comments}</span></p>'
    )
    return _page(lang, title, f'<div class="item"><h2>{escape(title)}</h2>{meta}{body}</div>')


def counters_cell(lang: str) -> str:
    """An old table cell: the bold title, then the date, time, views, shares and print on the next line."""
    title, paragraphs, _rows = BUDGET[lang]
    body = "<br><br>".join(escape(x) for x in paragraphs)
    return _page(
        lang,
        title,
        f"<table><tr><td><b>{escape(title)}</b><br>{COUNTER_LINES['cell'][lang]}<br><br>{body}</td></tr></table>",
    )


COUNTER_LAYOUTS = {"line": counters_line, "spans": counters_spans, "cell": counters_cell}


# --- item 5: words glued by inline markup --------------------------------------------------------------------

DEPUTY = {
    "kk": (("Әбдіров", "Нұрлан", "Мәжитұлы"), "Сенат депутаты, Қаржы және бюджет комитетінің мүшесі.",
           "Бюджет туралы заң жобасы бойынша баяндаманы сенатор жасады."),
    "ru": (("Ахметов", "Серик", "Болатович"), "Депутат Сената, член Комитета по финансам и бюджету.",
           "Доклад по законопроекту о бюджете сделал сенатор."),
    "en": (("Serik", "Bolatuly", "Akhmetov"), "Deputy of the Senate, member of the Committee on Finance and Budget.",
           "The report on the budget bill was made by the senator."),
}  # fmt: skip
# A word that markup joins for real: a bold name and its case ending, a link and its possessive.
JOINED = {
    "kk": ("<b>Сенат</b>тың жалпы отырысында заң жобасы қаралды.", "Сенаттың жалпы отырысында заң жобасы қаралды."),
    "ru": ("<b>Сенат</b>ом одобрен закон о бюджете, <i>с</i>ообщает пресс-служба.",
           "Сенатом одобрен закон о бюджете, сообщает пресс-служба."),
    "en": ("<a href='/en/senate'>Senate</a>'s plenary session approved the <b>budget</b>.",
           "Senate's plenary session approved the budget."),
}  # fmt: skip


def name(lang: str) -> str:
    return " ".join(DEPUTY[lang][0])


def glued_card(lang: str) -> str:
    """A deputy's card: the name as three classed <span>s with no space between them, then the role."""
    parts, role, said = DEPUTY[lang]
    spans = "".join(
        f'<span class="{c}">{escape(x)}</span>' for c, x in zip(("f", "i", "o"), parts, strict=True)
    )
    joined, _plain = JOINED[lang]
    title = BUDGET[lang][0]
    body = f'<h1>{escape(title)}</h1><div class="card"><p class="fio">{spans}</p><p>{escape(role)}</p></div><p>{escape(said)}</p><p>{joined}</p>'
    return _page(lang, title, f"<article>{body}</article>")  # fmt: skip


def glued_heading(lang: str) -> str:
    """A deputy's page whose title is the name in classed <span>s inside the <h1>, a <br> before the role."""
    parts, role, said = DEPUTY[lang]
    spans = "".join(f'<span class="n{i}">{escape(x)}</span>' for i, x in enumerate(parts))
    joined, _plain = JOINED[lang]
    body = f'<div class="dep"><h1>{spans}</h1><div class="bio">{escape(role)}<br>{escape(said)}</div><p>{joined}</p></div>'
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{SITE[lang]}</title></head><body>{body}</body></html>'
    )  # fmt: skip


SPEAKERS = {
    "kk": ("Сенаторлар сөз сөйледі:", ["Әбдіров Н.М.", "Жұмабаева А.М.", "Ким В.Н."]),
    "ru": ("Выступили сенаторы", ["Ахметов С.Б.", "Жумабаева А.М.", "Ким В.Н."]),
    "en": ("Speakers:", ["S. Akhmetov", "A. Zhumabayeva", "V. Kim"]),
}


def speakers(lang: str) -> str:
    label, names = SPEAKERS[lang]
    return f"{label} {' '.join(names)}"


def glued_links(lang: str) -> str:
    """A story whose speakers are classed links with no space between them, after a label."""
    _parts, role, said = DEPUTY[lang]
    title = BUDGET[lang][0]
    label, names = SPEAKERS[lang]
    links = "".join(f'<a class="dep" href="/{lang}/deputy/{i}">{escape(x)}</a>' for i, x in enumerate(names))
    joined, _plain = JOINED[lang]
    body = f"<h1>{escape(title)}</h1><p>{escape(said)}</p><p>{label} {links}</p><p>{escape(role)}</p><p>{joined}</p>"
    return _page(lang, title, f"<main>{body}</main>")


GLUED_LAYOUTS = {"card": glued_card, "heading": glued_heading, "links": glued_links}
