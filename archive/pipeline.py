"""Many pages into the store: normalized over the cores (`archive.parallel`), each keyed, stripped of its
site's template (as the store last had it) and signed ahead, handed back in order for the caller to save."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.dedupe import Signed
from archive.errors import BadInput, NotAPage
from archive.ingest import extract_fetched
from archive.models import Capture, Extracted
from archive.normalize.core import normalize
from archive.parallel import ordered_map
from archive.store import Store
from archive.template import Stripped, prepare, template_host

TEMPLATE_REFRESH = 64  # records of a site between two readings of its template


def normalized(
    store: Store, items: Iterable[Job | Failed | Path], workers: int
) -> Iterator[Job | Failed | Path]:
    """Each job normalized and signed (or with its problem), in order, `workers` processes doing it; the
    markers between jobs (a failure, a finished file) pass as they are."""
    templates = _templates(store)

    def with_template(item: object) -> object:
        if isinstance(item, Job):
            item.template = templates(item.capture.url)
        return item

    return ordered_map(_normalized, map(with_template, items), workers)


@dataclass
class Job:
    """One record on its way into the store: its capture and bytes, then what normalizing them gave."""

    label: str  # what the report names it by: the file, or "file#offset url" of a WARC record
    capture: Capture
    body: bytes
    source: str | None
    fetched: bool  # a fetched response (`ingest.extract_fetched`), not a saved file
    list_date: str | None = None
    page: str | None = None
    template: tuple[str, dict[str, set[str]]] | None = None  # its site's template when it was read
    doc: Extracted | None = None
    stripped: Stripped | None = None  # its line keys, and its text without that template's lines
    signed: Signed | None = None  # its content hash and signature, of that text
    problem: BadInput | NotAPage | None = None  # why it is no record


@dataclass
class Failed:
    label: str
    reason: str


def _normalized(item: object) -> object:
    """A job with its record (or its problem), without its bytes; the markers between jobs as they are."""
    if not isinstance(item, Job):
        return item
    try:
        if item.fetched:
            item.doc = extract_fetched(
                item.body, item.capture, source=item.source, list_date=item.list_date, page=item.page
            )
        else:
            item.doc = normalize(item.body, item.capture.url, source=item.source)
    except (BadInput, NotAPage) as exc:
        item.problem = exc
    else:
        lines: set[str] = set()
        if item.template and item.template[0] == template_host(item.doc.url or item.capture.url):
            lines = item.template[1].get(item.doc.lang or "", lines)
        item.stripped = prepare(item.doc.text, lines)
        item.signed = Signed.ahead(item.doc.title, item.stripped.text)
    item.body = b""
    return item


def _templates(store: Store) -> Callable[[str], tuple[str, dict[str, set[str]]] | None]:
    """The template of the site serving a URL, as the store last had it; read again after every
    TEMPLATE_REFRESH records of that site (one stale costs the store a signature computed again)."""
    known: dict[str, tuple[int, dict[str, set[str]]]] = {}

    def of(url: str) -> tuple[str, dict[str, set[str]]] | None:
        host = template_host(url)
        if host is None:
            return None
        uses, lines = known.get(host, (TEMPLATE_REFRESH, {}))
        if uses >= TEMPLATE_REFRESH:
            uses, lines = 0, store.templates_of(host)
        known[host] = (uses + 1, lines)
        return host, lines

    return of
