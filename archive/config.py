"""Tunables, declared once with their defaults; each can be set by an environment variable or an option."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from urllib.parse import urlsplit

from archive.errors import BadUsage

ENV_PREFIX = "PARLARCHIVE_"
ARCHIVE_SCHEMES = ("postgresql://", "postgres://")


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
    # Processes that normalize the pages of an import (the archive is written by one, in order); 0: one per
    # core this process may use.
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
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then the environment, then explicit overrides (None values are ignored); BadUsage for a
        variable that is not a number."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None or not raw.strip():
                continue
            if f.type in ("str", str):
                values[f.name] = raw.strip()
                continue
            kind = float if f.type in ("float", float) else int
            try:
                values[f.name] = kind(raw)
            except ValueError:
                raise BadUsage(f"{ENV_PREFIX}{f.name.upper()} must be a number, not {raw!r}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = replace(cls(), **values)
        if settings.archive and not settings.archive.startswith(ARCHIVE_SCHEMES):
            raise BadUsage(
                f"{ENV_PREFIX}ARCHIVE must be a postgresql://… URL, not {settings.archive!r}"
                " (unset, the archive is archive.sqlite3 in the data folder)"
            )
        return settings
