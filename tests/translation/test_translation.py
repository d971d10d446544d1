"""Translation end to end: a tiny real .argosmodel built offline, installed, run through argostranslate.

The models (ru→en, en→ru) are built once per session. Their output is nonsense (the same three words per
sentence); the tests check the pipeline: storage with provenance, idempotence, re-translation of what
changed, the missing-pair status, removal when a human version appears, and search over translations.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from archive.models import Capture, Extracted
from archive.store import Store
from parlarchive.demo.argos_model import build_argosmodel, train_sentencepiece, training_lines
from tests.archive.stories import OTHER_STORY_EN, STORIES, page
from tests.helpers import ROOT, cli
from translation.align import align
from translation.engines import Model, find_route
from translation.run import describe_translation

FULL_STORY = {
    "kk": (
        "Сенат бюджет туралы заңды қабылдады",
        ["Сенат бюджет туралы заңды қабылдап, Президенттің қол қоюына жіберді."],
    ),
    "ru": (
        "Сенат принял закон о бюджете",
        ["Сенат принял закон о бюджете и направил его на подпись Президенту."],
    ),
    "en": (
        "The Senate adopted the budget law",
        ["The Senate adopted the law on the budget and sent it to the President."],
    ),
}


@pytest.fixture(scope="session")
def model_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    for extra in ("argostranslate", "onnx", "sentencepiece"):  # the extra, and the builder's own needs
        pytest.importorskip(extra, reason="pip install '.[translate]' (and onnx) to test translation")
    out = tmp_path_factory.mktemp("models")
    stories = [*STORIES.values(), OTHER_STORY_EN]
    sp = train_sentencepiece(
        training_lines(line for title, paragraphs in stories for line in (title, *paragraphs))
    )
    pairs = [("ru", "en", "1.0"), ("en", "ru", "1.0"), ("kk", "en", "1.0"), ("ru", "en", "1.1")]
    return {f"{s}_{d}_{v}": build_argosmodel(out, s, d, version=v, sp_model=sp) for s, d, v in pairs}


def _page(folder: Path, name: str, lang: str, title: str, paragraphs: list[str], story: int) -> None:
    url = f"https://senate.parlam.kz/{lang}/news/details/{story}"
    html = page(title, paragraphs, lang=lang, date_line="14.03.2024", canonical=url)
    (folder / f"{name}-{lang}.html").write_text(html, encoding="utf-8")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, model_files: dict[str, Path]) -> Path:
    """An archive of a ru-only story, a kk-only story, an en-only story and one in all three; both models
    installed; translated once."""
    data = tmp_path_factory.mktemp("archive") / "data"
    pages = data.parent / "pages"
    pages.mkdir()
    _page(pages, "a", "ru", *STORIES["ru"], story=101)
    _page(pages, "b", "kk", *STORIES["kk"], story=102)
    _page(pages, "c", "en", *OTHER_STORY_EN, story=103)
    for lang, (title, paragraphs) in FULL_STORY.items():
        _page(pages, "d", lang, title, paragraphs, story=104)
    assert cli(data, "import", str(pages))[0] == 0
    for name in ("ru_en_1.0", "en_ru_1.0"):  # Kazakh has no Argos model
        code, out, err = cli(data, "models", "install", str(model_files[name]))
        assert code == 0, err
    code, out, err = cli(data, "translate")
    assert code == 0, err
    return data


def _records(data: Path) -> dict[tuple[str, str], dict]:
    """{(story url tail, lang): record} of the archive."""
    with Store(data / "archive.sqlite3") as store:
        return {
            (rec["canonical_url"].rsplit("/", 1)[1], rec["lang"]): store.get(rec["id"])
            for rec in store.documents()
        }


def test_models_list_shows_installed_pairs(archive: Path) -> None:
    code, out, _ = cli(archive, "models", "list", "--json")
    listed = {(m["from"], m["to"]): m for m in json.loads(out)}
    assert set(listed) == {("ru", "en"), ("en", "ru")}
    assert listed["ru", "en"]["name"] == "translate-ru_en-1_0"
    assert listed["ru", "en"]["splitter"] == "minisbd"


def test_translations_are_stored_with_their_provenance(archive: Path) -> None:
    recs = _records(archive)
    ru_only = recs["101", "ru"]["translations"]["en"]
    assert ru_only["status"] == "done"
    assert (ru_only["engine"], ru_only["model"], ru_only["model_version"]) == (
        "argos",
        "translate-ru_en-1_0",
        "1.0",
    )
    assert ru_only["source_lang"] == "ru" and len(ru_only["source_hash"]) == 64
    # one translated paragraph per source paragraph, the title apart
    assert ru_only["title"] and len(ru_only["text"].split("\n\n")) == len(STORIES["ru"][1])
    en_only = recs["103", "en"]["translations"]["ru"]
    assert (en_only["status"], en_only["model"]) == ("done", "translate-en_ru-1_0")
    assert recs["104", "ru"]["translations"] == {}


def test_a_pair_without_a_model_is_a_status_not_a_crash(archive: Path) -> None:
    recs = _records(archive)
    kk_only = recs["102", "kk"]["translations"]
    assert kk_only["en"]["status"] == "no-model" and kk_only["en"]["detail"] == "no model for kk→en"
    assert kk_only["ru"]["detail"] == "no model for kk→ru"
    assert kk_only["en"]["text"] is None and kk_only["en"]["engine"] is None
    assert recs["101", "ru"]["translations"]["kk"]["detail"] == "no model for ru→kk"
    assert describe_translation("en", kk_only["en"]) == "en: no model for kk→en"
    done = recs["101", "ru"]["translations"]["en"]
    assert (
        describe_translation("en", done) == "en: machine translation from ru by argos translate-ru_en-1_0 1.0"
    )


def test_show_json_carries_engine_and_model(archive: Path) -> None:
    rid = _records(archive)["101", "ru"]["id"]
    code, out, _ = cli(archive, "show", rid, "--json")
    assert code == 0
    shown = json.loads(out)["translations"]["en"]
    assert shown["engine"] == "argos" and shown["model"] == "translate-ru_en-1_0"
    code, out, _ = cli(archive, "show", rid)
    assert "en: machine translation from ru by argos translate-ru_en-1_0" in out
    code, out, _ = cli(archive, "export", "--format", "jsonl")
    exported = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert exported[rid]["translations"]["en"]["engine"] == "argos", "a translation carries its engine"


def test_translated_text_is_searchable_in_its_language(archive: Path, model_files: dict[str, Path]) -> None:
    word = json.loads(_metadata(model_files["ru_en_1.0"]))["words"][0]
    code, out, err = cli(archive, "search", word, "--json")
    assert code == 0, err
    hits = {h["id"]: h for h in json.loads(out)["hits"]}
    rid = _records(archive)["101", "ru"]["id"]
    assert rid in hits, (word, hits)
    assert hits[rid]["via_translation"] == "en", "the hit says it was found through its English translation"
    code, out, err = cli(archive, "search", word)
    assert "found through its machine translation into en" in out


def _metadata(model_file: Path) -> str:
    import zipfile

    with zipfile.ZipFile(model_file) as z:
        return z.read(next(n for n in z.namelist() if n.endswith("/metadata.json"))).decode()


def test_rerun_translates_only_what_changed(archive: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(archive, data)
    with Store(data / "archive.sqlite3") as store:
        rev = store.current_rev()
    code, out, _ = cli(data, "translate", "--json")
    again = json.loads(out)
    assert (again["translated"], again["no_model"], again["removed"]) == (0, 0, 0) and again["unchanged"] == 6
    with Store(data / "archive.sqlite3") as store:
        assert store.current_rev() == rev  # nothing stored, nothing to re-index

    pages = archive.parent / "pages"  # records keep the path they were imported from: edit it there
    title, paragraphs = STORIES["ru"]
    _page(pages, "a", "ru", title, [*paragraphs, "Добавлен новый абзац."], story=101)  # the source changed
    _page(
        pages, "c", "ru", "Комитет Мажилиса обсудил водосбережение", ["Абзац."], story=103
    )  # a human version
    assert cli(data, "import", str(pages))[0] == 0
    code, out, _ = cli(data, "translate", "--json")
    report = json.loads(out)
    assert report["translated"] == 1 and report["removed"] == 1, report
    recs = _records(data)
    assert len(recs["101", "ru"]["translations"]["en"]["text"].split("\n\n")) == len(paragraphs) + 1
    assert "ru" not in recs["103", "en"]["translations"]


def test_translate_to_one_language(archive: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(archive, data)
    with Store(data / "archive.sqlite3") as store:
        store.conn.execute("DELETE FROM translations")
    code, out, _ = cli(data, "translate", "--to", "ru", "--json")
    report = json.loads(out)
    assert report["translated"] == 1 and report["sentences"] > 0 and report["sentences_per_second"] > 0
    with sqlite3.connect(data / "archive.sqlite3") as conn:
        assert {r[0] for r in conn.execute("SELECT DISTINCT lang FROM translations")} == {"ru"}


def test_bad_model_files_are_refused_in_one_line(archive: Path, tmp_path: Path, model_files: dict) -> None:
    not_zip = tmp_path / "x.argosmodel"
    not_zip.write_text("not a zip")
    code, _, err = cli(archive, "models", "install", str(not_zip))
    assert code == 2 and err.strip() == "error: x.argosmodel is not an .argosmodel (a zip archive)"

    # a package without its sentence splitter would make argostranslate download one
    import zipfile

    stripped = tmp_path / "nosbd.argosmodel"
    with zipfile.ZipFile(model_files["ru_en_1.0"]) as src, zipfile.ZipFile(stripped, "w") as dst:
        for item in src.infolist():
            if "/minisbd/" not in item.filename:
                dst.writestr(item, src.read(item))
    code, _, err = cli(archive, "models", "install", str(stripped))
    assert code == 2 and "no sentence splitter" in err and "download" in err
    assert len(err.strip().splitlines()) == 1


def test_a_new_model_translates_what_it_covers_and_a_pivot_goes_through_english(
    archive: Path, tmp_path: Path, model_files: dict[str, Path]
) -> None:
    """A kk→en model (hypothetical: Argos has none) and a newer ru→en: the kk-only story gets en directly
    and ru through en; what ru→en 1.0 made is made again by 1.1; the rest is unchanged."""
    data = tmp_path / "data"
    shutil.copytree(archive, data)
    for name in ("kk_en_1.0", "ru_en_1.1"):
        code, out, err = cli(data, "models", "install", str(model_files[name]))
        assert code == 0, err
    assert "replaced translate-ru_en-1_0 (version 1.0)" in out
    code, out, _ = cli(data, "translate", "--json")
    report = json.loads(out)
    assert (report["translated"], report["unchanged"], report["no_model"]) == (3, 3, 0), report
    kk_only = _records(data)["102", "kk"]["translations"]
    assert (kk_only["en"]["model"], kk_only["en"]["status"]) == ("translate-kk_en-1_0", "done")
    pivot = kk_only["ru"]
    assert (pivot["engine"], pivot["model"], pivot["model_version"]) == (
        "argos",
        "translate-kk_en-1_0+translate-en_ru-1_0",
        "1.0+1.0",
    )
    assert pivot["text"] and pivot["detail"] is None
    assert _records(data)["101", "ru"]["translations"]["en"]["model_version"] == "1.1"


def test_find_route_prefers_direct_then_pivot_through_english() -> None:
    def m(src: str, dst: str) -> Model:
        return Model("argos", f"translate-{src}_{dst}", "1.0", src, dst, Path(src + dst))

    models = [m("kk", "en"), m("en", "ru"), m("ru", "en")]
    assert [x.name for x in find_route(models, "ru", "en")] == ["translate-ru_en"]
    assert [x.name for x in find_route(models, "kk", "ru")] == ["translate-kk_en", "translate-en_ru"]
    assert find_route(models, "ru", "kk") is None
    assert find_route(models, "xx", "en") is None  # an unknown code is simply not covered


def test_missing_extra_is_one_line_with_the_fix(archive: Path, tmp_path: Path) -> None:
    """A real process in which argostranslate cannot be imported (a shadowing package that fails)."""
    data = tmp_path / "data"
    shutil.copytree(archive, data)
    with Store(data / "archive.sqlite3") as store:
        store.conn.execute("DELETE FROM translations WHERE status = 'done'")
    shadow = tmp_path / "shadow" / "argostranslate"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('No module named torch')\n")
    env = {**os.environ, "PYTHONPATH": f"{shadow.parent}{os.pathsep}{ROOT}"}
    proc = subprocess.run(
        [sys.executable, "-m", "parlarchive", "--data", str(data), "translate"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "error: argostranslate failed to import (No module named torch);"
        " translation needs the optional extra: pip install '.[translate]'"
    ]


# ---- paragraph alignment and the translation memory (no engine needed) ----------------------------------


def test_align_leaves_an_unmatched_paragraph_as_a_gap() -> None:
    en = [
        "On 14 March 2024 the Senate met for a plenary session chaired by its Speaker.",
        "It adopted three laws on the budget, on water and on local self-government, and sent them on.",
        "The session closed at 18:00, after a minute of silence in memory of the victims of the floods.",
    ]
    ru = [
        "14 марта 2024 года Сенат собрался на пленарное заседание под председательством Спикера.",
        "Заседание закрылось в 18:00 минутой молчания в память о жертвах паводков.",
    ]
    kk = [
        "2024 жылғы 14 наурызда Сенат Спикердің төрағалығымен жалпы отырысқа жиналды.",
        "Ол бюджет, су және жергілікті өзін-өзі басқару туралы үш заң қабылдап, оларды жолдады.",
        "Отырыс 18:00-де су тасқынының құрбандарын еске алып, бір минут үнсіздікпен жабылды.",
    ]
    assert align({"kk": kk, "ru": ru, "en": en}) == [
        {"kk": (0,), "ru": (0,), "en": (0,)},
        {"kk": (1,), "en": (1,)},
        {"kk": (2,), "ru": (1,), "en": (2,)},
    ]


def test_align_follows_numbers_over_position() -> None:
    ru = ["Бюджет составил 120 млрд тенге на 2025 год.", "Депутаты обсудили поправки к закону."]
    en = [
        "Note from the editor.",
        "The budget is 120 billion tenge for 2025.",
        "Deputies discussed amendments.",
    ]
    groups = align({"ru": ru, "en": en})
    assert groups == [{"en": (0,)}, {"ru": (0,), "en": (1,)}, {"ru": (1,), "en": (2,)}]
    assert align({}) == [] and align({"kk": []}) == []


TM_STORIES = {
    201: {
        "kk": (
            "Мәжіліс бюджет туралы заң жобасын мақұлдады",
            [
                "Мәжіліс бірінші оқылымда бюджет туралы заң жобасын мақұлдады.",
                "Депутаттар 12 түзету енгізді.",
            ],
        ),
        "ru": (
            "Мажилис одобрил законопроект о бюджете",
            ["Мажилис одобрил в первом чтении законопроект о бюджете.", "Депутаты внесли 12 поправок."],
        ),
        "en": (
            "Mazhilis approves the budget bill",
            [
                "The Mazhilis approved in first reading the bill on the budget.",
                "Deputies made 12 amendments.",
            ],
        ),
    },
    202: {
        "kk": (
            "Мәжіліс білім туралы заң жобасын мақұлдады",
            ["Мәжіліс бірінші оқылымда білім туралы заң жобасын мақұлдады."],
        ),
        "ru": (
            "Мажилис одобрил законопроект об образовании",
            ["Мажилис одобрил в первом чтении законопроект об образовании."],
        ),
        "en": (
            "Mazhilis approves the education bill",
            ["The Mazhilis approved in first reading the bill on education."],
        ),
    },
}


@pytest.fixture(scope="module")
def tm_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two stories in kk/ru/en, stored straight into the archive (the memory needs no search index)."""
    data = tmp_path_factory.mktemp("tm") / "data"
    with Store(data / "archive.sqlite3") as store:
        for story, versions in TM_STORIES.items():
            for lang, (title, paragraphs) in versions.items():
                url = f"https://mazhilis.parlam.kz/{lang}/news/{story}"
                doc = Extracted(title=title, lang=lang, text="\n\n".join(paragraphs), url=url)
                store.save(doc, Capture(url=url, fetched_at="2024-03-14T00:00:00Z", sha256=url), "mazhilis")
    return data


