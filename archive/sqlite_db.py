"""The archive's embedded engine: one SQLite file (WAL, one writer at a time) and what only SQLite has to say
about it (its damage, read-only files and folders, its quick check, its schema version in `user_version`)."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from archive.errors import (
    ArchiveDamaged,
    ArchiveError,
    ArchiveMissing,
    ArchiveReadOnly,
    StorageFull,
)

KIND = "sqlite"
WRITER_CACHE_KIB = 256 * 1024  # the most a writing connection caches of the file


def archive_error(path: Path, exc: sqlite3.Error) -> ArchiveError | None:
    """The one-line error for SQLite's report of a damaged or unwritable archive; None for any other."""
    name, reason = getattr(exc, "sqlite_errorname", ""), str(exc)
    if reason.startswith("Could not decode to UTF-8"):  # the archive stores only UTF-8: a damaged page
        name, reason = "SQLITE_CORRUPT", "a stored text is not UTF-8"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return ArchiveDamaged(f"the archive file {path} is damaged ({reason}): run `parlarchive check`")
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")):  # a full disk, or a file-size limit reached
        return StorageFull(
            f"cannot write the archive {path} ({reason}): is the disk full? What was stored is kept;"
            " free space and run the command again"
        )
    folder_locked = name.startswith("SQLITE_CANTOPEN") and not os.access(path.parent, os.W_OK)
    if name.startswith("SQLITE_READONLY") or folder_locked:
        return ArchiveReadOnly(
            f"the archive {path} cannot be written ({exc}): its file or folder is read-only;"
            " reading commands work, writing ones need a writable data folder"
        )
    return None


@contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """Raise archive_error's one-line error in place of the sqlite3 error it recognizes."""
    try:
        yield
    except sqlite3.Error as exc:
        error = archive_error(path, exc)
        if error is None:
            raise
        raise error from exc


def missing_archive(path: Path) -> ArchiveMissing:
    """What every reading operation says on a folder without an archive file."""
    return ArchiveMissing(
        f"no archive at {path}: name the data folder with --data, or import or crawl into it first"
    )


def connect_readonly(path: Path, timeout: float = 30.0) -> sqlite3.Connection:
    """A read-only connection that writes nothing: no folder, no file, no migration, no -wal/-shm left.

    `mode=ro` still needs the WAL's -shm file: in a folder that cannot be written and has no -wal/-shm
    (a copy, a backup), SQLite answers "attempt to write a readonly database"; then every committed
    record is in the main file and `immutable=1` reads it. A -wal with content there cannot be read.
    """
    if not path.is_file():
        raise missing_archive(path)
    if not os.access(path, os.R_OK):
        raise ArchiveError(f"cannot read the archive {path}: permission denied")
    uri = path.resolve().as_uri()
    conn = _connect(f"{uri}?mode=ro", timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads the schema and the WAL index
    except sqlite3.OperationalError as exc:
        conn.close()
        name = getattr(exc, "sqlite_errorname", "")
        if not name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
            raise
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise ArchiveReadOnly(
                f"the archive {path} has changes in {wal.name} that cannot be read while its folder is"
                " read-only: run any command on it once where the folder can be written, or copy the folder"
            ) from exc
        conn = _connect(f"{uri}?mode=ro&immutable=1", timeout)
    return conn


def _connect(target: str | Path, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(target, timeout=timeout, isolation_level=None, uri=isinstance(target, str))
    conn.row_factory = sqlite3.Row
    return conn


def current_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


class SqliteDatabase:
    """The archive file, opened for reading (nothing written, a read-only folder works) or for writing."""

    kind = KIND

    def __init__(self, path: Path, timeout: float, *, readonly: bool):
        self.path = path
        self.where = str(path)
        with self.errors():
            self.conn = connect_readonly(path, timeout) if readonly else self._connect_writable(timeout)

    def _connect_writable(self, timeout: float) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            raise ArchiveReadOnly(
                f"cannot create the data folder {self.path.parent}: {exc.strerror}"
            ) from exc
        conn = _connect(self.path, timeout)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        # A writer's page cache, taken as pages are read: SQLite's default (2 MB) holds a sliver of the
        # indexes of a 200,000-record archive, whose saves then read their B-tree pages again and again.
        conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
        return conn

    def errors(self) -> AbstractContextManager[None]:
        return sqlite_errors(self.path)

    def begin_write(self) -> None:
        """One writer at a time: BEGIN IMMEDIATE takes the file's write lock (waiting up to the timeout)."""
        self.conn.execute("BEGIN IMMEDIATE")

    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def version(self) -> int:
        return current_version(self.conn)

    def set_version(self, version: int) -> None:
        self.conn.execute(f"PRAGMA user_version = {int(version)}")

    def adapt(self, statement: str) -> str:
        """The schema's statements are written in SQLite's dialect."""
        return statement

    def probe_writable(self) -> None:
        # SQLite opens a write-protected file read-only without a word and fails at the first write:
        # fail here instead (a write that changes nothing, rolled back), before any work is done.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute("DELETE FROM meta WHERE 0")
        finally:
            self.conn.execute("ROLLBACK")

    def damage(self) -> str | None:
        """SQLite's quick check: None when the file is sound, else its first fault. It reads the whole file
        (20,000 records, 262 MB: 0.3 s from the page cache, 5.6 s from disk)."""
        fault = " ".join(self.conn.execute("PRAGMA quick_check(1)").fetchone()[0].split())
        return None if fault == "ok" else fault

    def stream(self, sql: str) -> Iterator[tuple]:
        """The rows of a query, read as they are iterated (memory stays flat whatever the table's size)."""
        yield from self.conn.execute(sql)

    def reset_identity(self, table: str, column: str) -> None:
        """After rows were copied in with their ids: SQLite's rowid follows the largest by itself."""

    def close(self) -> None:
        self.conn.close()
