"""Story texts written for the tests, and builders of pages and text files in the shapes the sites use."""

from __future__ import annotations

from html import escape
from pathlib import Path

STORIES = {
    "en": (
        "Deputies of district maslikhats trained in Kostanay",
        [
            "On 14 March 2024 a two-day seminar for deputies of district maslikhats opened in Kostanay. "
            "It was organised by the Institute of Parliamentarism together with the regional maslikhat.",
            "Forty deputies from Auliekol, Karasu, Mendykara and Taran districts discussed the budget process, "
            "public hearings and the handling of citizens' appeals.",
            "Senator Bolat Zhumabekov reminded participants that local representative bodies are the first "
            "place where residents turn with their problems, and urged them to report to voters every quarter.",
            "The seminar ended with a practical session on drafting decisions of the maslikhat.",
        ],
    ),
    "ru": (
        "В Костанае прошло обучение депутатов районных маслихатов",
        [
            "14 марта 2024 года в Костанае открылся двухдневный семинар для депутатов районных маслихатов. "
            "Его организовали Институт парламентаризма и областной маслихат.",
            "Сорок депутатов из Аулиекольского, Карасуского, Мендыкаринского и Таранского районов обсудили "
            "бюджетный процесс, публичные слушания и работу с обращениями граждан.",
            "Сенатор Болат Жумабеков напомнил, что местные представительные органы — первое место, куда "
            "жители обращаются со своими проблемами, и призвал ежеквартально отчитываться перед избирателями.",
            "Семинар завершился практическим занятием по подготовке решений маслихата.",
        ],
    ),
    "kk": (
        "Қостанайда аудандық мәслихат депутаттары оқудан өтті",
        [
            "2024 жылғы 14 наурызда Қостанайда аудандық мәслихат депутаттарына арналған екі күндік семинар "
            "ашылды. Оны Парламентаризм институты облыстық мәслихатпен бірлесіп ұйымдастырды.",
            "Әулиекөл, Қарасу, Меңдіқара және Таран аудандарының қырық депутаты бюджет процесін, қоғамдық "
            "тыңдауларды және азаматтардың өтініштерімен жұмысты талқылады.",
            "Сенатор Болат Жұмабеков жергілікті өкілді органдар тұрғындар өз мәселелерімен бірінші жүгінетін "
            "орын екенін еске салып, сайлаушылар алдында тоқсан сайын есеп беруге шақырды.",
            "Семинар мәслихат шешімдерін дайындау бойынша практикалық сабақпен аяқталды.",
        ],
    ),
}

OTHER_STORY_EN = (
    "Mazhilis committee discussed water conservation",
    [
        "The Committee on Ecology of the Mazhilis held a round table on water conservation in agriculture. "
        "Deputies heard the Ministry of Water Resources on the modernisation of irrigation canals.",
        "According to the ministry, more than a third of the water taken for irrigation is lost before it "
        "reaches the fields. Deputy Aigul Seitkali proposed tariffs that reward farmers for drip irrigation.",
        "The recommendations of the round table will be sent to the Government within a month.",
    ],
)


def page(
    title: str,
    paragraphs: list[str],
    *,
    lang: str,
    date_line: str = "",
    canonical: str = "",
    alternates: dict[str, str] | None = None,
    charset: str | None = "utf-8",
) -> str:
    """An article page with the boilerplate the real sites carry around the story."""
    meta = f'<meta charset="{charset}">' if charset else ""
    links = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    for alt_lang, href in (alternates or {}).items():
        links += f'<link rel="alternate" hreflang="{alt_lang}" href="{href}">'
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>{escape(title)} | Parliament</title>{links}</head>'
        '<body><a href="#main">Skip to Content</a><nav><a href="/">Homepage</a> <a href="/news">News</a></nav>'
        f'<div class="slider"><h2>{escape(title)}</h2></div>'
        f'<main id="main"><article><h1>{escape(title)}</h1><div class="date">{date_line}</div>{body}</article>'
        '<div class="share">Share: Facebook Telegram</div></main>'
        "<footer>© Parliament of the Republic of Kazakhstan. All rights reserved.</footer></body></html>"
    )


def text_file(title: str, paragraphs: list[str], *, date_line: str = "") -> str:
    """A plain-text capture in the shape of the seeds: crumb glued to the title, title repeated."""
    repeated = " ".join([title] * 4)
    parts = [f"Homepage{title}", title, repeated]
    if date_line:
        parts.append(date_line)
    return "\n\n".join(parts + paragraphs) + "\n"


SENATE_LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"}


def write_versions(folder: Path, story: dict, senate_id: int, *, date_line: str = "") -> Path:
    """The language versions of one Senate story ({lang: (title, paragraphs)}) as saved pages in `folder`,
    each naming its canonical URL, which pairs them; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang, (title, paragraphs) in story.items():
        url = f"https://senate.parlam.kz/{SENATE_LOCALES[lang]}/news/details/{senate_id}"
        html = page(title, paragraphs, lang=lang, date_line=date_line, canonical=url)
        (folder / f"{lang}-{senate_id}.html").write_text(html, encoding="utf-8")
    return folder
