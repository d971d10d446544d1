"""The benchmark run of issue 18 at one size, every phase in turn, and its table in bench/RESULTS.md.

    .venv/bin/python -m bench.run --records 20000                   # about an hour on 2 shared cores
    nohup .venv/bin/python -m bench.run --records 200000 > run.log 2>&1 &     # unattended, resumable
    … --import-engines ours-tantivy    # one import measured; the other engines index a copy of its archive

Phases: generate the archive (bench/corpus_gen.py), trafilatura alone on its pages, `parlarchive import`
end to end per engine of ours (a data folder each), index build and the query mix per engine (ours on
Whoosh, ours on tantivy, raw tantivy, raw Whoosh: bench/search_bench.py), the web under 20 clients per
engine of ours with one export alone (bench/web_load.py). Each phase prints a line when it starts and
ends and saves its figures (runs/{commit}/{phase}.json beside the archive) as it completes; a run
interrupted and started again at the same commit goes on from the first phase without figures
(`--fresh` measures everything again). The table replaces this size's section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import import_bench, search_bench, web_load
from bench.corpus_gen import Corpus, archive_dir, generate
from bench.procs import ROOT, load_average, machine

RESULTS = ROOT / "bench" / "RESULTS.md"
NAMES = {"ours-whoosh": "ours on Whoosh", "ours-tantivy": "ours on tantivy", "tantivy": "raw tantivy",
         "whoosh": "raw Whoosh"}  # fmt: skip


class Run:
    """The phases of one run: each measured once, its figures kept in a JSON file as it completes."""

    def __init__(self, records: int, seed: int, fresh: bool, commit: str | None = None):
        self.records, self.seed = records, seed
        self.folder = archive_dir(records, seed)
        commit = commit or subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                          capture_output=True, text=True).stdout.strip() or "unknown"  # fmt: skip
        self.dir = self.folder / "runs" / commit
        self.dir.mkdir(parents=True, exist_ok=True)
        if fresh:
            for old in self.dir.glob("*.json"):
                old.unlink()
        self.started = time.perf_counter()

    def phase(self, name: str, measure: Callable[[], dict], summary: Callable[[dict], str]) -> dict:
        """The figures of a phase: saved ones, else measured now (and saved)."""
        saved = self.dir / f"{name}.json"
        if saved.exists():
            figures = json.loads(saved.read_text())
            print(f"[{self.clock()}] {name}: measured before, kept ({summary(figures)})", flush=True)
            return figures
        print(f"[{self.clock()}] {name}: starting (load {load_average()})", flush=True)
        started = time.perf_counter()
        figures = {**measure(), "phase_seconds": round(time.perf_counter() - started, 1)}
        saved.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n")
        print(
            f"[{self.clock()}] {name}: done in {figures['phase_seconds']:.0f} s: {summary(figures)}",
            flush=True,
        )
        return figures

    def clock(self) -> str:
        return f"{time.strftime('%H:%M:%S')} +{(time.perf_counter() - self.started) / 60:.0f} min"

    def saved(self) -> dict[str, dict]:
        return {p.stem: json.loads(p.read_text()) for p in sorted(self.dir.glob("*.json"))}


def copy_archive(source: Path, data: Path) -> None:
    """A data folder holding a copy of another's archive and no index (its build phase makes one)."""
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    shutil.copy2(source / "archive.sqlite3", data / "archive.sqlite3")