def test_memory_finds_the_closest_paragraph_elsewhere_with_its_human_versions(tm_archive: Path) -> None:
    from translation.memory import TranslationMemory

    with Store(tm_archive / "archive.sqlite3") as store:
        memory = TranslationMemory.from_store(store)
    assert len(memory.units) == 5  # two stories: 2 titles + 3 aligned paragraphs, each in kk/ru/en
    query = "Мажилис одобрил в первом чтении законопроект о бюджете."
    best = memory.lookup(query, "ru")[0]
    assert best.score == 100 and best.versions["kk"].startswith("Мәжіліс бірінші оқылымда бюджет")
    others = memory.lookup(query, "ru", exclude_groups=[_group_of(tm_archive, "201")])
    assert others[0].text == "Мажилис одобрил в первом чтении законопроект об образовании."
    assert 70 <= others[0].score < 100
    assert others[0].versions["en"] == "The Mazhilis approved in first reading the bill on education."
    kk_missing = memory.suggest([query, "Совсем другой текст."], "ru", "kk", exclude_groups=[others[0].group])
    [(sentence, match)], [(_, nothing)] = kk_missing  # per paragraph, its sentences with their best match
    assert sentence == query and match.versions["kk"].startswith("Мәжіліс бірінші оқылымда бюджет")
    assert nothing is None


