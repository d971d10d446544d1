"""Paragraph alignment of a story's language versions: which paragraph of one is which of another.

The Parliament's kk/ru/en versions of a story are translated paragraph by paragraph, mostly one to one,
sometimes with a paragraph left out or added. Each pair of versions is aligned by dynamic programming
over three signals: the relative position, the length ratio (kk/ru/en paragraphs of one text differ by
about 10-25 % in characters), and anchors — numbers shared or contradicted, and names (capitalized
words inside a sentence) shared by two versions in one script. A paragraph with no convincing partner
is a gap, never forced onto a neighbour. The translation memory and the compare page use this module.
"""

from __future__ import annotations

import re

_PARAGRAPHS = re.compile(r"\n\s*\n")
_NUMBER = re.compile(r"\d+")
_NAME = re.compile(r"(?<=[^.!?…\s]\s)[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]{3,}")
_MATCH_THRESHOLD = 1.2  # a pair scores up to ~3.5; two paragraphs at one place, of similar length, ~1.8


def paragraphs(text: str | None) -> list[str]:
    """A record's body as paragraphs (the store keeps them separated by a blank line), spaces normalized."""
    return [" ".join(p.split()) for p in _PARAGRAPHS.split(text or "") if p.strip()]


def _features(paragraph: str) -> tuple[int, frozenset[str], frozenset[str]]:
    names = frozenset(m.group(0)[:5].lower() for m in _NAME.finditer(paragraph))
    return len(paragraph), frozenset(_NUMBER.findall(paragraph)), names


def _gain(a: tuple, b: tuple, pos_a: float, pos_b: float) -> float:
    """How much better matching two paragraphs is than leaving both as gaps (> 0 to match)."""
    (len_a, num_a, name_a), (len_b, num_b, name_b) = a, b
    score = min(len_a, len_b) / max(len_a, len_b, 1) + 1 - abs(pos_a - pos_b)
    if num_a and num_b:  # the same numbers are the strongest sign; different ones contradict
        score += 2 * len(num_a & num_b) / len(num_a | num_b) - 0.5
    if name_a & name_b:
        score += 0.5
    return score - _MATCH_THRESHOLD


def align_pair(a: list[str], b: list[str]) -> list[tuple[int | None, int | None]]:
    """The alignment of two versions as an ordered path: (i, j) matches, (i, None) and (None, j) gaps."""
    fa, fb = [_features(p) for p in a], [_features(p) for p in b]
    pa = [(i + 0.5) / len(a) for i in range(len(a))]
    pb = [(j + 0.5) / len(b) for j in range(len(b))]
    best = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
    move = [[""] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        for j in range(len(b) + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i and j:
                gain = _gain(fa[i - 1], fb[j - 1], pa[i - 1], pb[j - 1])
                if gain > 0:
                    options.append((best[i - 1][j - 1] + gain, "m"))
            if i:
                options.append((best[i - 1][j], "a"))
            if j:
                options.append((best[i][j - 1], "b"))
            best[i][j], move[i][j] = max(options)
    path: list[tuple[int | None, int | None]] = []
    i, j = len(a), len(b)
    while i or j:
        step = move[i][j]
        if step == "m":
            i, j = i - 1, j - 1
            path.append((i, j))
        elif step == "a":
            i -= 1
            path.append((i, None))
        else:
            j -= 1
            path.append((None, j))
    return path[::-1]


def align(paragraphs_by_lang: dict[str, list[str]]) -> list[dict[str, int | None]]:
    """Rows of aligned paragraphs, in reading order: {lang: paragraph index or None} for every language.

    The version with the most paragraphs is the spine; each other version is aligned to it, and its
    unmatched paragraphs become rows of their own, placed where they occur.
    """
    langs = list(paragraphs_by_lang)
    if not langs:
        return []
    spine = max(langs, key=lambda lang: len(paragraphs_by_lang[lang]))
    empty = dict.fromkeys(langs)
    rows = [{**empty, spine: i} for i in range(len(paragraphs_by_lang[spine]))]
    before: dict[int, list[dict]] = {}  # rows of unmatched paragraphs, by the spine row they precede
    for lang in langs:
        if lang == spine:
            continue
        pending = []
        for i, j in align_pair(paragraphs_by_lang[spine], paragraphs_by_lang[lang]):
            if i is None:
                pending.append({**empty, lang: j})
                continue
            before.setdefault(i, []).extend(pending)
            pending = []
            rows[i][lang] = j
        before.setdefault(len(rows), []).extend(pending)
    out: list[dict[str, int | None]] = []
    for i in range(len(rows) + 1):
        out += before.get(i, [])
        if i < len(rows):
            out.append(rows[i])
    return out
