"""Spiders find stories by URL shape, not markup: a copy of the corpus with other list markup crawls the same;
`scrapy crawl` works from the repository root; --max-pages bounds the list pages walked."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from crawler.run import crawl
from parlarchive.demo.mirror import CORPUS, serve_sites
from tests.helpers import ROOT, data_folder, expected_urls, records


def _remarkup(site_dir, charset: str) -> None:
    """Rewrite every list page: other tags and classes, links after the dates, relative pagination."""
    for page in site_dir.rglob("*.html"):
        html = page.read_bytes().decode(charset)
        if "news-item" not in html and 'class="list"' not in html and 'class="col"' not in html:
            continue
        html = re.sub(r'<div class="(news-item|list|col)">', '<li class="entry">', html)
        html = re.sub(r'class="[\w_ -]*"', 'class="x"', html)
        html = html.replace("<h4>", "<strong>").replace("</h4>", "</strong>")
        page.write_bytes(html.encode(charset, "xmlcharrefreplace"))


def test_other_list_markup_same_stories(tmp_path, manifest):
    root = tmp_path / "copy"
    for source in ("senate", "mazhilis", "institute"):
        shutil.copytree(CORPUS / source, root / source)
        _remarkup(root / source, "cp1251" if source == "mazhilis" else "utf-8")
    with serve_sites(root) as servers:
        for source, server in servers.items():
            data = data_folder(tmp_path / f"data-{source}")
            stats = crawl(data, source, base_url=server.base_url, progress=False)
            assert not stats.failed
            assert set(expected_urls(manifest, source, server.base_url)) <= set(records(data)), source


def test_scrapy_crawl_from_the_repository_root(sites, manifest, tmp_path):
    server = sites["institute"]
    data = data_folder(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "institute", "-a", f"base_url={server.base_url}",
         "-a", "lang=en", "-s", f"PARLARCHIVE_DATA={data.root}", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    want = {u for u, v in expected_urls(manifest, "institute", server.base_url).items() if v["lang"] == "en"}
    assert set(records(data)) == want
    assert list(data.warc.glob("institute-*.warc.gz"))


def test_max_pages_and_one_language(sites, manifest, tmp_path):
    server = sites["senate"]
    data = data_folder(tmp_path / "data")
    server.requests.clear()
    stats = crawl(data, "senate", base_url=server.base_url, langs=["kk"], max_pages=1, progress=False)
    assert not stats.failed
    lists = [r for r in server.requests if "/news/details/" not in r and r != "/robots.txt"]
    assert lists == ["/kk-KZ/news"]
    got = records(data)
    assert 0 < len(got) <= 10 and all(d["lang"] == "kk" for d in got.values())


def test_recrawl_fetches_a_story_the_list_shows_changed(tmp_path, manifest):
    root = tmp_path / "copy"
    shutil.copytree(CORPUS / "senate", root / "senate")
    story = max(manifest["senate"]["stories"], key=lambda s: s["date"])  # the newest: on the first list page
    version = story["versions"]["ru"]
    new_title = version["title"] + " (дополнено)"
    for page in [
        root / "senate" / (version["path"].strip("/") + ".html"),
        root / "senate" / "ru-RU" / "news.html",
    ]:
        page.write_text(
            page.read_text(encoding="utf-8").replace(version["title"], new_title), encoding="utf-8"
        )
    with serve_sites(root, sources=("senate",)) as servers:
        server = servers["senate"]
        data = data_folder(tmp_path / "data")
        crawl(data, "senate", base_url=server.base_url, langs=["ru"], progress=False)
        page = root / "senate" / (version["path"].strip("/") + ".html")
        page.write_text(
            page.read_text(encoding="utf-8").replace("</p>", " Добавлен абзац.</p>", 1), encoding="utf-8"
        )
        lst = root / "senate" / "ru-RU" / "news.html"
        lst.write_text(lst.read_text(encoding="utf-8").replace(new_title, version["title"]), encoding="utf-8")
        page.write_text(
            page.read_text(encoding="utf-8").replace(new_title, version["title"]), encoding="utf-8"
        )
        server.requests.clear()
        stats = crawl(data, "senate", base_url=server.base_url, langs=["ru"], progress=False)
    assert stats.updated == 1 and stats.new == 0, stats
    assert [r for r in server.requests if "/news/details/" in r and "/9" not in r] == [version["path"]]
    doc = records(data)[server.base_url + version["path"]]
    assert doc["title"] == version["title"] and "Добавлен абзац." in doc["text"]


def test_mazhilis_list_date_stands_in_for_a_page_without_one(tmp_path, manifest):
    root = tmp_path / "copy"
    shutil.copytree(CORPUS / "mazhilis", root / "mazhilis")
    story = manifest["mazhilis"]["stories"][-1]
    page = root / "mazhilis" / (story["versions"]["ru"]["path"].strip("/") + ".html")
    html = page.read_bytes().decode("cp1251")
    html = re.sub(r'<div class="news-date">[^<]*</div>', "", html)
    html = re.sub(r"\d{1,2} [а-я]+ \d{4} года", "недавно", html)  # no date left in the text either
    page.write_bytes(html.encode("cp1251", "xmlcharrefreplace"))
    with serve_sites(root, sources=("mazhilis",)) as servers:
        server = servers["mazhilis"]
        data = data_folder(tmp_path / "data")
        crawl(data, "mazhilis", base_url=server.base_url, langs=["ru"], max_pages=1, progress=False)
    doc = records(data)[server.base_url + story["versions"]["ru"]["path"]]
    assert doc["date"] == story["date"]
