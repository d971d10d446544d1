"""The translation memory's lifecycle without Flask (translation.memory_cache): pending while its first
build runs, then ready; kept while young, rebuilt in the background once the archive changed and it aged;
and `tm lookup` / `tm export` over it, reading the archive only."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from archive.models import Capture, Extracted
from archive.store import Store
from parlarchive.app import Parlarchive
from tests.helpers import cli
from translation.memory_cache import MemoryCache

BUDGET = {
    "kk": "Мәжіліс бірінші оқылымда бюджет туралы заң жобасын мақұлдады.",
    "ru": "Мажилис одобрил в первом чтении законопроект о бюджете.",
}
WATER = {
    "kk": "Депутаттар суды үнемдеу туралы дөңгелек үстел өткізді.",
    "ru": "Депутаты провели круглый стол об экономии воды.",
}


def save_story(data: Path, story: int, paragraphs: dict[str, str]) -> None:
    with Store(data / "archive.sqlite3") as store:
        for lang, text in paragraphs.items():
            url = f"https://mazhilis.parlam.kz/{lang}/news/{story}"
            doc = Extracted(title=f"{story} {lang}", lang=lang, text=text, url=url)
            store.save(doc, Capture(url=url, fetched_at="2024-03-14T00:00:00Z", sha256=url), "mazhilis")


@pytest.fixture
def app(tmp_path: Path) -> Parlarchive:
    save_story(tmp_path / "data", 1, BUDGET)
    return Parlarchive(tmp_path / "data")


def gated(app: Parlarchive, gate: threading.Event) -> Callable[[], AbstractContextManager[Store]]:
    """The app's reading store, for which the background build waits until `gate` is set."""

    def open_store() -> AbstractContextManager[Store]:
        if threading.current_thread().name == "translation-memory":
            assert gate.wait(10), "the test never opened the gate"
        return app.store()

    return open_store


def wait_for(condition: Callable[[], object]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_the_memory_is_pending_while_its_first_build_runs_then_ready(app: Parlarchive) -> None:
    gate = threading.Event()
    cache = MemoryCache(gated(app, gate))
    assert cache.get(wait=0) is None  # a request does not wait for the build
    gate.set()
    memory = cache.get(wait=None)  # the command line does
    assert memory is not None
    [match] = memory.lookup(BUDGET["ru"], "ru")
    assert match.score == 100 and match.versions == {"kk": BUDGET["kk"]}
    assert cache.get(wait=0) is memory


def test_a_changed_archive_is_seen_once_the_memory_has_aged(app: Parlarchive) -> None:
    young, aging = MemoryCache(app.store), MemoryCache(app.store, max_age=0)
    first_young, first_aging = young.get(), aging.get()
    save_story(app.data.root, 2, WATER)
    assert young.get() is first_young  # young: serves the changed archive as it is
    assert aging.get() is first_aging  # aged: still answers while the new one is built …
    wait_for(lambda: aging.get() is not first_aging)  # … and is replaced by it
    assert aging.get().lookup(WATER["ru"], "ru")[0].versions == {"kk": WATER["kk"]}
    assert young.get().lookup(WATER["ru"], "ru") == []


def test_a_large_archives_memory_built_in_a_process_of_its_own_is_the_same(app: Parlarchive) -> None:
    """Above APART_RECORDS records the build runs in a new process (this one's threads keep Python's lock):
    the memory that comes back answers as one built here."""
    here, apart = MemoryCache(app.store).get(), MemoryCache(app.store, apart_records=0).get()
    assert apart is not None and apart is not here
    assert [(u.group, u.texts, u.ids) for u in apart.units] == [(u.group, u.texts, u.ids) for u in here.units]
    for lang, text in BUDGET.items():
        assert [m.as_json() for m in apart.lookup(text, lang)] == [
            m.as_json() for m in here.lookup(text, lang)
        ]
        assert apart.lookup(text, lang)


def test_the_command_line_and_the_app_share_one_memory(app: Parlarchive) -> None:
    assert app.translation_memory() is app.translation_memory()
    assert [m.text for m in app.tm_lookup(BUDGET["kk"], "kk")] == [BUDGET["kk"]]


def test_tm_lookup_shows_a_pages_control_characters_escaped(tmp_path: Path) -> None:
    """Text stored before controls were stripped (an older archive) still never reaches a terminal raw."""
    hostile = {lang: text + " \u202eevil\x1b[2J" for lang, text in BUDGET.items()}
    save_story(tmp_path / "data", 3, hostile)
    code, out, _ = cli(tmp_path / "data", "tm", "lookup", BUDGET["ru"], "--lang", "ru")
    assert code == 0
    assert "\\u202eevil\\x1b[2J" in out and not {"\u202e", "\x1b"} & set(out)


def test_tm_commands_need_an_archive_and_create_none(tmp_path: Path) -> None:
    for args in (("tm", "lookup", "текст", "--lang", "ru"), ("tm", "export", "--format", "tsv")):
        code, _out, err = cli(tmp_path / "none", *args)
        assert code == 2 and err.startswith("error: no archive at ") and err.count("\n") == 1, err
    assert not (tmp_path / "none").exists()
