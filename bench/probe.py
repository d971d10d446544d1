"""The hostile probe, from outside: a real `parlarchive serve` on 127.0.0.1 and the command line, over a copy
of a data folder, met with what a hostile client or a careless operator sends. Every case is judged by what
a user would see, and the table counts them:

- clean: the case is refused or answered as the site answers (its own page or JSON, the security headers,
  one line and the right exit status on the command line), in bounded time;
- degraded: answered, but less than asked (a 503 to come back later, a slow client dropped);
- defect: a 500, a traceback, a hang past its bound, a missing header, a redirect off the site, a page
  that is not what it says (a feed that is not XML), an output file half-written in place;
- data lost: records of the archive lost, duplicated or changed (checked after every category).

    .venv/bin/python bench/probe.py --data data            # the demo's archive, say; nothing of it changes

It copies the data folder first and works on the copy. Prints the table, then every defect and degraded
case with why. Exit status 1 if there is any defect or any record lost.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.procs import load_average, stop

PY = sys.executable
TIMEOUT = 60.0  # seconds a probe waits for one answer before it counts as a hang
SERVING = re.compile(r"serving .* on http://127\.0\.0\.1:(\d+)/")
HEADERS = (b"content-security-policy:", b"x-content-type-options: nosniff", b"referrer-policy:")
LEAKS = (b"root:x:0:0", b"SQLite format 3", b"[project]", b"WARC/1.", b"def create_app", b"Traceback")
LETTERS = "abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
HOSTILE_Q = " OR ".join(f"*{letter}*" for letter in LETTERS[:59])


@dataclass
class Tally:
    """The outcomes of one category of cases."""

    name: str
    clean: int = 0
    degraded: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    lost: int = 0

    def judge(self, case: str, problem: str | None, degraded: str | None = None) -> None:
        if problem:
            self.defects.append(f"{case}: {problem}")
        elif degraded:
            self.degraded.append(f"{case}: {degraded}")
        else:
            self.clean += 1

    @property
    def cases(self) -> int:
        return self.clean + len(self.degraded) + len(self.defects)


# ---- the archive, and what counts as lost ----------------------------------------------------------


def fingerprint(data: Path) -> dict[str, str]:
    """Every record's id and a hash of what it holds (title, text, date, language, duplicate, versions)."""
    conn = sqlite3.connect(f"{(data / 'archive.sqlite3').as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT id, title, text, date, lang, duplicate_of, version_group FROM documents")
        return {row[0]: hashlib.sha256(repr(row[1:]).encode()).hexdigest() for row in rows}
    finally:
        conn.close()


def lost(before: dict[str, str], data: Path) -> int:
    after = fingerprint(data)
    return len(set(before) - set(after)) + sum(
        1 for rid in before if rid in after and after[rid] != before[rid]
    )


# ---- talking to the server -------------------------------------------------------------------------


