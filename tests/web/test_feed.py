"""The Atom feed of a search: valid against RFC 4287's RELAX NG schema, each entry in its own language, `updated`
when the archive stored the story, ids from the public address whatever Host a request names."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
import rnc2rng
from lxml import etree

from tests.web.pages import tree
from web import create_app
from web.feed import atom_time

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA = Path(__file__).parent / "data" / "atom.rnc"  # RFC 4287, Appendix B


@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    rng = rnc2rng.dumps(rnc2rng.loads(SCHEMA.read_text(encoding="utf-8")))
    # rnc2rng declares the schema's `local` prefix as xmlns:local="", which XML namespaces forbid; unused
    return etree.RelaxNG(etree.fromstring(rng.replace('xmlns:local=""', "").encode()))


def valid_feed(schema: etree.RelaxNG, body: bytes) -> etree._Element:
    feed = etree.fromstring(body)
    assert schema.validate(feed), schema.error_log
    return feed


def test_the_schema_rejects_what_rfc_4287_forbids(atom_schema):
    """The schema is the RFC's: an entry labelled with an empty language, or without a title, fails."""
    good = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id>'
        b"<updated>2024-01-01T00:00:00Z</updated><author><name>a</name></author>"
        b'<entry xml:lang="kk"><id>urn:y</id><title>t</title><link href="urn:y"/>'
        b"<updated>2024-01-01T00:00:00Z</updated></entry></feed>"
    )
    assert atom_schema.validate(etree.fromstring(good))
    for bad in (
        good.replace(b'xml:lang="kk"', b'xml:lang=""'),
        good.replace(b"<title>t</title><link", b"<link"),
    ):
        assert not atom_schema.validate(etree.fromstring(bad))


@pytest.mark.parametrize("ui", ["en", "kk"])
def test_each_entry_is_labelled_with_its_own_language(client, atom_schema, archive_app, ui):
    client.set_cookie("ui_lang", ui)
    feed = valid_feed(atom_schema, client.get("/feed.atom").data)
    assert feed.get(XML_LANG) == ui  # the feed's own title and subtitle are in the interface language
    entries = feed.findall(f"{ATOM}entry")
    langs = {}
    for entry in entries:
        rid = entry.findtext(f"{ATOM}id").rsplit("/", 1)[1]
        langs[rid] = entry.get(XML_LANG)
    stored = {rid: archive_app.get(rid)["lang"] for rid in langs}
    assert langs == stored and {"kk", "ru", "en"} <= set(langs.values())


def test_updated_is_when_the_archive_stored_the_story_published_its_date(
    client, atom_schema, archive_app, ids
):
    feed = valid_feed(atom_schema, client.get("/feed.atom?q=maslikhats OR budget").data)
    entries = feed.findall(f"{ATOM}entry")
    by_id = {e.findtext(f"{ATOM}id").rsplit("/", 1)[1]: e for e in entries}
    assert list(by_id) == [ids["senate-en"], ids["xss"]]  # newest story first
    for rid, entry in by_id.items():
        record = archive_app.get(rid)
        assert entry.findtext(f"{ATOM}updated") == atom_time(record["fetched_at"])
        assert entry.findtext(f"{ATOM}published") == f"{record['date']}T00:00:00Z"
    assert (
        by_id[ids["xss"]]
        .findtext(f"{ATOM}title")
        .startswith('Budget hearing <script>alert("title")</script>')
    )
    newest = max(atom_time(archive_app.get(rid)["fetched_at"]) for rid in by_id)
    assert feed.findtext(f"{ATOM}updated") == newest
    page = client.get("/?q=maslikhats OR budget")
    assert tree(page.data).xpath("//link[@type='application/atom+xml']/@href") == [
        "/feed.atom?q=maslikhats+OR+budget"
    ]


def test_an_empty_feed_is_valid_and_its_updated_is_the_archives_last_change(client, atom_schema, archive_app):
    bodies = [client.get("/feed.atom?q=zzzzqqqq").data for _ in range(2)]
    feed = valid_feed(atom_schema, bodies[0])
    assert feed.findall(f"{ATOM}entry") == []
    with archive_app.store() as store:
        assert feed.findtext(f"{ATOM}updated") == atom_time(store.last_stored())
    assert bodies[0] == bodies[1]


def test_ids_and_links_are_the_public_address_whatever_the_host(client, ids):
    """`Host: evil.example` is not echoed: the feed's and entries' ids, the citation's note and the
    BibTeX note are built from the public-address setting (default: 127.0.0.1's)."""
    rid = ids["senate-ru"]
    answers = {}
    for host in ("127.0.0.1:8000", "evil.example"):
        feed = etree.fromstring(client.get("/feed.atom?q=маслихат", headers={"Host": host}).data)
        csl = client.get(f"/documents/{rid}/citation.json", headers={"Host": host}).json
        bib = client.get(f"/documents/{rid}/citation.bib", headers={"Host": host}).get_data(as_text=True)
        answers[host] = (
            feed.findtext(f"{ATOM}id"),
            [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")],
            [link.get("href") for link in feed.iter(f"{ATOM}link") if "documents" in link.get("href")],
            csl[0]["note"],
            bib,
        )
    assert answers["127.0.0.1:8000"] == answers["evil.example"]
    feed_id, entry_ids, _links, location, bib = answers["evil.example"]
    assert feed_id == "http://127.0.0.1:8000/feed.atom?q=" + quote("маслихат")
    assert f"http://127.0.0.1:8000/documents/{rid}" in entry_ids
    assert location.endswith(f": http://127.0.0.1:8000/documents/{rid}")
    assert "evil.example" not in bib and f"http://127.0.0.1:8000/documents/{rid}" in bib


def test_the_public_address_is_a_setting(archive_app, ids):
    from dataclasses import replace

    from parlarchive.app import Parlarchive

    moved = Parlarchive(
        archive_app.data, replace(archive_app.settings, public_url="https://archive.example.org/parl")
    )
    client = create_app(moved, {"TESTING": True}).test_client()
    feed = etree.fromstring(client.get("/feed.atom").data)
    assert feed.findtext(f"{ATOM}id") == "https://archive.example.org/parl/feed.atom"
    rid = ids["senate-kk"]
    assert (
        client.get(f"/documents/{rid}/citation.json")
        .json[0]["note"]
        .endswith(f": https://archive.example.org/parl/documents/{rid}")
    )
