"""The Mazhilis spider reads the new site's JSON API (limit/offset paging, count + result[])."""

from __future__ import annotations

from crawler.run import crawl
from tests.helpers import cli, data_folder, records


def test_mazhilis_json_api(sites, manifest, tmp_path):
    server = sites["mazhilis"]
    data = data_folder(tmp_path / "data")
    server.requests.clear()
    stats = crawl(data, "mazhilis", base_url=server.base_url, progress=False, args={"api": "1"})
    assert not stats.failed and not stats.errors, stats
    assert any("offset=20" in r for r in server.requests), "paged with offset"
    got = {(d["canonical_url"], d["lang"]): d for d in records(data).values()}
    groups = set()
    for story in manifest["mazhilis"]["stories"]:
        docs = [got[(server.base_url + v["path"], lang)] for lang, v in story["versions"].items()]
        for doc, (lang, v) in zip(docs, story["versions"].items(), strict=True):
            assert doc["title"] == v["title"] and doc["date"] == story["date"] and doc["lang"] == lang
            assert "/api/core/news/" in doc["url"]
        assert len({d["version_group"] for d in docs}) == 1
        groups.add(docs[0]["version_group"])
    assert len(groups) == len(manifest["mazhilis"]["stories"])
    again = crawl(data, "mazhilis", base_url=server.base_url, progress=False, args={"api": "1"})
    assert again.new == again.updated == 0


def test_api_crawl_rebuilds_from_its_warcs(sites, tmp_path):
    server = sites["mazhilis"]
    data = data_folder(tmp_path / "data")
    stats = crawl(data, "mazhilis", base_url=server.base_url, langs=["kk"], progress=False, args={"api": "1"})
    assert stats.new > 20
    rebuilt = data_folder(tmp_path / "rebuilt")
    code, out, err = cli(rebuilt.root, "import", str(data.warc), "--source", "mazhilis")
    assert code == 0, out + err
    keys = ("url", "canonical_url", "lang", "title", "text", "date", "fetched_at")
    original, again = records(data), records(rebuilt)
    assert {u: {k: d[k] for k in keys} for u, d in again.items()} == {
        u: {k: d[k] for k in keys} for u, d in original.items()
    }
