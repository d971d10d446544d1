"""The application object: one data folder and its settings, with the operations a user has.

The command line, the web app and the tests all start from `Parlarchive(data, settings)`. Every operation
that changes the archive brings the search index up to date before it returns, so the two never drift.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from itertools import count
from pathlib import Path

from archive.check import check as check_files
from archive.check import steps as check_steps
from archive.config import Settings
from archive.errors import ArchiveError, BadInput, ParlarchiveError
from archive.importer import ImportReport, extract_file, find_files, import_paths
from archive.languages import LANGS
from archive.models import Extracted
from archive.parallel import default_workers
from archive.paths import DataDir, data_dir
from archive.postgres_db import is_postgres
from archive.reextract import ReextractReport, reextract
from archive.sources import FILE_SOURCE, SOURCE_NAMES
from archive.sqlite_db import missing_archive
from archive.store import Store, open_for_reading
from archive.transfer import Fingerprint, copy_archive, fingerprint
from crawler.figures import CrawlFigures
from parlarchive import crosslang
from search.backend import IndexBusy, IndexFailure
from search.service import ALL, IndexStatus, SearchIndex, SearchRequest, default_sort
from translation import memory
from translation.engines import Model
from translation.glossary import FORMATS as GLOSSARY_FORMATS
from translation.glossary import Glossary
from translation.memory_cache import MemoryCache
from translation.run import Run, RunReport, engines, installed_models
from web.urls import record_url

# What a long operation is given to report its progress: called with the number of steps once they are
# known, it returns a context manager that yields the function to call after each step.
Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]
EXPORT_PAGE = 1000  # hits an export reads at a time: its memory stays flat however many it writes


class Parlarchive:
    """The archive, its search index and its crawls over one data folder."""

    def __init__(self, data: DataDir | str | os.PathLike | None = None, settings: Settings | None = None):
        self.settings = settings or Settings.from_env()
        given = data if isinstance(data, DataDir) else DataDir(data_dir(data).root)
        self.data = data_dir(  # the settings name the archive and the WARC root; else the DataDir given does
            given.root,
            archive=self.settings.archive or given.archive_url,
            warc_root=self.settings.warc_root or str(given.warc_root),
        )
        self._memory: MemoryCache | None = None
        self.index = SearchIndex(self.data.index, self.settings)

    def __repr__(self) -> str:
        return f"Parlarchive({str(self.data.root)!r})"

    @property
    def workers(self) -> int:
        """Processes that normalize pages (import, reextract) and align stories (`tm export`): the setting,
        else one per core."""
        return self.settings.import_workers or default_workers()

    @contextmanager
    def store(self, *, write: bool = False) -> Iterator[Store]:
        """The archive (the data folder's SQLite file, or the shared PostgreSQL one of Settings.archive).
        Reading opens it read-only (a read-only data folder works, nothing is written); writing first runs
        SQLite's quick check, so that nothing is ever added to a damaged file."""
        where = self.data.location
        store = Store(where, verify=True) if write else open_for_reading(where)
        try:
            yield store
        finally:
            store.close()

    # ---- changing the archive (each keeps the index in step) --------------------------------------------

    def find_files(self, paths: Iterable[str | os.PathLike]) -> tuple[list[Path], ImportReport]:
        """The importable files under `paths`, and a report holding the paths that cannot be imported."""
        report = ImportReport()
        return find_files(paths, report), report

    def import_files(
        self,
        files: list[Path],
        *,
        report: ImportReport | None = None,
        source: str | None = None,
        on_file: Callable[[Path], None] | None = None,
    ) -> tuple[ImportReport, int]:
        """Import these files (see `find_files`), then index; returns the report and how many were indexed."""
        with self.store(write=True) as store:
            done = import_paths(
                store,
                (),
                source=source,
                warc_root=self.data.warc_root,
                on_file=on_file,
                files=files,
                workers=self.workers,
                settings=self.settings,
            )
        if report is not None:
            done.failed[:0] = report.failed
        return done, self._index_changes()

    def import_paths(
        self, paths: Iterable[str | os.PathLike], *, source: str | None = None
    ) -> tuple[ImportReport, int]:
        """Import files and folders (recursively), then index."""
        files, report = self.find_files(paths)
        return self.import_files(files, report=report, source=source)

    def extract(self, path: Path, source: str | None = None) -> Extracted:
        """What the archive would store for one .html/.txt file, without storing it (BadInput: why not)."""
        try:
            return extract_file(path, source, max_page_bytes=self.settings.max_page_bytes)
        except BadInput as exc:
            raise BadInput(f"{path}: {exc}") from None
        except OSError as exc:
            raise BadInput(f"{path}: {exc.strerror or exc}") from None

    def crawl(self, spider: str, *, progress: bool = False, **options: object) -> CrawlFigures:
        """Crawl one source, then index. Options: langs, base_url, max_pages, since (YYYY-MM-DD: stop at
        older list items), full (walk every list page), scrapy_settings, args. Returns the figures with
        `indexed`."""
        from crawler.run import crawl  # Scrapy is imported only by a crawl

        with self.store(write=True):
            pass  # a read-only or damaged archive fails here, in one line, before anything is fetched
        stats = crawl(self.data, spider, progress=progress, settings=self.settings, **options)
        stats.indexed = self._index_changes()
        return stats

    def reextract(
        self, host: str | None = None, *, progress: Progress | None = None
    ) -> tuple[ReextractReport, int]:
        """Extract the stored records (of one host) again from their captures, with each site's learned
        template, then index; returns the report and how many were indexed."""
        with self.store(write=True) as store, (progress or _no_progress)(store.count()) as advance:
            done = reextract(
                store,
                self.data.warc_root,
                host,
                workers=self.workers,
                settings=self.settings,
                on_record=advance,
            )
        return done, self._index_changes()

    def translate(
        self, targets: Iterable[str] = LANGS, *, progress: Progress | None = None
    ) -> tuple[RunReport, int]:
        """Machine-translate each story into the `targets` it has no version in (what is new or changed
        since the last run), then index; returns the run's report and how many were indexed."""
        with self.store(write=True) as store:
            run = Run(store, self.data.models, targets)
            with (progress or _no_progress)(run.total) as advance:
                report = run.execute(advance)
        return report, self._index_changes()

    def install_model(self, file: Path) -> tuple[Model, list[Model]]:
        """Install a model file (an .argosmodel) into the data folder; returns it and the models it replaced."""
        engine = engines(self.data.models)[0]  # .argosmodel files are Argos packages
        try:
            return engine.install(file)
        except OSError as exc:
            raise ParlarchiveError(f"{file}: {exc.strerror or exc}") from None

    def models(self) -> list[Model]:
        """The installed translation models."""
        return installed_models(self.data.models)

    def _index_changes(self) -> int:
        """Index what a change stored; an index that cannot follow does not undo it: the error says so."""
        try:
            return self.update_index()
        except IndexBusy as exc:
            raise IndexBusy(f"{exc}; the archive is saved: run `parlarchive index` later") from None
        except IndexFailure as exc:
            raise type(exc)(f"{exc}; the archive is saved") from None

    def update_index(self, *, progress: Progress | None = None) -> int:
        """Index what changed in the archive since the last indexing; returns how many records."""
        with self.store() as store:
            return self.index.update(store, progress=progress)

    def rebuild_index(self, *, progress: Progress | None = None) -> int:
        """Rebuild the whole index from the archive (with the settings' engine, aside, switched to once
        verified); returns how many records."""
        with self.store() as store:
            return self.index.rebuild(store, progress=progress)

    def index_status(self, *, thorough: bool = False) -> IndexStatus:
        """Where the search index stands against the archive (reading both, writing nothing)."""
        if not self.data.has_archive:
            return self.index.status(0, 0, thorough=thorough)
        with self.store() as store:
            rev, count = store.current_rev(), store.count()
        return self.index.status(rev, count, thorough=thorough)

    def ready_index(self) -> str | None:
        """Bring a missing or lagging index up to date where that is cheap and the folder can be written;
        returns the problem that remains (one line with its fix), else None. Searches start here."""
        status = self.index_status()
        if status.problem and status.cheap_fix and _can_write(self.data.root):
            self.update_index()
            return None
        return status.problem

    def check(self, on_step: Callable[[], None] | None = None) -> list[str]:
        """Every problem of the archive file, the WARC files and the search index: one line each, with its fix.
        `on_step` is called `check_steps()` times along the way (progress)."""
        problems = [str(p) for p in check_files(self.data, on_step)]
        try:
            status = self.index_status(thorough=True)
            problems += [status.problem] if status.problem else []
            if status.engine and status.wanted != status.engine:
                problems.append(
                    f"the search index uses {status.engine}, and the settings ask for {status.wanted}:"
                    " run `parlarchive index --rebuild` to switch"
                )
        except ArchiveError:
            pass  # the archive itself is damaged or unreadable: said above, and the index waits for it
        if on_step:
            on_step()
        return problems

    def migrate_to(self, target: str | os.PathLike) -> tuple[str, Fingerprint, Fingerprint]:
        """Copy this archive into an empty one at `target` (a postgresql:// URL, or a data folder whose
        archive.sqlite3 is made), then read both back: (where the copy is, the source's fingerprint, the
        copy's). This archive is not changed; the search index, which follows the same revs, stays in step."""
        destination = str(target) if is_postgres(str(target)) else DataDir(Path(target).resolve()).archive
        if str(destination) == str(self.data.location):
            raise BadInput(f"the archive is already at {destination}: name another place with --to")
        with self.store() as source, Store(destination) as copy:
            copy_archive(source, copy)
            return copy.where, fingerprint(source), fingerprint(copy)

    def check_steps(self) -> int:
        return check_steps(self.data) + 1  # and the index

    # ---- reading ------------------------------------------------------------------------------------------

    def search(self, query: str, *, all_languages: bool = False, **options: object) -> dict:
        """The `search --json` shape (options: lang, source, date_from, date_to, limit, page, sort, snippets,
        group). No sort, or sort None: the search's default order (search.service.default_sort). QueryError for
        a query or option that cannot be used. `all_languages`: the query is first expanded into the other
        languages (see `expand_query`); the result's `expanded_query` says how it was searched (None while the
        glossary is still being built: the query as typed)."""
        if not all_languages:
            return self._search(query, **options)
        expanded = self.expand_query(query)
        return {**self._search(expanded or query, **options), "expanded_query": expanded}

    def _search(self, query: str, **options: object) -> dict:
        """ArchiveMissing on a folder without an archive, as every reading operation."""
        if options.get("sort") is None:
            options["sort"] = default_sort(query)
        request = SearchRequest(query, **options)
        if not self.data.has_archive:
            raise missing_archive(self.data.archive)
        with self.store() as store:
            return self.index.search(request, store).as_json()

    def expand_query(self, query: str, *, wait: float | None = None) -> str | None:
        """The query with each of its words and phrases ORed with its translations into the other languages,
        from the glossary the archive learned from its own human versions (parlarchive.crosslang); None
        while the glossary's first build runs past `wait` seconds."""
        tm = self.translation_memory(wait)
        return None if tm is None else crosslang.expand(query, crosslang.glossary_translations(tm.glossary))

    def get(self, record_id: str) -> dict | None:
        """One whole record, with its provenance, duplicates, versions and translations."""
        with self.store() as store:
            return store.get(record_id)

    def story(self, record_id: str) -> tuple[dict, dict[str, dict]] | None:
        """A record and its story's language versions, whole ({lang: record}, itself included where it has a
        language), read over one connection; None when there is no such record."""
        with self.store() as store:
            record = store.get(record_id)
            if record is None:
                return None
            versions = {
                lang: record if vid == record_id else store.get(vid)
                for lang, vid in record["versions"].items()
            }
        return record, {lang: rec for lang, rec in versions.items() if rec is not None}

    def sources(self) -> tuple[str, ...]:
        """The registered sources and `file`, then the other source names the records carry (`import --source`)."""
        known = (*SOURCE_NAMES, FILE_SOURCE)
        if not self.data.has_archive:
            return known
        with self.store() as store:
            return (*known, *(name for name in store.source_names() if name not in known))

    def translation_memory(self, wait: float | None = None) -> memory.TranslationMemory | None:
        """The archive's translation memory, built once per application object and rebuilt in the background
        once stale (see translation.memory_cache); None while its first build runs past `wait` seconds."""
        if self._memory is None:
            self._memory = MemoryCache(self.store)
        return self._memory.get(wait)

    def tm_lookup(self, text: str, lang: str, *, limit: int = 5) -> list[memory.Match]:
        """The archive's closest paragraphs to `text`, with their human versions in the other languages."""
        tm = self.translation_memory()
        return tm.lookup(text, lang, limit=limit) if tm is not None else []

    def tm_export(
        self,
        fmt: str,
        *,
        segtype: str = "sentence",
        query: str | None = None,
        progress: Progress | None = None,
        workers: int = 1,
        **filters: object,
    ) -> Iterator[str]:
        """The translation units (human versions only) of every story, or of the stories of a search's hits
        (`query` and the search filters), as TMX 1.4 or TSV (`fmt`): sentence or paragraph units (`segtype`),
        streamed story by story, aligned by `workers` processes (the command passes `workers`; a web
        download aligns in its own thread)."""
        with self.store() as store:
            if query is None and not any(filters.values()):
                groups = store.version_groups()
            else:
                hits = self.search(query or "*", limit=None, snippets=False, **filters)["hits"]
                groups = list(dict.fromkeys(store.group_of(hit["id"]) for hit in hits))
            with (progress or _no_progress)(len(groups)) as advance:
                units = memory.archive_units(
                    store, groups, segtype=segtype, on_story=advance, workers=workers
                )
                yield from memory.FORMATS[fmt](units, segtype=segtype)

    def glossary_export(self, fmt: str) -> Iterator[str]:
        """The glossary learned from the archive's human versions as CSV or TBX (`fmt`)."""
        tm = self.translation_memory()
        yield from GLOSSARY_FORMATS[fmt](tm.glossary if tm is not None else Glossary([]))

    def duplicate_clusters(self, on_cluster: Callable[[], None] | None = None) -> list[dict]:
        """Every canonical record with its duplicates; `on_cluster` after each cluster (progress)."""
        with self.store() as store:
            return store.duplicate_clusters(on_cluster)

    def count(self) -> int:
        """How many records the archive holds."""
        with self.store() as store:
            return store.count()

    def untranslated(self) -> list[dict]:
        """The records whose text is in another language than their version's (the site lacks that translation)."""
        with self.store() as store:
            return store.untranslated()

    def record_url(self, record_id: str) -> str:
        """The archive's own link to a record: its page under the public address (`Settings.public_url`)."""
        return record_url(self.settings.public_url, record_id)

    def export_records(self, query: str | None = None, **options: object) -> Iterator[dict]:
        """The hits of a search, one whole record per hit in the search's order: the record the hit shows,
        with its `archive_url`, its story's key and the story's language versions ({lang: id}, as the hit names
        them). `options` are the search's (filters, sort, group: the sort by default best first for a query,
        newest first without one); no query: every story. No time budget holds an export (it reads every hit,
        however many; the query's own bounds still hold)."""
        with self.store() as store:
            for page in count(1):  # page by page: only a page's records are read at once (flat memory)
                result = self.search(
                    query or ALL, limit=EXPORT_PAGE, page=page, snippets=False, timed=False, **options
                )
                yield from self._exported(store, result["hits"])
                if page * EXPORT_PAGE >= result["total"]:
                    return

    def _exported(self, store: Store, hits: list[dict]) -> Iterator[dict]:
        for hit in hits:
            rec = store.get(hit["id"])
            if rec is not None:
                yield {
                    **rec,
                    "archive_url": self.record_url(rec["id"]),
                    "story": hit["story"],
                    "versions": hit["versions"],
                }


def _can_write(folder: Path) -> bool:
    """Whether the folder can be written, or made (a host of a shared archive starts without one)."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return os.access(folder, os.W_OK)


def _no_progress(_total: int) -> AbstractContextManager[Callable[[], None]]:
    return nullcontext(lambda: None)
