"""A glossary learned from the archive's own human translations: which words of one language translate which
of another, with counts and examples.

From the aligned sentences of every story (translation.memory's units) each language pair trains IBM
Model 1 in both directions over stems (Kazakh by archive.kazakh, Russian and English by Snowball), a
few EM iterations on at most MAX_PAIRS sentence pairs. A pair of stems is linked in a sentence pair when
each is the other's most probable translation there (the two directions intersected); an entry is a pair
linked in at least MIN_COUNT sentence pairs, scored by the geometric mean of its two translation
probabilities, shown by its most frequent spellings with an example sentence pair. Two-word phrases whose
words are linked to the two words of a phrase on the other side in order (жалпы отырыс ↔ пленарное
заседание) are entries too, where the two words mostly stand together on both sides (a collocation). Numbers and one-letter words take no part.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import combinations
from xml.etree import ElementTree as ET

from archive import kazakh
from archive.languages import LANGS

MAX_PAIRS = 20_000  # sentence pairs a language pair trains on (~100 MB while it trains)
ITERATIONS = 6
MIN_COUNT = 2  # sentence pairs an entry must be linked in
MIN_SCORE = 0.25  # geometric mean of t(f|e) and t(e|f): below it most entries were wrong (the demo archive)
COLLOCATION = 0.5  # a phrase: its two words stand together in at least half the sentences of the rarer one
EXAMPLES = 2
MIN_SHOWN = 3  # letters a word needs to be looked up in a text (ал, из, ru: particles and codes, not terms)
FORMS = 3  # spellings of a target kept for searching
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@cache
def _snowball(lang: str):
    import Stemmer

    return Stemmer.Stemmer({"ru": "russian", "en": "english"}[lang])


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """The stem a glossary keys a lower-case word by: мәслихаттарға -> мәслихат, заседании -> заседан."""
    if lang == "kk":
        return kazakh.stem(word)
    return _snowball(lang).stemWord(word)


def words(text: str, lang: str) -> list[tuple[str, str]]:
    """(stem, word) of each word of a text, lower case; numbers and one-letter words left out."""
    out = []
    for m in _WORD.finditer(text.lower()):
        word = m.group().strip("’'-")
        if len(word) > 1:
            out.append((stem(word, lang), word))
    return out


@dataclass
class Entry:
    """One glossary entry: a word or two-word phrase of `src` and its translation in `dst`."""

    src: str
    dst: str
    source: str  # the most frequent spelling
    target: str
    source_stem: str
    target_stem: str
    count: int  # sentence pairs it is linked in
    score: float
    examples: list[tuple[str, str]] = field(default_factory=list)  # (source sentence, target sentence)
    forms: tuple[str, ...] = ()  # the target's most frequent spellings (a search finds each form as written)

    def as_json(self) -> dict:
        return {
            "from": self.src,
            "to": self.dst,
            "source": self.source,
            "target": self.target,
            "count": self.count,
            "score": round(self.score, 3),
            "examples": [list(e) for e in self.examples],
        }


class _Model1:
    """IBM Model 1 over (e words, f words) pairs with a NULL word on the e side: t(f|e) by EM, vectorised
    over every (e, f) pair of every sentence pair."""

    def __init__(self, pairs: list[tuple[list[str], list[str]]]):
        import numpy as np

        self._e_ids: dict[str, int] = {"": 0}  # 0: NULL
        self._f_ids: dict[str, int] = {}
        e_rows, f_rows, occurrence = [], [], []  # one row per (e position, f position) of a sentence pair
        n = 0
        for es, fs in pairs:
            e_ix = [0] + [self._e_ids.setdefault(e, len(self._e_ids)) for e in es]
            for f in fs:
                fid = self._f_ids.setdefault(f, len(self._f_ids))
                e_rows += e_ix
                f_rows += [fid] * len(e_ix)
                occurrence += [n] * len(e_ix)
                n += 1
        e_arr, f_arr = np.array(e_rows, dtype=np.int64), np.array(f_rows, dtype=np.int64)
        keys, self._pair = np.unique(e_arr * max(len(self._f_ids), 1) + f_arr, return_inverse=True)
        self._pair_e = keys // max(len(self._f_ids), 1)
        self._keys = keys
        occ = np.array(occurrence, dtype=np.int64)
        t = np.full(len(keys), 1.0 / max(len(self._f_ids), 1))
        for _ in range(ITERATIONS):
            p = t[self._pair]
            share = p / np.bincount(occ, weights=p, minlength=n)[occ]
            counts = np.bincount(self._pair, weights=share, minlength=len(keys))
            totals = np.bincount(self._pair_e, weights=counts, minlength=len(self._e_ids))
            t = counts / totals[self._pair_e]
        self._t = dict(zip(keys.tolist(), t.tolist(), strict=True))
        self._width = max(len(self._f_ids), 1)

    def get(self, e: str, f: str) -> float:
        """t(f|e); e "" is NULL."""
        ei, fi = self._e_ids.get(e), self._f_ids.get(f)
        if ei is None or fi is None:
            return 0.0
        return self._t.get(ei * self._width + fi, 0.0)


def _links(es: list[str], fs: list[str], fwd: _Model1, rev: _Model1) -> set[tuple[int, int]]:
    """Positions (i, j) where e_i is f_j's best translation and f_j e_i's (NULL beating both leaves none)."""
    best_e = {}
    for j, f in enumerate(fs):
        i, p = max(enumerate(fwd.get(e, f) for e in es), key=lambda x: x[1], default=(0, 0.0))
        if p > fwd.get("", f):
            best_e[j] = i
    best_f = {}
    for i, e in enumerate(es):
        j, p = max(enumerate(rev.get(f, e) for f in fs), key=lambda x: x[1], default=(0, 0.0))
        if p > rev.get("", e):
            best_f[i] = j
    return {(i, j) for j, i in best_e.items() if best_f.get(i) == j}


class Glossary:
    """Entries per language pair (both directions of each), looked up by a word's stem."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries = sorted(entries, key=lambda e: (-e.count, -e.score, e.source))
        self._by_stem: dict[tuple[str, str], list[Entry]] = {}
        for entry in self.entries:
            self._by_stem.setdefault((entry.src, entry.source_stem), []).append(entry)

    @classmethod
    def learn(cls, units: Iterable[dict[str, str]]) -> Glossary:
        """Learn from units ({lang: text} of sentences that translate each other)."""
        sentences: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for texts in units:
            for a, b in combinations([lang for lang in LANGS if texts.get(lang)], 2):
                pairs = sentences.setdefault((a, b), [])
                if len(pairs) < MAX_PAIRS:
                    pairs.append((texts[a], texts[b]))
        entries: list[Entry] = []
        for (a, b), pairs in sentences.items():
            entries += _learn_pair(a, b, pairs)
        return cls(entries)

    def translations(self, term: str, lang: str) -> list[Entry]:
        """Entries whose source is this word or two-word phrase (any form of it) in `lang`, best first."""
        return self._by_stem.get((lang, " ".join(s for s, _ in words(term, lang))), [])

    def best(self, term: str, lang: str) -> dict[str, Entry]:
        """The best entry per target language for a term of `lang`."""
        out: dict[str, Entry] = {}
        for entry in self.translations(term, lang):
            out.setdefault(entry.dst, entry)
        return out

    def in_text(self, text: str, lang: str, targets: Iterable[str] = LANGS) -> list[Entry]:
        """The entries for the words and phrases of a text (each source once, its best entry per target
        language), in the order they occur; words shorter than MIN_SHOWN letters left out."""
        wanted = set(targets) - {lang}
        tokens = words(text, lang)
        keys = [s for s, _ in tokens] + [
            f"{x} {y}" for (x, _), (y, _) in zip(tokens, tokens[1:], strict=False)
        ]
        seen, out = set(), []
        for key in keys:
            if len(key) < MIN_SHOWN:
                continue
            for entry in self._by_stem.get((lang, key), []):
                if entry.dst in wanted and (key, entry.dst) not in seen:
                    seen.add((key, entry.dst))
                    out.append(entry)
        return out

    def pair(self, src: str, dst: str) -> list[Entry]:
        return [e for e in self.entries if e.src == src and e.dst == dst]


