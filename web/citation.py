"""How a researcher cites an archived record: a line to paste, CSL-JSON, BibTeX and biblatex.

Every form cites the story as its page does: the organisation that published it as the author (named in the
interface language), the title, the story's date, its original address; and the archived copy, with the date
the archive first fetched it. CSL-JSON keeps the archive's record id in `archive_location` (a place in the
archive, not an address: styles print it as text) and the archived copy's address in `note`. Classic BibTeX
(`@misc`, what plain.bst and its kin read) carries the address in `howpublished` and the archived copy in
`note`; biblatex (`@online`) has its own `url`, `date`, `urldate` and `langid` (biblatex's language names).
"""

from __future__ import annotations

import re

from babel import Locale
from flask_babel import gettext as _

from web.labels import source_title

ARCHIVE_NAME = "Parlarchive"
BIBTEX_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()  # BibTeX's month macros


def original_url(record: dict) -> str:
    """Where the story was published: the URL the page names for itself, else the one it was fetched from."""
    return record.get("canonical_url") or record["url"]


def archived_at(record: dict) -> str | None:
    """When the archive first fetched the record (its first capture), as an ISO date."""
    fetched = [c["fetched_at"] for c in record.get("captures", []) if c.get("fetched_at")]
    first = min(fetched, default=record.get("fetched_at"))
    return first[:10] if first else None


def biblatex_language(code: str | None) -> str | None:
    """biblatex's (babel's and polyglossia's) name of a language: english, russian, kazakh."""
    return Locale.parse(code).english_name.lower() if code else None


def _date_parts(iso: str | None) -> dict | None:
    return {"date-parts": [[int(p) for p in iso[:10].split("-")]]} if iso else None


def csl_json(record: dict, permalink: str) -> dict:
    """The record as one CSL-JSON item (the format Zotero, Mendeley, pandoc and citeproc read)."""
    archived = archived_at(record)
    item = {
        "id": record["id"],
        "type": "webpage",
        "title": record.get("title") or "",
        "author": [{"literal": source_title(record.get("source"))}],
        "URL": original_url(record),
        "language": record.get("lang"),
        "issued": _date_parts(record.get("date")),
        "accessed": _date_parts(archived),
        "archive": ARCHIVE_NAME,
        "archive_location": record["id"],
        "note": archived_line(archived, permalink),
    }
    return {k: v for k, v in item.items() if v}


def archived_line(archived: str | None, permalink: str) -> str:
    """ "Archived 2026-12-03: http://…" (without a date: the address alone), in the interface language."""
    return _("Archived %(date)s: %(url)s", date=archived, url=permalink) if archived else permalink


def _tex(text: str) -> str:
    """Text for a BibTeX field: white space folded, TeX specials and braces escaped (so they balance)."""
    return re.sub(r"([{}\\&%$#_^~])", r"\\\1", " ".join(text.split()))


def _tex_url(url: str) -> str:
    """An address inside a field's text: `\\url{…}` (the url package), with what TeX reads in an argument
    escaped."""
    return r"\url{" + re.sub(r"([{}\\%#])", r"\\\1", url) + "}"


def _key(record: dict) -> str:
    year = (record.get("date") or "")[:4]
    return f"{record.get('source') or 'parlarchive'}{year}{record['id'][:8]}"


def _entry(kind: str, key: str, fields: dict[str, str | None]) -> str:
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items() if value)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def _note(record: dict, permalink: str) -> str:
    """The archived copy as a note: the interface's "Archived DATE: URL" with the address as `\\url{…}`."""
    marker = "\x00"  # stands for the address while the message's own text is escaped
    return _tex(archived_line(archived_at(record), marker)).replace(marker, _tex_url(permalink))


def bibtex(record: dict, permalink: str) -> str:
    """The record as a classic BibTeX `@misc` entry: the fields plain.bst and the styles built on it print."""
    date = record.get("date")
    fields = {
        "author": "{{" + _tex(source_title(record.get("source"))) + "}}",  # a corporate name, not First Last
        "title": "{{" + _tex(record.get("title") or "") + "}}",  # braced: styles keep the published case
        "howpublished": "{" + _tex_url(original_url(record)) + "}",
        "year": "{" + date[:4] + "}" if date else None,
        "month": BIBTEX_MONTHS[int(date[5:7]) - 1] if date else None,
        "note": "{" + _note(record, permalink) + "}",
    }
    return _entry("misc", _key(record), fields)


def biblatex(record: dict, permalink: str) -> str:
    """The record as a biblatex `@online` entry (for biber and biblatex styles)."""
    fields = {
        "author": "{{" + _tex(source_title(record.get("source"))) + "}}",
        "title": "{" + _tex(record.get("title") or "") + "}",
        "date": "{" + record["date"] + "}" if record.get("date") else None,
        # a verbatim field (biber reads it as it stands): only a brace would end it early
        "url": "{" + original_url(record).replace("{", "%7B").replace("}", "%7D") + "}",
        "urldate": "{" + archived_at(record) + "}" if archived_at(record) else None,
        "langid": "{" + biblatex_language(record.get("lang")) + "}" if record.get("lang") else None,
        "note": "{" + _note(record, permalink) + "}",
    }
    return _entry("online", _key(record), fields)


def citation_parts(record: dict, permalink: str) -> dict:
    """The pieces of the line to paste, for the template to join in the interface language."""
    return {
        "source": source_title(record.get("source")),
        "title": record.get("title") or "",
        "date": record.get("date"),
        "url": original_url(record),
        "archived": archived_line(archived_at(record), permalink),
    }
