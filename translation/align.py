"""Alignment of a story's language versions: paragraphs that translate each other, then their sentences.

Real versions are paragraphed differently: one merges two paragraphs, another splits one, the English is
abridged. Each pair of versions is aligned Gale–Church style, by dynamic programming over beads of 1–1,
1–2, 2–1, 2–2, 1–3, 3–1 segments and gaps (1–0, 0–1): a bead costs the improbability of its length ratio
plus its prior, less the facts its two sides share (translation.facts: numbers, months, names and other
capitalised words in one Latin spelling), plus those one side holds and the other lacks.
Paragraphs first, then the sentences inside each aligned group of paragraphs (translation.sentences).

With three versions, the one with the most sentences is the pivot: the other two are aligned to it, and
what neither's pivot partner holds (a paragraph the pivot left out) is aligned between them. A unit is a
connected group of sentences — each sentence in exactly one unit, beside the sentences that translate it,
so no text stands in two units beside different partners.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from archive.languages import LANGS
from translation.facts import facts
from translation.sentences import split

# Characters per unit of content, measured on the archive's own versions (kk ≈ ru, en ≈ 0.94 ru on the
# demo; real Kazakh runs a little longer): the expected length ratio of two versions is their quotient.
DENSITY = {"kk": 1.04, "ru": 1.0, "en": 0.92}
VARIANCE = 3.5  # of the length difference per character (Gale–Church: 6.8; ours by bench/align_quality)
# Bead priors (Gale–Church's 1–1 .89, 1–0 .0099, 2–1 .089, 2–2 .011; 3–1 added, gaps commoner: English
# versions are abridged)
PRIORS = {(1, 1): 0.89, (1, 0): 0.01, (0, 1): 0.01, (2, 1): 0.044, (1, 2): 0.044, (2, 2): 0.011,
          (3, 1): 0.003, (1, 3): 0.003}  # fmt: skip
_PRIOR_COST = {bead: -math.log(p) for bead, p in PRIORS.items()}
SHARED = 2.5  # a shared anchor (a number, a month, a name) lowers a bead's cost by this much
UNSHARED = 1.2  # an anchor one side holds and the other does not raises it by this much
GAP_UNSHARED = 0.6  # an anchor of a segment left as a gap
_LONGEST = max(max(bead) for bead in PRIORS)  # the most segments one side of a bead holds
_EMPTY: tuple[frozenset[str], int] = (frozenset(), 0)


@dataclass(frozen=True)
class Segment:
    """A paragraph or a sentence as the aligner sees it: its length and its anchors."""

    length: int
    anchors: frozenset[str]


def segment(text: str, lang: str) -> Segment:
    return Segment(len(text), facts(text, lang))


def _normal_tail(z: float) -> float:
    """2 (1 - Φ(|z|)): the probability of a length difference at least this far from the expected one."""
    return math.erfc(abs(z) / math.sqrt(2))


Run = tuple[frozenset[str], int]  # a run of consecutive segments: their anchors together, their length


def _runs(segments: Sequence[Segment]) -> list[list[Run]]:
    """For each start i, the runs of 0 to _LONGEST segments from it (fewer near the end): each bead's
    sides, worked out once, not at every cell of the table that tries them."""
    out = []
    for i in range(len(segments) + 1):
        runs: list[Run] = [_EMPTY]
        for s in segments[i : i + _LONGEST]:
            anchors, length = runs[-1]
            runs.append((anchors | s.anchors, length + s.length))
        out.append(runs)
    return out


def _bead_cost(a: Run, b: Run, size: tuple[int, int], ratio: float) -> float:
    """A gap's facts cost less than facts a pair does not share: what a version left out is expected to
    have no partner."""
    cost = _PRIOR_COST[size]
    (anchors_a, la), (anchors_b, lb) = a, b
    if not (size[0] and size[1]):
        return cost + GAP_UNSHARED * (len(anchors_a) + len(anchors_b))
    shared = len(anchors_a & anchors_b)
    cost += UNSHARED * (len(anchors_a) + len(anchors_b) - 2 * shared) - SHARED * shared
    z = (lb - ratio * la) / math.sqrt(VARIANCE * max(la, 1))
    return cost - math.log(max(_normal_tail(z), 1e-12))


Bead = tuple[tuple[int, ...], tuple[int, ...]]


def align_segments(a: Sequence[Segment], b: Sequence[Segment], ratio: float = 1.0) -> list[Bead]:
    """The cheapest path of beads through two sequences: each bead a run of indices on each side (one
    side empty for a gap), in order, covering every index once."""
    n, m = len(a), len(b)
    runs_a, runs_b = _runs(a), _runs(b)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == inf:
                continue
            for di, dj in PRIORS:
                if i + di > n or j + dj > m:
                    continue
                cost = here + _bead_cost(runs_a[i][di], runs_b[j][dj], (di, dj), ratio)
                if cost < best[i + di][j + dj]:
                    best[i + di][j + dj], back[i + di][j + dj] = cost, (di, dj)
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]  # type: ignore[misc]
        beads.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


# ---- several versions -------------------------------------------------------------------------------------

Group = dict[str, tuple[int, ...]]  # lang -> indices (of paragraphs, or of sentences)


def _ratio(a: str, b: str) -> float:
    return DENSITY.get(b, 1.0) / DENSITY.get(a, 1.0)


def _components(
    items: dict[str, int], links: Iterable[tuple[tuple[str, int], tuple[str, int]]]
) -> list[Group]:
    """Connected groups of (lang, index) nodes, every node in one; links join nodes."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for x, y in links:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[ry] = rx
    members: dict[tuple[str, int], dict[str, list[int]]] = {}
    for lang, count in items.items():
        for i in range(count):
            members.setdefault(find((lang, i)), {}).setdefault(lang, []).append(i)
    return [{lang: tuple(ix) for lang, ix in g.items()} for g in members.values()]


