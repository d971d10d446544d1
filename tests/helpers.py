"""Helpers shared by the test suites: running the command line (in-process or as a real process), building
archives through it, and reading what a crawl stored."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from archive.paths import DataDir
from archive.store import Store
from parlarchive.cli import main

ROOT = Path(__file__).resolve().parents[1]


def cli(data: Path, *args: str) -> tuple[int, str, str]:
    """Run `parlarchive --data DATA ARGS` in-process; (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, ["--data", str(data), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def cli_json(data: Path, *args: str) -> object:
    code, out, err = cli(data, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def cli_process(data: Path, *args: str, **kw) -> subprocess.Popen:
    """Start `parlarchive` as a real process (for kill tests and tracebacks)."""
    env = {**os.environ, "PARLARCHIVE_DATA": str(data), **kw.pop("env", {})}
    return subprocess.Popen(
        [sys.executable, "-m", "parlarchive", *args],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kw,
    )


def import_files(data: Path, folder: Path) -> None:
    """`parlarchive import FOLDER`, which must succeed."""
    code, _out, err = cli(data, "import", str(folder))
    assert code == 0, err


def data_folder(tmp: Path) -> DataDir:
    tmp.mkdir(parents=True, exist_ok=True)
    return DataDir(tmp.resolve())


def records(data: DataDir) -> dict[str, dict]:
    """Every stored record by URL, with its versions."""
    with Store(data.archive) as store:
        return {doc["url"]: doc for doc in store.documents()}


def expected_urls(manifest: dict, source: str, base_url: str) -> dict[str, dict]:
    """{url: {"lang", "title", "date", "id"}} of every story version in a corpus manifest."""
    out = {}
    for story in manifest[source]["stories"]:
        for lang, version in story["versions"].items():
            out[base_url + version["path"]] = {
                "lang": lang, "title": version["title"], "date": story["date"], "id": story["id"],
            }  # fmt: skip
    return out


@contextmanager
def served(data: Path, *options: str) -> Iterator[str]:
    """A real `parlarchive serve --port 0 OPTIONS` over a data folder; yields its base URL ("http://…/"),
    stops it afterwards."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "parlarchive", "--data", str(data), "serve", "--port", "0", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, line + (proc.stderr.read() if proc.stderr else "")
        yield match.group(0)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def peak_rss_kib() -> int:
    """This process's peak resident memory since it started, in KiB. (Not getrusage's ru_maxrss: Linux
    carries that over from the parent of a forked child, so a child of a big pytest would seem big.)"""
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
