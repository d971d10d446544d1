"""The interface language: message catalogs compiled from the repository's .po files, and the locale choice.

The .po files (web/translations/<lang>/LC_MESSAGES/messages.po) are the only form in the repository: they
are compiled in memory when the app starts (a few milliseconds), so a plain `pip install .` needs no build
step and no binary catalog is committed or written anywhere. A new or changed message: run
`pybabel extract -F web/babel.cfg -k N_ -k QueryError -k SearchTooSlow -o /tmp/messages.pot . && pybabel update
-i /tmp/messages.pot -d web/translations` and translate it; tests/web/test_i18n.py fails while any message lacks a translation.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Flask, request
from flask_babel import Babel, Domain, get_locale

from archive.languages import LANGS

UI_LANGS = LANGS  # the interface speaks the archive's three languages
SOURCE_LANG = "en"  # the language of the msgids: it needs no catalog
COOKIE = "ui_lang"
COOKIE_AGE = 365 * 24 * 3600  # a year: the choice is a preference, not a session
TRANSLATIONS = Path(__file__).parent / "translations"


def N_(message: str) -> str:
    """Marks a message for the catalogs (Babel extracts `N_`); it is translated where it is used."""
    return message


def catalog_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


@cache
def catalogs() -> dict[str, Translations]:
    """Every interface language's compiled catalog (English: the msgids themselves)."""
    out = {}
    for lang in UI_LANGS:
        if lang == SOURCE_LANG:
            continue
        with catalog_path(lang).open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        out[lang] = Translations(buf)
    return out


class CatalogDomain(Domain):
    """flask-babel's domain, reading the catalogs compiled in memory instead of .mo files."""

    def get_translations(self) -> NullTranslations:
        return catalogs().get(str(get_locale()), NullTranslations())


def ui_lang() -> str:
    """The request's interface language: the remembered choice, else the browser's preference, else English."""
    chosen = request.cookies.get(COOKIE)
    if chosen in UI_LANGS:
        return chosen
    for value, _quality in request.accept_languages:  # best first; kk-KZ counts as kk
        primary = value.split("-")[0].lower()
        if primary in UI_LANGS:
            return primary
    return SOURCE_LANG


def init_i18n(app: Flask) -> None:
    babel = Babel(app, locale_selector=ui_lang, default_locale=SOURCE_LANG)
    babel.domain_instance = CatalogDomain()
    catalogs()  # compile now: a broken catalog stops the app at start, not at its first request
