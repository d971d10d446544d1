"""Shared fixtures: a temporary data folder; a throwaway PostgreSQL cluster (one per test process) and the
`engine` fixtures that run a test on both stores, the embedded SQLite file and a shared PostgreSQL archive;
a child process for whom permission bits apply."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import Preexec, drop_dac
from tests.postgres import ARCHIVE_ENV, Cluster

ENGINES = ("sqlite", "postgresql")

# A search's time budget (5 s by default) is for a server under hostile queries; on a test machine that is
# busy a normal search may take longer. The tests of the budget set their own.
os.environ.setdefault("PARLARCHIVE_SEARCH_TIME_BUDGET", "600")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """The test process's PostgreSQL server; the tests that need it skip, saying why, where it cannot start."""
    try:
        cluster = Cluster()
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"PostgreSQL cannot start here: {' '.join(str(exc).split())[:200]}")
    yield cluster
    cluster.close()


@pytest.fixture
def archive_url(postgres: Cluster) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    url = postgres.create_archive()
    yield url
    postgres.drop_archive(url)


def _use(request: pytest.FixtureRequest, mp: pytest.MonkeyPatch, url_fixture: str) -> str:
    if request.param == "postgresql":
        mp.setenv(ARCHIVE_ENV, request.getfixturevalue(url_fixture))
    else:
        mp.delenv(ARCHIVE_ENV, raising=False)
    return request.param


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs the test once per store: for "postgresql" the environment (what the command line, its child
    processes and `Parlarchive()` read) names a fresh database."""
    return _use(request, monkeypatch, "archive_url")


@pytest.fixture(scope="module")
def module_archive_url(postgres: Cluster) -> Iterator[str]:
    url = postgres.create_archive()
    yield url
    postgres.drop_archive(url)


@pytest.fixture(scope="module", params=ENGINES)
def module_engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """`engine` for a module whose fixtures are built once: every test of it runs on one store, then the other."""
    with pytest.MonkeyPatch.context() as mp:
        yield _use(request, mp, "module_archive_url")


@pytest.fixture
def new_archive(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[str], str | Path]:
    """Where a fresh, empty archive of the test's engine is opened: `new_archive(name)` gives a SQLite file
    in the test's folder, or the URL of a new PostgreSQL database (each dropped at the end)."""
    if engine == "sqlite":
        return lambda name: tmp_path / f"{name}.sqlite3"
    cluster = request.getfixturevalue("postgres")
    made: list[str] = []

    def database(_name: str) -> str:
        made.append(cluster.create_archive())
        return made[-1]

    request.addfinalizer(lambda: [cluster.drop_archive(url) for url in made])
    return database


@pytest.fixture(scope="session")
def bound(tmp_path_factory: pytest.TempPathFactory) -> Preexec:
    """The preexec_fn that makes a child obey permission bits (None when we are not root); skips if none."""
    if os.geteuid() != 0:
        return None
    folder = tmp_path_factory.mktemp("probe")
    folder.chmod(0o555)
    try:
        probe = subprocess.run(
            [sys.executable, "-c", f"open({str(folder / 'x')!r}, 'w')"],
            preexec_fn=drop_dac,
            capture_output=True,
        )
    except subprocess.SubprocessError:
        pytest.skip("cannot drop CAP_DAC_OVERRIDE for a child: permission bits cannot be tested as root")
    if probe.returncode == 0:
        pytest.skip("a child without CAP_DAC_OVERRIDE still writes a read-only folder")
    return drop_dac
