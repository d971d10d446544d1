"""Archives for the search tests, imported through `parlarchive import` from files the tests write."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.paths import DataDir
from tests.helpers import cli
from tests.search.corpus import write_first_batch, write_second_batch


def import_files(data: Path, folder: Path) -> None:
    code, _out, err = cli(data, "import", str(folder))
    assert code == 0, err


def build_archive(root: Path) -> DataDir:
    """Both batches imported one after the other: the index is updated incrementally after each."""
    write_first_batch(root / "files" / "first")
    write_second_batch(root / "files" / "second")
    data = root / "data"
    import_files(data, root / "files" / "first")
    import_files(data, root / "files" / "second")
    return DataDir(data)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    """A read-only archive shared by the tests of one module."""
    return build_archive(tmp_path_factory.mktemp("archive"))


@pytest.fixture
def fresh_archive(tmp_path: Path) -> DataDir:
    """An archive a test may change."""
    return build_archive(tmp_path)
