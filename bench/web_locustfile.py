"""The user mix of the web load benchmark (bench/web_load.py): searches, facet clicks and paging of the same
query, documents, compare and capture pages, Atom feeds, API calls, each request named by its page kind.

The plan (env WEB_LOAD_PLAN, a JSON file web_load.py writes) holds the search benchmark's query mix (as
URL parameters, plain and filtered) and record ids of the archive under test (all, with versions, with a
WARC capture). Think time per user is WEB_LOAD_THINK="min,max" seconds ("0,0": back-to-back requests,
the server's capacity).
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import sys
from pathlib import Path

from locust import FastHttpUser, between, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.web_load import request_for

PLAN = json.loads(Path(os.environ["WEB_LOAD_PLAN"]).read_text(encoding="utf-8"))
THINK = tuple(float(x) for x in os.environ.get("WEB_LOAD_THINK", "1,3").split(","))
FACET_LINK = re.compile(r'<a class="facet__link[^"]*"[^>]*?href="([^"]+)"')
PAGER = re.compile(r'<nav class="pager".*?</nav>', re.DOTALL)
HREF = re.compile(r'href="([^"]+)"')


class Reader(FastHttpUser):
    """A researcher or translator: searches, narrows by facets, opens documents and their versions."""

    wait_time = constant(0) if THINK == (0.0, 0.0) else between(*THINK)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.facets: list[str] = []
        self.pages: list[str] = []

    def get(self, kind: str, url: str | None = None) -> str:
        """One request of a kind (its URL from the plan unless given), checked: 200, a page or JSON."""
        path, params = (url, None) if url else request_for(kind, PLAN, self.rng)
        with self.client.get(path, params=params, name=kind, catch_response=True) as resp:
            text = resp.text or ""
            if resp.status_code != 200:
                resp.failure(f"HTTP {resp.status_code} {resp.url}: {text[:300]!r}")
            elif kind.startswith("api-"):
                try:
                    json.loads(text)
                except ValueError as exc:
                    resp.failure(f"not JSON from {resp.url}: {exc}")
            elif kind == "feed":
                if "<feed" not in text:
                    resp.failure(f"not an Atom feed from {resp.url}: {text[:300]!r}")
            elif "<html" not in text:
                resp.failure(f"not a page from {resp.url}: {text[:300]!r}")
            return text

    def searched(self, text: str) -> None:
        """Keep the facet and page links of a search page, for the next facet click or page turn."""
        links = [html.unescape(href) for href in FACET_LINK.findall(text)]
        if links:
            self.facets = links
        pager = PAGER.search(text)
        self.pages = [html.unescape(href) for href in HREF.findall(pager.group())] if pager else []

    @task(8)
    def search(self) -> None:
        self.searched(self.get("search"))

    @task(4)
    def search_filtered(self) -> None:
        self.searched(self.get("search+filter"))

    @task(4)
    def facet(self) -> None:
        """A click on a facet (language, source or year) of this user's last search page."""
        if not self.facets:
            self.search()
        if self.facets:
            self.searched(self.get("facet", self.rng.choice(self.facets)))

    @task(3)
    def page(self) -> None:
        """Another page of this user's last search (the pager's links: next, a number, the last)."""
        if not self.pages:
            self.search()
        if self.pages:
            self.searched(self.get("page", self.rng.choice(self.pages)))

    @task(2)
    def feed(self) -> None:
        self.get("feed")

    @task(4)
    def document(self) -> None:
        self.get("document")

    @task(2)
    def compare(self) -> None:
        self.get("compare")

    @task(1)
    def capture(self) -> None:
        if PLAN["captures"]:
            self.get("capture")

    @task(2)
    def api_search(self) -> None:
        self.get("api-search")

    @task(1)
    def api_document(self) -> None:
        self.get("api-document")
