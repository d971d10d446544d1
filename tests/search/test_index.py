"""Indexing: incremental after every import, rebuild equal to it, one writer at a time, readers never wait."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from archive.paths import DataDir
from archive.store import Store
from search.backend import IndexBusy
from search.service import STATE_FILE
from tests.helpers import import_files
from tests.search.corpus import (
    RU_WATER,
    app,
    build_archive,
    rebuild_index,
    run_search,
    update_index,
    write_second_batch,
)

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
from search.index_lock import writer_lock
with writer_lock(sys.argv[1], timeout=5):
    print("holding", flush=True)
    sys.stdin.read()
"""


def snapshot(data: DataDir) -> dict[tuple[str, str], object]:
    """What searches see: every query's count, facets and hits (their order and scores aside: relevance
    statistics differ between an index updated in place and one built afresh, and between engines), per
    story and per version."""
    seen = {}
    for q in QUERIES:
        for group in ("story", "version"):
            result = run_search(data, q, limit=None, group=group)
            hits = sorted(
                tuple(sorted((k, str(v)) for k, v in h.items() if k != "score")) for h in result["hits"]
            )
            seen[q, group] = (result["total"], result["facets"], hits)
    return seen


def counts(data: DataDir) -> tuple[int, int]:
    """(stories, records) the index holds."""
    return app(data).index.engine().counts()


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
        assert app(data).index.state().rev == store.current_rev()
    assert update_index(data) == 0, "nothing changed since the last import"
    assert run_search(data, "*")["total"] == 6
    assert counts(data) == (6, 9)


def test_rebuild_equals_incremental(tmp_path: Path) -> None:
    data = build_archive(tmp_path)
    incremental = snapshot(data)
    assert rebuild_index(data) == 9
    assert counts(data) == (6, 9)
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
    assert counts(data) == (6, 9), "updated in place, not added twice"


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


def progress_calling(step: Callable[[], None]) -> Callable:
    """A progress factory for the index whose every step calls `step` (what a test does mid-build)."""

    @contextmanager
    def bar(_total: int) -> Iterator[Callable[[], None]]:
        yield step

    return bar


def test_searches_work_while_a_rebuild_runs(fresh_archive: DataDir) -> None:
    seen = []
    application = app(fresh_archive)
    with application.store() as store:
        application.index.rebuild(
            store, progress=progress_calling(lambda: seen.append(run_search(fresh_archive, "*")["total"]))
        )
    assert seen and set(seen) == {6}, "readers see the last commit while the new index is written"
    assert run_search(fresh_archive, "*")["total"] == 6


def test_a_failed_write_leaves_the_index_and_its_rev(fresh_archive: DataDir) -> None:
    application = app(fresh_archive)
    before, state = snapshot(fresh_archive), application.index.state()

    def fail() -> None:
        raise RuntimeError("the archive went away")

    with pytest.raises(RuntimeError), application.store() as store:
        application.index.rebuild(store, progress=progress_calling(fail))
    assert snapshot(fresh_archive) == before and application.index.state() == state
    assert sorted(p.name for p in fresh_archive.index.iterdir() if p.is_dir()) == [state.folder], (
        "the half-built index is gone"
    )
    assert update_index(fresh_archive, lock_timeout=0.5) == 0, "and the lock is free again"


def test_an_index_from_an_older_schema_is_rebuilt(fresh_archive: DataDir) -> None:
    state = fresh_archive.index / STATE_FILE
    state.write_text(json.dumps({**json.loads(state.read_text()), "schema": 3}))
    assert app(fresh_archive).index_status().state == "outdated"
    assert update_index(fresh_archive) == 9
    assert run_search(fresh_archive, "*")["total"] == 6


def test_a_missing_index_is_built_by_the_first_update(tmp_path: Path) -> None:
    data = build_archive(tmp_path)
    shutil.rmtree(data.index)
    assert run_search(data, "*")["total"] == 0
    assert update_index(data) == 9
    assert run_search(data, "*")["total"] == 6


def test_rebuild_switches_the_engine_in_place(fresh_archive: DataDir, search_engine: str) -> None:
    """`index --rebuild` with another search_engine set builds with it, aside, and switches; searches find the same
    before and after, and the old engine's folder goes at the next write."""
    other = next(name for name in ("tantivy", "whoosh") if name != search_engine)
    before = snapshot(fresh_archive)
    assert app(fresh_archive, search_engine=other).rebuild_index() == 9
    state = app(fresh_archive).index.state()
    assert state.engine == other and state.folder.startswith(other)
    assert snapshot(fresh_archive) == before
    status = app(fresh_archive).index_status()
    assert status.engine == other and status.wanted == search_engine and status.state == "ok"
    assert update_index(fresh_archive) == 0, "an update keeps the index's engine"
    assert [p.name for p in fresh_archive.index.iterdir() if p.is_dir()] == [state.folder]
