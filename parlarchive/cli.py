"""The `parlarchive` command line: the commands each package owns, composed over one application object.

Every error a user can cause or meet is one line on stderr (`error: …`) with exit status 2 (bad usage or
input) or 1 (the work failed): click's own usage errors, and every `archive.errors.ParlarchiveError`, which
carries its status; standard output that cannot be written (a full disk, /dev/full, closed) is one line and
exit status 1. A traceback means a bug.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from archive.config import Settings
from archive.errors import ArchiveError, ParlarchiveError
from archive.paths import DATA_ENV
from archive.terminal import printable
from parlarchive.app import Parlarchive
from parlarchive.cliutils import ClosedOutput, echo, flush_output, interactive, out, progress
from parlarchive.commands import crawl as crawler_commands
from parlarchive.commands import migrate as migrate_commands
from parlarchive.commands import records as archive_commands
from parlarchive.commands import search as search_commands
from parlarchive.commands import serve as web_commands
from parlarchive.commands import translate as translation_commands
from parlarchive.commands.crawl import print_crawl
from parlarchive.commands.records import untranslated_summary
from parlarchive.commands.search import format_results
from parlarchive.commands.translate import print_translation


def _one_line(message: str) -> str:
    """An error as one line that a terminal shows and never obeys (it may quote a page or a file name)."""
    return printable(" ".join(str(message).split())) or "unknown error"


class ParlarchiveGroup(click.Group):
    """A click group whose every error is one line: usage errors included (click prints four)."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        if sys.stdout is None:  # started with standard output closed: the first write says so
            sys.stdout = ClosedOutput()
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
            flush_output()
        except click.ClickException as exc:
            click.echo(f"error: {_one_line(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("error: interrupted", err=True)
            sys.exit(1)
        except ParlarchiveError as exc:
            click.echo(f"error: {_one_line(exc.line())}", err=True)
            sys.exit(exc.exit_status)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=ParlarchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "data_option",
    type=click.Path(file_okay=False),
    help=f"Data folder (default ./data, or ${DATA_ENV}).",
)
@click.option(
    "--lock-timeout", type=click.FloatRange(0), help="Seconds to wait for a busy search index (default 30)."
)
@click.pass_context
def main(ctx: click.Context, data_option: str | None, lock_timeout: float | None) -> None:
    """Parlarchive: the kk/ru/en news archive of Kazakhstan's Parliament."""
    ctx.obj = Parlarchive(data_option, Settings.from_env(lock_timeout=lock_timeout))


for _command in (
    *archive_commands.COMMANDS,
    *migrate_commands.COMMANDS,
    *search_commands.COMMANDS,
    *crawler_commands.COMMANDS,
    *translation_commands.COMMANDS,
    *web_commands.COMMANDS,
):
    main.add_command(_command)


@main.command()
@click.pass_obj
def check(app: Parlarchive) -> None:
    """Verify the archive (SQLite's integrity check), every WARC file and the search index; a line per
    problem with its fix; exit status 1 if there is any."""
    with progress(app.check_steps(), "checking") as advance:
        problems = app.check(advance)
    for problem in problems:
        echo(problem)
    try:
        others = len(app.untranslated())
    except ArchiveError:  # a missing or damaged archive: said above
        others = 0
    if others:  # the sites' gaps, not the archive's: said, and no failure
        echo(f"note: {untranslated_summary(others)}: `parlarchive dupes` lists them")
    if problems:
        sys.exit(1)
    echo(f"no problems found in {app.data.root}: archive, WARC files and search index are sound")


@main.command()
@click.pass_obj
def demo(app: Parlarchive) -> None:
    """Build the demo archive: serve corpus/ on 127.0.0.1, crawl the three sources, import the saved pages,
    run the translation step, search."""
    from parlarchive.demo import DEMO_PORT, demo_corpus
    from parlarchive.demo.mirror import serve_corpus
    from parlarchive.demo.sitegen import SAVED

    corpus = demo_corpus(app.data.root)
    with serve_corpus(corpus, port=DEMO_PORT) as sites:
        for spider, base_url in sites.items():
            print_crawl(spider, app.crawl(spider, base_url=base_url, progress=interactive()))
    out("(the corpus links a 404, a 500 and an empty page on each site on purpose)")
    done, _indexed = app.import_paths([corpus / SAVED])
    out(f"import {corpus / SAVED}: {done.new} new, {done.unchanged} unchanged (pages saved from a browser)")
    out("translate: ", nl=False)
    print_translation(*app.translate(progress=lambda total: progress(total, "translating")))
    with app.store() as store:
        total, clusters = store.count(), store.duplicate_clusters()
    duplicates = sum(c["count"] for c in clusters)
    out(f"archive: {total} records in {app.data.root} ({duplicates} republished elsewhere: `dupes`)")
    out(format_results(app.search("маслихат", limit=5)))
    out(f"\nthe UI on this archive: parlarchive --data {app.data.root} serve   (http://127.0.0.1:8000/)")


__all__ = ["main"]
