"""The Whoosh search backend: one locked writer (bulk builds in parallel), searches that never wait for it."""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from whoosh import index as windex
from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter as WhooshWriter

from archive.languages import CAPITALS
from archive.normalize.langid import detect
from archive.translit import fold
from search.analyzers import LATIN_WORD, word_terms
from search.backend import (
    FACETS,
    LOCK_TIMEOUT,
    Hit,
    IndexBusy,
    IndexDoc,
    IndexFailure,
    IndexUnreadable,
    IndexWriteFailed,
    SearchPage,
    SearchRequest,
    one_line,
)
from search.columns import Columns
from search.highlight import snippet
from search.index_lock import writer_lock
from search.query import parse, query_langs
from search.schema import SCHEMA_VERSION, text_field, title_field, translit_field
from search.whoosh_build import KEPT, AsideBuild, discard_aside, latest_generation

STATE_FILE = "parlarchive-state.json"  # {"rev", "schema"}: written only after a successful commit
_LOCAL = threading.local()  # per thread: {index folder: (Searcher, Columns)}, kept between searches
_CAPITALS = CAPITALS
# Bulk builds index in parallel: procs=2 with multisegment=True is 1.9x on two idle cores (merging is serial).
BULK_PROCS = min(4, os.cpu_count() or 1)


# Native libraries whose worker threads hold locks a forked child would wait on forever.
_FORK_UNSAFE = ("torch", "ctranslate2", "onnxruntime")


def bulk_procs() -> int:
    """Processes for a bulk build: BULK_PROCS, or 1 where forking is unsafe. The parallel writer forks, and
    a fork copies a lock another thread holds but not the thread that would release it: a writer child
    forked after argostranslate had loaded torch waited forever. So: no fork beside other Python threads
    (a threaded server) or a loaded threaded runtime. (numpy's OpenBLAS threads are fork-safe.)"""
    unsafe = threading.active_count() > 1 or any(name in sys.modules for name in _FORK_UNSAFE)
    return 1 if unsafe else BULK_PROCS


class WhooshWriterSession:
    """Puts and deletes inside one Whoosh writer; `rev` is what the commit will record."""

    def __init__(self, writer: WhooshWriter, rev: int, bulk: bool):
        self.writer = writer
        self.rev = rev
        self.bulk = bulk  # a fresh build: every id comes once, so add without looking up old copies
        self.changed = False
        self.added = 0  # documents a fresh build was given: its verified commit must hold as many

    def put(self, doc: IndexDoc) -> None:
        self.changed = True
        fields = document_fields(doc)
        with _index_errors(self.bulk):
            if self.bulk:
                self.writer.add_document(**fields)
                self.added += 1
            else:
                self.writer.update_document(**fields)

    def delete(self, doc_id: str) -> None:
        self.changed = True
        with _index_errors(self.bulk):
            self.writer.delete_by_term("id", doc_id)


def unreadable(path: Path, exc: BaseException) -> IndexUnreadable:
    return IndexUnreadable(
        f"the search index in {path} cannot be read ({one_line(exc)}): run `parlarchive index --rebuild`"
    )


@contextmanager
def _index_errors(fresh: bool, path: Path | None = None) -> Iterator[None]:
    """Whoosh's failures as one-line IndexFailures: a failed write (a full disk) is IndexWriteFailed; while
    updating an existing index, anything else is that index failing to read back (a damaged segment)."""
    try:
        yield
    except (IndexFailure, IndexBusy):
        raise
    except OSError as exc:
        raise IndexWriteFailed(f"could not write the search index: {one_line(exc)}{KEPT}") from exc
    except Exception as exc:
        if fresh:
            raise
        raise unreadable(path or Path("index"), exc) from exc


def analysis_lang(lang: str | None, text: str) -> str:
    """The language whose analyzer reads a text: its own, else the detected one, else English."""
    return lang or detect(text) or "en"


