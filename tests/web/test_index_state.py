"""The server never hides an index that cannot serve: missing, unreadable, or out of step with an archive
restored from an older copy. A search answers 503 with the fix (or the news that it is being rebuilt), or
its hits with a warning; where the data folder can be written the index is brought in step meanwhile."""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from archive.paths import DataDir
from parlarchive.app import Parlarchive
from tests.archive.stories import text_file
from tests.helpers import cli_process, served
from tests.web.pages import texts
from web import create_app

WAIT = 60.0  # seconds a test waits for a rebuild in the background (the archive holds 9 records)


def _client(data: Path):
    client = create_app(Parlarchive(data), {"TESTING": True}).test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _until(answer, deadline: float = WAIT):
    """Ask until the answer is no longer a 503 (a rebuild in the background), for at most `deadline` s."""
    end = time.monotonic() + deadline
    while (r := answer()).status_code == 503 and time.monotonic() < end:
        time.sleep(0.2)
    return r


def test_a_missing_index_is_a_503_saying_it_is_rebuilt_and_then_it_is(web_data: DataDir, tmp_path: Path):
    shutil.copytree(web_data.root, tmp_path / "data")
    client = _client(tmp_path / "data")
    assert client.get("/api/search?q=budget").json["total"] == 2
    shutil.rmtree(tmp_path / "data" / "index")  # removed while serving
    page = client.get("/?q=budget")
    assert page.status_code == 503 and page.headers["Retry-After"] == "60"
    assert texts(page.data, "//section[@role='alert']/p[1]") == [
        "The search index is being rebuilt from the archive: try again in a few minutes."
    ]
    assert client.get("/api/search?q=budget").status_code in (200, 503)  # not 0 hits as if all was well
    r = _until(lambda: client.get("/api/search?q=budget"))
    assert r.status_code == 200 and r.json["total"] == 2 and "warning" not in r.json


def test_an_older_archive_under_a_newer_index_is_said_and_brought_in_step(web_data: DataDir, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(web_data.root, data)
    older = tmp_path / "older.sqlite3"
    shutil.copy(data / "archive.sqlite3", older)
    (tmp_path / "new").mkdir()
    paragraphs = [
        "The regional committee heard the akimat on the budget of the new school in Turkestan region.",
        "Deputies asked for the budget of the school to be published before the autumn session.",
    ]
    note = text_file("Budget hearing of the regional committee", paragraphs, date_line="03.06.2024")
    (tmp_path / "new" / "hearing.txt").write_text(note, encoding="utf-8")
    Parlarchive(data).import_paths([tmp_path / "new"])  # the index now holds a record the older copy lacks
    for suffix in ("", "-wal", "-shm"):
        (data / f"archive.sqlite3{suffix}").unlink(missing_ok=True)
    shutil.copy(older, data / "archive.sqlite3")  # the backup restored
    client = _client(data)
    api = client.get("/api/search?q=budget").json
    assert api["warning"].startswith("The search index does not match the archive")
    page = client.get("/?q=budget")
    assert page.status_code == 200
    assert texts(page.data, "//section[@role='status']/p")[0].startswith("The search index does not match")
    end = time.monotonic() + WAIT
    while "warning" in (api := client.get("/api/search?q=budget").json) and time.monotonic() < end:
        time.sleep(0.2)
    assert "warning" not in api and api["total"] == 2
    assert all(client.get(f"/documents/{hit['id']}").status_code == 200 for hit in api["hits"])


@pytest.fixture
def unreadable_index(web_data: DataDir, tmp_path: Path):
    """A copy of the archive whose index folder has no permissions at all, in a read-only data folder."""
    shutil.copytree(web_data.root, tmp_path / "data")
    (tmp_path / "data" / "index").chmod(0)
    (tmp_path / "data").chmod(0o555)
    yield tmp_path / "data"
    (tmp_path / "data").chmod(0o755)
    (tmp_path / "data" / "index").chmod(0o755)


def test_an_index_that_cannot_be_read_is_one_line_in_search_and_check(unreadable_index: Path, bound):
    for args in (("search", "budget"), ("check",)):
        proc = cli_process(unreadable_index, *args, preexec_fn=bound)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 1, (args, err)
        assert "Traceback" not in err
        line = err if args[0] == "search" else out
        assert "cannot be read (Permission denied)" in line and "index" in line, (args, out, err)
        if args[0] == "search":
            assert err.startswith("error: ") and err.count("\n") == 1


def test_an_index_that_cannot_be_read_is_a_503_with_the_fix(unreadable_index: Path, bound):
    with served(unreadable_index, preexec_fn=bound) as url:
        for path in ("?q=budget", "api/search?q=budget"):
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(url + path, timeout=30)
            assert answer.value.code == 503
            body = answer.value.read().decode()
            assert "Permission denied" in body and "index --rebuild" in body
            assert str(unreadable_index) not in body
    assert os.stat(unreadable_index).st_mode & 0o777 == 0o555


def test_a_missing_index_in_a_read_only_folder_is_a_503_with_the_fix(
    web_data: DataDir, tmp_path: Path, bound
):
    shutil.copytree(web_data.root, tmp_path / "data")
    shutil.rmtree(tmp_path / "data" / "index")
    (tmp_path / "data").chmod(0o555)
    try:
        with served(tmp_path / "data", preexec_fn=bound) as url:
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(url + "api/search?q=budget", timeout=30)
            error = json.loads(answer.value.read())["error"]
    finally:
        (tmp_path / "data").chmod(0o755)
    assert answer.value.code == 503 and "Retry-After" not in answer.value.headers
    assert error.startswith("The search index is not ready: the search index in …/index is missing")
    assert error.endswith("run `parlarchive index --rebuild`")
