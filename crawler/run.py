"""Running one crawl: `scrapy crawl` in a child process, with a JOBDIR under the data folder.

The child process is what makes a crawl killable and restartable (Twisted's reactor cannot restart in
one process). Resuming is safe after any interruption:

- a graceful stop (Ctrl-C once) leaves Scrapy's JOBDIR queue, which the next run continues;
- a kill (SIGKILL, power loss) leaves a `RUNNING` marker whose process is gone: the next run drops the
  possibly half-written queue, cuts any half-written record off the end of the WARC files, and walks the
  lists again. What is stored is known from the archive (each story is saved in one transaction), so
  nothing is fetched twice into two records and nothing is lost;
- a finished crawl removes its JOBDIR, so the next crawl starts from the lists again.

One crawl of a spider at a time per data folder: the run holds a lock (`jobs/{spider}.lock`) for its whole
length, and a second run ends at once with `CrawlBusy`. After the run, its walks are judged against the
last runs (`crawler.history`): a language that yields no story fails the crawl, a yield far below the last
is a warning.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archive.config import Settings
from archive.errors import BadUsage
from archive.languages import LANGS
from archive.paths import DataDir
from archive.processes import alive, identity
from archive.sources import SOURCE_NAMES
from crawler import history
from crawler.figures import CrawlFigures

SPIDERS = SOURCE_NAMES  # one spider per source
_FINISHED = ("finished", "closespider_pagecount")  # Scrapy's reasons of a crawl that ran to its end
_QUEUE_FILES = ("requests.queue", "requests.seen", "spider.state")


class CrawlBusy(BadUsage):
    """Another crawl of the same spider is running on this data folder (try again when it ends: status 2)."""


@contextmanager
def spider_lock(data: DataDir, spider: str) -> Iterator[None]:
    """Hold the spider's crawl lock on this data folder, or raise CrawlBusy (the lock dies with its holder)."""
    data.jobs.mkdir(parents=True, exist_ok=True)
    with (data.jobs / f"{spider}.lock").open("a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CrawlBusy(
                f"a {spider} crawl is already running on {data.root}; try again when it ends"
            ) from None
        yield


def prepare_jobdir(data: DataDir, spider: str) -> tuple[Path, bool]:
    """The spider's JOBDIR, made ready; True when a killed run was cleaned up first."""
    jobdir = data.jobs / spider
    marker = jobdir / "RUNNING"
    recovered = False
    if marker.exists():
        owner = marker.read_text()
        if alive(owner):
            raise CrawlBusy(f"a {spider} crawl (pid {owner.split()[0]}) is already running on {data.root}")
        for name in _QUEUE_FILES:
            target = jobdir / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        marker.unlink()
        recovered = True
    if recovered and data.warc.exists():
        from crawler.warc import repair_tail, written_here

        for warc in sorted(data.warc.glob(f"{spider}-*.warc.gz")):
            if written_here(warc, spider):
                repair_tail(warc)
    jobdir.mkdir(parents=True, exist_ok=True)
    return jobdir, recovered


