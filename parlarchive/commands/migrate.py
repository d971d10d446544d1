"""`migrate --to`: move the archive between engines (SQLite file ⇄ shared PostgreSQL), compared after."""

from __future__ import annotations

import click

from archive.errors import ArchiveError
from parlarchive.app import Parlarchive
from parlarchive.cliutils import echo


@click.command()
@click.option(
    "--to",
    "target",
    required=True,
    help="Where to copy the archive: a postgresql://user@host/db URL (an empty database), or a data folder"
    " (its archive.sqlite3 is made).",
)
@click.pass_obj
def migrate(app: Parlarchive, target: str) -> None:
    """Copy the archive, losslessly, into an empty PostgreSQL database or SQLite file; then compare both
    (counts and hashes of every table: records, captures, versions, duplicates, translations, templates)."""
    where, before, after = app.migrate_to(target)
    for table, (rows, digest) in after.tables.items():
        same = "equal" if before.tables[table] == (rows, digest) else "DIFFERENT"
        echo(f"{table}: {rows} rows, hash {digest[:16]}: {same}")
    figures = ", ".join(f"{n} {name}" for name, n in after.figures.items() if name != "rev")
    if before.tables != after.tables or before.figures != after.figures:
        raise ArchiveError(
            f"the copy at {where} differs from the archive: drop that database and run migrate again"
        )
    echo(f"copied losslessly to {where}: {figures}, rev {after.figures['rev']}")
    if "://" in target:
        echo("to use it, set PARLARCHIVE_ARCHIVE to that URL on every host, then `parlarchive index` on each")
    else:
        echo(f"to use it, unset PARLARCHIVE_ARCHIVE and run parlarchive with --data {target}")


COMMANDS = (migrate,)
