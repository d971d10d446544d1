"""`search` (with its terminal output) and `index`."""

from __future__ import annotations

import html
import re

import click

from parlarchive.app import Parlarchive
from parlarchive.cliutils import echo, echo_json, progress, search_filters, search_order

_MARK = re.compile(r"<mark>(.*?)</mark>")
TERMINAL_FACETS = ("source", "lang", "year")  # months are for the chart of the web page


@click.command()
@click.argument("query")
@search_filters
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000), help="Hits to show.")
@search_order
@click.option(
    "--all-languages",
    is_flag=True,
    help="Also search each word and phrase in its translations (from the archive's learned glossary).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def search(
    app: Parlarchive, query: str, as_json: bool, versions: bool, all_languages: bool, **opts: object
) -> None:
    """Full-text search: words, "phrases", AND/OR/NOT, -word, title:word, date:2024, wild*cards."""
    problem = app.ready_index()
    # an index that cannot serve fails here, in its one error line, before any warning
    result = app.search(query, group="version" if versions else "story", all_languages=all_languages, **opts)
    if problem:
        echo(f"warning: {problem}", err=True)
    if as_json:
        echo_json(result)
        return
    if all_languages:
        echo(f"searched in all languages as: {result['expanded_query']}")
    echo(format_results(result))


@click.command()
@click.option("--rebuild", is_flag=True, help="Rebuild the whole index from the archive.")
@click.pass_obj
def index(app: Parlarchive, rebuild: bool) -> None:
    """Bring the search index up to date with the archive (incremental unless --rebuild)."""
    count = (app.rebuild_index if rebuild else app.update_index)(progress=lambda n: progress(n, "indexing"))
    echo(f"{count} records indexed")


def _plain(snippet: str) -> str:
    """A snippet for the terminal: marks become [brackets], entities become characters."""
    return html.unescape(_MARK.sub(r"[\1]", snippet))


def _shortened(query: str, limit: int = 100) -> str:
    return query if len(query) <= limit else query[: limit - 1] + "…"


def format_results(result: dict) -> str:
    """Readable terminal output: a count line, each hit (title, where and when, link, snippet), the facets."""
    total, shown = result["total"], len(result["hits"])
    counted = "language versions" if result.get("counted") == "versions" else "stories"
    lines = [
        f"{total} hit{'s' if total != 1 else ''} for {_shortened(result['query'])!r} ({counted})"
        + (f" (showing {shown})" if shown < total else "")
    ]
    if result.get("suggestion"):
        lines.append(f"did you mean: {result['suggestion']}")
    for n, hit in enumerate(result["hits"], 1):
        meta = " · ".join(filter(None, [hit["lang"], hit["source"], hit["date"] or "undated"]))
        extra = (
            f"  (+{hit['duplicates']} near-duplicate{'s' if hit['duplicates'] != 1 else ''})"
            if hit["duplicates"]
            else ""
        )
        if hit.get("via_translation"):
            extra += f"  (found through its machine translation into {hit['via_translation']})"
        other = [f"{lang}:{rid}" for lang, rid in sorted(hit["versions"].items()) if rid != hit["id"]]
        lines += ["", f"{n}. {hit['title'] or '(untitled)'}  [{meta}]{extra}", f"   {hit['url']}"]
        if hit["snippet"]:
            lines.append(f"   {_plain(hit['snippet'])}")
        if other:
            lines.append(f"   other languages: {', '.join(other)}   id {hit['id']}")
        else:
            lines.append(f"   id {hit['id']}")
    facets = [
        f"{name}: " + ", ".join(f"{value} {count}" for value, count in counts.items())
        for name, counts in result["facets"].items()
        if counts and name in TERMINAL_FACETS
    ]
    if facets:
        lines += ["", *facets]
    return "\n".join(lines)


COMMANDS = (search, index)