def execute(args: argparse.Namespace) -> Run:
    run = Run(args.records, args.seed, args.fresh)
    run.phase("machine", machine, lambda f: f"{f['cpu']}, {f['cores']} cores, commit {f['commit']}")

    def made() -> dict:
        started = time.perf_counter()
        folder = generate(args.records, args.seed)
        return {
            **json.loads((folder / "corpus.json").read_text()),
            "wall_seconds": round(time.perf_counter() - started, 1),
        }

    run.phase(
        "generate",
        made,
        lambda f: f"{f['records']:,} records, {f['stories']:,} stories, {f['bytes'] / 1e6:.0f} MB of WARC",
    )
    warc = run.folder / "warc"
    run.phase("extract", lambda: import_bench.extract_alone(warc, args.extract_sample),
              lambda f: f"trafilatura alone {f['docs_per_s']} docs/s on {f['pages']:,} pages")  # fmt: skip
    engines = [e for e in args.engines if not search_bench.unavailable(e)]
    for engine in set(args.engines) - set(engines):
        print(f"[{run.clock()}] {engine}: skipped, {search_bench.unavailable(engine)}", flush=True)
    ours = [e for e in engines if e.startswith("ours-")]
    imported = [e for e in ours if args.import_engines is None or e in args.import_engines]
    for engine in imported:
        data = search_bench.ours_data(run.folder, engine)
        run.phase(f"import-{engine}", lambda data=data, e=engine: import_bench.import_end_to_end(warc, data, e.removeprefix("ours-")),
                  lambda f: f"{f['docs']:,} docs, {f['docs_per_s']} docs/s end to end, peak {f['peak_mb']} MB")  # fmt: skip
    for engine in (e for e in ours if e not in imported and imported):
        data = search_bench.ours_data(run.folder, engine)
        if not (
            data / "archive.sqlite3"
        ).exists():  # (a resumed run keeps the copy and the index built in it)
            copy_archive(search_bench.ours_data(run.folder, imported[0]), data)
        print(
            f"[{run.clock()}] import-{engine}: not run, the archive of import-{imported[0]} copied",
            flush=True,
        )
    queries_at = run.dir / "search"
    if not (queries_at / "queries.json").exists():
        search_bench.write_queries(Corpus(args.records, args.seed), queries_at)
    for engine in engines:
        for step in ("build", "query"):
            summary = (lambda f: f"{f['docs_per_s']} docs/s, peak {f['peak_mb']} MB") if step == "build" else \
                (lambda f: f"p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms over {f['queries']} queries")  # fmt: skip
            run.phase(
                f"{step}-{engine}",
                lambda e=engine, s=step: search_bench.run_phase(e, s, run.folder, queries_at),
                summary,
            )
    web_queries = (
        search_bench.make_queries(Corpus(args.records, args.seed), web_load.PER_KIND, web_load.SEED)
        if ours
        else []
    )
    for engine in ours:
        data = search_bench.ours_data(run.folder, engine)

        def load(data: Path = data, engine: str = engine) -> dict:
            plan = run.dir / f"plan-{engine}.json"
            web_load.make_plan(data, web_queries, plan)
            return web_load.bench(data, plan, run.dir / "web", engine.removeprefix("ours-"), args.users,
                                  args.seconds, args.think, args.workers)  # fmt: skip

        run.phase(f"web-{engine}", load, lambda f: (f"search p95 {f['kinds'].get('search', {}).get('p95_ms')} ms, "
                  f"total p95 {f['kinds']['total']['p95_ms']} ms, {f['kinds']['total']['failures']} failures, "
                  f"server peak {f['server_peak_mb']} MB"))  # fmt: skip
    return run


# ---- the table -------------------------------------------------------------------------------------


