"""The compare page: versions side by side, paragraph-aligned, gaps as gaps, machine translation marked; TMX."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from archive.models import Capture, Extracted
from archive.store import Store
from parlarchive import Parlarchive
from tests.archive.stories import page, write_versions
from web import create_app

# Each paragraph carries its own number, so that the test knows which paragraphs are translations of each
# other; the English version leaves the second paragraph out, the Russian one holds a hostile paragraph.
STORY = {
    "ru": (
        "Сенат одобрил закон о 17 районах",
        [
            "Сенат одобрил закон о 17 районах области Абай на пленарном заседании в четверг утром.",
            "Депутаты обсудили 245 поправок, внесённых Мажилисом за время работы над законом.",
            "Закон вступает в силу с 1 января 2025 года, сообщил сенатор Бауыржан Мукашев журналистам.",
            "<script>alert(1)</script> Подробности будут опубликованы на сайте палаты в ближайшие дни.",
        ],
    ),
    "kk": (
        "Сенат 17 аудан туралы заңды мақұлдады",
        [
            "Сенат бейсенбі күні таңертең өткен жалпы отырыста Абай облысының 17 ауданы туралы заңды мақұлдады.",
            "Депутаттар Мәжіліс заң бойынша жұмыс кезінде енгізген 245 түзетуді талқылады.",
            "Заң 2025 жылғы 1 қаңтардан бастап күшіне енеді, деді сенатор Бауыржан Мұқашев журналистерге.",
            "Толық ақпарат жақын күндері палатаның сайтында жарияланады.",
        ],
    ),
    "en": (
        "Senate approves the law on 17 districts",
        [
            "The Senate approved the law on 17 districts of the Abai region at its plenary session on Thursday morning.",
            "The law takes effect on 1 January 2025, Senator Bauyrzhan Mukashev told journalists after the vote.",
            "Details will be published on the chamber's website in the coming days, the press service said.",
        ],
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("compare")
    files = write_versions(root / "files", STORY, 4242, date_line="05.12.2024")
    app_obj = Parlarchive(root / "data")
    report, _ = app_obj.import_paths([files])
    assert report.new == 3 and not report.failed
    ids = {
        lang: rid for hit in app_obj.search("*", limit=10)["hits"] for lang, rid in hit["versions"].items()
    }
    return {"app": app_obj, "client": create_app(app_obj).test_client(), "ids": ids}


def _rows(html: str) -> list[list[str]]:
    tbody = html.split("<tbody>")[1].split("</tbody>")[0]
    return [
        [cell.split(">", 1)[1].split("</td>")[0] for cell in row.split("<td")[1:]]
        for row in tbody.split("<tr>")[1:]
    ]


def test_versions_are_aligned_by_paragraph_with_gaps_not_forced(site: dict) -> None:
    got = site["client"].get(f"/documents/{site['ids']['ru']}/compare")
    assert got.status_code == 200
    html = got.get_data(as_text=True)
    heads = html.split("<thead>")[1].split("</thead>")[0]
    assert heads.index('lang="kk"') < heads.index('lang="ru"') < heads.index('lang="en"')
    rows = _rows(html)
    assert len(rows) == 4
    amendments = next(row for row in rows if "245" in row[1])
    assert "245" in amendments[0] and amendments[2] == "—", "English has no such paragraph: a gap"
    in_force = next(row for row in rows if "1 января 2025" in row[1])
    assert "1 қаңтардан" in in_force[0] and "1 January 2025" in in_force[2]
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_tmx_holds_one_unit_per_aligned_paragraph_in_three_locales(site: dict) -> None:
    got = site["client"].get(f"/documents/{site['ids']['en']}/compare.tmx")
    assert got.status_code == 200 and "attachment" in got.headers["Content-Disposition"]
    root = ET.fromstring(got.get_data())
    assert root.tag == "tmx" and root.get("version") == "1.4"
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    units = [{tuv.get(lang_attr): tuv.findtext("seg") for tuv in tu.iter("tuv")} for tu in root.iter("tu")]
    assert {"kk-KZ", "ru-RU", "en-US"} == set().union(*units)
    in_force = [u for u in units if "1 January 2025" in (u.get("en-US") or "")]
    assert (
        len(in_force) == 1
        and "1 января 2025" in in_force[0]["ru-RU"]
        and "1 қаңтардан" in in_force[0]["kk-KZ"]
    )
    amendments = [u for u in units if "245" in (u.get("ru-RU") or "")]
    assert len(amendments) == 1 and set(amendments[0]) == {"kk-KZ", "ru-RU"}
    tsv = (
        site["client"].get(f"/documents/{site['ids']['en']}/compare.tsv").get_data(as_text=True).splitlines()
    )
    assert tsv[0].split("\t")[:3] == ["kk-KZ", "ru-RU", "en-US"] and len(tsv) == len(units) + 1


def test_a_missing_version_shows_its_machine_translation_marked(tmp_path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    title, paragraphs = STORY["ru"]
    (files / "ru.html").write_text(
        page(title, paragraphs[:3], lang="ru", canonical="https://senate.parlam.kz/ru-RU/news/details/4241"),
        encoding="utf-8",
    )
    app_obj = Parlarchive(tmp_path / "data")
    app_obj.import_paths([files])
    rid = app_obj.search("*")["hits"][0]["id"]
    with app_obj.store(write=True) as store:
        store.save_translation(
            rid, "en", "MT title", "Machine paragraph one.\n\nMachine paragraph two.", "tiny-ru-en", "done",
            engine="argos", model_version="1.0", source_lang="ru",
        )  # fmt: skip
        store.save_translation(rid, "kk", None, None, None, "no-model", detail="no model for ru→kk")
    html = create_app(app_obj).test_client().get(f"/documents/{rid}/compare").get_data(as_text=True)
    assert "Machine paragraph one." in html and "is-machine" in html and "argos tiny-ru-en" in html
    assert "no model for ru→kk" in html
    tmx = create_app(app_obj).test_client().get(f"/documents/{rid}/compare.tmx").get_data(as_text=True)
    assert "Machine paragraph" not in tmx, "machine translations stay out of the TMX"


def test_a_missing_version_shows_translation_memory_matches_from_elsewhere(site: dict, tmp_path) -> None:
    """A story published only in Russian: beside its missing kk and en versions, the human versions of
    the closest paragraph elsewhere in the archive, marked as translation memory with their score."""
    title, paragraphs = STORY["ru"]
    alone = [paragraphs[0].replace("в четверг утром", "в пятницу утром"), "Совсем другой абзац без пары."]
    files = tmp_path / "files"
    files.mkdir()
    html = page(
        "Сенат снова заседал", alone, lang="ru", canonical="https://senate.parlam.kz/ru-RU/news/details/4243"
    )
    (files / "ru-only.html").write_text(html, encoding="utf-8")
    app_obj = site["app"]
    report, _ = app_obj.import_paths([files])
    assert report.new == 1
    rid = next(h["id"] for h in app_obj.search("пятницу")["hits"])
    html = create_app(app_obj).test_client().get(f"/documents/{rid}/compare").get_data(as_text=True)
    rows = _rows(html)
    first = next(row for row in rows if "в пятницу утром" in row[1])
    assert "Translation memory" in first[0] and STORY["kk"][1][0] in first[0], first[0]
    assert STORY["en"][1][0] in first[2]
    other = next(row for row in rows if "Совсем другой" in row[1])
    assert other[0] == other[2] == "—", "no match is forced"


# ---- versions paragraphed differently ----------------------------------------------------------------


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One story of the alignment set: Russian splits what Kazakh and English keep in one paragraph, English
    splits one, and leaves the last sentence out."""
    from bench.align_quality import load

    story = next(s for s in load() if s.name == "institute-training-aktobe")
    titles = {
        "kk": "Ақтөбеде оқыту басталды",
        "ru": "В Актобе стартовало обучение",
        "en": "Training in Aktobe",
    }
    root = tmp_path_factory.mktemp("merged")
    versions = {lang: (titles[lang], paras) for lang, paras in story.paragraphs().items()}
    files = write_versions(root / "files", versions, 4250, date_line="26.06.2024")
    app_obj = Parlarchive(root / "data")
    report, _ = app_obj.import_paths([files])
    assert report.new == 3
    ids = {
        lang: rid for hit in app_obj.search("*", limit=10)["hits"] for lang, rid in hit["versions"].items()
    }
    return {"client": create_app(app_obj).test_client(), "ids": ids, "versions": versions}


