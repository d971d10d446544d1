"""Web load benchmark: locust, headless, against a real `parlarchive serve` on the demo archive and on a
generated 20,000-document archive; requests, failures, requests/s, p50 and p95 per page kind, and the
server's peak RSS.

    .venv/bin/python bench/web_load.py                          # both archives, 20 clients, 30 s
    .venv/bin/python bench/web_load.py --archive generated --users 20 --seconds 30 --think 0,0

Archives are built once under bench/out/ (the demo's crawl, or generated kk/ru/en stories in a WARC,
imported and indexed) and reused by later runs. The user mix is in bench/web_locustfile.py; the words,
filters and record ids it draws from are read from the archive under test and handed over in a plan file.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.procs import PeakRss, load_average, tree_cpu_seconds

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).with_name("web_locustfile.py")
BUILT = "web_load_built.json"  # written last into a data folder: the build finished, and what it took
DEMO_PORTS = (8101, 8102, 8103)  # the demo serves corpus/ here: a second demo at once would collide
WORD = re.compile(r"[^\W\d_]{5,}")
SERVING = re.compile(r"serving .* on (http://127\.0\.0\.1:\d+/)")
FRAME = re.compile(r"^(.*) \((.*?):\d+\)$")  # py-spy's "function (file:line)": lines merged
OURS = ("archive/", "search/", "web/", "parlarchive/")
WAITING = ("Condition.wait ", "Condition._acquire_restore ", "select ", "poll ")  # idle thread stacks' leaves
KINDS = ("search", "search+filter", "facet", "document", "compare", "capture", "api-search", "api-document")


# ---- the archives -----------------------------------------------------------------------------------


def run(*args: str | Path) -> None:
    """Run a command; its last line of output (the import's or the demo's summary) is printed."""
    out = subprocess.run([str(a) for a in args], check=True, stdout=subprocess.PIPE, text=True).stdout
    print(f"  {' '.join(str(a) for a in args[1:])}: {out.strip().splitlines()[-1] if out.strip() else ''}")


def ports_free(ports: tuple[int, ...]) -> bool:
    for port in ports:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return False
    return True


def build_demo(data: Path) -> None:
    if not ports_free(DEMO_PORTS):
        sys.exit(f"error: ports {DEMO_PORTS} are busy (another demo running?): try again when it ends")
    run(BIN / "parlarchive", "--data", data, "demo")


def build_generated(data: Path, docs: int) -> None:
    """Import the generated archive of `docs` records (bench/corpus_gen.py: written once, reused)."""
    from bench.corpus_gen import generate

    run(BIN / "parlarchive", "--data", data, "import", generate(docs) / "warc")


def archive(name: str, docs: int, rebuild: bool) -> tuple[Path, dict]:
    """The data folder of an archive, built unless a finished build is there; and its build record."""
    data = OUT / (f"web-{name}" if name == "demo" else f"web-generated-{docs}")
    done = data / BUILT
    if done.exists() and not rebuild:
        return data, {**json.loads(done.read_text()), "reused": True}
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    start = time.perf_counter()
    if name == "demo":
        build_demo(data)
    else:
        build_generated(data, docs)
    from archive.store import Store

    with Store(data / "archive.sqlite3") as store:
        count = store.count()
    built = {"documents": count, "build_seconds": round(time.perf_counter() - start, 1)}
    done.write_text(json.dumps(built))
    return data, {**built, "reused": False}


# ---- the plan the users draw from -------------------------------------------------------------------


def make_plan(data: Path, path: Path, seed: int = 9) -> dict:
    """Real words (per language), languages, sources, years and record ids of the archive under test."""
    from archive.store import Store

    rng = random.Random(seed)
    words: dict[str, set[str]] = {}
    ids, compare, langs, sources, years = [], [], set(), set(), set()
    with Store(data / "archive.sqlite3") as store:
        for rec in store.documents():
            ids.append(rec["id"])
            if len(rec["versions"]) > 1:
                compare.append(rec["id"])
            sources.add(rec["source"])
            if rec["date"]:
                years.add(rec["date"][:4])
            if rec["lang"]:
                langs.add(rec["lang"])
                if len(ids) < 200 or rng.random() < 0.05:  # a few hundred texts give enough words
                    text = f"{rec['title']} {rec['text']}".lower()
                    words.setdefault(rec["lang"], set()).update(WORD.findall(text))
        sample = rng.sample(ids, min(len(ids), 400))
        captures = [rid for rid in sample if (c := store.latest_capture(rid)) and c.warc_path]
    plan = {
        "words": {lang: rng.sample(sorted(ws), min(len(ws), 300)) for lang, ws in words.items()},
        "langs": sorted(langs),
        "sources": sorted(sources),
        "years": sorted(years),
        "documents": rng.sample(ids, min(len(ids), 2000)),
        "compare": rng.sample(compare, min(len(compare), 2000)),
        "captures": captures,
    }
    path.write_text(json.dumps(plan, ensure_ascii=False))
    return plan


# ---- the requests ----------------------------------------------------------------------------------


def query(plan: dict, rng: random.Random) -> str:
    """One word (half the time), two words (both must match), or a two-word phrase, in one language."""
    words = plan["words"][rng.choice(sorted(plan["words"]))]
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(words)
    a, b = rng.sample(words, 2)
    return f"{a} {b}" if roll < 0.8 else f'"{a} {b}"'


def a_filter(plan: dict, rng: random.Random) -> dict[str, str]:
    """A language, a source, a year, or a year and a language; newest first a quarter of the time."""
    kind = rng.choice(("lang", "source", "year", "year+lang"))
    params: dict[str, str] = {}
    if "lang" in kind:
        params["lang"] = rng.choice(plan["langs"])
    if kind == "source":
        params["source"] = rng.choice(plan["sources"])
    if "year" in kind:
        year = rng.choice(plan["years"])
        params.update({"from": f"{year}-01-01", "to": f"{year}-12-31"})
    if rng.random() < 0.25:
        params["sort"] = "date"
    return params


def request_for(kind: str, plan: dict, rng: random.Random) -> tuple[str, dict[str, str] | None]:
    """(path, query parameters) of one request of a page kind ("facet" follows a page's link instead)."""
    if kind == "search":
        return "/", {"q": query(plan, rng)}
    if kind == "search+filter":
        return "/", {"q": query(plan, rng), **a_filter(plan, rng)}
    if kind == "api-search":
        return "/api/search", {"q": query(plan, rng), **(a_filter(plan, rng) if rng.random() < 0.5 else {})}
    pool, path = {
        "document": ("documents", "/documents/{}"),
        "compare": ("compare", "/documents/{}/compare"),
        "capture": ("captures", "/documents/{}/capture"),
        "api-document": ("documents", "/api/documents/{}"),
    }[kind]
    return path.format(rng.choice(plan[pool])), None


# ---- the server and the load ------------------------------------------------------------------------


def start_server(data: Path, log: Path, workers: int = 1) -> tuple[subprocess.Popen, str]:
    """`parlarchive serve --port 0 --workers N` on the archive (its stderr into `log`), and the URL it printed."""
    with log.open("w") as err:
        proc = subprocess.Popen(
            [
                str(BIN / "parlarchive"),
                "--data",
                str(data),
                "serve",
                "--port",
                "0",
                "--workers",
                str(workers),
            ],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    for line in proc.stdout:
        found = SERVING.search(line)
        if found:
            return proc, found.group(1)
    proc.wait()
    sys.exit(f"error: the server exited ({proc.returncode}) before it said where it serves")


def run_locust(url: str, plan: Path, prefix: Path, users: int, seconds: int, think: str) -> None:
    env = {**os.environ, "WEB_LOAD_PLAN": str(plan), "WEB_LOAD_THINK": think}
    cmd = [str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "-u", str(users), "-r", str(users),
           "-t", f"{seconds}s", "--host", url.rstrip("/"), "--csv", str(prefix), "--only-summary",
           "--loglevel", "WARNING", "--stop-timeout", "10"]  # fmt: skip
    # locust exits 1 when a request failed: the failures are read from its CSV and printed, not raised
    with Path(f"{prefix}-locust.log").open("w") as log:
        subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    if not Path(f"{prefix}_stats.csv").exists():
        sys.exit(
            f"error: locust wrote no statistics; its output:\n{Path(f'{prefix}-locust.log').read_text()}"
        )


def fetch(url: str, path: str, params: dict | None) -> None:
    """GET one page; an HTTP error is printed (the load run counts its own)."""
    full = url.rstrip("/") + path + (f"?{urlencode(params)}" if params else "")
    try:
        with urlopen(full, timeout=60) as resp:
            resp.read()
    except HTTPError as exc:
        print(f"FAILED HTTP {exc.code} {full}: {exc.read()[:300]!r}")


def warm_up(url: str, plan: dict) -> None:
    """Searches 8 at a time, twice: each of waitress's 8 threads opens its own searcher on its first search
    (0.15-0.3 s at 20,000 documents), which the figures after this leave out."""
    rng = random.Random(3)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: fetch(url, *request_for("search", plan, rng)), range(16)))


