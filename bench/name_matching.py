"""People's names in every case form and script: which candidate analysis lets a query in one form (the
nominative, another script, a press transliteration) find every written form of the name, what it matches
wrongly, and what it costs per word at index time.

    .venv/bin/python -m bench.name_matching
    PYTHONPATH=/path/to/pymorphy3 .venv/bin/python -m bench.name_matching   # adds the pymorphy3 candidate

A form is found when a field the query searches holds a term of both: the form's language field (when the
query's letters pick that language) or the spelling keys, as search/plan.py builds the query.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from archive.translit import fold
from search.analysis import query_spelling_keys, spelling_keys, text_terms
from search.querytree import parse, query_langs

DATA = Path(__file__).resolve().parents[1] / "tests" / "archive" / "data"
LANGS = ("ru", "kk", "en")
Terms = Callable[[str, str], set[str]]  # (language, text) -> terms of that language's field


def load() -> dict[str, dict[str, list[str]]]:
    """group -> kind (query, ru, kk, en) -> words."""
    groups: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with (DATA / "name_forms.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            groups[row["group"]][row["kind"]].append(row["text"])
    return groups


def snowball_terms(lang: str, text: str) -> set[str]:
    return set(text_terms(lang, text)[0])


def pymorphy_terms() -> Terms | None:
    """Russian through pymorphy3's normal form (Snowball elsewhere), if pymorphy3 is importable."""
    try:
        import pymorphy3
    except ImportError:
        return None
    morph = pymorphy3.MorphAnalyzer()
    cache: dict[str, str] = {}

    def terms(lang: str, text: str) -> set[str]:
        if lang != "ru":
            return snowball_terms(lang, text)
        word = text.lower()
        if word not in cache:
            cache[word] = morph.parse(word)[0].normal_form
        return {cache[word]}

    return terms


Keys = Callable[[str, str, str], bool]  # (query, language, form) -> the query's and the form's keys meet
CANDIDATES: dict[str, tuple[Terms | None, Keys]] = {
    "Snowball + exact fold": (snowball_terms, lambda q, _lang, form: fold(q) == fold(form)),
    "spelling keys (shipped)": (
        snowball_terms,
        lambda q, lang, form: bool(query_spelling_keys(q) & spelling_keys(lang, form)),
    ),
    "pymorphy3 (ru)": (pymorphy_terms(), lambda q, _lang, form: fold(q) == fold(form)),
}


def found(query: str, lang: str, form: str, terms: Terms, keys: Keys) -> bool:
    if lang in query_langs(parse(query)) and terms(lang, query) & terms(lang, form):
        return True
    return keys(query, lang, form)


def per_word_cost(fn: Callable[[str], object], words: list[str]) -> float:
    """Microseconds a word, cold caches excluded by using distinct words."""
    start = time.perf_counter()
    for w in words:
        fn(w)
    return (time.perf_counter() - start) / len(words) * 1e6


def main() -> None:
    groups = load()
    forms = [(g, lang, w) for g, kinds in groups.items() for lang in LANGS for w in kinds.get(lang, [])]
    queries = [(g, q) for g, kinds in groups.items() for q in kinds["query"]]
    print(
        f"{len(forms)} forms of {len(groups)} names (ru {sum(f[1] == 'ru' for f in forms)}, "
        f"kk {sum(f[1] == 'kk' for f in forms)}, en {sum(f[1] == 'en' for f in forms)}), {len(queries)} queries"
    )
    print(f"{'candidate':22} {'found ru':>9} {'found kk':>9} {'found en':>9} {'all':>7} {'wrong':>6}")
    for name, (terms, keys) in CANDIDATES.items():
        if terms is None:
            print(f"{name:22} (not installed)")
            continue
        hits: dict[str, list[bool]] = defaultdict(list)
        wrong = 0
        for g, query in queries:
            for fg, lang, form in forms:
                ok = found(query, lang, form, terms, keys)
                if fg == g:
                    hits[lang].append(ok)
                    hits["all"].append(ok)
                elif ok:
                    wrong += 1
        cells = " ".join(f"{sum(hits[k]) / len(hits[k]):9.1%}" for k in (*LANGS, "all"))
        print(f"{name:22} {cells} {wrong:6}")
    # Index-time cost a word.
    sample = [f"{w}{i}" for i in range(2000) for w in ("Мукашева", "депутатов", "Тоқаевтың")]
    print("index-time cost, µs a word:")
    print(f"  Snowball ru           {per_word_cost(lambda w: snowball_terms('ru', w), sample):6.1f}")
    print(
        f"  spelling keys         {per_word_cost(lambda w: spelling_keys('ru', w), [w + 'x' for w in sample]):6.1f}"
    )
    morph = CANDIDATES["pymorphy3 (ru)"][0]
    if morph is not None:
        print(
            f"  pymorphy3 ru          {per_word_cost(lambda w: morph('ru', w), [w + 'y' for w in sample]):6.1f}"
        )
    print(
        f"query-time spelling keys, µs a query word: {per_word_cost(query_spelling_keys, [w + 'z' for w in sample]):6.1f}"
    )


if __name__ == "__main__":
    main()
