"""Stories from the archive into the index: which records tell one story (language versions and their
near-duplicates, linked transitively), each story analysed into one document, and the index brought up to
the archive's rev: incrementally (the stories of the records changed since) or afresh, in parallel."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator

from archive.languages import LANGS
from archive.normalize.langid import detect
from archive.processes import die_with_parent
from archive.store import Store, open_for_reading
from search.analysis import indexed, text_terms
from search.backend import EngineWriter, Member, StoryDoc
from search.fields import BOUNDARY, WORDS, spelling_field, text_field, title_field
from search.plan import day_number

CHUNK = 200  # stories a worker analyses at a time in a bulk build


def stories(links: Iterable[tuple[str, str, str | None]]) -> list[list[str]]:
    """The stories of (id, version_group, duplicate_of) links: records of one version group, and a
    near-duplicate with the record it repeats, tell one story. Each story's ids sorted; stories in the
    order of their smallest id."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    ids = []
    for rid, group, duplicate_of in links:
        ids.append(rid)
        union(rid, "\0" + group)  # groups are named apart from ids
        if duplicate_of:
            union(rid, duplicate_of)
    found: dict[str, list[str]] = {}
    for rid in ids:
        found.setdefault(find(rid), []).append(rid)
    return sorted((sorted(set(members)) for members in found.values()), key=lambda m: m[0])


def version_of(rec: dict) -> str:
    """The language slot a record fills: its language, else the one its text is in, else English."""
    return rec.get("lang") or detect(f"{rec.get('title') or ''}\n{rec.get('text') or ''}") or "en"


def _ordered(records: list[dict]) -> list[dict]:
    """Originals before near-duplicates, then in the archive's language order, then by id."""
    rank = {lang: n for n, lang in enumerate(LANGS)}
    return sorted(records, key=lambda r: (bool(r.get("duplicate_of")), rank.get(version_of(r), 9), r["id"]))


def story_doc(records: list[dict]) -> StoryDoc:
    """One story's document from its records (each with its translations: archive.store.index_records)."""
    records = _ordered(records)
    runs: dict[str, list[str]] = {}
    extra: dict[str, list[str]] = {}
    members = []
    seen: set[str] = set()  # every word of the records, as written
    for rec in records:
        version = version_of(rec)
        members.append(Member(rec["id"], version, bool(rec.get("duplicate_of"))))
        own = indexed(version, (rec.get("title") or "", rec.get("text") or ""))
        seen |= own.words
        if own.keys:
            runs.setdefault(spelling_field(version), []).append(own.keys)
        analysed = [(version, *own.terms)]  # (lang, terms of the title, terms of the text)
        analysed += [
            (lang, text_terms(lang, t.get("title") or ""), text_terms(lang, t.get("text") or ""))
            for lang, t in sorted((rec.get("translations") or {}).items())
            if lang in LANGS and lang != version and t.get("text")
        ]
        for lang, of_title, of_text in analysed:
            for name, (first, more) in (
                (title_field(version, lang), of_title),
                (text_field(version, lang), of_text),
            ):
                if first:
                    runs.setdefault(name, []).append(" ".join(first))
                if more:
                    extra.setdefault(name, []).extend(more)
    texts = {name: f" {BOUNDARY} ".join(parts) for name, parts in runs.items()}
    texts[WORDS] = " ".join(sorted(set(map(str.lower, seen))))
    for name, more in extra.items():  # further spellings of Latin Kazakh words, at no position of their own
        texts[name] = f"{texts.get(name, '')} {BOUNDARY} {' '.join(more)}".strip()
    dates = sorted({rec["date"] for rec in records if rec.get("date")})
    originals = sorted(rec["date"] for rec in records if rec.get("date") and not rec.get("duplicate_of"))
    keywords = {
        "lang": sorted({m.version for m in members}),
        "source": sorted({rec.get("source") or "" for rec in records} - {""}),
        "date": dates,
        "year": sorted({d[:4] for d in dates}),
        "month": sorted({d[:7] for d in dates}),
    }
    story_date = (originals or dates or [None])[0]
    return StoryDoc(
        key=min(m.id for m in members),
        members=members,
        texts=texts,
        keywords=keywords,
        day=day_number(story_date) if story_date else 0,
        days=[day_number(d) for d in dates],
    )


def _analyse(job: tuple[object, list[list[str]]]) -> list[StoryDoc]:
    """A bulk build's worker: the documents of some stories, read from the archive at `where`."""
    where, chunk = job
    with open_for_reading(where) as store:
        docs = _docs(store, chunk)
    gc.freeze()  # the word caches grow by the chunk: the collector no longer walks them over and over
    return docs


def _docs(store: Store, chunk: list[list[str]]) -> list[StoryDoc]:
    by_id = {rec["id"]: rec for rec in store.index_records([rid for story in chunk for rid in story])}
    return [
        story_doc([by_id[r] for r in story if r in by_id])
        for story in chunk
        if any(r in by_id for r in story)
    ]


def build_all(
    writer: EngineWriter,
    store: Store,
    *,
    procs: int = 1,
    advance: Callable[[], None] = lambda: None,
) -> int:
    """Every story of the archive into a fresh index; returns how many records. With procs > 1 the stories
    are analysed by that many processes (forked: the caller says it is safe), each reading the archive."""
    groups = stories(store.story_links())
    chunks = [groups[i : i + CHUNK] for i in range(0, len(groups), CHUNK)]
    count = 0
    for docs in _analysed(store, chunks, procs):
        for doc in docs:
            writer.add(doc)
            count += len(doc.members)
            for _member in doc.members:
                advance()
    return count


def _analysed(store: Store, chunks: list[list[list[str]]], procs: int) -> Iterator[list[StoryDoc]]:
    if procs <= 1 or len(chunks) < 2:
        for chunk in chunks:
            yield _docs(store, chunk)
        return
    where = store.location  # a path, or a PostgreSQL URL: each worker opens its own connection
    context = multiprocessing.get_context("fork")
    with context.Pool(procs, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        yield from pool.imap(_analyse, ((where, chunk) for chunk in chunks))


def update_changed(
    writer: EngineWriter, store: Store, ids: list[str], *, advance: Callable[[], None] = lambda: None
) -> int:
    """The stories of the records `ids` (changed since the index's rev) indexed again; returns how many
    records. A story whose records now tell another story (a version linked, a repost recognised) is
    replaced whole, and the records it held that left it are indexed in their own stories."""
    pending, done, count = set(ids), set(), 0
    while pending:
        for story in stories(store.story_links(pending)):
            if done.intersection(story):
                continue
            members = set(story)
            for rid in story:
                for old in writer.stories_holding(rid):
                    pending.update(m.id for m in old if m.id not in members and m.id not in done)
                writer.delete_member(rid)
            docs = _docs(store, [story])
            for doc in docs:
                writer.add(doc)
                count += len(doc.members)
                for _member in doc.members:
                    advance()
            done |= members
        pending -= done
    return count
