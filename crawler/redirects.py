"""Redirect loops reported as errors: Scrapy's duplicate filter would drop the looping request silently."""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

_REDIRECTS = {301, 302, 303, 307, 308}


class RedirectLoopMiddleware:
    """Sits before Scrapy's RedirectMiddleware (600): a redirect back to a URL of its own chain ends the
    request with IgnoreRequest("redirect loop: A -> B -> A"), which reaches the request's errback."""

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in _REDIRECTS or not location or request.meta.get("dont_redirect"):
            return response
        target = urljoin(request.url, location.decode("latin-1")).split("#")[0]
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            raise IgnoreRequest("redirect loop: " + " -> ".join([*chain[chain.index(target) :], target]))
        return response
