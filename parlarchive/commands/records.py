"""The records' commands: import, extract, show, dupes, export, reextract.

Each parses its options, calls the application object (click's `ctx.obj`, built by the `parlarchive`
command line, which keeps the archive and the search index consistent) and prints, nothing more.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from archive.errors import NotFound
from archive.export import FORMATS, export_lines
from archive.versions import untranslated
from parlarchive.app import Parlarchive
from parlarchive.cliutils import echo, echo_json, progress, search_filters, search_order, write_output
from parlarchive.demo import deliberate_failures
from translation.run import describe_translation


@click.command("import")
# readable=False: an unreadable path is the import's to report (one line), not a usage error aborting the batch
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--source", help="Source name for these records (default: from the page's URL, else 'file').")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def import_cmd(app: Parlarchive, paths: tuple[str, ...], source: str | None, as_json: bool) -> None:
    """Import .html/.htm/.txt/.warc/.warc.gz files and folders; then index what changed."""
    files, report = app.find_files(paths)
    with progress(len(files), "importing") as advance:
        done, indexed = app.import_files(files, report=report, source=source, on_file=advance)
    deliberate, done.failed = deliberate_failures(done.failed)
    for path, reason in deliberate:
        echo(f"note: {path}: {reason} (the demo corpus breaks this page on purpose)", err=True)
    for path, reason in done.failed:
        echo(f"error: {path}: {reason}", err=True)
    if as_json:
        echo_json(
            {
                **done.as_json(),
                "deliberate": [{"path": p, "reason": r} for p, r in deliberate],
                "indexed": indexed,
            }
        )
    else:
        on_purpose = f" (and {len(deliberate)} of the demo's pages broken on purpose)" if deliberate else ""
        echo(
            f"{done.new} new, {done.updated} updated, {done.unchanged} unchanged "
            f"({done.duplicates} duplicates), {len(done.failed)} failed{on_purpose}; {indexed} indexed"
        )
    if done.failed:
        sys.exit(2)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--source", help="Apply this source's extraction rules.")
@click.pass_obj
def extract(app: Parlarchive, file: str, as_json: bool, source: str | None) -> None:
    """Print what the archive would store for one page, without storing it."""
    doc = app.extract(Path(file), source)
    if as_json:
        echo_json(doc.as_json())
        return
    echo(f"title: {doc.title}\ndate:  {doc.date}\nlang:  {doc.lang}\nurl:   {doc.url}")
    for lang, url in sorted(doc.alternates.items()):
        echo(f"  {lang}: {url}")
    echo(f"\n{doc.text}")


@click.command()
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show(app: Parlarchive, record_id: str, as_json: bool) -> None:
    """Print one whole record: text, provenance, duplicates, versions, translations."""
    rec = app.get(record_id)
    if rec is None:
        raise NotFound(f"no record with id {record_id!r}")
    if as_json:
        echo_json(rec)
        return
    echo(f"{rec['title']}\n{rec['date'] or 'date unknown'} · {language(rec)} · {rec['source']}\n{rec['url']}")
    if rec["duplicate_of"]:
        echo(f"duplicate of {rec['duplicate_of']}")
    if rec["versions"]:
        echo("versions: " + ", ".join(f"{k} {v}" for k, v in sorted(rec["versions"].items())))
    echo(f"\n{rec['text']}\n")
    for cap in rec["captures"]:
        where = f" ({cap['warc_path']} @ {cap['warc_offset']})" if cap["warc_path"] else ""
        echo(f"captured {cap['fetched_at']} sha256 {cap['sha256'][:16]}…{where}")
    for lang, translation in sorted(rec["translations"].items()):
        echo(describe_translation(lang, translation))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def dupes(app: Parlarchive, as_json: bool) -> None:
    """List the clusters of duplicate records (the first seen is canonical)."""
    with progress(None, "reading clusters") as advance:
        clusters = app.duplicate_clusters(advance)
    if as_json:
        echo_json(clusters)
        return
    for cl in clusters:
        canon, *rest = cl["members"]
        echo(f"{canon['id']}  {canon['title']}  ({cl['count']} duplicate{'s' * (cl['count'] != 1)})")
        for m in rest:
            echo(f"    {m['id']}  {m['url']}")
    echo(f"{len(clusters)} clusters, {sum(c['count'] for c in clusters)} duplicates")
    others = app.untranslated()
    if others:
        echo(untranslated_summary(len(others)) + ":")
        for rec in others:
            echo(f"    {rec['id']}  {rec['lang']}, text in {rec['text_lang']}  {rec['url']}")


def untranslated_summary(count: int) -> str:
    """ "2 versions hold the text of another language (…)": the line `dupes` and `check` print."""
    verb = "holds" if count == 1 else "hold"
    return f"{count} version{'s' * (count != 1)} {verb} the text of another language (no translation on the site)"


def language(rec: dict) -> str:
    """A record's version language, and the language its text is in where that is another one."""
    lang, text_lang = rec.get("lang"), rec.get("text_lang")
    return f"{lang} (text in {text_lang})" if untranslated(lang, text_lang) else str(lang)


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--query", help="Export only the records matching this search (default: every story).")
@search_filters
@search_order
@click.option(
    "--bom/--no-bom", default=True, show_default=True, help="CSV: begin with a UTF-8 byte-order mark."
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout)."
)
@click.pass_obj
def export(
    app: Parlarchive,
    fmt: str,
    query: str | None,
    output: Path | None,
    bom: bool,
    versions: bool,
    **filters: object,
) -> None:
    """Export the hits of a search, in its order, one per line (JSONL) or row (CSV): exactly the hits
    `search` gives for the same query and options, each the whole record it shows."""
    problem = app.ready_index()
    if problem:
        echo(f"warning: {problem}", err=True)
    with progress(None, "exporting") as advance:
        records = app.export_records(query, group="version" if versions else "story", **filters)
        chunks = export_lines(_each(records, advance), fmt, bom=bom)
        write_output(output, chunks)


def _each(records: Iterator[dict], advance: Callable[[], None]) -> Iterator[dict]:
    for rec in records:
        yield rec
        advance()


@click.command()
@click.option("--host", help="Only the records of this site (its host name, as in their URLs).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def reextract(app: Parlarchive, host: str | None, as_json: bool) -> None:
    """Extract stored records again from their captures, with each site's learned template; then index."""
    done, indexed = app.reextract(host, progress=lambda total: progress(total, "re-extracting"))
    for rid, reason in done.failed:
        echo(f"error: {rid}: {reason}", err=True)
    if as_json:
        echo_json({**done.as_json(), "indexed": indexed})
    else:
        echo(
            f"{done.updated} updated, {done.unchanged} unchanged, {len(done.failed)} failed; {indexed} indexed"
        )
    if done.failed:
        sys.exit(1)


COMMANDS = (import_cmd, extract, show, dupes, export, reextract)
