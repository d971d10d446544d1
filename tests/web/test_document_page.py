"""The document page: text, provenance, duplicates, versions, citation and its downloads."""

from __future__ import annotations

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


def test_a_story_in_one_language_links_to_its_compare_page(client, ids):
    """The compare page holds the machine translation and the translation memory of a story in one language."""
    r = client.get(f"/documents/{ids['xss']}")
    [link] = tree(r.data).xpath("//a[contains(@href,'/compare')]")
    assert link.text_content() == "Translations and translation memory"
    assert client.get(link.get("href")).status_code == 200
    three = client.get(f"/documents/{ids['senate-kk']}")
    assert texts(three.data, "//a[contains(@href,'/compare')]") == ["Compare the language versions"]


def test_unknown_document_is_404_in_the_ui_language(client):
    r = client.get("/documents/0000000000000000")
    assert r.status_code == 404
    assert texts(r.data, "//section[@role='alert']/p[1]") == ["Nothing is archived at this address."]
    client.set_cookie("ui_lang", "ru")
    assert texts(client.get("/documents/nope").data, "//section[@role='alert']/p[1]") == [
        "По этому адресу в архиве ничего нет."
    ]
