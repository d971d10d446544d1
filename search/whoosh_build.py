"""Whoosh's parallel bulk writer, made safe: writer children that die with their parent, and whose failure
fails the build (Whoosh itself would commit without the segments of a child that died)."""

from __future__ import annotations

import multiprocessing
import os
import queue
from pathlib import Path

from whoosh.index import TOC
from whoosh.multiproc import MpWriter, _run_subwriter
from whoosh.writing import SegmentWriter

from archive.processes import die_with_parent
from search.backend import KEPT, IndexWriteFailed, one_line

INDEX_NAME = "MAIN"  # Whoosh's default index name: its files are _MAIN_<gen>.toc and MAIN_<segment>.*
_TOC = TOC._pattern(INDEX_NAME)
_CHILD_POLL = 0.5  # s between two looks at the children while the job queue is full


def latest_generation(folder: Path) -> int:
    """The newest TOC generation among the folder's file names (-1: none), read from names only, so that a
    damaged TOC still counts: a new one must supersede it."""
    gens = [int(m.group(1)) for name in _names(folder) if (m := _TOC.match(name))]
    return max(gens, default=-1)


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []


def _child(parent: int, failures: multiprocessing.SimpleQueue, *args: object) -> None:
    """A writer child: dies with its parent; its failure is one line for the parent, not a traceback."""
    die_with_parent(parent)
    try:
        _run_subwriter(*args)
    except BaseException as exc:  # whatever stops a child fails the build, in one line
        failures.put(one_line(exc))
        os._exit(1)


class _WatchedQueue:
    """The job queue, whose put gives up when a child has died instead of waiting on a full queue forever."""

    def __init__(self, jobs: multiprocessing.Queue, writer: BulkWriter):
        self.jobs, self.writer = jobs, writer

    def put(self, item: object) -> None:
        while True:
            try:
                self.jobs.put(item, timeout=_CHILD_POLL)
                return
            except queue.Full:
                self.writer.check_children()

    def get(self, *args: object, **kwargs: object) -> object:
        return self.jobs.get(*args, **kwargs)


class BulkWriter(MpWriter):
    """Whoosh's parallel writer (procs children, one segment each) whose children die with the parent
    (a SIGKILL of the parent once left them holding the index open forever) and whose failures are seen:
    Whoosh itself commits without the segments of a child that died (a full disk then reported success)."""

    def __init__(self, ix: object, procs: int, **kwargs: object):
        super().__init__(ix, procs=procs, multisegment=True, start_method="fork", **kwargs)
        self.failures = self._mpctx.SimpleQueue()
        self.jobqueue = _WatchedQueue(self.jobqueue, self)

    def _new_task(self) -> multiprocessing.Process:
        args = (
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        task = self._mpctx.Process(target=_child, args=(os.getpid(), self.failures, *args), daemon=True)
        self.tasks.append(task)
        task.start()
        return task

    def check_children(self) -> None:
        """IndexWriteFailed naming the first failure of a child that has died."""
        failed = [task for task in self.tasks if task.exitcode not in (None, 0)]
        if failed:
            reason = self.failures.get() if not self.failures.empty() else f"exit status {failed[0].exitcode}"
            raise IndexWriteFailed(f"a search index writer process failed: {reason}{KEPT}")

    def stop_children(self) -> None:
        """Whoosh's cancel only flags the parent's copy of each child object: end them for real."""
        for task in self.tasks:
            if task.exitcode is None:
                task.kill()
            task.join()

    def cancel(self) -> None:
        self.stop_children()
        SegmentWriter.cancel(self)
