"""The other commands at the archive's size: `check`, `dupes`, `export`, `tm export`, `translate` and
`reextract` run end to end on a data folder (a bench run's import, say), each measured: wall seconds, CPU seconds, the peak memory of
its process tree (PSS) and the line it ended with.

    .venv/bin/python -m bench.commands_bench --data ../benchdata/r200000-s7-v1/data-tantivy

`translate` writes (a status per record where no model is installed) and `reextract` rewrites what changed
(run them on a copy); the others only read. The outputs go to
a temporary folder, removed after.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.procs import load_average, run_measured

BIN = Path(sys.executable).parent


def commands(out: Path) -> dict[str, list[str]]:
    return {
        "check": ["check"],
        "dupes --json": ["dupes", "--json"],
        "export jsonl (stories)": ["export", "--format", "jsonl", "-o", str(out / "stories.jsonl")],
        "export csv --versions": ["export", "--format", "csv", "--versions", "-o", str(out / "versions.csv")],
        "tm export tmx": ["tm", "export", "--format", "tmx", "-o", str(out / "memory.tmx")],
        "translate": ["translate"],
        "reextract": ["reextract"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--skip", nargs="*", default=[], help="commands to leave out, by their name in the table")
    args = ap.parse_args()
    print(f"{'command':<24} {'s':>7} {'CPU s':>7} {'peak MB':>8} {'exit':>4}  load after  last line")
    with tempfile.TemporaryDirectory() as tmp:
        for name, cmd in commands(Path(tmp)).items():
            if name in args.skip:
                continue
            f = run_measured(
                [str(BIN / "parlarchive"), "--data", str(args.data), *cmd], Path(tmp) / "log.txt"
            )
            print(f"{name:<24} {f['seconds']:>7} {f['cpu_seconds']:>7} {f['peak_mb']:>8} {f['returncode']:>4}  "
                  f"{load_average().split()[0]:>10}  {f['last_line'][:90]}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
