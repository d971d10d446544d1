"""What the web app needs of the application object (a Protocol, so `web` never imports `parlarchive`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, cast

from flask import current_app

from archive.config import Settings
from archive.models import Capture
from archive.paths import DataDir
from search.service import IndexStatus, SearchIndex
from translation.memory import TranslationMemory
from web.index_state import index_warning
from web.public import public_record, public_url

EXTENSION = "parlarchive"  # the key of the application object in `app.extensions`
TM_WAIT = 2.0  # seconds a request waits for the translation memory's first build (on an archive small enough)


class ArchiveApp(Protocol):
    """The reading half of `parlarchive.app.Parlarchive`: the web app calls nothing else."""

    data: DataDir
    settings: Settings
    index: SearchIndex

    def search(self, query: str, **options: object) -> dict: ...

    def get(self, record_id: str) -> dict | None: ...

    def story(self, record_id: str) -> tuple[dict, dict[str, dict]] | None: ...

    def sources(self) -> tuple[str, ...]: ...

    def export_records(self, query: str | None = None, **options: object) -> Iterator[dict]: ...

    def ready_index(self) -> str | None:
        """Index what the archive gained since the index's rev (`serve --follow`)."""

    def translation_memory(self, wait: float | None = None) -> TranslationMemory | None: ...

    def expand_query(self, query: str, *, wait: float | None = None) -> str | None: ...

    def tm_export(
        self, fmt: str, *, segtype: str = "sentence", query: str | None = None, **filters: object
    ) -> Iterator[str]: ...

    def index_status(self) -> IndexStatus: ...

    def rebuild_index(self) -> int: ...


class WebArchive:
    """The application object as the web uses it: a search meets a ready index (web.index_state), and the
    operations that answer records answer them public (web.public); any other attribute is the object's own."""

    def __init__(self, app_obj: ArchiveApp):
        self._app = app_obj

    def __getattr__(self, name: str) -> object:
        return getattr(self._app, name)

    def search(self, query: str, **options: object) -> dict:
        warning = index_warning(self._app)
        result = self._app.search(query, **options)
        hits = [{**hit, "url": public_url(hit.get("url"))} for hit in result["hits"]]
        return {**result, "hits": hits, **({"warning": warning} if warning else {})}

    def get(self, record_id: str) -> dict | None:
        return public_record(self._app.get(record_id))

    def story(self, record_id: str) -> tuple[dict, dict[str, dict]] | None:
        story = self._app.story(record_id)
        if story is None:
            return None
        record, versions = story
        return public_record(record), {lang: public_record(v) for lang, v in versions.items()}  # type: ignore[misc]

    def export_records(self, query: str | None = None, **filters: object) -> Iterator[dict]:
        for record in self._app.export_records(query, **filters):
            yield public_record(record)  # type: ignore[misc]

    def stored_captures(self, record_id: str) -> list[Capture]:
        """The record's captures as stored, for reading their WARC records: their paths are the server's own
        (a WARC outside the data folder is named whole) and are never shown."""
        record = self._app.get(record_id) or {}
        return [Capture(**cap) for cap in record.get("captures") or []]


def archive() -> ArchiveApp:
    """The application object of the app serving the current request, as the web uses it (WebArchive)."""
    return cast(ArchiveApp, WebArchive(current_app.extensions[EXTENSION]))
