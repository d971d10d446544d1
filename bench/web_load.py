"""Web load benchmark: locust, headless, against a real `parlarchive serve` (started here on 127.0.0.1) on
an imported archive: requests, failures, p50 and p95 per page kind, the server's peak RSS (all its
processes, sampled) and CPU; then one export alone (not under the clients): its time, size and the
server's peak RSS while it streams.

    .venv/bin/python bench/web_load.py --records 20000 --engine whoosh     # the generated archive's import
    .venv/bin/python bench/web_load.py --data data --think 0,0               # any data folder, no think time

The user mix is in bench/web_locustfile.py. It draws from a plan file: the search benchmark's query mix
(common domain words, rare words, names, phrases, filters, date sort) and record ids of the archive under
test (all, with language versions, with a WARC capture).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
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

from bench.procs import PeakRss, engine_env, load_average, stop, tree_cpu_seconds

BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).with_name("web_locustfile.py")
SERVING = re.compile(r"serving .* on (http://127\.0\.0\.1:\d+/)")
FRAME = re.compile(r"^(.*) \((.*?):\d+\)$")  # py-spy's "function (file:line)": lines merged
OURS = ("archive/", "search/", "web/", "parlarchive/")
WAITING = ("Condition.wait ", "Condition._acquire_restore ", "select ", "poll ")  # idle thread stacks' leaves
KINDS = ("search", "search+filter", "facet", "page", "document", "compare", "capture", "feed", "api-search",
         "api-document")  # fmt: skip
# The searches users draw from: the search benchmark's mix, PER_KIND of each kind, none repeating another's
# words and filters (so that a repeat, which a result cache answers, is as rare as a popular query's).
PER_KIND, SEED = 100, 12


# ---- the plan the users draw from -------------------------------------------------------------------


def make_plan(data: Path, queries: list, path: Path, seed: int = 9) -> dict:
    """The query mix (as URL parameters) and record ids of the archive under test, into `path`."""
    from archive.store import open_for_reading

    rng = random.Random(seed)
    ids, compare = [], []
    with open_for_reading(data / "archive.sqlite3") as store:
        for rec in store.documents():
            ids.append(rec["id"])
            if len(rec["versions"]) > 1:
                compare.append(rec["id"])
        sample = rng.sample(ids, min(len(ids), 400))
        captures = [rid for rid in sample if (c := store.latest_capture(rid)) and c.warc_path]
    searches = []
    for q in queries:
        params = {"q": q.text, "lang": q.lang, "source": q.source, "from": q.date_from, "to": q.date_to}
        params["sort"] = "date" if q.sort == "date" else None
        searches.append({k: v for k, v in params.items() if v})
    plan = {
        "searches": [p for p in searches if len(p) == 1],
        "filtered": [p for p in searches if len(p) > 1],
        "documents": rng.sample(ids, min(len(ids), 2000)),
        "compare": rng.sample(compare, min(len(compare), 2000)),
        "captures": captures,
        "export": next(p for p in searches if len(p) == 1),
    }
    path.write_text(json.dumps(plan, ensure_ascii=False))
    return plan


# ---- the requests ----------------------------------------------------------------------------------


def request_for(kind: str, plan: dict, rng: random.Random) -> tuple[str, dict[str, str] | None]:
    """(path, query parameters) of one request of a page kind ("facet" and "page" follow a search page's
    links instead)."""
    if kind == "search":
        return "/", rng.choice(plan["searches"])
    if kind == "search+filter":
        return "/", rng.choice(plan["filtered"])
    if kind == "feed":
        return "/feed.atom", rng.choice(plan["searches"])
    if kind == "api-search":
        return "/api/search", rng.choice(plan["searches" if rng.random() < 0.5 else "filtered"])
    pool, path = {
        "document": ("documents", "/documents/{}"),
        "compare": ("compare", "/documents/{}/compare"),
        "capture": ("captures", "/documents/{}/capture"),
        "api-document": ("documents", "/api/documents/{}"),
    }[kind]
    return path.format(rng.choice(plan[pool])), None


# ---- the server and the load ------------------------------------------------------------------------


def start_server(data: Path, log: Path, env: dict, workers: int | None) -> tuple[subprocess.Popen, str]:
    """`parlarchive serve --port 0` on the archive (its stderr into `log`), and the URL it printed."""
    cmd = [str(BIN / "parlarchive"), "--data", str(data), "serve", "--port", "0"]
    cmd += ["--workers", str(workers)] if workers else []
    with log.open("w") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
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
    # locust exits 1 when a request failed: the failures are read from its CSV and reported, not raised
    with Path(f"{prefix}-locust.log").open("w") as log:
        subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    if not Path(f"{prefix}_stats.csv").exists():
        sys.exit(
            f"error: locust wrote no statistics; its output:\n{Path(f'{prefix}-locust.log').read_text()}"
        )


def fetch(url: str, path: str, params: dict | None) -> tuple[int, int]:
    """GET one page: (bytes, lines) of its body; an HTTP error is printed (the load run counts its own)."""
    full = url.rstrip("/") + path + (f"?{urlencode(params)}" if params else "")
    size = lines = 0
    try:
        with urlopen(full, timeout=600) as resp:
            while chunk := resp.read(1 << 16):
                size, lines = size + len(chunk), lines + chunk.count(b"\n")
    except HTTPError as exc:
        print(f"FAILED HTTP {exc.code} {full}: {exc.read()[:300]!r}")
    return size, lines


TM_BUILD_WAIT = 900  # seconds the warm-up waits for the server's translation memory


def warm_up(url: str, plan: dict) -> float | None:
    """Searches 8 at a time, twice: each server thread opens its own searcher on its first search, which
    the figures after this leave out. Then the translation memory that the compare page and the concordance
    use is built (in the server's background, once per start): the seconds that took, measured here, and
    left out of the figures of a server that runs for days (None: not built within TM_BUILD_WAIT)."""
    rng = random.Random(3)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: fetch(url, *request_for("search", plan, rng)), range(16)))
    started = time.perf_counter()
    while time.perf_counter() - started < TM_BUILD_WAIT:
        with urlopen(f"{url}api/memory?{urlencode({'q': 'депутат'})}", timeout=600) as resp:
            if not json.loads(resp.read())["pending"]:
                return round(time.perf_counter() - started, 1)
        time.sleep(1)
    return None


def solo(url: str, plan: dict, pid: int, count: int) -> dict:
    """One client, one request at a time, `count` of each kind: the latency with no queueing and the
    server's CPU per request, figures that the machine's other load changes least."""
    rng = random.Random(5)
    out = {}
    for kind in KINDS:
        if kind in ("facet", "page") or (kind == "capture" and not plan["captures"]):
            continue
        times = []
        cpu = tree_cpu_seconds(pid)
        for _ in range(count):
            path, params = request_for(kind, plan, rng)
            start = time.perf_counter()
            fetch(url, path, params)
            times.append(1000 * (time.perf_counter() - start))
        times.sort()
        out[kind] = {"p50_ms": round(times[len(times) // 2]), "p95_ms": round(times[int(0.95 * (count - 1))]),
                     "cpu_ms": round((tree_cpu_seconds(pid) - cpu) * 1000 / count)}  # fmt: skip
    return out


def export_alone(url: str, plan: dict, pid: int) -> dict:
    """One JSONL export of a common word's hits with no other client: seconds, records, MB, and the
    server's peak RSS while it streamed."""
    sampler = PeakRss(pid, interval=0.1)
    started = time.perf_counter()
    size, lines = fetch(url, "/export.jsonl", plan["export"])
    seconds = time.perf_counter() - started
    return {"query": plan["export"]["q"], "seconds": round(seconds, 1), "records": lines,
            "mb": round(size / 1048576, 1), "server_peak_mb": round(sampler.stop())}  # fmt: skip


def read_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_figures(prefix: Path) -> dict:
    """Per page kind and in all: requests, failures, requests/s, p50 and p95 ms (locust's CSV)."""
    stats = {row["Name"]: row for row in read_rows(Path(f"{prefix}_stats.csv"))}
    figures = {}
    for kind in [*(k for k in KINDS if k in stats), "Aggregated"]:
        row = stats[kind]
        figures["total" if kind == "Aggregated" else kind] = {
            "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1), "p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]),
        }  # fmt: skip
    return figures


