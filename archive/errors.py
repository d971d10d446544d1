"""Errors a user can act on: each is one line that says what to do, and carries what it means to the
command line (`exit_status`) and to the web (`http_status`).

Every such error derives from `ParlarchiveError` (as datasette's errors carry their status): the command
line's group prints `error: …` and exits with `exit_status`, the web's error handler answers with
`http_status`. Exit status 2 is bad usage or bad input (the user's to fix), 1 a failure (the command was
right; the data folder, the disk or the index is what failed). The README lists every exit status.
"""

from __future__ import annotations


class ParlarchiveError(Exception):
    """An error a user can act on: str(e) is one line; `prefix` goes before it on the command line."""

    exit_status = 1
    http_status = 500
    prefix = ""

    def line(self) -> str:
        """The error as the command line says it (after `error: `)."""
        return f"{self.prefix}{self}"


class BadUsage(ParlarchiveError):
    """A request that cannot be done as asked: a bad value, a record that does not exist, a busy resource."""

    exit_status = 2
    http_status = 400


class BadInput(BadUsage):
    """Input that cannot become a record (binary, empty, undecodable, too large, no text): the reason."""


class NotAPage(BadInput):
    """A fetched response that the ingest rule does not take as a page (an image, a redirect, an error page):
    an import of another tool's WARC passes over it in silence."""


class NotFound(BadUsage):
    """No record with the id asked for."""

    http_status = 404


class ArchiveError(ParlarchiveError):
    """The archive cannot be used as asked; the message is one line that says what to do.

    Exit status 1: the command was right, the data folder (its permissions, its file) is what failed.
    """

    http_status = 503


class ArchiveMissing(ArchiveError):
    """A reading command on a folder that holds no archive: most often a mistyped --data, so status 2."""

    exit_status = 2


class ArchiveReadOnly(ArchiveError):
    """A writing command on an archive whose file or folder cannot be written (a read-only share, a backup)."""


class ArchiveDamaged(ArchiveError):
    """SQLite reports the archive file malformed or not a database: `parlarchive check` says what to do."""


class ArchiveNeedsUpgrade(ArchiveError):
    """A read-only run on an archive whose schema is older than the program's (upgrading means writing)."""


class ArchiveTooNew(ArchiveError, RuntimeError):
    """An archive written by a newer program (a RuntimeError too, as callers caught before this class)."""


class ArchiveUnavailable(ArchiveError):
    """A shared archive (PostgreSQL) that cannot be reached, or whose connection was lost mid-command:
    what was committed is kept; a re-run completes the work."""


class ArchiveBusy(ArchiveError):
    """A shared archive whose write lock stayed held by another writer past the timeout."""


class StorageFull(ArchiveError):
    """The disk (or the file-size limit) ran out while writing: what was committed is safe; a re-run after
    freeing space completes the work."""
