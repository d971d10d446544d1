"""The `parlarchive` command line: a thin click layer over the archive, the crawler and the search index.

Crawler and search are imported inside the commands that need them, so `archive` imports neither.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from archive.errors import BadInput
from archive.paths import DataDir, data_dir
from archive.store import Store

DEMO_PORT = 8101
EXPORT_FIELDS = ("id", "url", "source", "lang", "title", "date", "text", "duplicate_of", "versions")


class UserError(click.ClickException):
    """Bad usage or bad input: one line on stderr, exit status 2, no traceback."""

    exit_code = 2

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(f"error: {self.format_message()}", err=True)


def _echo_json(obj: object) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def _iso_date(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def _langs(_ctx: click.Context, _param: click.Parameter, value: str | None) -> list[str] | None:
    if not value:
        return None
    langs = [v.strip() for v in value.split(",") if v.strip()]
    bad = [v for v in langs if v not in ("kk", "ru", "en")]
    if bad:
        raise click.BadParameter(f"unknown language {', '.join(bad)} (use kk, ru, en)")
    return langs


@contextmanager
def _store(data: DataDir) -> Iterator[Store]:
    store = Store(data.archive)
    try:
        yield store
    finally:
        store.close()


def _interactive() -> bool:
    return sys.stderr.isatty()


def search_filters(f):  # noqa: ANN001, ANN201 - a decorator
    """The filter options shared by `search` and `export`."""
    for option in reversed(
        [
            click.option(
                "--lang", type=click.Choice(["kk", "ru", "en"]), help="Only records in this language."
            ),
            click.option("--source", help="Only records from this source (senate, mazhilis, institute, …)."),
            click.option(
                "--from", "date_from", callback=_iso_date, metavar="YYYY-MM-DD", help="Dated on or after."
            ),
            click.option(
                "--to", "date_to", callback=_iso_date, metavar="YYYY-MM-DD", help="Dated on or before."
            ),
        ]
    ):
        f = option(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "data_option",
    type=click.Path(file_okay=False),
    envvar="PARLARCHIVE_DATA",
    help="Data folder (default ./data, or $PARLARCHIVE_DATA).",
)
@click.pass_context
def main(ctx: click.Context, data_option: str | None) -> None:
    """Parlarchive: the kk/ru/en news archive of Kazakhstan's Parliament."""
    ctx.obj = data_dir(data_option)


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--source", help="Source name for these records (default: from the page's URL, else 'file').")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def import_cmd(data: DataDir, paths: tuple[str, ...], source: str | None, as_json: bool) -> None:
    """Import .html/.htm/.txt/.warc/.warc.gz files and folders; then index what changed."""
    from archive.importer import ImportReport, find_files, import_paths

    report = ImportReport()
    files = find_files(paths, report)
    with _store(data) as store, _progress(len(files), "importing") as advance:
        done = import_paths(store, paths, source=source, warc_root=data.root, on_file=advance, files=files)
    done.failed[:0] = report.failed
    indexed = _update_index(data)
    for path, reason in done.failed:
        click.echo(f"error: {path}: {reason}", err=True)
    if as_json:
        _echo_json({**done.as_json(), "indexed": indexed})
    else:
        click.echo(
            f"{done.new} new, {done.updated} updated, {done.unchanged} unchanged "
            f"({done.duplicates} duplicates), {len(done.failed)} failed; {indexed} indexed"
        )
    if done.failed:
        sys.exit(2)


@contextmanager
def _progress(total: int, what: str) -> Iterator:
    """A progress bar on a terminal for long work; nothing when output is piped."""
    if not _interactive() or total < 2:
        yield lambda _item=None: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda _item=None: bar.advance(task)


def _update_index(data: DataDir) -> int:
    from search.service import IndexBusy, update_index

    try:
        return update_index(data, progress=_interactive())
    except IndexBusy as exc:
        raise UserError(f"{exc}; the archive is saved, run `parlarchive index` later") from None


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--source", help="Apply this source's extraction rules.")
def extract(file: str, as_json: bool, source: str | None) -> None:
    """Print what the archive would store for one page, without storing it."""
    from archive.importer import extract_file

    try:
        doc = extract_file(Path(file), source)
    except BadInput as exc:
        raise UserError(f"{file}: {exc}") from None
    if as_json:
        _echo_json(doc.as_json())
        return
    click.echo(f"title: {doc.title}\ndate:  {doc.date}\nlang:  {doc.lang}\nurl:   {doc.url}")
    for lang, url in sorted(doc.alternates.items()):
        click.echo(f"  {lang}: {url}")
    click.echo(f"\n{doc.text}")


@main.command()
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show(data: DataDir, record_id: str, as_json: bool) -> None:
    """Print one whole record: text, provenance, duplicates, versions, translations."""
    with _store(data) as store:
        rec = store.get(record_id)
    if rec is None:
        raise UserError(f"no record with id {record_id!r}")
    if as_json:
        _echo_json(rec)
        return
    click.echo(
        f"{rec['title']}\n{rec['date'] or 'date unknown'} · {rec['lang']} · {rec['source']}\n{rec['url']}"
    )
    if rec["duplicate_of"]:
        click.echo(f"duplicate of {rec['duplicate_of']}")
    if rec["versions"]:
        click.echo("versions: " + ", ".join(f"{k} {v}" for k, v in sorted(rec["versions"].items())))
    click.echo(f"\n{rec['text']}\n")
    for cap in rec["captures"]:
        where = f" ({cap['warc_path']} @ {cap['warc_offset']})" if cap["warc_path"] else ""
        click.echo(f"captured {cap['fetched_at']} sha256 {cap['sha256'][:16]}…{where}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def dupes(data: DataDir, as_json: bool) -> None:
    """List the clusters of duplicate records (the first seen is canonical)."""
    with _store(data) as store:
        clusters = store.duplicate_clusters()
    if as_json:
        _echo_json(clusters)
        return
    for cl in clusters:
        canon, *rest = cl["members"]
        click.echo(f"{canon['id']}  {canon['title']}  ({cl['count']} duplicate{'s' * (cl['count'] != 1)})")
        for m in rest:
            click.echo(f"    {m['id']}  {m['url']}")
    click.echo(f"{len(clusters)} clusters, {sum(c['count'] for c in clusters)} duplicates")


@main.command()
@click.argument("query")
@search_filters
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000), help="Hits to show.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def search(data: DataDir, query: str, as_json: bool, **opts: object) -> None:
    """Full-text search: words, "phrases", AND/OR/NOT, title:word, wild*cards."""
    from search.service import format_results

    result = _run_search(data, query, **opts)
    if as_json:
        _echo_json(result)
    else:
        click.echo(format_results(result))


def _run_search(data: DataDir, query: str, **opts: object) -> dict:
    from search.service import QueryError, run_search

    try:
        return run_search(data, query, **opts)
    except QueryError as exc:
        raise UserError(f"cannot parse query: {exc}") from None


@main.command()
@click.option("--rebuild", is_flag=True, help="Rebuild the whole index from the archive.")
@click.pass_obj
def index(data: DataDir, rebuild: bool) -> None:
    """Bring the search index up to date with the archive (incremental unless --rebuild)."""
    from search.service import IndexBusy, rebuild_index, update_index

    try:
        count = (rebuild_index if rebuild else update_index)(data, progress=_interactive())
    except IndexBusy as exc:
        raise UserError(str(exc)) from None
    click.echo(f"{count} documents indexed")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), required=True)
