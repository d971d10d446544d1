"""The archive's translation memory kept ready in one process: built in the background, rebuilt once stale.

A build reads and aligns the newest stories up to MAX_UNITS units (294-305 s on 2 cores at 20,000
records and 303 s at 200,000: both reach the cap), in a process of its own above APART_RECORDS records,
so a web request never waits for more than a moment: until the first build ends the memory is "pending"
(None). After the archive changes, the memory built before keeps answering for up to `max_age` seconds
(a crawl changes the archive every second), then a new one is built in the background while the old one
still answers. The command line's `tm lookup` and the web's compare page share this one lifecycle,
through the application object.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager

from archive.processes import die_with_parent
from archive.store import Store, open_for_reading
from translation.memory import TranslationMemory

MAX_AGE = 600  # seconds a memory serves an archive that has changed since (a build takes ~5 min at 20k)
WAIT_RECORDS = 5000  # above this many records a build takes longer than a request may wait: none waits
# Above this many records a memory is built in a process of its own (~1 s to start one): the requests of
# this one keep Python's lock (a build holds it for minutes at 200,000 records), and the build's passing
# objects (2 GB there) go with its process; only the memory comes back.
APART_RECORDS = 5000
BUILD_NICENESS = 10  # that process's priority below this one's (nice(1))


class MemoryCache:
    """One translation memory over an archive, opened read-only by `open_store` for each look at it."""

    def __init__(
        self,
        open_store: Callable[[], AbstractContextManager[Store]],
        *,
        max_age: float = MAX_AGE,
        apart_records: int = APART_RECORDS,
    ) -> None:
        self._open_store = open_store
        self.max_age = max_age
        self.apart_records = apart_records
        self._lock = threading.Lock()
        self._built: TranslationMemory | None = None
        self._rev = -1  # the archive's rev the memory was built at
        self._at = 0.0  # when it was built (time.monotonic)
        self._building: threading.Thread | None = None
        self._failure: Exception | None = None  # why the last build failed (an archive error): said once

    def get(self, wait: float | None = None) -> TranslationMemory | None:
        """The memory; a build starts when there is none or it is stale. `wait`: seconds to wait for the
        first build, on an archive small enough to be built in that time (WAIT_RECORDS records), else None
        while it runs; `wait=None` waits until it is built (the command line). A build that failed raises
        its error here, to the first caller after it, while no memory was ever built."""
        with self._open_store() as store:
            rev = store.current_rev()
            if wait is not None and store.count() > WAIT_RECORDS:
                wait = 0
        with self._lock:
            stale = self._built is None or (self._rev != rev and time.monotonic() - self._at > self.max_age)
            if stale and self._building is None:
                self._building = threading.Thread(target=self._build, name="translation-memory", daemon=True)
                self._building.start()
            building = self._building
        if self._built is None and building is not None:
            building.join(wait)
        with self._lock:
            failure, self._failure = self._failure, None
        if failure is not None and self._built is None:
            raise failure
        return self._built

    def _build(self) -> None:
        try:
            with self._open_store() as store:
                rev, location = store.current_rev(), store.location
                apart = store.count() > self.apart_records
                built = None if apart else TranslationMemory.from_store(store)
            if apart:
                built = build_apart(location)
            with self._lock:
                self._built, self._rev, self._at = built, rev, time.monotonic()
            # A memory is millions of objects that live until the next build: out of the collector's full
            # passes, which would otherwise walk them all (a second at 200,000 records, every request of
            # the process stopped meanwhile). Its successor frees it by reference counts (it holds no cycle).
            gc.freeze()
        except Exception as exc:  # raised again in get(); a thread's own report would be a traceback
            self._failure = exc
        finally:
            with self._lock:
                self._building = None


def build_apart(location: str) -> TranslationMemory:
    """The memory of the archive at `location` (a path or a PostgreSQL URL), built in a new process."""
    context = multiprocessing.get_context("spawn")  # not forked: this process runs threads
    with context.Pool(1, initializer=_start, initargs=(os.getpid(),)) as pool:
        return pool.apply(_build_at, (location,))


def _start(parent: int) -> None:
    """The build's process dies with its parent, and yields the cores to it: a crawled archive's memory is
    rebuilt every MAX_AGE seconds, and the requests of the server come first."""
    die_with_parent(parent)
    os.nice(BUILD_NICENESS)


def _build_at(location: str) -> TranslationMemory:
    with open_for_reading(location) as store:
        return TranslationMemory.from_store(store)
