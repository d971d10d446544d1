"""`parlarchive check` for the archive's part: the archive (SQLite's integrity check of the file, or the
shared PostgreSQL archive reachable; the schema version), every WARC file under the WARC root's warc/ (each
record read whole, digests, cut-off tails) and the captures that point into WARC files, found relative to
the WARC root from any host that mounts it. Reads only: it works on a read-only data folder. The index's
check lives in `search`.
"""

from __future__ import annotations

import io
import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Callable
from contextlib import redirect_stderr
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.errors import ArchiveError
from archive.paths import DataDir
from archive.schema import MIGRATIONS
from archive.sqlite_db import connect_readonly, current_version
from archive.store import open_database

CHUNK = 1 << 16  # records are read in 64 KiB pieces, never whole: memory stays flat whatever their size
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where (a path inside the data folder where it is one), and what to do about it."""

    where: str
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}: {self.fix}"


@dataclass
class WarcScan:
    """What reading one WARC file whole found."""

    records: int = 0
    end: int = 0  # where the last whole record ends
    addresses: set[tuple[int, int]] = field(default_factory=set)  # (offset, length) of every whole record
    damage: str | None = None  # "cut off …" or "unreadable …", None when every byte belongs to a record
    bad_digests: list[tuple[int, str]] = field(default_factory=list)  # (offset, target URL)


def check(data: DataDir, on_step: Callable[[], None] | None = None) -> list[Problem]:
    """Every problem of the archive file, the WARC files and the captures, one Problem each. `on_step` is
    called after each WARC file and after the archive file (progress: `steps` of them)."""
    step = on_step or (lambda: None)
    scans = {}
    for path in warc_files(data):
        scans[path] = scan_warc(path)
        step()
    problems = check_shared_archive(data) if data.archive_url else check_archive_file(data, bool(scans))
    step()
    captures = captures_by_file(data)
    for path, scan in scans.items():
        problems.extend(_warc_problems(data, path, scan, captures.pop(_stored_path(data, path), [])))
    for stored, caps in sorted(captures.items()):  # captures of files that are not under warc/
        path = Path(stored) if Path(stored).is_absolute() else data.warc_root / stored
        if not path.is_file():
            problems.append(_missing_warc(stored, caps))
    return problems


def check_shared_archive(data: DataDir) -> list[Problem]:
    """The shared archive: reachable, its schema known and current (PostgreSQL keeps its pages sound)."""
    db = None
    try:
        db = open_database(data.location, 30.0, readonly=True)
        with db.errors():
            version = db.version()
    except ArchiveError as exc:
        return [Problem("archive", "cannot be opened", str(exc))]
    finally:
        if db is not None:
            db.close()
    return _version_problems(db.where, version)


def steps(data: DataDir) -> int:
    """How many times `check` calls its `on_step`."""
    return len(warc_files(data)) + 1


def warc_files(data: DataDir) -> list[Path]:
    if not data.warc.is_dir():
        return []
    return sorted(p for p in data.warc.rglob("*") if p.is_file() and p.name.endswith(WARC_SUFFIXES))


def check_archive_file(data: DataDir, have_warcs: bool) -> list[Problem]:
    """The archive file: present, readable, SQLite's integrity check passes, schema known and current."""
    where = data.archive.name
    rebuild = f"`parlarchive --data {data.root} import {data.warc}`"
    if not data.archive.is_file():
        if have_warcs:
            return [Problem(where, "missing", f"rebuild it from the crawl's captures: {rebuild}")]
        return [Problem(where, "missing", "name the data folder with --data, or import or crawl into it")]
    conn = None
    try:
        conn = connect_readonly(data.archive)
        faults = [" ".join(row[0].split()) for row in conn.execute("PRAGMA integrity_check(20)")]
        version = current_version(conn)
        damage = None if faults == ["ok"] else f"SQLite: {faults[0]}; {_n(len(faults), 'fault')} found"
        if damage is None and version > 0:
            bad = undecodable_records(conn)
            if bad:
                damage = f"the stored text of {_n(len(bad), 'record')} is not UTF-8, the first {bad[0]}"
    except ArchiveError as exc:
        return [Problem(where, "cannot be opened", str(exc))]
    except sqlite3.DatabaseError as exc:  # "file is not a database" and the like, at open or in the check
        damage, version = f"SQLite: {exc}", 0
    finally:
        if conn is not None:
            conn.close()
    if damage:
        fix = (
            f"restore it from a backup, or move {where}* aside and rebuild it: {rebuild}, import your own"
            " saved files again, then `parlarchive index --rebuild`"
        )
        return [Problem(where, f"damaged ({damage})", fix)]
    return _version_problems(where, version)


def _version_problems(where: str, version: int) -> list[Problem]:
    if version > len(MIGRATIONS):
        return [
            Problem(
                where, f"schema version {version} is newer than this program's", "use a newer parlarchive"
            )
        ]
    if version < len(MIGRATIONS):
        return [
            Problem(
                where,
                f"schema version {version}, this program uses {len(MIGRATIONS)}",
                "run `parlarchive index` once where the data folder can be written: it upgrades the archive",
            )
        ]
    return []


