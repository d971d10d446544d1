"""The search index as the server sees it before a search: checked against the archive whenever either
changes, brought in step in the background where the data folder can be written, and said to the user when
it cannot serve (503 with the fix) or may mislead (a warning beside the hits).

`search.service.index_status` reads both (tens of milliseconds), so it runs again only when the index
folder or the archive file changed, as their `stat` shows (for the archive, at most once a second).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import gettext as _

from search.service import IndexStatus
from web.public import public_message
from web.unavailable import Unavailable

if TYPE_CHECKING:
    from web.archive_app import ArchiveApp

log = logging.getLogger(__name__)

KEY = "parlarchive.index_state"  # the app's watch in `app.extensions`
UNSERVABLE = ("missing", "unreadable", "outdated")  # a search would answer nothing, or fail
REBUILT = (*UNSERVABLE, "mismatch")  # what a rebuild from the archive repairs
RETRY_REBUILD = 60  # seconds a search is asked to wait for a rebuild
RECHECK = (
    1.0  # seconds: a change of the archive seen sooner than this after the last check waits for the next
)


@dataclass
class _Watch:
    lock: threading.Lock = field(default_factory=threading.Lock)
    seen: tuple = ()
    checked_at: float = float("-inf")
    status: IndexStatus | None = None
    rebuilding: threading.Thread | None = None
    failed: tuple | None = None  # the index as it was when a rebuild failed: not tried again until it changes


def _fingerprint(*paths: Path) -> tuple:
    """What changes when an index commits, is removed or loses its permissions, or the archive is written."""
    out: list[object] = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError as exc:
            out.append(exc.errno)
            continue
        out.append((st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size))
    return tuple(out)


def _status(app_obj: ArchiveApp, watch: _Watch) -> IndexStatus:
    """The index's state, read again when the index folder changed, or the archive did over a second ago
    (a crawl writes it every second; the index only at the end)."""
    data = app_obj.data
    seen = (
        _fingerprint(data.index),
        _fingerprint(data.archive, data.archive.with_name(data.archive.name + "-wal")),
    )
    with watch.lock:
        now = time.monotonic()
        index_changed = not watch.seen or seen[0] != watch.seen[0]
        archive_changed = not watch.seen or seen[1] != watch.seen[1]
        if watch.status is None or index_changed or (archive_changed and now - watch.checked_at >= RECHECK):
            watch.status, watch.seen, watch.checked_at = app_obj.index_status(), seen, now
        return watch.status


def _rebuild(app_obj: ArchiveApp, watch: _Watch) -> None:
    failed = None
    try:
        count = app_obj.rebuild_index()
        log.warning("the search index is rebuilt from the archive: %d records", count)
    except Exception as exc:  # a failed repair leaves the index as it was: its state is said to each search
        log.error("the search index could not be rebuilt: %s", exc)
        failed = _fingerprint(app_obj.data.index)
    finally:
        with watch.lock:
            watch.rebuilding, watch.status, watch.failed = None, None, failed  # checked afresh next time


def _repairing(app_obj: ArchiveApp, watch: _Watch, status: IndexStatus) -> bool:
    """Whether the index is being rebuilt (started now if it can be: the data folder is writable)."""
    with watch.lock:
        retried = watch.failed is not None and watch.failed == _fingerprint(app_obj.data.index)
        if (
            watch.rebuilding is None
            and not retried
            and status.state in REBUILT
            and os.access(app_obj.data.root, os.W_OK)
        ):
            log.warning("%s: rebuilding it in the background", status.problem)
            watch.rebuilding = threading.Thread(
                target=_rebuild, args=(app_obj, watch), name="index", daemon=True
            )
            watch.rebuilding.start()
        return watch.rebuilding is not None


def index_warning(app_obj: ArchiveApp) -> str | None:
    """Before a search: Unavailable (503) when the index cannot serve it, with the fix or the news that it is
    being rebuilt; the warning to show beside the hits when the index does not match the archive (an
    archive restored from an older copy: hits may be missing or lead nowhere); else None."""
    watch = current_app.extensions.setdefault(KEY, _Watch())
    status = _status(app_obj, watch)
    if status.state not in REBUILT:
        return None
    problem = public_message(status.problem or status.state, app_obj.data)
    repairing = _repairing(app_obj, watch, status)
    if status.state in UNSERVABLE:
        if repairing:
            message = _("The search index is being rebuilt from the archive: try again in a few minutes.")
            raise Unavailable(message, retry_after=RETRY_REBUILD)
        raise Unavailable(_("The search index is not ready: %(problem)s", problem=problem))
    if repairing:
        return _(
            "The search index does not match the archive and is being rebuilt: until then some hits may be"
            " missing or lead nowhere."
        )
    return _(
        "The search index does not match the archive: some hits may be missing or lead nowhere (%(problem)s).",
        problem=problem,
    )
