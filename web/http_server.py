"""The HTTP server of one process: waitress, with limits that keep slow and hostile clients from starving the others, and the
errors it answers itself (a malformed request, headers too large) made the site's own pages.

Waitress alone closes only idle connections, and only those with no request in progress: a client that
sends a request a byte a second, or that asks for an export and reads nothing, holds its connection (and, for
the export, a thread) for as long as it likes. Here every connection must deliver a whole request within
`request_timeout` seconds of its first byte (of opening, for its first request), and a response that the
client accepts no byte of for `send_timeout` seconds is dropped. The connection limit is high enough that
slow clients in their allowed time do not shut out the others (it is checked against the open-file limit).
"""

from __future__ import annotations

import io
import logging
import resource
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, ThreadedTaskDispatcher, WSGITask

from archive.config import Settings
from web.security import ERROR_STATUS, HEADERS, STAND_IN_HOST

log = logging.getLogger(__name__)

IDENT = "parlarchive"  # the Server header
# A response is held in memory for a client up to this many bytes, then its thread waits for the client
# (waitress's default, 16 MiB, spills to temporary files: a reader that reads nothing filled them).
SEND_BUFFER = 1024 * 1024
MAX_HEADERS = 64 * 1024  # a request's line and headers (the longest search URL is under 10 KB)
MAX_BODY = 64 * 1024  # nothing here takes a body; a larger one is refused before it is read
DRAIN_READS = 16  # reads of 64 KiB at most, dropping what a client sent before its connection is closed
MAINTENANCE = 1.0  # seconds between the checks of every connection's deadlines
# waitress counts its own listening socket and wake-up pipe among the connections it holds
OWN_CHANNELS = 2
SPARE_FILES = 64  # open files kept for the archive, the index and the logs beside the connections


@dataclass(frozen=True)
class Limits:
    """What one client may hold. Seconds, and connections at once (per server process)."""

    request_timeout: float
    send_timeout: float
    idle_timeout: float
    connection_limit: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            settings.request_timeout, settings.send_timeout, settings.idle_timeout, settings.connection_limit
        )


class _Task(WSGITask):
    """A response to HEAD whose length is unknown (a streamed export) has no body to frame: waitress framed it
    as chunked, sending the terminator as a body, and closed the connection; here it sends the headers alone
    and keeps the connection."""

    unframed_head = False

    @property
    def has_body(self) -> bool:
        return not self.unframed_head and super().has_body

    def build_response_header(self) -> bytes:
        known = self.content_length is not None or any(
            k.lower() == "content-length" for k, _ in self.response_headers
        )
        self.unframed_head = self.request.command == "HEAD" and not known
        return super().build_response_header()

    def set_close_on_finish(self) -> None:
        asked = self.request.headers.get("CONNECTION", "").lower() == "close" or self.version != "1.1"
        if self.unframed_head and not self.wrote_header and not asked:
            return  # nothing follows the headers: the connection needs no close to end the response
        super().set_close_on_finish()


def _error_environ(task: ErrorTask) -> dict:
    """A WSGI environ asking the app for its own error page with the status of waitress's error."""
    server = task.channel.server
    path = getattr(task.request, "path", None) or "/"  # none when the request line could not be read
    headers = getattr(task.request, "headers", None) or {}
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/api/" if path.startswith("/api/") else "/",  # the API answers JSON
        "QUERY_STRING": "",
        "REMOTE_ADDR": task.channel.addr[0] if task.channel.addr else "",
        "SERVER_NAME": STAND_IN_HOST,
        "SERVER_PORT": str(server.effective_port),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": STAND_IN_HOST,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        ERROR_STATUS: task.request.error.code,
    }
    for name in ("ACCEPT_LANGUAGE", "COOKIE"):  # the page in the interface language the client asks for
        if name in headers:
            environ[f"HTTP_{name}"] = headers[name]
    return environ