def solo(url: str, plan: dict, pid: int, count: int) -> None:
    """One client, one request at a time, `count` of each kind: the latency with no queueing and the
    server's CPU per request, figures that the machine's other load changes least."""
    rng = random.Random(5)
    print(f"one client, {count} requests of each kind in turn: median and p95 ms, server CPU ms a request")
    for kind in KINDS:
        if kind == "facet" or (kind == "capture" and not plan["captures"]):
            continue
        times = []
        cpu = tree_cpu_seconds(pid)
        for _ in range(count):
            path, params = request_for(kind, plan, rng)
            start = time.perf_counter()
            fetch(url, path, params)
            times.append(1000 * (time.perf_counter() - start))
        cpu = (tree_cpu_seconds(pid) - cpu) * 1000 / count
        times.sort()
        print(
            f"  {kind:<14} {statistics.median(times):7.0f} {times[int(0.95 * (count - 1))]:7.0f} {cpu:7.0f}"
        )


def read_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def report(name: str, info: dict, prefix: Path, rss: float, cpu: float, loads: tuple[str, str]) -> int:
    """Print the table of one run; the number of failed requests."""
    stats = {row["Name"]: row for row in read_rows(Path(f"{prefix}_stats.csv"))}
    built = "reused" if info["reused"] else "built"
    print(f"\n== {name}: {info['documents']} documents ({built}; the build took {info['build_seconds']} s)")
    print(f"load average before {loads[0]}, after {loads[1]}")
    print(f"{'page kind':<14} {'requests':>8} {'failures':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}")
    for kind in [*(k for k in KINDS if k in stats), "Aggregated"]:
        row = stats[kind]
        label = "total" if kind == "Aggregated" else kind
        rate = float(row["Requests/s"])
        print(f"{label:<14} {row['Request Count']:>8} {row['Failure Count']:>8} {rate:>7.1f}"
              f" {row['50%']:>7} {row['95%']:>7}")  # fmt: skip
    total = stats["Aggregated"]
    print(f"server: peak RSS {rss:.0f} MiB, CPU {cpu:.1f} s "
          f"({1000 * cpu / max(1, int(total['Request Count'])):.1f} ms a request)")  # fmt: skip
    failures = read_rows(Path(f"{prefix}_failures.csv"))
    for row in failures:
        print(f"FAILED {row['Occurrences']}x {row['Method']} {row['Name']}: {row['Error']}")
    for row in (
        read_rows(Path(f"{prefix}_exceptions.csv")) if Path(f"{prefix}_exceptions.csv").exists() else []
    ):
        print(f"EXCEPTION {row['Count']}x {row['Message']}\n{row['Traceback']}")
    return int(total["Failure Count"])


