"""The answer when the server cannot take a request now: 503, and when to try again (`Retry-After`)."""

from __future__ import annotations

from archive.errors import ParlarchiveError


class Unavailable(ParlarchiveError):
    """A request the server cannot serve now (every export slot taken, the index being rebuilt): str(e) says
    why in the interface language; `retry_after` is the seconds to wait, None when waiting will not help."""

    http_status = 503

    def __init__(self, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
