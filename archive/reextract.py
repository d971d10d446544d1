"""Re-extraction of stored records from their captures: an archive written before its sites' templates were
learned, or by an earlier extraction, gets the records that extraction and the learned templates give now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from archive import template
from archive.capture import read_page
from archive.config import Settings
from archive.errors import BadInput
from archive.models import Capture
from archive.pipeline import Failed, Job, normalized
from archive.store import Store


@dataclass
class ReextractReport:
    """What a re-extraction did: records whose stored text changed, that stayed, that could not be read."""

    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (record id, reason)

    def as_json(self) -> dict:
        return {
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": [{"id": i, "reason": r} for i, r in self.failed],
        }


def reextract(
    store: Store,
    root: Path,
    host: str | None = None,
    *,
    workers: int = 1,
    settings: Settings,
    on_record: Callable[[], None] | None = None,
) -> ReextractReport:
    """Normalize every record (of one host) again from its latest capture and save it, `workers` processes
    normalizing, in transactions of `settings.import_batch` records. `on_record` is called after each record
    (progress).

    `root`: the WARC root that stored WARC paths are relative to; a capture over `settings.max_page_bytes` is
    refused.
    """
    wanted = template.template_host(f"http://{host}") if host else None
    report = ReextractReport()
    with store.batches(settings.import_batch) as saved:
        for item in normalized(store, _jobs(store, root, wanted, settings.max_page_bytes), workers):
            if isinstance(item, Failed):
                report.failed.append((item.label, item.reason))
            elif isinstance(item, Job):
                if item.problem is not None or item.doc is None:
                    report.failed.append((item.label, str(item.problem)))
                else:
                    result = store.save(item.doc, item.capture, item.source or "", item.signed, item.stripped)
                    saved()
                    if result.status == "unchanged":
                        report.unchanged += 1
                    else:
                        report.updated += 1
            if on_record:
                on_record()
    return report


def _jobs(store: Store, root: Path, host: str | None, max_page_bytes: int) -> Iterator[Job | Failed | None]:
    """A job per record (of the host) from its latest capture; None for a record of another host."""
    for rid in store.ids():
        rec = store.row(rid)
        if rec is None:
            continue
        if host and template.template_host(rec["canonical_url"] or rec["url"]) != host:
            yield None
            continue
        capture = store.latest_capture(rid)
        try:
            if capture is None:
                raise BadInput("no capture")
            raw = capture_bytes(capture, root, max_page_bytes)
            if hashlib.sha256(raw).hexdigest() != capture.sha256:
                raise BadInput("the capture changed since it was stored: import it again")
        except (BadInput, OSError) as exc:
            yield Failed(rid, str(exc))
            continue
        yield Job(rid, capture, raw, rec["source"], True, rec["date"], "story")


def capture_bytes(capture: Capture, root: Path, max_page_bytes: int) -> bytes:
    """The raw bytes of a capture: its WARC record's payload, or the imported file."""
    if capture.warc_path:  # an imported WARC outside the data folder is kept by its absolute path
        page = read_page(root, capture, max_page_bytes, within=False)
        if page.truncated:
            raise BadInput(f"the capture at {capture.warc_path}#{capture.warc_offset} is over the page limit")
        return page.body
    parts = urlsplit(capture.url)
    if parts.scheme != "file":
        raise BadInput(f"no stored capture of {capture.url}")
    path = Path(url2pathname(parts.path))
    if path.stat().st_size > max_page_bytes:
        raise BadInput(f"the file {path} is now larger than the page limit")
    return path.read_bytes()
