"""The archive's absolute addresses (feed and entry ids, citations, exports): the public-address setting, never
the Host a request names, so that an id is the same whoever asks and however they reach the server."""

from __future__ import annotations

from urllib.parse import quote

from flask import url_for

from web.archive_app import archive

RECORD_PATH = "/documents/{id}"  # a record's page (the document view's route)


def record_path(record_id: str) -> str:
    return RECORD_PATH.format(id=quote(record_id, safe=""))


def record_url(public_url: str, record_id: str) -> str:
    """The archive's own link to a record, under the public address `public_url` (`Settings.public_url`)."""
    return public_url + record_path(record_id)


def public_url(endpoint: str, **values: object) -> str:
    """The absolute address of a page of the archive, under `Settings.public_url`."""
    return archive().settings.public_url + url_for(endpoint, **values)
