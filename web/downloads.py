"""What a download is called: a file name that says what it holds, in a Content-Disposition every browser reads."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

from archive.translit import CYRILLIC_TO_LATIN
from web.params import SearchParams

_ASCII = str.maketrans(CYRILLIC_TO_LATIN)
_NOT_NAME = re.compile(r"[^\w]+")
MAX_QUERY_PART = 60  # characters of the query in a file name


def _part(text: str) -> str:
    return _NOT_NAME.sub("-", text).strip("-_")


def export_name(params: SearchParams, fmt: str, today: date) -> str:
    """The file of a search's export: `parlarchive_<query>_<filters>[_versions]_by-<order>_<export date>.<fmt>`, e.g.
    `parlarchive_маслихат_lang-ru_by-date_2026-12-03.csv` (`all` for every story)."""
    parts = [_part(params.q)[:MAX_QUERY_PART].strip("-") or "all"]
    named = {"source": params.source, "lang": params.lang, "from": params.date_from, "to": params.date_to}
    parts += [f"{name}-{_part(value)}" for name, value in named.items() if value]
    parts += ["versions"] if params.group == "version" else []
    parts += [f"by-{params.sort}", today.isoformat()]
    return f"parlarchive_{'_'.join(parts)}.{fmt}"


def attachment(name: str) -> str:
    """A Content-Disposition for a download named `name`: its ASCII spelling (Cyrillic transliterated) for
    old clients, the name itself in UTF-8 (RFC 6266, RFC 5987) for the others."""
    plain = name.lower().translate(_ASCII).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^A-Za-z0-9._-]+", "-", plain)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
