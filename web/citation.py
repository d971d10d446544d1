"""How a researcher cites an archived record: a line to paste, CSL-JSON and BibTeX."""

from __future__ import annotations

import re

from web.labels import source_title


def original_url(record: dict) -> str:
    """Where the story was published: the URL the page names for itself, else the one it was fetched from."""
    return record.get("canonical_url") or record["url"]


def archived_at(record: dict) -> str | None:
    """When the archive first fetched the record (its first capture), as an ISO date."""
    fetched = [c["fetched_at"] for c in record.get("captures", []) if c.get("fetched_at")]
    first = min(fetched, default=record.get("fetched_at"))
    return first[:10] if first else None


def _date_parts(iso: str | None) -> dict | None:
    return {"date-parts": [[int(p) for p in iso[:10].split("-")]]} if iso else None


def csl_json(record: dict, permalink: str) -> dict:
    """The record as one CSL-JSON item (the format Zotero, Mendeley and pandoc read)."""
    item = {
        "id": record["id"],
        "type": "webpage",
        "title": record.get("title") or "",
        "container-title": source_title(record.get("source")),
        "publisher": source_title(record.get("source")),
        "URL": original_url(record),
        "language": record.get("lang"),
        "issued": _date_parts(record.get("date")),
        "accessed": _date_parts(archived_at(record)),
        "archive": "Parlarchive",
        "archive_location": permalink,
    }
    return {k: v for k, v in item.items() if v}


def _bibtex_value(text: str) -> str:
    """A BibTeX field value: braces balanced by escaping every one, TeX specials escaped."""
    text = " ".join(text.split())
    return re.sub(r"([{}\\&%$#_^~])", r"\\\1", text)


def bibtex(record: dict, permalink: str) -> str:
    """The record as a BibTeX @online entry (biblatex), keyed by source, year and id."""
    year = (record.get("date") or "")[:4]
    key = f"{record.get('source') or 'parlarchive'}{year}{record['id'][:8]}"
    fields = {
        "title": record.get("title") or "",
        "organization": source_title(record.get("source")),
        "date": record.get("date"),
        "url": original_url(record),
        "langid": record.get("lang"),
        "urldate": archived_at(record),
        "note": f"Archived by Parlarchive: {permalink}",
    }
    body = ",\n".join(f"  {name} = {{{_bibtex_value(value)}}}" for name, value in fields.items() if value)
    return f"@online{{{key},\n{body}\n}}\n"


def citation_parts(record: dict, permalink: str) -> dict:
    """The pieces of the line to paste, for the template to join in the interface language."""
    return {
        "source": source_title(record.get("source")),
        "title": record.get("title") or "",
        "date": record.get("date"),
        "url": original_url(record),
        "archived": archived_at(record),
        "permalink": permalink,
    }
