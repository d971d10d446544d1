"""Builds the demo snapshot of the three sites (`corpus/`) and larger generated corpora for the benchmark.

Run `python -m parlarchive.demo.sitegen corpus` to rebuild `corpus/`; the stories are composed from the phrase pools
in `parlarchive.demo.sitetexts` (written for the project), in the URL and markup shapes of the real sites. A
`manifest.json` beside the sites lists every story, version, broken link and robots-disallowed path: the
ground truth the tests check a crawl against.

File layout served by `parlarchive.demo.mirror`: `{site}/{path}.html` (or `{path}/index.html`) for a URL without a
query, `{site}/{path}@{query}.html` with one; `{site}/_site.json` names the charset and the statuses of
pages that fail; `mazhilis/api/news.json` feeds the JSON API of the new Mazhilis site.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from pathlib import Path

from archive.languages import LANGS
from archive.sources import SOURCE_NAMES
from parlarchive.demo import sitetexts as T

# The generator's seed: with it no two stories of the snapshot are near-duplicates in any language (checked by
# tests/crawler/test_corpus.py), so the only duplicates the demo shows are its republished stories.
SEED = 8
SENATE_LOCALE = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"}
PAGE_SIZE = {"senate": 10, "mazhilis": 10, "institute": 9}
DEFAULT_COUNTS = {"senate": 33, "mazhilis": 32, "institute": 31}
# Where each source starts in the shared shuffled list of (topic, event) pairs: no two demo stories share one.
PAIR_OFFSET = {"senate": 0, "mazhilis": 33, "institute": 65}
FIRST_ID = {"senate": 1001, "mazhilis": 5001, "institute": 201}
DISALLOWED_ID = {"senate": 777, "mazhilis": 5777, "institute": 777}
BROKEN_IDS = {"404": 9404, "500": 9500, "empty": 9200}
# Stories whose versions differ as real ones do (by source and index): the compare page's gaps and merges, and a
# story the Kazakh site never published.
VARIANTS = {("senate", 4): "merged", ("mazhilis", 5): "abridged", ("institute", 4): "no-kk"}
# Stories one site republishes from another (source, index, republishing site): near-duplicates in the demo.
REPUBLISHED = (("senate", 2, "institute"), ("mazhilis", 6, "senate"))
SITE_NAME = {
    "senate": {"kk": "Қазақстан Республикасы Парламентінің Сенаты", "ru": "Сенат Парламента Республики Казахстан",
               "en": "Senate of the Parliament of the Republic of Kazakhstan"},
    "mazhilis": {"kk": "Қазақстан Республикасы Парламентінің Мәжілісі", "ru": "Мажилис Парламента Республики Казахстан",
                 "en": "Mazhilis of the Parliament of the Republic of Kazakhstan"},
    "institute": {"kk": "Парламентаризм институты", "ru": "Институт парламентаризма",
                  "en": "Institute of Parliamentarism"},
}  # fmt: skip
WORDS = {
    "home": {"kk": "Басты бет", "ru": "Главная", "en": "Homepage"},
    "news": {"kk": "Жаңалықтар", "ru": "Новости", "en": "News"},
    "share": {"kk": "Бөлісу", "ru": "Поделиться", "en": "Share"},
    "related": {"kk": "Басқа жаңалықтар", "ru": "Другие новости", "en": "Other news"},
    "about": {"kk": "Біз туралы", "ru": "О нас", "en": "About"},
    "contacts": {"kk": "Байланыс", "ru": "Контакты", "en": "Contacts"},
    "laws": {"kk": "Заңнама", "ru": "Законодательство", "en": "Legislation"},
    "print": {"kk": "Басып шығару", "ru": "Версия для печати", "en": "Print version"},
    "next": {"kk": "Келесі", "ru": "Следующая", "en": "Next"},
    "prev": {"kk": "Алдыңғы", "ru": "Предыдущая", "en": "Previous"},
    "rights": {"kk": "Барлық құқықтар қорғалған", "ru": "Все права защищены", "en": "All rights reserved"},
}
SWITCH_LABEL = {"kk": "ҚАЗ", "ru": "РУС", "en": "ENG"}


@dataclass
class Story:
    source: str
    id: int
    day: date
    langs: tuple[str, ...]
    title: dict[str, str] = field(default_factory=dict)
    paragraphs: dict[str, list[str]] = field(default_factory=dict)
    source_line: dict[str, str] = field(default_factory=dict)
    republishes: tuple[str, int] | None = None  # (source, id) of the story this one republishes


# ---- composing stories -------------------------------------------------------------------------------------


def _day_text(d: date, lang: str) -> str:
    month = T.MONTHS[lang][d.month - 1]
    if lang == "kk":
        return f"{d.year} жылғы {d.day} {month} күні"
    if lang == "ru":
        return f"{d.day} {month} {d.year} года"
    return f"{d.day} {month} {d.year}"


def _langs(rng: random.Random) -> tuple[str, ...]:
    r = rng.random()
    if r < 0.74:
        return LANGS
    if r < 0.84:
        return ("kk", "ru")
    if r < 0.90:
        return ("ru", "en")
    if r < 0.95:
        return ("ru",)
    if r < 0.98:
        return ("kk",)
    return ("en",)


def make_stories(source: str, count: int, seed: int = SEED) -> list[Story]:
    """`count` stories of one source, ids ascending with their dates; deterministic for a seed."""
    rng = random.Random(f"{source}:{seed}")
    pairs = [(t, e) for t in range(len(T.TOPICS)) for e in range(len(T.EVENTS))]
    random.Random(seed).shuffle(pairs)
    days = sorted(date(2020, 1, 10) + timedelta(days=rng.randrange(0, 1800)) for _ in range(count))
    stories = []
    for i in range(count):
        k = PAIR_OFFSET[source] + i
        ti, ei = pairs[k % len(pairs)]
        topic, event, city = T.TOPICS[ti], T.EVENTS[ei], T.CITIES[rng.randrange(len(T.CITIES))]
        person = T.PEOPLE[rng.randrange(len(T.PEOPLE))]
        n, m = rng.randrange(20, 300), rng.randrange(10, 60)
        figures = {"y": days[i].year - 1, "x1": rng.randrange(300, 2000), "x2": rng.randrange(50, 300),
                   "x3": rng.randrange(100, 290), "x4": rng.randrange(5, 40)}  # fmt: skip
        general = rng.sample(range(len(T.GENERAL["en"])), 4)
        said = rng.randrange(
            len(topic["s"]["en"])
        )  # one of the topic's two points: stories of a topic differ
        with_source = rng.random() < 0.5
        fact = rng.randrange(len(T.FACTS["en"]))
        variant = VARIANTS.get((source, i))
        langs = LANGS if i < 3 else _langs(rng)
        if variant:
            langs = ("ru", "en") if variant == "no-kk" else LANGS
        st = Story(source, FIRST_ID[source] + i, days[i], langs)
        serial = f" ({k // len(pairs) + 1})" if k >= len(pairs) else ""
        for lang in langs:
            name = person[lang] if lang != "en" else person["en"][rng.randrange(2)]
            slots = {
                "topic": topic[lang], "city": city[lang], "City": city[lang][:1].upper() + city[lang][1:],
                "day": _day_text(days[i], lang), "n": n, "m": m, "person": name, "a": person["a"],
            }  # fmt: skip
            title = event["title"][lang].format(**slots) + serial
            st.title[lang] = title[:1].upper() + title[1:]
            opening = event["open"][lang].format(**slots)
            body = [opening, topic["s"][lang][said], T.FACTS[lang][fact].format(**figures)]
            body += [T.GENERAL[lang][g].format(**slots) for g in general]
            # four paragraphs of two or three sentences
            cut = [0, 2, 4, 6, len(body)]
            paragraphs = [" ".join(body[a:b]) for a, b in zip(cut, cut[1:], strict=False)]
            if (
                variant == "merged" and lang == "ru"
            ):  # the Russian page runs the 2nd and 3rd paragraphs together
                paragraphs[1:3] = [" ".join(paragraphs[1:3])]
            if variant == "abridged" and lang == "en":  # the English page gives the first half only
                paragraphs = paragraphs[:2]
            st.paragraphs[lang] = paragraphs
            if with_source:
                st.source_line[lang] = T.SOURCE_LINE[lang].format(org=T.ORG[source][lang])
        stories.append(st)
    return stories


# ---- URLs --------------------------------------------------------------------------------------------------


def article_path(source: str, lang: str, sid: int) -> str:
    if source == "senate":
        return f"/{SENATE_LOCALE[lang]}/news/details/{sid}"
    if source == "mazhilis":
        return f"/{lang}/mazhilis/news/article/{sid}"
    return f"/{lang}/p/{sid}"


def broken_urls(first_port: int) -> set[str]:
    """The URLs of the links every site breaks on purpose, served from `first_port` on (as the mirror does)."""
    return {
        f"http://127.0.0.1:{first_port + n}{article_path(source, 'en' if kind == 'empty' else 'ru', sid)}"
        for n, source in enumerate(SOURCE_NAMES)
        for kind, sid in BROKEN_IDS.items()
    }


def list_path(source: str, lang: str, page: int = 1) -> str:
    if source == "senate":
        base = f"/{SENATE_LOCALE[lang]}/news"
        return base if page == 1 else f"{base}?p={page}"
    if source == "mazhilis":
        base = f"/{lang}/mazhilis/news"
        return base if page == 1 else f"{base}?page={page}"
    return f"/{lang}/post/" if page == 1 else f"/{lang}/post/?page={page}"


def home_path(source: str, lang: str) -> str:
    return f"/{SENATE_LOCALE[lang]}" if source == "senate" else f"/{lang}"


def url_file(path_and_query: str) -> str:
    """The file (relative to a site folder) that serves a root-relative URL."""
    path, _, query = path_and_query.partition("?")
    path = path.strip("/")
    if query:
        return f"{path}@{query}.html"
    return f"{path}.html" if path else "index.html"


# ---- markup ------------------------------------------------------------------------------------------------


@dataclass
class ListItem:
    path: str
    title: str
    day: date


def _dmy(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def _long_date(d: date, lang: str) -> str:
    month = T.MONTHS[lang][d.month - 1]
    if lang == "kk":
        return f"{d.day} {month} {d.year} ж."
    if lang == "ru":
        return f"{d.day} {month} {d.year} г."
    suffix = "th" if 10 <= d.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return f"{d.strftime('%A')}, {month} {d.day}{suffix}, {d.year}"


def _switcher(source: str, story: Story | None, lang: str, cls: str) -> str:
    links = []
    for other in LANGS:
        if story is not None and other in story.langs:
            href = article_path(source, other, story.id)
        else:
            href = home_path(source, other)
        active = ' class="active"' if other == lang else ""
        links.append(f'<li><a href="{href}"{active} lang="{other}">{SWITCH_LABEL[other]}</a></li>')
    return f'<ul class="{cls}">{"".join(links)}</ul>'


def _menu(source: str, lang: str) -> str:
    home = home_path(source, lang)
    items = [(home, WORDS["home"][lang]), (list_path(source, lang), WORDS["news"][lang]),
             (f"{home}/laws", WORDS["laws"][lang]), (f"{home}/about", WORDS["about"][lang]),
             (f"{home}/contacts", WORDS["contacts"][lang])]  # fmt: skip
    return "".join(f'<li><a href="{h}">{escape(t)}</a></li>' for h, t in items)


def _share(lang: str) -> str:
    return (
        f'<div class="share"><span>{WORDS["share"][lang]}:</span> <a href="https://www.facebook.com/sharer.php">'
        'Facebook</a> <a href="https://t.me/share/url">Telegram</a> <a href="https://wa.me/">WhatsApp</a></div>'
    )


def _body_html(story: Story, lang: str) -> str:
    paras = [f"<p>{escape(p)}</p>" for p in story.paragraphs[lang]]
    if lang in story.source_line:
        paras.append(f"<p><em>{escape(story.source_line[lang])}</em></p>")
    return "\n".join(paras)


def _pager(source: str, lang: str, page: int, pages: int) -> str:
    param = "p" if source == "senate" else "page"
    base = list_path(source, lang).rstrip("?")

    def href(n: int) -> str:
        if source == "institute":
            return f"?page={n}" if n > 1 else base
        return base if n == 1 else f"{base}?{param}={n}"

    parts = []
    if page > 1:
        parts.append(f'<li><a href="{href(page - 1)}">« {WORDS["prev"][lang]}</a></li>')
    for n in range(1, pages + 1):
        parts.append(
            f'<li class="active"><span>{n}</span></li>'
            if n == page
            else f'<li><a href="{href(n)}">{n}</a></li>'
        )
    if page < pages:
        parts.append(f'<li><a href="{href(page + 1)}">{WORDS["next"][lang]} »</a></li>')
    return f'<ul class="pagination">{"".join(parts)}</ul>'


def senate_article(story: Story, lang: str, related: list[ListItem]) -> str:
    title, site = escape(story.title[lang]), SITE_NAME["senate"][lang]
    alternates = "".join(
        f'<link rel="alternate" hreflang="{o}" href="{article_path("senate", o, story.id)}">'
        for o in story.langs
    )
    rel = "".join(
        f'<li><a href="{r.path}">{escape(r.title)}</a> <span>{_dmy(r.day)}</span></li>' for r in related
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:title" content="{title}">{alternates}</head>
<body><a class="skip-link" href="#content">Skip to Content</a>
<header class="site-header"><div class="logo"><a href="{home_path("senate", lang)}">{site}</a></div>
<nav class="main-menu"><ul>{_menu("senate", lang)}</ul></nav>{_switcher("senate", story, lang, "lang-switch")}</header>
<div class="top-slider"><div class="slide"><h2>{title}</h2></div></div>
<ol class="breadcrumb"><li><a href="{home_path("senate", lang)}">{WORDS["home"][lang]}</a></li>
<li><a href="{list_path("senate", lang)}">{WORDS["news"][lang]}</a></li><li>{title}</li></ol>
<main id="content"><article class="news-detail">
<h1 class="news-detail__title">{title}</h1>
<div class="news-detail__date">{_dmy(story.day)}</div>
<div class="news-detail__text">
{_body_html(story, lang)}
</div>
<a class="print" href="{article_path("senate", lang, story.id)}/print">{WORDS["print"][lang]}</a>
{_share(lang)}
</article>
<aside class="related-news"><h3>{WORDS["related"][lang]}</h3><ul>{rel}</ul></aside></main>
<footer class="site-footer"><p>© 2024 {site}. {WORDS["rights"][lang]}.</p><p>010000, Астана, Мәңгілік Ел 2</p></footer>
</body></html>
"""


