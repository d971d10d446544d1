"""Running the command line in tests: in-process for speed, or as a real process for kills and tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from archive.cli import main

ROOT = Path(__file__).resolve().parents[1]


def cli(data: Path, *args: str) -> tuple[int, str, str]:
    """Run `parlarchive --data DATA ARGS` in-process; (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, ["--data", str(data), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def cli_json(data: Path, *args: str) -> object:
    code, out, err = cli(data, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def cli_process(data: Path, *args: str, **kw) -> subprocess.Popen:
    """Start `parlarchive` as a real process (for kill tests and tracebacks)."""
    env = {**os.environ, "PARLARCHIVE_DATA": str(data)}
    return subprocess.Popen(
        [sys.executable, "-m", "archive", *args],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kw,
    )
