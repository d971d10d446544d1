"""The translation memory in the web UI: search in all languages (the expansion shown, editable), the
concordance page, the TMX of a search's stories and of the whole archive, the glossary's downloads."""

from __future__ import annotations

from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as ET

import pytest
from lxml import etree

from bench.crosslang_recall import build
from web import create_app

DTD = Path(__file__).parents[1] / "translation" / "data" / "tmx14.dtd"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    app_obj = build(tmp_path_factory.mktemp("memory"))
    app_obj.translation_memory()  # built before the requests: a loaded machine may take longer than they wait
    return create_app(app_obj).test_client()


def test_search_in_all_languages_finds_the_russian_only_story_and_shows_how(client) -> None:
    plain = client.get("/?q=мұғалімдердің").get_data(as_text=True)
    assert "Заработная плата учителей" not in plain and 'name="all"' in plain
    html = client.get("/?q=мұғалімдердің&all=1").get_data(as_text=True)
    assert "Заработная плата учителей" in html and "Searched in all languages as:" in html
    edit = html.split("Searched in all languages as:")[1].split('href="')[1].split('"')[0]
    args = parse_qs(urlsplit(unescape(edit)).query)
    assert "all" not in args and args["q"][0].startswith("(мұғалімдердің OR учител"), "editable as typed"
    assert client.get("/?q=x&all=maybe").status_code == 400


def test_the_tmx_of_a_search_and_of_the_archive_download_from_the_ui(client) -> None:
    dtd = etree.DTD(str(DTD))
    whole = etree.fromstring(client.get("/memory.tmx").get_data())
    one = client.get("/memory.tmx?q=Ашимбаев&segtype=paragraph")
    assert one.status_code == 200 and "attachment" in one.headers["Content-Disposition"]
    root = etree.fromstring(one.get_data())
    assert dtd.validate(whole) and dtd.validate(root), dtd.error_log
    stories = {prop.text for prop in root.iter("prop")}
    assert len(stories) == 1 and len(root.findall("body/tu")) < len(whole.findall("body/tu"))
    assert root.find("header").get("segtype") == "paragraph"
    assert "/memory.tmx?q=" in client.get("/?q=Ашимбаев").get_data(as_text=True), "offered beside the hits"


def test_the_glossary_downloads_as_csv_and_tbx(client) -> None:
    rows = client.get("/glossary.csv").get_data(as_text=True).splitlines()
    assert rows[0].startswith("from,to,source,target,count") and len(rows) > 50
    tbx = ET.fromstring(client.get("/glossary.tbx").get_data())
    assert tbx.tag == "martif" and tbx.findall("text/body/termEntry")
    page = client.get("/memory").get_data(as_text=True)
    assert 'href="/glossary.csv"' in page and 'href="/memory.tmx"' in page
