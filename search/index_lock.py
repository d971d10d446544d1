"""The index writer lock and the writer's children: one writer at a time, its owner recorded so that a dead
owner's lock is taken over at once, and child processes that die with the process that started them."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archive.processes import alive, identity
from search.backend import IndexBusy, IndexWriteFailed, one_line

OWNER_FILE = "PARLARCHIVE_WRITER.owner"  # "pid start-time" of the writer holding the lock
_GUARD_FILE = "PARLARCHIVE_WRITER.guard"  # flocked for the few microseconds of a read-and-claim of the owner
_POLL = 0.05  # s between two looks at a busy lock


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
        if owner and alive(owner):
            return owner
        tmp = folder / f".{OWNER_FILE}.{os.getpid()}"
        tmp.write_text(identity() + "\n")
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
            if path.read_text().strip() == identity():
                path.unlink()
    except OSError:
        pass  # the folder or the record is gone: nothing left to release