def problems(prefix: Path, log: Path) -> list[str]:
    """Failed requests and exceptions locust saw; tracebacks the server wrote; waitress's queue warnings."""
    out = [f"FAILED {r['Occurrences']}x {r['Method']} {r['Name']}: {r['Error']}"
           for r in read_rows(Path(f"{prefix}_failures.csv"))]  # fmt: skip
    out += [f"EXCEPTION {r['Count']}x {r['Message']}" for r in read_rows(Path(f"{prefix}_exceptions.csv"))]
    text = log.read_text(errors="replace")
    depths = [int(d) for d in re.findall(r"Task queue depth is (\d+)", text)]
    if depths:
        out.append(f"waitress: all threads busy {len(depths)} times, queue up to {max(depths)} requests")
    out += [f"SERVER ERROR: {block}" for block in re.split(r"\n(?=\S)", text) if "Traceback" in block]
    return out


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


def bench(
    data: Path,
    plan_path: Path,
    out: Path,
    engine: str | None = None,
    users: int = 20,
    seconds: int = 30,
    think: str = "1,3",
    workers: int | None = None,
    solo_count: int = 0,
    profile: bool = False,
) -> dict:
    """Serve `data` (with the engine set, if given), warm it, run the clients, then one export alone."""
    out.mkdir(parents=True, exist_ok=True)
    env = engine_env(engine)
    tag = f"web-{engine or 'default'}"
    log, prefix = out / f"{tag}-server.log", out / tag
    plan = json.loads(plan_path.read_text())
    started = time.perf_counter()
    proc, url = start_server(data, log, env, workers)
    try:
        startup = time.perf_counter() - started
        memory_seconds = warm_up(url, plan)
        alone = solo(url, plan, proc.pid, solo_count) if solo_count else {}
        spy = start_profile(proc.pid, out / f"{tag}-pyspy.txt", seconds) if profile else None
        before, cpu_before, rss = load_average(), tree_cpu_seconds(proc.pid), PeakRss(proc.pid)
        run_locust(url, plan_path, prefix, users, seconds, think)
        after, peak, cpu = load_average(), rss.stop(), tree_cpu_seconds(proc.pid) - cpu_before
        export = export_alone(url, plan, proc.pid)
    finally:
        stop(proc)
    figures = load_figures(prefix)
    if spy:
        spy.wait()
        print_profile(out / f"{tag}-pyspy.txt")
    return {"engine": engine, "users": users, "seconds": seconds, "think": think, "workers": workers,
            "startup_seconds": round(startup, 1), "memory_build_seconds": memory_seconds, "kinds": figures, "server_peak_mb": round(peak),
            "server_cpu_s": round(cpu, 1), "cpu_ms_per_request": round(1000 * cpu / max(1, figures["total"]["requests"]), 1),
            "solo": alone, "export": export, "problems": problems(prefix, log), "load_before": before,
            "load": after}  # fmt: skip


