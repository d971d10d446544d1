"""How the interface names sources, languages and dates, in the interface language."""

from __future__ import annotations

from datetime import date

from babel import Locale
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from archive.kazakh import inflect
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


# The registered sources' full titles (archive.sources holds them, in English: these are the same strings,
# marked for the catalogs), which citations name as the author.
SOURCE_TITLES = {
    "senate": N_("Senate of the Parliament"),
    "mazhilis": N_("Mazhilis of the Parliament"),
    "institute": N_("Institute of Parliamentarism"),
}


def source_title(name: str | None) -> str:
    """A source's full title in the interface language, for citations (an unregistered one by its label)."""
    entry = SOURCES.get(name or "")
    return _(SOURCE_TITLES.get(entry.name, entry.title)) if entry else source_label(name)


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


# In Kazakh "from" and "to" are postpositions that govern a case: the date before "бастап" is in the ablative
# (қаңтарДАН бастап), before "дейін" in the dative (желтоқсанҒА дейін); its last word (the month) takes it.
GOVERNED_CASE = {"kk": {"from": "ablative", "to": "dative"}}


def _governed(text: str, bound: str) -> str:
    case = GOVERNED_CASE.get(str(get_locale()), {}).get(bound)
    if case is None:
        return text
    head, _space, last = text.rpartition(" ")
    return f"{head} {inflect(last, case)}".lstrip()


def date_from_label(iso: str) -> str:
    """ "from March 14, 2024" in the interface language (Kazakh: "2024 ж. 14 наурыздан бастап")."""
    return _("from %(date)s", date=_governed(long_date(iso), "from"))


def date_to_label(iso: str) -> str:
    """ "to March 14, 2024" in the interface language (Kazakh: "2024 ж. 14 наурызға дейін")."""
    return _("to %(date)s", date=_governed(long_date(iso), "to"))
