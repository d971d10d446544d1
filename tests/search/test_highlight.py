"""Snippets: the best window, every match marked, everything else escaped."""

from __future__ import annotations

import re

import pytest

from search.analysis import WORD, query_terms, word_terms
from search.highlight import Marker, snippet


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


TEXTS = {
    "kk": "Облыстық мәслихаттың кезекті сессиясы. МӘСЛИХАТ депутаттары Н.А.Назарбаевтың сөзін, "
    "Qazaqstan men máslıhattyń jumysyn, «Мәслихат»-тың 2024 жылғы бюджетін талқылады. Iздеу, İzdeý.",
    "ru": "Секретарь маслихата Ерлан Мукашев рассказал о работе маслихатов; О'Брайен и д’Артаньян, "
    "депутат/депутаты, МАСЛИХАТ-2024, т.е. бюджет.",
    "en": "The secretary's report: Parliament's hearings, O'Brien and D'Artagnan, U.S.-style "
    "deputies; HEARINGS on the budget (budgets), re-hearing.",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_the_words_looked_at_are_every_word_the_analysis_would_mark(lang: str) -> None:
    """The highlighter looks only at words that begin like a stem of the query: it marks what analysing
    every word of the text would, for each of the text's own words as the query, in every case."""
    text = TEXTS[lang]
    words = {m.group() for m in WORD.finditer(text)}
    parts = {part for word in words for part in re.split("[.'’]", word)}  # Назарбаевтың of Н.А.Назарбаевтың
    for query in words | parts | {"мәслихат", "maslikhat", "hear", "д"}:
        terms = frozenset(query_terms(lang, query))
        every_word = [
            m.span() for m in WORD.finditer(text) if not terms.isdisjoint(word_terms(lang, m.group()))
        ]
        marker = Marker({lang: terms} if terms else {}, {}, (), ())
        assert marker.term_spans(text, lang) == every_word, query
