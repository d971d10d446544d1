"""Every setting reaches the component it governs: each is set as a user sets it (its environment variable,
or the application object's Settings) and its effect is observed where it acts — the index writer, the
importer and the WARC reader, and a crawl's own Scrapy process, a plain `scrapy crawl` included. The
README names each."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import fields
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from archive.config import Settings, env_name
from archive.errors import ArchiveError
from archive.store import Store
from crawler.run import crawl
from parlarchive.app import Parlarchive
from search.index_lock import writer_lock
from tests.archive.stories import STORIES, text_file
from tests.helpers import EFFECTS, ROOT, LoopbackServer, cli, cli_process, data_folder, governs, served
from tests.web import test_server_limits  # noqa: F401  (its tests show the effect of two `serve` settings)
from web import create_app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_has_a_test_of_its_effect() -> None:
    assert sorted(EFFECTS) == sorted(f.name for f in fields(Settings))


def test_every_setting_is_in_the_readme() -> None:
    section = README.split("## Settings", 1)[1].split("\n## ", 1)[0]
    missing = [env_name(f.name) for f in fields(Settings) if f"`{env_name(f.name)}`" not in section]
    assert not missing, f"the README's settings section lacks {missing}"


def _import_a_story(folder: Path, data: Path, lang: str = "en") -> None:
    """A story of STORIES written into `folder` and imported with the command line into `data`."""
    title, paragraphs = STORIES[lang]
    (folder / "story.txt").write_text(text_file(title, paragraphs), encoding="utf-8")
    assert cli(data, "import", str(folder / "story.txt"))[0] == 0


# ---- the archive's own components -------------------------------------------------------------------


@governs("lock_timeout")
def test_lock_timeout_bounds_the_wait_for_a_busy_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import_a_story(tmp_path, tmp_path / "data")
    monkeypatch.setenv("PARLARCHIVE_LOCK_TIMEOUT", "0.2")
    with writer_lock(tmp_path / "data" / "index", timeout=0):  # a live writer: this process
        code, _out, err = cli(tmp_path / "data", "index")
    assert code == 2 and "gave up after 0.2 s" in err, err


@governs("max_page_bytes")
def test_max_page_bytes_bounds_what_an_import_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    title, paragraphs = STORIES["ru"]
    page = tmp_path / "files" / "story.txt"
    page.parent.mkdir()
    page.write_text(text_file(title, paragraphs), encoding="utf-8")
    size = page.stat().st_size
    monkeypatch.setenv("PARLARCHIVE_MAX_PAGE_BYTES", str(size - 1))
    code, _out, err = cli(tmp_path / "small", "import", str(page))
    assert code == 2 and f"the limit is {size - 1} bytes" in err, err
    monkeypatch.setenv("PARLARCHIVE_MAX_PAGE_BYTES", str(size))
    code, out, err = cli(tmp_path / "enough", "import", str(page))
    assert code == 0 and out.startswith("1 new"), err


@governs("archive")
def test_archive_is_where_records_are_stored(
    archive_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title, paragraphs = STORIES["en"]
    (tmp_path / "story.txt").write_text(text_file(title, paragraphs), encoding="utf-8")
    monkeypatch.setenv("PARLARCHIVE_ARCHIVE", archive_url)
    code, out, err = cli(tmp_path / "host", "import", str(tmp_path / "story.txt"))
    assert code == 0 and out.startswith("1 new"), err
    assert not (tmp_path / "host" / "archive.sqlite3").exists()  # the records are in the shared archive
    another_host = Parlarchive(tmp_path / "another-host")
    another_host.ready_index()  # its own index of the shared archive, as `export` brings it in step first
    assert [r["title"] for r in another_host.export_records()] == [title]


@governs("search_engine")
def test_search_engine_is_the_engine_an_index_is_built_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title, paragraphs = STORIES["en"]
    (tmp_path / "story.txt").write_text(text_file(title, paragraphs), encoding="utf-8")
    for engine in ("whoosh", "tantivy"):
        monkeypatch.setenv("PARLARCHIVE_SEARCH_ENGINE", engine)
        code, out, err = cli(tmp_path / engine, "import", str(tmp_path / "story.txt"))
        assert code == 0 and out.endswith("1 indexed\n"), err
        assert json.loads((tmp_path / engine / "index" / "state.json").read_text())["engine"] == engine


@governs("search_time_budget")
def test_search_time_budget_stops_a_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _import_a_story(tmp_path, tmp_path / "data", "ru")
    assert cli(tmp_path / "data", "search", "маслихат")[0] == 0
    monkeypatch.setenv("PARLARCHIVE_SEARCH_TIME_BUDGET", "0.000001")
    code, _out, err = cli(tmp_path / "data", "search", "маслихат")
    assert code == 2 and "the search took longer than 1e-06 s" in err, err
    code, out, err = cli(tmp_path / "data", "export", "--format", "jsonl", "--query", "маслихат")
    assert code == 0 and out.count("\n") == 1, err  # an export reads every hit, however long it takes


IMPORTED = 300  # text files: more than archive.parallel.IN_PROCESS_FIRST, so that workers would start


@pytest.fixture(scope="module")
def watched_import(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A `parlarchive import` process of IMPORTED files told to normalize in one process and to commit
    every 100 records, watched from outside: the records it has committed, and its descendant processes
    while it imports (after the last record, the index is built, by processes of its own)."""
    root = tmp_path_factory.mktemp("import")
    title, paragraphs = STORIES["ru"]
    for n in range(IMPORTED):
        text = text_file(f"{title} {n}", [f"{p} Запись {n}." for p in paragraphs])
        (root / "files" / f"{n:03d}.txt").parent.mkdir(exist_ok=True)
        (root / "files" / f"{n:03d}.txt").write_text(text, encoding="utf-8")
    env = {"PARLARCHIVE_IMPORT_WORKERS": "1", "PARLARCHIVE_IMPORT_BATCH": "100"}
    proc = cli_process(root / "data", "import", str(root / "files"), env=env)
    counts, descendants = set(), set()
    while proc.poll() is None:
        time.sleep(0.01)
        seen = _descendants(proc.pid)
        try:
            with Store(root / "data" / "archive.sqlite3", readonly=True) as store:
                count = store.count()
        except ArchiveError:
            continue  # not created yet
        counts.add(count)
        if count < IMPORTED:  # still importing when the processes were seen
            descendants |= seen
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    return {"counts": counts, "descendants": descendants, "out": out}


