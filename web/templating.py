"""What the templates may call: labels, the snippet filter (the one `|safe` of the app), links, locales."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from web.i18n import UI_LANGS
from web.labels import (
    date_from_label,
    date_to_label,
    lang_label,
    lang_name,
    long_date,
    source_label,
    text_dir,
)
from web.params import MAX_QUERY, URL_PARAMS, BadParam, parse_search

# A snippet from search is HTML-escaped text with matches in <mark>…</mark> (search/highlight.py); this is
# checked on every snippet before it is trusted, so a change there cannot open a hole here.
MARK = re.compile(r"</?mark>")


def snippet_html(snippet: str | None) -> Markup:
    """The snippet as HTML when it holds nothing but escaped text and <mark> tags, else escaped whole."""
    text = snippet or ""
    rest = MARK.sub("", text)
    if "<" in rest or ">" in rest or re.search(r"&(?!(?:amp|lt|gt|quot|#x27|#39);)", rest):
        return escape(text)
    return Markup(text)  # verified above: escaped text and <mark> tags only


def has_endpoint(name: str) -> bool:
    """Whether a view is registered (the document page links the capture and compare views when present)."""
    return name in current_app.view_functions


def current_path() -> str:
    """Where the language switch returns to: this page's path and its search parameters (the first value of
    each; unknown parameters and overlong values left out, so a hostile URL is not echoed three times)."""
    kept = {name: value for name in URL_PARAMS if len(value := request.args.get(name, "")) <= MAX_QUERY}
    query = urlencode({name: value for name, value in kept.items() if value}, quote_via=quote)
    return quote(request.path) + (f"?{query}" if query else "")


def carried_search() -> dict[str, str]:
    """The search that led to this page, to pass on in its links: `{"search": "q=…&lang=…"}` from the page's own
    `?search=` (a document, its capture or compare page), {} without one or when it is not a search."""
    raw = request.args.get("search", "")
    if not raw or len(raw) > 4 * MAX_QUERY:
        return {}
    try:
        args = parse_search(MultiDict(parse_qsl(raw))).args()
    except BadParam:
        return {}
    return {"search": urlencode(args)} if args else {}


def search_carrying(args: dict[str, object]) -> dict[str, str]:
    """What a result's links carry of the search they are shown in (its page included)."""
    return {"search": urlencode(args)} if args else {}


def back_to_search() -> str:
    """The search page of the carried search (the plain search page without one)."""
    carried = carried_search().get("search")
    return url_for("search.search") + (f"?{carried}" if carried else "")


def init_templating(app: Flask) -> None:
    app.jinja_env.autoescape = True  # every template, .svg and .xml included
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        snippet=snippet_html,
        source_label=source_label,
        lang_label=lang_label,
        long_date=long_date,
        text_dir=text_dir,
        date_from_label=date_from_label,
        date_to_label=date_to_label,
    )
    app.jinja_env.globals.update(
        UI_LANGS=UI_LANGS,
        lang_name=lang_name,
        has_endpoint=has_endpoint,
        current_path=current_path,
        carried_search=carried_search,
        search_carrying=search_carrying,
        back_to_search=back_to_search,
        ui_locale=lambda: str(get_locale()),
    )
