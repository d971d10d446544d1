"""Analysis: the Kazakh stemmer on real inflections, Snowball for ru/en, transliteration across scripts."""

from __future__ import annotations

import pytest

from archive.kazakh import stem
from archive.translit import fold
from search.analysis import spelling_keys, text_terms
from search.querytree import parse, query_langs

KAZAKH_FAMILIES = {
    "мәслихат": [
        "мәслихат", "мәслихаттың", "мәслихаттары", "мәслихаттарға", "мәслихаттардың", "мәслихатқа",
        "мәслихатта", "мәслихаттан", "мәслихатпен", "мәслихаттарының",
    ],
    "депутат": ["депутат", "депутаттар", "депутаттарының", "депутаттарына", "депутаттарымен", "депутаты"],
    "отырыс": ["отырыс", "отырысы", "отырысында", "отырысының", "отырысқа", "отырыстарда"],
    "мәжіліс": ["мәжіліс", "мәжілісі", "мәжілістің", "мәжіліске", "мәжілісінде", "мәжілістен"],
    "заң": ["заң", "заңы", "заңның", "заңдар", "заңдарды", "заңға"],
    "жоба": ["жоба", "жобасы", "жобасын", "жобаны", "жобалары", "жобасының"],
    "министрлік": ["министрлік", "министрлігі", "министрлігінің"],
    "қазақстан": ["қазақстан", "қазақстанның", "қазақстанда", "қазақстаннан"],
    "тоқаев": ["тоқаев", "тоқаевтың"],
    "ел": ["ел", "елдің", "елімізде"],
}  # fmt: skip


@pytest.mark.parametrize("root", KAZAKH_FAMILIES)
def test_kazakh_inflections_share_a_stem(root: str) -> None:
    assert {form: stem(form) for form in KAZAKH_FAMILIES[root]} == {
        form: root for form in KAZAKH_FAMILIES[root]
    }


@pytest.mark.parametrize("word", ["жиын", "астана", "комиссия", "бала", "қала", "ата"])
def test_kazakh_roots_that_look_inflected_stay_whole(word: str) -> None:
    assert stem(word) == word


def test_kazakh_vowel_harmony_blocks_a_mismatched_suffix() -> None:
    # -дің is the front-vowel genitive: a back-vowel stem (ел is front, қала back) does not shed it
    assert stem("қаладің") == "қаладің"
    assert stem("қаланың") == "қала"


def test_kazakh_analysis_drops_stop_words_and_stems() -> None:
    assert text_terms("kk", "Мәслихат және депутаттарының отырысында") == (
        ["мәслихат", "депутат", "отырыс"],
        [],
    )


def test_russian_and_english_snowball() -> None:
    assert text_terms("ru", "Депутаты депутатов депутатами")[0] == ["депутат"] * 3
    assert text_terms("en", "deputies deputy trained training")[0] == ["deputi", "deputi", "train", "train"]


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Мукашев", "Mukashev"),
        ("Баталова", "Battalova"),
        ("Тоқаев", "Tokayev"),
        ("Ерлан", "Yerlan"),
        ("Жұмабеков", "Zhumabekov"),
        ("Хасенов", "Khassenov"),
        ("Дмитрий", "Dmitry"),
        ("Жаңабаев", "Zhanabayev"),
        ("Қасым", "Qasym"),
    ],
)
def test_names_fold_to_one_latin_form(cyrillic: str, latin: str) -> None:
    assert fold(cyrillic) == fold(latin)


def test_transliteration_covers_kazakh_letters() -> None:
    assert [fold(w) for w in "Әулиекөл Меңдіқара Ұлытау Үкімет Һ".split()] == [
        "auliekol", "mendikara", "ulytau", "ukimet", "h",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "spellings",
    [("мәслихат", "маслихатов", "maslikhat"), ("Қазақстанның", "Казахстана", "Kazakhstan"),
     ("әкімі", "акима", "akim"), ("Мәжілісінің", "Мажилиса", "Mazhilis"), ("Мұқашев", "Мукашова", "Mukashev")],
)  # fmt: skip
def test_kazakh_russian_and_english_spellings_share_a_key(spellings: tuple[str, str, str]) -> None:
    kk, ru, en = spellings
    assert spelling_keys("kk", kk) & spelling_keys("ru", ru) & spelling_keys("en", en)


@pytest.mark.parametrize(
    ("query", "langs"),
    [
        ("мәслихат", ("kk",)),
        ("депутаты", ("ru", "kk")),
        ("deputies", ("en",)),
        ("title:депутаты AND NOT бюджет", ("ru", "kk")),
        ("2024", ("kk", "ru", "en")),
        ("Mukashev Мукашев", ("kk", "ru", "en")),
    ],
)
def test_query_language_picks_the_analyzers(query: str, langs: tuple[str, ...]) -> None:
    assert query_langs(parse(query)) == langs


def test_a_language_filter_sets_the_query_language() -> None:
    assert query_langs(parse("депутаты"), "kk") == ("kk",)