def document_fields(doc: IndexDoc) -> dict:
    """The Whoosh fields of one document: each text, original or translated, in the fields of its language."""
    lang = analysis_lang(doc.lang, doc.text)
    texts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    texts[lang].append((doc.title, doc.text))
    for tlang, pair in doc.translations.items():
        texts[tlang].append(pair)
    fields = {
        "id": doc.id,
        "url": doc.url,
        "title": doc.title,
        "body": doc.text,
        "translated": {tlang: text for tlang, (_, text) in doc.translations.items()},
        "group": doc.group,
        "cluster": doc.cluster,
        "source": doc.source,
        translit_field(lang): f"{doc.title}\n{doc.text}",
    }
    if doc.lang:
        fields["lang"] = doc.lang
    if doc.date:
        fields["date"] = doc.date
        fields["year"] = doc.date[:4]
    for tlang, pairs in texts.items():
        fields[title_field(tlang)] = "\n".join(title for title, _ in pairs if title)
        fields[text_field(tlang)] = "\n\n".join(text for _, text in pairs if text)
    return fields


class WhooshBackend:
    """A Whoosh index in one folder, with a state file recording the archive rev it holds."""

    def __init__(self, path: Path):
        self.path = Path(path)

    # ---- state ---------------------------------------------------------------------------------

    def _state(self) -> dict:
        try:
            return json.loads((self.path / STATE_FILE).read_text())
        except (OSError, ValueError):
            return {}

    def _write_state(self, rev: int) -> None:
        tmp = self.path / f".{STATE_FILE}.{os.getpid()}"
        tmp.write_text(json.dumps({"rev": rev, "schema": SCHEMA_VERSION}))
        os.replace(tmp, self.path / STATE_FILE)

    def exists(self) -> bool:
        """Whether the folder holds an index (whether or not it can be read): a TOC file is there. A folder
        that cannot be listed (no read permission) counts as one: reading it then says why it cannot be."""
        try:
            return latest_generation(self.path) >= 0
        except PermissionError:
            return True

    def current_schema(self) -> bool:
        return self._state().get("schema") == SCHEMA_VERSION

    def indexed_rev(self) -> int:
        return int(self._state().get("rev", 0)) if self.exists() and self.current_schema() else 0

    def read_problem(self, *, thorough: bool = False) -> str | None:
        """Why the index cannot be read, in one line (None: it can, or there is none). It opens the TOC and
        every segment; `thorough` also reads every stored document and column (what `check` does)."""
        if not self.exists():
            return None
        try:
            os.listdir(self.path)  # Whoosh says an index it may not list "does not exist": this says why
            with windex.open_dir(str(self.path)).reader() as reader:
                if thorough:
                    for _fields in reader.all_stored_fields():
                        pass
                    Columns(reader)
        except Exception as exc:  # a damaged file fails in any of Whoosh's ways
            return one_line(exc)
        return None

    def doc_count(self) -> int:
        """Documents in the index (0 without one); IndexUnreadable when it cannot be opened."""
        if not self.exists():
            return 0
        try:
            return windex.open_dir(str(self.path)).doc_count()
        except Exception as exc:
            raise unreadable(self.path, exc) from exc

    # ---- writing -------------------------------------------------------------------------------

    @contextmanager
    def writer(
        self, *, rebuild: bool = False, timeout: float = LOCK_TIMEOUT
    ) -> Iterator[WhooshWriterSession]:
        with writer_lock(self.path, timeout):
            if rebuild or not self.exists() or not self.current_schema() or self.read_problem():
                with self._rebuild() as session:
                    yield session
            else:
                discard_aside(self.path)
                with self._update(timeout) as session:
                    yield session

    @contextmanager
    def _update(self, timeout: float) -> Iterator[WhooshWriterSession]:
        """Changes written in place: Whoosh commits them as a new generation, which readers then open."""
        with _index_errors(False, self.path):
            try:
                writer = windex.open_dir(str(self.path)).writer(timeout=timeout)
            except windex.LockError:
                raise IndexBusy(f"another writer holds the Whoosh lock in {self.path}") from None
        session = WhooshWriterSession(writer, self.indexed_rev(), bulk=False)
        try:
            yield session
        except BaseException:
            writer.cancel()
            raise
        with _index_errors(False, self.path):
            if session.changed:
                writer.commit()
            else:
                writer.cancel()  # nothing new: no new index generation
            self._write_state(session.rev)

    @contextmanager
    def _rebuild(self) -> Iterator[WhooshWriterSession]:
        """A new index built aside and swapped in after a verified commit; whatever state the old one is in
        (missing, outdated, damaged), it is only replaced, never read. Any failure leaves it in use."""
        with _index_errors(True):
            build = AsideBuild(self.path)
        try:
            with _index_errors(True):
                writer = build.writer(bulk_procs())
            session = WhooshWriterSession(writer, 0, bulk=True)
            try:
                yield session
            except BaseException:
                writer.cancel()
                raise
            with _index_errors(True):
                writer.commit()
                build.verify(writer, session.added)
                build.swap()
                self._write_state(session.rev)
        finally:
            build.discard()

    # ---- searching -----------------------------------------------------------------------------

    def searcher(self) -> tuple[Searcher, Columns] | None:
        """This thread's searcher on the latest commit and its columns (None without an index).
        Both are kept between searches and reopened only after a commit. IndexUnreadable when the index
        cannot be opened."""
        cache: dict[Path, tuple[Searcher, Columns | None]] = _LOCAL.__dict__.setdefault("searchers", {})
        current, columns = cache.pop(self.path, (None, None))
        if current is not None and (not self.exists() or not current.up_to_date()):
            # Not Searcher.refresh(): in whoosh-reloaded and whoosh3 it keeps the segments a merge or a
            # rebuild removed (each document then counts twice); Whoosh 2.7.4 did not.
            current.close()
            current = None
        if not self.exists():
            return None
        if current is None:
            current, columns = self._open()
        cache[self.path] = current, columns
        return current, columns

    def _open(self) -> tuple[Searcher, Columns]:
        """A searcher and its columns; tried twice, since a commit may delete the files of the generation a
        reader has just chosen (Whoosh removes the old generation's files right after its new TOC)."""
        failure = None
        for _attempt in range(2):
            try:
                os.listdir(self.path)  # a folder it may not list would be "does not exist" to Whoosh
                searcher = windex.open_dir(str(self.path)).searcher()
                return searcher, Columns(searcher.reader())
            except Exception as exc:  # a damaged file fails in any of Whoosh's ways
                failure = exc
        raise unreadable(self.path, failure) from failure

    def forget(self) -> None:
        """Close this thread's cached searcher (after it failed, or before the folder goes)."""
        current, _columns = _LOCAL.__dict__.setdefault("searchers", {}).pop(self.path, (None, None))
        if current is not None:
            current.close()

    def search(self, request: SearchRequest) -> SearchPage:
        opened = self.searcher()
        if opened is None:
            return SearchPage(total=0, hits=[], facets={name: {} for name in FACETS})
        searcher, columns = opened
        q = parse(request.query, searcher.schema, query_langs(request.query, request.lang))
        try:
            return _page(searcher, columns, q, request)
        except Exception as exc:  # a damaged segment fails in any of Whoosh's ways
            self.forget()
            raise unreadable(self.path, exc) from exc


