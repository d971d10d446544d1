"""Export of records as JSONL or CSV, streamed a record at a time (constant memory for any size).

A row is a record with what a researcher cites and checks it by: the archive's own link, the story's address
(`url`, the one the page names for itself, as search hits give it) and where it was captured from, when it
was fetched, the SHA-256 of the capture, and the WARC file and offset that hold it. CSV is written for spreadsheets: a UTF-8
byte-order mark first (without it Excel and LibreOffice read Kazakh text as mojibake), and no cell that a
spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

FIELDS = (
    "id", "story", "archive_url", "url", "captured_url", "source", "lang", "text_lang", "title", "date",
    "fetched_at", "sha256", "warc_file", "warc_offset", "duplicate_of", "duplicates", "versions", "translations",
    "text",
)  # fmt: skip
JSON_FIELDS = ("duplicates", "versions", "translations")  # written as JSON in a CSV cell
FORMATS = ("jsonl", "csv")
BOM = "\ufeff"
# A spreadsheet reads a cell that starts with one of these as a formula (=HYPERLINK(…) runs, +/-/@ too, and a
# tab or carriage return before them is skipped): such a cell is written after an apostrophe, which every
# spreadsheet shows as text and hides (OWASP's advice for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def stored_capture(record: dict) -> dict:
    """The capture the record's stored text came from (the one fetched when the record last changed), else its
    latest; {} when the record has none."""
    captures = record.get("captures") or []
    same = [c for c in captures if c.get("fetched_at") == record.get("fetched_at")]
    return (same or captures or [{}])[-1]


def export_row(record: dict) -> dict:
    """The exported fields of one archive record (with its `archive_url`, the address of its page)."""
    capture = stored_capture(record)
    row = {k: record.get(k) for k in FIELDS}
    row.update(
        url=record.get("canonical_url") or record.get("url"),
        captured_url=record.get("url"),
        fetched_at=capture.get("fetched_at") or record.get("fetched_at"),
        sha256=capture.get("sha256"),
        warc_file=capture.get("warc_path"),
        warc_offset=capture.get("warc_offset"),
        duplicates=record.get("duplicates") or [],
        versions=record.get("versions") or {},
        translations=record.get("translations") or {},
    )
    return row


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet shows as the text it is, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_lines(records: Iterable[dict], fmt: str, *, bom: bool = True) -> Iterator[str]:
    """The export as text chunks: one line per record (CSV: a byte-order mark, unless `bom` is False, and a
    header line first)."""
    if fmt == "jsonl":
        for rec in records:
            yield json.dumps(export_row(rec), ensure_ascii=False) + "\n"
        return
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    writer = csv.DictWriter(buf, fieldnames=FIELDS)
    writer.writeheader()
    for rec in records:
        row = export_row(rec)
        row.update({k: json.dumps(row[k], ensure_ascii=False) for k in JSON_FIELDS})
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def write_whole(path: Path, chunks: Iterable[str]) -> None:
    """Write the export to `path` whole or not at all: into `path.partial` beside it, renamed over `path`
    once complete; on any error the partial file is removed and the error goes on."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            for chunk in chunks:
                out.write(chunk)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
