"""Re-extraction of stored records from their captures: an archive written before its sites' templates were
learned, or by an earlier extraction, gets the records that extraction and the learned templates give now.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from archive import template
from archive.capture import read_page
from archive.errors import BadInput, NotAPage
from archive.ingest import save_fetched
from archive.models import Capture
from archive.normalize.core import MAX_PAGE_BYTES
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


def reextract(store: Store, root: Path, host: str | None = None) -> ReextractReport:
    """Normalize every record (of one host) again from its latest capture and save it.

    `root`: the WARC root that stored WARC paths are relative to.
    """
    wanted = template.template_host(f"http://{host}") if host else None
    report = ReextractReport()
    for rec in list(store.documents()):
        if wanted and template.template_host(rec["canonical_url"] or rec["url"]) != wanted:
            continue
        capture = store.latest_capture(rec["id"])
        try:
            if capture is None:
                raise BadInput("no capture")
            raw = capture_bytes(capture, root)
            if hashlib.sha256(raw).hexdigest() != capture.sha256:
                raise BadInput("the capture changed since it was stored: import it again")
            result = save_fetched(store, raw, capture, source=rec["source"], list_date=rec["date"])
        except (BadInput, NotAPage, OSError) as exc:
            report.failed.append((rec["id"], str(exc)))
            continue
        if result.status == "unchanged":
            report.unchanged += 1
        else:
            report.updated += 1
    return report


def capture_bytes(capture: Capture, root: Path) -> bytes:
    """The raw bytes of a capture: its WARC record's payload, or the imported file."""
    if capture.warc_path:
        path = root / capture.warc_path  # an imported WARC outside the data folder is kept by absolute path
        where = {**asdict(capture), "warc_path": path.name}
        page = read_page(path.parent, where, MAX_PAGE_BYTES)
        if page.truncated:
            raise BadInput(f"the capture at {capture.warc_path}#{capture.warc_offset} is over the page limit")
        return page.body
    parts = urlsplit(capture.url)
    if parts.scheme != "file":
        raise BadInput(f"no stored capture of {capture.url}")
    return Path(url2pathname(parts.path)).read_bytes()
