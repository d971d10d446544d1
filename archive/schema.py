"""The schema of the archive, as one ordered list of forward migrations for both engines.

Statements are written in SQLite's dialect; PostgreSQL's database maps the few words that differ (see
archive.postgres_db). A step that only one engine can say is a {engine: script} entry.
"""

from __future__ import annotations

import sqlite3
from typing import Protocol

from archive.errors import ArchiveTooNew

# Each entry moves the schema from version i to i+1. Never edit a released entry: append one.
MIGRATIONS: list[str | dict[str, str]] = [
    """
    CREATE TABLE documents (
        id            TEXT PRIMARY KEY,           -- stable: derived from the URL
        url           TEXT NOT NULL UNIQUE,       -- fetched URL, or file:// URL of an imported file
        canonical_url TEXT,                       -- the URL the page names for itself
        source        TEXT NOT NULL,              -- senate | mazhilis | institute | file name given at import
        lang          TEXT,
        title         TEXT,
        text          TEXT NOT NULL,
        date          TEXT,                       -- ISO YYYY-MM-DD or NULL
        source_line   TEXT,                       -- "Source: …" provenance line
        alternates    TEXT NOT NULL DEFAULT '{}', -- JSON {lang: url}
        fetched_at    TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        minhash       BLOB,
        duplicate_of  TEXT REFERENCES documents(id),
        version_group TEXT NOT NULL,
        rev           INTEGER NOT NULL            -- bumped on every change: the index follows it
    );
    CREATE INDEX documents_hash ON documents(content_hash);
    CREATE INDEX documents_group ON documents(version_group);
    CREATE INDEX documents_rev ON documents(rev);
    CREATE INDEX documents_dup ON documents(duplicate_of);

    CREATE TABLE captures (
        id           INTEGER PRIMARY KEY,
        document_id  TEXT NOT NULL REFERENCES documents(id),
        url          TEXT NOT NULL,
        fetched_at   TEXT NOT NULL,
        sha256       TEXT NOT NULL,
        content_type TEXT,
        http_status  INTEGER,
        warc_path    TEXT,
        warc_offset  INTEGER,
        warc_length  INTEGER,
        UNIQUE (document_id, sha256)
    );

    CREATE TABLE version_keys (
        key         TEXT NOT NULL,
        document_id TEXT NOT NULL REFERENCES documents(id),
        PRIMARY KEY (key, document_id)
    ) WITHOUT ROWID;

    CREATE TABLE lsh_bands (
        band        INTEGER NOT NULL,
        bucket      BLOB NOT NULL,
        document_id TEXT NOT NULL REFERENCES documents(id),
        PRIMARY KEY (band, bucket, document_id)
    ) WITHOUT ROWID;

    CREATE TABLE translations (
        document_id TEXT NOT NULL REFERENCES documents(id),
        lang        TEXT NOT NULL,
        title       TEXT,
        text        TEXT,
        model       TEXT,
        status      TEXT NOT NULL,                -- done | no-model | failed
        created_at  TEXT NOT NULL,
        PRIMARY KEY (document_id, lang)
    );

    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta (key, value) VALUES ('rev', '0');
    """,
    # 2: replacing a record's bands and keys looked them up by document: index that side too
    """
    CREATE INDEX lsh_bands_document ON lsh_bands(document_id);
    CREATE INDEX version_keys_document ON version_keys(document_id);
    """,
    # 3: a translation names what made it and from what, so a re-run redoes only what is new or changed;
    # `model` keeps its meaning (the model's name; "a+b" for a pivot through English)
    """
    ALTER TABLE translations ADD COLUMN engine TEXT;         -- argos | … (NULL when no engine could)
    ALTER TABLE translations ADD COLUMN model_version TEXT;  -- the package version ("1.9"; "1.9+1.9")
    ALTER TABLE translations ADD COLUMN source_lang TEXT;    -- the language translated from
    ALTER TABLE translations ADD COLUMN source_hash TEXT;    -- sha256 of the source title and text
    ALTER TABLE translations ADD COLUMN detail TEXT;         -- "no model for kk→en", or why it failed
    """,
    # 4: a site's learned template (archive.template): per host and language, on how many pages each line is
    """
    CREATE TABLE template_pages (
        document_id TEXT PRIMARY KEY,  -- each page is counted once, at its first save
        host        TEXT NOT NULL,
        lang        TEXT NOT NULL      -- '' when unknown
    );
    CREATE INDEX template_pages_host ON template_pages(host, lang);   -- a host's pages, to strip a new line
    CREATE TABLE template_lines (
        host  TEXT NOT NULL,
        lang  TEXT NOT NULL,
        line  TEXT NOT NULL,           -- archive.template.line_key; '' counts the pages themselves
        pages INTEGER NOT NULL,
        PRIMARY KEY (host, lang, line)
    ) WITHOUT ROWID;
    CREATE INDEX template_lines_pages ON template_lines(host, lang, pages);  -- the template: most-seen lines
    """,
    # 5: how many invalid byte sequences of a damaged UTF-8 page were decoded as U+FFFD (0: clean)
    """
    ALTER TABLE captures ADD COLUMN replaced INTEGER NOT NULL DEFAULT 0;
    """,
    # 6: "first seen is canonical" in a column of its own (the rev of the record's first save), not in
    # SQLite's rowid, which PostgreSQL has not; the records stored before keep their order (rowid < rev)
    {
        "sqlite": """
        ALTER TABLE documents ADD COLUMN first_rev INTEGER;
        UPDATE documents SET first_rev = rowid;
        CREATE INDEX documents_first ON documents(first_rev);
        """,
        "postgresql": """
        ALTER TABLE documents ADD COLUMN first_rev INTEGER;
        CREATE INDEX documents_first ON documents(first_rev);
        """,
    },
    # 7: the language a record's text is written in, beside `lang`, its version slot (what the page declares):
    # a /kk/ page that shows Russian text (the site has no Kazakh translation) is lang 'kk', text_lang 'ru'
    """
    ALTER TABLE documents ADD COLUMN text_lang TEXT;  -- detected: kk | ru | en, "kk-Arab" in another script
    """,
    # 8: an updated record's bands are deleted by their whole key (band, bucket, document_id), read from its
    # stored signature; the index by document alone, which each of a new record's 42 bands also wrote, goes
    """
    DROP INDEX lsh_bands_document;
    """,
    # 9: the LSH bands of the signatures are held in memory by the process that saves (archive.lsh), built
    # from documents.minhash: the table's 42 rows a record cost an import a random page write each
    """
    DROP TABLE lsh_bands;
    """,
]


