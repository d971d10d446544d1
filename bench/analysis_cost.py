"""Index-time analysis cost: CPU milliseconds a document spends in the analyzers indexing runs (its
language's field and the transliteration field), on generated kk/ru/en stories. CPU time, best of three,
so that other load on the machine moves it little; run it against two trees to compare them.

    .venv/bin/python -m bench.analysis_cost [--docs 1500]
"""

from __future__ import annotations

import argparse
import time

from bench.corpus_gen import Corpus
from search.analyzers import language_analyzer, translit_analyzer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1500)
    docs = [(r.lang, f"{r.title}\n{r.text}") for r in Corpus(parser.parse_args().docs).records()]
    translit = translit_analyzer()
    best = {"language field": float("inf"), "transliteration field": float("inf")}
    for _ in range(3):
        start = time.process_time()
        for lang, text in docs:
            for _t in language_analyzer(lang)(text):
                pass
        middle = time.process_time()
        for _lang, text in docs:
            for _t in translit(text):
                pass
        end = time.process_time()
        best["language field"] = min(best["language field"], middle - start)
        best["transliteration field"] = min(best["transliteration field"], end - middle)
    for name, seconds in best.items():
        print(f"{name:22} {seconds / len(docs) * 1000:6.2f} CPU ms a document ({len(docs)} documents)")


if __name__ == "__main__":
    main()
