"""The compare page for translators: a story's kk/ru/en versions side by side, paragraph-aligned, with machine
translation in place of a missing version (marked as such); the aligned human versions as TMX 1.4 or TSV."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, Response, render_template, stream_with_context

from archive.languages import LANGS
from translation.align import align
from translation.memory import FORMATS, Match, story_units
from web.archive_app import archive
from web.views.document import paragraphs, story_or_404

bp = Blueprint("compare", __name__)
DOWNLOADS = {"tmx": "application/x-tmx+xml; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
TM_WAIT = 2.0  # seconds a compare page waits for the memory's first build (on an archive small enough)


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


def columns(record: dict, versions: dict[str, dict]) -> tuple[list[Column], list[dict[str, int | None]]]:
    """The columns (one per language, in the archive's order) and the aligned rows of paragraph indexes."""
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
    tm = archive().translation_memory(wait=TM_WAIT) if missing and human else None
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


@bp.get("/documents/<record_id>/compare")
def show(record_id: str) -> str:
    record, versions = story_or_404(record_id)
    cols, rows = columns(record, versions)
    return render_template("compare.html", doc=record, columns=cols, rows=rows)


@bp.get("/documents/<record_id>/compare.<any(tmx, tsv):fmt>")
def download(record_id: str, fmt: str) -> Response:
    """The aligned human versions (machine translations left out): one unit per aligned paragraph."""
    record, versions = story_or_404(record_id)
    texts = {lang: (rec["id"], rec.get("title"), rec.get("text") or "") for lang, rec in versions.items()}
    units = story_units(record.get("version_group") or record["id"], texts)
    response = Response(stream_with_context(FORMATS[fmt](units)), content_type=DOWNLOADS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{record_id}.{fmt}"'
    return response
