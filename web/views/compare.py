"""The compare page for translators: a story's kk/ru/en versions side by side, paragraph-aligned, with machine
translation in place of a missing version (marked as such); the aligned human versions as TMX 1.4 or TSV."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from flask import Blueprint, Response, current_app, render_template, stream_with_context

from archive.languages import LANGS
from translation.align import align
from translation.memory import FORMATS, Match, TranslationMemory, story_units
from web.archive_app import archive
from web.views.document import paragraphs, record_or_404

bp = Blueprint("compare", __name__)
DOWNLOADS = {"tmx": "application/x-tmx+xml; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
TM_KEY = "parlarchive.translation_memory"
TM_MAX_AGE = 600  # seconds a memory serves an archive that has changed since (a build takes ~15 s at 20k)
TM_WAIT = 2.0  # seconds a compare page waits for the memory's first build, on an archive small enough
TM_WAIT_RECORDS = 5000  # above this many records a build takes longer than the wait: don't wait at all


@dataclass
class Column:
    lang: str
    record: dict | None  # the human version (None for a machine translation or a missing version)
    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    machine: dict | None = None  # the translation shown in place of a missing version: engine, model, source
    status: str | None = None  # why a missing version has no translation ("no model for kk→en")
    # translation memory beside a missing version: per paragraph of the `suggest_from` version, the closest
    # paragraph elsewhere in the archive that has a human version in this column's language
    suggest_from: str | None = None
    suggestions: list[Match | None] = field(default_factory=list)
    memory_pending: bool = False  # the translation memory is still being built


def _versions(record: dict) -> dict[str, dict]:
    """The human versions of the record's story, by language (the record itself for its own language)."""
    found = {}
    for lang, rid in (record.get("versions") or {}).items():
        found[lang] = record if rid == record["id"] else archive().get(rid)
    return {lang: rec for lang, rec in found.items() if rec is not None}


def _machine(versions: dict[str, dict], lang: str) -> tuple[dict | None, str | None]:
    """A stored machine translation into `lang` from one of the versions, else the status saying why none."""
    status = None
    for rec in versions.values():
        t = (rec.get("translations") or {}).get(lang)
        if not t:
            continue
        if t.get("text"):
            return {**t, "from_lang": rec.get("lang"), "from_id": rec["id"]}, None
        status = status or t.get("detail") or t.get("status")
    return None, status


def columns(record: dict) -> tuple[list[Column], list[dict[str, int | None]]]:
    """The columns (one per language, in the archive's order) and the aligned rows of paragraph indexes."""
    versions = _versions(record)
    cols = []
    for lang in LANGS:
        rec = versions.get(lang)
        if rec is not None:
            cols.append(Column(lang, rec, rec.get("title"), paragraphs(rec.get("text"))))
            continue
        machine, status = _machine(versions, lang)
        if machine is not None:
            cols.append(Column(lang, None, machine.get("title"), paragraphs(machine.get("text")), machine))
        else:
            cols.append(Column(lang, None, status=status))
    shown = {c.lang: c.paragraphs for c in cols if c.paragraphs}
    human = [c for c in cols if c.record is not None]
    missing = [c for c in cols if c.record is None and c.machine is None]
    tm = memory() if missing and human else None
    for col in missing:
        if tm is None:
            col.memory_pending = bool(human)
            continue
        source = next((c for c in human if c.lang == record.get("lang")), human[0])
        col.suggest_from = source.lang
        col.suggestions = tm.suggest(
            source.paragraphs, source.lang, col.lang, exclude_groups=[record.get("version_group")]
        )
    return cols, align(shown)


@dataclass
class _MemoryState:
    """One app's translation memory. It is built in a background thread: a build reads and aligns every
    story (14-21 s at 20,000 documents), which no request may wait for, holding the GIL meanwhile."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    built: TranslationMemory | None = None
    rev: int = -1
    at: float = 0.0
    building: threading.Thread | None = None


def memory(wait: float = TM_WAIT) -> TranslationMemory | None:
    """The archive's translation memory, or None while its first build runs (a request waits `wait` s for
    it: a small archive's is ready by then). Rebuilt in the background once the archive has changed and
    the memory is older than TM_MAX_AGE (a crawl changes the archive every second)."""
    state = current_app.extensions.setdefault(TM_KEY, _MemoryState())
    app_obj = archive()
    with app_obj.store() as store:
        rev = store.current_rev()
        if store.count() > TM_WAIT_RECORDS:
            wait = 0
    with state.lock:
        stale = state.built is None or (state.rev != rev and time.monotonic() - state.at > TM_MAX_AGE)
        if stale and state.building is None:
            state.building = threading.Thread(target=_build, args=(app_obj, state), name="tm", daemon=True)
            state.building.start()
        building = state.building
    if state.built is None and building is not None:
        building.join(wait)
    return state.built


def _build(app_obj: object, state: _MemoryState) -> None:
    try:
        with app_obj.store() as store:  # type: ignore[attr-defined]
            rev, built = store.current_rev(), TranslationMemory.from_store(store)
        with state.lock:
            state.built, state.rev, state.at = built, rev, time.monotonic()
    finally:
        with state.lock:
            state.building = None


@bp.get("/documents/<record_id>/compare")
def show(record_id: str) -> str:
    record = record_or_404(record_id)
    cols, rows = columns(record)
    return render_template("compare.html", doc=record, columns=cols, rows=rows)


@bp.get("/documents/<record_id>/compare.<any(tmx, tsv):fmt>")
def download(record_id: str, fmt: str) -> Response:
    """The aligned human versions (machine translations left out): one unit per aligned paragraph."""
    record = record_or_404(record_id)
    versions = {
        lang: (rec["id"], rec.get("title"), rec.get("text") or "") for lang, rec in _versions(record).items()
    }
    units = story_units(record.get("version_group") or record["id"], versions)
    response = Response(stream_with_context(FORMATS[fmt](units)), content_type=DOWNLOADS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{record_id}.{fmt}"'
    return response
