"""Index-time analysis cost: CPU milliseconds a document spends in the analysis indexing runs (its own
language's terms and its spelling keys, `search.analysis.indexed`), on generated kk/ru/en stories: with
cold word caches (as a bulk build's worker starts) and with warm ones (the same documents again). CPU time,
best of three, so that other load on the machine moves it little.

    .venv/bin/python -m bench.analysis_cost [--docs 1500]
"""

from __future__ import annotations

import argparse
import time

from archive import kazakh, translit
from bench.corpus_gen import Corpus
from search import analysis


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1500)
    docs = [(r.lang, (r.title, r.text)) for r in Corpus(parser.parse_args().docs).records()]
    best = {"cold word caches": float("inf"), "warm word caches": float("inf")}
    for _ in range(3):
        for cached in (
            analysis.stem,
            analysis.word_terms,
            analysis.spelling_keys,
            translit._spell,
            translit.spelling,
            kazakh.stem,
        ):
            cached.cache_clear()
        analysis.forget_build_words()
        for name in best:
            start = time.process_time()
            for lang, texts in docs:
                analysis.indexed(lang, texts)
            best[name] = min(best[name], time.process_time() - start)
    for name, seconds in best.items():
        print(f"{name:18} {seconds / len(docs) * 1000:6.2f} CPU ms a document ({len(docs)} documents)")


if __name__ == "__main__":
    main()