def test_a_merged_paragraph_spans_the_rows_of_the_paragraphs_it_holds(merged: dict) -> None:
    html = merged["client"].get(f"/documents/{merged['ids']['kk']}/compare").get_data(as_text=True)
    kk, ru, en = (merged["versions"][lang][1] for lang in ("kk", "ru", "en"))
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    first, second = rows[0], rows[1]
    assert f'rowspan="2" class=" is-merged">{kk[0]}</td>' in first  # kk has one paragraph for ru's two
    assert f">{ru[0]}</td>" in first and f">{ru[1]}</td>" in second
    assert f'rowspan="2" class=" is-merged">{en[0]}</td>' in first
    assert second.count("<td") == 1, "the merged cells above span this row"


def test_the_reader_picks_the_languages_shown(merged: dict) -> None:
    rid = merged["ids"]["ru"]
    two = merged["client"].get(f"/documents/{rid}/compare?lang=kk&lang=ru").get_data(as_text=True)
    heads = two.split("<thead>")[1].split("</thead>")[0]
    assert 'lang="kk"' in heads and 'lang="ru"' in heads and 'lang="en"' not in heads
    assert 'value="en">' in two and 'value="kk" checked' in two  # the picker offers the third back
    assert merged["client"].get(f"/documents/{rid}/compare?lang=xx").status_code == 400


