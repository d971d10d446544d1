"""`parlarchive import`: files and folders in, bad files reported with the rest imported, no duplicates."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from archive.parallel import IN_PROCESS_FIRST
from tests.archive.stories import OTHER_STORY_EN, STORIES, page, text_file
from tests.helpers import cli, cli_json, cli_process

SENATE = "https://senate.parlam.kz/{loc}/news/details/31"
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"}


def write_site_pages(folder: Path) -> dict[str, Path]:
    """The three language versions of one Senate story, saved as files, plus an unrelated story."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for lang, (title, paragraphs) in STORIES.items():
        url = SENATE.format(loc=LOCALES[lang])
        alternates = {other: SENATE.format(loc=LOCALES[other]) for other in STORIES if other != lang}
        html = page(
            title, paragraphs, lang=lang, date_line="14.03.2024", canonical=url, alternates=alternates
        )
        files[lang] = folder / f"senate-31-{lang}.html"
        files[lang].write_text(html, encoding="utf-8")
    files["txt"] = folder / "nested" / "committee.txt"
    files["txt"].parent.mkdir()
    files["txt"].write_text(text_file(*OTHER_STORY_EN, date_line="Tuesday, May 7th, 2024"), encoding="utf-8")
    return files


def test_import_folder_then_search_free_records(data: Path, tmp_path: Path) -> None:
    files = write_site_pages(tmp_path / "saved")
    report = cli_json(data, "import", str(tmp_path / "saved"))
    assert (report["new"], report["failed"]) == (4, [])
    exported = [
        json.loads(line) for line in cli(data, "export", "--format", "jsonl", "--versions")[1].splitlines()
    ]
    by_title = {r["title"]: r for r in exported}
    ru = by_title[STORIES["ru"][0]]
    assert ru["lang"] == "ru" and ru["source"] == "senate" and ru["date"] == "2024-03-14"
    assert set(ru["versions"]) == {"kk", "ru", "en"}, "the three language versions are linked"
    assert "Homepage" not in ru["text"] and "Share:" not in ru["text"]
    record = cli_json(data, "show", ru["id"])
    assert record["url"] == files["ru"].resolve().as_uri(), "provenance: the file it came from"
    assert record["captures"][0]["sha256"]
    txt = by_title[OTHER_STORY_EN[0]]
    assert txt["date"] == "2024-05-07" and txt["text"].count(OTHER_STORY_EN[0]) == 0


def test_reimport_adds_nothing(data: Path, tmp_path: Path) -> None:
    write_site_pages(tmp_path / "saved")
    cli_json(data, "import", str(tmp_path / "saved"))
    again = cli_json(data, "import", str(tmp_path / "saved"))
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 4)
    assert len(cli(data, "export", "--format", "jsonl", "--versions")[1].splitlines()) == 4


def test_bad_files_are_reported_and_the_rest_imported(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write_site_pages(folder)
    (folder / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.html").write_bytes(b"<p>" + b"a" * (50 * 1024 * 1024) + b"</p>")
    title, paragraphs = STORIES["ru"]
    (folder / "old-cp1251.html").write_bytes(
        page(
            title, paragraphs[:2] + ["Старая страница без объявления кодировки."], lang="ru", charset=None
        ).encode("cp1251")
    )
    truncated = page(*OTHER_STORY_EN, lang="en").encode()
    (folder / "truncated.html").write_bytes(truncated[: len(truncated) * 2 // 3])
    code, out, err = cli(data, "import", str(folder), str(tmp_path / "missing.html"), "--json")
    assert code == 2
    failed = {Path(f["path"]).name: f["reason"] for f in json.loads(out)["failed"]}
    assert set(failed) == {"photo.html", "empty.txt", "huge.html", "missing.html"}
    assert "empty" in failed["empty.txt"] and "large" in failed["huge.html"]
    assert all(reason and "\n" not in reason for reason in failed.values())
    assert len(err.strip().splitlines()) == 4, "one line per bad file"
    records = [json.loads(x) for x in cli(data, "export", "--format", "jsonl", "--versions")[1].splitlines()]
    cp1251 = [r for r in records if "без объявления кодировки" in r["text"]]
    assert cp1251 and cp1251[0]["lang"] == "ru", "windows-1251 without a declaration reads as Russian"
    assert any(OTHER_STORY_EN[1][0][:40] in r["text"] for r in records), "truncated page keeps its text"


def test_user_errors_have_no_traceback(data: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = cli_process(data, "import", str(tmp_path / "empty.txt"))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in err and "empty" in err


def _group_gone(group: int) -> bool:
    """Whether every process of a process group has ended (a worker may take a moment to see its parent go)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def _many_pages(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        lang = ("kk", "ru", "en")[i % 3]
        title, paragraphs = STORIES[lang]
        body = [f"{p} ({i})" for p in paragraphs] + [f"Record number {i} of the batch, item {i * 7919}."]
        (folder / f"page-{i:04d}.html").write_text(page(f"{title} {i}", body, lang=lang), encoding="utf-8")


@pytest.mark.parametrize("kill_after", [20, IN_PROCESS_FIRST + 40], ids=["before-workers", "workers-running"])
def test_import_killed_midway_resumes_without_duplicates_or_loss(
    data: Path, tmp_path: Path, kill_after: int
) -> None:
    """Killed while its first records are done in-process, or while its worker processes normalize the
    rest: whole batches kept, no worker left behind, and a re-run stores the rest once."""
    folder = tmp_path / "batch"
    n = 300
    _many_pages(folder, n)
    env = {"PARLARCHIVE_IMPORT_BATCH": "10", "PARLARCHIVE_IMPORT_WORKERS": "2"}
    proc = cli_process(data, "import", str(folder), env=env, start_new_session=True)
    db = data / "archive.sqlite3"
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                stored = sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
            if stored >= kill_after:
                break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)  # the pipes close once every process that holds them is gone
    assert _group_gone(proc.pid), "no worker process outlives the killed import"
    assert 0 < stored < n, "the kill landed mid-import"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] % 10 == 0, "whole batches only"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    orphans = conn.execute(
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM captures c WHERE c.document_id = d.id)"
    ).fetchone()[0]
    assert orphans == 0, "no record without its capture: nothing half-written"
    report = cli_json(data, "import", str(folder))
    assert report["new"] + report["unchanged"] == n
    assert report["unchanged"] >= stored
    assert conn.execute("SELECT count(*), count(DISTINCT url) FROM documents").fetchone() == (n, n)
