"""Copies of the generated sites in other shapes: stories moved to other URLs, list items rearranged, list
rows hidden (stories "not yet published"); each returns the manifest entry of what it wrote."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from parlarchive.demo import sitegen
from parlarchive.demo.sitegen import CHARSET, url_file


def build_small(root: Path, source: str, count: int = 5, page_size: int = 3) -> dict:
    """A small copy of one site (no broken links; two list pages per language by default): its manifest entry."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(sitegen.PAGE_SIZE, source, page_size)
        return sitegen.build_corpus(root, {source: count}, broken=False)[source]


def slug(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower())[:5]) or "news"


def move_stories(root: Path, source: str, entry: dict, new_path: Callable[[str, str, dict], str]) -> dict:
    """Move every story version to `new_path(old_path, lang, story)`, rewriting every link to it."""
    site = root / source
    moves = {}
    for story in entry["stories"]:
        for lang, version in story["versions"].items():
            moves[version["path"]] = new_path(version["path"], lang, story)
    pages = [p for p in site.rglob("*.html")]
    for page in pages:
        body = page.read_bytes()
        for old, new in moves.items():
            body = body.replace(f'"{old}"'.encode(), f'"{new}"'.encode())
        page.write_bytes(body)
    for old, new in moves.items():
        target = site / url_file(new)
        target.parent.mkdir(parents=True, exist_ok=True)
        (site / url_file(old)).rename(target)
    for story in entry["stories"]:
        for version in story["versions"].values():
            version["path"] = moves[version["path"]]
    return entry


def rewrite_lists(root: Path, source: str, entry: dict, change: Callable[[str], str]) -> None:
    """Apply `change` to the HTML of every list page."""
    for paths in entry["lists"].values():
        for path in paths:
            page = root / source / url_file(path)
            charset = CHARSET[source]
            page.write_bytes(change(page.read_bytes().decode(charset)).encode(charset, "xmlcharrefreplace"))


def hide_rows(root: Path, source: str, list_path: str, story_paths: set[str]) -> str:
    """Drop the rows linking to `story_paths` from one list page; returns the page as it was."""
    page = root / source / url_file(list_path)
    before = page.read_bytes()
    lines = before.split(b"\n")
    kept = [line for line in lines if not any(f'"{p}"'.encode() in line for p in story_paths)]
    page.write_bytes(b"\n".join(kept))
    return before.decode(CHARSET[source])
