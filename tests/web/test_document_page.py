"""The document page: text, provenance, duplicates, versions, citation and its downloads."""

from __future__ import annotations

import json
import re

from tests.web.pages import hrefs, texts, tree


def test_document_shows_text_date_source_and_provenance(client, ids, archive_app):
    record = archive_app.get(ids["senate-ru"])
    r = client.get(f"/documents/{ids['senate-ru']}")
    assert r.status_code == 200
    page = tree(r.data)
    assert texts(r.data, "//h1[@class='doc__title']") == [record["title"]]
    assert page.xpath("//article/@lang") == ["ru"]
    paragraphs = texts(r.data, "//div[@class='doc__text']/p")
    assert paragraphs == [" ".join(p.split()) for p in record["text"].split("\n") if p.strip()]
    assert page.xpath("//header//time/@datetime") == ["2024-03-14"]
    assert "Senate" in texts(r.data, "//header//*[contains(@class,'badge--source')]")
    assert hrefs(r.data, "//aside//a[@rel='noopener noreferrer nofollow']") == [
        "https://senate.parlam.kz/ru-RU/news/details/31"
    ]
    [capture] = record["captures"]
    facts = dict(
        zip(texts(r.data, "//dl[@class='facts']/dt"), texts(r.data, "//dl[@class='facts']/dd"), strict=True)
    )
    assert facts["SHA-256"] == capture["sha256"]
    assert facts["Fetched"] == capture["fetched_at"]


def test_versions_link_each_language(client, ids):
    r = client.get(f"/documents/{ids['senate-kk']}")
    versions = dict(
        zip(
            texts(r.data, "//header//a[contains(@class,'badge--lang')]"),
            hrefs(r.data, "//header//a[contains(@class,'badge--lang')]"),
            strict=True,
        )
    )
    assert versions == {lang: f"/documents/{ids['senate-' + lang]}" for lang in ("kk", "ru", "en")}
    assert tree(r.data).xpath("//header//a[@aria-current='page']/text()") == ["kk"]


def test_duplicates_link_both_ways(client, ids):
    canonical = client.get(f"/documents/{ids['water-repost']}")
    assert hrefs(canonical.data, "//section[h2='Duplicates']//a") == [f"/documents/{ids['water']}"]
    duplicate = client.get(f"/documents/{ids['water']}")
    assert hrefs(duplicate.data, "//p[@class='notice']/a") == [f"/documents/{ids['water-repost']}"]


def test_citation_line_and_downloads(client, ids, archive_app):
    rid = ids["senate-en"]
    record = archive_app.get(rid)
    archived = record["captures"][0]["fetched_at"][:10]
    [line] = texts(client.get(f"/documents/{rid}").data, "//p[@class='citation']")
    assert line == (
        "Senate of the Parliament. “Deputies of district maslikhats trained in Kostanay.” 2024-03-14. "
        f"https://senate.parlam.kz/en-US/news/details/31. Archived {archived}: http://127.0.0.1:8000/documents/{rid}"
    )
    csl = client.get(f"/documents/{rid}/citation.json")
    assert csl.mimetype == "application/vnd.citationstyles.csl+json"
    [item] = json.loads(csl.data)
    assert item["issued"] == {"date-parts": [[2024, 3, 14]]}
    assert item["URL"] == "https://senate.parlam.kz/en-US/news/details/31"
    assert item["archive_location"] == f"http://127.0.0.1:8000/documents/{rid}"
    assert item["type"] == "webpage" and item["language"] == "en"


def test_bibtex_escapes_what_tex_would_read(client, ids):
    bib = client.get(f"/documents/{ids['xss']}/citation.bib").get_data(as_text=True)
    assert bib.startswith("@online{institute2023")
    title = re.search(r"^  title = \{(.*)\},$", bib, re.M).group(1)
    assert title == 'Budget hearing <script>alert("title")</script> "><img src=x onerror=alert(1)>'
    assert bib.count("{") == bib.count("}")
    special = client.get(f"/documents/{ids['note']}/citation.bib").get_data(as_text=True)
    assert "urldate = {" in special and "url = {file://" in special


def test_unknown_document_is_404_in_the_ui_language(client):
    r = client.get("/documents/0000000000000000")
    assert r.status_code == 404
    assert texts(r.data, "//section[@role='alert']/p[1]") == ["Nothing is archived at this address."]
    client.set_cookie("ui_lang", "ru")
    assert texts(client.get("/documents/nope").data, "//section[@role='alert']/p[1]") == [
        "По этому адресу в архиве ничего нет."
    ]
