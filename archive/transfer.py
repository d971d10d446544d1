"""Moving an archive between engines (a SQLite file to a shared PostgreSQL database, and back), row for row,
and the proof that nothing was lost: every table's row count and a hash of its rows, compared after."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from archive.errors import BadInput
from archive.store import Store

# Every table of the archive, parents before the rows that point to them; `meta` holds the rev counter.
TABLES = ("documents", "captures", "version_keys", "translations", "template_pages",
          "template_lines")  # fmt: skip
BATCH = 2000
_HASH_BITS = 1 << 256


@dataclass
class Fingerprint:
    """Per table, its rows and an order-free hash of them (the sum of each row's SHA-256, mod 2**256), and
    the figures a user checks: records, version groups, duplicates, translations, the rev."""

    tables: dict[str, tuple[int, str]] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)


def _columns(store: Store, table: str) -> list[str]:
    cur = store.conn.execute(f"SELECT * FROM {table} WHERE 1 = 0")
    return [d[0] for d in cur.description]


def _rows(store: Store, table: str, columns: list[str]) -> Iterator[tuple]:
    yield from store.db.stream(f"SELECT {', '.join(columns)} FROM {table}")


def _value(v: object) -> object:
    return {"bytes": bytes(v).hex()} if isinstance(v, bytes | memoryview) else v


def fingerprint(store: Store) -> Fingerprint:
    """What must be equal in an archive and its copy."""
    out = Fingerprint()
    with store.db.errors():
        for table in TABLES:
            columns = sorted(_columns(store, table))
            total, count = 0, 0
            for row in _rows(store, table, columns):
                digest = hashlib.sha256(json.dumps([_value(v) for v in row]).encode()).digest()
                total = (total + int.from_bytes(digest, "big")) % _HASH_BITS
                count += 1
            out.tables[table] = (count, f"{total:064x}")
        one = lambda sql: int(store.conn.execute(sql).fetchone()[0] or 0)  # noqa: E731
        out.figures = {
            "records": one("SELECT count(*) FROM documents"),
            "version groups": one("SELECT count(DISTINCT version_group) FROM documents"),
            "duplicates": one("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"),
            "translations": one("SELECT count(*) FROM translations"),
            "captures": one("SELECT count(*) FROM captures"),
            "rev": store.current_rev(),
        }
    return out


def copy_archive(source: Store, target: Store) -> None:
    """Copy every row of `source` into the empty archive `target`, in one transaction of the target: a
    failure leaves it empty. BadInput when the target holds records already."""
    held = target.count()
    if held:
        raise BadInput(
            f"the target {target.where} already holds an archive ({held} records): migrate into an empty one"
        )
    with target.transaction() as t, source.db.errors(), target.db.errors():
        for table in TABLES:
            t.execute(f"DELETE FROM {table}")  # a template counted by nothing stored, say: empty means empty
        for table in TABLES:
            columns = _columns(source, table)
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({','.join('?' * len(columns))})"
            links: list[tuple[str, str]] = []
            dup = columns.index("duplicate_of") if table == "documents" else -1
            batch = []
            for row in _rows(source, table, columns):
                row = list(row)
                if dup >= 0 and row[dup] is not None:  # linked after every record is in (any order holds)
                    links.append((row[dup], row[columns.index("id")]))
                    row[dup] = None
                batch.append(row)
                if len(batch) >= BATCH:
                    t.executemany(insert, batch)
                    batch = []
            t.executemany(insert, batch)
            for i in range(0, len(links), BATCH):
                t.executemany("UPDATE documents SET duplicate_of = ? WHERE id = ?", links[i : i + BATCH])
        target.db.reset_identity("captures", "id")
        t.execute("UPDATE meta SET value = ? WHERE key = 'rev'", (str(source.current_rev()),))
