"""A small archive written as files for the search tests: three languages, three sources, names in two
scripts, a near-duplicate, a page quoting markup, and a Kazakh story rich in inflections."""

from __future__ import annotations

from pathlib import Path

from archive.config import Settings
from archive.paths import DataDir
from parlarchive.app import Parlarchive
from search.service import IndexStatus
from tests.archive.stories import OTHER_STORY_EN, STORIES, page, text_file
from tests.helpers import import_files

SENATE = "https://senate.parlam.kz/{loc}/news/details/31"
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"}

KK_MASLIKHAT = (
    "Мәслихат сессиясы өтті",
    [
        "Облыстық мәслихаттың кезекті сессиясы Қостанайда өтті. Мәслихат депутаттары бюджетті талқылады.",
        "Отырысында аудандық мәслихаттары мен мәслихаттарға түскен өтініштер қаралды. Депутаттар "
        "жергілікті мәслихаттардың есептерін тыңдады.",
        "Сессияның отырысы хатшы Ерлан Мукашевтың баяндамасымен аяқталды.",
    ],
)
RU_NAMES = (
    "Депутат Баталова встретилась с избирателями",
    [
        "Депутат Мажилиса Айгерим Баталова провела встречу с избирателями Павлодарской области.",
        "Секретарь маслихата Ерлан Мукашев рассказал о работе над бюджетом региона на 2024 год.",
        "Участники обсудили строительство школ и ремонт дорог в сельских округах.",
    ],
)
EN_NAMES = (
    "Parliamentarians meet students in Almaty",
    [
        "Member of the Mazhilis Aigerim Battalova and secretary Yerlan Mukashev met students of Almaty "
        "universities to talk about the work of Parliament.",
        "The students asked how a bill becomes law and how citizens can take part in public hearings.",
        "A reader wrote <script>alert('x')</script> & asked whether the site is safe.",
    ],
)
RU_WATER = (
    "Комитет обсудил водосбережение в сельском хозяйстве",
    [
        "Комитет по экологии Мажилиса провёл круглый стол о водосбережении в сельском хозяйстве. Депутаты "
        "заслушали министерство водных ресурсов о модернизации оросительных каналов.",
        "По данным министерства, более трети воды, забираемой на орошение, теряется до полей. Депутат "
        "предложила тарифы, которые поощряют фермеров за капельное орошение.",
        "Рекомендации круглого стола будут направлены в Правительство в течение месяца.",
    ],
)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_first_batch(folder: Path) -> None:
    """The Senate story in three languages and an English committee note (plain text)."""
    for lang, (title, paragraphs) in STORIES.items():
        url = SENATE.format(loc=LOCALES[lang])
        alternates = {other: SENATE.format(loc=LOCALES[other]) for other in STORIES if other != lang}
        html = page(
            title, paragraphs, lang=lang, date_line="14.03.2024", canonical=url, alternates=alternates
        )
        _write(folder / f"senate-31-{lang}.html", html)
    _write(folder / "committee.txt", text_file(*OTHER_STORY_EN, date_line="Tuesday, May 7th, 2024"))


def write_second_batch(folder: Path) -> None:
    """Mazhilis, Institute and Senate pages of other years; the water story twice (a near-duplicate)."""
    _write(
        folder / "kk-maslikhat.html",
        page(
            *KK_MASLIKHAT,
            lang="kk",
            date_line="22.09.2023",
            canonical="https://www.parlam.kz/kk/mazhilis/news/501",
        ),
    )
    _write(
        folder / "ru-names.html",
        page(
            *RU_NAMES,
            lang="ru",
            date_line="22.11.2023",
            canonical="https://www.parlam.kz/ru/mazhilis/news/502",
        ),
    )
    _write(
        folder / "en-names.html",
        page(*EN_NAMES, lang="en", date_line="07.09.2022", canonical="https://qr-pib.kz/en/p/77"),
    )
    _write(
        folder / "ru-water.html",
        page(
            *RU_WATER,
            lang="ru",
            date_line="15.05.2024",
            canonical="https://www.parlam.kz/ru/mazhilis/news/600",
        ),
    )
    title, paragraphs = RU_WATER
    _write(
        folder / "ru-water-repost.html",
        page(
            title,
            [*paragraphs[:-1], paragraphs[-1] + " Об этом сообщила пресс-служба."],
            lang="ru",
            date_line="16.05.2024",
            canonical="https://senate.parlam.kz/ru-RU/news/details/900",
        ),
    )


def build_archive(root: Path) -> DataDir:
    """Both batches imported one after the other: the index is updated incrementally after each."""
    write_first_batch(root / "files" / "first")
    write_second_batch(root / "files" / "second")
    data = root / "data"
    import_files(data, root / "files" / "first")
    import_files(data, root / "files" / "second")
    return DataDir(data)


def text_archive(root: Path, stories: list[tuple[str, str, str]]) -> DataDir:
    """An archive of .txt files ({name}: title, blank line, text) imported through the command line."""
    folder = root / "files"
    folder.mkdir(parents=True)
    for name, title, text in stories:
        (folder / name).write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    import_files(root / "data", folder)
    return DataDir(root / "data")


def app(data: DataDir, **settings: object) -> Parlarchive:
    """The application object over a data folder, its settings from the environment (the search_engine) and these."""
    return Parlarchive(data, Settings.from_env(**settings))


def run_search(data: DataDir, query: str, **options: object) -> dict:
    """`search --json` through the application object."""
    return app(data).search(query, **options)


def update_index(data: DataDir, *, lock_timeout: float | None = None) -> int:
    return app(data, lock_timeout=lock_timeout).update_index()


def rebuild_index(data: DataDir, *, lock_timeout: float | None = None) -> int:
    return app(data, lock_timeout=lock_timeout).rebuild_index()


def index_status(data: DataDir, *, thorough: bool = False) -> IndexStatus:
    return app(data).index_status(thorough=thorough)


def index_problems(data: DataDir) -> list[str]:
    """`check`'s lines about the index."""
    status = index_status(data, thorough=True)
    return [status.problem] if status.problem else []


def files_found(data: DataDir, query: str, stories: list[tuple[str, str, str]]) -> set[str]:
    """The names of the files whose records a search finds (each language version a hit of its own)."""
    titles = {hit["title"] for hit in run_search(data, query, limit=None, group="version")["hits"]}
    return {name for name, title, _ in stories if title in titles}
