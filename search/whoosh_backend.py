"""The Whoosh search backend: one locked writer (bulk builds in parallel), searches that never wait for it."""

from __future__ import annotations

import json
import os
import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from whoosh import index as windex
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher
from whoosh.util.filelock import try_for
from whoosh.writing import CLEAR
from whoosh.writing import IndexWriter as WhooshWriter

from archive.langid import detect
from search.analyzers import analyze_word
from search.backend import FACETS, Hit, IndexBusy, IndexDoc, SearchPage, SearchRequest
from search.columns import Columns
from search.highlight import snippet
from search.query import parse, query_langs
from search.schema import SCHEMA_VERSION, build_schema, text_field, title_field, translit_field
from search.translit import fold

STATE_FILE = "parlarchive-state.json"  # {"rev", "schema"}: written only after a successful commit
WRITER_LOCK = "PARLARCHIVE_WRITER"
_LOCAL = threading.local()  # per thread: {index folder: (Searcher, Columns)}, kept between searches
COLLAPSE_SLACK = 10  # extra hits ranked so that collapsing near-duplicates still fills a page
_CAPITALS = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
# Bulk builds index in parallel: procs=2 with multisegment=True is 1.9x on two idle cores (merging is serial).
BULK_PROCS = min(4, os.cpu_count() or 1)


class WhooshWriterSession:
    """Puts and deletes inside one Whoosh writer; `rev` is what the commit will record."""

    def __init__(self, writer: WhooshWriter, rev: int, bulk: bool):
        self.writer = writer
        self.rev = rev
        self.bulk = bulk  # a fresh build: every id comes once, so add without looking up old copies
        self.changed = False

    def put(self, doc: IndexDoc) -> None:
        self.changed = True
        fields = document_fields(doc)
        if self.bulk:
            self.writer.add_document(**fields)
        else:
            self.writer.update_document(**fields)

    def delete(self, doc_id: str) -> None:
        self.changed = True
        self.writer.delete_by_term("id", doc_id)


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

    def _usable(self) -> bool:
        return windex.exists_in(self.path) and self._state().get("schema") == SCHEMA_VERSION

    def indexed_rev(self) -> int:
        return int(self._state().get("rev", 0)) if self._usable() else 0

    # ---- writing -------------------------------------------------------------------------------

    @contextmanager
    def writer(self, *, rebuild: bool = False, timeout: float = 30.0) -> Iterator[WhooshWriterSession]:
        self.path.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(self.path))
        lock = storage.lock(WRITER_LOCK)
        if not try_for(lambda: lock.acquire(blocking=False), timeout=timeout, delay=0.1):
            raise IndexBusy(
                f"another process is writing the search index in {self.path}; gave up after {timeout:g} s"
            )
        try:
            if not self._usable():
                (self.path / STATE_FILE).unlink(missing_ok=True)  # an empty index holds nothing up to any rev
                storage.create_index(build_schema())
                rebuild = True
            ix = storage.open_index()
            rev = 0 if rebuild else self.indexed_rev()
            options = {"procs": BULK_PROCS, "multisegment": True} if rebuild and BULK_PROCS > 1 else {}
            session = WhooshWriterSession(ix.writer(timeout=timeout, **options), rev, bulk=rebuild)
            try:
                yield session
            except BaseException:
                session.writer.cancel()
                raise
            if rebuild:
                session.writer.commit(mergetype=CLEAR)
            elif session.changed:
                session.writer.commit()
            else:
                session.writer.cancel()  # nothing new: no new index generation
            self._write_state(session.rev)
        except windex.LockError:
            raise IndexBusy(f"another writer holds the Whoosh lock in {self.path}") from None
        finally:
            lock.release()

    # ---- searching -----------------------------------------------------------------------------

    def searcher(self) -> tuple[Searcher, Columns] | None:
        """This thread's searcher on the latest commit and its columns (None without an index).
        Both are kept between searches and reopened only after a commit."""
        cache: dict[Path, tuple[Searcher, Columns | None]] = _LOCAL.__dict__.setdefault("searchers", {})
        current, columns = cache.pop(self.path, (None, None))
        if not windex.exists_in(self.path):
            if current is not None:
                current.close()
            return None
        if current is not None and not current.up_to_date():
            # Not Searcher.refresh(): in whoosh-reloaded and whoosh3 it keeps the segments a merge or a
            # rebuild removed (each document then counts twice); Whoosh 2.7.4 did not.
            current.close()
            current = None
        if current is None:
            current = windex.open_dir(str(self.path)).searcher()
            columns = Columns(current.reader())
        cache[self.path] = current, columns
        return current, columns

    def search(self, request: SearchRequest) -> SearchPage:
        opened = self.searcher()
        if opened is None:
            return SearchPage(total=0, hits=[], facets={name: {} for name in FACETS})
        searcher, columns = opened
        q = parse(request.query, searcher.schema, query_langs(request.query, request.lang))
        keep = columns.mask(request)
        first = (request.page - 1) * (request.limit or 0)
        wanted = None if request.limit is None else first + request.limit
        allowed = None if keep is None else set(np.flatnonzero(keep).tolist())
        ranked, matched = _ranked(searcher, q, allowed, wanted, request.sort, columns.clusters)
        sizes = columns.cluster_sizes(matched)
        terms = _matched_terms(q, searcher)
        hits = [
            _hit(searcher, docnum, score, int(sizes[columns.clusters[docnum]]) - 1, terms)
            for docnum, score in ranked[first:wanted]
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
    and every matching document. One pass does both: Whoosh ranks a few more than wanted (duplicates are
    rare) while it collects every match (optimize=False: no skipping, the Or of fields scores them all
    anyway); only a page that collapsing left short ranks everything."""
    options = {"sortedby": "date", "reverse": True} if sort == "date" else {}
    limit = None if wanted is None else wanted + COLLAPSE_SLACK
    while True:
        results = searcher.search(q, filter=allowed, limit=limit, optimize=False, **options)
        seen: set[int] = set()
        out: list[tuple[int, float | None]] = []
        for key, docnum in results.top_n:
            if clusters[docnum] not in seen:
                seen.add(clusters[docnum])
                out.append((docnum, None if options else key))
        if wanted is None or len(out) >= wanted or len(results.top_n) < limit:
            return out[:wanted], np.fromiter(results.docs(), dtype=np.int64)
        limit = None


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
    if latin:
        branches.append(rf"[{_CAPITALS}]\w*")
    if not branches:
        return []
    spans = []
    for m in re.finditer(rf"(?<!\w)(?:{'|'.join(branches)})", text):
        word = m.group()
        if (own and analyze_word(lang, word.lower()) in own) or (latin and fold(word) in latin):
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
    best_text, best_spans = body, []
    for lang, text in candidates:
        spans = _spans(text, lang, terms)
        if len(spans) > len(best_spans):
            best_text, best_spans = text, spans
    return Hit(
        id=stored["id"],
        title=stored.get("title") or "",
        url=stored.get("url") or "",
        lang=stored.get("lang"),
        source=stored.get("source") or "",
        date=stored.get("date"),
        score=None if score is None else round(float(score), 4),
        snippet=snippet(best_text, best_spans),
        duplicates=duplicates,
        group=stored.get("group") or stored["id"],
    )
