"""The archive's absolute addresses (feed and entry ids, citations): the public-address setting, never the Host
a request names, so that an id is the same whoever asks and however they reach the server."""

from __future__ import annotations

from flask import url_for

from web.archive_app import archive


def public_url(endpoint: str, **values: object) -> str:
    """The absolute address of a page of the archive, under `Settings.public_url`."""
    return archive().settings.public_url + url_for(endpoint, **values)
