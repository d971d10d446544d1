"""`serve`: the UI and JSON API (read-only) on 127.0.0.1 unless told otherwise (see web.server)."""

from __future__ import annotations

import click

from parlarchive.app import Parlarchive
from parlarchive.cliutils import out
from web.server import serve as serve_web


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option(
    "--workers",
    type=click.IntRange(1, 16),
    help="Server processes sharing the port (default: one for a tantivy index, whose searches use every core;"
    " one a core for a Whoosh index, whose searches hold Python's lock).",
)
@click.option(
    "--follow",
    type=click.FloatRange(min=0.1),
    metavar="SECONDS",
    help="Every SECONDS, index what the archive has gained since (a web host of a shared archive).",
)
@click.pass_obj
def serve(app: Parlarchive, host: str, port: int, workers: int | None, follow: float | None) -> None:
    """Serve the search UI and the JSON API (read-only) until interrupted."""
    warn = lambda line: click.echo(f"warning: {line}", err=True)  # noqa: E731
    serve_web(app, host, port, workers=workers, announce=out, follow=follow, warn=warn)


COMMANDS = (serve,)
