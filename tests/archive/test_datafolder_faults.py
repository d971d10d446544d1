"""The data folder under faults: read-only folders and files, a damaged archive file, damaged and missing
WARC files (`archive.check`), and page text made safe for a terminal. Every damaged file here is a real
one: an archive built by importing pages and WARCs, then overwritten or cut.

Permission bits bind no root process, and the venv's interpreter sits in root's private home, where
uid 65534 cannot run it: children here are root without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
(dropped from the bounding set before exec), for whom the bits apply as for anyone.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.check import check, scan_warc
from archive.config import Settings
from archive.errors import ArchiveDamaged, ArchiveMissing, ArchiveNeedsUpgrade
from archive.importer import import_paths
from archive.paths import DataDir
from archive.schema import MIGRATIONS, script_for, split_statements
from archive.store import Store, open_for_reading
from archive.terminal import json_printable, printable
from parlarchive.app import Parlarchive
from tests.archive.stories import OTHER_STORY_EN, STORIES, page
from tests.archive.test_import_faults import bomb_record
from tests.helpers import ROOT, Preexec, cli_process

FIXTURES = Path(__file__).parent / "fixtures"
STORED_A = "warc/senate-20240315T100000Z-1.warc.gz"  # three stories, all stored
STORED_B = "warc/senate-20240316T100000Z-2.warc.gz"  # a story (stored), then a 404 (not stored)


# ---- building a real data folder -----------------------------------------------------------------------


def warc_bytes(responses: list[tuple[str, str, bytes]], *, gz: bool = True) -> bytes:
    """A WARC of (url, status line, HTML) responses as warcio writes it: digests, one gzip member each."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, status, body in responses:
        http = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        )
    return buf.getvalue()


def story_response(lang: str, n: int, story: tuple | None = None) -> tuple[str, str, bytes]:
    title, paragraphs = story or STORIES[lang]
    url = f"https://senate.parlam.kz/{lang}/senate/press-center/article/{n}"
    return url, "200 OK", page(title, paragraphs, lang=lang, date_line="15.03.2024").encode()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    """A data folder built by importing two crawl WARCs and two saved pages (no index: not needed here)."""
    data = DataDir(tmp_path_factory.mktemp("built") / "data")
    data.warc.mkdir(parents=True)
    (data.root / STORED_A).write_bytes(warc_bytes([story_response(lang, 7) for lang in ("kk", "ru", "en")]))
    missing_page = ("https://senate.parlam.kz/en/senate/press-center/article/9", "404 Not Found", b"gone")
    (data.root / STORED_B).write_bytes(warc_bytes([story_response("en", 8, OTHER_STORY_EN), missing_page]))
    with Store(data.archive) as store:
        report = import_paths(
            store, [data.warc, FIXTURES / "senate_ru_article.html", FIXTURES / "institute_en_article.html"],
            warc_root=data.root, settings=Settings(),
        )  # fmt: skip
    assert report.failed == [] and report.new == 6, report
    return data


@pytest.fixture
def data(built: DataDir, tmp_path: Path) -> DataDir:
    """A fresh copy of the built folder, to damage."""
    copy = DataDir(tmp_path / "data")
    shutil.copytree(built.root, copy.root)
    return copy


def garble(path: Path, offset: int, size: int = 8192) -> None:
    """Overwrite `size` bytes at `offset` with random ones (seeded: the same damage every run)."""
    with path.open("r+b") as f:
        f.seek(offset)
        f.write(random.Random(offset).randbytes(size))


def last_documents_page(path: Path) -> int:
    """The byte offset of the documents table's last leaf page (the newest records)."""
    conn = sqlite3.connect(path)
    try:
        page_no = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'documents' AND pagetype = 'leaf' ORDER BY path DESC LIMIT 1"
        ).fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find a page of the documents table")
    finally:
        conn.close()
    return (page_no - 1) * page_size


