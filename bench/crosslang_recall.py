"""Cross-language search: recall of Russian-only stories for Kazakh queries, before and after the query is
expanded through the glossary ("search in all languages").

    .venv/bin/python bench/crosslang_recall.py

The archive: the alignment set's stories (tests/translation/data/versions.txt) in their kk/ru/en versions,
from which the glossary is learned, and the Russian-only stories of tests/translation/data/ru_only.tsv,
each with the Kazakh word a reader would type to find it (the story holds it in no script). A story is
found when it is among the query's hits. Before: the query as typed; after: `search --all-languages`.
"""

from __future__ import annotations

import sys
import tempfile
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.align_quality import load
from parlarchive.app import Parlarchive

RU_ONLY = Path(__file__).resolve().parents[1] / "tests" / "translation" / "data" / "ru_only.tsv"
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"}


def queries(path: Path = RU_ONLY) -> list[tuple[str, str, str]]:
    """(kk query, title, text) of each Russian-only story."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]  # type: ignore[misc]


def _page(title: str, paragraphs: list[str], lang: str, story: int) -> str:
    url = f"https://senate.parlam.kz/{LOCALES[lang]}/news/details/{story}"
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<link rel="canonical" href="{url}"></head><body><main><article><h1>{escape(title)}</h1>'
        f'<div class="date">01.03.2024</div>{body}</article></main></body></html>'
    )


def build(root: Path) -> Parlarchive:
    files = root / "files"
    files.mkdir(parents=True)
    for n, story in enumerate(load()):
        for lang, paragraphs in story.paragraphs().items():
            title = paragraphs[0].split(". ")[0][:90]  # the first sentence: a title in the version's language
            (files / f"{n}-{lang}.html").write_text(
                _page(title, paragraphs, lang, 5000 + n), encoding="utf-8"
            )
    for n, (_, title, text) in enumerate(queries()):
        (files / f"ru-only-{n}.html").write_text(_page(title, [text], "ru", 6000 + n), encoding="utf-8")
    app = Parlarchive(root / "data")
    report, _ = app.import_paths([files])
    assert not report.failed, report.failed
    return app


def measure(app: Parlarchive) -> dict[str, float]:
    found = {"before": 0, "after": 0}
    asked = queries()
    for query, title, _ in asked:
        for kind, everywhere in (("before", False), ("after", True)):
            hits = app.search(query, all_languages=everywhere, limit=None)["hits"]
            found[kind] += any(hit["title"] == title for hit in hits)
    return {kind: count / len(asked) for kind, count in found.items()} | {"queries": len(asked)}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        figures = measure(build(Path(tmp)))
    print(f"{figures['queries']} Kazakh queries for Russian-only stories: recall")
    print(f"  before (the query as typed)        {100 * figures['before']:.0f} %")
    print(f"  after (searched in all languages)  {100 * figures['after']:.0f} %")


if __name__ == "__main__":
    main()
