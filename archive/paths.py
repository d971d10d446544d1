"""Where the data lives: one folder holding archive.sqlite3 and every sub-folder the project writes; or,
for an archive shared by several hosts, a PostgreSQL database and a WARC root every host mounts."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from archive.errors import BadUsage

DATA_ENV = "PARLARCHIVE_DATA"  # the one place the data folder's environment variable is named
DEFAULT_DATA = "data"


@dataclass(frozen=True)
class DataDir:
    root: Path
    archive_url: str = ""  # a shared archive's postgresql:// URL (Settings.archive); "" for archive.sqlite3
    warc_root: Path | None = None  # what stored WARC paths are relative to (Settings.warc_root); None: root

    def __post_init__(self) -> None:
        if self.warc_root is None:
            object.__setattr__(self, "warc_root", self.root)

    @property
    def archive(self) -> Path:
        """The embedded archive's SQLite file (what the store opens when no archive_url is set)."""
        return self.root / "archive.sqlite3"

    @property
    def location(self) -> Path | str:
        """What the store opens: the shared archive's URL, else the SQLite file."""
        return self.archive_url or self.archive

    @property
    def has_archive(self) -> bool:
        """Whether there is an archive to read: a shared one is named, or the SQLite file exists."""
        return bool(self.archive_url) or self.archive.exists()

    @property
    def warc(self) -> Path:
        """WARC captures written by the crawler: under the WARC root, which every host mounts."""
        return self.warc_root / "warc"  # type: ignore[operator]  # set by __post_init__

    @property
    def index(self) -> Path:
        """The search index."""
        return self.root / "index"

    @property
    def models(self) -> Path:
        """Installed translation models."""
        return self.root / "models"

    @property
    def jobs(self) -> Path:
        """Scrapy JOBDIRs, one per spider, so that an interrupted crawl resumes."""
        return self.root / "jobs"

    @property
    def logs(self) -> Path:
        """Scrapy's log of each spider, appended to by every run."""
        return self.root / "logs"

    def log(self, spider: str) -> Path:
        return self.logs / f"{spider}.log"


def data_dir(option: str | os.PathLike | None = None, *, archive: str = "", warc_root: str = "") -> DataDir:
    """`--data DIR`, else $PARLARCHIVE_DATA, else ./data: the only place the data folder is resolved; with
    the settings `archive` (a postgresql:// URL) and `warc_root` (a folder) when they are set."""
    root = Path(option or os.environ.get(DATA_ENV) or DEFAULT_DATA).expanduser().resolve()
    if root.exists() and not root.is_dir():  # a file, /dev/null: nothing can be kept in it
        raise BadUsage(f"the data folder {root} is not a folder: name a folder with --data or ${DATA_ENV}")
    captures = Path(warc_root).expanduser().resolve() if warc_root else None
    return DataDir(root, archive, captures)
