"""What the web shows of the server's disk: nothing. An imported file's URL keeps its name, not its folders;
a WARC file outside the data folder (which the web cannot serve) is not named; a message naming the data
folder names it `…`. The command line, run by the archive's owner, shows them whole."""

from __future__ import annotations

import os
from pathlib import Path

from archive.paths import DataDir

HIDDEN = "…"  # stands for the folders left out


def public_url(url: str | None) -> str | None:
    """A file: URL as its name under `file:///…/`; any other URL as it is."""
    if not url or not url.startswith("file:"):
        return url
    return f"file:///{HIDDEN}/{url.rstrip('/').rsplit('/', 1)[-1]}"


def _public_capture(capture: dict) -> dict:
    path = capture.get("warc_path")
    outside = bool(path) and os.path.isabs(path)  # inside the data folder a path is stored relative to it
    return {**capture, "url": public_url(capture.get("url")), "warc_path": None if outside else path}


def public_record(record: dict | None) -> dict | None:
    """A whole record (`show --json`) with its URLs and WARC paths made public."""
    if record is None:
        return None
    out = {**record, "url": public_url(record.get("url"))}
    if "canonical_url" in record:
        out["canonical_url"] = public_url(record["canonical_url"])
    if record.get("alternates"):
        out["alternates"] = {lang: public_url(url) for lang, url in record["alternates"].items()}
    if "captures" in record:
        out["captures"] = [_public_capture(cap) for cap in record["captures"]]
    return out


def public_message(message: str, data: DataDir) -> str:
    """An error message with the data folder's place left out."""
    for root in sorted({str(data.root), str(Path(data.root).resolve())}, key=len, reverse=True):
        message = message.replace(root, HIDDEN)
    return message
