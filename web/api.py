"""The JSON API: the command line's `search --json` and `show --json` over HTTP, and its OpenAPI description."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from web.archive_app import archive
from web.openapi import openapi_spec
from web.params import parse_search
from web.views.document import record_or_404, story_or_404
from web.views.search import searched

bp = Blueprint("api", __name__, url_prefix="/api")
VERSION_FIELDS = ("id", "url", "source", "lang", "title", "date")


@bp.get("/search")
def search() -> Response:
    """`search --json`: the query, the total, a page of hits and the facets."""
    params = parse_search(request.args, api=True)
    query, expanded, pending = searched(params)
    result = archive().search(query, **params.options())
    if params.everywhere:
        result = {**result, "expanded_query": expanded, "expansion_pending": pending}
    return jsonify(result)


@bp.get("/documents/<record_id>")
def document(record_id: str) -> Response:
    """`show --json`: the whole record."""
    return jsonify(record_or_404(record_id))


@bp.get("/documents/<record_id>/versions")
def versions(record_id: str) -> Response:
    """The record's language versions: {lang: the version's id, url, source, lang, title, date}."""
    _record, versions = story_or_404(record_id)
    out = {lang: {k: version.get(k) for k in VERSION_FIELDS} for lang, version in versions.items()}
    return jsonify({"id": record_id, "versions": out})


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_spec(archive().sources()))