class Migratable(Protocol):
    """What migrating asks of an engine's database (archive.sqlite_db, archive.postgres_db)."""

    kind: str
    conn: object

    def version(self) -> int: ...
    def set_version(self, version: int) -> None: ...
    def begin_write(self) -> None: ...
    def adapt(self, statement: str) -> str: ...
    def in_transaction(self) -> bool: ...


def refuse_newer(version: int) -> None:
    """ArchiveTooNew for a schema version this program does not know."""
    if version > len(MIGRATIONS):
        raise ArchiveTooNew(
            f"archive schema version {version} is newer than this program knows ({len(MIGRATIONS)}):"
            " use a newer parlarchive"
        )


def migrate(db: Migratable) -> int:
    """Apply every migration the database has not seen, each in its own transaction (under the write lock,
    so that two programs starting at once migrate once). Returns the version."""
    refuse_newer(db.version())
    while (version := db.version()) < len(MIGRATIONS):
        db.begin_write()
        try:
            if db.version() == version:  # not done meanwhile by another program
                script = script_for(MIGRATIONS[version], db.kind)
                # executescript would commit on its own; run statements one by one inside our transaction
                for statement in split_statements(script):
                    db.conn.execute(db.adapt(statement))
                db.set_version(version + 1)
            db.conn.execute("COMMIT")
        except BaseException:
            if db.in_transaction():
                db.conn.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)


def script_for(step: str | dict[str, str], kind: str) -> str:
    """A migration's SQL for one engine ("sqlite", "postgresql"): its own where it has one per engine."""
    return step[kind] if isinstance(step, dict) else step


def split_statements(script: str) -> list[str]:
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
