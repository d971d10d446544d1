"""The Atom feed of a search (RFC 4287): each entry in its own language, `updated` when the archive stored it.

A reader of the feed learns of a story when the archive stores it, whatever the story's own date (its
`published`); ids are the archive's public addresses (`web.urls`), the same for every reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

EPOCH = "1970-01-01T00:00:00Z"  # an empty archive's feed: stable, and older than anything it will hold


def atom_time(value: str | None) -> str | None:
    """An RFC 3339 UTC time from a stored time or an ISO date (None when there is none or it cannot be read)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Entry:
    hit: dict
    link: str  # the record's page in the archive: the entry's id
    updated: str  # when the archive stored the record (its latest change)
    published: str | None  # the story's own date


def entries(hits: list[dict], records: dict[str, dict], permalink: Callable[[str], str]) -> list[Entry]:
    """The feed's entries for these hits, given the stored records (by id) and the archive's address of each."""
    out = []
    for hit in hits:
        record = records.get(hit["id"]) or {}
        published = atom_time(hit["date"])
        updated = atom_time(record.get("fetched_at")) or published or EPOCH
        out.append(Entry(hit, permalink(hit["id"]), updated, published))
    return out


def feed_updated(feed: list[Entry], last_stored: str | None) -> str:
    """The feed's `updated`: its newest entry's; without one, the archive's last change (stable between
    changes, unlike the time of the request)."""
    return max((e.updated for e in feed), default=None) or atom_time(last_stored) or EPOCH
