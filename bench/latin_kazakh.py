"""Kazakh in the Latin script (the 2018 alphabet with acutes, the 2021 one with umlauts and breves), on news
sentences written for the purpose: how many are recognized as Kazakh, how many English sentences with
transliterated Kazakh names stay English, and how many Cyrillic nouns labelled in each sentence a Cyrillic
query finds through the Kazakh analyzer.

    .venv/bin/python -m bench.latin_kazakh
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from archive.normalize.langid import detect
from search.analysis import text_terms

DATA = Path(__file__).resolve().parents[1] / "tests" / "archive" / "data"
# (Latin Kazakh sentences, English sentences): the first pair guided the rules, the second was written after.
SETS = {
    "tuning": ("kk_latin_sentences.tsv", "en_with_kazakh_names.txt"),
    "held-out": ("kk_latin_heldout.tsv", "en_with_kazakh_names_heldout.txt"),
}


def load(name: str = "kk_latin_sentences.tsv") -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def english(name: str = "en_with_kazakh_names.txt") -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").splitlines()


def terms(text: str) -> set[str]:
    first, more = text_terms("kk", text)
    return {*first, *more}


def measure(kazakh: str, english_name: str) -> None:
    detected: dict[str, list[bool]] = defaultdict(list)
    keys: dict[str, list[bool]] = defaultdict(list)
    missed = []
    for row in load(kazakh):
        detected[row["alphabet"]].append(detect(row["text"]) == "kk")
        have = terms(row["text"])
        for key in row["keys"].split(","):
            ok = bool(terms(key) & have)
            keys[row["alphabet"]].append(ok)
            if not ok:
                missed.append(key)
    for alphabet in sorted(detected):
        d, k = detected[alphabet], keys[alphabet]
        print(
            f"  {alphabet}: {sum(d)}/{len(d)} sentences detected kk; "
            f"{sum(k)}/{len(k)} labelled Cyrillic nouns found by a Cyrillic query"
        )
    en = english(english_name)
    print(f"  English with Kazakh names: {sum(detect(t) == 'en' for t in en)}/{len(en)} stay en")
    print(f"  nouns not found: {missed or 'none'}")


def main() -> None:
    for name, files in SETS.items():
        print(f"{name}:")
        measure(*files)


if __name__ == "__main__":
    main()
