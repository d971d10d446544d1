"""Work on many records spread over the machine's cores, results back in input order, memory bounded.

Normalizing a page (decoding, extraction, language) is pure and costs most of an import; the store writes
stay in the calling process. The first records are done in-process, so a small import starts no process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

from archive.processes import die_with

T = TypeVar("T")
R = TypeVar("R")

IN_PROCESS_FIRST = 64  # records done in-process before workers start: a small import starts none
CHUNK = 16  # records per task handed to a worker (one round trip each)
AHEAD = 4  # tasks in flight per worker: the workers never wait on the caller, nor run far ahead of it


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """fn(item) for each item, in order. With `workers` > 1 and more than IN_PROCESS_FIRST items, the rest
    run in that many worker processes, at most AHEAD tasks of CHUNK items each ahead of the caller.

    `fn` must be a module-level function; items and results must pickle. An exception fn raises in a worker
    is raised here, at its item. Leaving the iteration early stops the workers.
    """
    it = iter(items)
    first = list(islice(it, IN_PROCESS_FIRST))
    yield from map(fn, first)
    if workers < 2 or len(first) < IN_PROCESS_FIRST:
        yield from map(fn, it)
        return
    # forkserver: workers are forked from a clean process, not from this one with its open archive and the
    # progress bar's thread; it loads the normalizer once, so each worker starts warm.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([fn.__module__])
    # A worker's parent is the fork server: each watches this process and ends with it (a killed import
    # leaves no worker behind, blocked on its queue).
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=die_with, initargs=(os.getpid(),)
    ) as pool:
        pending: deque[Future[list[R]]] = deque()
        try:
            while True:
                while len(pending) < AHEAD * workers:
                    chunk = list(islice(it, CHUNK))
                    if not chunk:
                        break
                    pending.append(pool.submit(_run_chunk, fn, chunk))
                if not pending:
                    return
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def _run_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]