def test_tmx_of_sentences_and_of_paragraphs_pass_the_dtd_and_load_in_translate_toolkit(merged: dict) -> None:
    from lxml import etree
    from translate.storage.tmx import tmxfile

    dtd = etree.DTD(str(Path(__file__).parents[1] / "translation" / "data" / "tmx14.dtd"))
    rid = merged["ids"]["ru"]
    counts = {}
    for segtype in ("sentence", "paragraph"):
        body = merged["client"].get(f"/documents/{rid}/compare.tmx?segtype={segtype}").get_data()
        root = etree.fromstring(body)
        assert dtd.validate(root), dtd.error_log.filter_from_errors()
        assert root.find("header").get("segtype") == segtype
        store = tmxfile.parsestring(body)
        units = store.getunits()
        counts[segtype] = len(units)
        assert units and all(u.source for u in units)
    assert counts["sentence"] > counts["paragraph"]  # a sentence unit each, where paragraphs merge several
    assert merged["client"].get(f"/documents/{rid}/compare.tmx?segtype=word").status_code == 400


def test_the_pages_and_the_aligner_read_a_stored_text_as_the_same_paragraphs(tmp_path) -> None:
    """A paragraph stored with a line break inside it (an archive written by an older extraction) is one
    paragraph on the document page and on the compare page, aligned with its translation."""
    texts = {
        "ru": "Сенат одобрил закон\nо бюджете на 2025 год.\n\nЗакон вступает в силу с 1 января 2025 года.",
        "en": "The Senate approved the law\non the 2025 budget.\n\nThe law takes effect on 1 January 2025.",
    }
    ids = {}
    with Store(tmp_path / "data" / "archive.sqlite3") as store:
        for lang, text in texts.items():
            url = f"https://senate.parlam.kz/{lang}-{'RU' if lang == 'ru' else 'US'}/news/details/77"
            doc = Extracted(title=f"Закон {lang}", lang=lang, text=text, url=url)
            ids[lang] = store.save(doc, Capture(url, "2024-12-05T00:00:00Z", url), "senate").id
    client = create_app(Parlarchive(tmp_path / "data")).test_client()
    rows = _rows(client.get(f"/documents/{ids['ru']}/compare").get_data(as_text=True))
    assert [(row[1], row[2]) for row in rows] == [
        ("Сенат одобрил закон о бюджете на 2025 год.", "The Senate approved the law on the 2025 budget."),
        ("Закон вступает в силу с 1 января 2025 года.", "The law takes effect on 1 January 2025."),
    ]
    document = client.get(f"/documents/{ids['ru']}").get_data(as_text=True)
    assert "<p>Сенат одобрил закон о бюджете на 2025 год.</p>" in document
