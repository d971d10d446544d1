"""Errors as the user sees them: a page in the interface language, or JSON under /api/."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from archive.errors import ArchiveError, ParlarchiveError
from search.backend import IndexFailure, QueryError, SearchTooSlow
from web.archive_app import archive
from web.public import public_message
from web.unavailable import Unavailable


def query_message(exc: QueryError) -> str:
    """A query the search refuses, said in the interface language: its reason is a message of the catalogs
    (the search's English template, translated, with its values)."""
    reason = _(exc.template, **exc.params)
    if isinstance(exc, SearchTooSlow):
        return reason
    return _("The query cannot be read: %(reason)s", reason=reason)


def user_message(exc: ParlarchiveError) -> str:
    """An error in the interface language: the reason a lower layer gives (in English) with what failed."""
    if isinstance(exc, QueryError):
        return query_message(exc)
    reason = public_message(str(exc), archive().data)  # the page names no folder of the server
    if isinstance(exc, ArchiveError):
        return _("The archive cannot be read: %(reason)s", reason=reason)
    if isinstance(exc, IndexFailure):
        return _("The search index cannot be read: %(reason)s", reason=reason)
    return str(exc)  # a BadParam says it in the interface language already


def http_message(code: int) -> str:
    unusable, too_large = _("The request cannot be used."), _("The request is too large.")
    return {
        400: unusable,
        404: _("Nothing is archived at this address."),
        405: _("This archive can only be read: use GET."),
        413: too_large,
        431: too_large,
        501: unusable,  # a transfer encoding the server does not read
    }.get(code, _("Something went wrong on our side; the archive is unchanged."))


def _user_error(exc: ParlarchiveError) -> Response:
    """The error's own status; the server's log has the whole reason of a 503 (its page names no folder)."""
    if exc.http_status >= 500 and not isinstance(exc, Unavailable):
        current_app.logger.error("%s", exc)
    response = make_response(error_response(exc.http_status, user_message(exc)))
    if getattr(exc, "retry_after", None):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def error_response(status: int, message: str) -> tuple[Response | str, int]:
    if request.path.startswith("/api/"):
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def init_errors(app: Flask) -> None:
    """Every error a user can meet answers with the HTTP status it carries (archive.errors)."""
    app.register_error_handler(ParlarchiveError, _user_error)
    app.register_error_handler(
        HTTPException, lambda exc: error_response(exc.code or 500, http_message(exc.code or 500))
    )
