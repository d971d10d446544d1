"""Errors as the user sees them: a page in the interface language, or JSON under /api/."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from archive.errors import ArchiveError
from search.backend import IndexFailure, QueryError
from web.params import BadParam


def query_message(exc: QueryError) -> str:
    """A query the parser rejects, said in the interface language (the parser's reason is English)."""
    return _("The query cannot be read: %(reason)s", reason=str(exc))


def http_message(code: int) -> str:
    return {
        400: _("The request cannot be used."),
        404: _("Nothing is archived at this address."),
        405: _("This archive can only be read: use GET."),
    }.get(code, _("Something went wrong on our side; the archive is unchanged."))


def error_response(status: int, message: str) -> tuple[Response | str, int]:
    if request.path.startswith("/api/"):
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def init_errors(app: Flask) -> None:
    app.register_error_handler(BadParam, lambda exc: error_response(400, str(exc)))
    app.register_error_handler(QueryError, lambda exc: error_response(400, query_message(exc)))
    app.register_error_handler(
        ArchiveError,
        lambda exc: error_response(503, _("The archive cannot be read: %(reason)s", reason=str(exc))),
    )
    app.register_error_handler(
        IndexFailure,
        lambda exc: error_response(503, _("The search index cannot be read: %(reason)s", reason=str(exc))),
    )
    app.register_error_handler(
        HTTPException, lambda exc: error_response(exc.code or 500, http_message(exc.code or 500))
    )
