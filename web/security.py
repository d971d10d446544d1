"""What every response carries and every request must be: security headers, reading methods only, and a Host
header that names a host."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask, Response, abort, request
from werkzeug.exceptions import HTTPException

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
# Set in the WSGI environ of a request that is to be answered by the site's error page of this status: one
# whose Host header names no host, one the server could not read (web.server).
ERROR_STATUS = "parlarchive.error_status"
STAND_IN_HOST = "localhost"  # the host such a request is answered under (its own cannot build a link)


def _only_reading() -> None:
    if request.environ.get(ERROR_STATUS):
        abort(request.environ[ERROR_STATUS])
    if request.method not in READING:
        abort(405)


def _host_checked(app: Flask, wsgi_app: Callable) -> Callable:
    """The WSGI app, answering a request whose Host cannot be a host name (a label over 63 characters, an
    empty one) with the site's 400 page: Flask cannot build a link under such a host, not even an error
    page's, and would fail with a bare 500."""

    def checked(environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            app.create_url_adapter(app.request_class(environ))
        except HTTPException:
            environ = {**environ, "HTTP_HOST": STAND_IN_HOST, ERROR_STATUS: 400}
        return wsgi_app(environ, start_response)

    return checked


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)  # a view may set a stricter one (the capture's sandbox)
    return response


def secure(app: Flask) -> None:
    """GET and HEAD only (nothing in the web app writes), a Host that names a host, and the security headers
    on every response."""
    app.wsgi_app = _host_checked(app, app.wsgi_app)  # type: ignore[method-assign]
    app.before_request(_only_reading)
    app.after_request(_headers)
