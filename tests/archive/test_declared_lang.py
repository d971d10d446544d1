"""The language a page declares and the language it is written in (issue 20, item 4): the version slot comes
from the declaration (URL prefix, hreflang, <html lang>), the detected language is stored beside it; a
Kazakh version that is Russian text (the site has no Kazakh translation) is linked to its partners, never a
duplicate of them, counted by `dupes` and `check`, and shown as such on the document and compare pages."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from parlarchive import Parlarchive
from tests.archive.legacy_skins import BUDGET, LANGS3
from tests.archive.stories import STORIES
from tests.archive.test_template import write_warc
from tests.helpers import cli, cli_json, data_folder, records
from tests.web.pages import texts, tree
from web import create_app

# A deputy's page whose Kazakh version shows the Russian text (as parlam.kz deputy pages do).
BIO = {
    "ru": (
        "Жумабаева Айгуль Маратовна",
        [
            "Родилась 12 марта 1968 года в городе Кокшетау Акмолинской области.",
            "Окончила Карагандинский государственный университет по специальности «Правоведение».",
            "Избрана депутатом Сената Парламента Республики Казахстан в 2020 году, член Комитета по аграрным вопросам.",
        ],
    ),
    "en": (
        "Aigul Zhumabayeva",
        [
            "Born on 12 March 1968 in Kokshetau, Akmola region.",
            "Graduated from Karaganda State University with a degree in law.",
            "Elected a deputy of the Senate of the Parliament in 2020, member of the Committee on Agrarian Issues.",
        ],
    ),
}
BIO["kk"] = BIO["ru"]  # no Kazakh translation: the site shows the Russian one under /kk/
STORIES3 = {
    15: {lang: BUDGET[lang][:2] for lang in LANGS3},
    16: BIO,
    17: STORIES,
}
MISSING = (16, "kk")  # the version whose text is in another language


def _html(n: int, lang: str, *, html_lang: bool, links: str = "") -> str:
    title, paragraphs = STORIES3[n][lang]
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    attr = f' lang="{lang}"' if html_lang else ""
    switch = "".join(f'<a href="/{code}/news/{n}">{code.upper()}</a> ' for code in LANGS3)
    return (
        f'<!DOCTYPE html><html{attr}><head><meta charset="utf-8"><title>{escape(title)}</title>{links}</head>'
        f'<body><div class="langs">{switch}</div><article><h1>{escape(title)}</h1>'
        f'<div class="date">14.05.2024</div>{body}</article></body></html>'
    )


def by_prefix(root: Path) -> Path:
    """A crawl's WARC: the language only in the URL's first segment (no <html lang>, no hreflang)."""
    pages = {
        f"http://prefix.example/{lang}/news/{n}": _html(n, lang, html_lang=False)
        for n in STORIES3
        for lang in LANGS3
    }
    write_warc(root / "prefix.warc.gz", pages)
    return root / "prefix.warc.gz"


def _hreflang_url(n: int, lang: str) -> str:
    return f"http://hreflang.example/news/{n}" if lang == "kk" else f"http://hreflang.example/{lang}/news/{n}"


def by_hreflang(root: Path) -> Path:
    """Kazakh at the root of the site without a prefix: each page names itself in its hreflang links."""
    pages = {}
    for n in STORIES3:
        links = "".join(
            f'<link rel="alternate" hreflang="{code}" href="{_hreflang_url(n, code)}">' for code in LANGS3
        )
        for lang in LANGS3:
            pages[_hreflang_url(n, lang)] = _html(n, lang, html_lang=False, links=links)
    write_warc(root / "hreflang.warc.gz", pages)
    return root / "hreflang.warc.gz"


def by_html_lang(root: Path) -> Path:
    """Pages saved from a browser: only <html lang> says the language (their links are relative)."""
    folder = root / "saved"
    folder.mkdir()
    for n in STORIES3:
        links = "".join(
            f'<link rel="alternate" hreflang="{code}" href="/{code}/news/{n}">' for code in LANGS3
        )
        for lang in LANGS3:
            (folder / f"story-{n}-{lang}.html").write_text(
                _html(n, lang, html_lang=True, links=links), encoding="utf-8"
            )
    return folder


LAYOUTS = {"prefix": by_prefix, "hreflang": by_hreflang, "html-lang": by_html_lang}


def _story(url: str) -> tuple[int, str]:
    """(story number, declared language) of a stored URL of any layout."""
    if url.startswith("file:"):
        _story, n, lang = url.rsplit("/", 1)[1].removesuffix(".html").split("-")
        return int(n), lang
    parts = url.split("/")
    return int(parts[-1]), parts[3] if parts[3] in LANGS3 else "kk"


@pytest.fixture(scope="module", params=sorted(LAYOUTS))
def archive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp(request.param)
    source = LAYOUTS[request.param](root)
    data = data_folder(root / "data")
    code, _out, err = cli(data.root, "import", str(source))
    assert code == 0, err
    stored = {_story(url): rec for url, rec in records(data).items()}
    assert len(stored) == 9
    return data, stored


def test_the_slot_is_the_declared_language_and_the_written_one_is_stored_beside_it(archive) -> None:
    _data, stored = archive
    for (n, lang), rec in stored.items():
        assert rec["lang"] == lang
        assert rec["text_lang"] == ("ru" if (n, lang) == MISSING else lang), (n, lang)


def test_a_version_in_another_language_is_linked_never_a_duplicate_of_its_partner(archive) -> None:
    _data, stored = archive
    for (n, _lang), rec in stored.items():
        assert rec["duplicate_of"] is None
        assert rec["versions"] == {code: stored[n, code]["id"] for code in LANGS3}
        assert rec["untranslated"] == (["kk"] if n == MISSING[0] else [])


def test_dupes_and_check_count_the_version_that_is_another_languages_text(archive) -> None:
    data, stored = archive
    missing = stored[MISSING]
    code, out, _err = cli(data.root, "dupes")
    assert code == 0
    assert "1 version holds the text of another language (no translation on the site):" in out
    assert f"{missing['id']}  kk, text in ru  {missing['url']}" in out
    assert cli_json(data.root, "dupes") == [], "no cluster of duplicates"
    code, out, err = cli(data.root, "check")
    assert code == 0, out + err
    assert "note: 1 version holds the text of another language" in out


def test_show_says_the_text_is_in_another_language(archive) -> None:
    data, stored = archive
    code, out, _err = cli(data.root, "show", stored[MISSING]["id"])
    assert code == 0 and "kk (text in ru)" in out.splitlines()[1]
    assert cli_json(data.root, "show", stored[MISSING]["id"])["text_lang"] == "ru"


def test_the_document_and_compare_pages_show_the_kazakh_version_is_missing(archive) -> None:
    data, stored = archive
    client = create_app(Parlarchive(data)).test_client()
    missing, russian = stored[MISSING], stored[MISSING[0], "ru"]
    page = client.get(f"/documents/{missing['id']}")
    assert tree(page.data).xpath("//article/@lang") == ["ru"], "the text is marked up as what it is"
    [notice] = texts(page.data, "//p[contains(@class,'notice--untranslated')]")
    assert notice == "This Kazakh version shows the Russian text: the site has no Kazakh translation of it."
    badges = tree(client.get(f"/documents/{russian['id']}").data).xpath("//a[contains(@class,'badge--lang')]")
    assert [b.get("hreflang") for b in badges if "is-untranslated" in b.get("class")] == ["kk"]
    compare = client.get(f"/documents/{russian['id']}/compare")
    [head] = tree(compare.data).xpath("//th[contains(@class,'is-untranslated')]")
    assert head.get("lang") == "kk"
    assert "The site's Kazakh version shows the Russian text" in " ".join(head.text_content().split())
    cells = tree(compare.data).xpath("//tbody/tr/td[1]")  # the Kazakh column holds no Russian paragraph
    assert not any(td.text_content().strip() in BIO["ru"][1] for td in cells)
    header, *units = client.get(f"/documents/{russian['id']}/compare.tsv").get_data(as_text=True).splitlines()
    assert header.startswith("kk-KZ\t") and units
    assert all(unit.split("\t")[0] == "" for unit in units), "no Russian text aligned as the Kazakh version"


def test_saved_records_keep_the_written_language_through_reextract(archive, tmp_path: Path) -> None:
    data, _stored = archive
    report = cli_json(data.root, "reextract")
    assert report["failed"] == [] and report["updated"] == 0, report
    assert {(r["lang"], r["text_lang"]) for r in records(data).values()} >= {("kk", "ru"), ("kk", "kk")}


def test_an_archive_of_the_previous_schema_gains_the_column(tmp_path: Path) -> None:
    import sqlite3

    from archive.schema import MIGRATIONS, script_for
    from archive.store import Store

    path = tmp_path / "old.sqlite3"
    before = next(i for i, script in enumerate(MIGRATIONS) if "text_lang" in str(script))
    with sqlite3.connect(path) as conn:
        for script in MIGRATIONS[:before]:
            conn.executescript(script_for(script, "sqlite"))
        conn.execute(f"PRAGMA user_version = {before}")
        conn.execute(
            "INSERT INTO documents (id, url, source, lang, text, fetched_at, content_hash, version_group, rev)"
            " VALUES ('a', 'http://x.example/kk/news/1', 'file', 'kk', 'Мәтін', '2024', 'h', 'a', 1)"
        )
    with Store(path) as store:
        assert store.get("a")["text_lang"] is None and store.get("a")["lang"] == "kk"
        assert store.get("a")["untranslated"] == [], "an unknown written language is no missing translation"


def test_translation_takes_the_missing_kazakh_version_as_missing(archive) -> None:
    data, stored = archive
    code, out, err = cli(data.root, "tm", "export", "--format", "tsv")
    assert code == 0, err
    kazakh = [line.split("\t")[0] for line in out.splitlines()[1:]]
    assert kazakh and not set(kazakh) & {*BIO["ru"][1], BIO["ru"][0]}, (
        "no Russian text as Kazakh in the memory"
    )
    report = cli_json(data.root, "translate", "--to", "kk")
    assert report["no_model"] == 1, "the one story without a Kazakh translation is the one to translate"