def _group_of(data: Path, story: str) -> str:
    with Store(data / "archive.sqlite3") as store:
        return next(r["version_group"] for r in store.documents() if r["canonical_url"].endswith("/" + story))


def test_tm_lookup_command(tm_archive: Path) -> None:
    code, out, _ = cli(tm_archive, "tm", "lookup", "Депутаттар 12 түзету енгізді.", "--lang", "kk", "--json")
    matches = json.loads(out)
    assert (
        code == 0
        and matches[0]["score"] == 100
        and matches[0]["versions"]["ru"] == "Депутаты внесли 12 поправок."
    )


def test_tm_export_tmx_and_tsv_hold_human_versions_only(archive: Path) -> None:
    import xml.etree.ElementTree as ET

    code, out, _ = cli(archive, "tm", "export", "--format", "tmx")
    assert code == 0
    root = ET.fromstring(out.split("\n", 2)[2])  # after the XML declaration and the DOCTYPE
    assert root.get("version") == "1.4"
    tus = root.findall("body/tu")
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert tus and all(
        [tuv.get(xml_lang) for tuv in tu.findall("tuv")] == ["kk-KZ", "ru-RU", "en-US"] for tu in tus
    )
    segments = [seg.text for seg in root.iter("seg")]
    assert len(tus) == 2 and FULL_STORY["ru"][0] in segments  # the full story's title and paragraph
    machine = _records(archive)["101", "ru"]["translations"]["en"]
    assert machine["title"] not in segments  # the ru-only story's machine translation stays out
    code, out, _ = cli(archive, "tm", "export", "--format", "tsv")
    lines = out.splitlines()
    assert lines[0] == "kk-KZ\tru-RU\ten-US\tstory" and len(lines) == 1 + len(tus)
