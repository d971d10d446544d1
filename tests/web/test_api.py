"""The JSON API: the command line's --json shapes over HTTP, errors as JSON, and the OpenAPI description."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager

from archive.store import Store
from parlarchive.app import Parlarchive
from tests.helpers import cli_json
from web import create_app
from web.archive_app import EXTENSION
from web.public import public_record


def test_search_is_the_command_lines_search_json(client, web_data):
    r = client.get("/api/search?q=maslikhats&lang=en")
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert r.json == cli_json(web_data.root, "search", "maslikhats", "--lang", "en")
    assert list(r.json) == ["query", "total", "hits", "facets", "counted", "suggestion"]


def test_search_paging_and_limit(client):
    first = client.get("/api/search?q=*&sort=date&limit=2").json
    second = client.get("/api/search?q=*&sort=date&limit=2&page=2").json
    assert first["total"] == second["total"] == 5, "eight records: two stories in versions, a repost"
    assert len(first["hits"]) == len(second["hits"]) == 2
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}


def test_document_is_the_command_lines_show_json(client, web_data, ids):
    """The whole record, its file's folders left out (the server's disk is its own)."""
    r = client.get(f"/api/documents/{ids['water-repost']}")
    assert r.json == public_record(cli_json(web_data.root, "show", ids["water-repost"]))
    assert r.json["url"] == "file:///…/water-repost.html"
    assert r.json["duplicates"] == [ids["water"]]


def test_versions(client, ids):
    r = client.get(f"/api/documents/{ids['senate-ru']}/versions")
    assert r.json["id"] == ids["senate-ru"]
    assert {lang: v["id"] for lang, v in r.json["versions"].items()} == {
        lang: ids[f"senate-{lang}"] for lang in ("kk", "ru", "en")
    }
    assert r.json["versions"]["kk"]["title"] == "Қостанайда аудандық мәслихат депутаттары оқудан өтті"


def test_errors_are_json(client):
    r = client.get("/api/search?q=(")
    assert r.status_code == 400 and r.json["status"] == 400
    assert r.json["error"].startswith("The query cannot be read:")
    assert (
        client.get("/api/search?limit=101").json["error"] == "The limit must be a whole number from 1 to 100."
    )
    missing = client.get("/api/documents/nope/versions")
    assert missing.status_code == 404 and missing.json == {
        "error": "Nothing is archived at this address.",
        "status": 404,
    }


def _required(spec: dict, name: str) -> set[str]:
    return set(spec["components"]["schemas"][name]["required"])


def test_openapi_names_exactly_the_fields_served(client, ids):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {
        "/api/search",
        "/api/documents/{record_id}",
        "/api/documents/{record_id}/versions",
        "/api/memory",
    }
    result = client.get("/api/search?q=budget").json
    assert set(result) == _required(spec, "Search")
    assert set(result["facets"]) == set(
        spec["components"]["schemas"]["Search"]["properties"]["facets"]["required"]
    )
    assert all(set(hit) == _required(spec, "Hit") for hit in result["hits"])
    doc = client.get(f"/api/documents/{ids['senate-en']}").json
    assert set(doc) == _required(spec, "Document")
    assert set(doc["captures"][0]) == _required(spec, "Capture")
    versions = client.get(f"/api/documents/{ids['senate-en']}/versions").json
    assert set(versions) == _required(spec, "Versions")
    assert set(versions["versions"]["en"]) == _required(spec, "Version")
    error = client.get("/api/search?page=0").json
    assert set(error) == _required(spec, "Error")
    client.application.extensions[EXTENSION].translation_memory()  # built first, however loaded the machine
    found = client.get("/api/memory", query_string={"q": MEMORY_QUERY, "lang": "ru"}).json
    assert set(found) == _required(spec, "Memory") and found["matches"]
    assert all(set(m) == _required(spec, "Match") for m in found["matches"])
    assert all(set(e) == _required(spec, "GlossaryEntry") for e in found["glossary"])


MEMORY_QUERY = "14 марта 2025 года в Костанае открылся двухдневный семинар для депутатов районных маслихатов."


def test_the_memory_answers_a_concordance_query_with_the_human_versions(client):
    client.application.extensions[EXTENSION].translation_memory()  # built first, however loaded the machine
    found = client.get("/api/memory", query_string={"q": MEMORY_QUERY, "lang": "ru"}).json
    best = found["matches"][0]
    assert best["versions"]["kk"].startswith("2024 жылғы 14 наурызда Қостанайда")
    assert best["differing_facts"] == ["2024"] and best["score"] < 90 <= best["similarity"]
    assert {"kind": "fact", "text": "2024"} in best["marks"]
    page = client.get("/memory", query_string={"q": MEMORY_QUERY, "lang": "ru"}).get_data(as_text=True)
    assert '<mark class="tm-fact">2024</mark>' in page and "2024 жылғы 14 наурызда" in page
    assert client.get("/api/memory?lang=xx&q=a").status_code == 400


class CountingArchive(Parlarchive):
    """The application object, counting how often it opens the archive."""

    opened = 0

    @contextmanager
    def store(self, *, write: bool = False) -> Iterator[Store]:
        self.opened += 1
        with super().store(write=write) as store:
            yield store


def test_versions_read_the_archive_over_one_connection(web_data, ids):
    app_obj = CountingArchive(web_data)
    r = (
        create_app(app_obj, {"TESTING": True})
        .test_client()
        .get(f"/api/documents/{ids['senate-kk']}/versions")
    )
    assert r.status_code == 200 and len(r.json["versions"]) == 3
    assert app_obj.opened == 1


def test_the_sources_come_from_the_archive_not_the_index(web_data, tmp_path):
    """A source given at import is a valid filter even while the index is missing (being rebuilt)."""
    shutil.copytree(web_data.root, tmp_path / "data", ignore=shutil.ignore_patterns("index"))
    app_obj = Parlarchive(tmp_path / "data")
    assert app_obj.sources() == ("senate", "mazhilis", "institute", "file", "library")
    client = create_app(app_obj, {"TESTING": True}).test_client()
    assert client.get("/api/search?q=*&source=nowhere").status_code == 400
    assert client.get("/api/search?q=*&source=library").status_code == 503  # not a 400: the search waits
    end = time.monotonic() + 60
    while (r := client.get("/api/search?q=*&source=library")).status_code == 503 and time.monotonic() < end:
        time.sleep(0.2)
    assert r.status_code == 200 and r.json["total"] == 1
