"""The application object: what the command line, the web app and the tests all start from."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.config import Settings
from archive.errors import BadUsage
from parlarchive import Parlarchive
from tests.archive.stories import STORIES, write_versions

SENATE = "https://senate.parlam.kz/{loc}/news/details/77"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Parlarchive:
    root = tmp_path_factory.mktemp("app")
    files = write_versions(root / "files", STORIES, 77, date_line="14.03.2024")
    app = Parlarchive(root / "data", Settings(lock_timeout=2))
    report, indexed = app.import_paths([files])
    assert (report.new, report.failed, indexed) == (3, [], 3)
    return app


def test_an_import_is_searchable_when_it_returns(app: Parlarchive) -> None:
    result = app.search("маслихат", lang="ru")
    assert result["total"] == 1
    hit = result["hits"][0]
    assert hit["title"] == STORIES["ru"][0] and hit["date"] == "2024-03-14"
    assert set(hit["versions"]) == {"kk", "ru", "en"}


def test_get_gives_the_record_with_its_versions_and_provenance(app: Parlarchive) -> None:
    hit = app.search("Kostanay", lang="en")["hits"][0]
    rec = app.get(hit["id"])
    assert rec is not None and rec["url"].startswith("file://") and rec["url"].endswith("/en-77.html")
    assert rec["canonical_url"] == SENATE.format(loc="en-US")
    assert set(rec["versions"]) == {"kk", "ru", "en"}
    assert rec["captures"] and rec["captures"][0]["sha256"]
    assert app.get("0" * 16) is None


def test_export_gives_every_story_or_the_hits_of_a_query(app: Parlarchive) -> None:
    assert len(list(app.export_records())) == 1, "one story"
    assert len(list(app.export_records(group="version"))) == 3, "its three versions"
    only_kk = list(app.export_records(None, lang="kk"))
    assert [r["lang"] for r in only_kk] == ["kk"]


def test_an_export_reads_its_hits_page_by_page_in_the_searchs_order(
    app: Parlarchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("parlarchive.app.EXPORT_PAGE", 1)  # a hit a page: every page boundary crossed
    whole = [hit["id"] for hit in app.search("*", limit=None, group="version")["hits"]]
    assert len(whole) == 3
    assert [r["id"] for r in app.export_records(group="version")] == whole


def test_rebuild_keeps_the_same_answers(app: Parlarchive) -> None:
    before = app.search("депутат OR deputies OR депутаттары", group="version")
    assert app.rebuild_index() == 3
    after = app.search("депутат OR deputies OR депутаттары", group="version")
    assert after["total"] == before["total"] == 3, "the story's three versions"
    assert app.search("депутат OR deputies OR депутаттары")["total"] == 1, "one story"


def test_settings_come_from_the_environment_and_are_checked() -> None:
    assert Settings.from_env({"PARLARCHIVE_LOCK_TIMEOUT": "1.5"}).lock_timeout == 1.5
    assert Settings.from_env({}, lock_timeout=None).lock_timeout == Settings().lock_timeout
    with pytest.raises(BadUsage, match="PARLARCHIVE_MAX_PAGE_BYTES"):
        Settings.from_env({"PARLARCHIVE_MAX_PAGE_BYTES": "ten"})
    assert Settings().public_url == "http://127.0.0.1:8000"
    assert Settings.from_env({"PARLARCHIVE_PUBLIC_URL": "https://archive.example.org/"}).public_url == (
        "https://archive.example.org"
    )
    for bad in ("archive.example.org", "javascript:alert(1)", "https://x.org/?q=1"):
        with pytest.raises(BadUsage, match="PARLARCHIVE_PUBLIC_URL"):
            Settings.from_env({"PARLARCHIVE_PUBLIC_URL": bad})


def test_the_data_folder_is_resolved_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLARCHIVE_DATA", str(tmp_path / "env"))
    assert Parlarchive().data.root == tmp_path / "env"
    assert Parlarchive(tmp_path / "given").data.root == tmp_path / "given"
