"""The capture as archived: the page exactly as fetched, read back from its WARC record, in a sandboxed frame
beside the clean text; and the raw WARC record to download. What archivists check a cleaned text against."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, render_template, url_for

from archive.capture import read_page, record_bytes
from archive.errors import BadInput
from archive.models import Capture, paragraphs
from web.archive_app import archive
from web.views.document import record_or_404

bp = Blueprint("capture", __name__)

# The archived page runs nothing and fetches nothing: no scripts (a sandbox without allow-scripts), no
# request to the live site or anywhere (default-src 'none'), no form sent, no plugin; its own inline styles
# and inline images still render.
FRAME_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:;"
    " form-action 'none'; base-uri 'none'; frame-ancestors 'self'"
)
# Links and refreshes would navigate the frame to the live site: their targets are kept under another
# attribute name (visible in the page's source), so nothing is followed. Nothing else of the page changes.
_NAVIGATION = re.compile(rb"(<(?:a|area|link)\b[^>]*?\s)(href\s*=)|(<meta\b[^>]*?\s)(http-equiv\s*=)", re.I)


def _neutralized(body: bytes) -> bytes:
    return _NAVIGATION.sub(lambda m: (m[1] or m[3]) + b"data-archived-" + (m[2] or m[4]), body)


def _capture(record_id: str, n: int) -> Capture:
    """The record's capture n as stored, to read its WARC record (a path outside the data folder is read
    here and never shown: the pages show the public record). 404 for no such record or capture."""
    captures = archive().stored_captures(record_id)
    if not 0 <= n < len(captures) or not captures[n].warc_path:
        abort(404)
    return captures[n]


def _limit() -> int:
    return archive().settings.max_page_bytes


@bp.get("/documents/<record_id>/capture")
def show(record_id: str) -> str:
    record = record_or_404(record_id)
    stored = archive().stored_captures(record_id)
    kept = [n for n, cap in enumerate(stored) if cap.warc_path]
    if not kept:
        abort(404)
    n = kept[-1]  # the latest capture
    cap = record["captures"][n]
    error = None
    try:
        page = read_page(archive().data.warc_root, stored[n], _limit())
    except BadInput as exc:
        page, error = None, str(exc)
    return render_template(
        "capture.html",
        doc=record,
        cap=cap,
        n=n,
        page=page,
        error=error,
        paragraphs=paragraphs(record.get("text")),
        frame_url=url_for("capture.page", record_id=record_id, n=n),
    )


@bp.get("/documents/<record_id>/capture/<int:n>/page")
def page(record_id: str, n: int) -> Response:
    """The archived payload, served on its own path under a sandboxing policy."""
    cap = _capture(record_id, n)
    try:
        captured = read_page(archive().data.warc_root, cap, _limit())
    except BadInput:
        abort(404)
    kind = (captured.content_type or "text/html").split(";")[0].strip().lower()
    shown = kind if kind in ("text/html", "application/xhtml+xml", "text/plain") else "text/plain"
    charset = re.search(r"charset=([\w.:-]+)", captured.content_type or "", re.I)
    mimetype = f"{shown}; charset={charset[1]}" if charset else shown
    response = Response(_neutralized(captured.body), content_type=mimetype)
    response.headers["Content-Security-Policy"] = FRAME_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/documents/<record_id>/capture/<int:n>/record.warc")
def record(record_id: str, n: int) -> Response:
    """The capture's WARC record byte for byte (gzip-compressed when its file is), for replay tools."""
    cap = _capture(record_id, n)
    try:
        raw = record_bytes(archive().data.warc_root, cap, _limit() + (1 << 20))
    except BadInput:
        abort(404)
    gz = (cap.warc_path or "").endswith(".gz")
    response = Response(raw, mimetype="application/warc")
    name = f"{record_id}-{n}.warc" + (".gz" if gz else "")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
