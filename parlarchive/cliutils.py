"""What the commands share: terminal-safe output (text and JSON), option parsing, progress bars."""

from __future__ import annotations

import errno
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from archive.errors import BadUsage, ParlarchiveError
from archive.export import write_whole
from archive.languages import LANGS, parse_langs
from archive.normalize.dates import iso_day
from archive.sources import SOURCE_NAMES
from archive.terminal import json_printable, printable
from search.service import SORTS


def interactive() -> bool:
    """True when a person watches stderr (progress bars are drawn only then)."""
    return sys.stderr.isatty()


class OutputFailed(ParlarchiveError):
    """Standard output cannot be written (a full disk, /dev/full, a closed descriptor): the work's output is
    lost, so the command failed."""


class ClosedOutput(io.TextIOBase):
    """Standard output when the program started without one (`>&-`): a write fails as a write to fd 1 would,
    instead of vanishing (Python leaves sys.stdout None, and click then writes nothing, exit status 0)."""

    encoding, errors = "utf-8", "strict"

    def writable(self) -> bool:
        return True

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        raise OSError(errno.EBADF, "standard output is closed")


def _lost(exc: OSError) -> OutputFailed:
    sys.stdout = None  # what it still holds is lost: nothing more is tried, not even at exit
    return OutputFailed(f"cannot write the output: {exc.strerror or exc}")


def out(text: str, *, nl: bool = True) -> None:
    """Text on standard output, the one way to it: a write that fails is OutputFailed (exit status 1)."""
    try:
        click.echo(text, nl=nl)
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise  # a reader that has had enough (`| head`): click ends quietly, exit status 1
        raise _lost(exc) from None


def flush_output() -> None:
    """What standard output still buffers, written (at the end of a command); OutputFailed if it cannot be."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as exc:
        raise _lost(exc) from None


def write_output(output: Path | None, chunks: Iterable[str]) -> None:
    """A command's output (`-o FILE`, or standard output for none or `-`). A file is written whole or not at
    all: aside as FILE.partial (a killed run's is overwritten by the next), renamed over FILE once complete;
    a failure (a full disk) is one line, FILE left as it was and no FILE.partial behind."""
    if output is None or str(output) == "-":
        for chunk in chunks:
            out(chunk, nl=False)
        return
    try:
        write_whole(output, chunks)
    except OSError as exc:
        raise ParlarchiveError(f"cannot write {output}: {exc.strerror or exc}") from None


def echo(text: str = "", *, err: bool = False) -> None:
    """A line for a terminal: page and file text in it is shown, never obeyed (control characters escaped)."""
    if err:
        click.echo(printable(text), err=True)
    else:
        out(printable(text))


def echo_json(obj: object) -> None:
    """JSON on stdout: valid UTF-8 always, and safe on a terminal (control characters escaped as \\uXXXX)."""
    out(json_printable(json.dumps(obj, ensure_ascii=False, indent=2)))


def iso_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """YYYY-MM-DD, checked; anything else is a usage error."""
    if value is None:
        return None
    try:
        return iso_day(value)
    except BadUsage as exc:
        raise click.BadParameter(str(exc)) from None


def lang_list(_ctx: click.Context, _param: click.Parameter, value: str | None) -> list[str] | None:
    """`kk,ru` -> ["kk", "ru"]; an unknown code is a usage error."""
    if not value:
        return None
    try:
        return parse_langs(value)
    except BadUsage as exc:
        raise click.BadParameter(str(exc)) from None


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