def undecodable_records(conn: sqlite3.Connection) -> list[str]:
    """Ids of the records whose stored text is not UTF-8: garbage inside a text passes SQLite's check,
    which reads structure, not contents (20,000 records: 0.5 s)."""
    conn.text_factory = bytes
    bad = []
    for row in conn.execute("SELECT id, title, text, source_line, alternates FROM documents"):
        try:
            for value in row:
                if value is not None:
                    value.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(row[0].decode("utf-8", "backslashreplace"))
    return bad


def captures_by_file(data: DataDir) -> dict[str, list[tuple[int, int]]]:
    """{stored WARC path: [(offset, length)]} of every capture that points into a WARC file; those that
    can be read where the archive file has a problem of its own (reported by check_archive_file)."""
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    db = None
    try:
        db = open_database(data.location, 30.0, readonly=True)
        with db.errors():
            for path, offset, length in db.conn.execute(
                "SELECT warc_path, warc_offset, warc_length FROM captures WHERE warc_path IS NOT NULL"
            ):
                out[path].append((offset, length))
    except (ArchiveError, sqlite3.DatabaseError):
        pass
    finally:
        if db is not None:
            db.close()
    return out


def scan_warc(path: Path) -> WarcScan:
    """Read every record of a .warc or .warc.gz whole, in 64 KiB pieces: what `warcio check` does, and
    also where the file stops being whole records (a record cut off, bytes that are no record)."""
    scan = WarcScan()
    try:
        stream = path.open("rb")
    except OSError as exc:
        scan.damage = f"cannot be read ({exc.strerror})"
        return scan
    try:
        # warcio writes a warning of several lines to stderr for a record longer than its Content-Length:
        # counted (err_count) and said in one line below instead
        with stream, redirect_stderr(io.StringIO()):
            records = ArchiveIterator(stream, check_digests=True)
            for record in records:
                body = record.raw_stream
                while body.read(CHUNK):
                    pass
                offset, length = records.get_record_offset(), records.get_record_length()
                # A block shorter than its Content-Length, or a gzip member without its end: cut off.
                member = records.reader.decompressor
                if body.limit > 0 or (member is not None and not member.eof):
                    scan.damage = (
                        f"cut off after {_n(scan.records, 'record')} (a partial record at byte {offset})"
                    )
                    return scan
                if record.digest_checker.passed is False:
                    url = record.rec_headers.get_header("WARC-Target-URI") or "no URL"
                    scan.bad_digests.append((offset, url))
                scan.records, scan.end = scan.records + 1, offset + length
                scan.addresses.add((offset, length))
            stream.seek(scan.end)
            tail = stream.read(4096).strip(b"\r\n\x00")
            overlong = records.err_count
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
        # warcio appends the bad line itself ("…, first line: <bytes>"): the reason alone is kept
        reason = (str(exc).splitlines() or [type(exc).__name__])[0].split(", first line")[0][:80]
        scan.damage = f"unreadable after {_n(scan.records, 'record')}, at byte {scan.end} ({reason})"
        return scan
    if overlong:
        scan.damage = f"{_n(overlong, 'record')} longer than the Content-Length given"
    elif tail:
        scan.damage = (
            f"cut off after {_n(scan.records, 'record')} (bytes that are no whole record at byte {scan.end})"
        )
    return scan


def _warc_problems(data: DataDir, path: Path, scan: WarcScan, caps: list[tuple[int, int]]) -> list[Problem]:
    where = str(path.relative_to(data.warc_root))
    problems = []
    lost = [c for c in caps if c not in scan.addresses]
    if scan.damage:
        if lost:  # records were stored from what is now gone: only the original file has them
            fix = f"restore it from a backup: the damaged part holds {_n(len(lost), 'capture')} of stored records"
        elif scan.damage.startswith("cannot be read"):
            fix = "let the user who runs parlarchive read it"
        elif scan.damage.startswith("cut off"):  # a crawl stopped while writing it: that page was not stored
            fix = (
                f"`truncate -s {scan.end} {path}` drops the partial record; the next `parlarchive crawl`"
                " fetches that page again"
            )
        else:
            fix = "restore it from a backup (no stored record's capture lies in the damaged part)"
        problems.append(Problem(where, scan.damage, fix))
    elif lost:
        problems.append(
            Problem(
                where,
                f"no record where {_n(len(lost), 'capture')} of stored records expect one (the first at byte"
                f" {lost[0][0]})",
                "it was rewritten after the crawl: restore the original from a backup",
            )
        )
    if scan.bad_digests:
        offset, url = scan.bad_digests[0]
        problems.append(
            Problem(
                where,
                f"digests fail for {_n(len(scan.bad_digests), 'record')} (the first at byte {offset}, {url})",
                "the file changed after it was written: restore it from a backup",
            )
        )
    return problems


def _missing_warc(stored: str, caps: list[tuple[int, int]]) -> Problem:
    return Problem(
        stored,
        f"missing, with {_n(len(caps), 'capture')} of stored records in it",
        "restore it from a backup: without it those records keep their text but lose their captures as"
        " archived, and a rebuild from the WARC files misses them",
    )


def _stored_path(data: DataDir, path: Path) -> str:
    """How the archive names a WARC file: relative to the WARC root (as the crawler and importer store it)."""
    return str(path.resolve().relative_to(data.warc_root.resolve()))


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"