def _page(searcher: Searcher, columns: Columns, q: wq.Query, request: SearchRequest) -> SearchPage:
    keep = columns.mask(request)
    first = (request.page - 1) * (request.limit or 0)
    wanted = None if request.limit is None else first + request.limit
    allowed = None if keep is None else set(np.flatnonzero(keep).tolist())
    if allowed is not None and not allowed:  # Whoosh takes an empty filter for no filter at all
        ranked, matched = [], np.array([], dtype=np.int64)
    else:
        ranked, matched = _ranked(searcher, q, allowed, wanted, request.sort, columns.clusters)
    sizes = columns.cluster_sizes(matched)
    terms = _matched_terms(q, searcher) if request.snippets else {}
    page = ranked[first:wanted]
    shown = columns.shown([docnum for docnum, _score in page], matched)
    hits = [
        _hit(searcher, docnum, score, int(sizes[columns.clusters[docnum]]) - 1, terms)
        for docnum, (_best, score) in zip(shown, page, strict=True)
    ]
    return SearchPage(total=int(np.count_nonzero(sizes)), hits=hits, facets=columns.facets(matched))


def _ranked(
    searcher: Searcher,
    q: wq.Query,
    allowed: set[int] | None,
    wanted: int | None,
    sort: str,
    clusters: np.ndarray,
) -> tuple[list[tuple[int, float | None]], np.ndarray]:
    """The best `wanted` hits (all with None), one per near-duplicate cluster, as (docnum, score or None),
    and every matching document, from one pass over the postings. The facets need every match anyway, and
    the Or of fields scores them all (optimize=False: no skipping), so the pass ranks everything: Whoosh's
    top-N collector keeps no set of matches, and asking it for one ran the whole query a second time (28 %
    of the server's time at 20,000 documents); sorting every match's (score, docnum) costs a millisecond."""
    options = {"sortedby": "date", "reverse": True} if sort == "date" else {}
    results = searcher.search(q, filter=allowed, limit=None, optimize=False, **options)
    ranked = results.top_n
    seen: set[int] = set()
    out: list[tuple[int, float | None]] = []
    for key, docnum in ranked:
        if clusters[docnum] not in seen:
            seen.add(clusters[docnum])
            out.append((docnum, None if options else key))
            if wanted is not None and len(out) == wanted:
                break
    return out, np.fromiter((docnum for _, docnum in ranked), dtype=np.int64, count=len(ranked))


