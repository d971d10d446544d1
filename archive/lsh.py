"""The LSH band index of the archive's signatures, in the memory of the process that saves records: which
stored records share the most bands with a new one (its near-duplicate candidates).

It is built from `documents.minhash` when first asked and brought up to date from the records whose rev
moved since (its own saves and any other writer's) each time it is asked, inside the saving transaction;
a rolled-back transaction drops it (revs are reused). A table of 42 rows a record, as before, cost an import
one random B-tree page written per band at 200,000 records (bench/RESULTS.md).
"""

from __future__ import annotations

from itertools import islice
from typing import Any

import numpy as np

from archive.dedupe import BANDS, NUM_PERM, ROWS, SIG_BYTES

# Odd 64-bit multipliers mixing a band's rows and its number into one key (a collision of two different
# bands, 2^-64, adds a candidate, whose whole signature is compared).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)[:ROWS]
_BAND_MIX = np.uint64(0xD6E8FEB86659FD93)
_BANDS = np.arange(BANDS, dtype=np.uint64)
PENDING = 8192  # records taken in since the sorted keys were last built; past this they are sorted again
LOAD_SLICE = 10_000  # records read at a time when the index is first built (their signatures held meanwhile)


def band_hashes(signatures: np.ndarray) -> np.ndarray:
    """int64 [n, BANDS]: one key per LSH band of each signature (uint64 [n, NUM_PERM] MinHash values)."""
    with np.errstate(over="ignore"):
        h = _BANDS * _BAND_MIX
        for row in range(ROWS):  # a column of the band's rows at a time: no [n, BANDS, ROWS] temporaries
            h = h + signatures[:, row : BANDS * ROWS : ROWS] * _MIX[row]
        h ^= h >> np.uint64(33)  # murmur3's finalizer: every input bit moves every output bit
        h *= np.uint64(0xFF51AFD7ED558CCD)
        h ^= h >> np.uint64(33)
    return h.view(np.int64)


def _values(sig: bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype="<u8", count=NUM_PERM)


