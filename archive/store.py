"""The archive store: documents, captures, translations, duplicate clusters and version groups in SQLite."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from archive import dedupe
from archive.models import Capture, Extracted, SaveResult
from archive.schema import migrate
from archive.versions import version_keys

DOC_COLUMNS = (
    "id, url, canonical_url, source, lang, title, text, date, source_line, alternates, "
    "fetched_at, content_hash, duplicate_of, version_group, rev"
)


def doc_id(url: str) -> str:
    """The stable id of the record fetched from (or imported as) this URL."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """One archive database. Writes go through `save`, one transaction per record."""

    def __init__(self, path: str | Path, timeout: float = 30.0):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        migrate(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; a failure (or a kill) leaves nothing of the block behind."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # ---- writing -------------------------------------------------------------------------------

    def save(self, doc: Extracted, capture: Capture, source: str) -> SaveResult:
        """Store one normalized record with its capture: dedupe it, link its versions, bump its rev."""
        rid = doc_id(capture.url)
        chash = dedupe.content_hash("\n".join(filter(None, [doc.title, doc.text])))
        with self.transaction() as c:
            old = c.execute("SELECT * FROM documents WHERE id = ?", (rid,)).fetchone()
            if old is not None and _same_content(old, doc, chash, source):
                self._add_capture(rid, capture)
                return SaveResult(rid, "unchanged", old["duplicate_of"], old["version_group"])
            sig = dedupe.signature(doc.text)
            duplicate_of = self._find_duplicate(rid, chash, sig)
            keys = version_keys([capture.url, doc.url, *doc.alternates.values()])
            rev = self._bump_rev()
            group = self._resolve_group(rid, keys, old["version_group"] if old else None, rev)
            c.execute(
                "INSERT INTO documents (id, url, canonical_url, source, lang, title, text, date, source_line,"
                " alternates, fetched_at, content_hash, minhash, duplicate_of, version_group, rev)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET canonical_url=excluded.canonical_url, source=excluded.source,"
                " lang=excluded.lang, title=excluded.title, text=excluded.text, date=excluded.date,"
                " source_line=excluded.source_line, alternates=excluded.alternates,"
                " fetched_at=excluded.fetched_at, content_hash=excluded.content_hash,"
                " minhash=excluded.minhash, duplicate_of=excluded.duplicate_of,"
                " version_group=excluded.version_group, rev=excluded.rev",
                (
                    rid, capture.url, doc.url, source, doc.lang, doc.title, doc.text, doc.date,
                    doc.source_line, json.dumps(doc.alternates, sort_keys=True), capture.fetched_at,
                    chash, sig, duplicate_of, group, rev,
                ),
            )  # fmt: skip
            if old is not None:  # an update replaces the record's bands and keys
                c.execute("DELETE FROM lsh_bands WHERE document_id = ?", (rid,))
                c.execute("DELETE FROM version_keys WHERE document_id = ?", (rid,))
            if sig is not None:
                c.executemany(
                    "INSERT INTO lsh_bands (band, bucket, document_id) VALUES (?,?,?)",
                    [(b, bucket, rid) for b, bucket in dedupe.band_keys(sig)],
                )
            c.executemany(
                "INSERT INTO version_keys (key, document_id) VALUES (?,?)", [(k, rid) for k in keys]
            )
            self._add_capture(rid, capture)
        return SaveResult(rid, "updated" if old else "new", duplicate_of, group)

    def save_translation(
        self, document_id: str, lang: str, title: str | None, text: str | None, model: str | None, status: str
    ) -> None:
        """Store (or replace) the machine translation of a record into `lang`; the record's rev moves."""
        with self.transaction() as c:
            c.execute(
                "INSERT OR REPLACE INTO translations (document_id, lang, title, text, model, status, created_at)"
                " VALUES (?,?,?,?,?,?,?)",
                (document_id, lang, title, text, model, status, now_iso()),
            )
            c.execute("UPDATE documents SET rev = ? WHERE id = ?", (self._bump_rev(), document_id))

    def _add_capture(self, rid: str, cap: Capture) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO captures (document_id, url, fetched_at, sha256, content_type, http_status,"
            " warc_path, warc_offset, warc_length) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                rid, cap.url, cap.fetched_at, cap.sha256, cap.content_type, cap.http_status,
                cap.warc_path, cap.warc_offset, cap.warc_length,
            ),
        )  # fmt: skip

    def _bump_rev(self) -> int:
        row = self.conn.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'rev' RETURNING value"
        ).fetchone()
        return int(row[0])

    def _find_duplicate(self, rid: str, chash: str, sig: bytes | None) -> str | None:
        """The canonical record this text repeats (exactly or nearly), or None. First seen is canonical."""
        c = self.conn
        row = c.execute(
            "SELECT id, duplicate_of FROM documents WHERE content_hash = ? AND id != ?"
            " AND (duplicate_of IS NULL OR duplicate_of != ?) ORDER BY rowid LIMIT 1",
            (chash, rid, rid),
        ).fetchone()
        if row:
            return row["duplicate_of"] or row["id"]
        if sig is None:
            return None
        keys = dedupe.band_keys(sig)
        rows = c.execute(  # one statement; SQLite answers the OR of bands with one index search each
            "SELECT id, duplicate_of, minhash FROM documents WHERE id IN (SELECT document_id FROM lsh_bands"
            f" WHERE {' OR '.join(['(band = ? AND bucket = ?)'] * len(keys))}) AND id != ? ORDER BY id",
            (*(v for key in keys for v in key), rid),
        )
        best, best_sim = None, 0.0
        for cand in rows:
            if cand["minhash"] is None or cand["duplicate_of"] == rid:
                continue
            sim = dedupe.similarity(sig, cand["minhash"])
            if dedupe.is_near_duplicate(sig, cand["minhash"]) and sim > best_sim:
                best, best_sim = cand["duplicate_of"] or cand["id"], sim
        return best

    def _resolve_group(self, rid: str, keys: set[str], current: str | None, rev: int) -> str:
        """Join every group that shares a key with this record; a group is named by its smallest id."""
        groups = {current} if current else set()
        if keys:
            marks = ",".join("?" * len(keys))
            groups.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT DISTINCT d.version_group FROM version_keys k JOIN documents d"
                    f" ON d.id = k.document_id WHERE k.key IN ({marks}) AND d.id != ?",
                    (*keys, rid),
                )
            )
        group = min(groups | {rid})
        if groups and groups != {current}:
            # membership changed: every member's versions changed, so every member is re-indexed
            marks = ",".join("?" * len(groups))
            self.conn.execute(
                f"UPDATE documents SET version_group = ?, rev = ? WHERE version_group IN ({marks})",
                (group, rev, *groups),
            )
        return group

    # ---- reading -------------------------------------------------------------------------------

    def current_rev(self) -> int:
        return int(self.conn.execute("SELECT value FROM meta WHERE key = 'rev'").fetchone()[0])

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def has_url(self, url: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE url = ?", (url,)).fetchone() is not None

    def title_of(self, url: str) -> str | None:
        """The stored title of the record fetched from this URL (a crawl compares it with the list's)."""
        row = self.conn.execute("SELECT title FROM documents WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def known_capture(self, url: str, sha256: str) -> bool:
        """True when these exact bytes from this URL are already stored (a re-fetch that changed nothing)."""
        return (
            self.conn.execute("SELECT 1 FROM captures WHERE url = ? AND sha256 = ?", (url, sha256)).fetchone()
            is not None
        )

    def documents(self, since_rev: int = 0) -> Iterator[dict]:
        """Records changed after `since_rev` (all with 0), in rev order, with versions and translations."""
        cur = self.conn.execute(
            f"SELECT {DOC_COLUMNS} FROM documents WHERE rev > ? ORDER BY rev", (since_rev,)
        )
        for row in cur:
            yield self._record(row)

    def get(self, rid: str) -> dict | None:
        """The whole record: text, provenance (captures), duplicate_of, duplicates, versions, translations."""
        row = self.conn.execute(f"SELECT {DOC_COLUMNS} FROM documents WHERE id = ?", (rid,)).fetchone()
        if row is None:
            return None
        rec = self._record(row)
        rec["captures"] = [
            dict(r)
            for r in self.conn.execute(
                "SELECT url, fetched_at, sha256, content_type, http_status, warc_path, warc_offset,"
                " warc_length FROM captures WHERE document_id = ? ORDER BY id",
                (rid,),
            )
        ]
        rec["duplicates"] = [
            r[0]
            for r in self.conn.execute("SELECT id FROM documents WHERE duplicate_of = ? ORDER BY id", (rid,))
        ]
        return rec

    def versions(self, group: str) -> dict[str, str]:
        """{lang: id} for a version group; per language the canonical (non-duplicate) record wins."""
        out: dict[str, str] = {}
        for r in self.conn.execute(
            "SELECT id, lang FROM documents WHERE version_group = ? AND lang IS NOT NULL"
            " ORDER BY duplicate_of IS NOT NULL, rowid",
            (group,),
        ):
            out.setdefault(r["lang"], r["id"])
        return out

    def translations(self, rid: str) -> dict[str, dict]:
        return {
            r["lang"]: {k: r[k] for k in ("title", "text", "model", "status", "created_at")}
            for r in self.conn.execute("SELECT * FROM translations WHERE document_id = ?", (rid,))
        }

    def duplicate_clusters(self) -> list[dict]:
        """Every canonical record that has duplicates, with them: the `dupes` command."""
        clusters: dict[str, list[str]] = {}
        for r in self.conn.execute(
            "SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL ORDER BY duplicate_of, id"
        ):
            clusters.setdefault(r["duplicate_of"], []).append(r["id"])
        out = []
        for canon, dups in clusters.items():
            members = [self._brief(canon)] + [self._brief(d) for d in dups]
            out.append({"id": canon, "count": len(dups), "members": members})
        return out

    def _brief(self, rid: str) -> dict:
        r = self.conn.execute(
            "SELECT id, url, source, lang, title, date FROM documents WHERE id = ?", (rid,)
        ).fetchone()
        return dict(r)

    def _record(self, row: sqlite3.Row) -> dict:
        rec = dict(row)
        rec["alternates"] = json.loads(rec["alternates"])
        rec["versions"] = self.versions(rec["version_group"])
        rec["translations"] = self.translations(rec["id"])
        return rec


def _same_content(old: sqlite3.Row, doc: Extracted, chash: str, source: str) -> bool:
    return (
        old["content_hash"] == chash
        and old["title"] == doc.title
        and old["date"] == doc.date
        and old["lang"] == doc.lang
        and old["source"] == source
        and json.loads(old["alternates"]) == doc.alternates
    )
