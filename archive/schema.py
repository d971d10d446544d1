"""The SQLite schema of the archive, as an ordered list of forward migrations."""

from __future__ import annotations

import sqlite3

# Each entry moves the schema from version i to i+1. Never edit a released entry: append one.
MIGRATIONS: list[str] = [
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
]


def current_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration the database has not seen, each in its own transaction. Returns the version."""
    version = current_version(conn)
    if version > len(MIGRATIONS):
        raise RuntimeError(
            f"archive schema version {version} is newer than this program knows ({len(MIGRATIONS)})"
        )
    for i in range(version, len(MIGRATIONS)):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # executescript would commit on its own; run statements one by one inside our transaction
            for statement in split_statements(MIGRATIONS[i]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {i + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)


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