def _matched_terms(q: wq.Query, searcher: Searcher) -> dict[str, set[str]]:
    """Field -> the indexed terms the query matched (wildcards expanded): what snippets mark.
    (Query.existing_terms would do, but its loop variable shadows its `fieldname` argument, so it
    drops every field after the first in Whoosh 2.7.4, whoosh-reloaded and whoosh3 alike.)"""
    reader = searcher.reader()
    terms: dict[str, set[str]] = {}
    for leaf in q.leaves():
        for field, text in leaf.expanded_terms(reader, phrases=True):
            btext = reader.schema[field].to_bytes(text) if isinstance(text, str) else text
            if (field, btext) in reader:
                terms.setdefault(field, set()).add(btext.decode("utf-8"))
    return terms


def _spans(text: str, lang: str, terms: dict[str, set[str]]) -> list[tuple[int, int]]:
    """Character spans of the words of `text` whose analyzed forms the query matched.

    One regular expression (in C) picks the words that could match, which are then analyzed: a stem is
    a prefix of its word but for the last letter (deputy -> deputi, министрліг -> министрлік), and a
    transliterated match is a name, so capitalized."""
    own = terms.get(text_field(lang), set()) | terms.get(title_field(lang), set())
    latin = terms.get(translit_field(lang), set())
    branches = []
    if own:
        branches.append("(?i:" + "|".join(sorted({re.escape(term[:-1] or term) for term in own})) + r")\w*")
        if lang == "kk":  # Latin-script Kazakh: its words are analyzed through their Cyrillic spellings
            branches.append(f"(?i:{LATIN_WORD})")
    if latin:
        branches.append(rf"[{_CAPITALS}]\w*")
    if not branches:
        return []
    spans = []
    for m in re.finditer(rf"(?<!\w)(?:{'|'.join(branches)})", text):
        word = m.group()
        if (own and own & word_terms(lang, word.lower())) or (latin and fold(word) in latin):
            spans.append(m.span())
    return spans


def _hit(
    searcher: Searcher, docnum: int, score: float | None, duplicates: int, terms: dict[str, set[str]]
) -> Hit:
    stored = searcher.stored_fields(docnum)
    body = stored.get("body") or ""
    candidates = [(analysis_lang(stored.get("lang"), body), body)] + list(
        stored.get("translated", {}).items()
    )
    spans = [_spans(text, lang, terms) for lang, text in candidates]
    best = max(range(len(candidates)), key=lambda n: len(spans[n]))  # the text itself wins a tie
    # found through a machine translation: the query matched it, and nothing of the text itself
    via = candidates[best][0] if best and not spans[0] else None
    return Hit(
        id=stored["id"],
        title=stored.get("title") or "",
        url=stored.get("url") or "",
        lang=stored.get("lang"),
        source=stored.get("source") or "",
        date=stored.get("date"),
        score=None if score is None else round(float(score), 4),
        snippet=snippet(candidates[best][1], spans[best]),
        duplicates=duplicates,
        group=stored.get("group") or stored["id"],
        via_translation=via,
    )