def crawl_command(
    data: DataDir,
    spider: str,
    *,
    langs: list[str] | None = None,
    base_url: str | None = None,
    max_pages: int | None = None,
    progress: bool = True,
    jobdir: Path | None = None,
    report: Path | None = None,
    scrapy_settings: dict[str, str] | None = None,
    args: dict[str, str] | None = None,
) -> list[str]:
    """The `python -m scrapy crawl …` command line of one crawl (its tunables travel in its environment:
    `crawl_environment`)."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in (args or {}).items():
        cmd += ["-a", f"{key}={value}"]
    if langs:
        cmd += ["-a", "lang=" + ",".join(langs)]
    if base_url:
        cmd += ["-a", f"base_url={base_url}"]
    if max_pages:
        cmd += ["-a", f"max_pages={max_pages}"]
    # Scrapy's own log goes to a file: the terminal shows the progress line and the summary of errors.
    opts = {"PARLARCHIVE_DATA": str(data.root), "PARLARCHIVE_ARCHIVE": data.archive_url,
            "PARLARCHIVE_WARC_ROOT": str(data.warc_root), "PARLARCHIVE_PROGRESS": "1" if progress else "0",
            "LOG_LEVEL": "INFO", "LOG_FILE": str(log_path(data, spider))}  # fmt: skip
    if jobdir:
        opts["JOBDIR"] = str(jobdir)
    if report:
        opts["PARLARCHIVE_REPORT"] = str(report)
    opts.update(scrapy_settings or {})
    for key, value in opts.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


def crawl_environment(settings: Settings | None) -> dict[str, str]:
    """The environment of a crawl's child: this one, the Scrapy project, and the crawl's Settings field by
    field (without them, the child reads the user's environment as a plain `scrapy crawl` does)."""
    return {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "crawler.settings",
        **(settings.as_env() if settings else {}),
    }


def log_path(data: DataDir, spider: str) -> Path:
    """The crawl log of one spider, appended to by every run."""
    data.logs.mkdir(parents=True, exist_ok=True)
    return data.log(spider)


def crawl(
    data: DataDir,
    spider: str,
    *,
    langs: list[str] | None = None,
    base_url: str | None = None,
    max_pages: int | None = None,
    since: str | None = None,
    full: bool = False,
    progress: bool = True,
    settings: Settings | None = None,
    scrapy_settings: dict[str, str] | None = None,
    args: dict[str, str] | None = None,
) -> CrawlFigures:
    """Crawl one source into the archive of `data`; returns the run's figures (crawler.figures).

    `max_pages`: list pages per language (default `settings.max_list_pages`); `since`: ISO date,
    list items older are skipped; `full`: walk every list page (else a language whose list the archive holds
    whole stops after `settings.known_list_pages` pages of stored stories).
    Broken pages are listed in `errors`; `failed` means the crawl did not finish, or a language yielded no
    story. `settings`: the crawl's tunables (None: the environment's); `scrapy_settings`: extra Scrapy
    settings; `args`: extra spider arguments (e.g. {"api": "1"}).
    Raises CrawlBusy when a crawl of this spider runs on `data` already.
    """
    if spider not in SPIDERS:
        raise ValueError(f"unknown spider {spider!r} (one of {', '.join(SPIDERS)})")
    data.root.mkdir(parents=True, exist_ok=True)
    with spider_lock(data, spider):
        jobdir, recovered = prepare_jobdir(data, spider)
        past = history.load(data, spider)
        args = dict(args or {})
        if since:
            args["since"] = since
        walk_all = history.walk_all(past, langs or list(LANGS), full=full or recovered)
        if walk_all:
            args["walk_all"] = ",".join(walk_all)
        figures = _run(data, spider, jobdir, recovered, settings, langs=langs, base_url=base_url,
                       max_pages=max_pages, progress=progress, scrapy_settings=scrapy_settings, args=args)  # fmt: skip
        if figures.finish_reason in _FINISHED:
            warnings, figures.empty = history.judge(spider, figures.langs, past)
            figures.warnings += warnings
            figures.failed = figures.failed or bool(figures.empty)
        if figures.langs:
            history.save(data, spider, history.update(past, figures.langs, recovered=recovered))
    return figures


def _run(
    data: DataDir,
    spider: str,
    jobdir: Path,
    recovered: bool,
    settings: Settings | None,
    **options: object,
) -> CrawlFigures:
    """One `scrapy crawl` child; its report's figures."""
    report = jobdir / "report.json"
    report.unlink(missing_ok=True)
    cmd = crawl_command(data, spider, jobdir=jobdir, report=report, **options)  # type: ignore[arg-type]
    env = crawl_environment(settings)
    child = subprocess.Popen(cmd, env=env, cwd=str(data.root), stdin=subprocess.DEVNULL)
    marker = jobdir / "RUNNING"
    marker.write_text(identity(child.pid) + "\n")  # pid and start time: a reused pid is not the crawl
    try:
        returncode = child.wait()
    except KeyboardInterrupt:
        child.send_signal(signal.SIGINT)  # Scrapy stops gracefully and keeps its JOBDIR queue
        returncode = child.wait()
    figures = (
        CrawlFigures.from_json(json.loads(report.read_text())) if report.exists() else CrawlFigures(spider)
    )
    figures.returncode = returncode
    figures.log = str(log_path(data, spider))
    figures.recovered = recovered
    figures.failed = returncode != 0 or figures.finish_reason not in _FINISHED
    if returncode < 0 or not report.exists():
        return figures  # killed: the marker stays, and the next run recovers
    marker.unlink(missing_ok=True)
    if figures.finish_reason == "finished":
        shutil.rmtree(jobdir, ignore_errors=True)
    return figures
