"""The interface-language switch: a link that remembers the choice in a cookie and returns to the page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, request
from werkzeug.wrappers import Response

from web.i18n import COOKIE, COOKIE_AGE, UI_LANGS

bp = Blueprint("language", __name__)
# Browsers drop tabs and line breaks from a URL (`/<TAB>/evil.example` is `//evil.example`) and trim spaces
# and controls: a path to return to holds none of them (the site's own links percent-encode them).
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\\]")


def local_target(target: str | None) -> str:
    """A path on this site to return to; anything else (an absolute or scheme-relative URL, a backslash, white
    space or a control character) goes home."""
    if not target or not target.startswith("/") or target.startswith("//") or _UNSAFE.search(target):
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


@bp.get("/ui/<lang>")
def switch(lang: str) -> Response:
    if lang not in UI_LANGS:
        abort(404)
    response = redirect(local_target(request.args.get("next")), code=303)
    response.set_cookie(COOKIE, lang, max_age=COOKIE_AGE, samesite="Lax", httponly=True)
    return response