@contextmanager
def serving(data: Path, env: dict[str, str] | None = None, preexec: Callable | None = None) -> Iterator[int]:
    proc = subprocess.Popen(
        [PY, "-m", "parlarchive", "--data", str(data), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
        preexec_fn=preexec,
    )  # fmt: skip
    line = proc.stdout.readline() if proc.stdout else ""
    found = SERVING.search(line)
    try:
        if not found:
            raise RuntimeError(
                f"the server did not start: {line.strip()} {proc.stderr.read() if proc.stderr else ''}"
            )
        threading.Thread(target=proc.stderr.read, daemon=True).start()  # its log never fills the pipe
        yield int(found.group(1))
    finally:
        stop(proc)


def raw(port: int, request: bytes, timeout: float = TIMEOUT) -> bytes | None:
    """The whole answer to one request (None: no answer within `timeout`)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(request)
            out = b""
            while chunk := sock.recv(65536):
                out += chunk
            return out
    except TimeoutError:
        return None
    except OSError as exc:
        return f"HTTP/1.1 000 {exc}\r\n\r\n".encode()


def get(port: int, target: str, method: str = "GET", headers: str = "") -> bytes | None:
    return raw(
        port, f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{headers}\r\n".encode()
    )


def web_problem(answer: bytes | None, *, head_only: bool = False, incomplete: bool = False) -> str | None:
    """What is wrong with an answer as a user sees it (None: nothing). `incomplete`: the request never ends
    (blank lines only), so a connection closed without an answer is right."""
    if answer is None:
        return "no answer within the bound"
    if answer == b"":
        return None if incomplete else "the connection closed without an answer"
    while answer.startswith(b"HTTP/1.1 100 "):  # an interim answer (Expect: 100-continue) before the answer
        answer = answer.partition(b"\r\n\r\n")[2]
    head, _, body = answer.partition(b"\r\n\r\n")
    status = head.split(b" ", 2)[1] if head.count(b" ") else b"?"
    lower = head.lower()
    if status.startswith(b"5") and status not in (b"503", b"501") or status == b"000":
        return f"status {status.decode()}"
    missing = [h.decode() for h in HEADERS if h not in lower]
    if missing:
        return f"status {status.decode()} without {', '.join(missing)}"
    if b"(generated by" in body:
        return "the server's plain-text error, not the site's page"
    if any(leak in body for leak in LEAKS):
        return f"status {status.decode()} shows a file it must not"
    location = re.search(rb"\r\nlocation: ([^\r]*)", lower)
    if location and not re.match(rb"(?:http://127\.0\.0\.1(?::\d+)?)?/(?![/\\])", location.group(1)):
        return f"redirect off the site: {location.group(1).decode(errors='replace')}"
    if head_only and body:
        return "a body after the headers of HEAD"
    if len(body) > 2_000_000 and b"export" not in head:
        return f"a {len(body) // 1000} KB page"
    return None


def status_of(answer: bytes | None) -> str:
    if not answer:
        return "none"
    return answer.split(b" ", 2)[1].decode(errors="replace") if answer.count(b" ") else "?"


# ---- the categories ----------------------------------------------------------------------------------


def traversal(port: int, rid: str) -> Tally:
    tally = Tally("path traversal")
    climbs = ["../", "..%2f", "%2e%2e/", "%2e%2e%2f", "..%252f", "....//", "..\\", "..%5c", "%c0%ae%c0%ae/",
              "..;/", ".%2e/", "%2e./"]  # fmt: skip
    targets = ["etc/passwd", "archive.sqlite3", "pyproject.toml", "web/__init__.py"]
    prefixes = ["/static/", f"/documents/{rid}/", "/documents/", "/api/documents/", "/"]
    for prefix in prefixes:
        for climb in climbs:
            for target in targets:
                depth = 1 if prefix == "/" else 6
                path = prefix + climb * depth + target
                tally.judge(path, web_problem(get(port, path)))
    for extra in (
        "/static/%00../../etc/passwd",
        "/static//etc/passwd",
        "/static/..%00/etc/passwd",
        f"/documents/{rid}/capture/0/page/../../../../etc/passwd",
        "/export.csv/../../../etc/passwd",
    ):
        tally.judge(extra, web_problem(get(port, extra)))
    return tally


def parameters(port: int) -> Tally:
    tally = Tally("parameters")
    values = {
        "page": ["0", "-1", "1e3", "١", "１", "9" * 5000, "1.5", " 1", "0x10", "NaN", "501", "00001"],
        "limit": ["0", "101", "-5", "9" * 5000, "1" * 20],
        "lang": ["xx", "kk\x00", "../", "KK", "ru,en", "e" * 1000],
        "source": ["moon", "senate\x00", "' OR 1=1", "s" * 1000],
        "from": ["2024-13-01", "2024-02-30", "0000-01-01", "9999-12-31", "yesterday", "1" * 1000],
        "to": ["2024-00-10", "-1"],
        "sort": ["random", "date;drop", "relevance\x00"],
        "q": [
            "a" * 100_000,
            "budget\x01",
            "budget\x0b",
            "budget\x1b[2J",
            "budget\uffff",
            "\ud800",
            "\x00",
            "budget\r\nX: y",
        ],
    }
    endpoints = ["/", "/api/search", "/feed.atom", "/export.csv"]
    for name, choices in values.items():
        for value in choices:
            for endpoint in endpoints[: 4 if name in ("page", "q") else 2]:
                target = f"{endpoint}?{name}={quote(value, safe='', errors='surrogatepass')}"
                answer = get(port, target)
                problem = web_problem(answer)
                if not problem and endpoint == "/feed.atom" and status_of(answer) == "200":
                    problem = feed_problem(answer)
                tally.judge(f"{endpoint}?{name}={value[:20]!r}", problem)
    junk = "&".join(f"x{n}=1" for n in range(20_000))
    answer = get(port, f"/?q=budget&{junk}")
    problem = web_problem(answer) or (None if len(answer or b"") < 200_000 else f"{len(answer)} bytes")
    tally.judge("20,000 unknown parameters", problem)
    return tally


def feed_problem(answer: bytes) -> str | None:
    try:
        ET.fromstring(answer.partition(b"\r\n\r\n")[2])
    except ET.ParseError as exc:
        return f"the feed is not XML: {exc}"
    return None


INJECTIONS = [
    "' OR 1=1 --",
    '" ; DROP TABLE documents; --',
    "1' UNION SELECT id FROM documents --",
    "'; ATTACH DATABASE 'x'",
    "{{7*7}}",
    "{% for x in range(9) %}x{% endfor %}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{config}}",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</title><script>x</script>",
    "title:*",
    "id:*",
    "url:file*",
    "text:[a TO z]",
    "*",
    "?*",
    '"unclosed',
    "((((((((((",
    "AND OR NOT",
    "a~99",
    "a^99",
    "date:[0000 TO 9999]",
    "%s%s%s%n",
    "{0.__class__}",
    "../../etc/passwd",
    "\u202ebudget",
    "b\u200budget",
    "a" + "\u0301" * 500,
    "😀" * 200,
    "NOT *",
    "-budget",
    "budget AND (NOT (budget OR (NOT budget)))",
]


def injections(port: int, data: Path) -> Tally:
    tally = Tally("injection")
    for payload in INJECTIONS:
        for endpoint in ("/", "/api/search", "/feed.atom"):
            answer = get(port, f"{endpoint}?q={quote(payload, safe='')}")
            problem = web_problem(answer)
            head, _, body = (answer or b"").partition(b"\r\n\r\n")
            html = b"text/html" in head.lower() or b"atom" in head.lower()
            if not problem and html and "<" in payload and payload.encode() in body:
                problem = "the payload's markup is in the page as it came"
            if not problem and endpoint == "/feed.atom" and status_of(answer) == "200":
                problem = feed_problem(answer or b"")
            tally.judge(f"{endpoint} {payload[:30]!r}", problem)
    for payload in INJECTIONS[:15]:
        tally.judge(f"search {payload[:30]!r}", cli_problem(data, ("search", payload, "--json"), (0, 2)))
    return tally


METHODS = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "MKCOL", "LOCK", "FOO",
           "G E T", "GET\x00"]  # fmt: skip


def methods_and_headers(port: int) -> Tally:
    tally = Tally("methods and headers")
    for method in METHODS:
        for path in ("/", "/api/search", "/export.csv"):
            tally.judge(f"{method!r} {path}", web_problem(raw(port, f"{method} {path} HTTP/1.1\r\nHost: x\r\n"
                                                                "Content-Length: 2\r\nConnection: close\r\n\r\n{}".encode())))  # fmt: skip
    hosts = ["a" * 64 + ".example", "a" * 64, "x..example", "", "[::1", "exa mple", "evil.example",
             "127.0.0.1:99999", "\u00e4.example", "a." * 200]  # fmt: skip
    for host in hosts:
        request = f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode(
            "utf-8", "surrogateescape"
        )
        tally.judge(f"Host {host[:20]!r}", web_problem(raw(port, request)))
    requests = {
        "headers of 70 KB": b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n",
        "300 headers": b"GET / HTTP/1.1\r\nHost: x\r\n"
        + b"".join(b"X-%d: 1\r\n" % n for n in range(300))
        + b"\r\n",
        "Content-Length abc": b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "Content-Length -1": b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        "two Content-Lengths": b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        "a body of 1 MB": b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"
        + b"a" * 1000,
        "chunk size zz": b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "Transfer-Encoding gzip": b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
        "CL and TE": b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "HTTP/0.9": b"GET /\r\n\r\n",
        "HTTP/2.0 line": b"GET / HTTP/2.0\r\nHost: x\r\n\r\n",
        "HTTP/1.0 keep-alive": b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "absolute URI": b"GET http://evil.example/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "garbage line": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
        "empty lines": b"\r\n\r\n\r\n",
        "method of 10 KB": b"A" * 10_000 + b" / HTTP/1.1\r\nHost: x\r\n\r\n",
        "path of 60 KB": b"GET /" + b"a" * 60_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        "Expect 100-continue": b"GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        "header without colon": b"GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
        "NUL in a header": b"GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\nConnection: close\r\n\r\n",
    }
    for name, request in requests.items():
        tally.judge(name, web_problem(raw(port, request), incomplete=name in ("empty lines", "HTTP/0.9")))
    extra = {
        "Range bytes=0-0": "Range: bytes=0-0", "Range junk": "Range: bytes=zz",
        "If-Modified-Since junk": "If-Modified-Since: yesterday", "If-None-Match *": "If-None-Match: *",
        "Accept-Language junk": "Accept-Language: ;;;q=zz,*", "Accept-Language 10 KB": "Accept-Language: " + "kk," * 3000,
        "Cookie ui_lang=xx": "Cookie: ui_lang=xx", "Cookie ui_lang=../": "Cookie: ui_lang=../", "Cookie 8 KB": "Cookie: a=" + "b" * 8000,
        "X-Forwarded-Host evil": "X-Forwarded-Host: evil.example", "X-Forwarded-Proto gopher": "X-Forwarded-Proto: gopher",
        "Accept */*;q=x": "Accept: */*;q=x", "Origin evil": "Origin: http://evil.example",
    }  # fmt: skip
    for name, header in extra.items():
        for path in ("/?q=budget", "/api/search?q=budget", "/feed.atom"):
            answer = get(port, path, headers=header + "\r\n")
            problem = web_problem(answer) or (
                "a link to another host"
                if b"evil.example" in (answer or b"") and "Origin" not in name
                else None
            )
            tally.judge(f"{name} {path}", problem)
    for path in ("/export.csv", "/export.jsonl", "/", "/feed.atom"):
        tally.judge(f"HEAD {path}", web_problem(get(port, path, "HEAD"), head_only=True))
    for target in ("/%09/evil.example", "/%0d%0aSet-Cookie:%20a=b", "//evil.example", "/\\evil.example",
                   "https://evil.example", "/%2f/evil.example", "javascript:alert(1)", "/%5c/evil.example"):  # fmt: skip
        tally.judge(f"/ui/kk?next={target}", web_problem(get(port, f"/ui/kk?next={target}")))
    return tally


def slow_clients(port: int) -> Tally:
    """150 connections sending a request a byte a second; 8 clients asking for the export and reading
    nothing; 10 hostile wildcard queries: normal searches beside each must be answered."""
    tally = Tally("slow and hostile clients")
    slow = []
    for _ in range(150):
        sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        sock.sendall(b"GET / HTTP/1.1\r\n")
        slow.append(sock)
    answer = get(port, "/api/search?q=budget")
    tally.judge("a search beside 150 trickling connections", web_problem(answer))
    for sock in slow:
        sock.close()
    readers = []
    for _ in range(8):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 1200)
        sock.connect(("127.0.0.1", port))
        sock.sendall(b"GET /export.jsonl HTTP/1.1\r\nHost: x\r\n\r\n")
        readers.append(sock)
    answer = get(port, "/api/search?q=budget")
    tally.judge("a search beside 8 exports nobody reads", web_problem(answer))
    statuses = []
    for sock in readers:
        sock.settimeout(5)
        try:
            statuses.append(sock.recv(12, socket.MSG_PEEK).split(b" ")[-1].decode())
        except OSError:
            statuses.append("none")
        sock.close()
    busy = statuses.count("503")
    tally.judge("8 exports nobody reads", None, f"{busy} of 8 told to come back (503)" if busy else None)
    with ThreadPoolExecutor(10) as pool:
        hostile = [pool.submit(get, port, "/api/search?" + urlencode({"q": HOSTILE_Q})) for _ in range(10)]
        time.sleep(0.5)
        started = time.monotonic()
        answer = get(port, "/api/search?q=budget")
        took = time.monotonic() - started
        answers = [future.result() for future in hostile]
    tally.judge(f"a search beside 10 hostile queries ({took:.1f} s)", web_problem(answer))
    worst = [web_problem(a) for a in answers if web_problem(a)]
    kinds = sorted({status_of(a) for a in answers})
    tally.judge("10 hostile wildcard queries", worst[0] if worst else None,
                f"answered {'/'.join(kinds)}" if kinds != ["200"] else None)  # fmt: skip
    return tally


def cli_problem(data: Path, args: tuple[str, ...], codes: tuple[int, ...], **kw: object) -> str | None:
    try:
        streams = {"stderr": subprocess.PIPE} if "stdout" in kw else {"capture_output": True}
        proc = subprocess.run([PY, "-m", "parlarchive", "--data", str(data), *args], text=True,
                              timeout=kw.pop("timeout", 300), **streams, **kw)  # fmt: skip
    except subprocess.TimeoutExpired:
        return "no end within the bound"
    if "Traceback" in proc.stderr:
        return "a traceback: " + proc.stderr.strip().splitlines()[-1][:120]
    if proc.returncode not in codes:
        return f"exit status {proc.returncode}: {proc.stderr.strip()[:120]}"
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    if proc.returncode and not errors:
        return f"exit status {proc.returncode} with no error line"
    return None


def kills(data: Path, work: Path) -> Tally:
    """kill -9 of the writing and exporting commands at a random moment: the archive stays sound, every -o
    file is its previous self (a FILE.partial may be left, which the next run replaces)."""
    tally = Tally("kill -9")
    commands = [("export", "--format", "jsonl", "-o", str(work / "out.jsonl")),
                ("tm", "export", "--format", "tmx", "-o", str(work / "out.tmx")),
                ("reextract",), ("index", "--rebuild"), ("translate", "--to", "en")]  # fmt: skip
    for args in commands:
        target = Path(args[-1]) if "-o" in args else None
        if target is not None:
            subprocess.run(
                [PY, "-m", "parlarchive", "--data", str(data), *args], capture_output=True, timeout=600
            )
        previous = target.read_bytes() if target is not None else None
        for delay in (0.5, 1.5, 3.0):
            proc = subprocess.Popen([PY, "-m", "parlarchive", "--data", str(data), *args],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            problem = None
            if target is not None and target.read_bytes() != previous:
                problem = "the output file changed in place"
            problem = problem or cli_problem(data, ("check",), (0,))
            tally.judge(f"kill -9 of {' '.join(args[:3])} after {delay} s", problem)
    return tally


def hostile_imports(data: Path, work: Path) -> Tally:
    tally = Tally("hostile import inputs")
    folder = work / "inputs"
    folder.mkdir()
    story = (
        "<html><head><title>Бюджет</title></head><body><h1>Бюджет района</h1>"
        + "<p>Депутаты обсудили бюджет района.</p>" * 20
        + "</body></html>"
    )
    files: dict[str, Callable[[Path], None]] = {
        "empty.html": lambda p: p.write_bytes(b""),
        "blank.txt": lambda p: p.write_text("   \n\t\n"),
        "binary.html": lambda p: p.write_bytes(os.urandom(4096)),
        "png.txt": lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(512)),
        "nul.txt": lambda p: p.write_bytes(b"a\x00" * 2000),
        "utf16-bom.txt": lambda p: p.write_bytes(
            ("\ufeff" + "Бюджет района обсудили депутаты.\n" * 20).encode("utf-16-le")
        ),
        "utf16-nobom.txt": lambda p: p.write_bytes(
            ("Бюджет района обсудили депутаты.\n" * 20).encode("utf-16-le")
        ),
        "one-line.txt": lambda p: p.write_text("budget committee " * 500_000),
        "huge.html": lambda p: p.write_text("<p>" + "budget " * 2_000_000 + "</p>"),
        "cp1251.html": lambda p: p.write_bytes(story.encode("cp1251")),
        "bad-charset.html": lambda p: p.write_text(
            story.replace("<head>", '<head><meta charset="x-nonsense">')
        ),
        "nested.html": lambda p: p.write_text("<div>" * 50_000 + "budget" + "</div>" * 50_000),
        "controls.txt": lambda p: p.write_text(
            "Title\x1b[2J\n\nText \x07\x08 with controls and the budget.\n" * 5
        ),
        "bidi.txt": lambda p: p.write_text("Budget \u202e report\n\nThe \u2067budget\u2069 was adopted.\n"),
        "truncated.html": lambda p: p.write_text(story[: len(story) // 2]),
        "not-a-warc.warc": lambda p: p.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n" + os.urandom(2000)),
        "empty.warc.gz": lambda p: p.write_bytes(b""),
        "garbage.warc.gz": lambda p: p.write_bytes(b"\x1f\x8b" + os.urandom(5000)),
        "zeros.warc.gz": lambda p: p.write_bytes(_gzip_zeros()),
        "name\nwith\x1bcontrols.html": lambda p: p.write_text(story),
        "dir.html": lambda p: p.mkdir(),
        "loop.html": lambda p: p.symlink_to(p),
        "dangling.html": lambda p: p.symlink_to(work / "nowhere"),
        "fifo.warc": lambda p: os.mkfifo(p),
        "fifo.html": lambda p: os.mkfifo(p),
        "good.html": lambda p: p.write_text(story),
    }
    for name, make in files.items():
        make(folder / name)
    for name in files:
        tally.judge(
            f"import {name!r}", cli_problem(data, ("import", str(folder / name)), (0, 2), timeout=300)
        )
    tally.judge("import the folder of them", cli_problem(data, ("import", str(folder)), (2,), timeout=600))
    tally.judge("import /dev/zero", cli_problem(data, ("import", "/dev/zero"), (2,), timeout=60))
    return tally


def _gzip_zeros() -> bytes:
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(b"\0" * 200_000_000) + packer.flush()


def full_disks(data: Path, work: Path) -> Tally:
    tally = Tally("full disks")

    def limit() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    for args in (("export", "--format", "jsonl", "-o", str(work / "full.jsonl")),
                 ("tm", "export", "--format", "tsv", "-o", str(work / "full.tsv")), ("index", "--rebuild")):  # fmt: skip
        tally.judge(" ".join(args[:3]), cli_problem(data, args, (0, 1), preexec_fn=limit, timeout=900))
        tally.judge(
            f"{args[0]}: nothing half-written", next((f"{p.name} left" for p in work.glob("full.*")), None)
        )
    for command in (("export", "--format", "jsonl"), ("search", "budget"), ("show", "x"), ("dupes",), ("check",),
                    ("tm", "export", "--format", "tmx"), ("models", "list")):  # fmt: skip
        with open("/dev/full", "w") as full:
            problem = cli_problem(data, command, (1, 2), stdout=full)
        tally.judge(f"{' '.join(command[:2])} > /dev/full", problem)
    return tally


def ops_mistakes(data: Path, work: Path) -> Tally:
    tally = Tally("operator mistakes")
    tally.judge("--data /dev/null import", cli_problem(Path("/dev/null"), ("import", str(work)), (2,)))
    tally.judge("search with no archive", cli_problem(work / "none", ("search", "budget"), (2,)))
    tally.judge("show with no archive", cli_problem(work / "none", ("show", "x"), (2,)))
    tally.judge("export with stdout closed", cli_problem(data, ("export", "--format", "csv"), (1,),
                                                         preexec_fn=lambda: os.close(1)))  # fmt: skip
    copy = work / "no-index"
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns("index"))
    with serving(copy) as port:
        answer = get(port, "/api/search?q=budget")
        problem = web_problem(answer) or (
            None if status_of(answer) == "503" else f"status {status_of(answer)}"
        )
        tally.judge("serve with the index removed", problem)
    restored = work / "restored"
    shutil.copytree(data, restored)
    conn = sqlite3.connect(restored / "archive.sqlite3")
    conn.execute("DELETE FROM documents WHERE rowid IN (SELECT rowid FROM documents LIMIT 3)")
    conn.commit()
    conn.close()  # the archive now lacks records its index holds: a restored older copy
    with serving(restored) as port:
        answer = get(port, "/api/search?q=*")
        body = (answer or b"").partition(b"\r\n\r\n")[2]
        problem = web_problem(answer) or (None if b'"warning"' in body or status_of(answer) == "503" else
                                          "the mismatch is not said")  # fmt: skip
        tally.judge("serve an archive older than its index", problem)
    return tally


# ---- the run -------------------------------------------------------------------------------------------


def table(tallies: list[Tally], lost_total: int) -> str:
    rows = [("category", "cases", "clean", "degraded", "defects", "data lost")]
    rows += [(t.name, t.cases, t.clean, len(t.degraded), len(t.defects), t.lost) for t in tallies]
    rows.append(("total", sum(t.cases for t in tallies), sum(t.clean for t in tallies),
                 sum(len(t.degraded) for t in tallies), sum(len(t.defects) for t in tallies), lost_total))  # fmt: skip
    widths = [max(len(str(row[n])) for row in rows) for n in range(6)]
    return "\n".join(
        "  ".join(str(v).ljust(widths[n]) if n == 0 else str(v).rjust(widths[n]) for n, v in enumerate(row))
        for row in rows
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="the data folder to probe (a copy is probed)")
    ap.add_argument("--skip", default="", help="categories to leave out, comma-separated (kill,imports,…)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="parlarchive-probe-"))
    data = work / "data"
    shutil.copytree(args.data, data)
    print(f"probing a copy of {args.data} in {work}; load {load_average()}", flush=True)
    subprocess.run(
        [PY, "-m", "parlarchive", "--data", str(data), "reextract"], capture_output=True, timeout=3600
    )
    before = fingerprint(data)  # after a first reextract: a killed one may then change nothing
    rid = next(iter(before))
    tallies: list[Tally] = []
    skip = set(args.skip.split(","))
    with serving(data) as port:
        for name, run in (("traversal", lambda: traversal(port, rid)), ("parameters", lambda: parameters(port)),
                          ("injection", lambda: injections(port, data)), ("headers", lambda: methods_and_headers(port)),
                          ("slow", lambda: slow_clients(port))):  # fmt: skip
            if name not in skip:
                tallies.append(run())
                tallies[-1].lost = lost(before, data)
                print(f"  {tallies[-1].name}: {tallies[-1].cases} cases", flush=True)
    for name, run in (("kill", lambda: kills(data, work)), ("imports", lambda: hostile_imports(data, work)),
                      ("disks", lambda: full_disks(data, work)), ("ops", lambda: ops_mistakes(data, work))):  # fmt: skip
        if name not in skip:
            tallies.append(run())
            tallies[-1].lost = lost(before, data)
            print(f"  {tallies[-1].name}: {tallies[-1].cases} cases", flush=True)
    lost_total = lost(before, data)
    print()
    print(table(tallies, lost_total))
    for tally in tallies:
        for line in tally.defects:
            print(f"defect   [{tally.name}] {line}")
        for line in tally.degraded:
            print(f"degraded [{tally.name}] {line}")
    print(f"load after: {load_average()}")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if lost_total or any(t.defects for t in tallies) else 0)


if __name__ == "__main__":
    main()
