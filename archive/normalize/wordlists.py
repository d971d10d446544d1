"""The word lists of normalization, in kk, ru and en, apart from the rules that read them.

Page chrome (the class words of menus, sliders and share widgets), navigation lines, the labels of a news
skin's widgets, month and weekday names, and the function words that tell Latin-script Kazakh from
English. A site's new breadcrumb word or a skin's new label is a line here, not a change to a rule (as
trafilatura keeps its XPath expressions in `xpaths.py`). Sets of whole lines are casefolded; the labels
that the rules match as patterns are regular-expression alternations, stems with `\\w*` where a word
inflects.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """Words separated by white space."""
    return frozenset(text.split())


def _phrases(text: str) -> frozenset[str]:
    """Phrases separated by "|" or a line break (a line per language: en, ru, kk)."""
    return frozenset(p.strip() for line in text.splitlines() for p in line.split("|") if p.strip())


# ---- page chrome: words of class and id names ------------------------------------------------------

# The chrome of any page: menus, breadcrumbs, pagers, share buttons, sidebars. Links inside are never
# stories (crawler.listing), and text inside is never a story's body (extraction).
CHROME_WORDS = _words(
    "nav navbar navigation menu breadcrumb breadcrumbs pagination pager share sharing social socials sidebar"
)
# The chrome around a story on its own page (dropped from its body). A news list may sit in a slider or a
# widget, so reading a list keeps these.
STORY_CHROME_WORDS = _words(
    "related similar slider carousel swiper print skip footer cookie cookies banner widget subscribe logo search"
)
# A language switcher: its links are the story's versions (read before any chrome is dropped), never stories.
SWITCHER_WORDS = _words("lang langs language languages")
# The labels of a language switch ("Қаз | Рус | Eng"), casefolded: a cell of nothing else is page chrome.
LANGUAGE_SWITCH_LABELS = _words("""
    kz kk kaz qaz ru rus en eng english russian kazakh
    қаз қазақша қазақ тілі рус орыс орысша англ ағылшын ағылшынша
    каз казахский русский английский
""")
# Class words of the element holding a story's title, of the site's own name, and of a date.
TITLE_CLASSES = r"title|headline|heading|zag"  # newstitle, news-title, zagolovok, zag …
SITE_CLASSES = r"logo|brand|site-?name"
DATE_CLASSES = r"date|time|publish|\bdata\b|-data\b"
# <meta> names (property, name or itemprop) that state a page's publication date.
DATE_META = (
    "article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date.issued", "dc.date",
    "og:published_time",
)  # fmt: skip

# ---- navigation and boilerplate lines --------------------------------------------------------------

# Navigation words that a page may glue to the next line's text ("HomepageA training …"), as written.
GLUED_NAVIGATION = r"Homepage|Home page|Главная страница|Главная|Басты бет|Skip to (?:main )?[Cc]ontent"
# Lines that are navigation, never a story's text nor its title.
NAVIGATION_LINES = _phrases("""
    homepage | home page | home | skip to content | skip to main content | print | share | back
    read more | all news | news | to top
    главная | главная страница | перейти к содержимому | перейти к основному содержанию | печать
    версия для печати | поделиться | назад | подробнее | все новости | новости | наверх
    басты бет | басты бетке | мазмұнға өту | басып шығару | бөлісу | артқа | толығырақ
    барлық жаңалықтар | жаңалықтар | жоғары
""")
# A heading after which a page lists other stories: the story ends there.
RELATED_HEADINGS = _phrases("""
    related news | similar news | other news | more news | latest news | read also | see also | related articles
    похожие новости | другие новости | последние новости | читайте также | смотрите также
    ұқсас жаңалықтар | басқа жаңалықтар | соңғы жаңалықтар | тағы оқыңыз
""")
# The words of a row of share buttons ("Facebook Twitter Telegram", "e mail", "Поделиться").
SOCIAL_WORDS = _words("""
    facebook twitter x telegram whatsapp vk vkontakte instagram youtube linkedin ok odnoklassniki email e mail
    share print copy link
    поделиться печать вконтакте одноклассники
    бөлісу
""")
# The labels of the accessibility panel parlam.kz prints before its content.
PANEL_LABELS = _phrases("""
    the website color | website color | site color | distance between letter distance | distance between letters
    letter spacing | line spacing | version for the visually impaired | for the visually impaired
    normal version | reset settings
    цвет сайта | расстояние между буквами | межбуквенный интервал | межстрочный интервал
    версия для слабовидящих | обычная версия | сбросить настройки
    сайттың түсі | сайт түсі | әріптер арасындағы қашықтық | әріп аралығы | жол аралығы
    нашар көретіндерге арналған нұсқа | көзі нашар көретіндерге арналған нұсқа | кәдімгі нұсқа
    баптауларды қалпына келтіру
