"""`parlarchive serve`: a real process through waitress, on 127.0.0.1 by default, answering HTTP."""

from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import cli, cli_process, served


@pytest.fixture(scope="module")
def server(web_data):
    with served(web_data.root) as url:
        yield url


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


def _state(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def _children(pid: int) -> list[int]:
    """The live processes whose parent is `pid` (zombies left out)."""
    found = []
    for entry in Path("/proc").iterdir():
        state = _state(int(entry.name)) if entry.name.isdigit() else None
        if state and state[1] == pid and state[0] != "Z":
            found.append(int(entry.name))
    return found


def test_workers_share_the_port_and_die_with_the_server(web_data):
    """`--workers 2`: two processes answer on one port (one core each); killed, the server leaves none."""
    proc = cli_process(web_data.root, "serve", "--port", "0", "--workers", "2")
    url = re.search(r"http://127\.0\.0\.1:\d+/", proc.stdout.readline()).group(0)
    workers = _children(proc.pid)
    assert len(workers) == 2
    for _ in range(6):
        with urllib.request.urlopen(url + "api/search?q=budget") as r:
            assert json.load(r)["total"] == 2
    proc.kill()  # SIGKILL: the parent cannot pass anything on; the kernel ends the workers
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any((_state(pid) or ("Z", 0))[0] != "Z" for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived the server"
        time.sleep(0.05)


def test_serve_shapes_itself_to_the_cores_and_the_engine() -> None:
    """A tantivy index is served by one process whose threads use every core; a Whoosh index by one process
    a core (its searches hold Python's lock); `--workers` decides when given."""
    from web.server import THREADS_A_CORE, server_shape

    cores = len(os.sched_getaffinity(0))
    assert server_shape("tantivy", None) == (1, THREADS_A_CORE * cores)
    assert server_shape("whoosh", None) == (cores, max(2, THREADS_A_CORE))
    assert server_shape("tantivy", 2)[0] == 2 and server_shape(None, None)[0] == 1
