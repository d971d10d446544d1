"""Stories are found by the list's structure, not a guessed URL shape: copies of the sites whose stories live
at other URLs (none matches its source's story pattern) crawl whole, in every language, and nothing is
fetched from menus or footers. One small site per shape (5 stories, 2 list pages per language)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest

from crawler.run import crawl
from parlarchive.demo.mirror import serve_sites
from tests.crawler.shaped import build_small, move_stories, rewrite_lists, slug
from tests.helpers import data_folder, records

CHROME = ("/sitemap", "/rss", "/privacy", "/laws", "/about", "/contacts")
# Same-site links with headline-long texts and dates, in a footer: never stories.
FOOTER = (
    '<footer class="site-footer"><ul>'
    + "".join(
        f'<li><a href="{p}">Раздел портала парламента номер {i} для всех посетителей</a> 01.02.2024</li>'
        for i, p in enumerate(CHROME[:3])
    )
    + "</ul></footer></body>"
)


def _en_slug(story: dict) -> str:
    return slug(story["versions"].get("en", {}).get("title", ""))


def _date_after_title(html: str) -> str:
    return re.sub(r'(<div class="date">[^<]*</div>)(<div class="title">.*?</div>)', r"\2\1", html)


# shape name -> (source, new story path, change to the list pages)
SHAPES = {
    "/news/{id}": ("mazhilis", lambda old, lang, s: f"/{lang}/mazhilis/news/{s['id']}", None),
    "/news/{slug}-{id}": ("mazhilis", lambda old, lang, s: f"/{lang}/mazhilis/news/{_en_slug(s)}-{s['id']}", None),
    "/news/view/{id}": ("senate", lambda old, lang, s: old.replace("/details/", "/view/"), None),
    "/news?id={id}": ("mazhilis", lambda old, lang, s: f"/{lang}/mazhilis/news?id={s['id']}", None),
    "date after title, /press/{id}": (
        "mazhilis", lambda old, lang, s: f"/{lang}/mazhilis/press/{s['id']}", _date_after_title),
}  # fmt: skip


@pytest.fixture(scope="module")
def shaped(tmp_path_factory):
    """Each shape's copy built, served and crawled (the crawls run side by side)."""
    sites = {}
    for name, (source, new_path, change) in SHAPES.items():
        root = tmp_path_factory.mktemp("shape")
        entry = move_stories(root, source, build_small(root, source), new_path)
        rewrite_lists(
            root, source, entry, lambda html, c=change: (c(html) if c else html).replace("</body>", FOOTER)
        )
        sites[name] = (source, root, entry)
    with ExitStack() as stack:
        servers = {
            n: stack.enter_context(serve_sites(root, sources=(src,)))[src]
            for n, (src, root, _) in sites.items()
        }

        def run(name: str) -> dict:
            data = data_folder(tmp_path_factory.mktemp("data"))
            stats = crawl(data, sites[name][0], base_url=servers[name].base_url, progress=False)
            return {"stats": stats, "records": records(data)}

        with ThreadPoolExecutor(3) as pool:
            done = dict(zip(SHAPES, pool.map(run, SHAPES), strict=True))
    return {n: {**done[n], "entry": sites[n][2], "server": servers[n]} for n in SHAPES}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_story_of_every_language_and_nothing_else(shaped, shape):
    run = shaped[shape]
    stats, entry, base = run["stats"], run["entry"], run["server"].base_url
    assert not stats.failed and not stats.errors and not stats.warnings, stats
    expected = {
        base + v["path"]: (lang, v["title"], s["date"])
        for s in entry["stories"]
        for lang, v in s["versions"].items()
    }
    got = {url: (d["lang"], d["title"], d["date"]) for url, d in run["records"].items()}
    assert got == expected
    per_lang = {lang: sum(lang in s["versions"] for s in entry["stories"]) for lang in ("kk", "ru", "en")}
    assert {lang: w["stories"] for lang, w in stats.langs.items()} == per_lang
    assert not [r for r in run["server"].requests if r.endswith(CHROME)], "a menu or footer link was fetched"
