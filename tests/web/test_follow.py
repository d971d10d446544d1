"""`serve --follow` on a web host of a shared archive: records another host stores reach its search."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

import pytest

from tests.archive.stories import OTHER_STORY_EN, STORIES, page
from tests.helpers import cli, served

DEADLINE = 60  # seconds for the follower to index what another host stored


def _total(base: str, query: str) -> int:
    with urllib.request.urlopen(f"{base}api/search?q={query}") as reply:
        return json.load(reply)["total"]


def test_serve_follows_what_another_host_stores(
    tmp_path: Path, archive_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARLARCHIVE_ARCHIVE", archive_url)
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    first.write_text(page(*STORIES["en"], lang="en"), encoding="utf-8")
    second.write_text(page(*OTHER_STORY_EN, lang="en"), encoding="utf-8")
    assert cli(tmp_path / "importer", "import", str(first))[0] == 0
    assert cli(tmp_path / "web", "index")[0] == 0
    query = OTHER_STORY_EN[0].split()[-1]
    with served(tmp_path / "web", "--follow", "0.2") as base:
        assert _total(base, query) == 0
        assert cli(tmp_path / "importer", "import", str(second))[0] == 0  # another host stores a story
        deadline = time.monotonic() + DEADLINE
        while _total(base, query) == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _total(base, query) == 1, "the web host's own index followed the shared archive"
