"""The translation memory through the application and the command line on an archive of versions paragraphed
differently: search in all languages, the glossary's export, the TMX of a search's stories, a memory bounded
to the newest stories, and translation statuses that do not re-index the archive."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from archive import parallel
from archive.models import Capture, Extracted
from archive.store import Store
from bench.crosslang_recall import build, measure
from parlarchive.app import Parlarchive
from tests.helpers import cli
from translation.memory import TranslationMemory


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Parlarchive:
    return build(tmp_path_factory.mktemp("crosslang"))


def test_kazakh_queries_find_russian_only_stories_when_searched_in_all_languages(app: Parlarchive) -> None:
    figures = measure(app)
    assert figures["before"] <= 0.1, "the words are in no script of those stories"
    assert figures["after"] >= 0.8, figures


def test_search_all_languages_says_how_it_searched(app: Parlarchive) -> None:
    code, out, _ = cli(app.data.root, "search", "мұғалімдердің", "--all-languages", "--json")
    result = json.loads(out)
    assert code == 0 and result["expanded_query"].startswith("(мұғалімдердің OR учител")
    assert any(hit["title"] == "Заработная плата учителей" for hit in result["hits"])
    code, out, _ = cli(app.data.root, "search", "мұғалімдердің", "--all-languages")
    assert out.splitlines()[0].startswith("searched in all languages as: (мұғалімдердің OR ")


def test_the_glossary_exports_as_csv_and_tbx(app: Parlarchive) -> None:
    code, out, _ = cli(app.data.root, "tm", "glossary", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows[0].keys() >= {"from", "to", "source", "target", "count", "example_source"}
    assert any(r["from"] == "kk" and r["to"] == "ru" and r["source"].startswith("мәслихат") for r in rows)
    code, out, _ = cli(app.data.root, "tm", "glossary", "--format", "tbx")
    root = ET.fromstring(out)
    entries = root.findall("text/body/termEntry")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert entries and {ls.get(lang) for ls in entries[0].findall("langSet")} <= {"kk", "ru", "en"}


def test_tm_export_of_a_search_holds_only_its_stories(app: Parlarchive, tmp_path: Path) -> None:
    whole = tmp_path / "all.tmx"
    assert cli(app.data.root, "tm", "export", "--format", "tmx", "-o", str(whole))[0] == 0
    code, out, _ = cli(app.data.root, "tm", "export", "--format", "tmx", "--query", "Ашимбаев")
    assert code == 0
    units = ET.fromstring(out).findall("body/tu")
    stories = {tu.findtext("prop") for tu in units}
    assert len(stories) == 1 and 0 < len(units) < len(ET.parse(whole).findall("body/tu"))
    code, out, _ = cli(app.data.root, "tm", "export", "--format", "tmx", "--segtype", "paragraph")
    assert code == 0 and ET.fromstring(out).find("header").get("segtype") == "paragraph"


def test_tm_export_aligned_in_worker_processes_is_the_export_of_one(
    app: Parlarchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`tm export` aligns its stories in worker processes (PARLARCHIVE_IMPORT_WORKERS): the same units in the
    same order as one process gives."""
    monkeypatch.setattr(parallel, "IN_PROCESS_FIRST", 2)  # the stories after the second go to the workers
    with app.store() as store:
        assert len(store.version_groups()) > 2 * parallel.IN_PROCESS_FIRST
    one = "".join(app.tm_export("tmx", workers=1))
    two = "".join(app.tm_export("tmx", workers=2))
    assert one.count("<tu ") > 10 and two == one


def test_a_memory_holds_the_newest_stories_up_to_its_bound(app: Parlarchive) -> None:
    with app.store() as store:
        full = TranslationMemory.from_store(store)
        small = TranslationMemory.from_store(store, max_units=10)
    assert full.complete and not small.complete
    assert 10 <= len(small.units) < len(full.units) and small.stories < full.stories


def test_a_missing_model_recorded_for_a_story_re_indexes_nothing(tmp_path: Path) -> None:
    url = "https://senate.parlam.kz/ru-RU/news/details/1"
    with Store(tmp_path / "archive.sqlite3") as store:
        doc = Extracted(title="Сенат", lang="ru", text="Сенат принял закон о бюджете.", url=url)
        rid = store.save(doc, Capture(url=url, fetched_at="2024-03-14T00:00:00Z", sha256="x"), "senate").id
        before = store.current_rev()
        store.save_translation(rid, "en", None, None, None, "no-model", detail="no model for ru→en")
        assert store.current_rev() == before, "a status without text changes nothing the index holds"
        store.save_translation(rid, "en", "T", "Machine text.", "m", "done", engine="argos")
        assert store.current_rev() == before + 1
        store.save_translation(
            rid, "en", "T", "Machine text.", "m", "done", engine="argos", model_version="2"
        )
        assert store.current_rev() == before + 1, "the same text from a newer model: the index holds the same"
