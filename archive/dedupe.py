"""Duplicate detection: exact hashes of normalized text and MinHash signatures with LSH bands."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

import numpy as np

from archive.normalize.wordlists import KK_MONTHS, RU_MAY, RU_MONTHS

# Chosen on tests/archive/data/dedupe_pairs.jsonl by bench/dedupe_quality.py (run it for the figures):
# word 3-shingles plus the facts rule reach precision 1.000 and recall 1.000 for thresholds 0.15..0.40; the
# lowest true duplicate scores 0.41 and the highest other event written from the same template 0.21, so
# THRESHOLD sits between them. Without the facts rule no threshold gets precision above 0.91.
NUM_PERM = 128
BANDS = 42  # 42 bands x 3 rows (126 of the 128 values): a pair at 0.41 shares a band with p ~0.95, at 0.5
ROWS = NUM_PERM // BANDS  # with p ~0.996; two unrelated texts (Jaccard ~0.05) with p ~0.005
SHINGLE = 3  # words per shingle
THRESHOLD = 0.3  # estimated Jaccard at or above which two texts may be one story (the facts must agree too)
MIN_WORDS = 12  # shorter texts get no signature: only exact duplicates are found for them
SEED = 1  # MinHash permutation seed: stored signatures are only comparable under the same seed
MAX_CONFLICT_RATE = 0.1  # share of same-context facts that may differ (a corrected typo) in one story
# A text this short (a deputy's page once its site's sidebar is gone: 20-50 words) shares most of its
# shingles with any page of its kind; it is one story with another only if their titles agree too. The
# shortest labelled duplicate in tests/archive/data/dedupe_pairs.jsonl has 90 words.
SHORT_WORDS = 60
# Stored records a new one is compared with: those sharing most LSH bands with it (a true near-duplicate
# shares most of its 42; another page of the same template a few). Without a cap, thousands of short pages
# of one template share buckets with every new page and an import turns quadratic (bench/near_duplicates.py).
CANDIDATES = 32
TITLE_AGREEMENT = 0.5  # word-set Jaccard at or above which two titles name one story
FACT_CONTEXT = 2  # words either side that identify the slot a fact fills

_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r"\w+|[.!?\n]")
_ENDS = frozenset(".!?\n")  # the tokens that end a sentence
# Month names (stems) make dates facts in ru and kk, where months are not capitalised.
_MONTHS = (*(stem for stem in RU_MONTHS if len(stem) > 2), *RU_MAY, *KK_MONTHS)  # May by its forms
SIG_BYTES = NUM_PERM * 8  # a signature's MinHash values; its fact slots follow them
_VOWELS = re.compile(r"[aeiouyаеиоуыэюяәөұүіъь]")
_REPEAT = re.compile(r"(.)\1+")
_DIGIT = re.compile(r"\d")


def _skeleton(word: str) -> str:
    """A fact value's consonant skeleton: spelling variants of one name (Battalova/Batalova,
    Семенова/Семёнова) agree, different names (Serikova/Baimukhanova) do not."""
    if _DIGIT.search(word):
        return word
    return _REPEAT.sub(r"\1", _VOWELS.sub("", word)) or word


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits), with ё folded to е."""
    return _WORD.findall(text.lower().replace("ё", "е"))


def content_hash(text: str) -> str:
    """SHA-256 of the text with case, punctuation and spacing normalized away."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()


def record_hash(title: str | None, text: str) -> str:
    """A record's content hash: of its title and text together."""
    return content_hash("\n".join(filter(None, [title, text])))


def shingles(text: str, size: int = SHINGLE, unit: str = "word") -> set[bytes]:
    """The set of `size`-word (unit='word') or `size`-character (unit='char') shingles of normalized text."""
    tokens = words(text)
    if unit == "char":
        joined = " ".join(tokens)
        return {joined[i : i + size].encode("utf-8") for i in range(max(1, len(joined) - size + 1))}
    return _word_shingles(tokens, size)


def _word_shingles(tokens: list[str], size: int) -> set[bytes]:
    """The `size`-word runs of the tokens, encoded (one run of them all when there are no more than `size`)."""
    if len(tokens) <= size:
        return {" ".join(tokens).encode("utf-8")}
    runs = zip(*(tokens[i:] for i in range(size)), strict=False)  # the shorter tails end it
    return set(map(str.encode, map(" ".join, runs)))


def minhash(items: Iterable[bytes], num_perm: int = NUM_PERM) -> bytes:
    """MinHash signature bytes (little-endian uint64 per permutation) of a set of shingles."""
    # Imported on first use: datasketch's package import pulls in scipy (0.9 s), which every command would
    # pay at start-up, `--help` and `search` included, though only saving a record needs a signature.
    from datasketch import MinHash

    m = MinHash(num_perm=num_perm, seed=SEED, permutations=_permutations(num_perm), scheme="affine32")
    m.update_batch(list(items))
    return m.hashvalues.astype("<u8").tobytes()


