"""Errors as the user sees them: a page in the interface language, or JSON under /api/."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from archive.errors import ArchiveError, ParlarchiveError
from search.backend import IndexFailure, QueryError


def query_message(exc: QueryError) -> str:
    """A query the parser rejects, said in the interface language (the parser's reason is English)."""
    return _("The query cannot be read: %(reason)s", reason=str(exc))


def user_message(exc: ParlarchiveError) -> str:
    """An error in the interface language: the reason a lower layer gives (in English) with what failed."""
    if isinstance(exc, QueryError):
        return query_message(exc)
    if isinstance(exc, ArchiveError):
        return _("The archive cannot be read: %(reason)s", reason=str(exc))
    if isinstance(exc, IndexFailure):
        return _("The search index cannot be read: %(reason)s", reason=str(exc))
    return str(exc)  # a BadParam says it in the interface language already


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
    """Every error a user can meet answers with the HTTP status it carries (archive.errors)."""
    app.register_error_handler(
        ParlarchiveError, lambda exc: error_response(exc.http_status, user_message(exc))
    )
    app.register_error_handler(
        HTTPException, lambda exc: error_response(exc.code or 500, http_message(exc.code or 500))
    )
