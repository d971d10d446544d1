"""One word in its Kazakh, Russian and English spellings (мәслихат, маслихат, maslikhat): a query in any of them
finds the stories written in all three, whatever case ending the text gives the word, and nothing else.
22 place names and words and 11 people's names, each in a story per language."""

from __future__ import annotations

import pytest

from archive.paths import DataDir
from tests.search.corpus import run_search, text_archive

# (query spellings kk, ru, en), then the forms the kk, ru and en stories use
WORDS = [
    (("мәслихат", "маслихат", "maslikhat"), ("мәслихаттың", "маслихата", "maslikhat")),
    (("әкім", "аким", "akim"), ("әкімі", "акима", "akim")),
    (("Қазақстан", "Казахстан", "Kazakhstan"), ("Қазақстанның", "Казахстана", "Kazakhstan's")),
    (("Мәжіліс", "Мажилис", "Mazhilis"), ("Мәжілісінде", "Мажилисе", "Mazhilis")),
    (("Сенат", "Сенат", "Senate"), ("Сенаттың", "Сената", "Senate")),
    (("Астана", "Астана", "Astana"), ("Астанада", "Астане", "Astana")),
    (("Алматы", "Алматы", "Almaty"), ("Алматыда", "Алматы", "Almaty")),
    (("Қарағанды", "Караганда", "Karaganda"), ("Қарағандыда", "Караганде", "Karaganda")),
    (("Шымкент", "Шымкент", "Shymkent"), ("Шымкентте", "Шымкенте", "Shymkent")),
    (("Ақтөбе", "Актобе", "Aktobe"), ("Ақтөбеде", "Актобе", "Aktobe")),
    (("Қостанай", "Костанай", "Kostanay"), ("Қостанайда", "Костанае", "Kostanay")),
    (("Павлодар", "Павлодар", "Pavlodar"), ("Павлодарда", "Павлодаре", "Pavlodar")),
    (("Жамбыл", "Жамбыл", "Zhambyl"), ("Жамбылдың", "Жамбыла", "Zhambyl")),
    (("Түркістан", "Туркестан", "Turkistan"), ("Түркістанға", "Туркестану", "Turkistan")),
    (("Маңғыстау", "Мангистау", "Mangystau"), ("Маңғыстауда", "Мангистау", "Mangystau")),
    (("Қызылорда", "Кызылорда", "Kyzylorda"), ("Қызылордада", "Кызылорде", "Kyzylorda")),
    (("Атырау", "Атырау", "Atyrau"), ("Атырауда", "Атырау", "Atyrau")),
    (("Ақорда", "Акорда", "Akorda"), ("Ақордада", "Акорде", "Akorda")),
    (("теңге", "тенге", "tenge"), ("теңгеге", "тенге", "tenge")),
    (("Ұлытау", "Улытау", "Ulytau"), ("Ұлытауда", "Улытау", "Ulytau")),
    (("Есіл", "Есиль", "Yesil"), ("Есілдің", "Есиля", "Yesil")),
    (("Сарыарқа", "Сарыарка", "Saryarka"), ("Сарыарқада", "Сарыарке", "Saryarka")),
]  # fmt: skip
NAMES = [
    (("Мұқашев", "Мукашев", "Mukashev"), ("Мұқашевтың", "Мукашеву", "Mukashov")),
    (("Тоқаев", "Токаев", "Tokayev"), ("Тоқаевқа", "Токаева", "Tokayev's")),
    (("Назарбаев", "Назарбаев", "Nazarbayev"), ("Назарбаевпен", "Назарбаевым", "Nazarbaev")),
    (("Жұмабеков", "Жумабеков", "Zhumabekov"), ("Жұмабековтің", "Жумабекову", "Zhumabekov")),
    (("Әшімбаев", "Ашимбаев", "Ashimbayev"), ("Әшімбаевтың", "Ашимбаева", "Ashimbayev")),
    (("Қасымов", "Касымов", "Kassymov"), ("Қасымовқа", "Касымовым", "Kasymov")),
    (("Нұрланов", "Нурланов", "Nurlanov"), ("Нұрлановтың", "Нурланову", "Nurlanov")),
    (("Бақытжан", "Бахытжан", "Bakhytzhan"), ("Бақытжанның", "Бахытжану", "Bakytzhan")),
    (("Айгерім", "Айгерим", "Aigerim"), ("Айгерімге", "Айгерим", "Aigerim")),
    (("Баталова", "Баталова", "Battalova"), ("Баталоваға", "Баталовой", "Batalova")),
    (("Ерлан", "Ерлан", "Yerlan"), ("Ерланның", "Ерлану", "Yerlan")),
]  # fmt: skip
GROUPS = WORDS + NAMES
SENTENCES = {
    "kk": "Кеше {} туралы жиналыс өтті, тұрғындар сұрақтар қойды.",
    "ru": "Вчера прошло собрание, посвящённое теме: {}. Жители задали вопросы.",
    "en": "A meeting about {} was held yesterday, and residents asked questions.",
}
TITLES = {"kk": "Хабар {}", "ru": "Сообщение {}", "en": "News {}"}


def stories() -> list[tuple[str, str, str]]:
    out = []
    for n, (_queries, forms) in enumerate(GROUPS):
        for lang, form in zip(("kk", "ru", "en"), forms, strict=True):
            out.append((f"{lang}-{n:02d}.txt", TITLES[lang].format(n), SENTENCES[lang].format(form)))
    return out


@pytest.fixture(scope="module")
def archive(search_engine: str, tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    return text_archive(tmp_path_factory.mktemp(f"spellings-{search_engine}"), stories())


def found(data: DataDir, query: str) -> set[str]:
    hits = run_search(data, query, limit=None, group="version")["hits"]
    return {hit["title"] for hit in hits}


CASES = [(query, n) for n, (queries, _forms) in enumerate(GROUPS) for query in queries]


@pytest.mark.parametrize(("query", "group"), CASES, ids=[q for q, _ in CASES])
def test_every_spelling_finds_the_stories_in_all_three(archive: DataDir, query: str, group: int) -> None:
    assert found(archive, query) == {TITLES[lang].format(group) for lang in ("kk", "ru", "en")}


def test_the_spellings_are_marked_in_every_script(archive: DataDir) -> None:
    hits = run_search(archive, "маслихат", group="version")["hits"]
    marked = {hit["lang"]: hit["snippet"] for hit in hits}
    assert "<mark>мәслихаттың</mark>" in marked["kk"] and "<mark>маслихата</mark>" in marked["ru"]
    assert "<mark>maslikhat</mark>" in marked["en"]


def test_a_story_is_one_hit_in_any_spelling(archive: DataDir) -> None:
    """The three stories of a group are separate records here (no version links): three hits. Counted
    apart, each language's spelling finds the same number."""
    totals = {query: run_search(archive, query)["total"] for query in GROUPS[0][0]}
    assert set(totals.values()) == {3}, totals
