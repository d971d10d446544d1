"""Where the data lives: one folder holding archive.sqlite3 and every sub-folder the project writes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_ENV = "PARLARCHIVE_DATA"  # the one place the data folder's environment variable is named
DEFAULT_DATA = "data"


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def archive(self) -> Path:
        return self.root / "archive.sqlite3"

    @property
    def warc(self) -> Path:
        """WARC captures written by the crawler."""
        return self.root / "warc"

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


def data_dir(option: str | os.PathLike | None = None) -> DataDir:
    """`--data DIR`, else $PARLARCHIVE_DATA, else ./data: the only place the data folder is resolved."""
    root = option or os.environ.get(DATA_ENV) or DEFAULT_DATA
    return DataDir(Path(root).expanduser().resolve())
