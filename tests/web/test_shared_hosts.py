"""A web host of a shared archive: a crawler host writes into PostgreSQL and a WARC root both mount; another
host, with its own data folder and index, serves the records, their versions and their captures as
archived, and `check` verifies every WARC file from there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parlarchive import Parlarchive
from tests.helpers import cli, crawled_site
from tests.postgres import ARCHIVE_ENV
from web import create_app


def test_another_host_serves_the_crawl_and_checks_its_warcs(
    tmp_path: Path, archive_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "mounted"  # the folder every host mounts
    monkeypatch.setenv(ARCHIVE_ENV, archive_url)
    monkeypatch.setenv("PARLARCHIVE_WARC_ROOT", str(shared))
    crawler = crawled_site(tmp_path / "crawler", "institute", 3)
    assert list((shared / "warc").glob("institute-*.warc.gz")), "the crawl wrote under the WARC root"
    assert not (crawler.data.root / "warc").exists() and not crawler.data.archive.exists()

    web = Parlarchive(tmp_path / "web")  # another host: its own folder and index, the same archive and root
    assert web.update_index() > 0
    client = create_app(web, {"TESTING": True}).test_client()
    with web.store() as store:
        docs = [store.get(d["id"]) for d in store.documents()]
    doc = next(d for d in docs if len(d["versions"]) > 1)
    assert (
        client.get(f"/api/documents/{doc['id']}/versions").json["versions"].keys() == doc["versions"].keys()
    )
    word = max(re.findall(r"\w+", doc["title"]), key=len)  # a title's first word may be a stop word ("В")
    hits = client.get("/api/search", query_string={"q": word}).json["hits"]
    assert doc["id"] in {h["id"] for h in hits} | {v for h in hits for v in h["versions"].values()}
    framed = client.get(f"/documents/{doc['id']}/capture/0/page")
    assert framed.status_code == 200 and word in framed.get_data(as_text=True)

    code, out, err = cli(tmp_path / "web", "check")
    assert code == 0, out + err
    (shared / "warc").rename(shared / "gone")  # the mount lost: every capture's file is missing
    code, out, _err = cli(tmp_path / "web", "check")
    assert code == 1 and "missing, with" in out and "warc/institute-" in out, out
