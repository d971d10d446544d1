"""Benchmark: language-identification candidates on the labelled kk/ru/en set (accuracy, speed, load time)."""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from archive.languages import KAZAKH_LETTERS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "archive" / "data" / "langid_labelled.tsv"
LANGS = ("kk", "ru", "en")
# One text per language, so that a lazily loading detector loads all of its models in load_time().
PROBES = (
    "Мәслихат депутаттарына арналған оқыту семинары Ақтөбеде өтті",
    "Депутаты маслихатов прошли обучение в Актобе",
    "Training for maslikhat deputies held in Aktobe",
)


def load_set(path: Path = DATA) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["lang"], r["kind"], r["text"]) for r in csv.DictReader(f, delimiter="\t")]


def _kaz_count(text: str) -> int:
    return sum(ch in KAZAKH_LETTERS for ch in text)


# ---- candidates: each is a factory returning detect(text) -> str | None --------------------------------


def langdetect_seed() -> Callable[[str], str | None]:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def run(text: str) -> str | None:
        try:
            return detect(text)
        except LangDetectException:
            return None

    return run


def langdetect_rule(threshold: int) -> Callable[[], Callable[[str], str | None]]:
    def factory() -> Callable[[str], str | None]:
        base = langdetect_seed()

        def run(text: str) -> str | None:
            if _kaz_count(text) >= threshold:
                return "kk"
            return base(text)

        return run

    return factory


def _lingua(low_accuracy: bool = False) -> Callable[[str], str | None]:
    from lingua import Language, LanguageDetectorBuilder

    langs = (Language.KAZAKH, Language.RUSSIAN, Language.ENGLISH)
    codes = {lang: lang.iso_code_639_1.name.lower() for lang in langs}
    builder = LanguageDetectorBuilder.from_languages(*langs)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    det = builder.build()

    def run(text: str) -> str | None:
        return codes.get(det.detect_language_of(text))

    return run


def lingua_kk_ru_en() -> Callable[[str], str | None]:
    return _lingua()


def lingua_low_accuracy() -> Callable[[str], str | None]:
    return _lingua(low_accuracy=True)


def _hybrid(
    mask: bool, low_accuracy: bool, spelling: bool = False
) -> Callable[[], Callable[[str], str | None]]:
    """archive.normalize.langid's method: Latin-script shortcut, lingua (on masked text if `mask`), Cyrillic fallback."""

    def factory() -> Callable[[str], str | None]:
        from functools import partial

        from archive.normalize import langid

        return partial(langid.detect_with, mask=mask, spelling=spelling, low_accuracy=low_accuracy)

    return factory


def shipped() -> Callable[[str], str | None]:
    """archive.normalize.langid.detect exactly as configured in the module."""
    from archive.normalize import langid

    return langid.detect


CANDIDATES: dict[str, Callable[[], Callable[[str], str | None]]] = {
    "langdetect seed": langdetect_seed,
    **{f"langdetect seed + kk>={n}": langdetect_rule(n) for n in (1, 2, 3, 4, 5)},
    "lingua kk/ru/en": lingua_kk_ru_en,
    "lingua kk/ru/en low-acc": lingua_low_accuracy,
    "lingua + script rules": _hybrid(mask=False, low_accuracy=False),
    "lingua + script + mask": _hybrid(mask=True, low_accuracy=False),
    "lingua low-acc + script + mask": _hybrid(mask=True, low_accuracy=True),
    "lingua + script + mask + spelling": _hybrid(mask=True, low_accuracy=False, spelling=True),
    "lingua low-acc + s + m + spelling": _hybrid(mask=True, low_accuracy=True, spelling=True),
    "archive.normalize.langid (as shipped)": shipped,
}


def load_time(name: str) -> float:
    """Seconds to import, build and answer once, measured in a fresh process."""
    code = (
        f"import sys,time; sys.path.insert(0, {str(ROOT)!r}); t=time.perf_counter();"
        f"import bench.langid_accuracy as b; d=b.CANDIDATES[{name!r}](); [d(t) for t in b.PROBES];"
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def evaluate(detect: Callable[[str], str | None], rows: list[tuple[str, str, str]]) -> dict[str, float]:
    res: dict[str, list[int]] = {}
    for lang, kind, text in rows:
        ok = int(detect(text) == lang)
        for key in (lang, kind, f"{lang}/{kind}", "all"):
            res.setdefault(key, []).append(ok)
    return {k: sum(v) / len(v) for k, v in res.items()}


def throughput(
    detect: Callable[[str], str | None], rows: list[tuple[str, str, str]], seconds: float
) -> float:
    texts = [t for _, _, t in rows]
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for t in texts:
            detect(t)
        n += len(texts)
    return n / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=1.0, help="time spent measuring speed per candidate")
    ap.add_argument("--errors", action="store_true", help="list the misclassified texts of each candidate")
    args = ap.parse_args()
    rows = load_set()
    counts = {k: sum(1 for r in rows if (r[0], r[1]) == k) for k in {(r[0], r[1]) for r in rows}}
    print(
        f"labelled set: {len(rows)} texts "
        + ", ".join(f"{a}/{b}={n}" for (a, b), n in sorted(counts.items()))
    )
    cols = ["all", "kk", "ru", "en", "title", "paragraph", "kk/title", "ru/title", "en/title"]
    head = f"{'candidate':34} " + " ".join(f"{c:>9}" for c in cols) + f" {'texts/s':>9} {'load s':>7}"
    print(head)
    print("-" * len(head))
    errors: dict[str, list[str]] = {}
    for name, factory in CANDIDATES.items():
        detect = factory()
        acc = evaluate(detect, rows)
        again = evaluate(detect, rows)
        assert acc == again, f"{name} is not deterministic"
        speed = throughput(detect, rows, args.seconds)
        lt = load_time(name)
        print(f"{name:34} " + " ".join(f"{acc[c]:9.3f}" for c in cols) + f" {speed:9.0f} {lt:7.2f}")
        errors[name] = [f"{lang}->{detect(t)}: {t[:90]}" for lang, _, t in rows if detect(t) != lang]
    if args.errors:
        for name, errs in errors.items():
            print(f"\n## {name}: {len(errs)} errors")
            for e in errs:
                print("  ", e)


if __name__ == "__main__":
    main()
