"""Reading a list page by its structure, a walk's stops, and the judgement of a run (no crawl: fast)."""

from __future__ import annotations

import re

from crawler import history
from crawler.listing import Listed, read_list
from crawler.walk import Walk

LIST = "http://127.0.0.1:9/ru/news"
MENU = (
    '<header><nav><a href="/ru">Главная</a><a href="/ru/news">Новости</a><a href="/ru/about">О нас</a></nav>'
    '<ul class="lang-switch"><li><a href="/kk">ҚАЗ</a></li><li><a href="/en">ENG</a></li></ul></header>'
)
FOOTER = (
    '<div id="footer"><a href="/ru/sitemap">Карта сайта со всеми разделами и страницами портала</a> '
    "01.02.2024</div>"
)


def _page(items: str, extra: str = "") -> str:
    pager = '<div class="pager"><a href="?page=2">2</a><a href="/ru/news?page=3">3</a><a href="/ru/news">1</a></div>'
    return f"<html><body>{MENU}<main><h1>Новости</h1>{items}{extra}</main>{pager}{FOOTER}</body></html>"


def test_items_with_the_date_after_the_title_at_any_url():
    items = "".join(
        f'<div class="row"><h3><a href="/ru/press/{i}">Депутаты обсудили проект закона номер {i}</a></h3>'
        f'<a class="rubric" href="/ru/rubric/laws">Законы</a><span>0{i}.03.2024</span></div>'
        for i in range(1, 5)
    )
    page = read_list(_page(items), LIST, LIST, "page")
    assert [(s.url.rsplit("/", 1)[-1], s.day) for s in page.stories] == [
        (str(i), f"2024-03-0{i}") for i in range(1, 5)
    ]
    assert page.stories[0].title == "Депутаты обсудили проект закона номер 1"
    assert page.pages == {2: "http://127.0.0.1:9/ru/news?page=2", 3: LIST + "?page=3", 1: LIST}
    assert page.next_page(1) == (2, "http://127.0.0.1:9/ru/news?page=2") and page.next_page(3) is None


def test_an_item_may_have_a_header_the_page_header_is_chrome():
    items = "".join(
        f'<article class="card"><header class="card-header"><h2><a href="/ru/n{i}">Сенат принял закон номер {i}</a>'
        f"</h2></header><time>0{i}.05.2024</time></article>"
        for i in range(1, 4)
    )
    page = read_list(
        _page(items).replace(
            "<header>", '<header><a href="/ru/x">Пресс-служба сообщает о работе 01.01.2024</a>'
        ),
        LIST,
        LIST,
        "page",
    )
    assert [s.url.rsplit("/", 1)[-1] for s in page.stories] == ["n1", "n2", "n3"]


def test_under_the_list_path_and_the_pattern_are_stories_a_lone_link_is_not():
    items = (
        '<p><a href="/ru/news?id=7">Коротко</a></p><p><a href="/ru/news/8">Восемь</a></p>'
        '<p><a href="/ru/p/9">Девять</a></p><p><a href="/ru/rss">Подписаться на новости портала</a></p>'
    )
    page = read_list(_page(items), LIST, LIST, "page", re.compile(r"^/ru/p/\d+$"))
    assert [s.url.removeprefix("http://127.0.0.1:9") for s in page.stories] == [
        "/ru/news?id=7",
        "/ru/news/8",
        "/ru/p/9",
    ]


def test_undated_headlines_are_stories_short_links_are_not():
    headlines = "".join(
        f'<li><a href="/ru/materials/{i}">Комитет Сената одобрил поправки в закон о бюджете {i}</a></li>'
        for i in range(3)
    )
    links = "".join(f'<li><a href="/ru/section/{i}">Раздел {i}</a></li>' for i in range(5))
    page = read_list(_page(f"<ul>{headlines}</ul><ul>{links}</ul>"), LIST, LIST, "page")
    assert [s.url.rsplit("/", 2)[-2] for s in page.stories] == ["materials"] * 3
    assert read_list(_page(""), LIST, LIST, "page").stories == []


def test_a_walk_stops_at_known_pages_repeats_since_and_depth():
    stories = [Listed(f"u{i}", "t", f"2024-01-0{9 - i}") for i in range(3)]
    walk = Walk("ru", LIST, known_list_pages=2)
    assert walk.read("p1", 1, stories, lambda s: False, True) == ([], True)
    assert walk.read("p2", 2, [Listed("u9", "t", None)], lambda s: False, True) == ([], False)
    assert walk.stop == "known" and walk.all_known == 2 and walk.found == 4
    walk = Walk("ru", LIST, walk_all=True)
    assert walk.read("p1", 1, stories, lambda s: False, True)[1] is True
    assert walk.read("p2", 2, stories, lambda s: False, True)[1] is False and walk.stop == "repeat"
    walk = Walk("ru", LIST, since="2024-01-08")
    fetch, go_on = walk.read("p1", 1, stories, lambda s: True, True)
    assert [s.url for s in fetch] == ["u0", "u1"] and not go_on and walk.stop == "since"
    walk = Walk("ru", LIST, walk_all=True)
    assert walk.read("p1", 1, [], lambda s: True, True) == ([], False) and not walk.warnings  # judged later
    walk = Walk("ru", LIST, walk_all=True)
    walk.read("p1", 1, stories, lambda s: True, True)
    assert walk.read("p2", 2, [], lambda s: True, True)[1] is False and walk.stop == "empty"
    assert walk.warnings[0].startswith("p2: no story found on this list page (ru)")
    walk = Walk("ru", LIST, max_pages=1, depth_is_default=True, walk_all=True)
    assert walk.read("p1", 1, stories, lambda s: True, True)[1] is False and walk.stop == "depth"
    assert "--max-pages" in walk.warnings[0]


def test_judge_and_history():
    walks = {lang: {"first": f"{LIST}/{lang}", "list_pages": 1, "stories": 0, "all_known": 0, "stop": "empty"}
             for lang in ("kk", "ru")}  # fmt: skip
    warnings, empty = history.judge("senate", walks, {})
    assert empty == ["kk", "ru"] and warnings[-1] == "senate: no story found in any language"
    walks = {"ru": {"first": LIST, "list_pages": 2, "stories": 6, "all_known": 0, "stop": "end"}}
    assert history.judge("senate", walks, {"ru": {"per_page": 10.0}})[0] == [
        f"{LIST}: 3.0 ru stories per list page, the last run found 10.0; the site's markup or URLs may have changed"
    ]
    past = history.update({}, walks)
    assert past == {"ru": {"per_page": 3.0, "whole": True}}
    assert history.walk_all(past, ["kk", "ru"], full=False) == ["kk"]
    cut = {"ru": {**walks["ru"], "stop": "since"}}
    assert history.update(past, cut)["ru"]["whole"] is False
    assert history.update(past, {"ru": {**cut["ru"], "all_known": 1}})["ru"]["whole"] is True
    assert history.update(past, {"ru": {**cut["ru"], "all_known": 1}}, recovered=True)["ru"]["whole"] is False
