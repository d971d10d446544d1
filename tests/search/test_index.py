"""Indexing: incremental after every import, rebuild equal to it, one writer at a time, readers never wait."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from whoosh import index as windex

from archive.paths import DataDir
from archive.store import Store
from search.indexer import index_doc
from search.service import IndexBusy, rebuild_index, run_search, update_index
from search.whoosh_backend import STATE_FILE, WhooshBackend
from tests.helpers import import_files
from tests.search.corpus import RU_WATER, build_archive, write_second_batch

QUERIES = [
    "*",
    "депутаты",
    "мәслихаттарға",
    "Mukashev",
    '"районных маслихатов"',
    "irrigat*",
    "водосбережение",
]

HOLD_WRITER = """
import sys
from search.whoosh_backend import WhooshBackend
with WhooshBackend(sys.argv[1]).writer(timeout=5):
    print("holding", flush=True)
    sys.stdin.read()
"""


def snapshot(data: DataDir) -> dict[str, object]:
    """What searches see: every query's full result, with scores rounded the same way."""
    return {q: run_search(data, q, limit=None) for q in QUERIES}


def stored_documents(data: DataDir) -> list[dict]:
    ix = windex.open_dir(str(data.index))
    with ix.searcher() as searcher:
        return sorted((dict(fields) for fields in searcher.all_stored_fields()), key=lambda d: d["id"])


def hold_writer(data: DataDir) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITER, str(data.index)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_import_indexes_incrementally(tmp_path: Path) -> None:
    data = build_archive(tmp_path)
    with Store(data.archive) as store:
        assert WhooshBackend(data.index).indexed_rev() == store.current_rev()
    assert update_index(data) == 0, "nothing changed since the last import"
    assert run_search(data, "*")["total"] == 8


def test_rebuild_equals_incremental(tmp_path: Path) -> None:
    data = build_archive(tmp_path)
    incremental, docs = snapshot(data), stored_documents(data)
    assert rebuild_index(data) == 9
    assert stored_documents(data) == docs
    assert snapshot(data) == incremental


def test_reimport_of_a_changed_page_updates_its_document(tmp_path: Path) -> None:
    data = build_archive(tmp_path)
    folder = tmp_path / "files" / "second"
    page = folder / "ru-water.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("водосбережении", "экономии воды"), encoding="utf-8"
    )
    import_files(data.root, folder)
    assert run_search(data, "экономии")["total"] == 1
    assert len(stored_documents(data)) == 9, "updated in place, not added twice"


def test_a_second_writer_fails_clearly_after_its_timeout(fresh_archive: DataDir, tmp_path: Path) -> None:
    write_second_batch(tmp_path / "more")
    holder = hold_writer(fresh_archive)
    try:
        started = time.monotonic()
        with pytest.raises(IndexBusy, match="another process is writing the search index"):
            rebuild_index(fresh_archive, lock_timeout=0.5)
        assert time.monotonic() - started >= 0.5
        assert run_search(fresh_archive, "водосбережение")["hits"][0]["title"] == RU_WATER[0], (
            "searches keep working while another process writes"
        )
    finally:
        holder.communicate("")
    assert rebuild_index(fresh_archive, lock_timeout=0.5) == 9


def test_a_second_writer_waits_for_the_first(fresh_archive: DataDir) -> None:
    holder = hold_writer(fresh_archive)
    letting_go = threading.Timer(0.5, holder.stdin.close)
    letting_go.start()
    try:
        started = time.monotonic()
        assert rebuild_index(fresh_archive, lock_timeout=10) == 9
        assert time.monotonic() - started >= 0.5
    finally:
        letting_go.join()
        holder.wait()


def test_searches_work_while_a_rebuild_runs(fresh_archive: DataDir) -> None:
    backend = WhooshBackend(fresh_archive.index)
    with Store(fresh_archive.archive) as store, backend.writer(rebuild=True, timeout=1) as writer:
        for rec in store.documents():
            writer.put(index_doc(rec))
            assert run_search(fresh_archive, "*")["total"] == 8, "readers see the last commit"
        writer.rev = store.current_rev()
    assert run_search(fresh_archive, "*")["total"] == 8


def test_a_failed_write_leaves_the_index_and_its_rev(fresh_archive: DataDir) -> None:
    backend = WhooshBackend(fresh_archive.index)
    before, rev = stored_documents(fresh_archive), backend.indexed_rev()
    with pytest.raises(RuntimeError), backend.writer(rebuild=True) as writer:
        writer.rev = 10**6
        raise RuntimeError("the archive went away")
    assert stored_documents(fresh_archive) == before and backend.indexed_rev() == rev
    assert update_index(fresh_archive, lock_timeout=0.5) == 0, "and the lock is free again"


def test_an_index_from_an_older_schema_is_rebuilt(fresh_archive: DataDir) -> None:
    state = fresh_archive.index / STATE_FILE
    state.write_text(state.read_text().replace('"schema": ', '"schema": -'))
    assert WhooshBackend(fresh_archive.index).indexed_rev() == 0
    assert update_index(fresh_archive) == 9
    assert run_search(fresh_archive, "*")["total"] == 8


def test_a_missing_index_is_built_by_the_first_update(tmp_path: Path) -> None:
    data = build_archive(tmp_path)
    for path in data.index.iterdir():
        path.unlink()
    assert run_search(data, "*")["total"] == 0
    assert update_index(data) == 9
    assert run_search(data, "*")["total"] == 8
