"""How the interface names sources, languages and dates, in the interface language."""

from __future__ import annotations

from datetime import date

from babel import Locale
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from archive.sources import FILE_SOURCE, SOURCES
from web.i18n import N_

SOURCE_LABELS = {
    "senate": N_("Senate"),
    "mazhilis": N_("Mazhilis"),
    "institute": N_("Institute of Parliamentarism"),
    FILE_SOURCE: N_("Imported file"),
}


def source_label(name: str | None) -> str:
    """A source's short name in the interface language (an unlisted one as stored)."""
    if not name:
        return _("Unknown source")
    return _(SOURCE_LABELS[name]) if name in SOURCE_LABELS else name


def source_title(name: str | None) -> str:
    """A source's full English title, for citations (a citation names the publisher as it names itself)."""
    entry = SOURCES.get(name or "")
    return entry.title if entry else source_label(name)


def lang_name(code: str | None) -> str:
    """A language's own name (қазақ тілі, русский, English): what a language switch shows."""
    if not code:
        return _("Unknown language")
    return Locale.parse(code).get_display_name(code)


def lang_label(code: str | None) -> str:
    """A language's name in the interface language ("kk-Arab": Kazakh in the Arabic script, so named)."""
    if not code:
        return _("Unknown language")
    return Locale.parse(code, sep="-").get_display_name(get_locale())


def text_dir(tag: str | None) -> str:
    """The direction of a text in this language tag: right to left in the Arabic script, else left to right."""
    return "rtl" if (tag or "").endswith("-Arab") else "ltr"


def long_date(iso: str | None) -> str:
    """An ISO date as people of the interface language write it."""
    if not iso:
        return _("date unknown")
    try:
        return format_date(date.fromisoformat(iso[:10]), "long")
    except ValueError:
        return iso
