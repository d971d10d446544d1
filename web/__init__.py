"""The Flask UI and JSON API: `create_app(app_obj)` builds the app over one application object.

The app only reads, and only through the application object: what it calls is declared by
`web.archive_app.ArchiveApp`. Views are blueprints: every module in `web/views/` that defines `bp` is
registered, and `web.api` serves the JSON API.
"""

from __future__ import annotations

import importlib
import pkgutil

from flask import Blueprint, Flask

from web import views
from web.archive_app import EXTENSION, ArchiveApp
from web.errors import init_errors
from web.i18n import init_i18n
from web.security import secure
from web.templating import init_templating

__all__ = ["create_app"]


def blueprints() -> list[Blueprint]:
    """The JSON API and every `bp` of the modules in web/views/."""
    from web.api import bp as api

    found = [api]
    for info in sorted(pkgutil.iter_modules(views.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{views.__name__}.{info.name}")
        if isinstance(getattr(module, "bp", None), Blueprint):
            found.append(module.bp)
    return found


def create_app(app_obj: ArchiveApp, config: dict | None = None) -> Flask:
    """The Flask app over the application object (`parlarchive.app.Parlarchive`); `config` overrides."""
    app = Flask(__name__)
    app.config.update(config or {})
    app.json.sort_keys = False  # the API's fields in the command line's order
    app.json.ensure_ascii = False
    app.extensions[EXTENSION] = app_obj
    init_i18n(app)
    init_templating(app)
    init_errors(app)
    secure(app)
    for bp in blueprints():
        app.register_blueprint(bp)
    return app
