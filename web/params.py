"""The search parameters of a request (page, feed, export, API), validated, and the URLs of their changes.

Every state of a search lives in its URL: `q`, `lang`, `source`, `from`, `to`, `sort`, `page` (and the API's
`limit`). A bad value is a `BadParam` carrying a message in the interface language (HTTP 400).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from archive.errors import BadUsage
from archive.languages import LANGS
from archive.normalize.dates import iso_day
from archive.sources import FILE_SOURCE, SOURCE_NAMES
from search.service import ALL, GROUPS, SORTS, default_sort
from web.archive_app import archive
from web.i18n import N_

SOURCES = (*SOURCE_NAMES, FILE_SOURCE)
MAX_QUERY = 1000  # characters: ten times the longest query in the test sets; the parser keeps 64 words
PER_PAGE = 20
MAX_LIMIT = 100  # the API's largest page
MAX_PAGE = 500  # 10,000 hits at 20 a page: deeper paging is a crawl, and export serves it


UNKNOWN_LANG = N_("Unknown language “%(value)s”: use one of %(allowed)s.")
UNKNOWN_SOURCE = N_("Unknown source “%(value)s”: use one of %(allowed)s.")
UNKNOWN_GROUP = N_("Unknown grouping “%(value)s”: use one of %(allowed)s.")
UNKNOWN_SORT = N_("Unknown order “%(value)s”: use one of %(allowed)s.")
BAD_PAGE = N_("The page must be a whole number from 1 to %(max)d.")
BAD_SWITCH = N_("“%(value)s” is neither on nor off: use one of %(allowed)s.")
BAD_LIMIT = N_("The limit must be a whole number from 1 to %(max)d.")
# What a query never holds: control characters (the white space ones become spaces), surrogates, and the
# noncharacters U+FDD0-U+FDEF, U+FFFE, U+FFFF. The feed echoes the query into XML, which cannot carry them.
_SPACES = re.compile(r"[\t\n\r]")
_UNSEARCHABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


class BadParam(BadUsage):
    """A request parameter that cannot be used: str(e) is the message for the user (HTTP 400)."""


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    lang: str | None = None
    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    page: int = 1
    limit: int = PER_PAGE
    group: str = "story"  # one hit per story, or "version": each language version a hit
    everywhere: bool = False  # "search in all languages": the query expanded through the glossary (URL `all`)

    @property
    def query(self) -> str:
        return self.q or ALL

    def filters(self) -> dict[str, str | None]:
        return {
            "lang": self.lang,
            "source": self.source,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }

    def options(self) -> dict[str, object]:
        """The keyword options of `app.search`."""
        return {
            **self.filters(),
            "sort": self.sort,
            "page": self.page,
            "limit": self.limit,
            "group": self.group,
        }

    def args(self, **changes: object) -> dict[str, object]:
        """URL arguments of this search with `changes` (a filter change goes back to page 1); defaults left
        out, so that equal searches have equal URLs."""
        if set(changes) - {"page"}:
            changes.setdefault("page", 1)
        state = {name: changes.get(name, getattr(self, name)) for name in FIELDS}
        defaults = {"sort": default_sort(state["q"]), "page": 1, "limit": self.limit, "group": "story"}
        return {
            URL_NAMES.get(k, k): "1" if v is True else v
            for k, v in state.items()
            if v and v != defaults.get(k)
        }


FIELDS = tuple(f.name for f in fields(SearchParams))
URL_NAMES = {
    "date_from": "from",
    "date_to": "to",
    "everywhere": "all",
}  # the URL's names where they differ from the fields'
URL_PARAMS = tuple(
    URL_NAMES.get(name, name) for name in FIELDS
)  # a search's parameters, as the URL names them


def form_values(args: MultiDict) -> dict[str, str]:
    """What the search form shows of a request: the first value of each search parameter, cut to the longest
    a query may be (a refused 100 KB query is not echoed back)."""
    return {name: args.get(name, "")[:MAX_QUERY] for name in URL_PARAMS}


def _choice(
    args: MultiDict,
    name: str,
    allowed: tuple[str, ...],
    message: str,
    more: Callable[[], tuple[str, ...]] | None = None,
) -> str | None:
    """The parameter's value, one of `allowed` (or of `more()`, asked only for a value outside `allowed`)."""
    value = args.get(name, "").strip()
    if not value:
        return None
    if value not in allowed:
        allowed = more() if more else allowed
        if value not in allowed:
            raise BadParam(_(message, value=value[:40], allowed=", ".join(allowed)))
    return value


def _date(args: MultiDict, name: str) -> str | None:
    value = args.get(name, "").strip()
    if not value:
        return None
    try:
        return iso_day(value)
    except BadUsage:
        raise BadParam(_("“%(value)s” is not a date: use YYYY-MM-DD.", value=value[:40])) from None


def _number(args: MultiDict, name: str, default: int, top: int, message: str) -> int:
    value = args.get(name, "").strip()
    if not value:
        return default
    # (int() refuses more than 4,300 digits: the length is checked first)
    digits = value.lstrip("0") if value.isascii() and value.isdigit() else "-"
    if not digits.isdigit() or len(digits) > len(str(top)) or not 1 <= int(digits) <= top:
        raise BadParam(_(message, max=top))
    return int(digits)


def _query(args: MultiDict) -> str:
    """The query of a request: tabs and line breaks as spaces; BadParam when too long or holding a character
    that is never searched (a control character, a noncharacter)."""
    q = _SPACES.sub(" ", args.get("q", "")).strip()
    if len(q) > MAX_QUERY:
        raise BadParam(_("The query is too long: at most %(max)d characters.", max=MAX_QUERY))
    if _UNSEARCHABLE.search(q):
        raise BadParam(_("The query holds a character that cannot be searched."))
    return q


def parse_search(args: MultiDict, *, api: bool = False) -> SearchParams:
    """The search a request asks for; BadParam for any value that cannot be used."""
    q = _query(args)
    lang = _choice(args, "lang", LANGS, UNKNOWN_LANG)
    source = _choice(args, "source", SOURCES, UNKNOWN_SOURCE, lambda: archive().sources())
    date_from, date_to = _date(args, "from"), _date(args, "to")
    if date_from and date_to and date_from > date_to:
        raise BadParam(_("The start date is after the end date."))
    sort = _choice(args, "sort", SORTS, UNKNOWN_SORT) or default_sort(q)
    page = _number(args, "page", 1, MAX_PAGE, BAD_PAGE)
    limit = _number(args, "limit", PER_PAGE, MAX_LIMIT, BAD_LIMIT) if api else PER_PAGE
    group = _choice(args, "group", GROUPS, UNKNOWN_GROUP) or "story"
    everywhere = _choice(args, "all", ("0", "1", "false", "true"), BAD_SWITCH) in ("1", "true")
    return SearchParams(q, lang, source, date_from, date_to, sort, page, limit, group, everywhere)
