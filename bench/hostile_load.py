"""Normal searches under hostile clients: a real `parlarchive serve` on 127.0.0.1 over a data folder, and at
once, for SECONDS seconds:

- NORMAL clients, one search after another (a common word of the archive, with or without a filter): the
  figures are theirs, answered / failed / p50 / p95 / max seconds;
- 10 clients sending the probe's query, 59 leading wildcards `*a* OR *b* OR … OR *і*`, again and again;
- 8 clients asking for /export.jsonl and reading nothing (a small receive window and a real link's
  segment size), asking again as soon as they are dropped or turned away.

    .venv/bin/python bench/hostile_load.py --data DATA [--seconds 60] [--normal 4] [--quiet-first]

`--quiet-first` measures the normal clients alone first, for comparison. Nothing in the data folder is
changed (the server only reads). Prints one block of figures, with the machine's load.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.procs import load_average, stop, tree_cpu_seconds

LETTERS = "abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
HOSTILE = " OR ".join(f"*{letter}*" for letter in LETTERS[:59])
HOSTILE_CLIENTS, SLOW_READERS = 10, 8
TIMEOUT = 120.0  # seconds a normal client waits before it counts the search as failed
HOLD = 40.0  # seconds a slow reader holds an export it reads nothing of (the server's send timeout is 30)
EXPORT_BYTES = [0]  # the whole export's size, measured before the runs
SERVING = re.compile(r"serving .* on (http://127\.0\.0\.1:\d+/)")
WORD = re.compile(r"[^\W\d_]{5,}")


def start_server(data: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "parlarchive", "--data", str(data), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    line = proc.stdout.readline() if proc.stdout else ""
    found = SERVING.search(line)
    if not found:
        proc.kill()
        sys.exit(f"error: the server did not start: {line.strip()}")
    return proc, found.group(1)


def words_of(url: str, count: int = 40) -> list[str]:
    """Common words of the archive under test: those of its newest hits' titles."""
    with urlopen(
        url + "api/search?" + urlencode({"q": "*", "sort": "date", "limit": 100}), timeout=TIMEOUT
    ) as r:
        hits = json.load(r)["hits"]
    words = Counter(w.lower() for hit in hits for w in WORD.findall(hit["title"] or ""))
    return [w for w, _n in words.most_common(count)] or ["budget"]


def normal_client(url: str, words: list[str], stop: float, seed: int, out: list) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop:
        params = {"q": rng.choice(words)}
        if rng.random() < 0.3:
            params["lang"] = rng.choice(["kk", "ru", "en"])
        started = time.monotonic()
        try:
            with urlopen(url + "api/search?" + urlencode(params), timeout=TIMEOUT) as r:
                r.read()
                out.append((r.status, time.monotonic() - started))
        except HTTPError as exc:
            out.append((exc.code, time.monotonic() - started))
        except OSError:
            out.append(("no answer", time.monotonic() - started))


def hostile_client(url: str, stop: float, out: Counter) -> None:
    while time.monotonic() < stop:
        try:
            with urlopen(url + "api/search?" + urlencode({"q": HOSTILE}), timeout=TIMEOUT) as r:
                r.read()
                out[r.status] += 1
        except HTTPError as exc:
            out[exc.code] += 1
        except OSError:
            out["no answer"] += 1


