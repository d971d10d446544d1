"""Errors a user can act on, each reported in one line: bad input and bad usage exit with status 2,
an archive that cannot be used as asked (read-only, damaged, to upgrade) with its `exit_status`."""


class BadInput(Exception):
    """Input that cannot become a record (binary, empty, undecodable, too large, no text): the reason."""


class ArchiveError(Exception):
    """The archive cannot be used as asked; the message is one line that says what to do.

    Exit status 1: the command was right, the data folder (its permissions, its file) is what failed.
    """

    exit_status = 1


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


class StorageFull(ArchiveError):
    """The disk (or the file-size limit) ran out while writing: what was committed is safe; a re-run after
    freeing space completes the work."""


class NotAPage(BadInput):
    """A fetched response that the ingest rule does not take as a page (an image, a redirect, an error page):
    an import of another tool's WARC passes over it in silence."""