class BandIndex:
    """Every stored signature's band keys (a row per record), sorted for search, with the records taken in
    since the last sort in a dict beside them. A candidate is checked against its record's current keys, so
    keys a record no longer has (it was updated) are never counted."""

    def __init__(self) -> None:
        self.rev = -1  # the highest rev taken in
        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}
        self.keys = np.zeros((0, BANDS), dtype=np.int64)
        self.valid = np.zeros(0, dtype=bool)  # the record has a signature (a short text has none)
        self.sorted_keys = np.zeros(0, dtype=np.int64)
        self.sorted_cells = np.zeros(0, dtype=np.int64)  # row * BANDS + band of each sorted key
        self.pending: dict[int, list[int]] = {}
        self.pending_rows: list[int] = []  # the rows whose keys are in `pending`

    def refresh(self, conn: Any, below: int) -> None:
        """Take in every record saved since the last refresh, up to rev `below`: the rev of the save in
        progress, whose own writes (and no other's) carry it, and which it takes in at the next."""
        if self.rev < 0:  # the whole archive, read in the table's order, a slice of it at a time
            # no WHERE: the table in its own order, not record by record along the rev index
            rows = iter(conn.execute("SELECT id, minhash, rev FROM documents"))
            changed = []
            while chunk := list(islice(rows, LOAD_SLICE)):
                changed.append(self._take([r for r in chunk if r[2] < below]))
            self.rev = below - 1
            self._sort(np.concatenate([np.zeros(0, dtype=np.int64), *changed]))
            return
        rows = conn.execute(
            "SELECT id, minhash, rev FROM documents WHERE rev > ? AND rev < ?", (self.rev, below)
        ).fetchall()
        self.rev = below - 1
        changed = self._take(rows)
        if len(self.pending_rows) + len(changed) > PENDING:
            self._sort(changed)
            return
        for row, row_keys in zip(changed.tolist(), self.keys[changed].tolist(), strict=True):
            for band, key in enumerate(row_keys):
                self.pending.setdefault(key, []).append(row * BANDS + band)
        self.pending_rows.extend(changed.tolist())

    def _take(self, rows: list) -> np.ndarray:
        """These records' keys as their rows' current ones; returns the rows whose keys changed."""
        signed = [(r[0], r[1]) for r in rows if r[1] is not None]
        unsigned = [r[0] for r in rows if r[1] is None]
        new = [r[0] for r in rows if r[0] not in self.row_of]
        if new:
            start = len(self.ids)
            self.ids.extend(new)
            self.row_of.update((rid, start + i) for i, rid in enumerate(new))
            self.keys = _grown(self.keys, len(self.ids))
            self.valid = _grown(self.valid, len(self.ids))
        for rid in unsigned:
            self.valid[self.row_of[rid]] = False
        if not signed:
            return np.zeros(0, dtype=np.int64)
        at = np.fromiter((self.row_of[rid] for rid, _sig in signed), dtype=np.int64, count=len(signed))
        values = np.frombuffer(b"".join(bytes(sig[:SIG_BYTES]) for _rid, sig in signed), dtype="<u8")
        keys = band_hashes(values.reshape(len(signed), NUM_PERM))
        changed = ~self.valid[at] | (self.keys[at] != keys).any(axis=1)
        self.keys[at], self.valid[at] = keys, True
        return at[changed]

    def _sort(self, rows: np.ndarray) -> None:
        """The sorted keys with these rows' keys merged in, and those pending (the sorted run and the new
        keys merged by a stable sort, which finds the run: linear in the archive, not n log n)."""
        rows = np.unique(np.concatenate([rows, np.array(self.pending_rows, dtype=np.int64)]))
        keys = np.concatenate([self.sorted_keys, self.keys[rows].ravel()])
        cells = np.concatenate([self.sorted_cells, (rows[:, None] * BANDS + np.arange(BANDS)).ravel()])
        order = np.argsort(keys, kind="stable")
        keys, cells = keys[order], cells[order]
        # the keys records no longer have (updated since, or now without a signature) go: an archive
        # re-extracted whole does not double them
        held = self.valid[cells // BANDS] & (self.keys.ravel()[cells] == keys)
        self.sorted_keys, self.sorted_cells = keys[held], cells[held]
        self.pending, self.pending_rows = {}, []

    def candidates(self, sig: bytes, exclude: str, limit: int) -> list[tuple[str, int]]:
        """(id, bands shared) of the `limit` records sharing most bands with the signature (not `exclude`),
        most first, then by id."""
        query = band_hashes(_values(sig)[None, :])[0]
        lo = np.searchsorted(self.sorted_keys, query, side="left")
        hi = np.searchsorted(self.sorted_keys, query, side="right")
        found = [self.sorted_cells[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
        found += [np.array(self.pending[k], dtype=np.int64) for k in query.tolist() if k in self.pending]
        if not found:
            return []
        cells = np.concatenate(found)
        rows, bands = cells // BANDS, cells % BANDS
        current = self.valid[rows] & (self.keys[rows, bands] == query[bands])
        cells = np.unique(cells[current])  # a band counted once (a record updated back to a text it had)
        rows, hits = np.unique(cells // BANDS, return_counts=True)
        if len(rows) > limit + 1:  # only those that can be among the first limit + 1 (one may be `exclude`)
            least = np.partition(hits, len(hits) - limit - 1)[len(hits) - limit - 1]
            rows, hits = rows[hits >= least], hits[hits >= least]
        ranked = sorted((-n, self.ids[row]) for row, n in zip(rows.tolist(), hits.tolist(), strict=True))
        return [(rid, -n) for n, rid in ranked if rid != exclude][:limit]


def _grown(array: np.ndarray, size: int) -> np.ndarray:
    """The array with room for `size` rows (doubling, so that growing a record at a time stays linear)."""
    if len(array) >= size:
        return array
    grown = np.zeros((max(size, 2 * len(array)), *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown
