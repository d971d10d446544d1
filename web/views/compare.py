"""The compare page for translators: a story's kk/ru/en versions side by side, aligned (a paragraph one
version merged spans the rows of the paragraphs another split it into; a paragraph a version left out is a
gap), in the two or three languages the reader picks; machine translation in place of a missing version
(marked as such), else translation-memory matches sentence by sentence; the glossary's entries for the
story's words beside it; the aligned human versions as TMX 1.4 (sentence or paragraph units) or TSV."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, Response, abort, render_template, request, stream_with_context

from archive.languages import LANGS
from archive.models import paragraphs
from translation.align import Cell, align, grid
from translation.glossary import Entry
from translation.memory import FORMATS, SEGTYPES, Match, story_units
from web.archive_app import TM_WAIT, archive
from web.views.document import story_or_404

bp = Blueprint("compare", __name__)
DOWNLOADS = {"tmx": "application/x-tmx+xml; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}


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
    suggestions: list[list[tuple[str, Match | None]]] = field(
        default_factory=list
    )  # per paragraph, sentences
    memory_pending: bool = False  # the translation memory is still being built
    # the site's version in this language when its text is another language's (no translation on the site):
    # linked, never shown or aligned as a translation
    shown_instead: dict | None = None


@dataclass
class Comparison:
    """What the page shows: the columns of the chosen languages, the table's rows of cells, the glossary."""

    columns: list[Column]
    groups: list[dict[str, tuple[int, ...]]]  # paragraph groups: lang -> paragraph indices
    rows: list[dict[str, Cell]]
    chosen: tuple[str, ...]
    glossary: list[Entry] = field(default_factory=list)
    glossary_pending: bool = False

    def column(self, lang: str) -> Column:
        return next(c for c in self.columns if c.lang == lang)


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


def _human(versions: dict[str, dict], record: dict) -> dict[str, dict]:
    """The human translations among the versions: not those whose text is in another language."""
    return {lang: rec for lang, rec in versions.items() if lang not in record.get("untranslated", ())}


def chosen_langs(values: list[str]) -> tuple[str, ...]:
    """The languages the reader picked (`?lang=kk&lang=ru`), in the archive's order; all three by default."""
    picked = {v for value in values for v in value.split(",") if v}
    if picked - set(LANGS):
        abort(400)
    return tuple(lang for lang in LANGS if lang in picked) or LANGS


def compare(record: dict, versions: dict[str, dict], chosen: tuple[str, ...] = LANGS) -> Comparison:
    """The columns (the chosen languages, in the archive's order) and the aligned table."""
    every, versions = versions, _human(versions, record)
    cols = []
    for lang in chosen:
        rec = versions.get(lang)
        if rec is not None:
            cols.append(Column(lang, rec, rec.get("title"), paragraphs(rec.get("text"))))
            continue
        machine, status = _machine(versions, lang)
        if machine is not None:
            cols.append(Column(lang, None, machine.get("title"), paragraphs(machine.get("text")), machine))
        else:
            cols.append(Column(lang, None, status=status))
        cols[-1].shown_instead = every.get(lang)
    shown = {c.lang: c.paragraphs for c in cols if c.paragraphs}
    human = [c for c in cols if c.record is not None]
    missing = [c for c in cols if c.record is None and c.machine is None]
    tm = archive().translation_memory(wait=TM_WAIT)
    for col in missing:
        if tm is None:
            col.memory_pending = bool(human)
            continue
        source = next((c for c in human if c.lang == record.get("lang")), human[0] if human else None)
        if source is None:
            continue
        col.suggest_from = source.lang
        col.suggestions = tm.suggest(
            source.paragraphs, source.lang, col.lang, exclude_groups=[record.get("version_group")]
        )
    groups = align(shown)
    result = Comparison(cols, groups, grid(groups, [c.lang for c in cols]), chosen)
    base = versions.get(record.get("lang")) or record
    if tm is None:
        result.glossary_pending = True
    else:
        text = " ".join(filter(None, (base.get("title"), base.get("text"))))
        result.glossary = tm.glossary.in_text(text, base.get("lang"), chosen)
    return result


@bp.get("/documents/<record_id>/compare")
def show(record_id: str) -> str:
    record, versions = story_or_404(record_id)
    view = compare(record, versions, chosen_langs(request.args.getlist("lang")))
    return render_template("compare.html", doc=record, view=view, all_langs=LANGS, segtypes=SEGTYPES)


@bp.get("/documents/<record_id>/compare.<any(tmx, tsv):fmt>")
def download(record_id: str, fmt: str) -> Response:
    """The aligned human versions (machine translations left out): one unit per group of sentences that
    translate each other, or per aligned paragraph group (`?segtype=paragraph`)."""
    segtype = request.args.get("segtype", SEGTYPES[0])
    if segtype not in SEGTYPES:
        abort(400)
    record, versions = story_or_404(record_id)
    texts = {
        lang: (rec["id"], rec.get("title"), rec.get("text") or "")
        for lang, rec in _human(versions, record).items()
    }
    units = story_units(record.get("version_group") or record["id"], texts, segtype=segtype)
    response = Response(
        stream_with_context(FORMATS[fmt](units, segtype=segtype)), content_type=DOWNLOADS[fmt]
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{record_id}.{fmt}"'
    return response