def server_log(log: Path) -> None:
    """Print every traceback the server wrote; sum up waitress's queue-depth warnings (all threads busy)."""
    text = log.read_text(errors="replace")
    depths = [int(d) for d in re.findall(r"Task queue depth is (\d+)", text)]
    if depths:
        print(f"waitress: all threads busy {len(depths)} times, queue up to {max(depths)} requests")
    for block in re.split(r"\n(?=\S)", text):
        if "Traceback" in block:
            print(f"SERVER ERROR:\n{block}")


def start_profile(pid: int, out: Path, seconds: int) -> subprocess.Popen:
    """py-spy sampling the server's threads for the length of the run (collapsed stacks into `out`)."""
    cmd = [str(BIN / "py-spy"), "record", "--pid", str(pid), "--format", "raw", "--rate", "100",
           "--duration", str(seconds), "--output", str(out)]  # fmt: skip
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def print_profile(path: Path, top: int = 25) -> None:
    """Where the server's working threads spent their samples: our functions (inclusive), the libraries
    and functions the samples ended in (self). Samples of threads waiting for work are left out."""
    inclusive: Counter[str] = Counter()
    leaf: Counter[str] = Counter()
    package: Counter[str] = Counter()
    idle = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = [FRAME.sub(r"\1 (\2)", f) for f in stack.split(";")]
        if frames[-1].startswith(WAITING):
            idle += int(count)
            continue
        leaf[frames[-1]] += int(count)
        package[frames[-1].rpartition("(")[2].split("/")[0].rstrip(")")] += int(count)
        for frame in set(frames):
            if frame.rpartition("(")[2].startswith(OURS):
                inclusive[frame] += int(count)
    total = sum(leaf.values())
    print(f"py-spy: {total} samples of working server threads, {idle} of threads waiting (100/s a thread)")
    for title, counts in (("our code, inclusive", inclusive), ("self, by package", package),
                          ("self, by function", leaf)):  # fmt: skip
        print(f"{title}:")
        for frame, n in counts.most_common(top):
            print(f"  {100 * n / total:5.1f}%  {frame}")