class _ErrorTask(ErrorTask):
    """Waitress's own errors (a malformed request, headers or a body too large, an app that failed) as the
    site's error page or the API's JSON, with the security headers."""

    def execute(self) -> None:
        answer: dict = {}

        def start_response(status: str, headers: list, exc_info: object = None) -> None:
            answer.update(status=status, headers=headers)

        try:
            body = b"".join(self.channel.server.application(_error_environ(self), start_response))
        except Exception:  # the app cannot even render an error: waitress's text, with the headers
            log.exception("the error page for %s failed", self.request.error.code)
            self.response_headers.extend(HEADERS.items())
            super().execute()
            return
        self.status = answer["status"]
        self.response_headers.extend((k, v) for k, v in answer["headers"] if k.lower() != "content-length")
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _Channel(HTTPChannel):
    """A connection that knows by when its request must have arrived (None while one is being served)."""

    task_class = _Task
    error_task_class = _ErrorTask

    def __init__(self, server: _Server, sock: socket.socket, addr: object, adj: Adjustments, map=None):
        super().__init__(server, sock, addr, adj, map)
        self.request_deadline: float | None = self.creation_time + server.limits.request_timeout

    def handle_close(self) -> None:
        """Closed once what the client has sent is read and dropped: unread bytes would make the close a
        reset, and the client would lose the answer it was just sent (the 431 of headers too large, say).
        A connection closed already (by `maintenance`, then by the loop that saw it close) is left alone."""
        if self.socket is None:
            return
        try:
            for _ in range(DRAIN_READS):
                if not self.socket.recv(65536):  # the socket does not block: nothing left raises
                    break
        except OSError:
            pass
        super().handle_close()

    def send_continue(self) -> None:
        """`Expect: 100-continue` on a request with no body is answered at once: waitress sent the interim
        100 and then waited for a body that never comes (the request lost, the connection dropped when its
        deadline passed)."""
        if not self.request.content_length and not self.request.chunked:
            self.request.expect_continue = False  # nothing to continue with: the request is complete
            return
        super().send_continue()

    def received(self, data: bytes) -> bool:
        if self.request_deadline is None and self.request is None:  # the first bytes of a next request
            self.request_deadline = time.time() + self.server.limits.request_timeout
        done = super().received(data)
        if self.request is None:  # nothing half-received: whatever came is being served
            self.request_deadline = None
        return done


class _Server(TcpWSGIServer):
    channel_class = _Channel

    def __init__(self, application: Callable, limits: Limits, **kw: object):
        self.limits = limits
        super().__init__(application, **kw)

    def maintenance(self, now: float) -> None:
        """Close the connections past a deadline (waitress's own rule closes the idle ones)."""
        super().maintenance(now)
        for channel in list(self.active_channels.values()):
            if _overdue(channel, now, self.limits, self.adj.send_bytes):
                # closed now (waitress's will_close waits for the socket to take bytes, which a client that
                # reads nothing never lets it); a thread waiting to write to it is let go
                channel.handle_close()


def _overdue(channel: _Channel, now: float, limits: Limits, send_bytes: int) -> bool:
    if not channel.requests and channel.request_deadline is not None and now > channel.request_deadline:
        return True  # a request that does not arrive (a byte a second, or nothing at all)
    # Output waiting that the client has taken no byte of: waitress sends as soon as a chunk is ready, so
    # a chunk's worth (or anything, once the response is complete) unsent means a client that reads nothing.
    waiting = channel.total_outbufs_len >= send_bytes or (channel.total_outbufs_len and not channel.requests)
    return bool(waiting) and now - channel.last_activity > limits.send_timeout


def _open_files_for(connections: int) -> int:
    """Raise this process's open-file limit to hold the connections (as far as the hard limit allows);
    returns how many connections it holds."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + SPARE_FILES
    if soft != resource.RLIM_INFINITY and soft < wanted:
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return connections if soft == resource.RLIM_INFINITY else min(connections, soft - SPARE_FILES)


def make_server(application: Callable, sock: socket.socket, threads: int, limits: Limits) -> _Server:
    """A waitress server answering on a listening socket with `threads` threads, within `limits`."""
    adj = Adjustments(
        sockets=[sock],
        threads=threads,
        ident=IDENT,
        connection_limit=_open_files_for(limits.connection_limit) + OWN_CHANNELS,
        channel_timeout=int(limits.idle_timeout),
        cleanup_interval=MAINTENANCE,
        outbuf_high_watermark=SEND_BUFFER,
        max_request_header_size=MAX_HEADERS,
        max_request_body_size=MAX_BODY,
        asyncore_use_poll=True,  # select() cannot watch a descriptor past 1024
    )
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(threads)
    sockinfo = (sock.family, sock.type, sock.proto, sock.getsockname())
    return _Server(
        application,
        limits,
        map={},
        _sock=sock,
        dispatcher=dispatcher,
        adj=adj,
        bind_socket=False,
        sockinfo=sockinfo,
    )
