"""A misbehaving site on loopback: a 50 MB page (with and without Content-Length), a gzip bomb and a redirect
loop are one error line each and the crawl finishes; endless pagination stops (pages that repeat, pages that
never end: the default depth, which --max-pages lifts); a second crawl of a spider that is running ends at
once with one line and exit status 2."""

from __future__ import annotations

import re
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from archive.config import Settings
from crawler.run import crawl
from tests.helpers import LoopbackServer, cli, cli_process, data_folder, records

BIG = 50 * 2**20
BOMB = 100 * 2**20  # inflated size of the gzip bomb (about 100 KB on the wire)
CHUNK = b"<p>" + b"x" * 65530 + b"</p>"
WORDS = (
    "депутаты обсудили проект закона о местном самоуправлении и бюджете области на заседании комитета".split()
)


def _story(key: str) -> bytes:
    seed = sum(map(ord, key))
    paras = "".join(
        "<p>" + " ".join(WORDS[(seed + i * 7 + j) % len(WORDS)] for j in range(40)) + f" {key} {i}.</p>"
        for i in range(4)
    )
    return (f'<html lang="ru"><head><meta charset="utf-8"><title>Новость {key}</title></head><body>'
            f"<h1>Новость номер {key} о работе депутатов</h1><div class=\"date\">12.03.2024</div>{paras}"
            "</body></html>").encode()  # fmt: skip


def _list(items: list[str], next_href: str | None) -> bytes:
    rows = "".join(
        f'<div class="item"><a href="{href}">Новость номер {href.rsplit("/", 1)[-1]} о работе депутатов</a>'
        f"<span>12.03.2024</span></div>"
        for href in items
    )
    pager = f'<div class="pagination"><a href="{next_href}">Далее</a></div>' if next_href else ""
    menu = '<nav><a href="/ru/about">О нас</a><a href="/ru/contacts">Контакты</a></nav>'
    return f'<html><head><meta charset="utf-8"></head><body>{menu}<main>{rows}</main>{pager}</body></html>'.encode()


class Hostile(LoopbackServer):
    def __init__(self) -> None:
        self.requests: list[str] = []
        self.sent: dict[str, int] = {}
        self.gate = threading.Event()  # the Senate's kk list waits for it (a crawl that is still running)
        self.gate.set()
        out = zlib.compressobj(9, zlib.DEFLATED, 31)
        zeros = bytes(2**20)
        self.bomb = b"".join(out.compress(zeros) for _ in range(BOMB // len(zeros))) + out.flush()
        super().__init__(_Handler)


class _Handler(BaseHTTPRequestHandler):
    server: Hostile
    protocol_version = "HTTP/1.0"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        path, _, query = self.path.partition("?")
        page = int(m.group(1)) if (m := re.search(r"page=(\d+)", query)) else 1
        news = "/{}/mazhilis/news"
        if path == news.format("kk"):  # endless, and every page the same three stories
            return self._send(_list([f"{path}/article/{i}" for i in (1, 2, 3)], f"{path}?page={page + 1}"))
        if path == news.format("ru"):  # endless, two new stories on every page
            return self._send(
                _list([f"{path}/article/{page * 10 + i}" for i in (1, 2)], f"{path}?page={page + 1}")
            )
        if path == news.format("en"):
            items = ["big", "chunked", "bomb", "loop-a", "good"]
            return self._send(_list([f"{path}/article/{x}" for x in items], None))
        if path.endswith("/article/big"):
            return self._stream(path, BIG, length=True)
        if path.endswith("/article/chunked"):
            return self._stream(path, BIG, length=False)
        if path.endswith("/article/bomb"):
            return self._send(self.server.bomb, {"Content-Encoding": "gzip"})
        if path.endswith(("/article/loop-a", "/article/loop-b")):
            other = "loop-b" if path.endswith("loop-a") else "loop-a"
            return self._send(b"", {"Location": path.rsplit("/", 1)[0] + "/" + other}, status=302)
        if "/article/" in path:
            return self._send(_story(path.rsplit("/", 1)[-1]))
        if path == "/kk-KZ/news":
            self.server.gate.wait(60)
            return self._send(_list(["/kk-KZ/news/details/1"], None))
        if path.startswith("/kk-KZ/news/details/"):
            return self._send(_story("senate"))
        self._send(b"not found", status=404)

    def _send(self, body: bytes, headers: dict[str, str] | None = None, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, path: str, size: int, length: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if length:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        sent = 0
        try:
            while sent < size:
                self.wfile.write(CHUNK)
                sent += len(CHUNK)
        except OSError:
            pass  # the crawler hung up: what we wanted
        self.server.sent[path] = sent


@pytest.fixture(scope="module")
def hostile() -> Iterator[Hostile]:
    server = Hostile()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.gate.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def first(hostile, tmp_path_factory):
    """`crawl mazhilis` of the hostile site, with a default list depth of 3 pages."""
    data = data_folder(tmp_path_factory.mktemp("hostile"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PARLARCHIVE_MAX_LIST_PAGES", "3")
        code, out, err = cli(data.root, "crawl", "mazhilis", "--base-url", hostile.base_url)
    return {"data": data, "code": code, "out": out, "err": err, "requests": list(hostile.requests)}


def test_big_pages_bombs_and_loops_are_one_error_line_each(first, hostile):
    assert first["code"] == 0, first["err"]
    errors = [line for line in first["err"].splitlines() if line.startswith("error:")]
    assert len(errors) == 4, first["err"]
    for name, reason in (("big", "page limit"), ("chunked", "page limit"), ("bomb", "decompresses to more"),
                         ("loop-a", "redirect loop")):  # fmt: skip
        assert sum(f"/article/{name}:" in e and reason in e for e in errors) == 1, (name, errors)
    assert (
        hostile.sent["/en/mazhilis/news/article/big"] < BIG
        and hostile.sent["/en/mazhilis/news/article/chunked"] < BIG
    )
    stored = {u.removeprefix(hostile.base_url) for u in records(first["data"])}
    assert stored == {"/en/mazhilis/news/article/good", *(f"/kk/mazhilis/news/article/{i}" for i in (1, 2, 3)),
                      *(f"/ru/mazhilis/news/article/{p * 10 + i}" for p in (1, 2, 3) for i in (1, 2))}  # fmt: skip


def test_endless_pagination_stops(first):
    lists = [r for r in first["requests"] if "/article/" not in r and "mazhilis/news" in r]
    assert sorted(r for r in lists if r.startswith("/kk/")) == [
        "/kk/mazhilis/news",
        "/kk/mazhilis/news?page=2",
    ]
    assert sorted(r for r in lists if r.startswith("/ru/")) == [
        "/ru/mazhilis/news", "/ru/mazhilis/news?page=2", "/ru/mazhilis/news?page=3"]  # fmt: skip
    warnings = [line for line in first["err"].splitlines() if line.startswith("warning:")]
    assert any("/kk/mazhilis/news?page=2" in w and "repeats" in w for w in warnings), warnings
    assert any("/ru/mazhilis/news?page=3" in w and "--max-pages" in w for w in warnings), warnings


def test_max_pages_lifts_the_default_depth(first, hostile):
    hostile.requests.clear()
    stats = crawl(first["data"], "mazhilis", base_url=hostile.base_url, langs=["ru"], max_pages=5, progress=False,
                  settings=Settings(max_list_pages=3))  # fmt: skip
    assert not stats.failed and not stats.warnings, stats
    assert [r for r in hostile.requests if "/article/" not in r and r != "/robots.txt"] == [
        "/ru/mazhilis/news"] + [f"/ru/mazhilis/news?page={n}" for n in range(2, 6)]  # fmt: skip


def test_a_second_crawl_of_a_running_spider_is_one_line_exit_2(hostile, tmp_path):
    data = tmp_path / "data"
    hostile.gate.clear()
    hostile.requests.clear()
    running = cli_process(data, "crawl", "senate", "--base-url", hostile.base_url, "--lang", "kk")
    try:
        deadline = time.monotonic() + 60
        while (
            "/kk-KZ/news" not in hostile.requests and time.monotonic() < deadline and running.poll() is None
        ):
            time.sleep(0.05)
        assert "/kk-KZ/news" in hostile.requests, "the first crawl never reached the site"
        second = cli_process(data, "crawl", "senate", "--base-url", hostile.base_url, "--lang", "kk")
        out, err = second.communicate(timeout=60)
        assert second.returncode == 2, out + err
        assert err.count("\n") == 1 and err.startswith("error: a senate crawl is already running"), err
    finally:
        hostile.gate.set()
        running.communicate(timeout=60)
    assert running.returncode == 0
