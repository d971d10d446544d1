"""What the benchmarks measure about processes and the machine: the resident memory of a process tree (sampled
while it runs, from /proc), CPU seconds, a command run and measured (in the environment that picks its
search engine), and the machine a figure came from."""

from __future__ import annotations

import os
import platform
import re
import resource
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE_SETTING = "search_engine"  # the setting (archive/config.py) that picks our search engine


def engine_env(engine: str | None) -> dict[str, str]:
    """This process's environment, with our search engine set when one is named."""
    from archive.config import ENV_PREFIX

    return {**os.environ, **({ENV_PREFIX + ENGINE_SETTING.upper(): engine} if engine else {})}


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its waited-for children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


_RSS = re.compile(r"VmRSS:\s+(\d+) kB")
_PSS = re.compile(r"^Pss:\s+(\d+) kB", re.M)


def descendants(pid: int) -> list[int]:
    """The process's children, theirs, and so on (a server's workers, a writer's pool)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def tree_rss_mb(pid: int) -> float:
    """Memory now of the process and all its descendants, MiB: the sum of their proportional set sizes (a page
    that n processes share counts 1/n in each: forked workers share their parent's pages, and a sum of their
    VmRSS would count those pages once per worker), VmRSS where the kernel gives no PSS."""
    total = 0
    for one in [pid, *descendants(pid)]:
        try:
            found = _PSS.search(Path(f"/proc/{one}/smaps_rollup").read_text())
        except OSError:
            found = None
        if found is None:
            try:
                found = _RSS.search(Path(f"/proc/{one}/status").read_text())
            except OSError:
                continue
        total += int(found.group(1)) if found else 0
    return total / 1024


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) the process and its descendants have used so far: the live ones' own, and
    those that ended, through the time their parents were given when they waited for them (a translation
    memory's build process ends during a run: without it the tree's CPU went down, by 235 s)."""
    total = 0
    for one in [pid, *descendants(pid)]:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


class PeakRss:
    """Samples a process tree's memory every `interval` seconds in a thread (once a second by default: each
    sample walks /proc and reads every process's smaps_rollup, which at 0.2 s took 40 % of a core from what
    it measured); `peak` in MiB. With a `label`, a progress line every `every` seconds says the tree still
    runs (a long unattended phase)."""

    def __init__(self, pid: int, interval: float = 1.0, label: str | None = None, every: float = 300):
        self.pid, self.interval, self.peak = pid, interval, 0.0
        self.label, self.every = label, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        started = last = time.monotonic()
        while not self._stop.is_set():
            now_mb = tree_rss_mb(self.pid)
            self.peak = max(self.peak, now_mb)
            if self.label and time.monotonic() - last >= self.every:
                last = time.monotonic()
                print(f"  … {self.label}: running for {(last - started) / 60:.0f} min, {now_mb:.0f} MB now, "
                      f"peak {self.peak:.0f} MB, load {load_average()}", flush=True)  # fmt: skip
            self._stop.wait(self.interval)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_measured(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> dict:
    """Run a command (its output into `log`; a progress line every 5 minutes): wall seconds, peak RSS of
    its process tree, CPU seconds, the exit status and the last line it printed."""
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        sampler = PeakRss(proc.pid, label=log.stem)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return {"seconds": round(seconds, 1), "peak_mb": round(max(sampler.stop(), usage.ru_maxrss / 1024)),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1), "returncode": proc.returncode,
            "last_line": lines[-1] if lines else ""}  # fmt: skip


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> dict:
    """The machine, the commit and the time a run is made on."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 1048576
    commit = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %cs %s"], capture_output=True,
                            text=True).stdout.strip()  # fmt: skip
    commit = commit if len(commit) <= 90 else commit[:89] + "…"
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    return {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "cpu": cpu, "cores": os.cpu_count(),
            "memory_gib": round(memory, 1), "python": platform.python_version(),
            "commit": commit + (" (with uncommitted changes)" if dirty else ""), "load": load_average()}  # fmt: skip


def stop(proc: subprocess.Popen, wait: float = 30.0) -> None:
    """Stop a process started for a benchmark: terminated, killed if it has not ended within `wait` s."""
    proc.terminate()
    try:
        proc.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
