"""Snippets: the best window, every match marked, everything else escaped."""

from __future__ import annotations

from search.highlight import snippet


def test_short_text_is_whole_with_marks_and_escapes() -> None:
    text = "a <b>bold</b> & Mukashev's word"
    start = text.index("Mukashev")
    assert (
        snippet(text, [(start, start + 8)])
        == "a &lt;b&gt;bold&lt;/b&gt; &amp; <mark>Mukashev</mark>&#x27;s word"
    )


def test_long_text_shows_the_window_with_most_matches() -> None:
    words = [f"w{i}" for i in range(200)]
    words[150] = words[152] = "hit"
    text = " ".join(words)
    spans = [(m, m + 3) for m in (text.index("hit"), text.rindex("hit"))]
    spans.append((0, 2))  # a lone match far away
    out = snippet(text, spans, width=60)
    assert out.startswith("…") and out.endswith("…")
    assert out.count("<mark>hit</mark>") == 2 and "<mark>w0</mark>" not in out
    assert len(out.replace("<mark>", "").replace("</mark>", "")) <= 62


def test_no_match_shows_the_start() -> None:
    assert snippet("first second\n\nthird", []) == "first second third"