@functools.cache
def _permutations(num_perm: int) -> object:
    """datasketch's permutations for SEED, drawn once per process (drawing them cost more than hashing)."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=SEED).permutations


def _h32(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest(), "little")


def facts(text: str) -> set[tuple[int, int]]:
    """(slot, value) hashes of the text's facts: runs of numbers, names and month names, keyed by the
    FACT_CONTEXT ordinary words either side. Two reports of different events written from one template
    fill the same slots with other values ("opened in Aktobe" / "opened in Karaganda"); a repost of the
    same story fills them with the same values.
    """
    toks: list[tuple[str, bool]] = []
    start = True
    for w in _TOKEN.findall(text):
        if w in _ENDS:
            start = True
            toks.append(("<s>", False))
            continue
        lower = w.lower()
        fact = (
            (not w.isalpha() and _DIGIT.search(w) is not None)
            or (not start and w[0].isupper() and w[1:] != w[1:].upper())  # capitalised, not an acronym
            or (len(w) <= 12 and lower.startswith(_MONTHS))
        )
        toks.append((lower.replace("ё", "е"), fact))
        start = False
    out: set[tuple[int, int]] = set()
    i, n = 0, len(toks)
    while i < n:
        if not toks[i][1]:
            i += 1
            continue
        j = i
        while j < n and toks[j][1]:
            j += 1
        left = " ".join(t for t, _ in toks[max(0, i - FACT_CONTEXT) : i])
        right = " ".join(t for t, _ in toks[j : j + FACT_CONTEXT])
        out.add((_h32(left + "|" + right), _h32(" ".join(_skeleton(t) for t, _ in toks[i:j]))))
        i = j
    return out


def signature(text: str) -> bytes | None:
    """The MinHash signature of the text's word shingles followed by its fact slots, or None for a text
    too short to judge. Layout: NUM_PERM little-endian uint64, then (slot, value) uint32 pairs, sorted.
    """
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return None
    pairs = np.array(sorted(facts(text)), dtype="<u4").reshape(-1, 2)
    return minhash(_word_shingles(tokens, SHINGLE)) + pairs.tobytes()


@dataclass(frozen=True)
class Signed:
    """A record's content hash and signature computed ahead (by an import's worker process, on the title and
    text it expected the store to keep)."""

    title: str | None
    text: str
    signature: bytes | None
    content_hash: str

    @classmethod
    def ahead(cls, title: str | None, text: str) -> Signed:
        return cls(title, text, signature(text), record_hash(title, text))

    def fits(self, title: str | None, text: str) -> bool:
        """Whether these are the title and text it was computed on."""
        return text == self.text and title == self.title


def _fact_map(sig: bytes) -> dict[int, set[int]]:
    return _slots(np.frombuffer(sig[SIG_BYTES:], dtype="<u4").reshape(-1, 2).tolist())


def _slots(pairs: Iterable[Iterable[int]]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for slot, value in pairs:
        out.setdefault(slot, set()).add(value)
    return out


def conflicts(a: bytes, b: bytes) -> tuple[int, int]:
    """(slots both signatures fill, slots they fill with different values)."""
    return _compare(_fact_map(a), _fact_map(b))


def _compare(fa: dict[int, set[int]], fb: dict[int, set[int]]) -> tuple[int, int]:
    shared = fa.keys() & fb.keys()
    return len(shared), sum(1 for k in shared if fa[k].isdisjoint(fb[k]))


def band_keys(sig: bytes) -> list[tuple[int, bytes]]:
    """LSH buckets of a signature: (band number, bytes of that band's rows)."""
    width = ROWS * 8
    return [(b, sig[b * width : (b + 1) * width]) for b in range(BANDS)]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    va, vb = np.frombuffer(a[:SIG_BYTES], dtype="<u8"), np.frombuffer(b[:SIG_BYTES], dtype="<u8")
    if len(va) != len(vb) or not len(va):
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)


def is_near_duplicate(a: bytes, b: bytes) -> bool:
    """One story: text similarity at least THRESHOLD, and the facts they both state (dates, places,
    names, numbers in the same slots) agree, but for at most MAX_CONFLICT_RATE of them."""
    if similarity(a, b) < THRESHOLD:
        return False
    shared, differ = conflicts(a, b)
    return differ <= MAX_CONFLICT_RATE * shared


def is_short(text: str) -> bool:
    """A text too short to be judged a near-duplicate on its shingles alone (its words counted up to
    SHORT_WORDS only: a new record is checked against dozens of stored texts)."""
    return sum(1 for _ in islice(_WORD.finditer(text), SHORT_WORDS)) < SHORT_WORDS


def titles_agree(a: str | None, b: str | None) -> bool:
    """Two titles name one story: their words (and the facts in them) mostly the same."""
    wa, wb = set(words(a or "")), set(words(b or ""))
    if not wa or not wb or len(wa & wb) < TITLE_AGREEMENT * len(wa | wb):
        return False
    shared, differ = _compare(_slots(facts(a or "")), _slots(facts(b or "")))
    return differ <= MAX_CONFLICT_RATE * shared
