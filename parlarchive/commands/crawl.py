"""`crawl [SPIDER]`: one source or all of them, one after another, and the summary line of each."""

from __future__ import annotations

import sys

import click

from crawler.figures import CrawlFigures
from crawler.run import SPIDERS
from parlarchive.app import Parlarchive
from parlarchive.cliutils import echo, interactive, iso_date, lang_list


@click.command()
@click.argument("spider", required=False, type=click.Choice(SPIDERS))
@click.option("--lang", "langs", callback=lang_list, help="Languages to crawl, e.g. kk,ru,en (default all).")
@click.option("--base-url", help="Site root to crawl (live site, mirror or test server).")
@click.option(
    "--max-pages",
    type=click.IntRange(1),
    help="List pages per language to walk at most (newest first; default PARLARCHIVE_MAX_LIST_PAGES, 1000).",
)
@click.option(
    "--since",
    callback=iso_date,
    metavar="YYYY-MM-DD",
    help="Skip list items older than this day; stop paging there.",
)
@click.option(
    "--full", is_flag=True, help="Walk every list page (a repair run), not only up to the stored stories."
)
@click.pass_obj
def crawl(
    app: Parlarchive,
    spider: str | None,
    langs: list[str] | None,
    base_url: str | None,
    max_pages: int | None,
    since: str | None,
    full: bool,
) -> None:
    """Crawl one source (or all, one after another) into the archive; resumable: run again after a stop.

    A daily run fetches what is new: each language stops paging at the list pages whose stories are all
    stored already. A language that yields no story fails the crawl (exit 1) with a `warning:` line.
    """
    if base_url and not spider:
        raise click.BadParameter("--base-url needs a SPIDER (each source has its own site)")
    failed = False
    for name in [spider] if spider else SPIDERS:
        stats = app.crawl(
            name,
            langs=langs,
            base_url=base_url,
            max_pages=max_pages,
            since=since,
            full=full,
            progress=interactive(),
        )
        print_crawl(name, stats)
        failed = failed or stats.failed
    if failed:
        sys.exit(1)


def print_crawl(spider: str, stats: CrawlFigures) -> None:
    """One summary line per source; each broken page as an `error:` line, each warning as a `warning:` line."""
    for err in stats.errors:
        echo(f"error: {err}", err=True)
    for warning in stats.warnings:
        echo(f"warning: {warning}", err=True)
    echo(
        f"{spider}: {stats.pages} pages, {stats.new} new, {stats.updated} updated, {stats.unchanged} unchanged,"
        f" {stats.known} already stored (not fetched), {len(stats.errors)} errors"
        + ("" if stats.indexed is None else f"; {stats.indexed} indexed")
    )
    if stats.failed or stats.errors:
        echo(f"  log: {stats.log}", err=True)


COMMANDS = (crawl,)
