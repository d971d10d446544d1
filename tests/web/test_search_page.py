"""The search page and its exports through Flask's test client on the session's archive."""

from __future__ import annotations

import csv
import io
import json

from tests.web.pages import hrefs, query_of, texts, tree
from web.chart import bars, periods
from web.views.search import page_numbers


def test_hits_show_title_source_date_versions_snippet(client, ids):
    r = client.get("/?q=maslikhats")
    assert r.status_code == 200
    card = tree(r.data).xpath("//li[@class='card']")[0]
    assert card.xpath(".//h2/a/text()") == ["Deputies of district maslikhats trained in Kostanay"]
    assert [h.split("?")[0] for h in card.xpath(".//h2/a/@href")] == [f"/documents/{ids['senate-en']}"]
    assert card.xpath(".//*[contains(@class,'badge--source')]/text()") == ["Senate"]
    assert card.xpath(".//time/@datetime") == ["2024-03-14"]
    assert card.xpath(".//time/text()") == ["March 14, 2024"]
    badges = dict(
        zip(
            card.xpath(".//a[contains(@class,'badge--lang')]/text()"),
            [h.split("?")[0] for h in card.xpath(".//a[contains(@class,'badge--lang')]/@href")],
            strict=True,
        )
    )
    assert badges == {lang: f"/documents/{ids['senate-' + lang]}" for lang in ("kk", "ru", "en")}
    assert card.xpath(".//p[@class='card__snippet']/mark/text()")[0].lower() == "maslikhats"


def test_duplicates_collapse_with_their_count(client):
    r = client.get("/?q=водосбережение")
    assert texts(r.data, "//h1[@id='results-title']") == ["1 story matches"]
    assert texts(r.data, "//*[contains(@class,'badge--dupes')]") == ["1 duplicate"]


def test_empty_query_browses_everything_newest_first(client):
    r = client.get("/")
    dates = tree(r.data).xpath("//li[@class='card']//time/@datetime")
    assert len(dates) == 5  # 8 records: a story's versions and a repost collapsed
    assert dates == sorted(dates, reverse=True)
    assert texts(r.data, "//h1[@id='results-title']") == ["5 stories in the archive"]


def test_facet_counts_link_to_narrower_searches(client):
    r = client.get("/?q=budget")
    links = {
        t: h
        for t, h in zip(
            texts(r.data, "//a[@class='facet__link']"),
            hrefs(r.data, "//a[@class='facet__link']"),
            strict=True,
        )
    }
    assert links["Institute of Parliamentarism 1"] == "/?q=budget&source=institute"
    assert query_of(links["2023 1"]) == {"q": "budget", "from": "2023-01-01", "to": "2023-12-31"}
    narrowed = client.get(links["Institute of Parliamentarism 1"])
    assert texts(narrowed.data, "//h1[@id='results-title']") == ["1 story matches"]
    chips = hrefs(narrowed.data, "//a[@class='chip']")
    assert chips == ["/?q=budget"]  # the active filter, with a link that removes it
    assert tree(narrowed.data).xpath("//select[@name='source']/option[@selected]/@value") == ["institute"]


def test_no_hits_shows_the_empty_state(client):
    r = client.get("/?q=zzzzqqqq")
    assert r.status_code == 200
    assert texts(r.data, "//div[@class='empty']/h2") == ["Nothing found"]


def test_bad_query_keeps_the_form_and_says_why(client):
    r = client.get('/?q="unclosed')
    assert r.status_code == 400
    assert tree(r.data).xpath("//input[@name='q']/@value") == ['"unclosed']
    [message] = texts(r.data, "//section[@role='alert']/p[1]")
    assert message.startswith("The query cannot be read: unbalanced quotes")


