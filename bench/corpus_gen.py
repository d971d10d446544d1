"""Generated kk/ru/en news stories for the benchmarks: deterministic, distinct, 200–600 words each."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

WORDS = {
    "kk": (
        "мәслихат депутат сенат мәжіліс парламент заң жоба отырыс комитет бюджет азамат өтініш аудан облыс "
        "қала ауыл әкімдік тыңдау семинар оқу бағдарлама жұмыс тобы есеп сайлаушы кездесу мәселе шешім "
        "талқылау ұсыныс бақылау қаражат жол мектеп аурухана су жер экология кәсіпкерлік жастар білім "
        "денсаулық мәдениет спорт туризм ауыл шаруашылығы өнеркәсіп көлік байланыс цифрлық қызмет халық "
        "үкімет министрлік институт қор қауымдастық тәжірибе реформа өзгеріс түзету бап кодекс норма "
        "жиналыс кеңес төраға хатшы орынбасар сарапшы баяндама маңызды қажет жаңа жергілікті мемлекеттік "
        "қоғамдық халықаралық өңірлік жалпы негізгі нақты тиімді ашық жедел бірлескен тұрақты"
    ).split(),
    "ru": (
        "маслихат депутат сенат мажилис парламент закон проект заседание комитет бюджет гражданин обращение "
        "район область город село акимат слушание семинар обучение программа рабочая группа отчет "
        "избиратель встреча вопрос решение обсуждение предложение контроль средства дорога школа больница "
        "вода земля экология предпринимательство молодежь образование здравоохранение культура спорт "
        "туризм сельское хозяйство промышленность транспорт связь цифровой услуга население правительство "
        "министерство институт фонд ассоциация опыт реформа изменение поправка статья кодекс норма "
        "собрание совет председатель секретарь заместитель эксперт доклад важный необходимый новый местный "
        "государственный общественный международный региональный общий основной конкретный эффективный"
    ).split(),
    "en": (
        "maslikhat deputy senate mazhilis parliament law bill session committee budget citizen appeal "
        "district region city village akimat hearing seminar training programme working group report voter "
        "meeting issue decision discussion proposal oversight funds road school hospital water land ecology "
        "business youth education healthcare culture sport tourism agriculture industry transport "
        "communications digital service population government ministry institute foundation association "
        "experience reform amendment article code norm assembly council chairman secretary deputy expert "
        "report important necessary new local state public international regional general main specific "
        "effective open joint stable"
    ).split(),
}
NAMES = {
    "kk": "Мұқашев Баталова Сүлеймен Жұмабеков Қасымова Төлеубеков Ахметова Серікбаев Нұрланова Омаров".split(),
    "ru": "Мукашев Баталова Сулеймен Жумабеков Касымова Толеубеков Ахметова Серикбаев Нурланова Омаров".split(),
    "en": "Mukashev Batalova Suleimen Zhumabekov Kassymova Toleubekov Akhmetova Serikbayev Nurlanova Omarov".split(),
}
SOURCES = ("senate", "mazhilis", "institute")


@dataclass
class Story:
    n: int
    lang: str
    source: str
    title: str
    date: str
    paragraphs: list[str]

    def html(self) -> str:
        body = "".join(f"<p>{escape(p)}</p>" for p in self.paragraphs)
        return (
            f'<!DOCTYPE html><html lang="{self.lang}"><head><meta charset="utf-8">'
            f"<title>{escape(self.title)}</title></head><body>"
            '<nav><a href="/">Homepage</a></nav>'
            f'<main><article><h1>{escape(self.title)}</h1><div class="date">{self.date_dotted}</div>{body}'
            "</article></main><footer>© Parliament</footer></body></html>"
        )

    @property
    def date_dotted(self) -> str:
        y, m, d = self.date.split("-")
        return f"{d}.{m}.{y}"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _sentence(rng: random.Random, lang: str) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(8, 16))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(NAMES[lang]))
    words.append(str(rng.randint(1, 9999)))
    return " ".join(words).capitalize() + "."


def story(n: int, seed: int = 2024) -> Story:
    """Story number n: the same for the same n and seed, different from every other n."""
    rng = random.Random(seed * 1_000_003 + n)
    lang = ("kk", "ru", "en")[n % 3]
    target = rng.randint(200, 600)
    paragraphs, count = [], 0
    while count < target:
        para = " ".join(_sentence(rng, lang) for _ in range(rng.randint(3, 6)))
        paragraphs.append(para)
        count += len(para.split())
    title = " ".join(rng.choice(WORDS[lang]) for _ in range(rng.randint(5, 10))).capitalize() + f" {n}"
    date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return Story(n, lang, SOURCES[n % len(SOURCES)], title, date, paragraphs)


def stories(count: int, seed: int = 2024) -> Iterator[Story]:
    return (story(n, seed) for n in range(count))
