"""The index under faults: undated records in any mix of segments, an empty index, kills of the writer and
its children, a full disk during a rebuild, a lock left by a dead writer, a missing, stale or damaged index."""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.paths import DataDir
from archive.store import Store
from search.backend import IndexBusy, IndexUnreadable, IndexWriteFailed
from search.index_lock import OWNER_FILE
from search.service import STATE_FILE
from tests.archive.stories import text_file
from tests.helpers import cli, cli_json, cli_process
from tests.search.corpus import app, index_problems, index_status, rebuild_index, run_search, update_index

WORDS = (
    "депутат бюджет маслихат закон сенат комитет регион школа дорога вода поле фермер налог суд область город "
    "район село больница учитель врач семья молодежь спорт культура музей театр книга наука завод энергия газ"
).split()
BIG = 150  # records of the kill tests: a writer child starts at the first job of 100 documents
SMALL = 30
WAIT = 30.0  # s a polled condition may take on a loaded machine before the test fails (not a sleep)


def write_records(folder: Path, names: range, *, year: int | None) -> Counter:
    """One .txt record per name, of distinct random words (no near-duplicates); dated in `year` or undated.
    Returns the years written (None for undated)."""
    rng = random.Random(names.start)
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        words = [rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(60)]
        title = f"Депутат {n} обсудил {words[0]}"
        date_line = f"{1 + n % 28:02d}.03.{year}" if year else ""
        paragraphs = [f"Депутат {n} сказал: " + " ".join(words[i : i + 20]) + "." for i in (0, 20, 40)]
        (folder / f"r{n}.txt").write_text(text_file(title, paragraphs, date_line=date_line), encoding="utf-8")
    return Counter({year: len(names)})


