"""What every response carries and every request must be: security headers, and reading methods only."""

from __future__ import annotations

from flask import Flask, Response, abort, request

# No inline script or style anywhere (templates link static files), so the policy needs no 'unsafe-inline'.
# frame-ancestors 'self': the capture view frames an archived page of this same site.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none';"
    " base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Cross-Origin-Opener-Policy": "same-origin",
}
READING = frozenset({"GET", "HEAD"})


def _only_reading() -> None:
    if request.method not in READING:
        abort(405)


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)  # a view may set a stricter one (the capture's sandbox)
    return response


def secure(app: Flask) -> None:
    """GET and HEAD only (nothing in the web app writes), and the security headers on every response."""
    app.before_request(_only_reading)
    app.after_request(_headers)
