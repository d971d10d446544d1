"""`migrate --to`: an archive moved from its SQLite file to PostgreSQL and back, every record, capture,
version link, duplicate link, translation and template count equal after; a target that holds an archive
is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.config import Settings
from parlarchive import Parlarchive
from tests.archive.stories import STORIES, page
from tests.helpers import cli, crawled_site


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Parlarchive:
    """A crawled site (versions, a learned template, WARC captures), an exact repost imported from a file,
    and a translation."""
    root = tmp_path_factory.mktemp("migrate")
    app = crawled_site(root, "senate", 6)
    saved = root / "saved"
    saved.mkdir()
    for name in ("a", "b"):  # one story saved twice: the second is a duplicate of the first
        (saved / f"{name}.html").write_text(page(*STORIES["en"], lang="en"), encoding="utf-8")
    code, _out, err = cli(app.data.root, "import", str(saved))
    assert code == 0, err
    with app.store(write=True) as store:
        first = next(store.documents())
        store.save_translation(first["id"], "kk", "Аударма", "Аударма мәтіні", "test-model", "done",
                               engine="argos", model_version="1.9", source_lang="ru")  # fmt: skip
    return app


def everything(app: Parlarchive) -> dict[str, dict]:
    with app.store() as store:
        return {doc["id"]: store.get(doc["id"]) for doc in store.documents()}


def test_to_postgresql_and_back_loses_nothing(
    source: Parlarchive, archive_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = cli(source.data.root, "migrate", "--to", archive_url)
    assert code == 0, err
    assert "copied losslessly" in out and "DIFFERENT" not in out, out
    shared = Parlarchive(tmp_path / "host", Settings(archive=archive_url))
    want = everything(source)
    assert everything(shared) == want
    assert any(rec["duplicate_of"] for rec in want.values()), "the fixture holds a duplicate"
    assert any(rec["translations"] for rec in want.values()) and any(
        len(r["versions"]) > 1 for r in want.values()
    )
    with source.store() as a, shared.store() as b:
        assert a.templates() == b.templates() and a.templates(), "the learned template came along"
        assert a.current_rev() == b.current_rev()

    back = tmp_path / "back"
    monkeypatch.setenv("PARLARCHIVE_ARCHIVE", archive_url)
    code, out, err = cli(tmp_path / "host", "migrate", "--to", str(back))
    assert code == 0, err
    assert everything(Parlarchive(back, Settings())) == want


def test_a_target_holding_an_archive_is_refused(source: Parlarchive, archive_url: str) -> None:
    assert cli(source.data.root, "migrate", "--to", archive_url)[0] == 0
    code, out, err = cli(source.data.root, "migrate", "--to", archive_url)
    assert (
        code == 2 and err.startswith("error: the target") and "already holds" in err and err.count("\n") == 1
    )
