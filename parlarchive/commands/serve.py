"""`serve`: the UI and JSON API through waitress (a production WSGI server)."""

from __future__ import annotations

import os
import signal
import socket

import click

from parlarchive.cliutils import UserError
from search.index_lock import die_with_parent
from web import create_app
from web.archive_app import ArchiveApp

# waitress's threads in all, split between the worker processes: a search holds Python's lock for most of
# its work, so the threads of one process overlap only their waits (disk, a slow client), and each thread
# keeps its own index searcher (~180 MB at 20,000 documents). More cores need more processes (--workers).
THREADS = 8


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 16),
    help="Server processes sharing the port: a search holds Python's lock, so one process uses one core.",
)
@click.pass_obj
def serve(app: ArchiveApp, host: str, port: int, workers: int) -> None:
    """Serve the search UI and the JSON API (read-only) until interrupted."""
    if not app.data.archive.exists():
        raise UserError(
            f"no archive in {app.data.root}: run `parlarchive import PATH` or `parlarchive demo` first"
        )
    try:
        sock = socket.create_server((host, port))
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    listening = f"serving {app.data.root} on http://{host}:{sock.getsockname()[1]}/ (Ctrl-C stops)"
    threads = max(2, THREADS // workers)
    if workers == 1:
        click.echo(listening)
        _run(app, sock, threads)
        return
    # Each worker is forked before it opens anything (no thread, no index reader, no database yet) and
    # accepts on the one listening socket; the kernel hands each connection to one of them.
    parent, children = os.getpid(), []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            die_with_parent(parent)
            try:
                _run(app, sock, threads)
            finally:
                os._exit(0)
        children.append(pid)
    sock.close()
    click.echo(f"{listening}, {workers} processes")  # the socket listens: connections wait in its backlog
    signal.signal(signal.SIGTERM, lambda *_: _stop(children))
    try:
        for pid in children:
            os.waitpid(pid, 0)
    except KeyboardInterrupt:
        _stop(children)


def _run(app: ArchiveApp, sock: socket.socket, threads: int) -> None:
    from waitress import create_server

    server = create_server(create_app(app), sockets=[sock], threads=threads, ident="parlarchive")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


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


COMMANDS = (serve,)
