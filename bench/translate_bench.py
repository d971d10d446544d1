"""Translation throughput of a tiny ru→en model through the real argostranslate path.

    .venv/bin/python bench/translate_bench.py --docs 300

Builds the tiny .argosmodel (parlarchive/demo/argos_model.py), stores N generated Russian stories,
installs the model and runs `translate --to en`: sentences/s of the pipeline (MiniSBD splitting,
SentencePiece, CTranslate2 beam search, storage) — the model itself is one layer of width 16, so this
is the pipeline's own cost per sentence, not a real model's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.models import Capture, Extracted
from archive.store import Store
from bench.corpus_gen import Corpus
from parlarchive.demo.argos_model import build_argosmodel, train_sentencepiece, training_lines
from translation.run import Run, engines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=300, help="Russian stories to translate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        model = build_argosmodel(root / "build", "ru", "en", sp_model=train_sentencepiece(training_lines()))
        print(f"tiny model built in {time.perf_counter() - start:.1f} s ({model.stat().st_size // 1024} KiB)")
        engines(root / "models")[0].install(model)
        with Store(root / "archive.sqlite3") as store:
            russian = (r for r in Corpus(3 * args.docs).records() if r.lang == "ru")
            for s, _ in zip(russian, range(args.docs), strict=False):
                url = f"https://senate.parlam.kz/ru/news/{s.n}"
                doc = Extracted(title=s.title, date=s.date, lang="ru", text=s.text, url=url)
                store.save(doc, Capture(url=url, fetched_at="2024-01-01T00:00:00Z", sha256=url), s.source)
            run = Run(store, root / "models", ["en"])
            report = run.execute()
        print(
            f"{report.translated} stories, {report.sentences} sentences in {report.seconds:.1f} s:"
            f" {report.sentences_per_second:.1f} sentences/s (engine import and model load {report.load_seconds:.1f} s)"
        )


if __name__ == "__main__":
    main()
