"""Hostile requests through Flask's test client: whatever a URL or a header holds, the answer is the site's own
page (or the API's JSON) with the security headers, never a 500, never a redirect off the site, never a page
that reflects the request's bulk, never a feed that is not XML, never a path of the server's disk."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlencode

import pytest

from parlarchive.app import Parlarchive
from tests.web.pages import hrefs, query_of, texts
from web import create_app

HUGE = "1" * 5000  # past Python's 4,300-digit limit for int("…")


def _is_site_page(r, status: int) -> None:
    assert r.status_code == status, r.status_code
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "target",
    ["/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "/%0d%0aSet-Cookie:%20a=b",
     "/%20/evil.example", "/%7f/evil.example", "/%c2%85/evil.example"],
)  # fmt: skip
def test_the_language_switch_refuses_white_space_and_control_characters(client, target):
    """Browsers drop tabs and line breaks from a URL: `/<TAB>/evil.example` is `//evil.example`, another site."""
    r = client.get(f"/ui/kk?next={target}")
    _is_site_page(r, 303)
    assert r.headers["Location"] == "/"
    assert r.headers["Set-Cookie"].startswith("ui_lang=kk;")


@pytest.mark.parametrize("url", [f"/?page={HUGE}", f"/api/search?page={HUGE}", f"/api/search?limit={HUGE}",
                                 f"/feed.atom?page={HUGE}", f"/export.csv?page={HUGE}", f"/?page=0000{HUGE}"])  # fmt: skip
def test_numbers_of_any_length_are_a_400_that_says_why(client, url):
    r = client.get(url)
    _is_site_page(r, 400)
    if url.startswith("/api/"):
        assert r.json["error"].endswith("must be a whole number from 1 to 100.") or "page" in r.json["error"]
    elif url.startswith("/?"):
        assert texts(r.data, "//section[@role='alert']/p[1]") == [
            "The page must be a whole number from 1 to 500."
        ]


@pytest.mark.parametrize("host", ["a" * 64 + ".example", "a" * 64, "x..example", "b" * 64 + ":8000"])
def test_a_host_header_that_names_no_host_is_the_sites_400(client, host):
    r = client.get("/?q=budget", headers={"Host": host})
    _is_site_page(r, 400)
    assert texts(r.data, "//section[@role='alert']/p[1]") == ["The request cannot be used."]
    api = client.get("/api/search?q=budget", headers={"Host": host})
    _is_site_page(api, 400)
    assert api.json == {"error": "The request cannot be used.", "status": 400}


@pytest.mark.parametrize(
    "char", ["%01", "%0b", "%1b", "%7f", "%c2%80", "%ef%bf%bf", "%ef%bf%be", "%ef%b7%90"]
)
def test_a_query_with_a_control_character_is_refused_everywhere(client, char):
    """The feed echoes the query into its <title>: XML 1.0 cannot hold C0 controls (but tab and line breaks),
    nor U+FFFE/U+FFFF; none of them is ever searched for, so the query is refused in one place for all views."""
    for url in (f"/feed.atom?q=budget{char}x", f"/?q=budget{char}x", f"/api/search?q=budget{char}x",
                f"/export.csv?q=budget{char}x"):  # fmt: skip
        r = client.get(url)
        _is_site_page(r, 400)
    assert client.get(f"/api/search?q=budget{char}x").json["error"] == (
        "The query holds a character that cannot be searched."
    )


def test_tabs_and_line_breaks_in_a_query_are_spaces_and_the_feed_stays_xml(client):
    r = client.get("/feed.atom?q=budget%09committee%0d%0a")
    assert r.status_code == 200
    feed = ET.fromstring(r.data)
    assert feed.findtext("{http://www.w3.org/2005/Atom}title") == "Parlarchive: budget committee"


def test_an_overlong_query_is_not_reflected(client):
    r = client.get("/?q=" + "a" * 100_000)
    _is_site_page(r, 400)
    assert len(r.data) < 3 * len(client.get("/?q=aaaa").data)  # today: 504 KB for a 100 KB query
    assert texts(r.data, "//section[@role='alert']/p[1]") == [
        "The query is too long: at most 1000 characters."
    ]


def test_unknown_parameters_are_not_reflected(client):
    plain = client.get("/?q=budget")
    junk = "&".join(f"x{n}=1" for n in range(20_000))
    r = client.get(f"/?q=budget&{junk}")
    assert r.status_code == 200
    assert abs(len(r.data) - len(plain.data)) < 200
    back = {query_of(href)["next"] for href in hrefs(r.data, "//nav[@class='ui-langs']//a")}
    assert back == {"/?q=budget"}  # the language links return to the search, and nothing more
    many = client.get("/?" + "&".join(["q=budget"] * 5000))
    assert abs(len(many.data) - len(plain.data)) < 200
    page = client.get("/?" + urlencode({"q": "маслихат бюджет", "lang": "ru", "x": "1"}))
    switch = hrefs(page.data, "//nav[@class='ui-langs']//a[@hreflang='ru']")[0]
    assert unquote(client.get(switch).headers["Location"]) == "/?q=маслихат бюджет&lang=ru"


def test_a_server_path_is_never_shown(web_data, tmp_path, ids):
    """The data folder's place and an imported file's folder are the server's own: no page, feed, export or
    API answer names them (the file's name is kept: it says which file the record came from)."""
    shutil.copytree(web_data.root, tmp_path / "data")
    app = create_app(Parlarchive(tmp_path / "data"), {"TESTING": True})
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with Parlarchive(tmp_path / "data").store() as store:
        imported = store.get(ids["note"])["url"]
    folder = imported.removeprefix("file://").rsplit("/", 1)[0]
    assert imported.startswith("file:///") and folder.startswith("/")
    views = ["/?q=stenographic", "/", f"/documents/{ids['note']}", f"/api/documents/{ids['note']}",
             "/api/search?q=*", "/feed.atom", "/export.csv", "/export.jsonl", f"/documents/{ids['note']}/compare",
             f"/documents/{ids['note']}/citation.bib", f"/documents/{ids['note']}/citation.json"]  # fmt: skip
    for url in views:
        body = client.get(url).get_data(as_text=True)
        assert folder not in body, url
    assert "committee.txt" in client.get(f"/documents/{ids['note']}").get_data(as_text=True)
    shutil.copytree(web_data.root, tmp_path / "damaged")  # a fresh copy: the first one's segments are mapped
    for segment in (tmp_path / "damaged" / "index").rglob("*"):
        if segment.suffix in (".seg", ".idx", ".term", ".store"):  # Whoosh's segments, tantivy's
            segment.write_bytes(b"\0" * 64)
    damaged = create_app(Parlarchive(tmp_path / "damaged"), {"TESTING": True}).test_client()
    for url in ("/?q=budget", "/api/search?q=budget"):
        r = damaged.get(url)
        assert r.status_code == 503
        assert str(tmp_path) not in r.get_data(as_text=True), url
