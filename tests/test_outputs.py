"""Where the command line's output goes wrong: a standard output that is full (/dev/full), closed or
broken, an `-o FILE` on a full disk, a `--data` that is not a folder, a folder with no archive. One line on
stderr and the right exit status, never a traceback, never a half-written FILE in place of a good one."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.archive.stories import STORIES, write_versions
from tests.helpers import cli, cli_process, file_size_limit, import_files

# Every command that prints: what it prints must be written, or it failed.
PRINTING = [
    ("export", "--format", "jsonl"),
    ("export", "--format", "csv", "--query", "маслихат"),
    ("search", "маслихат"),
    ("search", "маслихат", "--json"),
    ("show", "{id}"),
    ("show", "{id}", "--json"),
    ("dupes",),
    ("check",),
    ("tm", "export", "--format", "tmx"),
    ("tm", "lookup", "депутаты маслихатов", "--lang", "ru"),
    ("models", "list"),
    ("index",),
]


WORDS = {
    "kk": "мәслихат депутат бюджет комитет аудан облыс мектеп жол су жер заң жоба отырыс".split(),
    "ru": "маслихат депутат бюджет комитет район область школа дорога вода земля закон проект".split(),
    "en": "maslikhat deputy budget committee district region school road water land law bill".split(),
}


def _stories(rng: random.Random, count: int) -> Iterator[dict[str, tuple[str, list[str]]]]:
    """Stories in three languages, each paragraph of its own random words (aligned units, no duplicates)."""
    for n in range(count):
        story = {}
        for lang, words in WORDS.items():
            paragraphs = [" ".join(rng.choice(words) for _ in range(40)) + f" {n}-{p}." for p in range(4)]
            story[lang] = (f"{words[0].title()} {words[2]} {n}", paragraphs)
        yield story


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An archive of 20 stories in three languages (a TMX of ~100 KB: more than SQLite's 32 KB -shm, which a
    file-size limit must let a reader write) and one record id."""
    root = tmp_path_factory.mktemp("outputs")
    for n, story in enumerate(_stories(random.Random(5), 20)):
        write_versions(root / "files", story, 100 + n, date_line="14.03.2024")
    write_versions(root / "files", STORIES, 31, date_line="14.03.2024")
    import_files(root / "data", root / "files")
    code, out, err = cli(root / "data", "search", "*", "--json")
    assert code == 0, err
    return root / "data", out.split('"id": "', 1)[1].split('"', 1)[0]


def _run(data: Path, args: tuple[str, ...], **kw) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "parlarchive", "--data", str(data), *args],
        stderr=subprocess.PIPE, text=True, timeout=120, **kw,
    )  # fmt: skip
    return proc.returncode, proc.stdout or "", proc.stderr


@pytest.mark.parametrize("args", PRINTING, ids=[" ".join(a) for a in PRINTING])
def test_a_full_standard_output_is_one_line_and_exit_1(archive, args):
    data, rid = archive
    args = tuple(a.format(id=rid) for a in args)
    with open("/dev/full", "w") as full:
        code, _out, err = _run(data, args, stdout=full)
    assert code == 1, err
    assert err == "error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("args", PRINTING[:8], ids=[" ".join(a) for a in PRINTING[:8]])
def test_a_closed_standard_output_is_one_line_and_exit_1(archive, args):
    """Started with `>&-`: nothing can be printed, so nothing is done as if it had been (exit 0)."""
    data, rid = archive
    args = tuple(a.format(id=rid) for a in args)
    code, _out, err = _run(data, args, preexec_fn=lambda: os.close(1))
    assert code == 1, err
    assert err == "error: cannot write the output: standard output is closed\n"


OUTPUTS = {  # the commands that take `-o FILE`, and what makes their output whole
    ("tm", "export", "--format", "tmx"): lambda text: ET.fromstring(text).tag == "tmx",
    ("export", "--format", "jsonl", "--versions"): lambda text: text.count("\n") == 63,
}


def test_an_output_file_is_written_whole_or_not_at_all(archive, tmp_path):
    """`-o FILE` on a disk that fills (a file-size limit): one line, FILE still the previous good one, no
    FILE.partial; a FILE.partial that a killed run left is gone after the next run."""
    data, _rid = archive
    target, partial = tmp_path / "out", tmp_path / "out.partial"
    for command, whole in OUTPUTS.items():
        code, _out, err = cli(data, *command, "-o", str(target))
        assert code == 0, err
        good = target.read_text(encoding="utf-8")
        assert whole(good), command
        proc = cli_process(data, *command, "-o", str(target), preexec_fn=file_size_limit(len(good) // 2))
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 1, (command, out, err)
        assert err == f"error: cannot write {target}: File too large\n"
        assert target.read_text(encoding="utf-8") == good and not partial.exists(), command
        partial.write_text("<tmx><body><tu>", encoding="utf-8")  # as a kill -9 leaves it
        code, _out, err = cli(data, *command, "-o", str(target))
        assert code == 0, err
        assert target.read_text(encoding="utf-8") == good and not partial.exists(), command


def test_a_data_folder_that_is_a_device_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "page.txt").write_text("A page\n\nThe budget committee met on Friday.")
    for args in (("import", str(tmp_path / "page.txt")), ("search", "budget"), ("show", "x")):
        code, _out, err = _run(Path("/dev/null"), args, stdout=subprocess.PIPE)
        assert code == 2, (args, err)
        assert (
            err == "error: the data folder /dev/null is not a folder: name a folder with --data or"
            " $PARLARCHIVE_DATA\n"
        )


def test_search_on_a_folder_without_an_archive_is_what_show_and_export_say(tmp_path):
    said = set()
    for args in (
        ("search", "budget"),
        ("show", "x"),
        ("export", "--format", "jsonl"),
        ("search", "x", "--json"),
    ):
        code, out, err = cli(tmp_path / "none", *args)
        assert (code, out) == (2, ""), args
        said.add(err)
    assert len(said) == 1 and said.pop().startswith("error: no archive at ")
    assert not (tmp_path / "none").exists()
