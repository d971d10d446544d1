"""The store: stable ids, one transaction per record, dedupe, version groups, revs for the index; each on both
engines (a SQLite file, a PostgreSQL database)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archive import dedupe
from archive.errors import ArchiveReadOnly
from archive.models import Capture, Extracted
from archive.schema import MIGRATIONS
from archive.store import Store
from tests.archive.stories import OTHER_STORY_EN, STORIES


def doc(lang: str = "en", story=None, **kw) -> Extracted:
    title, paragraphs = story or STORIES[lang]
    return Extracted(title=title, text="\n\n".join(paragraphs), lang=lang, **kw)


def cap(url: str, sha: str = "0" * 64) -> Capture:
    return Capture(url=url, fetched_at="2024-03-15T10:00:00Z", sha256=sha)


@pytest.fixture
def store(new_archive):
    s = Store(new_archive("archive"))
    yield s
    s.close()


def test_schema_is_versioned_and_wal(tmp_path: Path) -> None:
    Store(tmp_path / "archive.sqlite3").close()
    conn = sqlite3.connect(tmp_path / "archive.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    Store(tmp_path / "archive.sqlite3").close()  # reopening migrates nothing twice
    assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] == 1


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "a.sqlite3")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(RuntimeError, match="newer"):
        Store(tmp_path / "a.sqlite3")


def test_saving_the_same_record_twice_stores_it_once(store: Store) -> None:
    first = store.save(doc(), cap("https://senate.parlam.kz/en-US/news/details/7"), "senate")
    again = store.save(doc(), cap("https://senate.parlam.kz/en-US/news/details/7"), "senate")
    assert (first.status, again.status) == ("new", "unchanged")
    assert first.id == again.id
    assert store.count() == 1
    assert len(store.get(first.id)["captures"]) == 1


def test_changed_page_updates_in_place_and_keeps_both_captures(store: Store) -> None:
    url = "https://senate.parlam.kz/en-US/news/details/7"
    first = store.save(doc(), cap(url, "a" * 64), "senate")
    changed = doc()
    changed.text += "\n\nA correction was published on 16 March."
    second = store.save(changed, cap(url, "b" * 64), "senate")
    assert second.status == "updated" and second.id == first.id
    rec = store.get(first.id)
    assert rec["text"].endswith("16 March.")
    assert [c["sha256"][0] for c in rec["captures"]] == ["a", "b"]


def test_a_page_rewritten_to_another_story_is_found_by_its_new_text_only(store: Store) -> None:
    """An update replaces a record's LSH bands: a repost of what the page said before is no duplicate of it
    any more, a repost of what it says now is."""
    url = "https://parlam.kz/en/mazhilis/news/1"
    page = store.save(doc(), cap(url, "a" * 64), "mazhilis")
    assert store.save(doc(story=OTHER_STORY_EN), cap(url, "b" * 64), "mazhilis").status == "updated"
    assert repost(store, STORIES["en"], "https://example.kz/news/1") is None
    assert repost(store, OTHER_STORY_EN, "https://example.kz/news/2") == page.id


def repost(store: Store, story: tuple[str, list[str]], at: str) -> str | None:
    """Save a story reposted elsewhere (a line of its own above it); what it is a duplicate of."""
    title, paragraphs = story
    text = "\n\n".join(["Reposted from the Mazhilis press service."] + paragraphs)
    return store.save(Extracted(title=title, lang="en", text=text), cap(at), "file").duplicate_of


def test_a_repost_of_a_record_saved_by_an_earlier_program_is_found(new_archive) -> None:
    """The LSH bands are built from the signatures the archive holds: a re-run, or the next crawl, finds
    the reposts of what was saved before it started."""
    where = new_archive("archive")
    with Store(where) as first:
        page = first.save(doc(), cap("https://parlam.kz/en/mazhilis/news/1"), "mazhilis")
        first.save(doc(story=OTHER_STORY_EN), cap("https://parlam.kz/en/mazhilis/news/2"), "mazhilis")
    with Store(where) as later:
        assert repost(later, STORIES["en"], "https://example.kz/news/1") == page.id


def test_a_repost_of_another_writers_record_is_found(new_archive) -> None:
    """Two programs saving into one archive (a crawl beside an import): each sees what the other saved since
    it looked, however long it has been open."""
    where = new_archive("archive")
    with Store(where) as one, Store(where) as other:
        one.save(doc(story=OTHER_STORY_EN), cap("https://parlam.kz/en/mazhilis/news/2"), "mazhilis")
        assert repost(one, OTHER_STORY_EN, "https://example.kz/news/2") is not None  # its bands are built
        page = other.save(doc(), cap("https://parlam.kz/en/mazhilis/news/1"), "mazhilis")
        assert repost(one, STORIES["en"], "https://example.kz/news/1") == page.id


def test_a_batch_rolled_back_leaves_no_duplicate_behind(store: Store) -> None:
    """A killed batch's records are gone from dedupe too: a repost of one of them is new, and is itself
    found when it is reposted again (the revs the batch had are given out again)."""
    with pytest.raises(RuntimeError), store.batches(100) as saved:
        store.save(doc(), cap("https://parlam.kz/en/mazhilis/news/1"), "mazhilis")
        saved()
        store.save(doc(story=OTHER_STORY_EN), cap("https://parlam.kz/en/mazhilis/news/2"), "mazhilis")
        saved()
        raise RuntimeError("killed")
    assert store.count() == 0
    first = store.save(doc(), cap("https://example.kz/news/1"), "file")
    assert first.duplicate_of is None
    assert repost(store, STORIES["en"], "https://example.kz/news/3") == first.id


def test_exact_duplicate_at_another_url_points_to_the_first(store: Store) -> None:
    a = store.save(doc(), cap("https://parlam.kz/en/mazhilis/news/1"), "mazhilis")
    b = store.save(doc(), cap("file:///saved/copy.html"), "file")
    assert b.duplicate_of == a.id
    assert store.duplicate_clusters()[0]["id"] == a.id


def test_near_duplicate_with_other_boilerplate_and_a_dropped_paragraph(store: Store) -> None:
    a = store.save(doc(), cap("https://parlam.kz/en/mazhilis/news/1"), "mazhilis")
    title, paragraphs = STORIES["en"]
    repost = Extracted(
        title=title,
        lang="en",
        text="\n\n".join(["Reposted from the Senate press service."] + paragraphs[:-1]),
    )
    b = store.save(repost, cap("https://example.kz/news/99"), "file")
    assert b.duplicate_of == a.id
    other = store.save(doc(story=OTHER_STORY_EN), cap("https://parlam.kz/en/mazhilis/news/2"), "mazhilis")
    assert other.duplicate_of is None


def test_versions_pair_by_language_prefix_in_any_order(new_archive) -> None:
    urls = {
        lang: f"https://senate.parlam.kz/{loc}/news/details/42"
        for lang, loc in (("kk", "kk-KZ"), ("ru", "ru-RU"), ("en", "en-US"))
    }
    groups = []
    for order in (("kk", "ru", "en"), ("en", "ru", "kk")):
        with Store(new_archive(order[0])) as s:
            ids = {lang: s.save(doc(lang), cap(urls[lang]), "senate").id for lang in order}
            rec = s.get(ids["ru"])
            assert rec["versions"] == ids
            groups.append(rec["version_group"])
    assert groups[0] == groups[1]


def test_versions_pair_by_alternates_when_paths_differ(store: Store) -> None:
    ru = store.save(
        doc("ru", alternates={"kk": "https://qr-pib.kz/kk/p/1001"}),
        cap("https://qr-pib.kz/ru/p/2001"),
        "institute",
    )
    kk = store.save(doc("kk"), cap("https://qr-pib.kz/kk/p/1001"), "institute")
    assert kk.version_group == store.get(ru.id)["version_group"]
    assert store.get(ru.id)["versions"] == {"ru": ru.id, "kk": kk.id}


def test_switcher_links_to_home_pages_do_not_chain_stories(store: Store) -> None:
    home = {"kk": "https://qr-pib.kz/kk/", "en": "https://qr-pib.kz/en"}
    a = store.save(doc("ru", alternates=home), cap("https://qr-pib.kz/ru/p/1"), "institute")
    b = store.save(
        doc("ru", story=("Другое", ["Совсем другой текст " * 20])),
        cap("https://qr-pib.kz/ru/p/2"),
        "institute",
    )
    assert a.version_group != b.version_group


def test_every_change_moves_the_rev_the_index_follows(store: Store) -> None:
    a = store.save(doc("en"), cap("https://senate.parlam.kz/en-US/news/details/1"), "senate")
    rev = store.current_rev()
    store.save(doc("en"), cap("https://senate.parlam.kz/en-US/news/details/1"), "senate")
    assert store.current_rev() == rev  # unchanged: nothing to reindex
    b = store.save(doc("ru"), cap("https://senate.parlam.kz/ru-RU/news/details/1"), "senate")
    changed = {d["id"] for d in store.documents(since_rev=rev)}
    assert changed == {a.id, b.id}  # a's versions changed too
    store.save_translation(a.id, "kk", "Аударма", "Аударма мәтіні", "test-model", "done")
    assert [d["id"] for d in store.documents(since_rev=store.current_rev() - 1)] == [a.id]
    assert store.get(a.id)["translations"]["kk"]["status"] == "done"


def test_a_failed_save_leaves_nothing_behind(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "_add_capture", disk_full)  # the last step of a save fails
    with pytest.raises(sqlite3.OperationalError):
        store.save(doc(), cap("https://senate.parlam.kz/en-US/news/details/9"), "senate")
    assert store.count() == 0
    assert store.conn.execute("SELECT count(*) FROM captures").fetchone()[0] == 0
    assert store.current_rev() == 0


def test_migrations_apply_in_order_to_an_existing_archive(tmp_path: Path) -> None:
    """An archive made under schema 1 is brought forward, its records kept."""
    from archive.schema import split_statements

    conn = sqlite3.connect(tmp_path / "old.sqlite3", isolation_level=None)
    for statement in split_statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    # a record stored by the code of schema 1, written as that code wrote it
    with Store(tmp_path / "seed.sqlite3") as seed:
        old = seed.save(doc("ru"), cap("https://senate.parlam.kz/ru-RU/news/details/2"), "senate")
        rows = {
            t: [dict(r) for r in seed.conn.execute(f"SELECT * FROM {t}")]
            for t in ("documents", "captures", "version_keys")
        }
    for table, table_rows in rows.items():
        v1_columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        for row in table_rows:
            cols = [c for c in row if c in v1_columns]
            conn.execute(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                tuple(row[c] for c in cols),
            )
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'rev'")
    conn.close()
    with Store(tmp_path / "old.sqlite3") as s:
        kept = s.get(old.id)
        assert kept is not None and kept["title"] == STORIES["ru"][0] and len(kept["captures"]) == 1
        assert s.count() == 1
        first = s.save(doc(), cap("https://senate.parlam.kz/en-US/news/details/3"), "senate")
        assert s.get(first.id)["title"] == STORIES["en"][0]
        assert s.count() == 2 and s.current_rev() == 2
        indexes = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "lsh_bands_document" not in indexes  # dropped by migration 8
        tables = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "lsh_bands" not in tables  # dropped by migration 9: the bands are built from documents.minhash
        assert repost(s, STORIES["ru"], "https://example.kz/news/4") == old.id  # from schema 1's signature
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_every_writing_method_reports_a_read_only_archive_in_one_line(store: Store) -> None:
    rid = store.save(doc(), cap("https://senate.parlam.kz/en-US/news/details/7"), "senate").id
    store.save_translation(rid, "ru", "Заголовок", "Текст.", "m", "done")
    with Store(store.location, readonly=True) as reader:
        for write in (
            lambda: reader.save(doc(), cap("https://senate.parlam.kz/en-US/news/details/8"), "senate"),
            lambda: reader.save_translation(rid, "kk", None, None, None, "no-model"),
            lambda: reader.delete_translation(rid, "ru"),
        ):
            with pytest.raises(ArchiveReadOnly, match="cannot be written"):
                write()
    assert store.translations(rid)["ru"]["text"] == "Текст."


def test_translation_reads_the_store_through_its_methods(store: Store) -> None:
    en = store.save(doc("en"), cap("https://senate.parlam.kz/en-US/news/details/7"), "senate")
    ru = store.save(doc("ru"), cap("https://senate.parlam.kz/ru-RU/news/details/7"), "senate")
    other = store.save(doc("en", OTHER_STORY_EN), cap("https://www.parlam.kz/en/mazhilis/news/9"), "mazhilis")
    store.save_translation(other.id, "ru", "Вода", "Текст.", "m", "done", source_hash="h")
    assert store.version_groups() == sorted({en.version_group, other.version_group})
    assert en.version_group == ru.version_group
    assert store.text_of(ru.id) == {
        "title": STORIES["ru"][0],
        "text": "\n\n".join(STORIES["ru"][1]),
        "duplicate_of": None,
    }
    assert store.text_of("nothing") is None
    [state] = store.translation_states()
    assert (state["document_id"], state["lang"], state["status"], state["source_hash"]) == (
        other.id,
        "ru",
        "done",
        "h",
    )
    assert state["version_group"] == other.version_group
    assert store.source_names() == ["mazhilis", "senate"]


def test_near_duplicate_search_stays_bounded_among_many_short_pages_of_one_template(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hundreds of deputies' biographies of one template share LSH buckets with every new one: each new page
    is compared with a bounded number of them (it was every one: an import of 10,000 turned quadratic), and
    the reposts among them are still found."""
    from bench.near_duplicates import deputy

    calls, agree = [], dedupe.titles_agree
    monkeypatch.setattr(dedupe, "titles_agree", lambda a, b: calls.append(b) or agree(a, b))
    for n in range(400):
        if n == 300:
            calls.clear()
        title, text = deputy(n)
        store.save(Extracted(title=title, text=text, lang="ru"), cap(f"http://deputies.test/ru/{n}"), "d")
    assert len(calls) <= 100 * dedupe.CANDIDATES  # the last 100 were compared with most of the 300 before
    compared = len(calls)
    title, text = deputy(7)
    repost = store.save(
        Extracted(title=title, text=text.replace("работал", "трудился"), lang="ru"),
        cap("http://deputies.test/ru/repost/7"),
        "d",
    )
    assert len(calls) - compared <= dedupe.CANDIDATES
    original = store.conn.execute("SELECT id FROM documents WHERE url = 'http://deputies.test/ru/7'")
    assert repost.duplicate_of == original.fetchone()[0]
