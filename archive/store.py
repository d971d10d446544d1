"""The archive store: documents, captures, translations, duplicate clusters and version groups in SQLite."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive import dedupe, template
from archive.errors import ArchiveDamaged, ArchiveMissing, ArchiveNeedsUpgrade, ArchiveReadOnly
from archive.languages import LANGS
from archive.lsh import BandIndex
from archive.models import CAPTURE_FIELDS, Capture, Extracted, SaveResult
from archive.postgres_db import is_postgres
from archive.schema import MIGRATIONS, migrate, refuse_newer
from archive.sqlite_db import SqliteDatabase
from archive.versions import untranslated, version_keys

Connection = Any  # sqlite3.Connection, or archive.postgres_db.Connection: `execute` with `?` placeholders
Row = Any  # Row, or archive.postgres_db.Row: by position or by column name

# A machine translation as every reader sees it: never without the engine and model that made it.
TRANSLATION_FIELDS = (
    "title", "text", "status", "detail", "engine", "model", "model_version", "source_lang", "source_hash",
    "created_at",
)  # fmt: skip
PAGE = 500  # records read at a time by `documents`
DOC_COLUMNS = (
    "id, url, canonical_url, source, lang, text_lang, title, text, date, source_line, alternates, "
    "fetched_at, content_hash, duplicate_of, version_group, rev"
)


def doc_id(url: str) -> str:
    """The stable id of the record fetched from (or imported as) this URL."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _guarded(method: Callable) -> Callable:
    """A Store method (or generator) whose engine errors (a damaged or read-only file, a lost connection)
    are one-line ones."""
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def rows(self: Store, *args: object, **kw: object) -> Iterator:
            with self.db.errors():
                yield from method(self, *args, **kw)

        return rows

    @functools.wraps(method)
    def call(self: Store, *args: object, **kw: object) -> object:
        with self.db.errors():
            return method(self, *args, **kw)

    return call


def open_database(location: str | Path, timeout: float, *, readonly: bool) -> SqliteDatabase:
    """The engine's database at `location`: a `postgresql://` URL, else the path of a SQLite file."""
    if is_postgres(location):
        from archive.postgres_db import PostgresDatabase

        return PostgresDatabase(str(location), timeout, readonly=readonly)  # type: ignore[return-value]
    return SqliteDatabase(Path(location), timeout, readonly=readonly)


