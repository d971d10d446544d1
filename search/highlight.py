"""Snippets: the window of a text with the most matched words, HTML-escaped, matches in <mark>…</mark>."""

from __future__ import annotations

import html
from bisect import bisect_left, bisect_right

WIDTH = 240  # characters of text in a snippet
ELLIPSIS = "…"


def best_window(text: str, spans: list[tuple[int, int]], width: int = WIDTH) -> tuple[int, int]:
    """(start, end) of the `width`-character window holding the most spans, widened to word boundaries."""
    if len(text) <= width:
        return 0, len(text)
    starts = [s for s, _ in spans]
    best, best_count = 0, 0
    for s in starts:  # a window that begins a little before one of the matches
        lo = max(0, s - width // 4)
        count = bisect_right(starts, lo + width) - bisect_left(starts, lo)
        if count > best_count:
            best, best_count = lo, count
    start = best if best == 0 else text.rfind(" ", 0, best) + 1
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    return start, end


def snippet(text: str, spans: list[tuple[int, int]], width: int = WIDTH) -> str:
    """The escaped window of `text` with the most of `spans` (start, end character offsets), each marked."""
    spans = sorted(set(spans))
    start, end = best_window(text, spans, width)
    out = [ELLIPSIS] if start > 0 else []
    pos = start
    for s, e in spans:
        if s < pos or e > end:
            continue
        out += [html.escape(text[pos:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        pos = e
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append(ELLIPSIS)
    return " ".join("".join(out).split())  # one line: paragraphs and runs of spaces become one space
