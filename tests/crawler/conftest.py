"""Fixtures of the crawler tests: the corpus manifest, and the corpus served on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from parlarchive.demo.mirror import CORPUS, SiteServer, serve_sites


@pytest.fixture(scope="session")
def manifest() -> dict:
    return json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[str, SiteServer]]:
    with serve_sites() as servers:
        yield servers
