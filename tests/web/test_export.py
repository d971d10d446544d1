"""Exports hold exactly the hits of the search they came from, in its order, in the CLI and the web; CSV is safe
to open in a spreadsheet and carries what a researcher cites a record by."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from archive.export import FORMULA_STARTS, spreadsheet_safe
from parlarchive.app import Parlarchive
from parlarchive.demo.sitegen import article_path, make_stories
from tests.archive.stories import page
from tests.helpers import cli
from tests.web.pages import tree
from web import create_app

# Titles a hostile or careless page could carry: each is a live formula in LibreOffice or Excel when a CSV
# cell starts with it.
HOSTILE = {
    "=": '=HYPERLINK("http://evil.example/x","Нажмите")',
    "+": "+7 701 000 00 00 — телефон приёмной",
    "-": "-2+3 бюджет",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
}
SEARCHES = [  # (query, filters): each is exported in both orders
    ("депутаты OR deputies OR депутаттар", {}),
    ("депутаты OR deputies OR депутаттар", {"lang": "ru"}),
    ("депутаты OR deputies OR депутаттар", {"group": "version"}),  # a row per language version
    ("бюджет OR budget OR бюджет", {"source": "senate", "from": "2021-01-01"}),
    ("", {}),
    ("", {"lang": "kk", "to": "2023-12-31"}),
    ("", {"group": "version"}),
]


@pytest.fixture(scope="module")
def export_app(tmp_path_factory: pytest.TempPathFactory) -> Parlarchive:
    """An archive of 14 generated Senate stories in up to three languages, and four pages with hostile titles."""
    root = tmp_path_factory.mktemp("export")
    files = root / "files"
    files.mkdir()
    for story in make_stories("senate", 14):
        for lang in story.langs:
            url = "https://senate.parlam.kz" + article_path("senate", lang, story.id)
            html = page(story.title[lang], story.paragraphs[lang], lang=lang,
                        date_line=story.day.strftime("%d.%m.%Y"), canonical=url)  # fmt: skip
            (files / f"{story.id}-{lang}.html").write_text(html, encoding="utf-8")
    for n, title in enumerate(HOSTILE.values()):
        text = [f"{title} Квитанция номер {n} приложена к обращению.", "Второй абзац."]
        html = page(
            title, text, lang="ru", date_line=f"0{n + 1}.02.2024", canonical=f"https://qr-pib.kz/ru/p/9{n}"
        )
        (files / f"hostile-{n}.html").write_text(html, encoding="utf-8")
    app = Parlarchive(root / "data")
    report, _indexed = app.import_paths([files])
    assert not report.failed and report.new == len(list(files.iterdir()))
    return app


@pytest.fixture(scope="module")
def export_client(export_app: Parlarchive) -> FlaskClient:
    client = create_app(export_app, {"TESTING": True}).test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _page_ids(client: FlaskClient, args: dict[str, str]) -> list[str]:
    """The hits of the search page, in order, page after page."""
    ids, n = [], 1
    while True:
        body = client.get("/", query_string={**args, "page": str(n)}).data
        found = [
            h.split("?")[0].rsplit("/", 1)[1] for h in tree(body).xpath("//li[@class='card']/h2/a/@href")
        ]
        if not found:
            return ids
        ids += found
        n += 1


def _csv_rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff"), "a UTF-8 byte-order mark first, for spreadsheets"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize(("query", "filters"), SEARCHES)
def test_the_web_export_is_the_search_row_by_row(export_client, query, filters, sort):
    args = {"q": query, **filters, "sort": sort}
    shown = _page_ids(export_client, args)
    api = export_client.get("/api/search", query_string={**args, "limit": "100"}).json
    assert shown == [hit["id"] for hit in api["hits"]] and len(shown) == api["total"] > 1
    rows = _csv_rows(export_client.get("/export.csv", query_string=args).get_data(as_text=True))
    lines = [
        json.loads(x)
        for x in export_client.get("/export.jsonl", query_string=args).get_data(as_text=True).splitlines()
    ]
    for exported, cell, cells in (
        (rows, spreadsheet_safe, json.loads),
        (lines, lambda value: value, lambda value: value),
    ):
        assert [row["id"] for row in exported] == shown
        for row, hit in zip(exported, api["hits"], strict=True):
            assert {k: row[k] or None for k in ("url", "lang", "source", "date", "story")} == {
                k: hit[k] for k in ("url", "lang", "source", "date", "story")
            }
            assert row["title"] == cell(hit["title"])
            assert cells(row["versions"]) == hit["versions"], "the story's versions named beside the hit"
    stories = [row["story"] for row in rows]
    if filters.get("group") == "version":  # a story's versions apart: some story fills several rows
        assert len(set(stories)) < len(stories)
        assert {(row["story"], row["lang"]) for row in rows} == {(h["story"], h["lang"]) for h in api["hits"]}
    else:  # one row per story
        assert len(set(stories)) == len(stories)


def test_the_search_pages_export_links_carry_the_order_and_filters(export_client):
    body = export_client.get("/?q=budget&sort=date&lang=en").data
    links = tree(body).xpath("//section[contains(@class,'facet--tools')]//a/@href")
    csv_link = next(link for link in links if link.startswith("/export.csv"))
    assert "sort=date" in csv_link and "lang=en" in csv_link and "q=budget" in csv_link


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize(("query", "filters"), SEARCHES)
def test_the_cli_export_is_the_search_row_by_row(export_app, query, filters, sort):
    options = [f"--{name}={value}" for name, value in filters.items() if name != "group"] + ["--sort", sort]
    options += ["--versions"] if filters.get("group") == "version" else []
    code, out, err = cli(export_app.data.root, "search", query or "*", *options, "--limit", "10000", "--json")
    assert code == 0, err
    hits = json.loads(out)["hits"]
    query_option = ["--query", query] if query else []
    code, out, err = cli(export_app.data.root, "export", "--format", "jsonl", *query_option, *options)
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [h["id"] for h in hits] and len(rows) > 1
    assert [r["title"] for r in rows] == [h["title"] for h in hits]
    assert [(r["story"], r["versions"]) for r in rows] == [(h["story"], h["versions"]) for h in hits]


def test_without_a_query_the_export_is_every_story_newest_first(export_app):
    code, out, _err = cli(export_app.data.root, "export", "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    browse = export_app.search("*", limit=None, sort="date")["hits"]
    assert [r["id"] for r in rows] == [h["id"] for h in browse]
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates, reverse=True)


def test_every_formula_start_is_neutralised_in_the_csv(export_app, export_client, tmp_path: Path):
    assert set(HOSTILE) | {"\t", "\r"} == set(FORMULA_STARTS)
    target = tmp_path / "hostile.csv"
    code, _out, err = cli(
        export_app.data.root, "export", "--format", "csv", "--query", "квитанция", "-o", str(target)
    )
    assert code == 0, err
    from_cli = _csv_rows(target.read_text(encoding="utf-8"))
    from_web = _csv_rows(export_client.get("/export.csv?q=квитанция").get_data(as_text=True))
    for rows in (from_cli, from_web):
        titles = {row["title"] for row in rows}
        assert titles == {"'" + title for title in HOSTILE.values()}
        texts = [row["text"] for row in rows]
        assert all(t.startswith("'") for t in texts), "the text cell starts like the title: neutralised too"
        for row in rows:  # no cell of any row starts as a formula would
            assert not any(value.startswith(FORMULA_STARTS) for value in row.values()), row
    for start in FORMULA_STARTS:  # tab and carriage return never survive into a stored title: the rule itself
        assert spreadsheet_safe(f"{start}1+1") == f"'{start}1+1"
    assert spreadsheet_safe("бюджет") == "бюджет" and spreadsheet_safe(42) == 42


def test_csv_without_a_byte_order_mark_on_request(export_app):
    code, out, _err = cli(export_app.data.root, "export", "--format", "csv", "--no-bom", "--lang", "en")
    assert code == 0 and out.startswith("id,story,archive_url,")


def test_rows_carry_the_archives_link_and_the_provenance(export_app, export_client):
    rows = _csv_rows(export_client.get("/export.csv?q=budget&lang=en").get_data(as_text=True))
    assert rows
    for row in rows:
        record = export_app.get(row["id"])
        [capture] = record["captures"]
        assert row["archive_url"] == f"http://127.0.0.1:8000/documents/{row['id']}"
        assert export_client.get(row["archive_url"].removeprefix("http://127.0.0.1:8000")).status_code == 200
        assert row["fetched_at"] == capture["fetched_at"] and row["sha256"] == capture["sha256"]
        assert len(row["sha256"]) == 64
        assert json.loads(row["versions"]) == record["versions"]
    crawled = {"warc_path": "warc/x.warc.gz", "warc_offset": 1234, "fetched_at": "2024-01-01T00:00:00Z"}
    from archive.export import export_row

    row = export_row(
        {"id": "x", "fetched_at": "2024-01-01T00:00:00Z", "captures": [{"sha256": "a"}, crawled]}
    )
    assert (row["warc_file"], row["warc_offset"]) == ("warc/x.warc.gz", 1234)


def test_the_file_name_says_what_the_export_holds(export_client):
    r = export_client.get("/export.csv?q=маслихат бюджет&lang=ru&sort=date")
    days = {datetime.now(UTC).date().isoformat()}
    name = "parlarchive_маслихат-бюджет_lang-ru_by-date_{}.csv"
    disposition = r.headers["Content-Disposition"]
    assert any(f"filename*=UTF-8''{quote(name.format(day), safe='')}" in disposition for day in days), (
        disposition
    )
    assert 'filename="parlarchive_maslikhat-byudzhet_lang-ru_by-date_' in disposition
    everything = export_client.get("/export.jsonl").headers["Content-Disposition"]
    assert "filename*=UTF-8''parlarchive_all_by-date_" in everything