def _descendants(pid: int) -> set[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        direct = {int(p) for p in children.read_text().split()}
    except OSError:
        return set()
    return direct.union(*(_descendants(child) for child in direct))


@governs("import_workers")
def test_import_workers_is_how_many_processes_normalize(watched_import: dict) -> None:
    assert watched_import["out"].startswith(f"{IMPORTED} new")
    assert watched_import["descendants"] == set()  # one process did it all; by default one per core


@governs("import_batch")
def test_import_batch_is_how_many_records_a_transaction_stores(watched_import: dict) -> None:
    assert watched_import["counts"] - {0} <= {100, 200, IMPORTED} and watched_import["counts"] & {100, 200}


# ---- a crawl: the settings travel to its own Scrapy process -----------------------------------------

STORY_COUNT, PAGE_SIZE = 9, 3  # three list pages of three stories
BIG_STORY = 2  # the story page made larger than the page limit the crawl is given
PAGE_LIMIT = 20_000


class Site(LoopbackServer):
    """A Mazhilis-shaped site on loopback (ru only) that remembers the User-Agents it was sent."""

    def __init__(self) -> None:
        self.agents: set[str] = set()
        super().__init__(_Handler)


class _Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.agents.add(self.headers.get("User-Agent", ""))
        status, body = self._answer()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _answer(self) -> tuple[int, bytes]:
        path, _, query = self.path.partition("?")
        if path == "/ru/mazhilis/news":
            page = int(query.removeprefix("page=") or 1)
            first = (page - 1) * PAGE_SIZE + 1
            links = "".join(
                f'<div class="item"><a href="/ru/mazhilis/news/view/{n}">{STORIES["ru"][0]} {n}</a>'
                f"<span>{10 + n}.03.2024</span></div>"
                for n in range(first, first + PAGE_SIZE)
            )
            more = (
                f'<a href="/ru/mazhilis/news?page={page + 1}">Далее</a>'
                if page * PAGE_SIZE < STORY_COUNT
                else ""
            )
            return (
                200,
                f"<html><body><main>{links}</main><div class='pagination'>{more}</div></body></html>".encode(),
            )
        if match := re.fullmatch(r"/ru/mazhilis/news/view/(\d+)", path):
            n = int(match[1])
            title, paragraphs = STORIES["ru"]
            body = "".join(f"<p>{p} Вопрос номер {n}.</p>" for p in paragraphs)
            padding = "<p>" + "Приложение к протоколу. " * 1000 + "</p>" if n == BIG_STORY else ""
            return 200, (
                f'<html lang="ru"><head><meta charset="utf-8"><title>{title} {n}</title></head><body><article>'
                f"<h1>{title} {n}</h1><time>{10 + n}.03.2024</time>{body}{padding}</article></body></html>"
            ).encode()
        return 404, b"not found"


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    server = Site()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def plain_crawl(site: Site, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A crawl that, like a plain `scrapy crawl`, is given no Settings: its process reads the environment."""
    variables = {
        "PARLARCHIVE_CRAWL_CONCURRENCY": "1",
        "PARLARCHIVE_CONTACT": "https://archive.example.kz/who-crawls",
        "PARLARCHIVE_MAX_PAGE_BYTES": str(PAGE_LIMIT),
    }
    with pytest.MonkeyPatch.context() as mp:
        for name, value in variables.items():
            mp.setenv(name, value)
        site.agents.clear()
        stats = crawl(data_folder(tmp_path_factory.mktemp("plain")), "mazhilis", base_url=site.base_url,
                      langs=["ru"], progress=False)  # fmt: skip
    return {"stats": stats, "agents": set(site.agents), "site": site.base_url}


@governs("crawl_concurrency")
def test_crawl_concurrency_is_the_downloaders_limit_per_site(plain_crawl: dict) -> None:
    """Read from the settings Scrapy's log says it runs with: Scrapy 2.19 under asyncio does not hold a
    burst of requests to a site without a download delay (a loopback mirror) to its limit, so the requests
    in flight at a loopback server do not show it."""
    log = Path(plain_crawl["stats"].log).read_text(encoding="utf-8")
    assert re.findall(r"'CONCURRENT_REQUESTS_PER_DOMAIN': (\d+)", log) == ["2"]  # 1, doubled for loopback


@governs("contact")
def test_contact_is_in_the_user_agent(plain_crawl: dict) -> None:
    assert plain_crawl["agents"] == {
        "ParlarchiveBot/0.1 (+https://archive.example.kz/who-crawls; press-release archive of the Parliament"
        " of Kazakhstan)"
    }


def test_max_page_bytes_bounds_what_a_crawl_downloads(plain_crawl: dict) -> None:
    stats = plain_crawl["stats"]
    assert stats.errors == [
        f"{plain_crawl['site']}/ru/mazhilis/news/view/{BIG_STORY}: larger than the page limit of {PAGE_LIMIT}"
        " bytes: not fetched"
    ]
    assert stats.new == STORY_COUNT - 1


@pytest.fixture(scope="module")
def app_crawl(site: Site, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A crawl by an application object given its Settings, as `parlarchive crawl` runs one."""
    root = tmp_path_factory.mktemp("app")
    app = Parlarchive(root / "data", Settings(max_list_pages=2, warc_root=str(root / "shared")))
    return {"stats": app.crawl("mazhilis", base_url=site.base_url, langs=["ru"]), "root": root}


@governs("max_list_pages")
def test_max_list_pages_is_the_default_depth(app_crawl: dict) -> None:
    stats = app_crawl["stats"]
    walk = stats.langs["ru"]
    assert (walk["list_pages"], walk["stop"]) == (2, "depth")
    assert any("the default limit" in w for w in stats.warnings), stats.warnings


@governs("warc_root")
def test_warc_root_is_where_a_crawl_keeps_its_captures(app_crawl: dict) -> None:
    root = app_crawl["root"]
    assert [p.parent for p in root.rglob("*.warc.gz")] == [root / "shared" / "warc"]


@governs("known_list_pages")
def test_known_list_pages_is_where_a_daily_crawl_stops(site: Site, tmp_path: Path) -> None:
    first = Parlarchive(tmp_path / "data").crawl("mazhilis", base_url=site.base_url, langs=["ru"])
    assert first.langs["ru"]["stop"] == "end" and first.new == STORY_COUNT
    again = Parlarchive(tmp_path / "data", Settings(known_list_pages=2))
    walk = again.crawl("mazhilis", base_url=site.base_url, langs=["ru"]).langs["ru"]
    assert (walk["list_pages"], walk["stop"]) == (2, "known")


# ---- the web server ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def one_story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve")
    _import_a_story(root, root / "data")
    return root / "data"


BOUND = 10.0  # seconds a test waits for the server to close a connection (the defaults take 20 and 30)
REQUEST = b"GET /api/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def _connect(url: str, timeout: float = BOUND) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=timeout)


def _closed_by_server(sock: socket.socket) -> bool:
    """Whether the server closes the connection within the socket's timeout (what it sends is read)."""
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def _answer(sock: socket.socket) -> bytes:
    """The status line and headers of one response on a kept-alive connection."""
    sock.sendall(REQUEST)
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(65536)
    return head


@governs("idle_timeout")
def test_idle_timeout_closes_a_kept_alive_connection_left_idle(one_story: Path) -> None:
    with served(one_story, env={"PARLARCHIVE_IDLE_TIMEOUT": "1"}) as url, _connect(url) as sock:
        assert _answer(sock).startswith(b"HTTP/1.1 200")
        assert _closed_by_server(sock)


@governs("connection_limit")
def test_connection_limit_holds_further_connections_until_one_closes(one_story: Path) -> None:
    with served(one_story, "--workers", "1", env={"PARLARCHIVE_CONNECTION_LIMIT": "2"}) as url:
        held = [_connect(url) for _ in range(2)]
        for sock in held:
            assert _answer(sock).startswith(b"HTTP/1.1 200")  # accepted, and kept alive
        with _connect(url, timeout=2.0) as third:
            third.sendall(REQUEST)
            with pytest.raises(TimeoutError):
                third.recv(65536)  # not taken while two connections are held
            held.pop().close()
            third.settimeout(BOUND)
            assert third.recv(65536).startswith(b"HTTP/1.1 200")
        for sock in held:
            sock.close()


@governs("public_url")
def test_public_url_begins_every_id_and_link_the_feed_gives_out(
    one_story: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARLARCHIVE_PUBLIC_URL", "https://archive.example.org/parl")
    client = create_app(Parlarchive(one_story), {"TESTING": True}).test_client()
    feed = client.get("/feed.atom", headers={"Host": "elsewhere.example"}).get_data(as_text=True)
    ids = re.findall(r"<id>([^<]+)</id>", feed)
    assert len(ids) == 2 and all(i.startswith("https://archive.example.org/parl/") for i in ids), feed
