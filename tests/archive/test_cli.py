"""The command-line contract (README, "The command line") for the commands that need no crawler: extract, show, dupes, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.archive.stories import STORIES, page
from tests.helpers import cli, cli_json


def test_extract_prints_the_contract_without_storing(data: Path, tmp_path: Path) -> None:
    title, paragraphs = STORIES["kk"]
    f = tmp_path / "kk.html"
    f.write_text(
        page(
            title,
            paragraphs,
            lang="kk",
            date_line="14.03.2024",
            alternates={"ru": "https://parlam.kz/ru/mazhilis/news/5"},
        ),
        encoding="utf-8",
    )
    out = cli_json(data, "extract", str(f))
    assert set(out) >= {"title", "date", "lang", "text", "alternates", "url"}
    assert (out["title"], out["date"], out["lang"]) == (title, "2024-03-14", "kk")
    assert out["alternates"] == {"ru": "https://parlam.kz/ru/mazhilis/news/5"}
    assert not (data / "archive.sqlite3").exists(), "extract stores nothing"


def test_extract_of_a_binary_file_is_one_clear_line(data: Path, tmp_path: Path) -> None:
    f = tmp_path / "x.html"
    f.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    code, out, err = cli(data, "extract", str(f))
    assert code == 2 and err.count("\n") == 1 and str(f) in err


def test_show_unknown_id_and_bad_dates_are_usage_errors(data: Path) -> None:
    assert cli(data, "show", "nope")[0] == 2
    code, _, err = cli(data, "export", "--format", "csv", "--from", "14.03.2024")
    assert code == 2 and "YYYY-MM-DD" in err


def test_dupes_and_export(data: Path, tmp_path: Path) -> None:
    title, paragraphs = STORIES["en"]
    (tmp_path / "a.html").write_text(page(title, paragraphs, lang="en"), encoding="utf-8")
    (tmp_path / "b.html").write_text(
        page(title, ["Republished by a regional portal."] + paragraphs, lang="en"), encoding="utf-8"
    )
    report = cli_json(data, "import", str(tmp_path))
    assert report["new"] == 2 and report["duplicates"] == 1
    clusters = cli_json(data, "dupes")
    assert len(clusters) == 1 and clusters[0]["count"] == 1
    canonical = clusters[0]["id"]
    out = cli(data, "export", "--format", "csv")[1]
    [row] = csv.DictReader(io.StringIO(out.removeprefix("\ufeff")))  # the search's one hit: the original
    assert row["id"] == canonical and row["duplicate_of"] == ""
    assert json.loads(row["duplicates"]) == [m["id"] for m in clusters[0]["members"][1:]]
    assert json.loads(row["versions"]) == {"en": canonical}
    assert row["text"].startswith("On 14 March")
