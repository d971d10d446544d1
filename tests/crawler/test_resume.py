"""A crawl killed with SIGKILL mid-way and started again finishes with no duplicate and no lost story."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from archive.processes import alive
from crawler.run import crawl
from parlarchive.demo.mirror import serve_sites
from tests.helpers import data_folder, expected_urls, records


def _stored(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_sigkill_mid_crawl_then_resume_loses_and_duplicates_nothing(tmp_path, manifest):
    data = data_folder(tmp_path / "data")
    with serve_sites(sources=("senate",), delay=0.15) as servers:
        server = servers["senate"]
        expected = expected_urls(manifest, "senate", server.base_url)
        proc = subprocess.Popen(
            [sys.executable, "-m", "parlarchive", "--data", str(data.root), "crawl", "senate",
             "--base-url", server.base_url],
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while _stored(data.archive) < 25 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)  # the command and its scrapy child
        proc.wait()
        at_kill = _stored(data.archive)
        assert 0 < at_kill < len(expected), "the kill must land mid-crawl"
        marker = data.jobs / "senate" / "RUNNING"
        assert marker.exists()
        child = int(marker.read_text().split()[0])  # the scrapy child dies a moment after the command
        deadline = time.monotonic() + 30
        while alive(str(child)) and time.monotonic() < deadline:
            time.sleep(0.05)

        stats = crawl(data, "senate", base_url=server.base_url, progress=False)
    assert stats.recovered and not stats.failed, stats
    got = records(data)
    assert set(got) == set(expected)  # nothing lost, nothing extra
    assert stats.new + at_kill == len(expected)  # nothing stored twice
    assert not any(doc["duplicate_of"] for doc in got.values())
    assert not (data.jobs / "senate").exists()
    warcio = Path(sys.executable).with_name("warcio")
    warcs = sorted(map(str, data.warc.glob("*.warc.gz")))
    check = subprocess.run([str(warcio), "check", *warcs], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
