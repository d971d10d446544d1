"""Helpers shared by the test suites: running the command line (in-process or as a real process), building
archives through it, and reading what a crawl stored."""

from __future__ import annotations

import ctypes
import json
import os
import re
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from click.testing import CliRunner

from archive.config import Settings
from archive.paths import DataDir
from archive.store import Store
from parlarchive import Parlarchive
from parlarchive.cli import main
from parlarchive.demo.mirror import serve_sites
from parlarchive.demo.sitegen import build_site

ROOT = Path(__file__).resolve().parents[1]
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2
Preexec = Callable[[], None] | None  # what runs in a child before exec


def drop_dac() -> None:
    """A preexec_fn: the child, though root, obeys permission bits (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
    dropped from its bounding set before exec)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


class LoopbackServer(ThreadingHTTPServer):
    """An HTTP server of the tests' own on 127.0.0.1, at a free port, a thread per request."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def cli(data: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run `parlarchive --data DATA ARGS` in-process, with `env` on top of the environment; (exit code,
    stdout, stderr)."""
    result = CliRunner().invoke(main, ["--data", str(data), *args], catch_exceptions=False, env=env)
    return result.exit_code, result.stdout, result.stderr


def cli_json(data: Path, *args: str) -> object:
    code, out, err = cli(data, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def file_size_limit(limit: int) -> Callable[[], None]:
    """A preexec_fn: no file the child writes grows past `limit` bytes (like `ulimit -f`; a write past it
    fails with EFBIG, as on a full disk)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


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
    """A data folder, whose archive is the one the environment names (see the `engine` fixtures)."""
    tmp.mkdir(parents=True, exist_ok=True)
    return DataDir(tmp.resolve(), Settings.from_env().archive)


def records(data: DataDir) -> dict[str, dict]:
    """Every stored record by URL, with its versions."""
    with Store(data.location) as store:
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


EFFECTS: dict[
    str, Callable[..., None]
] = {}  # a setting -> the test that shows its effect (tests/test_settings.py)


def governs(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Marks the test that shows what a setting does where it acts."""

    def register(test: Callable[..., None]) -> Callable[..., None]:
        EFFECTS[name] = test
        return test

    return register


@contextmanager
def served(
    data: Path, *options: str, env: dict[str, str] | None = None, preexec_fn: Preexec = None
) -> Iterator[str]:
    """A real `parlarchive serve --port 0 OPTIONS` over a data folder (`env` added to the environment);
    yields its base URL ("http://…/"), stops it afterwards."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "parlarchive", "--data", str(data), "serve", "--port", "0", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
        preexec_fn=preexec_fn,
    )  # fmt: skip
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, line + (proc.stderr.read() if proc.stderr else "")
        yield match.group(0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a server stuck in a search: the test's time stays bounded
            proc.kill()
            proc.wait()


def peak_rss_kib() -> int:
    """This process's peak resident memory since it started, in KiB. (Not getrusage's ru_maxrss: Linux
    carries that over from the parent of a forked child, so a child of a big pytest would seem big.)"""
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


def crawled_site(root: Path, source: str, stories: int) -> Parlarchive:
    """A small site of `source` generated by the demo's generator (not corpus/), served on 127.0.0.1 and
    crawled for real into a fresh archive under `root`."""
    build_site(root / "site", source, stories, broken=False)
    app = Parlarchive(root / "data")
    with serve_sites(root / "site", sources=(source,)) as servers:
        stats = app.crawl(source, base_url=servers[source].base_url)
    assert stats.new >= stories and not stats.failed, stats
    return app
