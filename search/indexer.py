"""Indexing from the archive: records changed since the index's rev (or all of them) into the backend."""

from __future__ import annotations

from collections.abc import Iterable

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from archive.languages import LANGS
from archive.store import Store
from search.backend import IndexDoc, SearchBackend


def index_doc(rec: dict) -> IndexDoc:
    """The index's view of an archive record; translations into other languages ride along."""
    return IndexDoc(
        id=rec["id"],
        url=rec.get("canonical_url") or rec["url"],
        title=rec.get("title") or "",
        text=rec.get("text") or "",
        lang=rec.get("lang"),
        source=rec.get("source") or "",
        date=rec.get("date"),
        group=rec.get("version_group") or rec["id"],
        cluster=rec.get("duplicate_of") or rec["id"],
        translations={
            lang: (t.get("title") or "", t["text"])
            for lang, t in (rec.get("translations") or {}).items()
            if t.get("text") and lang in LANGS and lang != rec.get("lang")
        },
    )


def _progress(records: Iterable[dict], total: int | None, show: bool) -> Iterable[dict]:
    if not show:
        yield from records
        return
    columns = [TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("index", total=total)
        for rec in records:
            yield rec
            bar.advance(task)


def index_archive(
    backend: SearchBackend, store: Store, *, rebuild: bool, lock_timeout: float, progress: bool = False
) -> int:
    """Put every record changed since the index's rev (every record with rebuild); returns how many.
    IndexBusy when another writer holds the index past `lock_timeout` s; IndexFailure when writing fails."""
    count = 0
    with backend.writer(rebuild=rebuild, timeout=lock_timeout) as writer:
        total = store.count() if writer.rev == 0 else None
        for rec in _progress(store.documents(since_rev=writer.rev), total, progress):
            writer.put(index_doc(rec))
            writer.rev = max(writer.rev, rec["rev"])
            count += 1
    return count
