"""Reading the HTML the web app returns, the way the tests look at it (lxml, as a browser would parse it)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import lxml.html


def tree(body: bytes | str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(body)


def texts(body: bytes | str, xpath: str) -> list[str]:
    return [" ".join(el.text_content().split()) for el in tree(body).xpath(xpath)]


def hrefs(body: bytes | str, xpath: str) -> list[str]:
    return [el.get("href") for el in tree(body).xpath(xpath)]


def query_of(href: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
