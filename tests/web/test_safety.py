"""Safety: page text, titles and queries escaped everywhere; bad parameters are 400s with a message in the
interface language; nothing writes; security headers on every response; no inline script or style."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from parlarchive.app import Parlarchive
from tests.web.pages import texts, tree
from web import create_app
from web.templating import snippet_html

PAYLOAD_Q = '"><script>alert("q")</script><img src=x onerror=alert(9)>'
LIVE = (
    "<script>alert",
    "<img src=x",
    "<svg onload",
    "onerror=alert(1)>",
)  # markup that would run if unescaped


def _no_live_payload(body: str) -> None:
    for needle in LIVE:
        assert needle not in body, needle
    page = tree(body) if body.lstrip().startswith("<!doctype") else None
    if page is not None:
        assert not page.xpath("//script[not(@src)]"), "inline script"
        assert not page.xpath("//img | //svg//script | //*[@onerror or @onload or @onclick]")


def test_payloads_in_titles_and_text_are_escaped_on_every_view(client, ids):
    views = ["/?q=budget", "/?q=budget&sort=date", f"/documents/{ids['xss']}", "/feed.atom?q=budget"]
    for url in views:
        r = client.get(url)
        assert r.status_code == 200, url
        _no_live_payload(r.get_data(as_text=True))
    doc = client.get(f"/documents/{ids['xss']}")
    assert texts(doc.data, "//h1[@class='doc__title']") == [
        'Budget hearing <script>alert("title")</script> "><img src=x onerror=alert(1)>'
    ]  # shown as text, exactly
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in doc.get_data(as_text=True)
    card = tree(client.get("/?q=budget").data).xpath("//li[@class='card']")[0]
    assert "<script>alert('text')</script>" in card.xpath("string(.//p[@class='card__snippet'])")
    assert card.xpath(".//p[@class='card__snippet']/mark/text()") == ["budget", "budget"]


def test_a_payload_in_the_query_is_escaped(client):
    for url in (f"/?q={PAYLOAD_Q}", f"/?q=budget {PAYLOAD_Q}", f"/?q={PAYLOAD_Q}&from=bad"):
        r = client.get(url)
        _no_live_payload(r.get_data(as_text=True))
        assert tree(r.data).xpath("//input[@name='q']/@value") == [url.split("q=")[1].split("&")[0]]
    feed = client.get(f"/feed.atom?q=budget OR {PAYLOAD_Q}").get_data(as_text=True)
    _no_live_payload(feed)


def test_the_snippet_filter_trusts_only_escaped_text_and_marks():
    assert snippet_html("a <mark>b</mark> &amp; &lt;c&gt;") == "a <mark>b</mark> &amp; &lt;c&gt;"
    assert (
        snippet_html("<mark>x</mark><script>1</script>")
        == "&lt;mark&gt;x&lt;/mark&gt;&lt;script&gt;1&lt;/script&gt;"
    )
    assert snippet_html('<mark onclick="x">y</mark>') == "&lt;mark onclick=&#34;x&#34;&gt;y&lt;/mark&gt;"
    assert snippet_html("&#60;script") == "&amp;#60;script"  # a numeric reference search never writes
    assert snippet_html(None) == ""


BAD = [
    (
        "from=2024-02-30",
        "“2024-02-30” is not a date: use YYYY-MM-DD.",
        "«2024-02-30» — не дата: используйте формат ГГГГ-ММ-ДД.",
    ),
    (
        "to=yesterday",
        "“yesterday” is not a date: use YYYY-MM-DD.",
        "«yesterday» — не дата: используйте формат ГГГГ-ММ-ДД.",
    ),
    (
        "page=1000000000",
        "The page must be a whole number from 1 to 500.",
        "Номер страницы должен быть целым числом от 1 до 500.",
    ),
    (
        "page=-1",
        "The page must be a whole number from 1 to 500.",
        "Номер страницы должен быть целым числом от 1 до 500.",
    ),
    (
        "source=moon",
        "Unknown source “moon”: use one of senate, mazhilis, institute, file, library.",
        "Неизвестный источник «moon»: выберите один из senate, mazhilis, institute, file, library.",
    ),
    (
        "lang=de",
        "Unknown language “de”: use one of kk, ru, en.",
        "Неизвестный язык «de»: выберите один из kk, ru, en.",
    ),
    (
        "sort=random",
        "Unknown order “random”: use one of relevance, date.",
        "Неизвестный порядок «random»: выберите один из relevance, date.",
    ),
    (
        "q=" + "a" * 10_000,
        "The query is too long: at most 1000 characters.",
        "Запрос слишком длинный: не более 1000 символов.",
    ),
    (
        "from=2024-05-01&to=2024-01-01",
        "The start date is after the end date.",
        "Начальная дата позже конечной.",
    ),
    (
        "q=a%00b",
        "The query holds a character that cannot be searched.",
        "Запрос содержит символ, по которому нельзя искать.",
    ),
]


@pytest.mark.parametrize(("args", "english", "russian"), BAD, ids=[b[0][:20] for b in BAD])
def test_bad_parameters_are_400_with_a_message_in_the_ui_language(client, args, english, russian):
    r = client.get(f"/?{args}")
    assert r.status_code == 400
    assert texts(r.data, "//section[@role='alert']/p[1]") == [english]
    assert client.get(f"/api/search?{args}").json == {"error": english, "status": 400}
    assert client.get(f"/export.csv?{args}").status_code == 400
    assert client.get(f"/feed.atom?{args}").status_code == 400
    client.set_cookie("ui_lang", "ru")
    assert texts(client.get(f"/?{args}").data, "//section[@role='alert']/p[1]") == [russian]
    client.set_cookie("ui_lang", "kk")
    kazakh = client.get(f"/api/search?{args}").json["error"]
    assert kazakh not in (english, russian)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_nothing_accepts_a_writing_method(client, ids, method):
    for url in ("/", "/api/search", f"/api/documents/{ids['xss']}", "/ui/kk", "/export.csv"):
        r = client.open(url, method=method)
        assert r.status_code == 405, url


def test_security_headers_on_every_response(client, ids):
    urls = ["/", "/?from=bad", f"/documents/{ids['note']}", "/documents/missing", "/api/search?q=x",
            "/api/openapi.json", "/feed.atom", "/export.jsonl", "/static/style.css", "/ui/ru?next=/"]  # fmt: skip
    for url in urls:
        r = client.get(url)
        csp = r.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'self'" in csp, url
        assert r.headers["X-Content-Type-Options"] == "nosniff", url
        assert r.headers["Referrer-Policy"] == "same-origin", url


def test_pages_carry_no_inline_script_or_style(client, ids):
    for url in ("/", "/?q=budget", f"/documents/{ids['senate-kk']}", "/documents/missing", "/?page=0"):
        page = tree(client.get(url).data)
        assert not page.xpath("//script[not(@src)] | //style | //*[@style]"), url
        assert not [a for el in page.iter() for a in el.attrib if a.startswith("on")], url


def test_the_language_switch_returns_only_to_this_site(client):
    assert client.get("/ui/kk?next=/?q=budget").headers["Location"] == "/?q=budget"
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        assert client.get(f"/ui/kk?next={target}").headers["Location"] == "/", target
    assert client.get("/ui/de").status_code == 404


def test_a_damaged_index_is_a_503_that_says_so_and_is_rebuilt(web_data, tmp_path):
    shutil.copytree(web_data.root, tmp_path / "data")
    for folder in (p for p in (tmp_path / "data" / "index").iterdir() if p.is_dir()):
        for segment in folder.iterdir():  # every segment file of the engine (not the files naming them)
            if (
                segment.is_file()
                and segment.name not in ("meta.json", ".managed.json")
                and ".toc" not in segment.name
            ):
                segment.write_bytes(b"\0" * 64)
    damaged = create_app(Parlarchive(tmp_path / "data"), {"TESTING": True}).test_client()
    r = damaged.get("/?q=budget", headers={"Accept-Language": "ru"})
    assert r.status_code == 503
    assert texts(r.data, "//section[@role='alert']/p[1]") == [
        "Поисковый индекс заново строится из архива: попробуйте через несколько минут."
    ]
    end = time.monotonic() + 60  # the writable folder's index is rebuilt in the background
    while (api := damaged.get("/api/search?q=budget")).status_code == 503 and time.monotonic() < end:
        time.sleep(0.2)
    assert api.status_code == 200 and api.json["total"] == 2


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every file, but SQLite's -shm: WAL readers mark their place in that shared-memory
    index (it holds no data, and SQLite rebuilds it from the WAL)."""
    files = (p for p in root.rglob("*") if p.is_file() and not p.name.endswith("-shm"))
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in files}


def test_no_view_changes_the_data_folder(client, web_data, ids):
    before = _snapshot(web_data.root)
    urls = ["/", "/?q=budget&source=institute", "/?q=(", f"/documents/{ids['senate-kk']}", "/feed.atom?q=budget",
            "/export.csv", "/export.jsonl?q=budget", "/api/search?q=*", f"/api/documents/{ids['water']}",
            f"/api/documents/{ids['senate-en']}/versions", "/api/openapi.json",
            f"/documents/{ids['xss']}/citation.bib"]  # fmt: skip
    for url in urls:
        assert client.get(url).status_code in (200, 400), url
    assert _snapshot(web_data.root) == before
