"""The walk of one language's news list, page after page from the newest, and when it stops.

A walk goes on to the next list page until one of these (its `stop`):
- `end`: the page links to no later page;
- `empty`: the page holds no story (a warning on a later page; on the first, the language yields none);
- `repeat`: every story on the page was on an earlier page of this walk (endless pagination);
- `known`: `known_list_pages` pages in a row held only stories the archive has with the same title (a daily
  update stops where the news it already has begins; `walk_all` turns this off, for a first or repair run);
- `since`: the page reaches list items older than `since`;
- `depth`: `max_pages` pages were read (a warning when the limit was the default, not the user's);
- `error`: a list page could not be fetched (set by the spider).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from crawler.listing import Listed


@dataclass
class Walk:
    lang: str
    first_url: str
    walk_all: bool = False
    known_list_pages: int = 1
    max_pages: int | None = None
    depth_is_default: bool = False
    since: str | None = None  # ISO date
    pages: int = 0  # list pages read
    found: int = 0  # distinct stories linked from them
    all_known: int = 0  # pages that held only stored stories
    stop: str | None = None
    warnings: list[str] = field(default_factory=list)
    _streak: int = 0
    _seen: set[str] = field(default_factory=set)

    def read(
        self, url: str, number: int, stories: list[Listed], wanted: Callable[[Listed], bool], has_next: bool
    ) -> tuple[list[Listed], bool]:
        """Take in list page `number`: the stories to fetch, and whether to read the next page."""
        self.pages += 1
        fresh = [s for s in stories if s.url not in self._seen]
        self._seen.update(s.url for s in stories)
        self.found += len(fresh)
        current = [s for s in fresh if not (self.since and s.day and s.day < self.since)]
        fetch = [s for s in current if wanted(s)]
        if not stories:
            if self.pages > 1:  # an empty first page is the language yielding nothing: judged after the run
                self.warnings.append(
                    f"{url}: no story found on this list page ({self.lang}); expected links to stories in "
                    "its list items"
                )
            return fetch, self._stop("empty")
        if not fresh:
            self.warnings.append(
                f"{url}: this list page repeats the stories of earlier pages; stopped paging {self.lang} here"
            )
            return fetch, self._stop("repeat")
        if current and not fetch:
            self.all_known += 1
            self._streak += 1
        else:
            self._streak = 0
        dated = [s.day for s in stories if s.day]
        if self.since and dated and dated[-1] < self.since:
            return fetch, self._stop("since")
        if not self.walk_all and self._streak >= self.known_list_pages:
            return fetch, self._stop("known")
        if not has_next:
            return fetch, self._stop("end")
        if self.max_pages and number >= self.max_pages:
            if self.depth_is_default:
                self.warnings.append(
                    f"{url}: stopped {self.lang} after {self.pages} list pages, the default limit "
                    "(--max-pages N walks further)"
                )
            return fetch, self._stop("depth")
        return fetch, True

    def _stop(self, reason: str) -> bool:
        self.stop = reason
        return False

    def report(self) -> dict:
        return {"first": self.first_url, "list_pages": self.pages, "stories": self.found,
                "all_known": self.all_known, "stop": self.stop or "unfinished"}  # fmt: skip
