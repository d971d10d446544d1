"""The README says what is true of the program: every exit status an error can end a command with."""

from __future__ import annotations

import importlib
import pkgutil
import re

from archive.errors import ParlarchiveError
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGES = ("archive", "crawler", "search", "translation", "web", "parlarchive")


def every_error_class() -> set[type[ParlarchiveError]]:
    """ParlarchiveError and every subclass the project's modules define (all of them imported first)."""
    for name in PACKAGES:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)
    found, todo = set(), [ParlarchiveError]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo += cls.__subclasses__()
    return found


def test_every_exit_status_is_in_the_readme() -> None:
    statement = re.search(r"Exit status: ([^.]+)\.", README)
    assert statement, "the README has no 'Exit status: …' sentence"
    documented = {int(n) for n in re.findall(r"\b(\d+) \w", statement.group(1))}
    carried = {cls.exit_status for cls in every_error_class()}
    assert len(carried) > 1 and carried <= documented, (
        f"README documents {documented}, errors carry {carried}"
    )
    assert documented == carried | {0}, (
        f"README documents {documented}; success is 0, the errors carry {carried}"
    )
