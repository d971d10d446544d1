"""Export of records as JSONL or CSV, streamed a record at a time (constant memory for any size)."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

FIELDS = (
    "id", "url", "source", "lang", "text_lang", "title", "date", "text", "duplicate_of", "versions", "translations",
)  # fmt: skip
JSON_FIELDS = ("versions", "translations")  # written as JSON in a CSV cell
FORMATS = ("jsonl", "csv")


def export_row(record: dict) -> dict:
    """The exported fields of one archive record."""
    return {k: record.get(k) for k in FIELDS}


def export_lines(records: Iterable[dict], fmt: str) -> Iterator[str]:
    """The export as text chunks: one line per record (CSV: a header line first)."""
    if fmt == "jsonl":
        for rec in records:
            yield json.dumps(export_row(rec), ensure_ascii=False) + "\n"
        return
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS)
    writer.writeheader()
    for rec in records:
        row = export_row(rec)
        writer.writerow({**row, **{k: json.dumps(row[k] or {}, ensure_ascii=False) for k in JSON_FIELDS}})
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
