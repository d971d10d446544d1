"""A shared archive that goes away: PostgreSQL restarted under an import (one line, exit 1; the re-run
completes with nothing lost or doubled), and a server that cannot be reached (one line, exit 1)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from parlarchive.demo.sitegen import build_site, url_file
from tests.helpers import ROOT, cli
from tests.postgres import Cluster

DEADLINE = 120  # seconds an import may take to reach the point where the server is cut


def _stored(url: str) -> int:
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except psycopg.Error:  # the tables are not made yet
        return 0


def test_postgresql_restarted_mid_import(postgres: Cluster, archive_url: str, tmp_path: Path) -> None:
    manifest = build_site(tmp_path / "saved", "mazhilis", 24, broken=False)
    site = tmp_path / "saved" / "mazhilis"
    files = [site / url_file(v["path"]) for story in manifest["stories"] for v in story["versions"].values()]
    pages = len(files)
    env = {"PARLARCHIVE_ARCHIVE": archive_url}
    data = tmp_path / "data"
    batch = {"PARLARCHIVE_IMPORT_BATCH": "4"}  # commits all through the import, so the cut falls between them
    proc = subprocess.Popen(
        [sys.executable, "-m", "parlarchive", "--data", str(data), "import", "--json", *map(str, files)],
        env={**os.environ, **env, **batch}, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + DEADLINE
    while _stored(archive_url) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the import ended before the server could be cut: " + proc.stderr.read()
    at_cut = _stored(archive_url)
    postgres.restart()  # every connection cut, the server back at once
    _out, err = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 1, err
    assert err.count("\n") == 1 and err.startswith("error: lost the archive at postgresql://"), err
    assert "run the command again" in err and "Traceback" not in err

    code, out, err = cli(data, "import", "--json", *map(str, files), env=env)
    assert code == 0, err
    with psycopg.connect(archive_url) as conn:
        total, urls, captures = conn.execute(
            "SELECT count(*), count(DISTINCT url), (SELECT count(*) FROM captures) FROM documents"
        ).fetchone()
    assert at_cut < pages and total == urls == captures == pages, "every page once, none lost, none twice"


def test_a_server_that_cannot_be_reached_is_one_line(tmp_path: Path) -> None:
    gone = f"postgresql://parlarchive@/archive?host={tmp_path}"  # no server listens on this socket folder
    for args in (["import", str(tmp_path)], ["search", "x"], ["check"]):
        code, out, err = cli(tmp_path / "data", *args, env={"PARLARCHIVE_ARCHIVE": gone})
        assert code == 1, (args, out, err)
        said = err if args[0] != "check" else out  # check reports problems on stdout, one a line
        assert said.count("\n") == 1 and "cannot reach the archive at postgresql://" in said, said
