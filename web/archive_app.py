"""What the web app needs of the application object (a Protocol, so `web` never imports `parlarchive`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, cast

from flask import current_app

from archive.config import Settings
from archive.paths import DataDir
from translation.memory import TranslationMemory

EXTENSION = "parlarchive"  # the key of the application object in `app.extensions`


class ArchiveApp(Protocol):
    """The reading half of `parlarchive.app.Parlarchive`: the web app calls nothing else."""

    data: DataDir
    settings: Settings

    def search(self, query: str, **options: object) -> dict: ...

    def get(self, record_id: str) -> dict | None: ...

    def story(self, record_id: str) -> tuple[dict, dict[str, dict]] | None: ...

    def sources(self) -> tuple[str, ...]: ...

    def export_records(self, query: str | None = None, **options: object) -> Iterator[dict]: ...

    def ready_index(self) -> str | None:
        """Index what the archive gained since the index's rev (`serve --follow`)."""

    def translation_memory(self, wait: float | None = None) -> TranslationMemory | None: ...


def archive() -> ArchiveApp:
    """The application object of the app serving the current request."""
    return cast(ArchiveApp, current_app.extensions[EXTENSION])
