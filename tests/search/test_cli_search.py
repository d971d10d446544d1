"""`parlarchive search` and `parlarchive index` as users run them: JSON, readable output, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.paths import DataDir
from tests.archive.stories import STORIES
from tests.helpers import cli, cli_json, cli_process
from tests.search.corpus import EN_NAMES, RU_NAMES, write_first_batch
from tests.search.test_index import hold_writer


def test_search_json_has_the_documented_shape(archive: DataDir) -> None:
    result = cli_json(archive.root, "search", "Mukashev", "--lang", "ru")
    assert (
        set(result) == {"query", "total", "hits", "facets", "counted", "suggestion"}
        and result["counted"] == "stories"
    )
    (hit,) = result["hits"]
    assert hit["title"] == RU_NAMES[0] and hit["lang"] == "ru" and hit["source"] == "mazhilis"
    assert hit["date"] == "2023-11-22" and hit["versions"] == {"ru": hit["id"]} and hit["duplicates"] == 0
    assert "<mark>Мукашев</mark>" in hit["snippet"]


def test_search_filters_on_the_command_line(archive: DataDir) -> None:
    result = cli_json(
        archive.root, "search", "*", "--source", "institute", "--from", "2022-01-01", "--to", "2022-12-31"
    )
    assert [h["title"] for h in result["hits"]] == [EN_NAMES[0]]
    assert len(cli_json(archive.root, "search", "*", "--limit", "3")["hits"]) == 3


def test_readable_output(archive: DataDir) -> None:
    code, out, _err = cli(archive.root, "search", "маслихатов", "--lang", "ru")
    assert code == 0
    assert out.startswith("2 hits for 'маслихатов'")
    assert STORIES["ru"][0] in out and "[ru · senate · 2024-03-14]" in out
    assert "[маслихатов]" in out and "<mark>" not in out, "marks shown as brackets on a terminal"
    assert "other languages: en:" in out and "source: mazhilis 1, senate 1" in out


def test_readable_output_unescapes_the_snippet(archive: DataDir) -> None:
    out = cli(archive.root, "search", "reader")[1]
    assert "<script>alert('x')</script> & asked" in out


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ('"open', "unbalanced quotes"),
        ("author:x", "unknown field"),
        ("a AND", "AND needs"),
        ("(" * 300 + "депутат" + ")" * 300, "nested too deep"),
        (" ".join(["("] * 70 + ["депутат"] + [")"] * 70), "nested too deep"),
        (" ".join(["AND"] * 100), "AND needs"),
        (" ".join(["—"] * 70 + ["deputies"]), "query too long"),
    ],
)
def test_a_bad_query_exits_2_with_one_line(archive: DataDir, query: str, reason: str) -> None:
    code, out, err = cli(archive.root, "search", query)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and reason in err and len(err.strip().splitlines()) == 1


def test_a_bad_query_in_a_real_process_has_no_traceback(archive: DataDir) -> None:
    proc = cli_process(archive.root, "search", "(депутат")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "Traceback" not in err and "unbalanced parentheses" in err


def test_long_and_star_queries_on_the_command_line(archive: DataDir) -> None:
    assert cli_json(archive.root, "search", "*")["total"] == 6
    assert cli_json(archive.root, "search", "*", "--versions")["total"] == 8
    code, out, _ = cli(archive.root, "search", "депутат " * 700, "--json")
    assert code == 0 and json.loads(out)["total"] > 0


def test_index_command_updates_and_rebuilds(fresh_archive: DataDir) -> None:
    assert cli(fresh_archive.root, "index") == (0, "0 records indexed\n", "")
    assert cli(fresh_archive.root, "index", "--rebuild") == (0, "9 records indexed\n", "")
    assert cli_json(fresh_archive.root, "search", "*")["total"] == 6


def test_readable_output_counts_near_duplicates(archive: DataDir) -> None:
    out = cli(archive.root, "search", "водосбережение")[1]
    assert out.startswith("1 hit for 'водосбережение' (stories)") and "(+1 near-duplicate)" in out
    assert cli(archive.root, "search", "*", "--versions")[1].startswith("8 hits for '*' (language versions)")


def test_index_command_reports_a_busy_writer(fresh_archive: DataDir) -> None:
    holder = hold_writer(fresh_archive)
    try:
        code, out, err = cli(fresh_archive.root, "--lock-timeout", "0.5", "index", "--rebuild")
    finally:
        holder.communicate("")
    assert code == 2 and "another process is writing the search index" in err and "Traceback" not in err


def test_versions_are_current_when_a_language_version_arrives_later(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    write_first_batch(folder)
    later = tmp_path / "later"
    later.mkdir()
    (folder / "senate-31-kk.html").rename(later / "senate-31-kk.html")
    data = tmp_path / "data"
    assert cli(data, "import", str(folder))[0] == 0
    ru = cli_json(data, "search", "маслихатов", "--lang", "ru")["hits"][0]
    assert set(ru["versions"]) == {"ru", "en"}
    assert cli(data, "import", str(later))[0] == 0
    ru = cli_json(data, "search", "маслихатов", "--lang", "ru")["hits"][0]
    assert set(ru["versions"]) == {"kk", "ru", "en"}, "the ru record was not re-indexed, yet its versions are"
