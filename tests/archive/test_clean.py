"""Plain-text cleaning, on files in the shapes of the saved seed texts: what a reader of the record notices."""

from __future__ import annotations

from pathlib import Path

from archive.normalize.clean import clean_paragraphs, clean_text, drop_navigation, split_paragraphs

FIXTURES = Path(__file__).parent / "fixtures"


def _clean(name: str):
    return clean_text((FIXTURES / name).read_text(encoding="utf-8"))


def test_glued_homepage_and_repeated_title_collapse_into_one_title() -> None:
    got = _clean("institute_glued_homepage.txt")
    assert got.title == (
        "THE INSTITUTE OF PARLIAMENTARISM HELD A SEMINAR ON PUBLIC HEARINGS FOR MASLIKHAT DEPUTIES "
        "OF THE NORTHERN REGIONS: PRACTICE AND NEW RULES"
    )
    assert "Homepage" not in got.text
    assert "THE INSTITUTE OF PARLIAMENTARISM" not in got.text
    assert got.text.startswith("On March 5, 2024, a seminar on public hearings")
    assert got.date == "2024-03-05"
    assert len(got.text.split("\n\n")) == 4


def test_date_without_year_stays_unknown() -> None:
    got = _clean("institute_no_year.txt")
    assert got.title == "A seminar for deputies of rural maslikhats started in Kyzylorda"
    assert got.date is None
    assert got.text.startswith("On May 14, a three-day seminar")
    assert "started in Kyzylorda A seminar" not in got.text


def test_skip_link_date_line_and_source_line() -> None:
    got = _clean("mazhilis_skip_source.txt")
    assert got.title == "Deputies of the Mazhilis met with the chairmen of regional maslikhats"
    assert got.date == "2021-03-11"
    assert (
        got.source_line
        == "Source: Press service of the Mazhilis of the Parliament of the Republic of Kazakhstan"
    )
    assert "Skip to Content" not in got.text
    assert "Source:" not in got.text
    assert "Thursday" not in got.text
    assert got.text.endswith("to hold the next meeting in Karaganda.")


def test_russian_title_then_date_line() -> None:
    got = _clean("senate_ru_date_line.txt")
    assert got.title == "Сенаторы провели выездное совещание с депутатами маслихатов Туркестанской области"
    assert got.date == "2021-04-14"
    assert "14.04.2021" not in got.text
    assert got.source_line == "Источник: Пресс-служба Сената"
    assert got.text.split("\n\n")[0].startswith("В Туркестане прошло")


def test_kazakh_text_with_basty_bet_and_source() -> None:
    got = _clean("kk_year_first.txt")
    assert got.title == "Мәжіліс депутаттары өңірлік мәслихаттар төрағаларымен кездесті"
    assert "Басты бет" not in got.text
    assert got.date == "2022-05-17"
    assert got.source_line == "Дереккөз: Мәжіліс баспасөз қызметі"


def test_text_that_starts_with_a_paragraph_has_no_title() -> None:
    got = _clean("institute_no_title.txt")
    assert got.title is None
    assert got.date == "2024-10-02"
    assert len(got.text.split("\n\n")) == 3  # one paragraph a line, none lost


def test_title_repeated_on_separate_lines_is_kept_once() -> None:
    title = "Сенат одобрил закон о местном самоуправлении"
    text = (
        f"Главная\n{title}\n{title}\n\n{title} {title} Сенат одоб\n\nСенаторы приняли закон во втором чтении."
    )
    got = clean_text(text)
    assert got.title == title
    assert got.text == "Сенаторы приняли закон во втором чтении."


def test_body_sentence_that_starts_like_the_title_is_kept() -> None:
    text = "Senate adopted the law\n\nSenate adopted the law on local government on Thursday after a long debate."
    got = clean_text(text)
    assert got.title == "Senate adopted the law"
    assert got.text == "Senate adopted the law on local government on Thursday after a long debate."


def test_navigation_word_inside_a_sentence_is_kept() -> None:
    assert drop_navigation(["Главная задача маслихатов — контроль бюджета."]) == [
        "Главная задача маслихатов — контроль бюджета."
    ]
    assert drop_navigation(["ГлавнаяСенат принял закон", "Homepage / News / Title", "Басты бет"]) == [
        "Сенат принял закон"
    ]
    assert drop_navigation(["Homepage The Senate adopted a law", "Басты бетМәжіліс заң қабылдады"]) == [
        "The Senate adopted a law",
        "Мәжіліс заң қабылдады",
    ]


def test_widgets_counters_footers_and_related_lists_are_dropped() -> None:
    paragraphs = [
        "The committee approved the draft.",
        "Facebook Telegram WhatsApp",
        "Views: 1532",
        "Print",
        "The draft goes to the plenary session next week.",
        "Other news",
        "Senate ratified an agreement with Uzbekistan",
        "© 2024 Parliament of the Republic of Kazakhstan. All rights reserved.",
    ]
    body, source = clean_paragraphs(paragraphs, title=None)
    assert body == ["The committee approved the draft.", "The draft goes to the plenary session next week."]
    assert source is None


def test_hard_wrapped_lines_are_joined_into_paragraphs() -> None:
    text = "Title of the story\n\nThe committee approved\nthe draft on Monday.\nA second sentence line.\n"
    assert split_paragraphs(text) == [
        "Title of the story",
        "The committee approved the draft on Monday.",
        "A second sentence line.",
    ]


def test_invisible_characters_and_crlf_are_normalised() -> None:
    assert split_paragraphs("Title\u200b\r\n\r\nBody\u00a0text  here\r\n") == ["Title", "Body text here"]
