"""`models install|list`, `translate`, `tm export|lookup|glossary`: machine translation and the translation memory.

argostranslate is imported only when `translate` has something to translate.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import click

from archive.languages import LANGS
from parlarchive.app import Parlarchive
from parlarchive.cliutils import echo, echo_json, progress, search_filters, write_output
from translation.glossary import FORMATS as GLOSSARY_FORMATS
from translation.memory import FORMATS, MIN_SCORE, SEGTYPES
from translation.run import RunReport


@click.group()
def models() -> None:
    """Install and list offline translation models."""


@models.command("install")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def models_install(app: Parlarchive, file: Path) -> None:
    """Install a FILE.argosmodel into the data folder (nothing is downloaded)."""
    model, replaced = app.install_model(file)
    echo(f"installed {model.name} ({model.src}→{model.dst}, version {model.version}, {model.engine})")
    for old in replaced:
        echo(f"replaced {old.name} (version {old.version})")


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def models_list(app: Parlarchive, as_json: bool) -> None:
    """List the installed models and the pairs they cover."""
    found = app.models()
    if as_json:
        echo_json([m.as_json() for m in found])
        return
    for m in found:
        echo(f"{m.src}→{m.dst}  {m.name}  version {m.version}  ({m.engine}, splitter {m.splitter})")
    echo(f"{len(found)} model{'s' * (len(found) != 1)} installed")


@click.command()
@click.option(
    "--to", "targets", type=click.Choice(LANGS), multiple=True, help="Only into this language (repeatable)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def translate(app: Parlarchive, targets: tuple[str, ...], as_json: bool) -> None:
    """Machine-translate each story into the languages it has no version in; then index."""
    report, indexed = app.translate(targets or LANGS, progress=lambda total: progress(total, "translating"))
    for line in report.errors:
        echo(f"error: {line}", err=True)
    if as_json:
        echo_json({**report.as_json(), "indexed": indexed})
        return
    print_translation(report, indexed)


def print_translation(report: RunReport, indexed: int) -> None:
    """The translation run's summary: counts, what had no model, the speed."""
    echo(
        f"{report.translated} translated, {report.unchanged} unchanged, {report.no_model} without a model,"
        f" {report.failed} failed, {report.removed} removed; {indexed} indexed"
    )
    for detail, count in sorted(report.missing.items()):
        echo(f"{detail}: {count} stor{'ies' if count != 1 else 'y'}")
    if report.sentences:
        echo(
            f"{report.sentences} sentences in {report.seconds:.1f} s: {report.sentences_per_second:.1f}"
            f" sentences/s (models loaded in {report.load_seconds:.1f} s)"
        )


@click.group()
def tm() -> None:
    """The archive as a translation memory: its aligned human kk/ru/en sentences, and their glossary."""


@tm.command("export")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), required=True)
@click.option(
    "--segtype",
    type=click.Choice(SEGTYPES),
    default=SEGTYPES[0],
    show_default=True,
    help="A unit per group of sentences that translate each other, or per aligned paragraph group.",
)
@click.option("--query", help="Only the stories this search finds (search syntax; the filters apply too).")
@search_filters
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout)."
)
@click.pass_obj
def tm_export(
    app: Parlarchive, fmt: str, segtype: str, query: str | None, output: Path | None, **filters: object
) -> None:
    """Export the translation units (human versions only) of the archive, or of a search's stories, as TMX 1.4
    or TSV."""
    bar = None if output is None or str(output) == "-" else partial(progress, what="exporting stories")
    chunks = app.tm_export(fmt, segtype=segtype, query=query, progress=bar, workers=app.workers, **filters)
    write_output(output, chunks)


@tm.command("glossary")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(GLOSSARY_FORMATS)), default="csv", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout)."
)
@click.pass_obj
def tm_glossary(app: Parlarchive, fmt: str, output: Path | None) -> None:
    """The glossary learned from the archive's human translations (kk/ru/en words and phrases, with counts
    and an example each) as CSV or TBX."""
    write_output(output, app.glossary_export(fmt))


@tm.command("lookup")
@click.argument("text")
@click.option("--lang", type=click.Choice(LANGS), required=True, help="The language of TEXT.")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def tm_lookup(app: Parlarchive, text: str, lang: str, limit: int, as_json: bool) -> None:
    """The archive's closest paragraphs to TEXT, with their human versions in the other languages."""
    matches = app.tm_lookup(text, lang, limit=limit)
    if as_json:
        echo_json([m.as_json() for m in matches])
        return
    for m in matches:
        echo(f"{m.score}%  {m.lang}: {m.text}")
        if m.differing:
            echo(f"      differs in: {', '.join(m.differing)}")
        for other, version in sorted(m.versions.items()):
            echo(f"      {other}: {version}")
    if not matches:
        echo(f"no match of {MIN_SCORE}% or more")


COMMANDS = (models, translate, tm)