def _reading_order(groups: list[Group], items: dict[str, int], langs: list[str]) -> list[Group]:
    """The groups in an order every version reads them in (alignment never crosses, so one exists); among
    groups free to go first, the one furthest ahead in its versions (relative position) goes first."""
    chains = {lang: sorted((g[lang][0], k) for k, g in enumerate(groups) if lang in g) for lang in langs}
    heads = {lang: 0 for lang in langs}
    out: list[Group] = []
    while len(out) < len(groups):
        free = []
        for k in {chains[lang][heads[lang]][1] for lang in langs if heads[lang] < len(chains[lang])}:
            g = groups[k]
            if all(chains[lang][heads[lang]][1] == k for lang in g):
                free.append((min((g[lang][0] + 0.5) / items[lang] for lang in g), k))
        if not free:  # a crossing cannot arise from monotone alignments; were it to, go on in pivot order
            free = [(0.0, chains[lang][heads[lang]][1]) for lang in langs if heads[lang] < len(chains[lang])]
        _, k = min(free)
        out.append(groups[k])
        for lang in groups[k]:
            heads[lang] += 1
    return out


def align_many(segments: dict[str, Sequence[Segment]], pivot: str) -> list[Group]:
    """Groups of segments that translate each other across every version, in reading order."""
    langs = [lang for lang in segments if segments[lang]]
    items = {lang: len(segments[lang]) for lang in langs}
    if pivot not in items:
        return [{lang: (i,)} for lang in langs for i in range(items[lang])]
    links: list[tuple[tuple[str, int], tuple[str, int]]] = []
    gaps: dict[str, list[tuple[int, int]]] = {}  # lang -> (index, the pivot position it falls before)
    for lang in langs:
        if lang == pivot:
            continue
        at = 0
        for pa, pb in align_segments(segments[pivot], segments[lang], _ratio(pivot, lang)):
            if pa:
                links += [((pivot, pa[0]), (pivot, i)) for i in pa[1:]]
                links += [((pivot, pa[0]), (lang, j)) for j in pb]
                at = pa[-1] + 1
            else:
                gaps.setdefault(lang, []).extend((j, at) for j in pb)
    others = [lang for lang in langs if lang != pivot]
    for x, y in zip(others, others[1:], strict=False):  # what the pivot left out, between the other two
        for at in sorted({p for _, p in gaps.get(x, [])} & {p for _, p in gaps.get(y, [])}):
            xs = [j for j, p in gaps[x] if p == at]
            ys = [j for j, p in gaps[y] if p == at]
            for pa, pb in align_segments(
                [segments[x][j] for j in xs], [segments[y][j] for j in ys], _ratio(x, y)
            ):
                if pa and pb:
                    links += [((x, xs[pa[0]]), (y, ys[j])) for j in pb]
                    links += [((x, xs[pa[0]]), (x, xs[i])) for i in pa[1:]]
    return _reading_order(_components(items, links), items, langs)


