"""Duplicate detection: exact hashes of normalized text and MinHash signatures with LSH bands."""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 32  # 32 bands x 4 rows: a pair at Jaccard 0.5 shares a band with probability ~0.87
ROWS = NUM_PERM // BANDS
SHINGLE = 3  # words per shingle
THRESHOLD = 0.5  # estimated Jaccard at or above which two texts are one story
MIN_WORDS = 12  # shorter texts get no signature: only exact duplicates are found for them

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("ё", "е"))


def content_hash(text: str) -> str:
    """SHA-256 of the text with case, punctuation and spacing normalized away."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()


def signature(text: str) -> bytes | None:
    """The MinHash signature of the text's word shingles, or None for a text too short to judge."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return None
    shingles = {" ".join(tokens[i : i + SHINGLE]).encode("utf-8") for i in range(len(tokens) - SHINGLE + 1)}
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch(list(shingles))
    return m.hashvalues.astype("<u8").tobytes()


def band_keys(sig: bytes) -> list[tuple[int, bytes]]:
    """LSH buckets of a signature: (band number, bytes of that band's rows)."""
    width = ROWS * 8
    return [(b, sig[b * width : (b + 1) * width]) for b in range(BANDS)]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    va, vb = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    return float(np.count_nonzero(va == vb)) / len(va)


def is_near_duplicate(a: bytes, b: bytes) -> bool:
    return similarity(a, b) >= THRESHOLD