def test_sort_by_date_and_the_state_in_the_url(client):
    r = client.get("/?q=committee OR maslikhats&sort=date&lang=en&from=2023-01-01&to=2024-12-31")
    dates = tree(r.data).xpath("//li[@class='card']//time/@datetime")
    assert dates == sorted(dates, reverse=True) and len(dates) == 3
    form = tree(r.data)
    assert form.xpath("//select[@name='sort']/option[@selected]/@value") == ["date"]
    assert form.xpath("//select[@name='lang']/option[@selected]/@value") == ["en"]
    assert form.xpath("//input[@name='from']/@value") == ["2023-01-01"]
    assert form.xpath("//input[@name='to']/@value") == ["2024-12-31"]


def test_chart_bars_narrow_the_date_range(client):
    r = client.get("/")
    bar_links = tree(r.data).xpath("//figure[@class='chart']//*[local-name()='a']/@href")
    ranges = [query_of(h) for h in bar_links]
    # the archive's dates span under four years: a bar a month, from its first month to its last
    assert ranges[0] == {"from": "2022-05-01", "to": "2022-05-31"} and ranges[-1]["to"].startswith("2024-")
    assert all(r["from"].endswith("-01") and r["from"][:7] == r["to"][:7] for r in ranges)
    assert len(ranges) == len({r["from"] for r in ranges}) > 12
    assert texts(client.get(bar_links[0]).data, "//h1[@id='results-title']") == ["1 story in the archive"]


def test_chart_counts_months_when_the_facets_have_them():
    counts = periods({"month": {"2023-11": 2, "2024-02": 4}, "year": {"2023": 2, "2024": 4}})
    assert counts == {"2023-11": 2, "2023-12": 0, "2024-01": 0, "2024-02": 4}
    drawn = bars(counts)
    assert [(b.date_from, b.date_to) for b in drawn][-1] == ("2024-02-01", "2024-02-29")
    assert drawn[-1].height == 96 and drawn[1].height == 0 and drawn[0].height == 48
    assert periods({"year": {"2020": 1, "2022": 3, "": 5}}) == {"2020": 1, "2021": 0, "2022": 3}


def test_paging_links():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 10) == [1, 2, 3, 4, None, 10]
    assert page_numbers(7, 20) == [1, None, 4, 5, 6, 7, 8, 9, 10, None, 20]


def test_a_page_past_the_hits_says_where_they_end(client):
    r = client.get("/?q=budget&page=2")
    assert r.status_code == 200
    assert texts(r.data, "//h1[@id='results-title']") == ["2 stories match"]
    assert texts(r.data, "//div[@class='empty']/h2") == ["No hits on this page"]  # not "Nothing found"
    assert hrefs(r.data, "//div[@class='empty']//a") == ["/?q=budget"]  # the last page: page 1
    assert texts(client.get("/?q=zzzzqqqq").data, "//div[@class='empty']/h2") == ["Nothing found"]


def test_the_home_page_does_not_choose_newest_first_for_the_next_search(client):
    """Browsing lists the newest first, but the form's order stays the query's default: the first search is by
    relevance, unless the reader chose an order."""
    home = tree(client.get("/").data)
    assert home.xpath("//select[@name='sort']/option[@selected]/@value") == ["relevance"]
    chosen = tree(client.get("/?sort=date").data)
    assert chosen.xpath("//select[@name='sort']/option[@selected]/@value") == ["date"]


def test_the_duplicate_badge_links_to_the_duplicates(client, ids):
    r = client.get("/?q=водосбережение&lang=ru")
    [badge] = tree(r.data).xpath("//a[contains(@class,'badge--dupes')]")
    assert badge.text_content() == "1 duplicate"
    href = badge.get("href")
    assert href.startswith(f"/documents/{ids['water-repost']}?search=") and href.endswith("#duplicates")
    page = client.get(href.split("#")[0])
    [panel] = tree(page.data).xpath("//section[@id='duplicates']")
    duplicate = client.application.extensions["parlarchive"].get(ids["water"])
    assert panel.xpath(".//li/a/@href")[0].startswith(f"/documents/{ids['water']}")
    assert " ".join(panel.xpath(".//li/a")[0].text_content().split()) == duplicate["title"]
    assert panel.xpath(".//li//time/@datetime") == [duplicate["date"]]
    assert duplicate["source"] == "mazhilis"
    assert panel.xpath(".//li//*[contains(@class,'badge--source')]/text()") == ["Mazhilis"]
    assert duplicate["canonical_url"] in panel.text_content()


