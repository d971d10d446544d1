"""Kazakh stemming on news sentences written for the purpose (not from our corpus templates): for each noun
searched in its bare form, the share of the sentences holding a plural, possessive or case form of it that
the stem finds (recall), and the share of the sentences found that hold no form of it (over-stemming).

    .venv/bin/python -m bench.kazakh_stems
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from search.analysis import text_terms

DATA = Path(__file__).resolve().parents[1] / "tests" / "archive" / "data"
# The first set guided the root list and rules; the second was written after, and measured as it came.
SETS = {"tuning": DATA / "kk_news_nouns.tsv", "held-out": DATA / "kk_news_nouns_heldout.tsv"}


def load(path: Path) -> list[tuple[set[str], str]]:
    """(nouns a sentence holds a form of, sentence) rows of the labelled set."""
    with path.open(encoding="utf-8", newline="") as f:
        return [(set(row["nouns"].split(",")), row["text"]) for row in csv.DictReader(f, delimiter="\t")]


def measure(rows: list[tuple[set[str], str]], analyze: Callable[[str], list[str]]) -> dict[str, tuple]:
    """noun -> (relevant, found, false hits) for every noun labelled in at least three sentences."""
    terms = [set(analyze(text)) for _, text in rows]
    counts = {}
    for noun in sorted({n for nouns, _ in rows for n in nouns}):
        relevant = {i for i, (nouns, _) in enumerate(rows) if noun in nouns}
        if len(relevant) < 3:
            continue
        query = set(analyze(noun))
        hits = {i for i, t in enumerate(terms) if query & t}
        counts[noun] = (len(relevant), len(hits & relevant), len(hits - relevant))
    return counts


def report(counts: dict[str, tuple]) -> tuple[float, float]:
    relevant = sum(c[0] for c in counts.values())
    found = sum(c[1] for c in counts.values())
    false = sum(c[2] for c in counts.values())
    return found / relevant, false / max(1, found + false)


def main() -> None:
    for name, path in SETS.items():
        rows = load(path)
        counts = measure(rows, lambda text: text_terms("kk", text)[0])
        missed = {noun: f"{c[1]}/{c[0]}" for noun, c in counts.items() if c[1] < c[0] or c[2]}
        recall, over = report(counts)
        print(
            f"{name}: {len(rows)} sentences, {len(counts)} nouns: recall {recall:.1%}, "
            f"over-stemming {over:.1%} of hits; short or over: {missed or 'none'}"
        )


if __name__ == "__main__":
    main()
