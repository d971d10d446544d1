"""Alignment quality on versions paragraphed differently: unit precision and sentence recall per language pair.

    .venv/bin/python bench/align_quality.py                       # the aligner of this checkout
    git show ad0c90a:translation/align.py > /tmp/old_align.py
    .venv/bin/python bench/align_quality.py --baseline /tmp/old_align.py   # the paragraph aligner before

The set (tests/translation/data/versions.txt) holds kk/ru/en stories written for the project with their
true sentence correspondences. A unit of the aligner is right for a pair A–B when its A side and its B side
each hold exactly the sentences of the same true units, all translated in both (a side that cuts a sentence,
or holds one its partner lacks, is wrong). Unit precision: right units / units holding both A and B. Sentence
recall: the sentences of A and B that have a partner, in a right unit / all of them. Strict: right units
that are one true unit (no two merged).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.languages import LANGS

SET = Path(__file__).resolve().parents[1] / "tests" / "translation" / "data" / "versions.txt"


@dataclass
class Story:
    name: str
    units: list[dict[str, list[str]]] = field(default_factory=list)  # lang -> its sentences (none if absent)
    breaks: list[set[str]] = field(
        default_factory=list
    )  # per unit: the versions a paragraph ends in after it

    def paragraphs(self) -> dict[str, list[str]]:
        """Each version's paragraphs, as the archive would store them."""
        out: dict[str, list[str]] = {}
        for lang in LANGS:
            paras, current = [], []
            for unit, ends in zip(self.units, self.breaks, strict=True):
                current += unit.get(lang, [])
                if lang in ends and current:
                    paras.append(" ".join(current))
                    current = []
            if current:
                paras.append(" ".join(current))
            if paras:
                out[lang] = paras
        return out


def load(path: Path = SET) -> list[Story]:
    stories: list[Story] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("==="):
            stories.append(Story(line[3:].strip()))
        elif line.startswith("¶"):
            stories[-1].breaks[-1] |= set(line[1:].split())
        else:
            lang, text = line.split(":", 1)
            story = stories[-1]
            if lang == LANGS[0] or not story.units:
                story.units.append({})
                story.breaks.append(set())
            text = text.strip()
            if text != "-":
                story.units[-1][lang] = [s.strip() for s in text.split("|")]
    return stories


Units = Callable[[dict[str, list[str]]], list[dict[str, str]]]


def _cover(text: str, sides: list[tuple[int, str]]) -> tuple[int, ...] | None:
    """The true units whose sides, in order, make up exactly this text (None if it cuts one)."""
    text = " ".join(text.split())
    for start, (_, first) in enumerate(sides):
        if not text.startswith(first):
            continue
        got, k, ids = first, start, [sides[start][0]]
        while len(got) < len(text) and k + 1 < len(sides):
            k += 1
            got += " " + sides[k][1]
            ids.append(sides[k][0])
        if got == text:
            return tuple(ids)
    return None


def score(stories: list[Story], units: Units) -> dict[str, dict[str, float]]:
    out = {}
    for a, b in itertools.combinations(LANGS, 2):
        predicted = right = strict = sentences = recalled = 0
        for story in stories:
            sides = {
                lang: [(n, " ".join(u[lang])) for n, u in enumerate(story.units) if lang in u]
                for lang in (a, b)
            }
            both = {n for n, u in enumerate(story.units) if a in u and b in u}
            found: set[int] = set()
            for unit in units(story.paragraphs()):
                if not unit.get(a) or not unit.get(b):
                    continue
                predicted += 1
                ca, cb = _cover(unit[a], sides[a]), _cover(unit[b], sides[b])
                if ca is not None and ca == cb and set(ca) <= both:
                    right += 1
                    strict += len(ca) == 1
                    found |= set(ca)
            for n in both:
                count = len(story.units[n][a]) + len(story.units[n][b])
                sentences += count
                recalled += count if n in found else 0
        out[f"{a}-{b}"] = {
            "units": predicted,
            "precision": right / predicted if predicted else 0.0,
            "strict": strict / predicted if predicted else 0.0,
            "recall": recalled / sentences if sentences else 0.0,
        }
    return out


def current_units(paragraphs_by_lang: dict[str, list[str]]) -> list[dict[str, str]]:
    from translation.align import align_story

    return [{lang: " ".join(ss) for lang, ss in u.items()} for u in align_story(paragraphs_by_lang).units]


def baseline_units(path: Path) -> Units:
    """Units of the paragraph aligner before: one per aligned row of paragraphs."""
    spec = importlib.util.spec_from_file_location("baseline_align", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]

    def units(paragraphs_by_lang: dict[str, list[str]]) -> list[dict[str, str]]:
        rows = module.align(paragraphs_by_lang)
        return [
            {lang: paragraphs_by_lang[lang][i] for lang, i in row.items() if i is not None} for row in rows
        ]

    return units


def report(figures: dict[str, dict[str, float]]) -> str:
    lines = ["pair    units  precision  strict  sentence recall"]
    for pair, f in figures.items():
        lines.append(
            f"{pair:6} {f['units']:6d}  {100 * f['precision']:8.1f}%  {100 * f['strict']:5.1f}%  {100 * f['recall']:8.1f}%"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--baseline", type=Path, help="an older align.py (its align() rows) to measure instead"
    )
    parser.add_argument("--set", type=Path, default=SET)
    args = parser.parse_args()
    stories = load(args.set)
    units = baseline_units(args.baseline) if args.baseline else current_units
    print(f"{len(stories)} stories, {sum(len(s.units) for s in stories)} true units")
    print(report(score(stories, units)))


if __name__ == "__main__":
    main()
