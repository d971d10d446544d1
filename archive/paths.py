"""Where the data lives: one folder holding archive.sqlite3, warc/, index/ and models/."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def archive(self) -> Path:
        return self.root / "archive.sqlite3"

    @property
    def warc(self) -> Path:
        return self.root / "warc"

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def models(self) -> Path:
        return self.root / "models"

    @property
    def jobs(self) -> Path:
        """Scrapy JOBDIRs, one per spider, so that an interrupted crawl resumes."""
        return self.root / "jobs"


def data_dir(option: str | os.PathLike | None = None) -> DataDir:
    """`--data DIR`, else $PARLARCHIVE_DATA, else ./data."""
    root = option or os.environ.get("PARLARCHIVE_DATA") or "data"
    return DataDir(Path(root).expanduser().resolve())
