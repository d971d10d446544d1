"""The index writer lock and the writer's children: one writer at a time, its owner recorded so that a dead
owner's lock is taken over at once, and child processes that die with the process that started them."""

from __future__ import annotations

import ctypes
import fcntl
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from search.backend import IndexBusy, IndexWriteFailed, one_line

OWNER_FILE = "PARLARCHIVE_WRITER.owner"  # "pid start-time" of the writer holding the lock
_GUARD_FILE = "PARLARCHIVE_WRITER.guard"  # flocked for the few microseconds of a read-and-claim of the owner
_POLL = 0.05  # s between two looks at a busy lock
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), None when it is gone
    or a zombie; "" where /proc is not there. With the pid it names one process: pids are reused."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None if Path("/proc/self").exists() else ""
    except OSError:
        return ""
    fields = stat[stat.rindex(")") + 2 :].split()  # the command name in (…) may hold spaces
    return None if fields[0] in ("Z", "X") else fields[19]


def _me() -> str:
    return f"{os.getpid()} {_start_time(os.getpid()) or ''}".strip()


def _alive(owner: str) -> bool:
    """Whether the process an owner line names still runs."""
    pid_text, _, started = owner.partition(" ")
    try:
        pid = int(pid_text)
    except ValueError:
        return False  # an empty or torn owner file: nobody
    now = _start_time(pid)
    if now == "":  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return now is not None and (not started or now == started)


@contextmanager
def _guard(folder: Path) -> Iterator[None]:
    fd = os.open(folder / _GUARD_FILE, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # held by nobody for longer than a file read and write
        yield
    finally:
        os.close(fd)  # closing releases it


def _claim(folder: Path) -> str | None:
    """Take the lock when it is free or its owner is dead (None); else the live owner's line."""
    path = folder / OWNER_FILE
    with _guard(folder):
        try:
            owner = path.read_text().strip()
        except FileNotFoundError:
            owner = ""
        if owner and _alive(owner):
            return owner
        tmp = folder / f".{OWNER_FILE}.{os.getpid()}"
        tmp.write_text(_me() + "\n")
        os.replace(tmp, path)
        return None


@contextmanager
def writer_lock(folder: Path, timeout: float) -> Iterator[None]:
    """Hold the index's writer lock for the block. A lock whose owner process is gone (killed, its orphans
    perhaps still running) is taken over at once; a live owner is waited for up to `timeout` s (0: one try),
    then IndexBusy. Threads of one process wait for each other too: the owner is the process."""
    folder = Path(folder)
    deadline = time.monotonic() + timeout
    try:
        folder.mkdir(parents=True, exist_ok=True)
        while (owner := _claim(folder)) is not None:
            if time.monotonic() >= deadline:
                raise IndexBusy(
                    f"another process is writing the search index in {folder} (pid {owner.split()[0]});"
                    f" gave up after {timeout:g} s"
                )
            time.sleep(_POLL)
    except OSError as exc:  # a read-only data folder, a full disk
        raise IndexWriteFailed(f"cannot write the search index in {folder}: {one_line(exc)}") from exc
    try:
        yield
    finally:
        _release(folder)


def _release(folder: Path) -> None:
    """Remove our owner record (not another's: a writer that took over after we were thought dead)."""
    try:
        with _guard(folder):
            path = folder / OWNER_FILE
            if path.read_text().strip() == _me():
                path.unlink()
    except OSError:
        pass  # the folder or the record is gone: nothing left to release


def die_with_parent(parent: int) -> None:
    """Called first in a writer child: the kernel kills it when its parent dies (Linux PR_SET_PDEATHSIG);
    a parent already gone before that call makes it exit now. Elsewhere the lock takeover covers orphans."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
