"""Dates: the forms the three sites use, in kk/ru/en; no guessed years, no impossible dates."""

from __future__ import annotations

import pytest

from archive.normalize.dates import find_date, is_date_line, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21.10.2020", "2020-10-21"),
        ("07.09.2024 14:30", "2024-09-07"),
        ("2024-09-07", "2024-09-07"),
        ("2024-09-07T10:00:00+06:00", "2024-09-07"),
        ("Tuesday, September 22nd, 2020", "2020-09-22"),
        ("March 1st, 2021", "2021-03-01"),
        ("18 September 2024", "2024-09-18"),
        ("Sept. 22, 2020", "2020-09-22"),
        ("22 ноября 2023 г.", "2023-11-22"),
        ("3 марта 2021 года", "2021-03-03"),
        ("5 мая 2022", "2022-05-05"),
        ("22 нояб. 2023", "2023-11-22"),
        ("22 қыркүйек 2023 ж.", "2023-09-22"),
        ("12 мамыр 2022 ж.", "2022-05-12"),
        ("2023 жылғы 22 қыркүйекте", "2023-09-22"),
        ("2021 жылы 4 желтоқсанда", "2021-12-04"),
        ("1 қаңтар 2020 ж.", "2020-01-01"),
        ("«22» ноября 2023 года", "2023-11-22"),
        ("2023 жылғы «22» қыркүйекте", "2023-09-22"),
        ("22nd of September 2020", "2020-09-22"),
    ],
)
def test_parse_date_reads_the_sites_forms(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On June 26",  # no year: unknown, never this year
        "26 июня",
        "26 маусым",
        "June 2020",  # no day
        "31.02.2020",  # no such day
        "30 февраля 2021 года",
        "01.01.1980",  # before the sites existed
        "12.12.2150",
        "yesterday",
        "вчера",
        "",
        "Views: 1532",
    ],
)
def test_parse_date_refuses_partial_impossible_and_relative_dates(text: str) -> None:
    assert parse_date(text) is None


def test_kazakh_month_names_are_not_read_as_russian() -> None:
    assert parse_date("15 мамыр 2023 ж.") == "2023-05-15"  # мамыр (May), not "март"
    assert parse_date("15 наурыз 2023 ж.") == "2023-03-15"
    assert parse_date("15 қазан 2023 ж.") == "2023-10-15"


def test_find_date_takes_a_date_line_near_the_top() -> None:
    text = "Skip to Content\n\nFriday, March 12th, 2021\n\nA title\n\nBody mentions 01.02.2019 later."
    assert find_date(text) == "2021-03-12"


def test_find_date_takes_a_date_in_the_first_sentence() -> None:
    assert find_date("On September 18, 2024, a training was held in Semey.") == "2024-09-18"
    assert find_date("2024 жылғы 18 қыркүйекте Семейде оқу өтті.") == "2024-09-18"
    assert find_date("18 сентября 2024 года в Семее прошло обучение.") == "2024-09-18"


def test_find_date_without_a_year_is_none() -> None:
    text = "A seminar started in Taraz\n\nOn June 26, a two-day seminar started.\n\nIn 2024, more were held."
    assert find_date(text) is None


def test_find_date_ignores_dates_deep_in_the_text() -> None:
    lines = ["Title"] + [f"Paragraph {i} without any date in it." for i in range(8)]
    lines.append("The law of 12 March 2019 was amended.")
    assert find_date("\n\n".join(lines)) is None


def test_is_date_line() -> None:
    assert is_date_line("21.10.2020")
    assert is_date_line("Tuesday, September 22nd, 2020")
    assert is_date_line("22 ноября 2023 г.")
    assert not is_date_line("On September 18, 2024, a training was held")
    assert not is_date_line("21.10.2020 — 22.10.2020")
