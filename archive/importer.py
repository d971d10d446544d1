"""Import of saved files (HTML, plain text, WARC) into the archive: records normalized over the cores, stored
in order, in transactions of whole batches."""

from __future__ import annotations

import errno
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive.config import Settings
from archive.errors import BadInput, NotAPage, StorageFull
from archive.files import not_a_file, open_regular
from archive.ingest import fetched_source
from archive.models import Capture, Extracted, SaveResult
from archive.normalize.core import normalize
from archive.pipeline import Failed, Job, normalized
from archive.store import Store, now_iso
from archive.terminal import size_text

PAGE_SUFFIXES = (".html", ".htm", ".txt")
WARC_SUFFIXES = (".warc", ".warc.gz")
# SQLite's codes for a write the disk refused: full, or an I/O error (a file-size limit hit mid-write).
_FULL_MESSAGE = (
    "cannot write the archive ({}): is the disk full? What was imported is kept; free space and re-run"
)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\udc80-\udcff]")


@dataclass
class ImportReport:
    """What an import did: counts by outcome, and every file (or WARC record) that failed, with why."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0  # of the new or updated records, those that repeat a record already stored
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    ids: list[str] = field(default_factory=list)

    def count(self, result: SaveResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        if result.duplicate_of and result.status != "unchanged":
            self.duplicates += 1
        self.ids.append(result.id)

    def fail(self, path: str | Path, reason: str) -> None:
        """Record a failure, its path and reason made safe for any printer (see `safe_text`)."""
        self.failed.append((safe_text(os.fsdecode(path)), safe_text(reason)))

    def as_json(self) -> dict:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
        }


def is_importable(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(PAGE_SUFFIXES) or name.endswith(WARC_SUFFIXES)


def safe_text(text: str) -> str:
    """One line of valid UTF-8: a byte that was not UTF-8 (a surrogate escape) becomes `\\xNN`, and a
    control character (newline, tab, ESC, C1) its backslash escape, so a hostile file name cannot break a
    JSON report or split an error line, whatever prints it."""
    return _UNSAFE.sub(_escape, text)


def _escape(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return ch.encode("unicode_escape").decode("ascii")


def find_files(paths: Iterable[str | Path], report: ImportReport) -> list[Path]:
    """Files named, and importable files below folders named (sorted); every path that is missing or
    cannot be read (a folder without permission included) is a failure with its reason."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            is_file = not is_dir and path.is_file()
        except OSError as exc:  # a path below a folder that cannot be searched
            report.fail(path, exc.strerror or str(exc))
            continue
        if is_dir:
            found.extend(_walk(path, report))
        elif is_file:
            if is_importable(path):
                found.append(path)
            else:
                report.fail(path, "not an .html, .htm, .txt, .warc or .warc.gz file")
        else:
            report.fail(path, not_a_file(path))
    return found