def slow_reader(url: str, stop: float, out: Counter) -> None:
    """Ask for the export and read nothing for HOLD seconds, then read what is left: an export the server
    dropped ends short. Told 503, ask again a second later (Retry-After says 60: an impatient client)."""
    host, port = re.match(r"http://([\d.]+):(\d+)/", url).groups()
    while time.monotonic() < stop:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 1200)
        sock.settimeout(TIMEOUT)
        try:
            sock.connect((host, int(port)))
            sock.sendall(b"GET /export.jsonl HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            status = sock.recv(12, socket.MSG_PEEK).split(b" ")[-1].decode()
            if status == "503":
                out["503"] += 1
                time.sleep(1.0)
                continue
            time.sleep(max(0.0, min(HOLD, stop - time.monotonic())))
            sock.settimeout(10.0)
            taken = 0
            try:
                while chunk := sock.recv(65536):
                    taken += len(chunk)
            except TimeoutError:
                pass
            out[f"{status}, then dropped" if taken < EXPORT_BYTES[0] else f"{status}, whole"] += 1
        except OSError as exc:
            out[type(exc).__name__] += 1
        finally:
            sock.close()


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def measure(url: str, words: list[str], normal: int, seconds: float, hostile: bool) -> dict:
    stop = time.monotonic() + seconds
    results: list = []
    hostile_out: Counter = Counter()
    reader_out: Counter = Counter()
    threads = [
        threading.Thread(target=normal_client, args=(url, words, stop, n, results)) for n in range(normal)
    ]
    if hostile:
        threads += [
            threading.Thread(target=hostile_client, args=(url, stop, hostile_out))
            for _ in range(HOSTILE_CLIENTS)
        ]
        threads += [
            threading.Thread(target=slow_reader, args=(url, stop, reader_out)) for _ in range(SLOW_READERS)
        ]
        for thread in threads[normal:]:
            thread.start()
        time.sleep(2.0)  # the hostile clients hold the server before the normal ones start
    for thread in threads[:normal]:
        thread.start()
    for thread in threads:
        thread.join()
    ok = [seconds for status, seconds in results if status == 200]
    return {
        "normal": len(results),
        "answered": len(ok),
        "failed": Counter(str(s) for s, _ in results if s != 200),
        "p50": percentile(ok, 50) if ok else None,
        "p95": percentile(ok, 95) if ok else None,
        "max": max(ok) if ok else None,
        "hostile": dict(hostile_out),
        "readers": dict(reader_out),
    }


def report(label: str, r: dict) -> str:
    figures = (
        "no search answered"
        if r["p95"] is None
        else (f"p50 {r['p50']:.2f} s, p95 {r['p95']:.2f} s, max {r['max']:.2f} s")
    )
    lines = [
        f"{label}: {r['answered']} of {r['normal']} normal searches answered ({figures});"
        f" failed: {dict(r['failed']) or 'none'}"
    ]
    if r["hostile"] or r["readers"]:
        lines.append(f"  hostile wildcard queries: {r['hostile']}")
        lines.append(f"  slow export readers: {r['readers']}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="the data folder to serve (only read)")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--normal", type=int, default=4, help="normal clients")
    ap.add_argument("--quiet-first", action="store_true", help="measure the normal clients alone first")
    args = ap.parse_args()
    proc, url = start_server(args.data)
    try:
        words = words_of(url)
        with urlopen(url + "export.jsonl", timeout=600) as r:
            EXPORT_BYTES[0] = len(r.read())
        with urlopen(url + "api/search?q=*&limit=1", timeout=TIMEOUT) as r:
            total = json.load(r)["total"]
        print(
            f"archive: {args.data} ({total} stories, export {EXPORT_BYTES[0] / 1e6:.1f} MB);"
            f" {args.normal} normal clients, {args.seconds:.0f} s each run"
        )
        print(f"load before: {load_average()}")
        if args.quiet_first:
            print(report("alone", measure(url, words, args.normal, args.seconds, hostile=False)))
        cpu = tree_cpu_seconds(proc.pid)
        print(
            report(
                f"beside {HOSTILE_CLIENTS} hostile queries and {SLOW_READERS} slow export readers",
                measure(url, words, args.normal, args.seconds, hostile=True),
            )
        )
        print(
            f"server CPU during the runs: {tree_cpu_seconds(proc.pid) - cpu:.0f} s; load after: {load_average()}"
        )
    finally:
        stop(proc)


if __name__ == "__main__":
    main()
