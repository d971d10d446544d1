"""`parlarchive serve`: a real process through waitress, on 127.0.0.1 by default, answering HTTP."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest

from tests.helpers import cli, cli_process


@pytest.fixture(scope="module")
def server(web_data):
    proc = cli_process(web_data.root, "serve", "--port", "0")
    line = proc.stdout.readline()  # printed once the socket listens (EOF if the process failed)
    found = re.search(r"on (http://127\.0\.0\.1:\d+/)", line)
    if not found:
        proc.kill()
        pytest.fail(f"serve printed {line!r}; stderr: {proc.communicate()[1]}")
    yield found.group(1)
    proc.terminate()
    proc.wait(timeout=10)


def test_serves_pages_and_the_api(server):
    with urllib.request.urlopen(server + "?q=budget") as r:
        assert r.status == 200 and "text/html" in r.headers["Content-Type"]
        assert r.headers["Server"] == "parlarchive"
        assert "nosniff" == r.headers["X-Content-Type-Options"]
        assert "<mark>budget</mark>" in r.read().decode()
    with urllib.request.urlopen(server + "api/search?q=budget") as r:
        assert json.load(r)["total"] == 2


def test_writing_methods_are_refused(server):
    request = urllib.request.Request(server + "api/search", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 405


def test_serve_without_an_archive_is_a_usage_error(tmp_path):
    code, _out, err = cli(tmp_path / "none", "serve")
    assert code == 2
    assert err.startswith("error: no archive in ") and err.count("\n") == 1
    assert not (tmp_path / "none" / "archive.sqlite3").exists()
