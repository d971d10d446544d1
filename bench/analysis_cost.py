"""Index-time analysis cost: CPU milliseconds a document spends in the analysis indexing runs (its
language's terms and its spelling keys), on generated kk/ru/en stories. CPU time, best of three, so that
other load on the machine moves it little; run it against two trees to compare them. Each pass starts with
cold word caches (a bulk build's worker starts so).

    .venv/bin/python -m bench.analysis_cost [--docs 1500]
"""

from __future__ import annotations

import argparse
import time

from bench.corpus_gen import Corpus
from search import analysis


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1500)
    docs = [(r.lang, f"{r.title}\n{r.text}") for r in Corpus(parser.parse_args().docs).records()]
    best = {"language terms": float("inf"), "spelling keys": float("inf")}
    for _ in range(3):
        for cached in (analysis.stem, analysis.word_terms, analysis.spelling_keys):
            cached.cache_clear()
        start = time.process_time()
        for lang, text in docs:
            analysis.text_terms(lang, text)
        middle = time.process_time()
        for lang, text in docs:
            analysis.text_spelling_keys(lang, text)
        end = time.process_time()
        best["language terms"] = min(best["language terms"], middle - start)
        best["spelling keys"] = min(best["spelling keys"], end - middle)
    for name, seconds in best.items():
        print(f"{name:22} {seconds / len(docs) * 1000:6.2f} CPU ms a document ({len(docs)} documents)")


if __name__ == "__main__":
    main()