def _learn_pair(a: str, b: str, pairs: list[tuple[str, str]]) -> list[Entry]:
    tokens = [(words(x, a), words(y, b)) for x, y in pairs]
    stems = [([s for s, _ in ta], [s for s, _ in tb]) for ta, tb in tokens]
    fwd = _Model1(stems)  # t(b stem | a stem)
    rev = _Model1([(fs, es) for es, fs in stems])  # t(a stem | b stem)
    linked: Counter[tuple[str, str]] = Counter()
    seen: Counter[str] = Counter()  # sentences holding each stem and each two-stem phrase, per side
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for (ta, tb), (es, fs), (x, y) in zip(tokens, stems, pairs, strict=True):
        links = _links(es, fs, fwd, rev)
        found = {(es[i], fs[j]) for i, j in links}
        for i, j in links:  # phrases: two adjacent words linked, in order, to two adjacent words
            if (i + 1, j + 1) in links:
                found.add((f"{es[i]} {es[i + 1]}", f"{fs[j]} {fs[j + 1]}"))
                spellings[f"a {es[i]} {es[i + 1]}"][f"{ta[i][1]} {ta[i + 1][1]}"] += 1
                spellings[f"b {fs[j]} {fs[j + 1]}"][f"{tb[j][1]} {tb[j + 1][1]}"] += 1
        for side, ws, ss in (("a", ta, es), ("b", tb, fs)):
            for s, w in ws:
                spellings[f"{side} {s}"][w] += 1
            seen.update(
                {f"{side} {s}" for s in ss} | {f"{side} {x} {y}" for x, y in zip(ss, ss[1:], strict=False)}
            )
        for key in found:
            linked[key] += 1
            if len(examples[key]) < EXAMPLES:
                examples[key].append((x, y))
    out = []
    for (sa, sb), count in linked.items():
        if count < MIN_COUNT:
            continue
        if " " in sa:
            if not all(_collocation(seen, side, phrase) for side, phrase in (("a", sa), ("b", sb))):
                continue
            score = min(_score(fwd, rev, pa, pb) for pa, pb in zip(sa.split(), sb.split(), strict=True))
        else:
            score = _score(fwd, rev, sa, sb)
        if score < MIN_SCORE:
            continue
        forms_a = tuple(w for w, _ in spellings[f"a {sa}"].most_common(FORMS))
        forms_b = tuple(w for w, _ in spellings[f"b {sb}"].most_common(FORMS))
        out.append(Entry(a, b, forms_a[0], forms_b[0], sa, sb, count, score, examples[sa, sb], forms_b))
        back = [(y, x) for x, y in examples[sa, sb]]
        out.append(Entry(b, a, forms_b[0], forms_a[0], sb, sa, count, score, back, forms_a))
    return out


