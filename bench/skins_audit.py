"""What extraction stores for pages of unseen skins (issue 20): held-out pages written after the rules, and an
audit of stored texts for what must never be in them.

    .venv/bin/python bench/skins_audit.py

Held-out: the twelve pages of tests/archive/data/skins_heldout/ (kk/ru/en; table layouts, chrome carrying the
title, counters beside the date, the declared and the written language, glued inline names), each against
its expected title, date, version language, written language and text; per item of the issue, how many
pages get each right.

Audit: every story page of corpus/ (as crawled and as a saved file), the test sites of
tests/archive/legacy_skins.py and the held-out pages: how many stored texts hold a line with a `|` that is
no row of a data table, the title again, or a counter (a date or a label with a number, alone on a line).
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.normalize.clean import is_meta_line  # noqa: E402
from archive.normalize.core import normalize  # noqa: E402
from archive.normalize.wordlists import COUNTER_LABELS  # noqa: E402
from tests.archive import legacy_skins  # noqa: E402

HELDOUT = ROOT / "tests" / "archive" / "data" / "skins_heldout"
MANIFEST = ROOT / "corpus" / "manifest.json"
HOSTS = {
    "senate": "https://senate.parlam.kz",
    "mazhilis": "https://www.parlam.kz",
    "institute": "https://qr-pib.kz",
}
_COUNTER = re.compile(rf"(?i)(?:^|\s)(?:{COUNTER_LABELS})\s*[:：]?\s*\d")
FIELDS = ("title", "date", "lang", "text_lang", "text")


def heldout() -> Iterator[tuple[str, bytes, dict]]:
    """(name, page, expected) of each held-out page."""
    for name, expected in json.loads(
        (HELDOUT.parent / "skins_heldout.json").read_text(encoding="utf-8")
    ).items():
        yield name, (HELDOUT / name).read_bytes(), expected


def audited() -> Iterator[tuple[str, str, bytes, set[str]]]:
    """(set, url, page, its data-table rows) of every audited page."""
    from parlarchive.demo.sitegen import url_file

    for source, site in json.loads(MANIFEST.read_text(encoding="utf-8")).items():
        for story in site["stories"]:
            for version in story["versions"].values():
                path = MANIFEST.parent / source / url_file(version["path"])
                yield "corpus (crawled)", HOSTS[source] + version["path"], path.read_bytes(), set()
                yield "corpus (saved file)", path.as_uri(), path.read_bytes(), set()
    for group in ("TABLE", "CHROME", "COUNTER", "GLUED"):
        for render in getattr(legacy_skins, f"{group}_LAYOUTS").values():
            for lang in legacy_skins.LANGS3:
                rows = {" | ".join(row) for row in legacy_skins.BUDGET[lang][2]}
                url = f"http://test-site.example{legacy_skins.story_path(lang)}"
                yield "test sites (tests/archive/legacy_skins.py)", url, render(lang).encode(), rows
    for _name, page, expected in heldout():
        rows = {line for line in expected["text"] if " | " in line}
        yield "held-out pages", expected["url"], page, rows


def faults(title: str | None, text: str, rows: set[str]) -> set[str]:
    lines = text.split("\n\n")
    found = set()
    if any("|" in line and line not in rows for line in lines):
        found.add("layout |")
    if title and len(title) >= 12 and title.casefold() in text.casefold():
        found.add("title again")
    if any(is_meta_line(line) or (len(line) <= 120 and _COUNTER.search(line)) for line in lines):
        found.add("counter")
    return found


def main() -> None:
    print("held-out pages (written after the rules were final):")
    per_item: dict[str, list[bool]] = defaultdict(list)
    for name, page, expected in heldout():
        doc = normalize(page, expected["url"])
        got = {"title": doc.title, "date": doc.date, "lang": doc.lang, "text_lang": doc.text_lang,
               "text": doc.text.split("\n\n")}  # fmt: skip
        wrong = [field for field in FIELDS if got[field] != expected[field]]
        for item in expected["items"]:
            per_item[item].append(not wrong)
        print(f"  {name:32} {'ok' if not wrong else 'wrong: ' + ', '.join(wrong)}")
        for field in wrong:
            print(f"      {field}: got {got[field]!r}")
    for item, oks in sorted(per_item.items()):
        print(f"  {item:14} {sum(oks)}/{len(oks)} pages entirely right")
    print("\naudit of stored texts: pages, and texts holding a layout `|`, the title again, a counter")
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for group, url, page, rows in audited():
        doc = normalize(page, url)
        counts[group]["pages"] += 1
        for fault in faults(doc.title, doc.text, rows):
            counts[group][fault] += 1
            print(f"  {group}: {fault}: {url}")
    for group, row in counts.items():
        print(f"  {group:44} {row['pages']:5} pages  {row['layout |']:3} layout |  {row['title again']:3} title"
              f" again  {row['counter']:3} counter")  # fmt: skip


if __name__ == "__main__":
    main()