def test_pages_reached_from_a_search_lead_back_to_it(client, ids):
    r = client.get("/?q=maslikhats OR budget&lang=en&sort=date")
    [first, *_] = hrefs(r.data, "//li[@class='card']/h2/a")
    assert first.startswith("/documents/") and "search=" in first
    back = "/?q=maslikhats+OR+budget&lang=en&sort=date"
    document = client.get(first)
    assert hrefs(document.data, "//nav[@class='crumbs']/a") == [back]
    onward = hrefs(document.data, "//a[contains(@href,'/capture') or contains(@href,'/compare')]")
    assert onward and all("search=" in href for href in onward)
    for href in onward:
        crumbs = hrefs(client.get(href).data, "//nav[@class='crumbs']/a")
        assert crumbs[0] == back and crumbs[1].startswith(first.split("?")[0] + "?search=")
    versions = hrefs(document.data, "//header//a[contains(@class,'badge--lang')]")
    assert versions and all("search=" in href for href in versions)
    # without a search, or with one that is not, the way back is the plain search page
    assert hrefs(client.get(f"/documents/{ids['xss']}").data, "//nav[@class='crumbs']/a") == ["/"]
    assert hrefs(
        client.get(f"/documents/{ids['xss']}?search=lang%3Dxx").data, "//nav[@class='crumbs']/a"
    ) == ["/"]


def test_export_csv_streams_the_records_of_a_search(client, ids):
    r = client.get("/export.csv?q=водосбережение")
    assert r.status_code == 200 and r.is_streamed and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True).removeprefix("\ufeff"))))
    assert [row["id"] for row in rows] == [ids["water-repost"]]
    assert json.loads(rows[0]["versions"]) == {"ru": ids["water-repost"]}
    assert json.loads(rows[0]["duplicates"]) == [ids["water"]]  # the collapsed near-duplicate, named


def test_export_jsonl_without_a_query_holds_every_version(client, ids):
    r = client.get("/export.jsonl?group=version")
    lines = [json.loads(line) for line in r.get_data(as_text=True).splitlines()]
    assert sorted(rec["id"] for rec in lines) == sorted(set(ids.values()) - {ids["water"]})  # one per cluster
    assert len(client.get("/export.jsonl").get_data(as_text=True).splitlines()) < len(lines), "a row a story"
    filtered = client.get("/export.jsonl?lang=kk").get_data(as_text=True).splitlines()
    assert [json.loads(line)["id"] for line in filtered] == [ids["senate-kk"]]


def test_export_of_a_bad_query_is_a_400_not_a_broken_download(client):
    r = client.get("/export.csv?q=(budget")
    assert r.status_code == 400
    assert "unbalanced parentheses" in r.get_data(as_text=True)
    assert client.get("/export.xlsx").status_code == 404


def test_a_source_named_at_import_is_a_filter_like_the_others(client, ids):
    r = client.get("/?source=library")
    assert r.status_code == 200
    assert [h.split("?")[0] for h in tree(r.data).xpath("//li[@class='card']//h2/a/@href")] == [
        f"/documents/{ids['library-note']}"
    ]
    assert tree(r.data).xpath("//select[@name='source']/option[@selected]/@value") == ["library"]
    assert client.get("/api/search?source=library").json["total"] == 1
    spec = client.get("/api/openapi.json").json
    [source] = [p for p in spec["paths"]["/api/search"]["get"]["parameters"] if p["name"] == "source"]
    assert source["schema"]["enum"] == ["senate", "mazhilis", "institute", "file", "library"]
