"""Keyword columns as numpy codes, read once per commit: filters, facets and the near-duplicate collapse."""

from __future__ import annotations

import numpy as np
from whoosh.reading import IndexReader

from search.backend import FACETS, SearchRequest

NAMES = ("cluster", *FACETS, "date")


class Columns:
    """For each keyword column, its distinct values (sorted) and each document's value as a code into them."""

    def __init__(self, reader: IndexReader):
        count = reader.doc_count_all()
        self.values: dict[str, np.ndarray] = {}
        self.codes: dict[str, np.ndarray] = {}
        for name in NAMES:
            column = reader.column_reader(name)
            raw = np.array([column[d] for d in range(count)], dtype=str) if count else np.array([], dtype=str)
            self.values[name], self.codes[name] = np.unique(raw, return_inverse=True)
        self.clusters = self.codes["cluster"]

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
