"""Serving the web app: waitress (a production WSGI server) on one listening socket, in one process or in
worker processes that share it."""

from __future__ import annotations

import gc
import os
import signal
import socket
import threading
import time
from collections.abc import Callable

from archive.errors import ArchiveMissing, BadUsage, ParlarchiveError
from archive.processes import die_with_parent
from web import create_app
from web.archive_app import ArchiveApp
from web.http_server import Limits, make_server

# waitress's threads a core. A tantivy search runs in Rust without Python's lock, so one process's threads
# use every core (and share one index, mapped once): one process. A Whoosh search holds the lock for most of
# its work, and each thread keeps its own searcher: a process a core, its threads overlapping their waits.
THREADS_A_CORE = 4


def server_shape(engine: str | None, workers: int | None) -> tuple[int, int]:
    """(processes, threads in each) for an index of this engine: one process for tantivy, one a core for
    Whoosh, unless `workers` says; THREADS_A_CORE threads a core in all."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    processes = workers or (cores if engine == "whoosh" else 1)
    return processes, max(2, THREADS_A_CORE * cores // processes)


# One thread in this many may stream an export (30 MB at 20,000 records); searches keep the rest.
EXPORT_SHARE = 4


def serve(
    app_obj: ArchiveApp,
    host: str,
    port: int,
    *,
    workers: int | None = None,
    announce: Callable[[str], None],
    follow: float | None = None,
    warn: Callable[[str], None] = print,
) -> None:
    """Serve the app over `app_obj` on host:port (port 0: any free one) until interrupted or terminated;
    `announce` is given the line that says where, once the socket listens. `follow`: every so many seconds,
    index what the archive gained (records other hosts of a shared archive stored); `warn` hears why not."""
    if not app_obj.data.has_archive:
        raise ArchiveMissing(
            f"no archive in {app_obj.data.root}: run `parlarchive import PATH` or `parlarchive demo` first"
        )
    try:
        sock = socket.create_server((host, port))
    except OSError as exc:
        raise BadUsage(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    listening = f"serving {app_obj.data.root} on http://{host}:{sock.getsockname()[1]}/ (Ctrl-C stops)"
    workers, threads = server_shape(app_obj.index.state().engine, workers)
    if workers == 1:
        announce(listening)
        if follow:
            _follow(app_obj, follow, warn)
        _run(app_obj, sock, threads)
        return
    # Each worker is forked before it opens anything (no thread, no index reader, no database yet) and
    # accepts on the one listening socket; the kernel hands each connection to one of them.
    parent, children = os.getpid(), []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            die_with_parent(parent)
            try:
                _run(app_obj, sock, threads)
            finally:
                os._exit(0)
        children.append(pid)
    sock.close()
    if follow:  # in the parent, after the forks (a thread does not survive one)
        _follow(app_obj, follow, warn)
    announce(f"{listening}, {workers} processes")  # the socket listens: connections wait in its backlog
    signal.signal(signal.SIGTERM, lambda *_: _stop(children))
    try:
        for pid in children:
            os.waitpid(pid, 0)
    except KeyboardInterrupt:
        _stop(children)


def _run(app_obj: ArchiveApp, sock: socket.socket, threads: int) -> None:
    web = create_app(app_obj, {"EXPORT_SLOTS": max(1, threads // EXPORT_SHARE)})
    server = make_server(web, sock, threads, Limits.from_settings(app_obj.settings))
    # What start-up built (the modules, the app) lives as long as the process: out of the collector's full
    # passes, each of which would otherwise walk it again (60 ms a pass, every thread stopped meanwhile).
    gc.freeze()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _follow(app_obj: ArchiveApp, seconds: float, warn: Callable[[str], None]) -> None:
    """A thread that brings the index up to the archive's rev every `seconds`; searches see each commit of
    the index as it lands. A problem is said once (until it changes), and the next round tries again."""

    def follow() -> None:
        said: str | None = None
        while True:
            time.sleep(seconds)
            try:
                app_obj.ready_index()
                said = None
            except ParlarchiveError as exc:
                if str(exc) != said:
                    warn(f"the index cannot follow the archive: {exc}")
                said = str(exc)

    threading.Thread(target=follow, name="follow-archive", daemon=True).start()


def _stop(children: list[int]) -> None:
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for pid in children:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    raise SystemExit(0)
