"""Import of saved files (HTML, plain text, WARC) into the archive: one transaction per record."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive.errors import BadInput
from archive.ingest import save_fetched, source_name
from archive.models import Capture, Extracted, SaveResult
from archive.normalize import normalize
from archive.store import Store, now_iso

PAGE_SUFFIXES = (".html", ".htm", ".txt")
WARC_SUFFIXES = (".warc", ".warc.gz")
MAX_PAGE_BYTES = 10 * 1024 * 1024  # no news page is this large; a bigger .html/.txt is refused, not parsed


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


def find_files(paths: Iterable[str | Path], report: ImportReport) -> list[Path]:
    """Files named, and importable files below folders named (sorted); a missing path is a failure."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_importable(p)))
        elif path.is_file():
            if is_importable(path):
                found.append(path)
            else:
                report.failed.append((str(path), "not an .html, .htm, .txt, .warc or .warc.gz file"))
        else:
            report.failed.append((str(path), "no such file or folder"))
    return found


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    source: str | None = None,
    warc_root: Path | None = None,
    on_file: Callable[[Path], None] | None = None,
    files: list[Path] | None = None,
) -> ImportReport:
    """Import every file under `paths`; failures are recorded in the report and never stop the batch.

    `warc_root`: WARC paths inside it are stored relative to it (the data folder's captures).
    `on_file` is called after each file (progress). `files` skips discovery when the caller did it.
    """
    report = ImportReport()
    for path in files if files is not None else find_files(paths, report):
        try:
            if path.name.lower().endswith(WARC_SUFFIXES):
                _import_warc(store, path, source, warc_root, report)
            else:
                report.count(import_page(store, path, source))
        except BadInput as exc:
            report.failed.append((str(path), str(exc)))
        except OSError as exc:
            report.failed.append((str(path), exc.strerror or str(exc)))
        if on_file:
            on_file(path)
    return report


def read_page(path: Path) -> bytes:
    """The bytes of an .html/.txt file, refusing what cannot be a page."""
    size = path.stat().st_size
    if size == 0:
        raise BadInput("empty file")
    if size > MAX_PAGE_BYTES:
        raise BadInput(
            f"file too large ({size / 1048576:.1f} MiB; the limit is {MAX_PAGE_BYTES // 1048576} MiB)"
        )
    return path.read_bytes()


def extract_file(path: Path, source: str | None = None) -> Extracted:
    """What the archive would store for one .html/.txt file (the `extract` command)."""
    return normalize(read_page(path), path.resolve().as_uri(), source=source)


def import_page(store: Store, path: Path, source: str | None) -> SaveResult:
    raw = read_page(path)
    url = path.resolve().as_uri()
    doc = normalize(raw, url, source=source)
    capture = Capture(url=url, fetched_at=now_iso(), sha256=hashlib.sha256(raw).hexdigest())
    return store.save(doc, capture, source_name(source, doc.url))


def _import_warc(
    store: Store, path: Path, source: str | None, warc_root: Path | None, report: ImportReport
) -> None:
    """Every story response in a WARC becomes a record; a bad record is reported, the rest go on."""
    from archive.warc import is_api_article, read_responses

    stored_path = _warc_path(path, warc_root)
    for resp in _records(read_responses(path), path, report):
        wanted = _is_page(resp.content_type) or is_api_article(resp.url, resp.content_type)
        if resp.http_status not in (None, 200) or not wanted:
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
        try:
            result = save_fetched(
                store, resp.body, capture, source=source or resp.source, list_date=resp.list_date
            )
        except BadInput as exc:
            report.failed.append((f"{path}#{resp.offset} {resp.url}", str(exc)))
            continue
        report.count(result)


def _records(responses: Iterator, path: Path, report: ImportReport) -> Iterator:
    """The WARC's responses up to the first broken record, which is reported (the good ones are kept)."""
    try:
        yield from responses
    except BadInput as exc:
        report.failed.append((str(path), str(exc)))


def _warc_path(path: Path, root: Path | None) -> str:
    resolved = path.resolve()
    if root is not None and resolved.is_relative_to(root.resolve()):
        return str(resolved.relative_to(root.resolve()))
    return str(resolved)


def _is_page(content_type: str | None) -> bool:
    ct = (content_type or "text/html").lower()
    return ct.startswith(("text/html", "application/xhtml", "text/plain"))
