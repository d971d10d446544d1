"""Glossary precision: the top kk→ru entries learned from an archive, judged against a list written by hand.

    .venv/bin/python bench/glossary_quality.py --data data            # e.g. `make demo`'s archive
    .venv/bin/python bench/glossary_quality.py --data data --show     # list the unjudged entries to judge

The list (tests/translation/data/glossary_kk_ru.tsv) holds kk/ru pairs marked right or wrong; an entry is
matched to a pair by the stems of their words. Precision is right / judged among the top TOP entries; the
entries the list does not cover are counted apart (judge them and add them to the list).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.store import open_for_reading
from translation.glossary import Glossary, words
from translation.memory import archive_units

JUDGED = Path(__file__).resolve().parents[1] / "tests" / "translation" / "data" / "glossary_kk_ru.tsv"
TOP = 200


def _key(kk: str, ru: str) -> tuple[str, str]:
    return " ".join(s for s, _ in words(kk, "kk")), " ".join(s for s, _ in words(ru, "ru"))


def judged(path: Path = JUDGED) -> dict[tuple[str, str], bool]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kk, ru, verdict = line.split("\t")
            out[_key(kk, ru)] = verdict.strip() == "1"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="a data folder")
    parser.add_argument("--show", action="store_true", help="print the entries the list does not judge")
    args = parser.parse_args()
    start = time.perf_counter()
    with open_for_reading(args.data / "archive.sqlite3") as store:
        units = [u.texts for u in archive_units(store)]
    glossary = Glossary.learn(units)
    seconds = time.perf_counter() - start
    verdicts = judged()
    top = glossary.pair("kk", "ru")[:TOP]
    right = wrong = 0
    unjudged = []
    for e in top:
        verdict = verdicts.get((e.source_stem, e.target_stem))
        if verdict is None:
            unjudged.append(e)
        elif verdict:
            right += 1
        else:
            wrong += 1
    print(f"{len(units)} units; {len(glossary.entries)} entries in {seconds:.1f} s; top {len(top)} kk→ru:")
    print(
        f"  judged {right + wrong}: {right} right, {wrong} wrong: precision {100 * right / max(right + wrong, 1):.1f} %"
    )
    print(f"  unjudged {len(unjudged)}")
    if args.show:
        for e in unjudged:
            print(f"{e.source}\t{e.target}\t{e.count}")


if __name__ == "__main__":
    main()
