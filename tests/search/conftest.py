"""Archives for the search tests, imported through `parlarchive import` from files the tests write."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.paths import DataDir
from tests.search.corpus import build_archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    """A read-only archive shared by the tests of one module."""
    return build_archive(tmp_path_factory.mktemp("archive"))


@pytest.fixture
def fresh_archive(tmp_path: Path) -> DataDir:
    """An archive a test may change."""
    return build_archive(tmp_path)
