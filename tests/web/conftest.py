"""One archive for all the web tests (built once a session): the Senate story in three languages, a page
whose title and text carry script and attribute-breaking payloads, a near-duplicate pair, a plain text file;
and the Flask app over it."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.paths import DataDir
from parlarchive.app import Parlarchive
from tests.archive.stories import OTHER_STORY_EN, STORIES, page, text_file
from tests.helpers import import_files
from tests.search.corpus import RU_WATER
from web import create_app

SENATE = "https://senate.parlam.kz/{loc}/news/details/31"
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"}
XSS_TITLE = 'Budget hearing <script>alert("title")</script> "><img src=x onerror=alert(1)>'
XSS_PARAGRAPHS = [
    "The budget committee of the Mazhilis met on Friday. <script>alert('text')</script> was typed by a reader.",
    'A second reader wrote "><img src=x onerror=alert(2)> and </textarea><svg onload=alert(3)> in the budget '
    "comments, and the committee answered with a plan for the regional budget.",
]
LIBRARY_TEXT = [
    "The parliamentary library received the stenographic reports of the first convocation, bound in twelve "
    "volumes, from the archive of the Supreme Council.",
    "Readers may consult the volumes in the reading room; a digital copy is being prepared.",
]


def write_files(folder: Path) -> None:
    folder.mkdir(parents=True)
    for lang, (title, paragraphs) in STORIES.items():
        url = SENATE.format(loc=LOCALES[lang])
        alternates = {other: SENATE.format(loc=LOCALES[other]) for other in STORIES if other != lang}
        html = page(
            title, paragraphs, lang=lang, date_line="14.03.2024", canonical=url, alternates=alternates
        )
        (folder / f"senate-31-{lang}.html").write_text(html, encoding="utf-8")
    xss = page(
        XSS_TITLE, XSS_PARAGRAPHS, lang="en", date_line="10.03.2023", canonical="https://qr-pib.kz/en/p/66"
    )
    (folder / "xss.html").write_text(xss, encoding="utf-8")
    title, paragraphs = RU_WATER
    water = page(
        title,
        paragraphs,
        lang="ru",
        date_line="15.05.2022",
        canonical="https://www.parlam.kz/ru/mazhilis/news/600",
    )
    (folder / "water.html").write_text(water, encoding="utf-8")
    repost = [*paragraphs[:-1], paragraphs[-1] + " Об этом сообщила пресс-служба."]
    water2 = page(
        title,
        repost,
        lang="ru",
        date_line="16.05.2022",
        canonical="https://senate.parlam.kz/ru-RU/news/details/900",
    )
    (folder / "water-repost.html").write_text(water2, encoding="utf-8")
    note = text_file(*OTHER_STORY_EN, date_line="Tuesday, May 7th, 2024")
    (folder / "committee.txt").write_text(note, encoding="utf-8")


@pytest.fixture(scope="session")
def web_data(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    root = tmp_path_factory.mktemp("web")
    write_files(root / "files")
    import_files(root / "data", root / "files")
    library = root / "library"  # a source no registry entry names (`import --source library`)
    library.mkdir()
    note = text_file("Library acquires the stenographic reports", LIBRARY_TEXT, date_line="02.04.2024")
    (library / "library-note.txt").write_text(note, encoding="utf-8")
    report, _indexed = Parlarchive(root / "data").import_paths([library], source="library")
    assert not report.failed
    return DataDir(root / "data")


@pytest.fixture(scope="session")
def archive_app(web_data: DataDir) -> Parlarchive:
    return Parlarchive(web_data)


@pytest.fixture(scope="session")
def app(archive_app: Parlarchive) -> Flask:
    return create_app(archive_app, {"TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A client without cookies, asking for English."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(scope="session")
def ids(archive_app: Parlarchive) -> dict[str, str]:
    """Record ids by role: senate-kk/ru/en, xss, water-repost (imported first: canonical), water (its
    near-duplicate), note, library-note (source `library`)."""
    out = {}
    with archive_app.store() as store:
        for doc in store.documents():
            name = Path(doc["url"]).name.removesuffix(".html").removesuffix(".txt")
            out[{"committee": "note"}.get(name, name.replace("senate-31-", "senate-"))] = doc["id"]
    return out