class Store:
    """One archive: a SQLite file, or a PostgreSQL database that many hosts share (`location` is then its
    `postgresql://` URL). Writes go through `save`, one transaction per record, or per batch of them
    (`batches`: an import).

    `readonly=True` (reading commands) opens it without writing anything, so a read-only data folder
    works; a writing open of a folder, file or database that cannot be written raises ArchiveReadOnly at
    once. The engine's reports of damage become ArchiveDamaged, of a lost server ArchiveUnavailable, at open
    and in every method. `verify=True` runs SQLite's quick check first, so that a writer never adds to a
    damaged file: it reads the whole file, so only commands that add records ask for it.
    """

    def __init__(
        self, location: str | Path, timeout: float = 30.0, *, readonly: bool = False, verify: bool = False
    ):
        self.location, self.readonly = location, readonly
        self.db = open_database(location, timeout, readonly=readonly)
        self.conn = self.db.conn
        self.where = self.db.where
        self._bands: BandIndex | None = None  # built when a save first looks for near-duplicates
        try:
            with self.db.errors():
                if verify:  # before a migration writes to it
                    self._quick_check()
                if readonly:
                    self._check_version()
                else:
                    migrate(self.db)
                    self.db.probe_writable()
        except BaseException:
            self.db.close()
            raise

    @property
    def kind(self) -> str:
        """The engine: "sqlite" or "postgresql"."""
        return self.db.kind

    def _check_version(self) -> None:
        version = self.db.version()
        refuse_newer(version)
        if version == 0:
            raise ArchiveMissing(f"no archive at {self.where}: it holds no tables")
        if version < len(MIGRATIONS):
            raise ArchiveNeedsUpgrade(
                f"the archive {self.where} has schema version {version} and this program needs"
                f" {len(MIGRATIONS)}: run `parlarchive index` once where the data folder can be written:"
                " it upgrades the archive"
            )

    def _quick_check(self) -> None:
        fault = self.db.damage()
        if fault is not None:
            raise ArchiveDamaged(
                f"the archive file {self.where} is damaged ({fault}): run `parlarchive check`"
            )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """BEGIN … COMMIT under the archive's write lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory
        lock); inside another transaction, a savepoint. A failure (or a kill, or a lost connection) leaves
        nothing of the block behind, and a transaction around it goes on."""
        outer = not self.db.in_transaction()
        if outer:
            self.db.begin_write()
        else:
            self.conn.execute("SAVEPOINT block")
        try:
            yield self.conn
        except BaseException:
            self._bands = None  # it may hold what is rolled back, and the revs rolled back are given again
            if self.db.in_transaction():  # SQLite ends it itself after some errors (damage, a full disk)
                if outer:
                    self.conn.execute("ROLLBACK")
                else:
                    self.conn.execute("ROLLBACK TO SAVEPOINT block")
                    self.conn.execute("RELEASE SAVEPOINT block")
            raise
        self.conn.execute("COMMIT" if outer else "RELEASE SAVEPOINT block")

    @contextmanager
    def batches(self, size: int) -> Iterator[Callable[[], None]]:
        """Many saves in transactions of `size` records: call the yielded function after each record. Each
        batch is committed whole or not at all (a kill loses the open one only; a record that fails rolls
        back alone, see `transaction`), so an interrupted import run again stores what was lost."""
        count = 0

        def saved() -> None:
            nonlocal count
            count += 1
            if count % size == 0 and self.db.in_transaction():
                with self.db.errors():  # a commit is where a full disk shows first
                    self.conn.execute("COMMIT")
                    self.db.begin_write()

        with self.db.errors():
            self.db.begin_write()
        try:
            yield saved
        except BaseException:
            self._bands = None
            if self.db.in_transaction():
                self.conn.execute("ROLLBACK")
            raise
        if self.db.in_transaction():
            with self.db.errors():
                self.conn.execute("COMMIT")

    # ---- writing -------------------------------------------------------------------------------

    @_guarded
    def save(
        self,
        doc: Extracted,
        capture: Capture,
        source: str,
        signed: dedupe.Signed | None = None,
        stripped: template.Stripped | None = None,
    ) -> SaveResult:
        """Store one normalized record with its capture: dedupe it, link its versions, bump its rev.
        `stripped` (its line keys and text without its site's template) and `signed` (its content hash and
        signature), when worked out ahead, are used where they hold for what the store keeps."""
        rid = doc_id(capture.url)
        capture = dataclasses.replace(capture, replaced=doc.replaced)  # decoding damage is the capture's
        with self.transaction() as c:
            doc = self._apply_template(rid, doc, capture, stripped)
            if signed is None or not signed.fits(doc.title, doc.text):
                signed = None
            chash = signed.content_hash if signed else dedupe.record_hash(doc.title, doc.text)
            old = c.execute("SELECT * FROM documents WHERE id = ?", (rid,)).fetchone()
            if old is not None and _same_content(old, doc, chash, source):
                self._add_capture(rid, capture)
                return SaveResult(rid, "unchanged", old["duplicate_of"], old["version_group"])
            sig = signed.signature if signed else dedupe.signature(doc.text)
            keys = version_keys([capture.url, doc.url, *doc.alternates.values()], doc.url or capture.url)
            rev = self._bump_rev()
            group = self._resolve_group(rid, keys, old["version_group"] if old else None, rev)
            duplicate_of = self._find_duplicate(rid, chash, sig, group, doc, rev)
            c.execute(
                "INSERT INTO documents (id, url, canonical_url, source, lang, text_lang, title, text, date,"
                " source_line, alternates, fetched_at, content_hash, minhash, duplicate_of, version_group, rev,"
                " first_rev)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET canonical_url=excluded.canonical_url, source=excluded.source,"
                " lang=excluded.lang, text_lang=excluded.text_lang, title=excluded.title, text=excluded.text,"
                " date=excluded.date,"
                " source_line=excluded.source_line, alternates=excluded.alternates,"
                " fetched_at=excluded.fetched_at, content_hash=excluded.content_hash,"
                " minhash=excluded.minhash, duplicate_of=excluded.duplicate_of,"
                " version_group=excluded.version_group, rev=excluded.rev",
                (
                    rid, capture.url, doc.url, source, doc.lang, doc.text_lang, doc.title, doc.text, doc.date,
                    doc.source_line, json.dumps(doc.alternates, sort_keys=True), capture.fetched_at,
                    chash, sig, duplicate_of, group, rev, rev,
                ),
            )  # fmt: skip
            if old is not None:  # an update replaces the record's version keys (its bands: archive.lsh)
                c.execute("DELETE FROM version_keys WHERE document_id = ?", (rid,))
            c.executemany(
                "INSERT INTO version_keys (key, document_id) VALUES (?,?)", [(k, rid) for k in keys]
            )
            self._add_capture(rid, capture)
        return SaveResult(rid, "updated" if old else "new", duplicate_of, group)

    @_guarded
    def save_translation(
        self,
        document_id: str,
        lang: str,
        title: str | None,
        text: str | None,
        model: str | None,
        status: str,
        *,
        engine: str | None = None,
        model_version: str | None = None,
        source_lang: str | None = None,
        source_hash: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Store (or replace) the machine translation of a record into `lang`, with what made it from what
        (or, for a status such as "no-model", why there is none). The record's rev moves when what the index
        holds of it changes — the translated title and text — so recording a missing model for 200,000
        records re-indexes none of them."""
        with self.transaction() as c:
            old = c.execute(
                "SELECT title, text FROM translations WHERE document_id = ? AND lang = ?", (document_id, lang)
            ).fetchone()
            c.execute(
                "INSERT INTO translations (document_id, lang, title, text, model, status, created_at, engine,"
                " model_version, source_lang, source_hash, detail) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT (document_id, lang) DO UPDATE SET title = excluded.title, text = excluded.text,"
                " model = excluded.model, status = excluded.status, created_at = excluded.created_at,"
                " engine = excluded.engine, model_version = excluded.model_version,"
                " source_lang = excluded.source_lang, source_hash = excluded.source_hash,"
                " detail = excluded.detail",
                (document_id, lang, title, text, model, status, now_iso(), engine, model_version, source_lang,
                 source_hash, detail),
            )  # fmt: skip
            if _indexed(old) != _indexed((title, text)):
                c.execute("UPDATE documents SET rev = ? WHERE id = ?", (self._bump_rev(), document_id))

    @_guarded
    def delete_translation(self, document_id: str, lang: str) -> None:
        """Drop a record's translation into `lang` (a human version arrived); its rev moves, so the index
        drops the translated text too."""
        with self.transaction() as c:
            c.execute("DELETE FROM translations WHERE document_id = ? AND lang = ?", (document_id, lang))
            c.execute("UPDATE documents SET rev = ? WHERE id = ?", (self._bump_rev(), document_id))

    def _add_capture(self, rid: str, cap: Capture) -> None:
        self.conn.execute(
            "INSERT INTO captures (document_id, url, fetched_at, sha256, content_type, http_status,"
            " warc_path, warc_offset, warc_length, replaced) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
            (
                rid, cap.url, cap.fetched_at, cap.sha256, cap.content_type, cap.http_status,
                cap.warc_path, cap.warc_offset, cap.warc_length, cap.replaced,
            ),
        )  # fmt: skip

    def _bump_rev(self) -> int:
        row = self.conn.execute(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'rev' RETURNING value"
        ).fetchone()
        return int(row[0])

    def _find_duplicate(
        self, rid: str, chash: str, sig: bytes | None, group: str, doc: Extracted, rev: int
    ) -> str | None:
        """The canonical record this text repeats (exactly or nearly), or None. First seen is canonical.

        Never a record of its own version group (a language version is no duplicate); a short text
        (dedupe.is_short) only nearly repeats a record whose title agrees with its own. `rev` is the one
        this save gives: the band index takes in the records saved before it.
        """
        c = self.conn
        row = c.execute(
            "SELECT id, duplicate_of FROM documents WHERE content_hash = ? AND id != ?"
            " AND (duplicate_of IS NULL OR duplicate_of != ?) AND version_group != ? ORDER BY first_rev LIMIT 1",
            (chash, rid, rid, group),
        ).fetchone()
        if row:
            return row["duplicate_of"] or row["id"]
        if sig is None:
            return None
        if self._bands is None:
            self._bands = BandIndex()
        self._bands.refresh(c, below=rev)
        # The records sharing most bands with this one (the likeliest near-duplicates), at most
        # dedupe.CANDIDATES of them: among thousands of short pages of one template every bucket is shared by
        # many, and comparing with each made an import quadratic.
        ranked = self._bands.candidates(sig, rid, dedupe.CANDIDATES)
        if not ranked:
            return None
        marks = ",".join("?" * len(ranked))
        found = {
            r["id"]: r
            for r in c.execute(
                "SELECT id, duplicate_of, minhash, title, text FROM documents"
                f" WHERE id IN ({marks}) AND version_group != ?",
                (*(cid for cid, _hits in ranked), group),
            )
        }
        rows = [found[cid] for cid, _hits in ranked if cid in found]
        short = dedupe.is_short(doc.text)
        agree = functools.cache(functools.partial(dedupe.titles_agree, doc.title))  # per title, not member
        best, best_sim = None, 0.0
        for cand in rows:
            if cand["minhash"] is None or cand["duplicate_of"] == rid:
                continue
            if (short or dedupe.is_short(cand["text"])) and not agree(cand["title"]):
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
            # and a language version is never a duplicate of another version of its story
            self.conn.execute(
                "UPDATE documents SET duplicate_of = NULL WHERE version_group = ? AND duplicate_of IN"
                " (SELECT id FROM documents WHERE version_group = ?)",
                (group, group),
            )
        return group

    # ---- the learned template of each site (archive.template) ----------------------------------------

    def _apply_template(
        self, rid: str, doc: Extracted, capture: Capture, stripped: template.Stripped | None
    ) -> Extracted:
        """Count this page's lines into its host's template (once per page), and return the record without
        the lines of that template. A line this page makes template is taken out of the host's pages
        stored before it too, so that an import or a crawl ends with no page holding its site's template."""
        host = template.template_host(doc.url or capture.url)
        if host is None:
            return doc
        lang = doc.lang or ""
        c = self.conn
        counted = c.execute(
            "INSERT INTO template_pages VALUES (?,?,?) ON CONFLICT DO NOTHING", (rid, host, lang)
        ).rowcount
        if counted:
            lines = stripped.lines if stripped else template.page_lines(doc.text)
            c.executemany(
                "INSERT INTO template_lines (host, lang, line, pages) VALUES (?,?,?,1)"
                " ON CONFLICT (host, lang, line) DO UPDATE SET pages = template_lines.pages + 1",
                [(host, lang, key) for key in {template.PAGES, *lines}],
            )
            total = self._template_pages(host, lang)
            marks = ",".join("?" * len(lines))
            counts = (
                c.execute(
                    f"SELECT line, pages FROM template_lines WHERE host = ? AND lang = ? AND line IN ({marks})",
                    (host, lang, *lines),
                ).fetchall()
                if lines
                else []
            )
            if any(
                count == template.threshold(key, total) for key, count in counts
            ):  # a line became template
                self._restrip(host, lang, rid)
        now = self.template(host, lang)
        text = stripped.under(now) if stripped else None
        text = template.strip(doc.text, now) if text is None else text
        return doc if text == doc.text else dataclasses.replace(doc, text=text)

    @_guarded
    def template(self, host: str, lang: str | None) -> set[str]:
        """The line keys of a host's learned template in one language (empty while too few pages)."""
        lang = lang or ""
        total = self._template_pages(host, lang)
        least = template.min_count(total)
        if least is None:
            return set()
        rows = self.conn.execute(
            "SELECT line, pages FROM template_lines WHERE host = ? AND lang = ? AND pages >= ? AND line != ?",
            (host, lang, least, template.PAGES),
        )
        return {key for key, count in rows if template.is_template(key, count, total)}

    @_guarded
    def templates_of(self, host: str) -> dict[str, set[str]]:
        """{lang: the line keys of its template} of one host (what `template` gives for each language)."""
        # Its languages found by skipping from one to the next along the key (host, lang, line): a host's
        # lines number millions in a large archive, and this is read every few dozen records of an import.
        langs = self.conn.execute(
            "WITH RECURSIVE langs (lang) AS (SELECT min(lang) FROM template_lines WHERE host = ?"
            " UNION ALL SELECT (SELECT min(lang) FROM template_lines WHERE host = ? AND lang > langs.lang)"
            " FROM langs WHERE langs.lang IS NOT NULL) SELECT lang FROM langs WHERE lang IS NOT NULL",
            (host, host),
        )
        return {r[0]: self.template(host, r[0]) for r in langs.fetchall()}

    def _restrip(self, host: str, lang: str, rid: str) -> None:
        """Save again, without the template, the host's stored pages in `lang` that still hold a line of it
        (each was counted at its first save, so saving it again learns nothing twice)."""
        lines = self.template(host, lang)
        rows = self.conn.execute(
            f"SELECT {DOC_COLUMNS} FROM documents WHERE id IN"
            " (SELECT document_id FROM template_pages WHERE host = ? AND lang = ?) AND id != ?",
            (host, lang, rid),
        ).fetchall()
        for row in rows:
            capture = self.latest_capture(row["id"])
            if capture is not None and template.page_lines(row["text"]) & lines:
                self.save(_stored_doc(row), capture, row["source"])

    def _template_pages(self, host: str, lang: str) -> int:
        row = self.conn.execute(
            "SELECT pages FROM template_lines WHERE host = ? AND lang = ? AND line = ?",
            (host, lang, template.PAGES),
        ).fetchone()
        return row[0] if row else 0

    @_guarded
    def templates(self) -> list[dict]:
        """Every host's template by language: pages counted, lines known, lines that are template."""
        out = []
        for r in self.conn.execute(
            "SELECT host, lang, pages FROM template_lines WHERE line = ? ORDER BY host, lang",
            (template.PAGES,),
        ).fetchall():
            lines = self.conn.execute(
                "SELECT count(*) FROM template_lines WHERE host = ? AND lang = ? AND line != ?",
                (r["host"], r["lang"], template.PAGES),
            ).fetchone()[0]
            learned = len(self.template(r["host"], r["lang"]))
            out.append({**dict(r), "lines": lines, "template_lines": learned})
        return out

    # ---- reading -------------------------------------------------------------------------------

    @_guarded
    def current_rev(self) -> int:
        return int(self.conn.execute("SELECT value FROM meta WHERE key = 'rev'").fetchone()[0])

    @_guarded
    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    @_guarded
    def last_stored(self) -> str | None:
        """When the archive last stored a record or a change to one (its fetch time), None when empty."""
        row = self.conn.execute("SELECT fetched_at FROM documents ORDER BY rev DESC LIMIT 1").fetchone()
        return row[0] if row else None  # the record saved last (documents_rev), not a scan of every record

    @_guarded
    def has_url(self, url: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE url = ?", (url,)).fetchone() is not None

    @_guarded
    def title_of(self, url: str) -> str | None:
        """The stored title of the record fetched from this URL (a crawl compares it with the list's)."""
        row = self.conn.execute("SELECT title FROM documents WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    @_guarded
    def known_capture(self, url: str, sha256: str) -> bool:
        """True when these exact bytes from this URL are already stored (a re-fetch that changed nothing)."""
        return (
            self.conn.execute("SELECT 1 FROM captures WHERE url = ? AND sha256 = ?", (url, sha256)).fetchone()
            is not None
        )

    @_guarded
    def documents(self, since_rev: int = 0) -> Iterator[dict]:
        """Records changed after `since_rev` (all with 0), in rev order, with versions and translations.

        Read in pages of PAGE records by (rev, id), so memory stays flat on either engine; a record changed
        while they are read moves past where the reading is (its rev becomes the archive's newest) and is
        read again there, so nothing is skipped."""
        after: tuple = (since_rev, since_rev, "\U0010ffff")  # every id sorts before the last code point
        while True:
            read = 0
            for row in self.conn.execute(  # rows yielded as read: those before a damaged page are had
                f"SELECT {DOC_COLUMNS} FROM documents WHERE rev > ? OR (rev = ? AND id > ?)"
                " ORDER BY rev, id LIMIT ?",
                (*after, PAGE),
            ):
                read += 1
                after = (row["rev"], row["rev"], row["id"])
                yield self._record(row)
            if read < PAGE:
                return

    @_guarded
    def ids(self) -> list[str]:
        """Every record's id, in the order the records were first stored."""
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY first_rev")]

    @_guarded
    def row(self, rid: str) -> dict | None:
        """A record's own columns (no versions, translations or captures)."""
        row = self.conn.execute(f"SELECT {DOC_COLUMNS} FROM documents WHERE id = ?", (rid,)).fetchone()
        return dict(row) if row else None

    @_guarded
    def latest_capture(self, rid: str) -> Capture | None:
        """The record's most recent capture (what a re-extraction reads its page from)."""
        row = self.conn.execute(
            f"SELECT {', '.join(CAPTURE_FIELDS)} FROM captures WHERE document_id = ? ORDER BY id DESC LIMIT 1",
            (rid,),
        ).fetchone()
        return Capture(**dict(row)) if row else None

    @_guarded
    def get(self, rid: str) -> dict | None:
        """The whole record: text, provenance (captures), duplicate_of, duplicates, versions, translations."""
        row = self.conn.execute(f"SELECT {DOC_COLUMNS} FROM documents WHERE id = ?", (rid,)).fetchone()
        if row is None:
            return None
        rec = self._record(row)
        rec["captures"] = [
            Capture(**dict(r)).as_json()
            for r in self.conn.execute(
                f"SELECT {', '.join(CAPTURE_FIELDS)} FROM captures WHERE document_id = ? ORDER BY id", (rid,)
            )
        ]
        rec["duplicates"] = [
            r[0]
            for r in self.conn.execute("SELECT id FROM documents WHERE duplicate_of = ? ORDER BY id", (rid,))
        ]
        return rec

    @_guarded
    def versions(self, group: str, *, translated: bool = False) -> dict[str, str]:
        """{lang: id} for a version group; per language the canonical (non-duplicate) record wins.
        `translated`: only versions whose text is in their own language (a /kk/ page showing the Russian text
        is the Kazakh version of its story, linked, but no Kazakh translation of it)."""
        return self._versions(group)[1 if translated else 0]

    def _versions(self, group: str) -> tuple[dict[str, str], dict[str, str]]:
        """(every version, the translated versions) of a group, {lang: id} each."""
        every: dict[str, str] = {}
        translated: dict[str, str] = {}
        for r in self.conn.execute(
            "SELECT id, lang, text_lang FROM documents WHERE version_group = ? AND lang IS NOT NULL"
            " ORDER BY duplicate_of IS NOT NULL, first_rev",
            (group,),
        ):
            every.setdefault(r["lang"], r["id"])
            if not untranslated(r["lang"], r["text_lang"]):
                translated.setdefault(r["lang"], r["id"])
        return every, translated

    @_guarded
    def untranslated(self) -> list[dict]:
        """Every record whose text is in another language than its version's (the site has no translation of
        it and shows another version): the `dupes` and `check` commands count them."""
        rows = self.conn.execute(
            "SELECT id, url, source, lang, text_lang, title, date FROM documents"
            " WHERE text_lang IS NOT NULL AND lang IS NOT NULL AND text_lang != lang ORDER BY url"
        )
        return [dict(r) for r in rows if untranslated(r["lang"], r["text_lang"])]

    @_guarded
    def translations(self, rid: str) -> dict[str, dict]:
        return {
            r["lang"]: {k: r[k] for k in TRANSLATION_FIELDS}
            for r in self.conn.execute("SELECT * FROM translations WHERE document_id = ?", (rid,))
        }

    @_guarded
    def translation_states(self) -> list[dict]:
        """Every stored translation as a run compares it with what it would make now: its record, language,
        status, model, model version, source hash and detail, and the record's version group."""
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT t.document_id, t.lang, t.status, t.model, t.model_version, t.source_hash, t.detail,"
                " d.version_group FROM translations t JOIN documents d ON d.id = t.document_id"
            )
        ]

    @_guarded
    def version_groups(self, *, newest_first: bool = False) -> list[str]:
        """Every version group (a story, in all the languages it was published in), in order of its id, or
        newest story first (by its latest date, then its latest change)."""
        if newest_first:
            order = "SELECT version_group FROM documents GROUP BY 1 ORDER BY MAX(date) DESC NULLS LAST, MAX(rev) DESC"
            return [r[0] for r in self.conn.execute(order)]
        return [r[0] for r in self.conn.execute("SELECT DISTINCT version_group FROM documents ORDER BY 1")]

    @_guarded
    def group_of(self, rid: str) -> str | None:
        """The version group (the story) of a record, None without such a record."""
        row = self.conn.execute("SELECT version_group FROM documents WHERE id = ?", (rid,)).fetchone()
        return row[0] if row else None

    @_guarded
    def text_of(self, rid: str) -> dict | None:
        """A record's title, text and duplicate_of (what translation reads of it), or None."""
        row = self.conn.execute(
            "SELECT title, text, duplicate_of FROM documents WHERE id = ?", (rid,)
        ).fetchone()
        return dict(row) if row else None

    @_guarded
    def source_names(self) -> list[str]:
        """The source names the records carry (a registered source, `file`, or one given at import)."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT source FROM documents ORDER BY 1")]

    @_guarded
    def duplicate_clusters(self, on_cluster: Callable[[], None] | None = None) -> list[dict]:
        """Every canonical record that has duplicates, with them: the `dupes` command. `on_cluster` is
        called after each cluster is read (progress)."""
        clusters: dict[str, list[str]] = {}
        for r in self.conn.execute(
            "SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL ORDER BY duplicate_of, id"
        ):
            clusters.setdefault(r["duplicate_of"], []).append(r["id"])
        out = []
        for canon, dups in clusters.items():
            members = [self._brief(canon)] + [self._brief(d) for d in dups]
            out.append({"id": canon, "count": len(dups), "members": members})
            if on_cluster:
                on_cluster()
        return out

    # ---- what the search index reads: stories (versions and near-duplicates) and their texts ----------

    @_guarded
    def changed_since(self, rev: int) -> tuple[list[str], int]:
        """The ids of the records changed after `rev` (all with 0), in rev order, and the rev they bring the
        archive to (the archive's rev when it was read, or a later record's). Writers commit in rev order
        (one write transaction at a time), so a record committed later has a higher rev."""
        now = self.current_rev()
        rows = self.conn.execute(
            "SELECT id, rev FROM documents WHERE rev > ? ORDER BY rev", (rev,)
        ).fetchall()
        return [r[0] for r in rows], max(now, *(r[1] for r in rows)) if rows else max(now, rev)

    @_guarded
    def story_links(self, ids: Iterable[str] | None = None) -> list[tuple[str, str, str | None]]:
        """(id, version_group, duplicate_of) of every record (no ids), or of every record that shares a story
        with one of `ids`: its versions, their near-duplicates and the records these repeat, transitively."""
        if ids is None:
            return [
                tuple(r) for r in self.conn.execute("SELECT id, version_group, duplicate_of FROM documents")
            ]
        found: dict[str, tuple[str, str, str | None]] = {}
        explored: set[str] = set()
        groups_read: set[str] = set()
        todo = set(ids)
        while todo:  # each record and each version group is looked up once (indexed look-ups)
            batch = [todo.pop() for _ in range(min(len(todo), 400))]
            explored.update(batch)
            marks = ",".join("?" * len(batch))
            rows = self.conn.execute(
                f"SELECT id, version_group, duplicate_of FROM documents WHERE id IN ({marks})", batch
            ).fetchall()
            rows += self.conn.execute(
                f"SELECT id, version_group, duplicate_of FROM documents WHERE duplicate_of IN ({marks})",
                batch,
            ).fetchall()
            groups = list({r[1] for r in rows} - groups_read)
            groups_read.update(groups)
            for start in range(0, len(groups), 400):
                part = groups[start : start + 400]
                rows += self.conn.execute(
                    "SELECT id, version_group, duplicate_of FROM documents WHERE version_group IN"
                    f" ({','.join('?' * len(part))})",
                    part,
                ).fetchall()
            for rid, group, duplicate_of in rows:
                found.setdefault(rid, (rid, group, duplicate_of))
                todo.update(r for r in (rid, duplicate_of) if r and r not in explored)
        return list(found.values())

    @_guarded
    def index_records(self, ids: list[str]) -> list[dict]:
        """The records with these ids (those that exist), each with its translations {lang: {title, text}}:
        what the search index analyses, and what its snippets are cut from."""
        out: list[dict] = []
        for start in range(0, len(ids), 400):
            batch = ids[start : start + 400]
            marks = ",".join("?" * len(batch))
            recs = {
                r["id"]: {**dict(r), "translations": {}}
                for r in self.conn.execute(
                    "SELECT id, url, canonical_url, source, lang, title, text, date, duplicate_of, version_group"
                    f" FROM documents WHERE id IN ({marks})",
                    batch,
                )
            }
            for r in self.conn.execute(
                f"SELECT document_id, lang, title, text FROM translations WHERE document_id IN ({marks})"
                " AND text IS NOT NULL",
                batch,
            ):
                recs[r["document_id"]]["translations"][r["lang"]] = {"title": r["title"], "text": r["text"]}
            out += [recs[rid] for rid in batch if rid in recs]
        return out

    def _brief(self, rid: str) -> dict:
        r = self.conn.execute(
            "SELECT id, url, source, lang, text_lang, title, date FROM documents WHERE id = ?", (rid,)
        ).fetchone()
        return dict(r)

    def _record(self, row: Row) -> dict:
        rec = dict(row)
        rec["alternates"] = json.loads(rec["alternates"])
        every, translated = self._versions(rec["version_group"])
        rec["versions"] = every
        rec["untranslated"] = [lang for lang in LANGS if lang in every and lang not in translated]
        rec["translations"] = self.translations(rec["id"])
        return rec


def _indexed(translation: Sequence | None) -> tuple | None:
    """What the search index holds of a stored translation: its title and text, when it has a text."""
    return (translation[0], translation[1]) if translation is not None and translation[1] else None


def open_for_reading(path: str | Path) -> Store:
    """A read-only Store for a reading command. An archive of an older schema is upgraded first where its
    folder can be written (a reading command right after a program update works); where it cannot,
    ArchiveNeedsUpgrade says what to do."""
    try:
        return Store(path, readonly=True)
    except ArchiveNeedsUpgrade as needs:
        try:
            Store(path).close()  # the writable open migrates
        except ArchiveReadOnly:
            raise needs from None
        return Store(path, readonly=True)


def _stored_doc(row: Row) -> Extracted:
    """A stored record as what extraction gave (to save it again)."""
    return Extracted(
        title=row["title"],
        date=row["date"],
        lang=row["lang"],
        text_lang=row["text_lang"],
        text=row["text"],
        alternates=json.loads(row["alternates"]),
        url=row["canonical_url"],
        source_line=row["source_line"],
    )


def _same_content(old: Row, doc: Extracted, chash: str, source: str) -> bool:
    return (
        old["content_hash"] == chash
        and old["title"] == doc.title
        and old["date"] == doc.date
        and old["lang"] == doc.lang
        and old["text_lang"] == doc.text_lang
        and old["source"] == source
        and json.loads(old["alternates"]) == doc.alternates
    )