# ---- a story's versions -----------------------------------------------------------------------------------


@dataclass
class Alignment:
    """A story's versions aligned: paragraph groups in reading order, and inside them sentence units."""

    paragraphs: dict[str, list[str]]
    sentences: dict[str, list[list[str]]]  # lang -> per paragraph, its sentences
    groups: list[Group] = field(default_factory=list)  # paragraph indices per language
    units: list[dict[str, list[str]]] = field(default_factory=list)  # lang -> the sentences of a unit

    def paragraph_units(self) -> list[dict[str, list[str]]]:
        """Each paragraph group as a unit: lang -> its paragraphs."""
        return [{lang: [self.paragraphs[lang][i] for i in ix] for lang, ix in g.items()} for g in self.groups]


def _pivot(sentences: dict[str, list[list[str]]]) -> str | None:
    counts = {lang: sum(map(len, paras)) for lang, paras in sentences.items() if paras}
    if not counts:
        return None
    return max(counts, key=lambda lang: (counts[lang], -LANGS.index(lang) if lang in LANGS else 0))


def align_story(paragraphs_by_lang: dict[str, list[str]]) -> Alignment:
    """Align the paragraphs of each version, then the sentences inside each aligned group."""
    paras = {lang: ps for lang, ps in paragraphs_by_lang.items() if ps}
    sents = {lang: [split(p, lang) for p in ps] for lang, ps in paras.items()}
    result = Alignment(paras, sents)
    pivot = _pivot(sents)
    if pivot is None:
        return result
    result.groups = align_many({lang: [segment(p, lang) for p in ps] for lang, ps in paras.items()}, pivot)
    for group in result.groups:
        inside = {lang: [s for i in ix for s in sents[lang][i]] for lang, ix in group.items()}
        here = pivot if pivot in inside else _pivot({lang: [s] for lang, s in inside.items()})
        for unit in align_many({lang: [segment(s, lang) for s in ss] for lang, ss in inside.items()}, here):
            result.units.append({lang: [inside[lang][i] for i in ix] for lang, ix in unit.items()})
    return result


def align(paragraphs_by_lang: dict[str, list[str]]) -> list[Group]:
    """The paragraph groups of a story's versions, in reading order (lang -> paragraph indices)."""
    return align_story(paragraphs_by_lang).groups


@dataclass(frozen=True)
class Cell:
    """One cell of the side-by-side table: a paragraph of a version (or a gap where it has none), spanning
    `rowspan` rows where the version merged what another split."""

    lang: str
    paragraph: int | None  # None: a gap
    rowspan: int = 1
    group: int = 0  # the paragraph group it belongs to


def grid(groups: list[Group], langs: Sequence[str]) -> list[dict[str, Cell]]:
    """The table of the compare page: per row, the cells that start in it (a row holds no cell for a
    language whose cell above spans it). A group takes as many rows as its version with the most
    paragraphs; a version with fewer spreads them over those rows, one holding a single paragraph spans
    them all, a version without the group has one gap spanning them."""
    rows: list[dict[str, Cell]] = []
    for g, group in enumerate(groups):
        height = max(len(ix) for ix in group.values())
        block: list[dict[str, Cell]] = [{} for _ in range(height)]
        for lang in langs:
            ix = group.get(lang, ())
            if not ix:
                block[0][lang] = Cell(lang, None, height, g)
                continue
            for k, i in enumerate(ix):
                top, bottom = k * height // len(ix), (k + 1) * height // len(ix)
                block[top][lang] = Cell(lang, i, bottom - top, g)
        rows += block
    return rows
