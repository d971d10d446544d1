"""`parlarchive check`: the archive, the WARC files and the index verified together, a line per problem."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.archive.stories import STORIES, page
from tests.helpers import cli, import_files


def _archive(tmp_path: Path) -> Path:
    files = tmp_path / "files"
    files.mkdir()
    for lang, (title, paragraphs) in STORIES.items():
        (files / f"{lang}.html").write_text(page(title, paragraphs, lang=lang), encoding="utf-8")
    data = tmp_path / "data"
    import_files(data, files)
    return data


def test_a_sound_archive_checks_clean_and_each_fault_is_one_line_with_its_fix(tmp_path: Path) -> None:
    data = _archive(tmp_path)
    code, out, err = cli(data, "check")
    assert (code, err) == (0, "") and out.startswith("no problems found"), out

    shutil.rmtree(data / "index")
    code, out, err = cli(data, "check")
    assert code == 1 and len(out.splitlines()) == 1, out
    assert "search index" in out and "parlarchive index --rebuild" in out

    assert cli(data, "index", "--rebuild")[0] == 0
    assert cli(data, "check")[0] == 0
    raw = (data / "archive.sqlite3").read_bytes()  # every page but the first (the schema) overwritten
    (data / "archive.sqlite3").write_bytes(raw[:4096] + b"\xa5" * (len(raw) - 4096))
    code, out, err = cli(data, "check")
    assert code == 1 and "archive.sqlite3" in out, out + err
    assert all(": " in line for line in out.splitlines())
    code, _out, err = cli(data, "export", "--format", "jsonl", "-o", str(tmp_path / "all.jsonl"))
    assert code == 1 and err.count("\n") == 1 and "parlarchive check" in err, err
    assert not list(tmp_path.glob("all.jsonl*")), "no partial export is left behind"