@click.option("--query", help="Export only the records matching this search (default: all).")
@search_filters
@click.option(
    "--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="File (default stdout)."
)
@click.pass_obj
def export(data: DataDir, fmt: str, query: str | None, output, **filters: object) -> None:  # noqa: ANN001
    """Export records, one per line (JSONL) or row (CSV)."""
    with _store(data) as store:
        records = _export_records(data, store, query, filters)
        if fmt == "jsonl":
            for rec in records:
                output.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(output, fieldnames=EXPORT_FIELDS)
            writer.writeheader()
            for rec in records:
                writer.writerow({**rec, "versions": json.dumps(rec["versions"], ensure_ascii=False)})


def _export_records(data: DataDir, store: Store, query: str | None, filters: dict) -> Iterator[dict]:
    if query is None and not any(filters.values()):
        docs: Iterator[dict] = store.documents()
    else:
        result = _run_search(data, query or "*", limit=None, **filters)
        docs = (store.get(hit["id"]) for hit in result["hits"])
    for doc in docs:
        yield {k: doc[k] for k in EXPORT_FIELDS}


@main.command()
@click.argument("spider", type=click.Choice(["senate", "mazhilis", "institute"]))
@click.option("--lang", "langs", callback=_langs, help="Languages to crawl, e.g. kk,ru,en (default all).")
@click.option("--base-url", help="Site root to crawl (live site, mirror or test server).")
@click.option("--max-pages", type=click.IntRange(1), help="List pages per language to walk (newest first).")
@click.pass_obj
def crawl(
    data: DataDir, spider: str, langs: list[str] | None, base_url: str | None, max_pages: int | None
) -> None:
    """Crawl one source into the archive (resumable: run again after an interruption)."""
    from crawler.run import crawl as run_crawl

    stats = run_crawl(
        data, spider, langs=langs, base_url=base_url, max_pages=max_pages, progress=_interactive()
    )
    indexed = _update_index(data)
    _print_crawl(spider, stats, indexed)
    if stats.get("failed"):
        sys.exit(1)


def _print_crawl(spider: str, stats: dict, indexed: int | None) -> None:
    for err in stats.get("errors", []):
        click.echo(f"error: {err}", err=True)
    click.echo(
        f"{spider}: {stats.get('pages', 0)} pages, {stats.get('new', 0)} new, {stats.get('updated', 0)} updated, "
        f"{stats.get('unchanged', 0)} unchanged, {stats.get('known', 0)} already stored (not fetched), "
        f"{len(stats.get('errors', []))} errors" + ("" if indexed is None else f"; {indexed} indexed")
    )
    if stats.get("failed") or stats.get("errors"):
        click.echo(f"  log: {stats.get('log')}", err=True)


@main.command()
@click.pass_obj
def demo(data: DataDir) -> None:
    """Build the demo archive: serve corpus/ on 127.0.0.1, crawl the three sources, index, search."""
    from crawler.mirror import serve_corpus
    from crawler.run import crawl as run_crawl

    # A fixed port: the stored URLs stay the same from one demo run to the next (no re-crawl under new URLs).
    with serve_corpus(port=DEMO_PORT) as sites:
        for spider, base_url in sites.items():
            stats = run_crawl(data, spider, base_url=base_url, progress=_interactive())
            _print_crawl(spider, stats, None)
    click.echo("(the corpus links a 404, a 500 and an empty page on each site on purpose)")
    indexed = _update_index(data)
    with _store(data) as store:
        total = store.count()
    click.echo(f"archive: {total} records in {data.root}; {indexed} indexed")
    from search.service import format_results

    click.echo(format_results(_run_search(data, "маслихат", limit=5)))
