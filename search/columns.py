"""Keyword columns as numpy codes, read once per commit: filters, facets and the near-duplicate collapse."""

from __future__ import annotations

import numpy as np
from whoosh.reading import IndexReader, TermNotFound

from search.backend import FACETS, SearchRequest

NAMES = ("cluster", "source", "lang", "year", "date")  # the stored columns; "month" derives from "date"


def column_values(reader: IndexReader, name: str) -> list[str]:
    """Every document's value of a column, by docnum ("" where it has none).

    Segment by segment: Whoosh's multi-segment column reader leaves out the segments that lack the
    column (a batch of undated records has no `date` column), which shifts every docnum after them
    onto the wrong value or past the end; an empty index has no column reader at all."""
    values: list[str] = []
    for leaf, _base in reader.leaf_readers():
        if leaf.doc_count_all():
            values.extend(leaf.column_reader(name))
    return values


class Columns:
    """For each keyword column, its distinct values (sorted) and each document's value as a code into them."""

    def __init__(self, reader: IndexReader):
        self.values: dict[str, np.ndarray] = {}
        self.codes: dict[str, np.ndarray] = {}
        for name in NAMES:
            raw = np.array(column_values(reader, name), dtype=str)
            self.values[name], self.codes[name] = np.unique(raw, return_inverse=True)
        # a date's month is its first seven characters: the months of the distinct dates, coded the same way
        months = np.array([str(d)[:7] for d in self.values["date"]], dtype=str)
        self.values["month"], by_date = np.unique(months, return_inverse=True)
        self.codes["month"] = by_date[self.codes["date"]] if len(months) else self.codes["date"]
        self.clusters = self.codes["cluster"]
        self.canonical = self._canonical(reader)

    def _canonical(self, reader: IndexReader) -> np.ndarray:
        """Per cluster code, the docnum of its canonical record (the first seen: its id is the cluster's
        value), -1 where it is not in the index. Only clusters of several documents are looked up: near-
        duplicates are rare (1 in 9 of the test archive), and a lone document is its own canonical."""
        names = self.values["cluster"]
        canonical = np.full(len(names), -1, dtype=np.int64)
        for code in np.flatnonzero(np.bincount(self.clusters, minlength=len(names)) > 1):
            try:
                canonical[code] = reader.first_id("id", str(names[code]))
            except TermNotFound:
                pass
        return canonical

    def shown(self, docnums: list[int], matched: np.ndarray) -> list[int]:
        """The document each collapsed hit shows: its cluster's canonical record when that one matched too
        (a repost ranked above the original must not stand for it), else the hit itself."""
        if not docnums:
            return []
        canonical = self.canonical[self.clusters[docnums]]
        return np.where(np.isin(canonical, matched), canonical, docnums).tolist()

    def _code_range(self, name: str, low: str | None, high: str | None) -> tuple[int, int]:
        """Codes [start, stop) of the values between low and high inclusive; the empty value never counts."""
        values = self.values[name]
        start = (
            int(np.searchsorted(values, low, "left")) if low else int(np.searchsorted(values, "", "right"))
        )
        stop = int(np.searchsorted(values, high, "right")) if high else len(values)
        return start, stop

    def mask(self, request: SearchRequest) -> np.ndarray | None:
        """Documents that pass the language, source and date filters (None: no filter)."""
        if not (request.lang or request.source or request.date_from or request.date_to):
            return None
        keep = np.ones(len(self.clusters), dtype=bool)
        for name, value in (("lang", request.lang), ("source", request.source)):
            if value:
                keep &= np.isin(self.codes[name], np.flatnonzero(self.values[name] == value))
        if request.date_from or request.date_to:
            start, stop = self._code_range("date", request.date_from, request.date_to)
            keep &= (self.codes["date"] >= start) & (self.codes["date"] < stop)
        return keep

    def cluster_sizes(self, docnums: np.ndarray) -> np.ndarray:
        """Per cluster code, how many of these documents it holds."""
        return np.bincount(self.clusters[docnums], minlength=len(self.values["cluster"]))

    def facets(self, docnums: np.ndarray) -> dict[str, dict[str, int]]:
        """Per facet value, the clusters among these documents with a member of that value; most first."""
        out: dict[str, dict[str, int]] = {}
        width = len(self.values["cluster"])
        for name in FACETS:
            pairs = np.unique(self.codes[name][docnums].astype(np.int64) * width + self.clusters[docnums])
            counts = np.bincount(pairs // width, minlength=len(self.values[name]))
            values = self.values[name]
            found = [(str(values[c]), int(counts[c])) for c in np.flatnonzero(counts) if values[c]]
            out[name] = dict(sorted(found, key=lambda kv: (-kv[1], kv[0])))
        return out
