"""A loopback server for the site snapshots in `corpus/`: one port per site, so each has its own robots.txt.

`serve_corpus()` is what the demo and the tests use::

    with serve_corpus() as sites:          # {"senate": "http://127.0.0.1:PORT", ...}
        crawl(data, "senate", base_url=sites["senate"])

`python -m parlarchive.demo.mirror [ROOT] [--port N]` serves the three sites until interrupted (ports N, N+1, N+2).
The Mazhilis site also answers the JSON API of the new Mazhilis site under `/api/core/news`
(`?lang=&limit=&offset=` paging with `count` + `result[]`, and `/api/core/news/{id}?lang=`).
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from archive.sources import SOURCE_NAMES
from parlarchive.demo import CORPUS
from parlarchive.demo.sitegen import url_file

SOURCES = SOURCE_NAMES


class SiteServer(ThreadingHTTPServer):
    """Serves one site folder; remembers every request path (with query) it was asked for."""

    daemon_threads = True

    def __init__(self, site_dir: Path, port: int = 0, delay: float = 0.0):
        self.site_dir = Path(site_dir)
        self.delay = delay  # seconds before each answer: a slow site, for kill-and-resume tests
        conf_path = self.site_dir / "_site.json"
        conf = json.loads(conf_path.read_text()) if conf_path.exists() else {}
        self.charset: str = conf.get("charset", "utf-8")
        self.statuses: dict[str, int] = conf.get("status", {})
        api = self.site_dir / "api" / "news.json"
        self.api_rows: list[dict] | None = (
            json.loads(api.read_text(encoding="utf-8")) if api.exists() else None
        )
        self.requests: list[str] = []
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (a killed crawl) is not worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def log(self, target: str) -> None:
        with self._lock:
            self.requests.append(target)


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes: no 40 ms ACK stalls
    server_version = "ParlarchiveMirror/1.0"

    def log_message(self, format: str, *args: object) -> None:  # quiet: no line per request
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        self.server.log(self.path)
        if self.server.delay:
            time.sleep(self.server.delay)
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path.startswith("/api/core/") and self.server.api_rows is not None:
            status, ctype, body = self._api(path, parse_qs(parts.query))
        elif path == "/robots.txt":
            status, ctype, body = self._file("robots.txt", "text/plain; charset=utf-8")
        else:
            target = path + (f"?{parts.query}" if parts.query else "")
            status, ctype, body = self._file(url_file(target), f"text/html; charset={self.server.charset}")
            if status == 404 and not parts.query:
                status, ctype, body = self._file(path.strip("/") + "/index.html", ctype)
            status = self.server.statuses.get(target, status)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _file(self, rel: str, ctype: str) -> tuple[int, str, bytes]:
        site = self.server.site_dir.resolve()
        f = (site / rel).resolve()
        if site not in f.parents or not f.is_file() or f.name.startswith("_"):
            return 404, "text/html; charset=utf-8", b"<html><body><h1>404 Not Found</h1></body></html>"
        return 200, ctype, f.read_bytes()

    def _api(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        rows = self.server.api_rows or []
        lang = query.get("lang", ["ru"])[0]
        rest = path[len("/api/core/") :].strip("/").split("/")
        if rest == ["news"]:
            try:
                limit = max(1, min(100, int(query.get("limit", ["20"])[0])))
                offset = max(0, int(query.get("offset", ["0"])[0]))
            except ValueError:
                return _json(400, {"detail": "limit and offset must be integers"})
            mine = [r for r in rows if r["lang"] == lang]
            brief = [{k: r[k] for k in ("id", "title", "date", "url")} for r in mine[offset : offset + limit]]
            return _json(200, {"count": len(mine), "result": brief})
        if len(rest) == 2 and rest[0] == "news":
            for r in rows:
                if str(r["id"]) == rest[1] and r["lang"] == lang:
                    return _json(200, r)
        return _json(404, {"detail": "Not found."})


def _json(status: int, obj: object) -> tuple[int, str, bytes]:
    return status, "application/json", json.dumps(obj, ensure_ascii=False).encode("utf-8")


def start_site(site_dir: str | Path, port: int = 0, delay: float = 0.0) -> SiteServer:
    """Start serving one site folder on 127.0.0.1 in a background thread; `.shutdown()` stops it."""
    server = SiteServer(Path(site_dir), port, delay)
    threading.Thread(target=server.serve_forever, name=f"mirror-{Path(site_dir).name}", daemon=True).start()
    return server


@contextmanager
def serve_sites(
    root: str | Path | None = None, sources: tuple[str, ...] = SOURCES, delay: float = 0.0, port: int = 0
) -> Iterator[dict[str, SiteServer]]:
    """Like `serve_corpus`, yielding the servers themselves (tests read their request logs)."""
    root = Path(root) if root else CORPUS
    servers: dict[str, SiteServer] = {}
    try:
        for i, source in enumerate(sources):
            servers[source] = start_site(root / source, port + i if port else 0, delay)
        yield servers
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()


@contextmanager
def serve_corpus(
    root: str | Path | None = None, sources: tuple[str, ...] = SOURCES, port: int = 0
) -> Iterator[dict[str, str]]:
    """Serve the snapshot (default: the bundled `corpus/`) on loopback; yields {source: base_url}.

    `port`: the first of fixed ports (the sites take port, port+1, port+2), so that the URLs stored by one
    demo crawl are the URLs of the next; 0 picks free ports.
    """
    with serve_sites(root, sources, port=port) as servers:
        yield {source: server.base_url for source, server in servers.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m parlarchive.demo.mirror", description=__doc__.splitlines()[0]
    )
    parser.add_argument("root", nargs="?", default=str(CORPUS))
    parser.add_argument("--port", type=int, default=8101, help="first port; the sites take N, N+1, N+2")
    args = parser.parse_args(argv)
    servers = [start_site(Path(args.root) / s, args.port + i) for i, s in enumerate(SOURCES)]
    for source, server in zip(SOURCES, servers, strict=True):
        print(f"{source}: {server.base_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        for server in servers:
            server.shutdown()


if __name__ == "__main__":
    main()
