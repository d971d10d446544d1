"""Tunables, declared once with their defaults; each can be set by an environment variable or an option.

One `Settings` instance is made where the program starts (the command line, a plain `scrapy crawl`, a
test) and handed to each component when it is built; nothing reads a default at import. A new tunable is
a field here (its type is its default's: int, float, str or bool) and a line in the README's settings
section; `tests/test_settings.py` shows that it reaches the component it governs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from urllib.parse import urlsplit

from archive.errors import BadUsage

ENV_PREFIX = "PARLARCHIVE_"
ARCHIVE_SCHEMES = ("postgresql://", "postgres://")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class Settings:
    """What a user may tune. `PARLARCHIVE_<FIELD>` in the environment overrides a default."""

    # Seconds a writer waits for the search index's writer lock before it says the index is busy. A lock
    # whose owner is dead is taken over at once; this only bounds waiting behind a live writer.
    lock_timeout: float = 30.0
    # The largest page a crawl downloads or an import reads (bytes). No news page comes near it; a larger
    # one is refused with its size, never parsed (a 50 MB page or a gzip bomb would cost GBs of memory).
    max_page_bytes: int = 10 * 1024 * 1024
    # Requests in flight per site. Polite for a live site; a loopback mirror gets twice as many.
    crawl_concurrency: int = 4
    # List pages walked per language when a crawl is not told otherwise (endless pagination stops here).
    max_list_pages: int = 1000
    # A daily crawl stops paging a language after this many list pages in a row that hold only stories the
    # archive has with the same title (`crawl --full` walks every page). 1: the page after the new stories.
    known_list_pages: int = 1
    # The archive shared by several hosts: a PostgreSQL database's URL (postgresql://user@host/db). Empty:
    # the embedded archive, archive.sqlite3 in the data folder. Each host keeps its own search index.
    archive: str = ""
    # The folder every host mounts that holds the WARC captures: stored WARC paths are relative to it, the
    # crawler writes to its warc/ sub-folder, and `check` reads them there. Empty: the data folder.
    warc_root: str = ""
    # Processes that normalize the pages of an import (the archive is written by one, in order) and align the
    # stories of `tm export`; 0: one per core this process may use.
    import_workers: int = 0
    # Records an import (or `reextract`) stores per transaction: a kill loses at most this many, which a re-run
    # stores again. A commit per record cost more than the record's dedupe.
    import_batch: int = 256
    # The search engine of a new or rebuilt index: "tantivy" (Rust: fast at any size) or "whoosh" (pure
    # Python: tens of thousands of records). An index keeps the engine it was built with until
    # `parlarchive index --rebuild`, which switches.
    search_engine: str = "tantivy"
    # Seconds one search may take before it is stopped with a clear error (a query that asks too much).
    search_time_budget: float = 5.0
    # The web server (`serve`), so that slow clients cannot starve the others: seconds a connection has to
    # send a whole request, seconds a response waits for a client that takes none of it, seconds an idle
    # kept-alive connection stays open, and the connections one server process holds at once.
    request_timeout: float = 20.0
    send_timeout: float = 30.0
    idle_timeout: float = 30.0
    connection_limit: int = 1000
    # Where a site's operator learns who crawls it and why: the URL in the crawler's User-Agent.
    contact: str = "https://parlarchive.example/crawler"
    # The address readers reach the archive at: the one base of every absolute link and id it gives out (Atom
    # feed and entry ids, citations), so that they never depend on the Host a request names.
    public_url: str = "http://127.0.0.1:8000"

    def __post_init__(self) -> None:
        url = urlsplit(self.public_url)
        if url.scheme not in ("http", "https") or not url.hostname or url.query or url.fragment:
            raise BadUsage(
                f"{ENV_PREFIX}PUBLIC_URL must be an http(s) address such as https://archive.example.org,"
                f" not {self.public_url!r}"
            )
        object.__setattr__(self, "public_url", self.public_url.rstrip("/"))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then the environment, then explicit overrides (None values are ignored); BadUsage for a
        variable that does not read as its field's type."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(env_name(f.name))
            if raw is not None and raw.strip():
                values[f.name] = _parse(f.name, type(f.default), raw.strip())
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = replace(cls(), **values)
        if settings.archive and not settings.archive.startswith(ARCHIVE_SCHEMES):
            raise BadUsage(
                f"{env_name('archive')} must be a postgresql://… URL, not {settings.archive!r}"
                " (unset, the archive is archive.sqlite3 in the data folder)"
            )
        return settings

    def as_env(self) -> dict[str, str]:
        """Every field as its environment variable: what a child process reads back with `from_env`."""
        return {env_name(f.name): _text(getattr(self, f.name)) for f in fields(self)}


def env_name(field: str) -> str:
    """The environment variable of a field: `max_page_bytes` -> `PARLARCHIVE_MAX_PAGE_BYTES`."""
    return ENV_PREFIX + field.upper()


def _parse(name: str, kind: type, raw: str) -> object:
    if kind is str:
        return raw
    if kind is bool:
        if raw.lower() in _TRUE + _FALSE:
            return raw.lower() in _TRUE
        raise BadUsage(f"{env_name(name)} must be one of {', '.join(_TRUE + _FALSE)}, not {raw!r}")
    try:
        return kind(raw)
    except ValueError:
        raise BadUsage(f"{env_name(name)} must be a number, not {raw!r}") from None


def _text(value: object) -> str:
    return ("1" if value else "0") if isinstance(value, bool) else str(value)