""")
# A "Source: …" line (kept as provenance).
SOURCE_LABELS = r"source|источник|дереккөз|дерек көзі"
# The first line of a press service's text file that names the publisher, not the story.
PUBLISHER_WORDS = (
    r"пресс-служб|пресс-центр|пресс-релиз|press[ -](?:service|office|releases?|cent(?:er|re))"
    r"|баспасөз (?:қызмет|орталығ|релиз)"
)
PUBLISHER_KAZAKH = r"баспасөз қызметі"  # "… баспасөз қызметі": the Kazakh name ends with it
SECTION_NAMES = r"press releases?|news|пресс-релизы|новости|баспасөз релиздері|жаңалықтар"  # "Site | News"
# Labels of a skin's counters: views, comments, shares ("Просмотров: 1 234", "Views 57", "Қаралым: 88",
# "Поделились: 12", "Бөлісу: 4").
COUNTER_LABELS = (
    r"views?|hits|reads|просмотр\w*|прочитано|прочтений|қаралым\w*|қаралды|оқылды|көрілді|рет қаралды"
    r"|comments?|комментари\w*|пікірлер\w*|пікір"
    r"|shares?|shared|likes?|поделил\w*|репост\w*|нравится|бөлісу|бөлісті|ұнады"
)
# Labels of a skin's other widgets: print, font size, share, updated, published, date.
WIDGET_LABELS = (
    r"print(?: version)?|printable version|версия для печати|распечатать|печать|басып шығару\w*"
    r"|басып шығаруға арналған нұсқа|font size|text size|размер шрифта|размер текста|шрифт"
    r"|қаріп өлшемі|шрифт өлшемі|мәтін өлшемі|share|поделиться|бөлісу"
    r"|(?:last )?updated(?: on)?|modified|обновлено|изменено|дата обновления|дата изменения|жаңартылды"
    r"|жаңартылған күні|өзгертілді|published(?: on)?|опубликовано|дата публикации|жарияланды"
    r"|жарияланған күні|date|дата|күні"
)
# Labels of a photo or video credit ("Фото: пресс-служба Сената").
CREDIT_LABELS = r"photo(?:s| by| credit)?|фото(?:графия)?|фотограф|сурет|суреттер|video|видео|бейне"
COPYRIGHT_PHRASES = r"all rights reserved|все права защищены|барлық құқықтар қорғалған"

# ---- dates -------------------------------------------------------------------------------------------

EN_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
)  # fmt: skip
# Stems that every inflected form starts with (января, январе; маусымда, қыркүйектегі …), month by month.
RU_MONTHS = (
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
)
RU_MAY = ("май", "мая", "мае")  # May's stem "ма" is too short to match by prefix: its forms, whole
RU_MONTH_ABBREVIATIONS = ("янв", "фев", "мар", "апр", None, "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
KK_MONTHS = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша",
    "желтоқсан",
)  # fmt: skip
WEEKDAYS = _words("""
    monday tuesday wednesday thursday friday saturday sunday
    понедельник вторник среда четверг пятница суббота воскресенье
    дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі
""")

# ---- language identification -------------------------------------------------------------------------

# Russian spellings of Kazakh institutions (Kazakh itself writes мәслихат, Мәжіліс, әкім).
RUSSIAN_SPELLINGS = ("маслихат", "мажилис", "аким")
# Function words of Kazakh in either Latin alphabet, and of English.
KAZAKH_LATIN_WORDS = _words("""
    jáne jäne men ben pen úshin üşin ushin bul býl osy osı sol ol olar biz siz týraly turaly turalı
    boıynsha boiynsha boiynşa boyınşa arqyly arqılı keıin keiin keyin deıin deiin deyin qatysty qatıstı
    sondaı sondai sonday aq ári äri nemese biraq bıraq edi eken bolyp bolıp boldy boldı bolady boladı dep
    dedi degen jyly jılı jyl jıl tek barlyq barlıq ár är bir eki retinde kezinde sondyqtan búgin bügin
    búginde büginde óz öz ózi özi jyldyń jıldıñ jatyr jatır otyr otır
""")
ENGLISH_WORDS = _words("""
    the of and to in a an is are was were for on with by at from as has have had will be been that this
    which it its their said also during after into than
""")
