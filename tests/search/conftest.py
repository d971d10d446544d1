"""Archives for the search tests, imported through `parlarchive import` from files the tests write; every
search test runs on both engines (tantivy and Whoosh), each module's archives built once per engine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.paths import DataDir
from search.service import ENGINES
from tests.search.corpus import build_archive

ENGINE_ENV = "PARLARCHIVE_SEARCH_ENGINE"


@pytest.fixture(scope="module", params=sorted(ENGINES), autouse=True)
def search_engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """The search engine of this run of the module: every index it builds, through the command line or the
    application object, uses it (the setting reaches them through the environment, as a user sets it)."""
    before = os.environ.get(ENGINE_ENV)
    os.environ[ENGINE_ENV] = request.param
    yield request.param
    if before is None:
        os.environ.pop(ENGINE_ENV, None)
    else:
        os.environ[ENGINE_ENV] = before


@pytest.fixture(scope="module")
def archive(search_engine: str, tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    """A read-only archive shared by the tests of one module."""
    return build_archive(tmp_path_factory.mktemp(f"archive-{search_engine}"))


@pytest.fixture
def fresh_archive(search_engine: str, tmp_path: Path) -> DataDir:
    """An archive a test may change."""
    return build_archive(tmp_path)
