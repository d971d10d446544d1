"""What the commands share: terminal-safe output (text and JSON), option parsing, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import click

from archive.languages import LANGS
from archive.sources import SOURCE_NAMES
from archive.terminal import json_printable, printable
from search.service import SORTS


def interactive() -> bool:
    """True when a person watches stderr (progress bars are drawn only then)."""
    return sys.stderr.isatty()


def echo(text: str = "", *, err: bool = False) -> None:
    """A line for a terminal: page and file text in it is shown, never obeyed (control characters escaped)."""
    click.echo(printable(text), err=err)


def echo_json(obj: object) -> None:
    """JSON on stdout: valid UTF-8 always, and safe on a terminal (control characters escaped as \\uXXXX)."""
    click.echo(json_printable(json.dumps(obj, ensure_ascii=False, indent=2)))


def iso_date(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def lang_list(_ctx: click.Context, _param: click.Parameter, value: str | None) -> list[str] | None:
    """`kk,ru` -> ["kk", "ru"]; an unknown code is a usage error."""
    if not value:
        return None
    langs = [v.strip() for v in value.split(",") if v.strip()]
    bad = [v for v in langs if v not in LANGS]
    if bad:
        raise click.BadParameter(f"unknown language {', '.join(bad)} (use {', '.join(LANGS)})")
    return langs


def search_filters(f: Callable[..., Any]) -> Callable[..., Any]:
    """The filter options shared by `search` and `export`."""
    options = [
        click.option("--lang", type=click.Choice(LANGS), help="Only records in this language."),
        click.option("--source", help=f"Only records from this source ({', '.join(SOURCE_NAMES)}, file …)."),
        click.option(
            "--from", "date_from", callback=iso_date, metavar="YYYY-MM-DD", help="Dated on or after."
        ),
        click.option("--to", "date_to", callback=iso_date, metavar="YYYY-MM-DD", help="Dated on or before."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def search_order(f: Callable[..., Any]) -> Callable[..., Any]:
    """The order and grouping options shared by `search` and `export` (an export is the search's hits)."""
    options = [
        click.option(
            "--sort",
            type=click.Choice(SORTS),
            help="Best first (relevance) or newest first (date); default: relevance for a query, date for *.",
        ),
        click.option(
            "--versions",
            is_flag=True,
            help="A hit per language version (default: a hit per story, its versions and reposts collapsed).",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@contextmanager
def progress(total: int | None, what: str) -> Iterator[Callable[..., None]]:
    """A progress bar on a terminal for long work (call the yielded function per item); nothing when piped.
    `total` None: a bar that counts without an end."""
    if not interactive() or (total is not None and total < 2):
        yield lambda *_: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # on stderr, the terminal it checked: stdout may be the work itself (an export)
    with Progress(*columns, transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task(what, total=total)
        yield lambda *_: bar.advance(task)