def _walk(folder: Path, report: ImportReport) -> list[Path]:
    """Importable files below a folder (sorted); a subfolder that cannot be listed is reported, not skipped."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        report.fail(exc.filename or folder, f"cannot read folder: {exc.strerror or exc}")

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs.sort()
        found.extend(Path(root, name) for name in sorted(files) if is_importable(Path(name)))
    return sorted(found)


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    source: str | None = None,
    warc_root: Path | None = None,
    on_file: Callable[[Path], None] | None = None,
    files: list[Path] | None = None,
    workers: int = 1,
    settings: Settings,
) -> ImportReport:
    """Import every file under `paths`; failures are recorded in the report and never stop the batch.

    `warc_root`: WARC paths inside it are stored relative to it (the data folder's captures).
    `on_file` is called after each file (progress). `files` skips discovery when the caller did it.
    `workers`: processes that normalize the records; the store is written here, in order, in transactions
    of `settings.import_batch` records (an interrupted import loses at most the open one, and a re-run
    stores it); a page file or WARC payload over `settings.max_page_bytes` is refused, never read whole.
    """
    report = ImportReport()
    found = files if files is not None else find_files(paths, report)
    with store.batches(settings.import_batch) as saved:
        for item in normalized(store, _records(found, source, warc_root, settings.max_page_bytes), workers):
            if isinstance(item, Path):
                if on_file:
                    on_file(item)
            elif isinstance(item, Failed):
                report.fail(item.label, item.reason)
            elif isinstance(item.problem, NotAPage):
                continue  # a list page, robots.txt, an error page: not a record, nor a failure
            elif item.problem is not None:
                report.fail(item.label, str(item.problem))
            elif item.doc is not None:
                where = fetched_source(source, item.doc, item.capture)
                report.count(store.save(item.doc, item.capture, where, item.signed, item.stripped))
                saved()
    return report


def _records(
    files: list[Path], source: str | None, warc_root: Path | None, max_page_bytes: int
) -> Iterator[Job | Failed | Path]:
    """Every record of the files in order, what cannot be read as a failure, each file's path after it."""
    for path in files:
        try:
            if path.name.lower().endswith(WARC_SUFFIXES):
                yield from _warc_records(path, source, warc_root, max_page_bytes)
            else:
                raw = read_page(path, max_page_bytes)
                url = path.resolve().as_uri()
                capture = Capture(url=url, fetched_at=now_iso(), sha256=hashlib.sha256(raw).hexdigest())
                yield Job(str(path), capture, raw, source, fetched=False)
        except BadInput as exc:
            yield Failed(str(path), str(exc))
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
                raise StorageFull(_FULL_MESSAGE.format(exc.strerror)) from None
            yield Failed(str(path), exc.strerror or str(exc))
        yield path


def read_page(path: Path, max_page_bytes: int) -> bytes:
    """The bytes of an .html/.txt file, refusing what cannot be a page."""
    with open_regular(path) as file:
        size = os.fstat(file.fileno()).st_size
        if size == 0:
            raise BadInput("empty file")
        if size > max_page_bytes:
            raise BadInput(f"file too large ({size_text(size)}; the limit is {size_text(max_page_bytes)})")
        return file.read(max_page_bytes + 1)


def extract_file(path: Path, source: str | None = None, *, max_page_bytes: int) -> Extracted:
    """What the archive would store for one .html/.txt file (the `extract` command)."""
    return normalize(read_page(path, max_page_bytes), path.resolve().as_uri(), source=source)


def _warc_records(
    path: Path, source: str | None, warc_root: Path | None, max_page_bytes: int
) -> Iterator[Job | Failed]:
    """Every response in a WARC as a job (which ones are story pages is `ingest.is_page`'s to say); a bad
    record is a failure, and reading goes on."""
    from archive.warc import read_responses

    stored_path = _warc_path(path, warc_root)
    for resp in _responses(read_responses(path, max_page_bytes=max_page_bytes), path):
        if isinstance(resp, Failed):
            yield resp
            continue
        label = f"{path}#{resp.offset} {resp.url}"
        if resp.problem:
            yield Failed(label, resp.problem)
            continue
        capture = Capture(
            url=resp.url,
            fetched_at=resp.fetched_at,
            sha256=hashlib.sha256(resp.body).hexdigest(),
            content_type=resp.content_type,
            http_status=resp.http_status,
            warc_path=stored_path,
            warc_offset=resp.offset,
            warc_length=resp.length,
        )
        yield Job(label, capture, resp.body, source or resp.source, True, resp.list_date, resp.page)


def _responses(responses: Iterator, path: Path) -> Iterator:
    """The WARC's responses up to the first broken record, which is a failure (the good ones are kept)."""
    try:
        yield from responses
    except BadInput as exc:
        yield Failed(str(path), str(exc))


def _warc_path(path: Path, root: Path | None) -> str:
    resolved = path.resolve()
    if root is not None and resolved.is_relative_to(root.resolve()):
        return str(resolved.relative_to(root.resolve()))
    return str(resolved)
