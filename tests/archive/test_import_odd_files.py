"""Import of what is not quite a page file: FIFOs and devices (never opened to read: a FIFO named a.warc
blocked the import forever), a one-line text of megabytes (its title), UTF-16 without a byte-order mark,
and the pages the demo corpus breaks on purpose (their own wording, not a failed import)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from archive.errors import BadInput
from archive.normalize.core import MAX_TITLE
from archive.normalize.encoding import decode
from tests.archive.stories import OTHER_STORY_EN, STORIES, page, text_file
from tests.archive.test_datafolder_faults import warc_bytes
from tests.helpers import cli, cli_json, cli_process

FIXTURES = Path(__file__).parent / "fixtures"
WAIT = 120  # seconds an import may take here before it counts as blocked (the test's bound)


def _import(data: Path, *args: str) -> tuple[int, str, str]:
    proc = cli_process(data, "import", *args)
    try:
        out, err = proc.communicate(timeout=WAIT)
    except Exception:
        proc.kill()  # blocked: the test still ends
        out, err = proc.communicate()
        return -1, out, err
    return proc.returncode, out, err


def test_fifos_and_devices_are_never_opened_and_the_rest_imports(tmp_path: Path, data: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "story.html").write_text(
        page(*STORIES["ru"], lang="ru", date_line="15.03.2024"), encoding="utf-8"
    )
    for name in ("a.warc", "b.warc.gz", "c.html", "d.txt"):
        os.mkfifo(folder / name)  # nothing ever writes to them: an open() to read waits forever
    os.mkfifo(tmp_path / "named.warc")
    code, out, err = _import(data, str(folder), str(tmp_path / "named.warc"), "/dev/zero", "/dev/null")
    assert code == 2, (out, err)
    lines = sorted(err.splitlines())
    assert lines == sorted(
        [f"error: {folder / name}: not a regular file (a named pipe)" for name in ("a.warc", "b.warc.gz", "c.html", "d.txt")]
        + [f"error: {tmp_path / 'named.warc'}: not a regular file (a named pipe)",
           "error: /dev/zero: not a regular file (a device)", "error: /dev/null: not a regular file (a device)"]
    )  # fmt: skip
    assert out.startswith("1 new, 0 updated, 0 unchanged (0 duplicates), 7 failed")


def test_a_title_of_megabytes_is_cut_and_its_words_stay_in_the_text(tmp_path: Path, data: Path) -> None:
    rng = random.Random(9)
    words = "budget committee deputy hearing region water school road session law report".split()
    line = " ".join(rng.choice(words) for _ in range(40_000))  # ~270 KB on one line (the probe had 9 MB)
    (tmp_path / "one-line.txt").write_text(line + "\n", encoding="utf-8")
    code, _out, err = cli(data, "import", str(tmp_path / "one-line.txt"))
    assert code == 0, err
    hit = cli_json(data, "search", "budget")["hits"][0]
    assert len(hit["title"]) <= MAX_TITLE and hit["title"].endswith("…")
    assert line.startswith(hit["title"][:-1])
    assert cli_json(data, "show", hit["id"])["text"] == line  # nothing lost


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_text(tmp_path: Path, data: Path, encoding: str) -> None:
    """Some Windows tools save "Unicode" text without a BOM: its NUL bytes are not a binary file's."""
    title, paragraphs = STORIES["ru"]
    note = text_file(title, paragraphs, date_line="15.03.2024").replace("\n", "\r\n")
    (tmp_path / "note.txt").write_bytes(note.encode(encoding))
    (tmp_path / "english.txt").write_bytes(text_file(*OTHER_STORY_EN).encode(encoding))
    code, out, err = cli(data, "import", str(tmp_path / "note.txt"), str(tmp_path / "english.txt"))
    assert code == 0, err
    assert out.startswith("2 new,")
    assert decode(note.encode(encoding)) == note
    with pytest.raises(BadInput, match="binary"):
        decode((FIXTURES / "binary.png").read_bytes())
    noise = random.Random(3).randbytes(4096)
    with pytest.raises(BadInput):
        decode(noise[: len(noise) // 2 * 2])


def test_the_demo_corpus_pages_broken_on_purpose_are_said_as_such(tmp_path: Path, data: Path) -> None:
    """`import data/warc` of the demo's crawl: its empty pages are the corpus's own, not a failed import."""
    story = (
        "https://senate.parlam.kz/ru-RU/news/details/31",
        "200 OK",
        page(*STORIES["ru"], lang="ru").encode(),
    )
    empty = ("http://127.0.0.1:8101/en-US/news/details/9200", "200 OK", b"")
    (tmp_path / "demo.warc.gz").write_bytes(warc_bytes([story, empty]))
    code, out, err = cli(data, "import", str(tmp_path / "demo.warc.gz"))
    assert code == 0, err
    assert err.startswith("note: ") and "the demo corpus breaks this page on purpose" in err
    assert out.startswith("1 new, 0 updated, 0 unchanged (0 duplicates), 0 failed (and 1 of the demo's pages")
    other = ("http://127.0.0.1:9999/en-US/news/details/9200", "200 OK", b"")
    (tmp_path / "other.warc.gz").write_bytes(warc_bytes([other]))
    code, out, err = cli(data, "import", str(tmp_path / "other.warc.gz"))
    assert code == 2 and err.startswith("error: ")  # the same page elsewhere is a failure like any


def test_a_warc_header_line_over_random_bytes_is_one_line_and_the_rest_imports(
    tmp_path: Path, data: Path
) -> None:
    """The probe's not-a-warc.warc: a 'WARC/1.0' line, then noise (warcio raised AttributeError on it)."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "not-a-warc.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\n" + random.Random(4).randbytes(2000)
    )
    title, paragraphs = STORIES["en"]
    (folder / "story.txt").write_text(text_file(title, paragraphs), encoding="utf-8")
    code, out, err = cli(data, "import", str(folder))
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1, err
    assert "not-a-warc.warc" in err and out.startswith("1 new"), out
