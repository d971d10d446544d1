"""A whole Whoosh index built aside and swapped in: parallel writer children that die with their parent and
whose failure fails the build, a commit verified by reopening it, and a swap readers see as one step."""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files
from whoosh.multiproc import MpWriter, _run_subwriter
from whoosh.writing import SegmentWriter

from search.backend import IndexWriteFailed, one_line
from search.index_lock import die_with_parent
from search.schema import build_schema

INDEX_NAME = "MAIN"  # Whoosh's default index name: its files are _MAIN_<gen>.toc and MAIN_<segment>.*
_TOC = TOC._pattern(INDEX_NAME)
_SEGMENT_FILE = TOC._segment_pattern(INDEX_NAME)
_CHILD_POLL = 0.5  # s between two looks at the children while the job queue is full
KEPT = "; the previous index is still in use"  # what every failed build says: nothing was swapped in


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


def discard_aside(live: Path) -> None:
    """Remove what a killed rebuild left beside the live index (call it holding the writer lock)."""
    shutil.rmtree(_aside(live), ignore_errors=True)


def _aside(live: Path) -> Path:
    return live.with_name(f"{live.name}.rebuild")


class AsideBuild:
    """A fresh index in a sibling folder of `live`; `swap()` moves it in after `verify(expected)`."""

    def __init__(self, live: Path):
        self.live = live
        self.folder = _aside(live)
        discard_aside(live)
        self.folder.mkdir(parents=True)
        self.storage = FileStorage(str(self.folder))
        # Start above every generation of the live folder, so that the TOC moved in last supersedes them all.
        TOC(build_schema(), [], latest_generation(live) + 1).write(self.storage, INDEX_NAME)
        self.index = self.storage.open_index(INDEX_NAME)
        self._writer: SegmentWriter | None = None

    def writer(self, procs: int) -> SegmentWriter:
        self._writer = BulkWriter(self.index, procs) if procs > 1 else self.index.writer()
        return self._writer

    def verify(self, writer: SegmentWriter, expected: int) -> None:
        """IndexWriteFailed unless every child succeeded and the committed index opens holding `expected`."""
        if isinstance(writer, BulkWriter):
            writer.check_children()
        try:
            with self.storage.open_index(INDEX_NAME).reader() as reader:  # the TOC and every segment
                count = reader.doc_count()
        except Exception as exc:  # any way the new index fails to open is a failed build
            raise IndexWriteFailed(
                f"the new search index cannot be read back: {one_line(exc)}{KEPT}"
            ) from exc
        if count != expected:
            raise IndexWriteFailed(f"the new search index holds {count} of {expected} documents{KEPT}")

    def swap(self) -> None:
        """Segment files first (no TOC names them yet, so readers ignore them), the TOC last: one rename, after
        which new readers open the new index; then the old generation's files go."""
        self.live.mkdir(parents=True, exist_ok=True)
        names = _names(self.folder)
        tocs = [name for name in names if _TOC.match(name)]
        for name in names:
            if _SEGMENT_FILE.match(name) and name not in tocs:
                os.replace(self.folder / name, self.live / name)
        (toc,) = tocs
        os.replace(self.folder / toc, self.live / toc)
        live = FileStorage(str(self.live))
        clean_files(live, INDEX_NAME, int(_TOC.match(toc).group(1)), TOC.read(live, INDEX_NAME).segments)

    def discard(self) -> None:
        """Whatever the build left: its children (after a failed commit) and its folder."""
        if isinstance(self._writer, BulkWriter):
            self._writer.stop_children()
        discard_aside(self.live)
