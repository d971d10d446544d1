"""A site's template learned from the archive (issue 12, item 1): deputy pages of three skins of our own,
imported from a WARC with their original URLs, lose their sidebar, poll and schedule widget, are never
near-duplicates of each other, and their kk/ru pairs stay linked."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import dedupe, template
from archive.models import Capture, Extracted
from archive.normalize.core import normalize
from archive.store import Store
from tests.archive.skins import NAMES, SIDEBAR, SKINS, deputy
from tests.helpers import cli, cli_json, data_folder, records

WIDGETS = [
    "Расписание депутата",
    "Социальный опрос",
    "Укажите, пожалуйста, Ваш возраст:",
    "Әлеуметтік сауалнама",
]


def write_warc(path: Path, pages: dict[str, str]) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, html in pages.items():
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
            )
            writer.write_record(record)


def import_site(tmp: Path, pages: dict[str, str]) -> dict[str, dict]:
    """Import these pages ({url: html}) from a WARC, as a crawl would have stored them; every record by URL."""
    write_warc(tmp / "site.warc.gz", pages)
    data = data_folder(tmp / "data")
    code, _out, err = cli(data.root, "import", str(tmp / "site.warc.gz"))
    assert code == 0, err
    return records(data)


def site_pages() -> dict[str, str]:
    """Six deputies in kk and ru on each of three skins (36 pages), kk and ru interleaved as a crawl meets them."""
    pages = {}
    for name, skin in SKINS.items():
        for i in range(len(NAMES)):
            for lang in ("ru", "kk"):
                title, paragraphs = deputy(i, lang)
                pages[f"http://{name}.example/{lang}/deputies/{i + 1}"] = skin(
                    lang, title, paragraphs, f"/deputies/{i + 1}"
                )
    return pages


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("template")
    write_warc(tmp / "deputies.warc.gz", site_pages())
    data = data_folder(tmp / "data")
    code, _out, err = cli(data.root, "import", str(tmp / "deputies.warc.gz"))
    assert code == 0, err
    return data, records(data)


def test_every_page_loses_its_sites_template_at_import_and_keeps_its_story(archive) -> None:
    _data, stored = archive
    assert len(stored) == 36
    for url, rec in stored.items():
        lang, number = url.split("/")[3], int(url.rsplit("/", 1)[1])
        title, paragraphs = deputy(number - 1, lang)
        assert rec["title"] == title
        assert rec["text"] == "\n\n".join(paragraphs), url
        assert not any(line in rec["text"] for line in SIDEBAR[lang] + WIDGETS)


def test_no_deputy_is_a_duplicate_of_another_and_pairs_stay_linked(archive) -> None:
    data, after = archive
    by_id = {r["id"]: r for r in after.values()}
    assert cli_json(data.root, "dupes"), "the same deputy's page on two sites is one story"
    for url, rec in after.items():
        if rec["duplicate_of"]:  # only ever the same deputy's page, on another site
            canonical = by_id[rec["duplicate_of"]]
            assert canonical["title"] == rec["title"] and canonical["url"].split("/")[2] != url.split("/")[2]
        assert set(rec["versions"]) == {"kk", "ru"}, url
        other = url.replace("/ru/", "/kk/") if "/ru/" in url else url.replace("/kk/", "/ru/")
        assert rec["versions"][after[other]["lang"]] == after[other]["id"]


def test_reextract_reads_every_capture_back_and_changes_nothing_learned(archive) -> None:
    data, _stored = archive
    assert cli_json(data.root, "reextract", "--host", "www.table.example") == {
        "updated": 0, "unchanged": 12, "failed": [], "indexed": 0,
    }  # fmt: skip


def test_reextract_strips_an_archive_written_before_templates_were_learned(tmp_path: Path) -> None:
    pages = site_pages()
    write_warc(tmp_path / "deputies.warc.gz", pages)
    data = data_folder(tmp_path / "data")
    assert cli(data.root, "import", str(tmp_path / "deputies.warc.gz"))[0] == 0
    with sqlite3.connect(data.archive) as conn:  # as an earlier program stored them: sidebar and all
        conn.execute("DELETE FROM template_pages")
        conn.execute("DELETE FROM template_lines")
        for url, html in pages.items():
            doc = normalize(html.encode(), url)
            conn.execute(
                "UPDATE documents SET text = ?, content_hash = ? WHERE url = ?",
                (doc.text, dedupe.content_hash(f"{doc.title}\n{doc.text}"), url),
            )
    assert sum(SIDEBAR["ru"][0] in r["text"] for r in records(data).values()) == 18
    report = cli_json(data.root, "reextract")
    assert report["failed"] == [] and report["updated"] >= 6, report
    for url, rec in records(data).items():
        assert not any(line in rec["text"] for line in SIDEBAR[url.split("/")[3]]), url


def test_the_template_is_kept_per_host_and_language(archive) -> None:
    data, *_ = archive
    with Store(data.archive) as store:
        learned = {(t["host"], t["lang"]): t for t in store.templates()}
        assert set(learned) == {(f"{skin}.example", lang) for skin in SKINS for lang in ("kk", "ru")}
        assert all(t["pages"] == 6 and t["template_lines"] >= 9 for t in learned.values())
        assert store.template("nowhere.example", "ru") == set()


def _doc(title: str, text: str, lang: str = "ru", **kw) -> Extracted:
    return Extracted(title=title, text=text, lang=lang, **kw)


def _cap(url: str) -> Capture:
    return Capture(url=url, fetched_at="2024-01-01T00:00:00Z", sha256=url)


SHORT = (
    "Депутат Мажилиса Парламента Республики Казахстан, член комитета по вопросам законодательства и"
    " судебно-правовой реформы, избран в {} году по партийному списку партии."
)


def test_a_short_text_is_a_near_duplicate_only_when_its_title_agrees(tmp_path: Path) -> None:
    text_a, text_b = SHORT.format(2021), SHORT.format(2021) + " Женат."
    assert (
        dedupe.is_short(text_a)
        and dedupe.similarity(dedupe.signature(text_a), dedupe.signature(text_b)) > 0.5
    )
    with Store(tmp_path / "a.sqlite3") as store:
        first = store.save(_doc("Ахметов Серик Болатович", text_a), _cap("file:///a/1.html"), "file")
        other = store.save(_doc("Ким Владимир Николаевич", text_b), _cap("file:///a/2.html"), "file")
        repost = store.save(_doc("Ахметов Серик Болатович", text_b), _cap("file:///a/3.html"), "file")
    assert other.duplicate_of is None, "another deputy's page"
    assert repost.duplicate_of == first.id, "the same page again"
    assert dedupe.titles_agree("Ахметов Серик Болатович", "Ахметов Серік Болатович")
    assert not dedupe.titles_agree("Ахметов Серик", "Ким Владимир")


def test_a_record_is_never_a_duplicate_of_its_own_language_version(tmp_path: Path) -> None:
    text = SHORT.format(2019) + " 2019 2020 2021 2022 ·"
    with Store(tmp_path / "v.sqlite3") as store:
        ru = store.save(_doc("Ахметов", text), _cap("https://x.example/ru/deputies/1"), "file")
        kk = store.save(_doc("Ахметов", text, "kk"), _cap("https://x.example/kk/deputies/1"), "file")
        assert kk.duplicate_of is None and kk.version_group == store.get(ru.id)["version_group"]
        # a version that arrives as a copy first, and is linked only later, is released when linked
        en = store.save(_doc("Ахметов", text, "en"), _cap("https://y.example/en/d/1"), "file")
        assert en.duplicate_of == ru.id
        linked = _doc("Ахметов", text, "en", alternates={"ru": "https://x.example/ru/deputies/1"})
        store.save(linked, _cap("https://y.example/en/d/1"), "file")
        assert store.get(en.id)["duplicate_of"] is None
        assert store.get(ru.id)["versions"] == {"ru": ru.id, "kk": kk.id, "en": en.id}


def test_reextract_reads_imported_files_and_refuses_one_that_changed(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    for i in range(2):
        title, paragraphs = deputy(i, "ru")
        (folder / f"{i}.html").write_text(
            SKINS["table"]("ru", title, paragraphs, f"/deputies/{i}"), encoding="utf-8"
        )
    data = data_folder(tmp_path / "data")
    assert cli(data.root, "import", str(folder))[0] == 0
    (folder / "1.html").write_text("<html><body><p>Другая страница.</p></body></html>", encoding="utf-8")
    code, out, err = cli(data.root, "reextract")
    assert code == 1 and out.startswith("0 updated, 1 unchanged, 1 failed")
    assert err.count("error: ") == 1 and "changed since it was stored" in err


# --- issue 20, item 6: a sentence a few stories share is never learned as template ----------------------------

# The closing sentence of the first five stories a host's crawl meets (a series of laws passed), and a
# sentence the sidebar prints on every page.
SHARED = {
    "ru": "Закон направлен на подпись Главе государства.",
    "kk": "Заң Мемлекет басшысының қол қоюына жіберілді.",
    "en": "The law was sent to the Head of State for signature.",
}
EVERY_PAGE = {
    "ru": "Депутат принимает граждан по вторникам в общественной приёмной.",
    "kk": "Депутат азаматтарды сейсенбі күндері қоғамдық қабылдау бөлмесінде қабылдайды.",
    "en": "The deputy receives citizens on Tuesdays at the public reception office.",
}
STORIES_PER_HOST = 20
SHARING = 5  # of the first eight


def law(i: int, lang: str) -> tuple[str, list[str]]:
    """Story i of a host: its own title and two sentences; the first SHARING close with SHARED."""
    n, day = i + 1, 1 + i % 28
    own = {
        "ru": (f"Сенат принял закон номер {n}", [f"Сенаторы рассмотрели закон номер {n} на заседании {day} мая.",
               f"Закон номер {n} вступает в силу через {10 + i} дней после опубликования."]),
        "kk": (f"Сенат {n} нөмірлі заңды қабылдады", [f"Сенаторлар {n} нөмірлі заңды {day} мамырдағы отырыста қарады.",
               f"{n} нөмірлі заң жарияланғаннан кейін {10 + i} күннен соң күшіне енеді."]),
        "en": (f"The Senate passed law number {n}", [f"Senators considered law number {n} at the session of {day} May.",
               f"Law number {n} takes effect {10 + i} days after its publication."]),
    }[lang]  # fmt: skip
    title, paragraphs = own
    return title, paragraphs + ([SHARED[lang]] if i < SHARING else [])


def law_pages() -> dict[str, tuple[str, str, list[str]]]:
    """{url: (html, title, paragraphs)}: per skin a host of 20 stories in each of kk, ru and en."""
    pages = {}
    for name, skin in SKINS.items():
        for i in range(STORIES_PER_HOST):
            for lang in ("kk", "ru", "en"):
                title, paragraphs = law(i, lang)
                html = skin(lang, title, paragraphs, f"/laws/{i + 1}", own=(EVERY_PAGE[lang],))
                pages[f"http://{name}-laws.example/{lang}/laws/{i + 1}"] = (html, title, paragraphs)
    return pages


def test_a_sentence_a_few_stories_share_stays_and_the_sidebar_goes(tmp_path: Path) -> None:
    pages = law_pages()
    stored = import_site(tmp_path, {url: html for url, (html, *_rest) in pages.items()})
    for url, (_html, title, paragraphs) in pages.items():
        lang = url.split("/")[3]
        assert stored[url]["title"] == title
        assert stored[url]["text"] == "\n\n".join(paragraphs), url
        assert EVERY_PAGE[lang] not in stored[url]["text"], "a sentence on every page is the site's"


def test_a_page_stripped_ahead_is_the_page_the_store_strips() -> None:
    """What an import's worker works out ahead from the template it last read is taken only where the
    store's template now removes the same lines: then it is exactly what the store would strip."""
    text = "\n\n".join(["Сенат принял закон.", "Социальный опрос", "Расписание   депутата", "—", "Итоги."])
    lines = sorted(template.page_lines(text))
    for seen in ([], lines[:1], lines[:2], lines):
        ahead = template.prepare(text, set(seen))
        assert ahead.text == template.strip(text, set(seen)) and ahead.lines == set(lines)
        for now in ([], lines[:1], lines[1:3], lines, [*lines[:1], "another page's line"]):
            taken = ahead.under(set(now))
            assert (taken is None) == (set(now) & set(lines) != set(seen))
            assert taken in (None, template.strip(text, set(now)))