STORE_CHILD = """
import json, sys
from pathlib import Path
from archive.check import check
from archive.errors import ArchiveError
from archive.paths import DataDir
from archive.store import Store, open_for_reading
opener = {"readonly": lambda p: Store(p, readonly=True), "writable": Store, "reading": open_for_reading}
try:
    with opener[sys.argv[2]](sys.argv[1]) as store:
        ids = [doc["id"] for doc in store.documents()]
        got = {"count": store.count(), "read": len(ids), "title": store.get(ids[0])["title"]}
    print(json.dumps({**got, "problems": [str(p) for p in check(DataDir(Path(sys.argv[1]).parent))]}))
except ArchiveError as exc:
    print(json.dumps({"error": type(exc).__name__, "message": str(exc)}))
"""


def store_in_child(archive: Path, mode: str, preexec: Preexec) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", STORE_CHILD, str(archive), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=preexec,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def lock(folder: Path, *, files: bool = True, dirs: bool = True) -> None:
    """Take write permission from the files and/or the folders under `folder` (itself included)."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and dirs:
            path.chmod(0o555)
        elif path.is_file() and files:
            path.chmod(0o444)


def listing(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*"))


# ---- 10. a read-only data folder ------------------------------------------------------------------------


def test_folder_without_write_permission_is_read_and_left_untouched(data: DataDir, bound: Preexec) -> None:
    lock(data.root, files=False)
    before = listing(data.root)
    got = store_in_child(data.archive, "readonly", bound)
    assert got == {"count": 6, "read": 6, "title": got["title"], "problems": []} and got["title"]
    assert listing(data.root) == before


def test_write_protected_file_in_a_writable_folder_is_read(data: DataDir, bound: Preexec) -> None:
    lock(data.root, dirs=False)
    got = store_in_child(data.archive, "readonly", bound)
    assert (got["count"], got["read"], got["problems"]) == (6, 6, [])


def test_changes_still_in_the_wal_are_read_from_a_readonly_folder(data: DataDir, bound: Preexec) -> None:
    """A copy taken while a writer ran: -wal and -shm hold a committed record the main file lacks."""
    script = (
        "import os, sys; from archive.models import Capture, Extracted; from archive.store import Store;"
        "s = Store(sys.argv[1]); s.conn.execute('PRAGMA wal_autocheckpoint=0');"
        "s.save(Extracted(title='T', text='A record the main file lacks.', lang='en'),"
        " Capture(url='https://x.test/1', fetched_at='2024-03-15T10:00:00Z', sha256='0' * 64), 'test');"
        "os._exit(0)"  # no close: no checkpoint, the record stays in the -wal
    )
    subprocess.run([sys.executable, "-c", script, str(data.archive)], cwd=ROOT, check=True)
    assert Path(f"{data.archive}-wal").stat().st_size > 0
    lock(data.root)
    assert store_in_child(data.archive, "readonly", bound)["count"] == 7


def test_a_wal_without_its_shm_in_a_readonly_folder_is_one_line(data: DataDir, bound: Preexec) -> None:
    script = (
        "import os, sys; from archive.store import Store; s = Store(sys.argv[1]);"
        "s.conn.execute('PRAGMA wal_autocheckpoint=0'); s.conn.execute('UPDATE meta SET value = value + 1');"
        "os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", script, str(data.archive)], cwd=ROOT, check=True)
    Path(f"{data.archive}-shm").unlink()
    lock(data.root)
    got = store_in_child(data.archive, "readonly", bound)
    assert got["error"] == "ArchiveReadOnly" and "archive.sqlite3-wal" in got["message"], got


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_writer_on_a_readonly_folder_or_file_fails_at_open_in_one_line(
    data: DataDir,
    bound: Preexec,
    what: str,
) -> None:
    lock(data.root, files=what == "file", dirs=what == "folder")
    got = store_in_child(data.archive, "writable", bound)
    assert got["error"] == "ArchiveReadOnly", got
    assert "\n" not in got["message"] and "cannot be written" in got["message"]


def test_a_writer_cannot_create_an_archive_in_a_readonly_folder(tmp_path: Path, bound: Preexec) -> None:
    tmp_path.chmod(0o555)
    got = store_in_child(tmp_path / "data" / "archive.sqlite3", "writable", bound)
    assert got["error"] == "ArchiveReadOnly", got
    assert not (tmp_path / "data").exists()


def test_reading_a_missing_archive_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(ArchiveMissing, match="no archive at") as caught:
        Store(tmp_path / "nothing" / "archive.sqlite3", readonly=True)
    assert caught.value.exit_status == 2
    assert list(tmp_path.iterdir()) == []


def old_archive(path: Path) -> None:
    """An archive at the schema version before this program's."""
    conn = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:-1]:
        for statement in split_statements(script_for(script, "sqlite")):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    conn.close()


