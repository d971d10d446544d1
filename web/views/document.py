"""The document page: clean text, provenance, duplicates, versions, and a citation (also CSL-JSON, BibTeX,
biblatex)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template

from archive.models import paragraphs
from web.archive_app import archive
from web.citation import biblatex, bibtex, citation_parts, csl_json
from web.downloads import attachment
from web.urls import RECORD_PATH, record_url

bp = Blueprint("document", __name__)
MAX_ID = 200  # characters: a record id is 16; a longer one is looked up nowhere


def record_or_404(record_id: str) -> dict:
    """The whole record of this id; 404 when the archive has none."""
    record = archive().get(record_id) if len(record_id) <= MAX_ID else None
    if record is None:
        abort(404)
    return record


def story_or_404(record_id: str) -> tuple[dict, dict[str, dict]]:
    """The record of this id and its story's versions, by language (itself for its own); 404 without one."""
    story = archive().story(record_id) if len(record_id) <= MAX_ID else None
    if story is None:
        abort(404)
    return story


def permalink(record_id: str) -> str:
    return record_url(archive().settings.public_url, record_id)


@bp.get(RECORD_PATH.format(id="<record_id>"))
def show(record_id: str) -> str:
    record = record_or_404(record_id)
    with archive().store() as store:  # the pages that repeat this story, to list with their titles and dates
        duplicates = [dup for dup in map(store.get, record["duplicates"]) if dup is not None]
    return render_template(
        "document.html",
        doc=record,
        duplicates=duplicates,
        paragraphs=paragraphs(record.get("text")),
        citation=citation_parts(record, permalink(record_id)),
    )


@bp.get("/documents/<record_id>/citation.json")
def citation_json(record_id: str) -> Response:
    response = jsonify([csl_json(record_or_404(record_id), permalink(record_id))])
    response.mimetype = "application/vnd.citationstyles.csl+json"
    response.headers["Content-Disposition"] = attachment(f"{record_id}.json")
    return response


@bp.get("/documents/<record_id>/citation.bib")
def citation_bib(record_id: str) -> Response:
    """Classic BibTeX (`@misc`), for BibTeX and its styles."""
    return _bib(bibtex(record_or_404(record_id), permalink(record_id)), f"{record_id}.bib")


@bp.get("/documents/<record_id>/citation-biblatex.bib")
def citation_biblatex(record_id: str) -> Response:
    """biblatex (`@online`, with `date`, `urldate` and `langid`), for biber."""
    return _bib(biblatex(record_or_404(record_id), permalink(record_id)), f"{record_id}-biblatex.bib")


def _bib(text: str, name: str) -> Response:
    response = Response(text, mimetype="application/x-bibtex")
    response.headers["Content-Disposition"] = attachment(name)
    return response