def report(r: dict) -> str:
    """The figures of one run as lines of text."""
    lines = [f"{r['users']} clients x {r['seconds']} s (think {r['think']} s), engine {r['engine'] or 'default'}; "
             f"load {r['load_before']} before, {r['load']} after",
             f"{'page kind':<14} {'requests':>8} {'failures':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}"]  # fmt: skip
    for kind, f in r["kinds"].items():
        lines.append(
            f"{kind:<14} {f['requests']:>8} {f['failures']:>8} {f['rps']:>7} {f['p50_ms']:>7.0f} {f['p95_ms']:>7.0f}"
        )
    lines.append(
        f"server: peak RSS {r['server_peak_mb']} MiB, CPU {r['server_cpu_s']} s ({r['cpu_ms_per_request']} ms a request)"
        f"; translation memory built in {r.get('memory_build_seconds')} s before the run"
    )
    e = r["export"]
    lines.append(
        f"export alone (q={e['query']}): {e['records']} records, {e['mb']} MB in {e['seconds']} s; server peak RSS {e['server_peak_mb']} MiB"
    )
    for kind, f in r["solo"].items():
        lines.append(
            f"  one client, {kind}: p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, server CPU {f['cpu_ms']} ms a request"
        )
    return "\n".join([*lines, *r["problems"]])


def main() -> None:
    from bench.corpus_gen import Corpus, archive_dir
    from bench.search_bench import make_queries

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--records", type=int, default=20000, help="the generated archive (its import for --engine)"
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--engine", help="search engine (whoosh, tantivy): the data folder its import made")
    ap.add_argument("--data", type=Path, help="serve this data folder instead")
    ap.add_argument("--users", type=int, default=20, help="concurrent clients")
    ap.add_argument("--seconds", type=int, default=30, help="length of the run")
    ap.add_argument("--think", default="1,3", help='"min,max" seconds a user waits between pages; "0,0" none')
    ap.add_argument(
        "--solo", type=int, default=0, metavar="N", help="first N requests of each kind, one at a time"
    )
    ap.add_argument("--profile", action="store_true", help="sample the server with py-spy during the run")
    ap.add_argument("--workers", type=int, help="server processes (default: serve's)")
    args = ap.parse_args()
    folder = archive_dir(args.records, args.seed)
    data = args.data or folder / f"data-{args.engine or 'default'}"
    out = folder / "web-load"
    out.mkdir(parents=True, exist_ok=True)
    plan = out / f"plan-{data.name}.json"
    make_plan(data, make_queries(Corpus(args.records, args.seed), PER_KIND, SEED), plan)
    r = bench(
        data,
        plan,
        out,
        args.engine,
        args.users,
        args.seconds,
        args.think,
        args.workers,
        args.solo,
        args.profile,
    )
    print(report(r))
    sys.exit(1 if r["kinds"]["total"]["failures"] else 0)


if __name__ == "__main__":
    main()
