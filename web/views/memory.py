"""The translation memory as a concordance for translators (page and API): the archive's closest sentences to
a text, with their human translations, the differences from the text marked, and the glossary's entries for
its words; the whole archive's (or a search's) aligned human versions as TMX or TSV, and the glossary as CSV
or TBX."""

from __future__ import annotations

from itertools import chain

from flask import Blueprint, Response, abort, jsonify, render_template, request, stream_with_context
from flask_babel import gettext as _

from archive.languages import LANGS
from translation.glossary import FORMATS as GLOSSARY_FORMATS
from translation.memory import FORMATS, MIN_SCORE, SEGTYPES
from web.archive_app import TM_WAIT, archive
from web.errors import error_response
from web.i18n import N_
from web.params import MAX_QUERY, UNKNOWN_LANG, BadParam, parse_search
from web.views.search import searched

bp = Blueprint("memory", __name__)
LIMIT = 10
UNKNOWN_UNIT = N_("Unknown unit “%(value)s”: use one of %(allowed)s.")
DOWNLOADS = {
    "tmx": "application/x-tmx+xml; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tbx": "application/x-tbx+xml; charset=utf-8",
}


def _concordance(args: dict) -> dict:
    """The concordance a request asks for: {query, lang, pending, matches, glossary}."""
    text = args.get("q", "").strip()
    lang = args.get("lang", "").strip() or None
    if len(text) > MAX_QUERY:
        raise BadParam(_("The query is too long: at most %(max)d characters.", max=MAX_QUERY))
    if "\x00" in text:
        raise BadParam(_("The query holds a character that cannot be searched."))
    if lang is not None and lang not in LANGS:
        raise BadParam(_(UNKNOWN_LANG, value=lang[:40], allowed=", ".join(LANGS)))
    out = {"query": text, "lang": lang, "pending": False, "matches": [], "glossary": []}
    if not text:
        return out
    tm = archive().translation_memory(wait=TM_WAIT)
    if tm is None:
        return {**out, "pending": True}
    langs = [lang] if lang else list(LANGS)
    matches = [m for each in langs for m in tm.lookup(text, each, limit=LIMIT)]
    out["matches"] = sorted(matches, key=lambda m: -m.score)[:LIMIT]
    out["glossary"] = [e for each in langs for e in tm.glossary.in_text(text, each)]
    return out


@bp.get("/memory")
def page() -> tuple[str, int] | str:
    try:
        found = _concordance(request.args)
    except BadParam as exc:
        return render_template("memory.html", found=None, error=str(exc), **_page_args()), 400
    return render_template("memory.html", found=found, error=None, **_page_args())


def _page_args() -> dict:
    return {"langs": LANGS, "form": request.args, "min_score": MIN_SCORE}


@bp.get("/api/memory")
def api() -> Response:
    found = _concordance(request.args)
    return jsonify({**found, "matches": [m.as_json() for m in found["matches"]],
                    "glossary": [e.as_json() for e in found["glossary"]]})  # fmt: skip


@bp.get("/memory.<fmt>")
def export(fmt: str) -> Response:
    """The aligned human versions of the whole archive, or of the stories a search finds (its parameters)."""
    if fmt not in FORMATS:
        abort(404)
    segtype = request.args.get("segtype", SEGTYPES[0])
    if segtype not in SEGTYPES:
        raise BadParam(_(UNKNOWN_UNIT, value=segtype[:40], allowed=", ".join(SEGTYPES)))
    params = parse_search(request.args)
    query = searched(params)[0] if params.q else None
    chunks = archive().tm_export(fmt, segtype=segtype, query=query, **params.filters())
    first = next(chunks, "")  # runs the search now: a bad query is a 400, not a broken download
    response = Response(stream_with_context(chain([first], chunks)), content_type=DOWNLOADS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="parlarchive-memory.{fmt}"'
    return response


@bp.get("/glossary.<fmt>")
def glossary(fmt: str) -> Response | tuple[Response | str, int]:
    """The glossary as CSV or TBX; 503 (retry) while the memory it comes with is first built."""
    if fmt not in GLOSSARY_FORMATS:
        abort(404)
    tm = archive().translation_memory(wait=TM_WAIT)
    if tm is None:
        return error_response(503, _("The translation memory is being built: reload in a minute."))
    response = Response(GLOSSARY_FORMATS[fmt](tm.glossary), content_type=DOWNLOADS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="parlarchive-glossary.{fmt}"'
    return response
