"""Fixtures of the crawler tests: the corpus served on loopback, and one crawl per spider shared by a module."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.paths import DataDir
from archive.store import Store
from crawler.mirror import CORPUS, SiteServer, serve_sites


@pytest.fixture(scope="session")
def manifest() -> dict:
    return json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[str, SiteServer]]:
    with serve_sites() as servers:
        yield servers


def records(data: DataDir) -> dict[str, dict]:
    """Every stored record by URL, with its versions."""
    with Store(data.archive) as store:
        return {doc["url"]: doc for doc in store.documents()}


def expected_urls(manifest: dict, source: str, base_url: str) -> dict[str, dict]:
    """{url: {"lang", "title", "date", "id"}} of every story version in the corpus."""
    out = {}
    for story in manifest[source]["stories"]:
        for lang, version in story["versions"].items():
            out[base_url + version["path"]] = {
                "lang": lang, "title": version["title"], "date": story["date"], "id": story["id"],
            }  # fmt: skip
    return out


def data_folder(tmp: Path) -> DataDir:
    tmp.mkdir(parents=True, exist_ok=True)
    return DataDir(tmp.resolve())
