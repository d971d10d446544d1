"""The capture as archived: the page read back from its WARC record, sandboxed; the raw record downloadable."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.capture import read_page, warc_file
from archive.errors import BadInput
from archive.models import Capture
from parlarchive import Parlarchive
from tests.helpers import crawled_site
from web import create_app


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A small generated Institute site (not corpus/), crawled for real into a fresh archive."""
    app_obj = crawled_site(tmp_path_factory.mktemp("capture"), "institute", 3)
    with app_obj.store() as store:
        docs = list(store.documents())
    return {"app": app_obj, "client": create_app(app_obj).test_client(), "docs": docs}


def _warc_payload(app_obj: Parlarchive, cap: dict) -> bytes:
    with (app_obj.data.root / cap["warc_path"]).open("rb") as f:
        f.seek(cap["warc_offset"])
        return next(iter(ArchiveIterator(f))).content_stream().read()


def test_the_capture_page_frames_the_archived_page_beside_the_clean_text(crawled: dict) -> None:
    doc = crawled["docs"][0]
    page = crawled["client"].get(f"/documents/{doc['id']}/capture")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'src="/documents/{doc["id"]}/capture/0/page"' in html and 'sandbox=""' in html
    assert doc["text"].split("\n")[0][:40] in html  # the clean text beside it
    assert f"/documents/{doc['id']}/capture/0/record.warc" in html
    assert crawled["client"].get(f"/documents/{doc['id']}").get_data(as_text=True).count("/capture") >= 1


def test_the_framed_page_is_the_archived_payload_sandboxed_and_inert(crawled: dict) -> None:
    doc = crawled["docs"][0]
    with crawled["app"].store() as store:
        cap = store.get(doc["id"])["captures"][0]
    framed = crawled["client"].get(f"/documents/{doc['id']}/capture/0/page")
    assert framed.status_code == 200
    csp = framed.headers["Content-Security-Policy"]
    assert csp.startswith("sandbox;") and "allow-scripts" not in csp and "default-src 'none'" in csp
    body = framed.get_data()
    archived = _warc_payload(crawled["app"], cap)
    assert b"<a " in archived and re.search(rb"<a\b[^>]*\shref=", archived)
    assert not re.search(rb"<a\b[^>]*\shref=", body), "a link would lead the frame to the live site"
    assert body.replace(b"data-archived-", b"") == archived, "nothing but the link targets changed"


def test_the_raw_warc_record_downloads_byte_for_byte(crawled: dict) -> None:
    doc = crawled["docs"][1]
    got = crawled["client"].get(f"/documents/{doc['id']}/capture/0/record.warc")
    assert got.status_code == 200 and got.mimetype == "application/warc"
    assert ".warc.gz" in got.headers["Content-Disposition"]
    records = list(ArchiveIterator(io.BytesIO(got.get_data())))
    assert [r.rec_type for r in records] == ["response"]
    assert records[0].rec_headers.get_header("WARC-Target-URI") == doc["url"]


def test_no_capture_for_unknown_records_or_captures(crawled: dict) -> None:
    client, doc = crawled["client"], crawled["docs"][0]
    assert client.get("/documents/0000000000000000/capture").status_code == 404
    assert client.get(f"/documents/{doc['id']}/capture/7/page").status_code == 404
    assert client.get(f"/documents/{doc['id']}/capture/7/record.warc").status_code == 404


def test_a_capture_pointing_outside_the_data_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("not yours")
    kept_outside = Capture(
        "http://x.test/", "2024-01-01T00:00:00Z", "0" * 64, warc_path="../secret", warc_offset=0
    )
    with pytest.raises(BadInput, match="outside"):
        warc_file(tmp_path / "data", kept_outside)
    assert warc_file(tmp_path / "data", kept_outside, within=False) == tmp_path / "secret"  # reextract's
    with pytest.raises(BadInput, match="not kept"):
        read_page(tmp_path, Capture("file:///x.html", "2024-01-01T00:00:00Z", "0" * 64), 1000)


def test_a_capture_in_a_warc_outside_the_warc_root_is_said_so_without_its_folder(
    crawled: dict, tmp_path
) -> None:
    """`parlarchive import /elsewhere/crawl.warc.gz` stores the WARC's whole path. The web serves WARCs of the
    archive's WARC root only: the capture page says that this one lies outside it (it was a bare 404), names
    no folder, and neither the payload nor the raw record is served."""
    elsewhere = tmp_path / "mounted" / "old-crawls"
    elsewhere.mkdir(parents=True)
    for warc in (crawled["app"].data.root / "warc").glob("*.warc.gz"):
        (elsewhere / warc.name).write_bytes(warc.read_bytes())
    app_obj = Parlarchive(tmp_path / "data")
    report, _indexed = app_obj.import_paths([elsewhere])
    assert report.new == len(crawled["docs"]) and not report.failed
    rid = crawled["docs"][0]["id"]
    assert app_obj.get(rid)["captures"][-1]["warc_path"].startswith(str(elsewhere)), (
        "named whole in the archive"
    )
    client = create_app(app_obj).test_client()
    page = client.get(f"/documents/{rid}/capture")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "outside the WARC root" in html and str(tmp_path) not in html
    n = len(app_obj.get(rid)["captures"]) - 1
    assert client.get(f"/documents/{rid}/capture/{n}/page").status_code == 404
    assert client.get(f"/documents/{rid}/capture/{n}/record.warc").status_code == 404
