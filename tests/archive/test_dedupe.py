"""Tests of archive.dedupe: precision/recall on the labelled pairs, LSH collisions, hashes, short texts."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from archive import dedupe

DATA = Path(__file__).parent / "data" / "dedupe_pairs.jsonl"
# Measured by bench/dedupe_quality.py on the 189 labelled pairs: precision 1.000, recall 1.000. The floors
# leave room for MinHash noise on a changed seed or shingling detail (one pair either way costs ~0.01) but
# fail the rejected settings: MinHash alone at its best threshold has precision 0.905; the old threshold
# 0.5 without the facts rule had recall 0.939.
PRECISION_FLOOR = 0.98
RECALL_FLOOR = 0.97


def _pairs() -> list[dict]:
    with DATA.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _sig(text: str) -> bytes:
    sig = dedupe.signature(text)
    assert sig is not None
    return sig


def test_labelled_pairs_shape() -> None:
    pairs = _pairs()
    assert len(pairs) >= 60
    assert {p["lang"] for p in pairs} == {"kk", "ru", "en"}
    for lang in ("kk", "ru", "en"):
        mine = [p for p in pairs if p["lang"] == lang]
        assert any(p["duplicate"] for p in mine) and any(not p["duplicate"] for p in mine)
    assert all(100 <= len(dedupe.words(p["a"])) <= 400 for p in pairs)


def test_precision_and_recall_on_labelled_pairs() -> None:
    counts: Counter[str] = Counter()
    for p in _pairs():
        judged = dedupe.is_near_duplicate(_sig(p["a"]), _sig(p["b"]))
        counts[("t" if judged == p["duplicate"] else "f") + ("p" if judged else "n")] += 1
    precision = counts["tp"] / (counts["tp"] + counts["fp"])
    recall = counts["tp"] / (counts["tp"] + counts["fn"])
    assert precision >= PRECISION_FLOOR, counts
    assert recall >= RECALL_FLOOR, counts


@pytest.mark.parametrize("kind", ["template_substitution", "same_template_other_event"])
def test_other_events_from_one_template_are_not_duplicates(kind: str) -> None:
    pairs = [p for p in _pairs() if p["kind"] == kind]
    assert pairs
    assert not any(dedupe.is_near_duplicate(_sig(p["a"]), _sig(p["b"])) for p in pairs)


def test_every_duplicate_pair_collides_in_an_lsh_band() -> None:
    for p in _pairs():
        if p["duplicate"]:
            a, b = dict(dedupe.band_keys(_sig(p["a"]))), dict(dedupe.band_keys(_sig(p["b"])))
            assert any(a[band] == b[band] for band in a), p["kind"]


def test_band_keys_match_signature_layout() -> None:
    sig = _sig(_pairs()[0]["a"])
    keys = dedupe.band_keys(sig)
    assert [b for b, _ in keys] == list(range(dedupe.BANDS))
    assert all(len(bucket) == dedupe.ROWS * 8 for _, bucket in keys)
    assert dedupe.BANDS * dedupe.ROWS <= dedupe.NUM_PERM
    # the buckets come from the MinHash part only, never from the facts appended after it
    assert b"".join(bucket for _, bucket in keys) == sig[: dedupe.BANDS * dedupe.ROWS * 8]


def test_signature_is_deterministic_and_self_similar() -> None:
    text = _pairs()[0]["a"]
    assert dedupe.signature(text) == dedupe.signature(text)
    assert dedupe.similarity(_sig(text), _sig(text)) == 1.0
    assert dedupe.is_near_duplicate(_sig(text), _sig(text))


def test_signatures_without_facts_still_compare() -> None:
    # A signature stored before facts were appended (MinHash bytes only) compares on text alone.
    text = _pairs()[0]["a"]
    old = _sig(text)[: dedupe.NUM_PERM * 8]
    assert dedupe.similarity(old, _sig(text)) == 1.0
    assert dedupe.is_near_duplicate(old, _sig(text))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Сенат отырысы",
        "Training for maslikhat deputies held in Aktobe",
        "Депутаты маслихатов прошли обучение в Актобе: итоги первого дня семинара",
    ],
)
def test_short_texts_have_no_signature(text: str) -> None:
    assert len(dedupe.words(text)) < dedupe.MIN_WORDS
    assert dedupe.signature(text) is None


def test_content_hash_ignores_case_punctuation_and_spacing() -> None:
    a = "Сенат Парламента провел заседание, посвященное «Посланию»."
    b = "  СЕНАТ парламента   провел заседание посвященное Посланию\n"
    assert dedupe.content_hash(a) == dedupe.content_hash(b)
    assert dedupe.content_hash("Мәслихат сессиясы өтті!") == dedupe.content_hash("мәслихат — сессиясы, өтті")
    assert dedupe.content_hash("Ещё один семинар") == dedupe.content_hash("Еще один семинар")


def test_content_hash_sees_words() -> None:
    assert dedupe.content_hash("Training held in Aktobe") != dedupe.content_hash("Training held in Atyrau")
    assert dedupe.content_hash("18 September") != dedupe.content_hash("19 September")
    assert dedupe.content_hash("one two") != dedupe.content_hash("two one")


def test_respelled_name_is_not_a_conflicting_fact() -> None:
    base = (
        "The secretary of the regional maslikhat Zauresh Battalova said that the deputies of "
        "twelve districts took part in the training in Aktobe on June 26."
    )
    assert dedupe.conflicts(_sig(base), _sig(base.replace("Battalova", "Batalova"))) == (
        dedupe.conflicts(_sig(base), _sig(base))[0],
        0,
    )
    shared, differ = dedupe.conflicts(_sig(base), _sig(base.replace("Aktobe", "Atyrau")))
    assert differ == 1 and shared >= 2
