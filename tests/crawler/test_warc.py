"""Reading WARC files back: every good record before a break, a repaired tail, API stories as HTML."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response

from archive.config import Settings
from archive.errors import BadInput
from archive.sources import api_article_html
from archive.warc import read_responses
from crawler.warc import WarcFile, repair_tail

PAGE_LIMIT = Settings().max_page_bytes


def _write(path, n: int) -> list[tuple[int, int]]:
    f = WarcFile(path, path.parent)
    spots = []
    for i in range(n):
        req = Request(f"http://127.0.0.1:9/ru/p/{i}")
        resp = HtmlResponse(req.url, status=200, body=f"<html><body><p>story {i}</p></body></html>".encode(),
                            headers={"Content-Type": "text/html; charset=utf-8"}, request=req)  # fmt: skip
        spots.append(f.write(req, resp, f"2024-01-0{i + 1}T00:00:00Z", {"Parlarchive-Page": "story"}))
    list_req = Request("http://127.0.0.1:9/ru/post/")
    f.write(list_req, Response(list_req.url, body=b"<html></html>", request=list_req), "2024-01-09T00:00:00Z",
            {"Parlarchive-Page": "list"})  # fmt: skip
    f.close()
    return spots


def test_read_back_offsets_and_navigation(tmp_path):
    path = tmp_path / "a.warc.gz"
    spots = _write(path, 3)
    got = list(read_responses(path, max_page_bytes=PAGE_LIMIT))
    assert [r.url for r in got] == [f"http://127.0.0.1:9/ru/p/{i}" for i in range(3)]
    assert [(r.offset, r.length) for r in got] == spots
    assert got[1].body == b"<html><body><p>story 1</p></body></html>" and got[1].http_status == 200
    assert got[1].fetched_at == "2024-01-02T00:00:00Z" and got[1].page == "story"
    assert len(list(read_responses(path, max_page_bytes=PAGE_LIMIT, navigation=True))) == 4


def test_broken_warc_yields_good_records_then_bad_input(tmp_path):
    path = tmp_path / "b.warc.gz"
    spots = _write(path, 3)
    data = path.read_bytes()
    cut = spots[2][0] + 40
    path.write_bytes(data[:cut])
    seen = []
    with pytest.raises(BadInput, match="broken WARC"):
        for r in read_responses(path, max_page_bytes=PAGE_LIMIT):
            seen.append(r.url)
    assert len(seen) == 2
    assert repair_tail(path) == cut - spots[2][0]  # the partial third record, to the byte
    assert path.stat().st_size == spots[2][0]
    assert [r.url for r in read_responses(path, max_page_bytes=PAGE_LIMIT)] == seen
    assert repair_tail(path) == 0


def test_not_a_warc_is_bad_input(tmp_path):
    path = tmp_path / "c.warc"
    path.write_bytes(b"hello, not a warc\n")
    with pytest.raises(BadInput):
        list(read_responses(path, max_page_bytes=PAGE_LIMIT))


def test_api_story_rendered_with_canonical_public_url():
    obj = {"id": 7, "lang": "kk", "title": "Тақырып", "date": "2023-09-22", "content": "<p>Мәтін</p>",
           "url": "/kk/mazhilis/news/article/7"}  # fmt: skip
    html = api_article_html(obj, "http://127.0.0.1:5/api/core/news/7?lang=kk").decode()
    assert '<link rel="canonical" href="http://127.0.0.1:5/kk/mazhilis/news/article/7">' in html
    assert "<h1>Тақырып</h1>" in html and "<p>Мәтін</p>" in html
