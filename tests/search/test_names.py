"""People's names in every case form and script: a query in the nominative (or any form, in any script) finds
the surname, first name and patronymic in the Russian and Kazakh case forms the texts use."""

from __future__ import annotations

import pytest

from archive.paths import DataDir
from search.analysis import query_spelling_keys, spelling_keys
from tests.search.corpus import files_found as corpus_files_found
from tests.search.corpus import run_search, text_archive

# One story a file: (file name, title, text). Each holds the names in forms none of the others has.
STORIES = [
    ("ru-mukasheva.txt", "Награда для Толеубека Мукашева",
     "Президент наградил орденом секретаря маслихата Толеубека Мукашева. Церемония прошла в Акорде."),
    ("ru-kairatovna.txt", "Встреча с Гульнарой Кайратовной Смаилиной",
     "Депутаты встретились с Гульнарой Кайратовной Смаилиной, директором сельской школы из Аршалы."),
    ("ru-ashimbaev.txt", "Письмо Ерлану Ашимбаеву",
     "Письмо передано Ерлану Ашимбаеву, председателю комитета по аграрным вопросам, на прошлой неделе."),
    ("kk-mukashev.txt", "Мұқашевтың баяндамасы",
     "Мәслихат хатшысы Төлеубек Мұқашевтың баяндамасы тыңдалды. Депутаттар Мұқашевқа сұрақ қойды."),
    ("kk-kairatuly.txt", "Асқар Қайратұлының сапары",
     "Депутат Асқар Қайратұлының Жамбыл облысына сапары аяқталды. Ауыл тұрғындары Қайратұлына алғыс айтты."),
    ("kk-gulnara.txt", "Гүлнара Серікқызына марапат",
     "Ұстаз Гүлнара Серікқызының еңбегі бағаланды, облыс әкімі Серікқызына грамота табыстады."),
    ("en-mukashev.txt", "Secretary Mukashev briefs students",
     "Maslikhat secretary Toleubek Mukashev met students of the agrarian university in Astana."),
]  # fmt: skip


@pytest.fixture(scope="module")
def archive(search_engine: str, tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    return text_archive(tmp_path_factory.mktemp(f"names-{search_engine}"), STORIES)


def files_found(data: DataDir, query: str) -> set[str]:
    return corpus_files_found(data, query, STORIES)


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        # the nominative finds the Russian genitive/dative/instrumental and the Kazakh genitive/dative
        ("Мукашев", {"ru-mukasheva.txt", "kk-mukashev.txt", "en-mukashev.txt"}),
        ("Мұқашев", {"ru-mukasheva.txt", "kk-mukashev.txt", "en-mukashev.txt"}),
        ("Mukashev", {"ru-mukasheva.txt", "kk-mukashev.txt", "en-mukashev.txt"}),
        # a case form (or the female nominative) finds the others
        ("Mukasheva", {"ru-mukasheva.txt", "kk-mukashev.txt", "en-mukashev.txt"}),
        ("Мұқашевтың", {"ru-mukasheva.txt", "kk-mukashev.txt", "en-mukashev.txt"}),
        # first names: Толеубека / Төлеубек / Toleubek
        ("Толеубек", {"ru-mukasheva.txt", "kk-mukashev.txt", "en-mukashev.txt"}),
        # patronymics: Russian -овна in the instrumental, Kazakh -ұлы and -қызы in the genitive and dative
        ("Кайратовна", {"ru-kairatovna.txt"}),
        ("Қайратұлы", {"kk-kairatuly.txt"}),
        ("Kairatuly", {"kk-kairatuly.txt"}),
        ("Серікқызы", {"kk-gulnara.txt"}),
        # surnames in -ин and -ев in the Russian female instrumental and male dative; first names likewise
        ("Смаилина", {"ru-kairatovna.txt"}),
        ("Smailin", {"ru-kairatovna.txt"}),
        ("Ашимбаев", {"ru-ashimbaev.txt"}),
        ("Ashimbayev", {"ru-ashimbaev.txt"}),
        ("Гульнара", {"ru-kairatovna.txt", "kk-gulnara.txt"}),
        ("Ерлан", {"ru-ashimbaev.txt"}),
    ],
)
def test_a_name_finds_its_case_forms_in_every_script(archive: DataDir, query: str, wanted: set[str]) -> None:
    assert files_found(archive, query) == wanted


def test_names_of_other_people_stay_apart(archive: DataDir) -> None:
    # Мукашев is not Мукан, Асқар is not Аскаров: the endings added are case endings only
    assert files_found(archive, "Мукан") == set()
    assert files_found(archive, "Аскаров") == set()


def test_a_found_case_form_is_marked_in_the_snippet(archive: DataDir) -> None:
    hit = next(h for h in run_search(archive, "Мукашев", lang="ru")["hits"])
    assert "<mark>Мукашева</mark>" in hit["snippet"]


@pytest.mark.parametrize(
    ("query", "lang", "form"),
    [("Мукашева", "kk", "Мұқашевтың"), ("Mukashev", "ru", "Мукашевым"), ("Мукашов", "en", "Mukashev"),
     ("Гульнара", "ru", "Гульнарой"), ("Smailin", "ru", "Смаилиной")],
)  # fmt: skip
def test_a_name_and_its_case_forms_share_a_spelling_key(query: str, lang: str, form: str) -> None:
    assert query_spelling_keys(query) & spelling_keys(lang, form)


def test_a_name_keeps_the_endings_that_are_part_of_it() -> None:
    """Аскаров is a surname, not the case form of Асқар: as a name only case endings come off, while the
    noun маслихатов loses its genitive plural."""
    assert not query_spelling_keys("Аскаров") & spelling_keys("kk", "Асқар")
    assert query_spelling_keys("маслихатов") & spelling_keys("kk", "мәслихат")