def wait_for(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def gone(pid: int) -> bool:
    """Exited (a zombie waiting for its parent counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


# ---- 1. undated records, any mix of segments; an empty index ------------------------------------------


def test_dated_and_undated_records_in_several_batches(tmp_path: Path) -> None:
    data = tmp_path / "data"
    years: Counter = Counter()
    batches = [(0, 2, None), (2, 4, 2023), (4, 5, None), (5, 6, 2024), (6, 8, None), (8, 9, 2023)]
    for start, stop, year in batches:
        folder = tmp_path / f"batch{start}"
        years += write_records(folder, range(start, stop), year=year)
        assert cli(data, "import", str(folder))[0] == 0
        result = cli_json(data, "search", "депутат")
        assert result["total"] == stop, "every record found, whatever segment holds it"
        expected = {str(y): c for y, c in years.items() if y}
        assert result["facets"]["year"] == dict(sorted(expected.items(), key=lambda kv: (-kv[1], kv[0])))
        by_date = run_search(DataDir(data), "*", sort="date", limit=None)["hits"]
        dates = [hit["date"] for hit in by_date]
        dated = [d for d in dates if d]
        assert dated == sorted(dated, reverse=True) and dates[len(dated) :] == [None] * (stop - len(dated))
        filtered = cli_json(data, "search", "депутат", "--from", "2024-01-01")
        assert filtered["total"] == years[2024]


def test_a_search_on_an_empty_index_answers_no_hits(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "empty.txt").write_text(" \n")
    cli(tmp_path / "data", "import", str(folder))  # stores nothing
    search_engine = app(DataDir(tmp_path / "data")).index.engine()
    assert search_engine is not None and search_engine.exists(), "an empty index was built"
    code, out, err = cli(tmp_path / "data", "search", "депутат")
    assert code == 0 and out.startswith("0 hits") and err == ""


# ---- 2. kills: children die with their parent; a dead owner's lock is taken over ---------------------


def _archive(root: Path, count: int) -> DataDir:
    write_records(root / "files", range(count), year=2023)
    data = root / "data"
    assert cli(data, "import", str(root / "files"))[0] == 0
    return DataDir(data)


@pytest.fixture(scope="module")
def big_archive(search_engine: str, tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    return _archive(tmp_path_factory.mktemp(f"big-{search_engine}"), BIG)


@pytest.fixture(scope="module")
def small_archive(search_engine: str, tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    return _archive(tmp_path_factory.mktemp(f"small-{search_engine}"), SMALL)


def live_folder(data: DataDir) -> Path:
    """The search_engine folder the index's state names."""
    return data.index / app(data).index.state().folder


def other_folders(data: DataDir) -> list[Path]:
    """Engine folders beside the live one (a rebuild's, or what one left)."""
    live = app(data).index.state().folder
    return [p for p in data.index.iterdir() if p.is_dir() and p.name != live]


@pytest.fixture
def big(big_archive: DataDir, tmp_path: Path) -> DataDir:
    """A copy a test may change."""
    shutil.copytree(big_archive.root, tmp_path / "data")
    return DataDir(tmp_path / "data")


@pytest.fixture
def small(small_archive: DataDir, tmp_path: Path) -> DataDir:
    shutil.copytree(small_archive.root, tmp_path / "data")
    return DataDir(tmp_path / "data")


def kill_when(proc: subprocess.Popen, condition: Callable[[], object], what: str) -> list[int]:
    """SIGKILL the process once the condition holds; its children then, which must all die too."""
    wait_for(lambda: condition() or proc.poll() is not None, what)
    assert proc.poll() is None, f"the process ended before {what}"
    kids = children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for kid in kids:
        wait_for(lambda kid=kid: gone(kid), f"child {kid} of the killed writer to die")
    return kids


@pytest.mark.parametrize("point", ["lock taken", "new index written", "children writing"])
def test_a_killed_rebuild_leaves_no_writer_behind(big: DataDir, search_engine: str, point: str) -> None:
    if point == "children writing" and search_engine != "whoosh":
        pytest.skip("only Whoosh builds in child processes (tantivy's writer runs threads)")
    before = run_search(big, "*", limit=1)["total"]
    proc = cli_process(big.root, "index", "--rebuild")
    condition = {
        "lock taken": lambda: (big.index / OWNER_FILE).exists() and other_folders(big),
        "new index written": lambda: any(
            f.is_file() and f.stat().st_size for d in other_folders(big) for f in d.iterdir()
        ),
        "children writing": lambda: len(children(proc.pid)) >= 1,
    }[point]
    kids = kill_when(proc, condition, point)
    if point == "children writing":
        assert kids, "killed with its writer children at work"
    assert run_search(big, "*", limit=1)["total"] == before, "the old index stayed in use"
    assert update_index(big, lock_timeout=0) == 0, "the lock is free at once, the index in step"
    assert index_problems(big) == [] and not other_folders(big), "what the killed build left is gone"


def test_an_import_killed_in_its_index_phase_leaves_no_writer_behind(
    big: DataDir, search_engine: str, tmp_path: Path
) -> None:
    """Killed while it writes the index (a Whoosh import's rebuild with its children; tantivy's commit of
    the new records): the archive kept what it stored, and the next update indexes it."""
    if search_engine == "whoosh":
        shutil.rmtree(big.index)  # the import then builds the whole index: writer children at work
    write_records(tmp_path / "more", range(BIG, BIG + 5), year=2024)
    proc = cli_process(big.root, "import", str(tmp_path / "more"))

    def indexing() -> bool:
        if search_engine == "whoosh":
            return len(children(proc.pid)) >= 1
        return (big.index / OWNER_FILE).exists()

    kill_when(proc, indexing, "the import's index phase")
    assert update_index(big, lock_timeout=0) in (BIG + 5, 5, 0)
    assert run_search(big, "*", limit=1)["total"] == BIG + 5
    assert index_problems(big) == []


HOLD_AND_ORPHAN = """
import os, sys
from search.index_lock import writer_lock
with writer_lock(sys.argv[1], timeout=5):
    if os.fork() == 0:  # an orphan outliving the owner, as writer children did
        sys.stdin.read()
        os._exit(0)
    print("held", flush=True)
    os._exit(0)  # the owner dies holding the lock
"""


def test_a_lock_whose_owner_died_is_taken_over_at_once(small: DataDir) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_ORPHAN, str(small.index)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert proc.stdout.readline() == b"held\n"
        proc.wait()
        assert (small.index / OWNER_FILE).read_text().split()[0] == str(proc.pid), (
            "the dead owner is recorded"
        )
        assert rebuild_index(small, lock_timeout=0) == SMALL
    finally:
        proc.stdin.close()


def test_a_live_owner_is_not_taken_over(small: DataDir) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_ORPHAN.replace("os._exit(0)  # the owner", "sys.stdin.read()  #"),
         str(small.index)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert holder.stdout.readline() == b"held\n"
        with pytest.raises(IndexBusy, match=f"pid {holder.pid}"):
            update_index(small, lock_timeout=0)
    finally:
        holder.stdin.close()
        holder.wait()
    assert update_index(small, lock_timeout=0) == 0


# ---- 3. a rebuild that fails (a full disk) fails, and the old index stays ----------------------------

REBUILD_IN_A_SMALL_DISK = """
import json, resource, sys
from parlarchive.app import Parlarchive
from search.backend import IndexFailure
limit = int(sys.argv[2])
app = Parlarchive(sys.argv[1])
with app.store() as store:  # the archive opened first: only the index's files are held to the limit
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # like `ulimit -f`: no file grows past it
    try:
        print(json.dumps({"indexed": app.index.rebuild(store)}))
    except IndexFailure as exc:
        print(json.dumps({"class": type(exc).__name__, "error": str(exc)}))
"""


@pytest.mark.parametrize(
    ("limit", "failing"),
    [
        (64 * 1024, ("could not write the search index", "a search index writer process failed")),
        (256 * 1024, ("a search index writer process failed",)),
    ],
    ids=["parent", "children"],
)
def test_a_rebuild_on_a_full_disk_fails_and_keeps_the_old_index(
    small: DataDir, search_engine: str, limit: int, failing: tuple[str, ...]
) -> None:
    if failing == ("a search index writer process failed",) and search_engine != "whoosh":
        pytest.skip("only Whoosh builds in child processes")
    if search_engine == "tantivy":
        limit //= 16  # its files are smaller than Whoosh's: 4 KiB stops its first segment
    state, hits = app(small).index.state(), run_search(small, "депутат", limit=None)
    out = subprocess.run(
        [sys.executable, "-c", REBUILD_IN_A_SMALL_DISK, str(small.root), str(limit)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    result = json.loads(out.stdout)
    assert result.get("class") == IndexWriteFailed.__name__, (result, out.stderr)
    assert result["error"].startswith(failing) and "File too large" in result["error"]
    assert "\n" not in result["error"] and "the previous index is still in use" in result["error"]
    assert "Traceback" not in out.stderr
    assert app(small).index.state() == state and run_search(small, "депутат", limit=None) == hits
    assert not other_folders(small), "the half-built index is gone"
    assert index_problems(small) == []


# ---- 4. a missing, stale or damaged index -------------------------------------------------------------


def test_a_missing_index_is_detected_and_rebuilt(small: DataDir) -> None:
    shutil.rmtree(small.index)
    status = index_status(small)
    assert status.state == "missing" and status.cheap_fix
    (problem,) = index_problems(small)
    assert "missing" in problem and "parlarchive index --rebuild" in problem
    assert update_index(small, lock_timeout=0) == SMALL
    assert index_problems(small) == [] and index_status(small).state == "ok"


def test_an_index_behind_or_ahead_of_the_archive_is_detected(small: DataDir, tmp_path: Path) -> None:
    shutil.copytree(small.index, tmp_path / "old-index")
    shutil.copy(small.archive, tmp_path / "old-archive.sqlite3")
    write_records(tmp_path / "more", range(SMALL, SMALL + 3), year=2024)
    assert cli(small.root, "import", str(tmp_path / "more"))[0] == 0
    shutil.rmtree(small.index)
    shutil.copytree(tmp_path / "old-index", small.index)  # an index restored from an older copy
    status = index_status(small)
    assert status.state == "behind" and status.cheap_fix and status.indexed_rev < status.archive_rev
    assert "behind" in index_problems(small)[0] and "`parlarchive index`" in index_problems(small)[0]
    assert update_index(small, lock_timeout=0) == 3 and index_status(small).state == "ok"
    shutil.copy(tmp_path / "old-archive.sqlite3", small.archive)  # an archive restored from an older copy
    status = index_status(small)
    assert status.state == "mismatch" and not status.cheap_fix
    assert "index --rebuild" in index_problems(small)[0]


def _garble_head(folder: Path) -> None:
    """The file that names the segments: Whoosh's TOC, tantivy's meta.json."""
    (head,) = [*folder.glob("_MAIN_*.toc"), *folder.glob("meta.json")]
    head.write_bytes(b"\x00garbage" * 16)


def _truncate_segment(folder: Path) -> None:
    segment = max((p for p in folder.iterdir() if p.name != "meta.json"), key=lambda p: p.stat().st_size)
    with segment.open("r+b") as f:
        f.truncate(segment.stat().st_size // 2)


@pytest.mark.parametrize("damage", [_garble_head, _truncate_segment], ids=["head", "segment"])
def test_a_damaged_index_is_reported_in_one_line_and_rebuilt(small: DataDir, damage) -> None:
    damage(live_folder(small))
    with pytest.raises(IndexUnreadable) as caught:
        run_search(small, "депутат")
    message = str(caught.value)
    assert "\n" not in message and "cannot be read" in message and "parlarchive index --rebuild" in message
    (problem,) = index_problems(small)
    assert "cannot be read" in problem and index_status(small, thorough=True).state == "unreadable"
    assert cli(small.root, "index", "--rebuild") == (0, f"{SMALL} records indexed\n", "")
    assert run_search(small, "депутат", limit=1)["total"] == SMALL
    assert index_problems(small) == []
    assert not other_folders(small), "the damaged index is gone"


def test_a_damaged_index_is_rebuilt_by_an_update(small: DataDir) -> None:
    _garble_head(live_folder(small))
    assert update_index(small, lock_timeout=0) == SMALL
    assert run_search(small, "депутат", limit=1)["total"] == SMALL


def test_a_state_file_without_an_index_is_a_missing_index(small: DataDir) -> None:
    """The index's files deleted by hand but its state file: the recorded rev must not count."""
    shutil.rmtree(live_folder(small))
    assert (small.index / STATE_FILE).exists()
    status = index_status(small)
    with Store(small.archive) as store:
        assert status.state == "missing" and status.archive_count == store.count() == SMALL
    assert update_index(small, lock_timeout=0) == SMALL


def test_readers_never_see_a_half_swapped_index(small: DataDir) -> None:
    """Searches in another thread while rebuilds swap new indexes in: each sees a whole index."""
    seen: list[object] = []
    done = threading.Event()

    def search_until_done() -> None:
        while not done.is_set():
            try:
                seen.append(run_search(small, "депутат", limit=1)["total"])
            except Exception as exc:  # any failure is the finding
                seen.append(exc)

    reader = threading.Thread(target=search_until_done)
    reader.start()
    try:
        for _ in range(2):
            assert rebuild_index(small, lock_timeout=0) == SMALL
    finally:
        done.set()
        reader.join()
    assert seen and set(seen) == {SMALL}