def _n(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _load(figures: dict | None) -> str:
    return figures["load"].split()[0] if figures and "load" in figures else "—"


def table(records: int, saved: dict[str, dict], engines: list[str]) -> str:
    """This size's section of RESULTS.md from the figures of its phases."""
    m, g, x = saved["machine"], saved.get("generate", {}), saved.get("extract")
    out = [f"## {records:,} records", "",
           f"Run of {m['date']} on {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}; "
           f"commit {m['commit']}; load average {m['load']} at the start (the machine is shared: each figure "
           "carries the 1-minute load average at its end)."]  # fmt: skip
    if g:
        by_lang = ", ".join(f"{k} {v:,}" for k, v in g["records_by_lang"].items())
        by_source = ", ".join(f"{k} {v:,}" for k, v in g["records_by_source"].items())
        out.append(f"Archive: {g['records']:,} records of {g['stories']:,} stories ({g['reposts']:,} reposts), "
                   f"{by_lang}; {by_source}; {g['files']} WARC files, {g['bytes'] / 1e6:,.0f} MB.")  # fmt: skip
    if x:
        out.append(f"trafilatura alone (extraction only, 1 page in {x['of_pages'] // x['pages']}: {x['pages']:,} "
                   f"pages): **{_n(x['docs_per_s'])} docs/s**, {x.get('cpu_ms_per_doc', '—')} CPU ms/doc, "
                   f"peak {x['peak_mb']} MB (load {_load(x)}).")  # fmt: skip
    out += ["", "CPU ms are CPU time per document or query (the process and its children): the figure the "
            "machine's other load changes least. Peak MB is the process tree's memory at its highest, sampled "
            "every second: the sum of the processes' proportional set sizes (a page shared by forked workers "
            "counts once).", "",
            "| engine | import docs/s end to end | import CPU ms/doc | import peak MB | build docs/s | build CPU ms/doc "
            "| build peak MB | query p50 ms | query p95 ms | query CPU ms | query peak MB | load (import, build, query) |",
            "|---|" + "--:|" * 11]  # fmt: skip
    for engine in engines:
        i, b, q = (saved.get(f"{p}-{engine}") for p in ("import", "build", "query"))
        if not (i or b or q):
            out.append(
                f"| {NAMES[engine]} | not measured: {search_bench.unavailable(engine) or 'not run'} |||||||||||"
            )
            continue
        ratio = f" ({i['docs_per_s'] / x['docs_per_s']:.2f}× trafilatura)" if i and x else ""
        cells = [f"{_n(i and i['docs_per_s'])}{ratio}", _n(i and i.get("cpu_ms_per_doc"), 1), _n(i and i["peak_mb"]),
                 _n(b and b["docs_per_s"]), _n(b and b.get("cpu_ms_per_doc"), 2), _n(b and b["peak_mb"]),
                 _n(q and q["p50_ms"], 1), _n(q and q["p95_ms"], 1), _n(q and q.get("cpu_ms_per_query"), 1),
                 _n(q and q["peak_mb"]), f"{_load(i)}, {_load(b)}, {_load(q)}"]  # fmt: skip
        out.append(f"| {NAMES[engine]} | " + " | ".join(cells) + " |")
    queried = [e for e in engines if f"query-{e}" in saved]
    if queried:
        out += ["", f"Query p50 / p95 ms per kind ({search_bench.PER_KIND} queries each; top {search_bench.LIMIT} "
                "with facets and highlighted snippets, ours also collapsing near-duplicates; median hits in brackets):",
                "", "| kind | " + " | ".join(NAMES[e] for e in queried) + " |", "|---|" + "--:|" * len(queried)]  # fmt: skip
        for kind in search_bench.KINDS:
            cells = [saved[f"query-{e}"]["kinds"][kind] for e in queried]
            out.append(
                f"| {kind} | "
                + " | ".join(f"{c['p50_ms']} / {c['p95_ms']} ({_n(c['median_hits'])})" for c in cells)
                + " |"
            )
    webbed = [e for e in engines if f"web-{e}" in saved]
    if webbed:
        w0 = saved[f"web-{webbed[0]}"]
        kinds = [k for k in web_load.KINDS if any(k in saved[f"web-{e}"]["kinds"] for e in webbed)]
        out += ["", f"Web, `parlarchive serve` (its default workers) under {w0['users']} clients × {w0['seconds']} s, "
                f"think time {w0['think']} s: p50 / p95 ms (requests):", "",
                "| page kind | " + " | ".join(NAMES[e] for e in webbed) + " |", "|---|" + "--:|" * len(webbed)]  # fmt: skip
        for kind in [*kinds, "total"]:
            cells = [saved[f"web-{e}"]["kinds"].get(kind) for e in webbed]
            out.append(f"| {kind} | " + " | ".join(f"{c['p50_ms']:.0f} / {c['p95_ms']:.0f} ({c['requests']})" if c else "—"
                                                  for c in cells) + " |")  # fmt: skip
        rows = {
            "errors": lambda w: str(w["kinds"]["total"]["failures"]),
            "server peak RSS MB": lambda w: str(w["server_peak_mb"]),
            "server CPU ms a request": lambda w: str(w["cpu_ms_per_request"]),
            "translation memory built (s, before the run)": lambda w: str(w.get("memory_build_seconds", "—")),
            "export alone: records, s, server peak MB": lambda w: f"{w['export']['records']:,}, {w['export']['seconds']}, "
            f"{w['export']['server_peak_mb']} (q={w['export']['query']})",
            "load before → after": lambda w: f"{w['load_before'].split()[0]} → {w['load'].split()[0]}",
        }  # fmt: skip
        out += [
            f"| {name} | " + " | ".join(cell(saved[f"web-{e}"]) for e in webbed) + " |"
            for name, cell in rows.items()
        ]
    times = {name: f"{f['phase_seconds']:,.0f}" for name, f in saved.items() if "phase_seconds" in f}
    if g and g["phase_seconds"] < g["seconds"]:  # the archive was written by an earlier run
        times["generate"] = f"{g['seconds']:,.0f} (when it was written)"
    times.pop("machine", None)
    out += ["", "Phase times (s): " + ", ".join(f"{name} {t}" for name, t in times.items())]
    return "\n".join(out) + "\n"


def write_results(records: int, section: str) -> None:
    """Replace this size's section of RESULTS.md (sections in ascending size), keeping the others."""
    head = ("# Benchmark runs\n\nThe run table of issue 18, written by `python -m bench.run --records N` "
            "(bench/run.py): one section per size, replaced by the next run of that size.\n")  # fmt: skip
    sections: dict[int, str] = {}
    if RESULTS.exists():
        for part in RESULTS.read_text().split("\n## ")[1:]:
            size = int(part.split(" ", 1)[0].replace(",", ""))
            sections[size] = "## " + part.rstrip("\n") + "\n"
    sections[records] = section
    RESULTS.write_text(head + "".join(f"\n{sections[size]}" for size in sorted(sections)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--engines", nargs="+", default=list(search_bench.ENGINES), choices=search_bench.ENGINES
    )
    parser.add_argument("--extract-sample", type=int, default=import_bench.EXTRACT_SAMPLE,
                        help="pages trafilatura extracts alone (0: every page)")  # fmt: skip
    parser.add_argument(
        "--import-engines",
        nargs="+",
        choices=[e for e in search_bench.ENGINES if e.startswith("ours-")],
        help="our engines whose import is measured (default: each); the others get a copy of the first's archive",
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--think", default="1,3", help='"min,max" seconds between a user\'s pages')
    parser.add_argument("--workers", type=int, help="server processes (default: serve's)")
    parser.add_argument("--fresh", action="store_true", help="measure every phase again")
    parser.add_argument("--table-only", action="store_true", help="write the table from the saved figures")
    parser.add_argument(
        "--commit", help="with --table-only: the figures of a run at this commit (short hash)"
    )
    args = parser.parse_args()
    run = Run(args.records, args.seed, False, args.commit) if args.table_only else execute(args)
    if "machine" not in run.saved():
        sys.exit(f"error: no figures saved in {run.dir}: run without --table-only first")
    section = table(args.records, run.saved(), list(args.engines))
    write_results(args.records, section)
    print(f"\n{section}\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