def senate_list(lang: str, items: list[ListItem], page: int, pages: int) -> str:
    site = SITE_NAME["senate"][lang]
    rows = "\n".join(
        f'<div class="news-item"><a class="news-item__title" href="{i.path}">{escape(i.title)}</a>'
        f'<span class="news-item__date">{_dmy(i.day)}</span></div>'
        for i in items
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{WORDS["news"][lang]} | {site}</title></head>
<body><header class="site-header"><nav class="main-menu"><ul>{_menu("senate", lang)}</ul></nav>
{_switcher("senate", None, lang, "lang-switch")}</header>
<main><h1>{WORDS["news"][lang]}</h1><div class="news-list">
{rows}
</div>{_pager("senate", lang, page, pages)}</main>
<footer class="site-footer">© 2024 {site}</footer></body></html>
"""


def mazhilis_article(story: Story, lang: str, related: list[ListItem]) -> str:
    title, site = escape(story.title[lang]), SITE_NAME["mazhilis"][lang]
    rel = "".join(f'<div class="item"><a href="{r.path}">{escape(r.title)}</a></div>' for r in related)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>{site} - {title}</title></head>
<body><div id="top-menu"><ul>{_menu("mazhilis", lang)}</ul></div>
<div class="langs">{_switcher("mazhilis", story, lang, "lang-list")}</div>
<div class="breadcrumbs"><a href="{home_path("mazhilis", lang)}">{WORDS["home"][lang]}</a> &raquo;
<a href="{list_path("mazhilis", lang)}">{WORDS["news"][lang]}</a> &raquo; {title}</div>
<div id="content"><div class="news-full">
<div class="news-title"><h2>{title}</h2></div>
<div class="news-date">{_long_date(story.day, lang)}</div>
<div class="news-text">
{_body_html(story, lang)}
</div>
<div class="social-share">{_share(lang)}</div>
</div>
<div class="last-news"><h3>{WORDS["related"][lang]}</h3>{rel}</div></div>
<div id="footer">© {site}, 2024. {WORDS["rights"][lang]}.</div></body></html>
"""


def mazhilis_list(lang: str, items: list[ListItem], page: int, pages: int) -> str:
    site = SITE_NAME["mazhilis"][lang]
    rows = "\n".join(
        f'<div class="list"><div class="date">{_dmy(i.day)}</div>'
        f'<div class="title"><a href="{i.path}">{escape(i.title)}</a></div></div>'
        for i in items
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>{site} - {WORDS["news"][lang]}</title></head>
<body><div id="top-menu"><ul>{_menu("mazhilis", lang)}</ul></div>
<div class="langs">{_switcher("mazhilis", None, lang, "lang-list")}</div>
<div id="content"><h1>{WORDS["news"][lang]}</h1>
{rows}
<div class="pages">{_pager("mazhilis", lang, page, pages)}</div></div>
<div id="footer">© {site}, 2024</div></body></html>
"""


def institute_article(story: Story, lang: str, related: list[ListItem]) -> str:
    title, site = escape(story.title[lang]), SITE_NAME["institute"][lang]
    alternates = "".join(
        f'<link rel="alternate" hreflang="{o}" href="{article_path("institute", o, story.id)}">'
        for o in story.langs
    )
    cards = "".join(
        f'<a href="{r.path}" class="card"><h4>{escape(r.title)}</h4><time datetime="">{_dmy(r.day)}</time></a>'
        for r in related
    )
    upper = title.upper()
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title} — {site}</title>{alternates}</head>
<body><nav class="navbar"><a class="brand" href="{home_path("institute", lang)}">{site}</a>
<ul>{_menu("institute", lang)}</ul>{_switcher("institute", story, lang, "lang-menu")}</nav>
<div class="page-header"><div class="breadcrumbs"><a href="{home_path("institute", lang)}">{WORDS["home"][lang]}</a>{upper}</div>
<h1 class="page-title">{upper}</h1><div class="marquee">{upper} {upper} {upper}</div></div>
<section class="post"><div class="post__head"><h4 class="post__title">{title}</h4>
<time datetime="">{_dmy(story.day)}</time></div>
<div class="post__content">
{_body_html(story, lang)}
</div><div class="ya-share2">{_share(lang)}</div></section>
<section class="more-posts"><h3>{WORDS["related"][lang]}</h3>{cards}</section>
<footer class="footer"><p>{site}</p><p>© 2024. {WORDS["rights"][lang]}.</p></footer></body></html>
"""


def institute_list(lang: str, items: list[ListItem], page: int, pages: int) -> str:
    site = SITE_NAME["institute"][lang]
    cards = "\n".join(
        f'<div class="col"><a href="{i.path}"><h4>{escape(i.title)}</h4><time datetime="">{_dmy(i.day)}</time></a></div>'
        for i in items
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{WORDS["news"][lang]} — {site}</title></head>
<body><nav class="navbar"><ul>{_menu("institute", lang)}</ul>{_switcher("institute", None, lang, "lang-menu")}</nav>
<main class="container"><h1>{WORDS["news"][lang]}</h1><div class="row posts">
{cards}
</div><nav>{_pager("institute", lang, page, pages)}</nav></main>
<footer class="footer">© 2024 {site}</footer></body></html>
"""


ARTICLE = {"senate": senate_article, "mazhilis": mazhilis_article, "institute": institute_article}
LIST = {"senate": senate_list, "mazhilis": mazhilis_list, "institute": institute_list}
CHARSET = {"senate": "utf-8", "mazhilis": "windows-1251", "institute": "utf-8"}


def home_page(source: str, lang: str) -> str:
    site = SITE_NAME[source][lang]
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{CHARSET[source]}"><title>{site}</title></head>'
        f'<body><h1>{site}</h1><p><a href="{list_path(source, lang)}">{WORDS["news"][lang]}</a></p></body></html>\n'
    )


# ---- writing a site ----------------------------------------------------------------------------------------


def _write(site: Path, url: str, text: str, charset: str) -> None:
    path = site / url_file(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(charset, "xmlcharrefreplace"))


def republished(original: Story, site: str, sid: int) -> Story:
    """A story as another site republishes it a day later: the same title and text, under its own id, crediting
    the press service it came from."""
    copy = Story(site, sid, original.day + timedelta(days=1), original.langs, dict(original.title),
                 {lang: list(p) for lang, p in original.paragraphs.items()})  # fmt: skip
    copy.source_line = {
        lang: T.SOURCE_LINE[lang].format(org=T.ORG[original.source][lang]) for lang in original.langs
    }
    copy.republishes = (original.source, original.id)
    return copy


def build_site(
    root: Path,
    source: str,
    count: int,
    *,
    seed: int = SEED,
    broken: bool = True,
    extra: list[Story] | None = None,
) -> dict:
    """Write one site under root/source (with `extra` stories republished from other sites); returns its
    manifest entry."""
    site = root / source
    stories = make_stories(source, count, seed) + (extra or [])
    charset = CHARSET[source]
    statuses: dict[str, int] = {}
    manifest: dict = {"stories": [], "broken": [], "disallowed": [], "lists": {}}
    extras: dict[str, list[ListItem]] = {lang: [] for lang in LANGS}
    if broken:
        # an internal page the robots.txt disallows, and links that fail, on the first Russian list page
        dis = article_path(source, "ru", DISALLOWED_ID[source])
        extras["ru"].append(ListItem(dis, "Внутренняя служебная записка", date(2024, 12, 30)))
        manifest["disallowed"].append(dis)
        _write(
            site,
            dis,
            f"<html><body><h1>Internal</h1><p>{'служебная записка ' * 30}</p></body></html>",
            charset,
        )
        for kind, sid in BROKEN_IDS.items():
            lang = "en" if kind == "empty" else "ru"
            path = article_path(source, lang, sid)
            extras[lang].append(ListItem(path, f"Broken link {kind}", date(2024, 12, 29)))
            manifest["broken"].append({"path": path, "kind": kind})
            if kind == "500":
                statuses[path] = 500
                _write(site, path, "<html><body>Internal Server Error</body></html>", charset)
            elif kind == "empty":
                (site / url_file(path)).parent.mkdir(parents=True, exist_ok=True)
                (site / url_file(path)).write_bytes(b"")
    for lang in LANGS:
        mine = [s for s in stories if lang in s.langs]
        items = sorted(
            [ListItem(article_path(source, lang, s.id), s.title[lang], s.day) for s in mine] + extras[lang],
            key=lambda i: (i.day, i.path),
            reverse=True,
        )
        size = PAGE_SIZE[source]
        pages = max(1, -(-len(items) // size))
        manifest["lists"][lang] = [list_path(source, lang, p) for p in range(1, pages + 1)]
        for p in range(1, pages + 1):
            _write(site, list_path(source, lang, p), LIST[source](lang, items[(p - 1) * size : p * size], p, pages),
                   charset)  # fmt: skip
        plain = [i for i in items if i not in extras[lang]]
        for k, s in enumerate(sorted(mine, key=lambda s: (s.day, s.id), reverse=True)):
            related = plain[k + 1 : k + 4]
            _write(site, article_path(source, lang, s.id), ARTICLE[source](s, lang, related), charset)
        _write(site, home_path(source, lang), home_page(source, lang), charset)
    _write(site, "/", home_page(source, "ru"), charset)
    for s in stories:
        manifest["stories"].append(
            {
                "id": s.id,
                "date": s.day.isoformat(),
                "versions": {
                    lang: {"path": article_path(source, lang, s.id), "title": s.title[lang]}
                    for lang in s.langs
                },
                **(
                    {"republishes": {"source": s.republishes[0], "id": s.republishes[1]}}
                    if s.republishes
                    else {}
                ),
            }
        )
    robots = ["User-agent: *"] + [f"Disallow: {d}$" for d in manifest["disallowed"]]
    robots += ["Disallow: /search", "Disallow: /admin/", ""]
    (site / "robots.txt").write_text("\n".join(robots), encoding="ascii")
    (site / "_site.json").write_text(json.dumps({"charset": charset, "status": statuses}, indent=1) + "\n")
    if source == "mazhilis":
        _write_api(site, stories)
    return manifest


def api_story(s: Story, lang: str) -> dict:
    """One language version of a Mazhilis story as the new site's JSON API returns it (`/api/core/news/{id}`)."""
    content = "".join(f"<p>{escape(p)}</p>" for p in s.paragraphs[lang])
    return {"id": s.id, "lang": lang, "title": s.title[lang], "date": s.day.isoformat(), "content": content,
            "url": article_path("mazhilis", lang, s.id)}  # fmt: skip


def _write_api(site: Path, stories: list[Story]) -> None:
    """The data behind the new Mazhilis site's JSON API (served with limit/offset by `parlarchive.demo.mirror`)."""
    rows = [
        api_story(s, lang)
        for s in sorted(stories, key=lambda s: (s.day, s.id), reverse=True)
        for lang in s.langs
    ]
    (site / "api").mkdir(exist_ok=True)
    (site / "api" / "news.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )


SAVED = "saved"  # the folder of pages saved from a browser, which the demo imports


def saved_page(lang: str, story: dict) -> str:
    """A page as a browser saves it: the site's markup, its own address and its other language's."""
    title, paragraphs = story[lang]
    links = "".join(
        f'<link rel="{"canonical" if other == lang else "alternate"}" hreflang="{other}" '
        f'href="{T.SAVED_SITE}/{other}/news/{story["id"]}">'
        for other in LANGS
        if other in story
    )
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    day = date.fromisoformat(story["date"])
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>{links}'
        f'</head><body><nav><a href="/{lang}">{WORDS["home"][lang]}</a> <a href="/{lang}/news">{WORDS["news"][lang]}</a>'
        f'</nav><main><article><h1>{escape(title)}</h1><div class="date">{_dmy(day)}</div>{body}</article></main>'
        f"<footer>© {day.year}</footer></body></html>\n"
    )


def write_saved(folder: Path) -> None:
    """Write the saved pages (`sitetexts.SAVED_STORIES`), each language version a file, into one folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for story in T.SAVED_STORIES:
        for lang in LANGS:
            if lang in story:
                (folder / f"news-{story['id']}-{lang}.html").write_text(
                    saved_page(lang, story), encoding="utf-8"
                )


def build_corpus(
    root: str | Path, counts: dict[str, int] | None = None, *, seed: int = SEED, broken: bool = True
) -> dict:
    """Write the three sites and `manifest.json` under root (emptied first); returns the manifest. The demo
    snapshot (the default counts) also holds stories one site republishes from another and a folder of saved
    pages (`saved/`)."""
    root = Path(root)
    for source in (*DEFAULT_COUNTS, SAVED):
        shutil.rmtree(root / source, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    counts = counts or DEFAULT_COUNTS
    extra: dict[str, list[Story]] = {source: [] for source in counts}
    for origin, index, site in REPUBLISHED:
        if origin in counts and site in counts and index < counts[origin]:
            original = make_stories(origin, counts[origin], seed)[index]
            extra[site].append(republished(original, site, FIRST_ID[site] + counts[site] + len(extra[site])))
    manifest = {
        source: build_site(root, source, counts[source], seed=seed, broken=broken, extra=extra[source])
        for source in counts
    }
    if counts is DEFAULT_COUNTS:
        write_saved(root / SAVED)
    (root / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0] if argv else "corpus")
    manifest = build_corpus(root)
    for source, entry in manifest.items():
        versions = sum(len(s["versions"]) for s in entry["stories"])
        print(f"{source}: {len(entry['stories'])} stories, {versions} pages")
    print(f"{SAVED}: {len(list((root / SAVED).iterdir()))} saved pages")


if __name__ == "__main__":
    main()
