"""The interface-language switch: a link that remembers the choice in a cookie and returns to the page."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request
from werkzeug.wrappers import Response

from web.i18n import COOKIE, COOKIE_AGE, UI_LANGS

bp = Blueprint("language", __name__)


def local_target(target: str | None) -> str:
    """A path on this site to return to (anything else, an absolute or scheme-relative URL, goes home)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@bp.get("/ui/<lang>")
def switch(lang: str) -> Response:
    if lang not in UI_LANGS:
        abort(404)
    response = redirect(local_target(request.args.get("next")), code=303)
    response.set_cookie(COOKIE, lang, max_age=COOKIE_AGE, samesite="Lax", httponly=True)
    return response