def test_an_older_schema_read_only_says_it_needs_a_writable_run(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    old_archive(data.archive)
    with pytest.raises(ArchiveNeedsUpgrade, match=f"schema version {len(MIGRATIONS) - 1}.*writ"):
        Store(data.archive, readonly=True)
    assert [p.what for p in check(data)] == [
        f"schema version {len(MIGRATIONS) - 1}, this program uses {len(MIGRATIONS)}"
    ]
    with open_for_reading(data.archive) as store:  # the folder can be written: upgraded on the way
        assert store.count() == 0
    assert check(data) == []


def test_an_older_schema_in_a_readonly_folder_is_not_upgraded(tmp_path: Path, bound: Preexec) -> None:
    data = DataDir(tmp_path / "data")
    data.root.mkdir()
    old_archive(data.archive)
    lock(data.root)
    got = store_in_child(data.archive, "reading", bound)
    assert got["error"] == "ArchiveNeedsUpgrade" and "where the data folder can be written" in got["message"]


def test_reading_commands_work_on_a_readonly_folder(data: DataDir, bound: Preexec) -> None:
    with Store(data.archive, readonly=True) as store:
        rid = next(store.documents())["id"]
    app = Parlarchive(data)
    app.update_index()  # a backup holds its index: export and search read it
    stories = len(app.search("*", limit=None)["hits"])
    lock(data.root)
    show = cli_process(data.root, "show", rid, "--json", preexec_fn=bound)
    out, err = show.communicate(timeout=60)
    assert show.returncode == 0, err
    assert json.loads(out)["id"] == rid
    export = cli_process(data.root, "export", "--format", "jsonl", preexec_fn=bound)
    out, err = export.communicate(timeout=60)
    assert export.returncode == 0, err
    assert len(out.splitlines()) == stories == 4  # story 7 in three languages, and three others
    units = cli_process(data.root, "tm", "export", "--format", "tsv", preexec_fn=bound)
    out, err = units.communicate(timeout=60)
    assert units.returncode == 0, err
    assert out.startswith("kk-KZ\tru-RU\ten-US\tstory\n") and len(out.splitlines()) > 1


def test_a_writing_command_on_a_readonly_folder_is_one_line_exit_1(data: DataDir, bound: Preexec) -> None:
    lock(data.root)
    proc = cli_process(data.root, "import", str(FIXTURES / "parlam_kk_article.html"), preexec_fn=bound)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert err.startswith("error: the archive") and "cannot be written" in err and err.count("\n") == 1, err


# ---- 11. a damaged archive file -------------------------------------------------------------------------


def test_garbage_over_the_header_is_damage_at_open(data: DataDir) -> None:
    garble(data.archive, 0, 100)
    for readonly in (True, False):
        with pytest.raises(
            ArchiveDamaged, match=r"is damaged \(file is not a database\): run `parlarchive check`"
        ):
            Store(data.archive, readonly=readonly)
    assert [p.what for p in check(data)] == ["damaged (SQLite: file is not a database)"]


def test_garbage_over_records_is_damage_while_reading_after_the_good_ones(data: DataDir) -> None:
    garble(data.archive, last_documents_page(data.archive), 4096)
    read = []
    with Store(data.archive, readonly=True) as store, pytest.raises(ArchiveDamaged) as caught:
        for doc in store.documents():
            read.append(doc["id"])
    assert "\n" not in str(caught.value) and str(caught.value).endswith("run `parlarchive check`")
    assert 0 < len(read) < 6


def test_garbage_inside_a_stored_text_is_damage_that_check_finds(data: DataDir) -> None:
    """Bytes changed inside a text leave SQLite's structure whole: its own check passes, reading fails."""
    name = "Жұмабеков".encode()  # in the Kazakh story's text only
    raw = data.archive.read_bytes()
    assert raw.count(name) >= 1
    data.archive.write_bytes(raw.replace(name, b"\xff" * len(name)))
    with Store(data.archive, readonly=True) as store, pytest.raises(ArchiveDamaged, match="not UTF-8"):
        list(store.documents())
    [problem] = check(data)
    assert problem.what.startswith("damaged (the stored text of 1 record is not UTF-8, the first ")


def test_eight_kib_of_garbage_in_the_middle_is_found_and_refused_to_writers(data: DataDir) -> None:
    size = data.archive.stat().st_size
    garble(data.archive, size // 2 // 4096 * 4096)
    with pytest.raises(ArchiveDamaged, match="run `parlarchive check`"):
        Store(data.archive, verify=True)
    before = data.archive.read_bytes()
    for writer in (("translate",), ("reextract",), ("import", str(FIXTURES / "parlam_kk_article.html"))):
        proc = cli_process(data.root, *writer)
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 1 and err.startswith("error: the archive file") and err.count("\n") == 1, (
            err
        )
    assert data.archive.read_bytes() == before
    [problem] = check(data)
    assert (problem.where, problem.what[:8]) == ("archive.sqlite3", "damaged ")
    assert f"import {data.warc}" in problem.fix and "index --rebuild" in problem.fix
    assert "\n" not in str(problem)


def test_a_sound_archive_passes_the_writers_quick_check(data: DataDir) -> None:
    with Store(data.archive, verify=True) as store:
        assert store.count() == 6


def test_export_of_a_damaged_archive_is_one_line_exit_1_and_no_partial_file(
    data: DataDir, tmp_path: Path
) -> None:
    garble(data.archive, last_documents_page(data.archive), 4096)
    target = tmp_path / "out.jsonl"
    proc = cli_process(data.root, "export", "--format", "jsonl", "-o", str(target))
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert err.startswith("error: the archive file") and err.count("\n") == 1, err
    assert not target.exists()


# ---- 11. check: the archive, the WARC files, the captures ------------------------------------------------


def test_a_sound_data_folder_has_no_problems(data: DataDir) -> None:
    assert check(data) == []


def test_a_warc_cut_inside_a_stored_record_is_to_be_restored(data: DataDir) -> None:
    path = data.root / STORED_A
    os.truncate(path, path.stat().st_size - 100)
    [problem] = check(data)
    assert problem.where == STORED_A
    assert problem.what.startswith("cut off after 2 records")
    assert problem.fix.startswith(
        "restore it from a backup: the damaged part holds 1 capture of stored records"
    )


def test_a_warc_cut_after_its_last_stored_record_is_repaired_by_the_fix_it_gives(data: DataDir) -> None:
    """A crawl killed while writing the response of a page it never stored: the truncation given fixes it."""
    path = data.root / STORED_B
    os.truncate(path, path.stat().st_size - 3)  # inside the gzip trailer of the 404's record
    [problem] = check(data)
    assert problem.what.startswith("cut off after 1 record ")
    command = problem.fix.split("`")[1].split()
    assert command[:2] == ["truncate", "-s"] and command[3] == str(path)
    os.truncate(path, int(command[2]))
    assert check(data) == []
    assert scan_warc(path).records == 1


def test_garbage_inside_a_warc_gz_is_unreadable_from_there(data: DataDir) -> None:
    path = data.root / STORED_A
    garble(path, path.stat().st_size // 2, 200)
    [problem] = check(data)
    assert problem.what.startswith("unreadable after 1 record,")
    assert problem.fix.startswith("restore it from a backup")


def test_a_changed_byte_in_a_plain_warc_fails_its_digests(data: DataDir) -> None:
    body = warc_bytes([story_response("ru", 11), story_response("kk", 12)], gz=False)
    path = data.warc / "copy.warc"
    path.write_bytes(body.replace("Сенатор".encode(), "Сенатар".encode(), 1))  # the same length
    [problem] = check(data)
    assert (problem.where, problem.what) == (
        "warc/copy.warc",
        "digests fail for 1 record (the first at byte 0, https://senate.parlam.kz/ru/senate/press-center/article/11)",
    )


def test_a_warc_rewritten_under_its_captures_is_reported(data: DataDir) -> None:
    (data.root / STORED_A).write_bytes(warc_bytes([story_response("en", 7), story_response("ru", 7)]))
    [problem] = check(data)
    assert problem.where == STORED_A
    assert problem.what.startswith("no record where 3 captures of stored records expect one")


def test_a_missing_warc_that_captures_point_into_is_reported(data: DataDir) -> None:
    (data.root / STORED_A).unlink()
    [problem] = check(data)
    assert (problem.where, problem.what) == (STORED_A, "missing, with 3 captures of stored records in it")


def test_a_missing_archive_beside_warcs_is_rebuilt_from_them(data: DataDir) -> None:
    data.archive.unlink()
    [problem] = check(data)
    assert (
        problem.fix
        == f"rebuild it from the crawl's captures: `parlarchive --data {data.root} import {data.warc}`"
    )


def test_checking_a_huge_record_reads_it_in_pieces(tmp_path: Path) -> None:
    """A record inflating to 256 MiB is checked whole by a process that grows by far less (76 MiB: warcio
    inflates 16 KiB of input at a time, up to 16 MiB of NULs; a 1 GiB record grows it as much)."""
    path = tmp_path / "big.warc.gz"
    path.write_bytes(bomb_record("http://x.test/", 256))
    script = (
        "import sys; from pathlib import Path; from archive.check import scan_warc; from tests.helpers import peak_rss_kib;"
        "before = peak_rss_kib(); s = scan_warc(Path(sys.argv[1]));"
        "grown = peak_rss_kib() - before;"
        "print(s.records, s.damage, len(s.bad_digests), grown // 1024)"
    )
    run = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    records, damage, bad_digests, grown_mib = run.stdout.split()
    assert (records, damage, bad_digests) == ("1", "None", "0")
    assert int(grown_mib) < 128


# ---- 14. text for a terminal ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("title\x1b]0;pwned\x07 text", "title\\x1b]0;pwned\\x07 text"),  # OSC: sets the window title
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),  # CSI: colours
        ("8-bit \x9b2J csi", "8-bit \\x9b2J csi"),  # C1 CSI: clears the screen on some terminals
        ("ok\rfake", "ok\\x0dfake"),  # CR: prints over the line
        ("bell\x00\x7f", "bell\\x00\\x7f"),
        ("abc\u202etxt.exe", "abc\\u202etxt.exe"),  # RLO: shows the rest reversed
        ("isolate\u2066x\u2069", "isolate\\u2066x\\u2069"),
        ("bad name \udcff.html", "bad name \\udcff.html"),  # a file name's undecodable byte
    ],
)
def test_control_characters_are_shown_not_obeyed(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_news_text_newlines_and_tabs_are_kept() -> None:
    text = "Сенат\tмәслихат\nҚазақстан — «Парламент» №5 ½ € 🇰🇿\n\nEnd."
    assert printable(text) == text


def test_json_for_a_terminal_is_the_same_json_without_raw_controls() -> None:
    record = {
        "title": "8-bit \x9b2J csi \u202eevil",
        "text": "line\nnext \x1b]0;pwned\x07",
        "name": "x\udcff",
    }
    shown = json_printable(json.dumps(record, ensure_ascii=False))
    assert json.loads(shown) == record
    assert not set(shown) & {"\x9b", "\u202e", "\x1b", "\x07", "\udcff"}
    assert "Kazakh әңғ" in json_printable(json.dumps("Kazakh әңғ", ensure_ascii=False))