def bench(name: str, args: argparse.Namespace) -> int:
    data, info = archive(name, args.docs, args.rebuild)
    tag = f"web-load-{data.name}"
    plan = OUT / f"{tag}-plan.json"
    make_plan(data, plan)
    log = OUT / f"{tag}-server.log"
    proc, url = start_server(data, log, args.workers)
    try:
        warm_up(url, json.loads(plan.read_text()))
        if args.solo:
            solo(url, json.loads(plan.read_text()), proc.pid, args.solo)
        spy = start_profile(proc.pid, OUT / f"{tag}-pyspy.txt", args.seconds) if args.profile else None
        before, cpu_before = load_average(), tree_cpu_seconds(proc.pid)
        rss = PeakRss(proc.pid)
        run_locust(url, plan, OUT / tag, args.users, args.seconds, args.think)
        after = load_average()
        rss, cpu = rss.stop(), tree_cpu_seconds(proc.pid) - cpu_before
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    failed = report(name, info, OUT / tag, rss, cpu, (before, after))
    server_log(log)
    if spy:
        spy.wait()
        print_profile(OUT / f"{tag}-pyspy.txt")
    return failed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archive", choices=("demo", "generated", "both"), default="both")
    ap.add_argument("--docs", type=int, default=20000, help="documents of the generated archive")
    ap.add_argument("--users", type=int, default=20, help="concurrent clients")
    ap.add_argument("--seconds", type=int, default=30, help="length of each run")
    ap.add_argument("--think", default="1,3", help='"min,max" seconds a user waits between pages; "0,0" none')
    ap.add_argument("--solo", type=int, default=20, metavar="N",
                    help="first N requests of each kind, one at a time (0: none)")  # fmt: skip
    ap.add_argument("--profile", action="store_true", help="sample the server with py-spy during the run")
    ap.add_argument("--rebuild", action="store_true", help="build the archives again instead of reusing them")
    ap.add_argument("--workers", type=int, default=1, help="server processes (`parlarchive serve --workers`)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    names = ("demo", "generated") if args.archive == "both" else (args.archive,)
    print(
        f"{args.users} clients for {args.seconds} s each, think time {args.think} s,"
        f" on {os.cpu_count()} cores"
    )
    failed = sum(bench(name, args) for name in names)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
