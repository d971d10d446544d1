"""The web's command: `serve`, the UI and JSON API through waitress (a production WSGI server)."""

from __future__ import annotations

import click

from archive.cliutils import UserError
from web import create_app
from web.archive_app import ArchiveApp

THREADS = 8  # waitress's worker threads: searches release the GIL in numpy and SQLite, 2 cores serve 8 well


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.pass_obj
def serve(app: ArchiveApp, host: str, port: int) -> None:
    """Serve the search UI and the JSON API (read-only) until interrupted."""
    from waitress import create_server

    if not app.data.archive.exists():
        raise UserError(
            f"no archive in {app.data.root}: run `parlarchive import PATH` or `parlarchive demo` first"
        )
    try:
        server = create_server(create_app(app), host=host, port=port, threads=THREADS, ident="parlarchive")
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    click.echo(f"serving {app.data.root} on http://{host}:{server.effective_port}/ (Ctrl-C stops)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


COMMANDS = (serve,)
