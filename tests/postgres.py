"""A throwaway PostgreSQL cluster for the tests: Debian's `postgresql` binaries, `initdb` in a temporary
folder, the server listening only on a socket in that folder, stopped and deleted at the end.

PostgreSQL refuses to run as root (CI runs as root): there the cluster belongs to the `postgres` user the
Debian package creates (or `nobody`), and the commands run as that user; anyone else runs them as himself.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ARCHIVE_ENV = "PARLARCHIVE_ARCHIVE"  # names the shared archive (archive.config.Settings.archive)
SUPERUSER = "parlarchive"
DATABASE = "archives"  # made at start; each test's archive is a schema of it
# Small and quick: a test cluster holds a few hundred records. fsync off: a crash of the machine may lose
# the cluster, which the next run makes afresh; a restart of the server (the fault tests) loses nothing.
SERVER_OPTIONS = ("-c", "listen_addresses=", "-c", "fsync=off", "-c", "shared_buffers=32MB",
                  "-c", "max_connections=60")  # fmt: skip


def binary(name: str) -> str | None:
    """A PostgreSQL server program: on PATH, else where Debian installs it (/usr/lib/postgresql/N/bin)."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return versions[-1] if versions else None


def _run_as() -> str | None:
    """The user the server runs as when we are root (None: ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return None


class Cluster:
    """One server on a socket in its own folder; `url(db)` names a database on it."""

    def __init__(self, options: tuple[str, ...] = ()) -> None:
        self.options = (*SERVER_OPTIONS, *options)  # later settings win
        self.initdb, self.pg_ctl = binary("initdb"), binary("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            raise RuntimeError(
                "PostgreSQL's initdb and pg_ctl are not installed (apt-get install postgresql)"
            )
        self.user = _run_as()
        self.folder = Path(tempfile.mkdtemp(prefix="parlarchive-pg-", dir="/tmp"))
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self.pgdata = self.folder / "db"
        self._names = itertools.count(1)
        self._run(self.initdb, "-D", str(self.pgdata), "-U", SUPERUSER, "--auth=trust", "--no-sync",
                  "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        self.start()
        self._admin(f"CREATE DATABASE {DATABASE}", database="postgres")

    def _run(self, *cmd: str) -> None:
        who = (
            {"user": self.user, "group": pwd.getpwnam(self.user).pw_gid, "extra_groups": []}
            if self.user
            else {}
        )
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=self.folder, **who)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            raise RuntimeError(
                f"{Path(cmd[0]).name} failed: {(result.stderr or result.stdout).strip()} {tail}"
            )

    def start(self) -> None:
        options = " ".join([*self.options, "-c", f"unix_socket_directories={self.folder}"])
        self._run(self.pg_ctl, "-D", str(self.pgdata), "-o", options, "-l", str(self.folder / "server.log"),
                  "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(self.pg_ctl, "-D", str(self.pgdata), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        """Stop the server at once (every connection cut) and start it again."""
        self.stop("immediate")
        self.start()

    def url(self, database: str = DATABASE, schema: str | None = None) -> str:
        """A database's URL; with a schema, the archive's tables are made and read there (search_path)."""
        url = f"postgresql://{SUPERUSER}@/{database}?host={self.folder}"
        return f"{url}&options=-csearch_path%3D{schema}" if schema else url

    def create_archive(self) -> str:
        """A fresh, empty archive; returns its URL. Each is a schema of one database: a schema is made at
        once, where CREATE DATABASE copies a template (0.1 s idle, 2 s on a busy machine)."""
        name = f"archive_{next(self._names)}"
        self._admin(f"CREATE SCHEMA {name}")
        return self.url(schema=name)

    def drop_archive(self, url: str) -> None:
        name = parse_qs(urlsplit(url).query)["options"][0].split("=")[-1]
        self._admin(f"DROP SCHEMA IF EXISTS {name} CASCADE")

    def _admin(self, statement: str, database: str = DATABASE) -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(statement)

    def close(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