def _collocation(seen: Counter[str], side: str, phrase: str) -> bool:
    rarer = min(seen[f"{side} {word}"] for word in phrase.split())
    return seen[f"{side} {phrase}"] >= COLLOCATION * rarer


def _score(fwd: _Model1, rev: _Model1, sa: str, sb: str) -> float:
    return math.sqrt(fwd.get(sa, sb) * rev.get(sb, sa))


# ---- export --------------------------------------------------------------------------------------------


def csv_rows(glossary: Glossary) -> Iterator[str]:
    """CSV: from, to, source, target, count, score, example source, example target."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["from", "to", "source", "target", "count", "score", "example_source", "example_target"])
    for e in glossary.entries:
        example = e.examples[0] if e.examples else ("", "")
        writer.writerow([e.src, e.dst, e.source, e.target, e.count, f"{e.score:.3f}", *example])
    yield out.getvalue()


def tbx(glossary: Glossary) -> Iterator[str]:
    """TBX (TermBase eXchange, ISO 30042, TBX-Basic shape): one concept entry per entry, both terms with
    their count as a note and the example as context."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="en">\n'
    yield "  <martifHeader><fileDesc><sourceDesc><p>parlarchive: learned from the archive's human"
    yield " translations</p></sourceDesc></fileDesc></martifHeader>\n  <text><body>\n"
    for n, e in enumerate(glossary.entries, 1):
        if LANGS.index(e.src) > LANGS.index(e.dst):
            continue  # each pair once
        entry = ET.Element("termEntry", id=f"e{n}")
        ET.SubElement(entry, "descrip", type="note").text = f"linked in {e.count} sentence pairs"
        for lang, term, example in ((e.src, e.source, 0), (e.dst, e.target, 1)):
            lang_set = ET.SubElement(entry, "langSet", {_XML_LANG: lang})
            tig = ET.SubElement(lang_set, "tig")
            ET.SubElement(tig, "term").text = term
            if e.examples:
                ET.SubElement(tig, "descrip", type="context").text = e.examples[0][example]
        yield f"    {ET.tostring(entry, encoding='unicode')}\n"
    yield "  </body></text>\n</martif>\n"


FORMATS = {"csv": csv_rows, "tbx": tbx}
