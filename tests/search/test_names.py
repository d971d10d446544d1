"""People's names in every case form and script: a query in the nominative (or any form, in any script) finds
the surname, first name and patronymic in the Russian and Kazakh case forms the texts use."""

from __future__ import annotations

import pytest

from archive.paths import DataDir
from archive.translit import fold, name_forms
from search.service import run_search
from tests.search.corpus import files_found as corpus_files_found
from tests.search.corpus import text_archive

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
def archive(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    return text_archive(tmp_path_factory.mktemp("names"), STORIES)


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


def test_name_forms_add_case_endings_to_the_word_and_its_stem() -> None:
    forms = set(name_forms("Мукашева"))
    assert {fold("Мукашев"), fold("Мукашевым"), fold("Мұқашевтың"), fold("Мұқашевқа")} <= forms
    assert fold("Мукашевтың") in set(name_forms("Mukashev"))
    assert name_forms("Мукашев")[0] == fold("Мукашев")  # the word itself first
