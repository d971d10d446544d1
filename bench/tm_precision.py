"""Translation memory precision where names or numbers differ: matches above 90 % that are wrong.

    .venv/bin/python bench/tm_precision.py

The memory holds the sentence units of the alignment set (tests/translation/data/versions.txt). Each of
its kk/ru/en sentences that states a number or a name is looked up twice, its own story left out of
nothing (the sentence itself is the match): once with one fact changed (the first number plus 3, or the
first name replaced by another person's) — a match there is another event, wrong to use as it stands;
once with one plain word left out — the same event, a right match. Before: the score as it was, the
similarity alone (rapidfuzz ratio); after: the similarity less the differing facts (translation.memory).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.align_quality import load
from translation.align import align_story
from translation.facts import facts, spans
from translation.memory import TranslationMemory, Unit

OTHER_NAME = {"kk": "Төлеубаев", "ru": "Тулеубаев", "en": "Tuleubayev"}
_WORD = re.compile(r"(?<![\w-])[^\W\d]{4,}(?![\w-])")


def with_other_fact(sentence: str, lang: str) -> str | None:
    for start, end, fact in spans(sentence):
        if fact.startswith("#") and sentence[start:end].isdigit():
            return sentence[:start] + str(int(sentence[start:end]) + 3) + sentence[end:]
        if not fact.startswith("#") and start > 0:
            return sentence[:start] + OTHER_NAME[lang] + sentence[end:]
    return None


def with_a_word_less(sentence: str, lang: str) -> str | None:
    for m in _WORD.finditer(sentence):
        if m.group()[:1].islower() and not facts(m.group(), lang):
            return (sentence[: m.start()] + sentence[m.end() :]).replace("  ", " ")
    return None


def measure() -> dict[str, dict[str, int]]:
    units = []
    for story in load():
        for part in align_story(story.paragraphs()).units:
            units.append(Unit(story.name, {lang: " ".join(s) for lang, s in part.items()}, {}))
    memory = TranslationMemory(units)
    counts = {kind: {"queries": 0, "before": 0, "after": 0} for kind in ("other facts", "same facts")}
    for unit in units:
        for lang, sentence in unit.texts.items():
            for kind, change in (("other facts", with_other_fact), ("same facts", with_a_word_less)):
                query = change(sentence, lang)
                if query is None:
                    continue
                matches = [m for m in memory.lookup(query, lang, limit=3) if m.text == sentence]
                counts[kind]["queries"] += 1
                counts[kind]["before"] += bool(matches) and matches[0].similarity >= 90
                counts[kind]["after"] += bool(matches) and matches[0].score >= 90
    return counts


def main() -> None:
    counts = measure()
    wrong, right = counts["other facts"], counts["same facts"]
    print(f"queries with one fact changed: {wrong['queries']}; the original matched at 90 % or more (wrong):")
    print(f"  before {wrong['before']} ({100 * wrong['before'] / wrong['queries']:.1f} %)")
    print(f"  after  {wrong['after']} ({100 * wrong['after'] / wrong['queries']:.1f} %)")
    print(f"queries with one plain word left out: {right['queries']}; matched at 90 % or more (right):")
    print(f"  before {right['before']} ({100 * right['before'] / right['queries']:.1f} %)")
    print(f"  after  {right['after']} ({100 * right['after'] / right['queries']:.1f} %)")


if __name__ == "__main__":
    main()
