"""The word lists of the generated benchmark archive (bench/corpus_gen.py): function words, the domain words
most stories hold in their inflected forms, common words, letters of the made-up Zipf tail, people's names,
and the archive's mix of sources and language versions. Data only: the generator owns the logic."""

from __future__ import annotations

# Share of stories per source, and of stories per set of language versions (most in 2-3, some in one).
SOURCE_MIX = {"senate": 0.42, "mazhilis": 0.4, "institute": 0.18}
LANG_MIX = {
    ("kk", "ru", "en"): 0.55,
    ("kk", "ru"): 0.25,
    ("ru", "en"): 0.04,
    ("ru",): 0.09,
    ("kk",): 0.05,
    ("en",): 0.02,
}

FUNCTION_WORDS = {
    "kk": "және мен бұл осы үшін туралы бойынша да де оның сондай-ақ бар ретінде арқылы".split(),
    "ru": "и в на с по о для что не из к от как также при это года".split(),
    "en": "the of and to in a for on with by is that was at as".split(),
}

# Domain words: (the chance a story holds the word, its inflected forms). The chamber names come with the
# chance for a story of that chamber (the other sources name them at the default chance).
DOMAIN = {
    "ru": [
        (0.75, "депутат депутаты депутатов депутатам депутатами депутата депутатом депутатах"),
        (
            0.55,
            "закон закона законы законов законом законе законам законопроект законопроекта законопроектов",
        ),
        (0.45, "Парламент Парламента Парламенте Парламентом парламентарии парламентариев"),
        (0.35, "заседание заседания заседании заседаний"),
        (0.3, "бюджет бюджета бюджету бюджетом бюджете бюджетов бюджетных"),
        (0.3, "комитет комитета комитете комитетом комитетов"),
        (0.25, "правительство правительства правительством правительству"),
        (0.25, "сенатор сенаторы сенаторов сенатора сенаторами"),
        (0.15, "маслихат маслихата маслихаты маслихатов маслихатом маслихате маслихатам"),
        (0.12, "аким акима акимат акимата акиматов"),
    ],
    "kk": [
        (0.75, "депутат депутаттар депутаттары депутаттардың депутаттарға депутатының депутаты депутатпен"),
        (0.55, "заң заңы заңның заңға заңда заңдар заңдарды заңдардың заңнама заңнаманы"),
        (0.45, "Парламент Парламенттің Парламентке Парламентте Парламенті"),
        (0.35, "отырыс отырысы отырысында отырыста отырысқа"),
        (0.3, "бюджет бюджеттің бюджетке бюджетте бюджеттен бюджеті"),
        (0.3, "комитет комитеті комитетінің комитетте комитетке"),
        (0.25, "Үкімет Үкіметтің Үкіметке Үкіметі Үкіметпен"),
        (0.25, "сенатор сенаторлар сенаторлардың сенаторға сенаторы"),
        (0.15, "мәслихат мәслихаттың мәслихаттары мәслихаттарға мәслихаттардың мәслихатқа мәслихатта"),
        (0.12, "әкім әкімі әкімдік әкімдігі әкімдіктің"),
    ],
    "en": [
        (0.75, "deputy deputies deputy's"),
        (0.55, "law laws bill bills lawmakers legislation"),
        (0.45, "Parliament parliamentary Parliament's"),
        (0.35, "session sessions meeting"),
        (0.3, "budget budgets budgetary"),
        (0.3, "committee committees"),
        (0.25, "Government government's"),
        (0.25, "senator senators"),
        (0.15, "maslikhat maslikhats"),
        (0.12, "akim akimat akimats"),
    ],
}
CHAMBERS = {
    "senate": (
        0.9,
        {"ru": "Сенат Сената Сенату Сенатом Сенате", "kk": "Сенат Сенаттың Сенатқа Сенатта Сенаттан Сенаты",
         "en": "Senate Senate's"},
    ),
    "mazhilis": (
        0.9,
        {"ru": "Мажилис Мажилиса Мажилису Мажилисом Мажилисе",
         "kk": "Мәжіліс Мәжілістің Мәжіліске Мәжілісте Мәжілістен Мәжілісі", "en": "Mazhilis Mazhilis's"},
    ),
}  # fmt: skip
CHAMBER_ELSEWHERE = 0.2  # a chamber named in a story of another source

# Common real words (the head of the vocabulary after the function words), and made-up endings that give
# each a few forms, as inflection does.
COMMON = {
    "kk": (
        "азамат өтініш аудан облыс қала ауыл тыңдау семинар оқу бағдарлама жұмыс тобы есеп сайлаушы кездесу "
        "мәселе шешім талқылау ұсыныс бақылау қаражат жол мектеп аурухана су жер экология кәсіпкерлік жастар "
        "білім денсаулық мәдениет спорт туризм шаруашылығы өнеркәсіп көлік байланыс цифрлық қызмет халық "
        "министрлік институт қор қауымдастық тәжірибе реформа өзгеріс түзету бап кодекс норма жиналыс кеңес "
        "төраға хатшы орынбасар сарапшы баяндама маңызды қажет жаңа жергілікті мемлекеттік қоғамдық "
        "халықаралық өңірлік жалпы негізгі нақты тиімді ашық жедел бірлескен тұрақты"
    ).split(),
    "ru": (
        "гражданин обращение район область город село слушание семинар обучение программа рабочая группа "
        "отчет избиратель встреча вопрос решение обсуждение предложение контроль средства дорога школа "
        "больница вода земля экология предпринимательство молодежь образование здравоохранение культура "
        "спорт туризм хозяйство промышленность транспорт связь цифровой услуга население министерство "
        "институт фонд ассоциация опыт реформа изменение поправка статья кодекс норма собрание совет "
        "председатель секретарь заместитель эксперт доклад важный необходимый новый местный государственный "
        "общественный международный региональный общий основной конкретный эффективный"
    ).split(),
    "en": (
        "citizen appeal district region city village hearing seminar training programme working group report "
        "voter issue decision discussion proposal oversight funds road school hospital water land ecology "
        "business youth education healthcare culture sport tourism agriculture industry transport "
        "communications digital service population ministry institute foundation association experience "
        "reform amendment article code norm assembly council chairman secretary expert important necessary "
        "new local state public international regional general main specific effective open joint stable"
    ).split(),
}
ENDINGS = {
    "kk": ["", "", "тың", "тар", "ға", "да", "ы", "дың", "лары", "тарының", "ында"],
    "ru": ["", "", "а", "ов", "ами", "ы", "ом", "е", "ах", "ой"],
    "en": ["", "", "s", "ed", "ing", "s"],
}
# Consonants and vowels of the made-up tail (Kazakh's own letters among them, so that its words look Kazakh).
LETTERS = {
    "kk": ("бгджзйклмнпрстшқғң", "аеоұүыіәө"),
    "ru": ("бвгджзклмнпрстфхчш", "аеиоуыя"),
    "en": ("bcdfghklmnprstvwz", "aeiou"),
}

# People (fictional): (given name kk, ru, en), (surname kk, ru, (en spellings)). A woman's surname ends in -а.
GIVEN = [
    ("Мұрат", "Мурат", "Murat"), ("Гүлнар", "Гульнар", "Gulnar"), ("Асқар", "Аскар", "Askar"),
    ("Динара", "Динара", "Dinara"), ("Ерболат", "Ерболат", "Yerbolat"), ("Сәуле", "Сауле", "Saule"),
    ("Бауыржан", "Бауыржан", "Baurzhan"), ("Әйгерім", "Айгерим", "Aigerim"), ("Нұрлан", "Нурлан", "Nurlan"),
    ("Жанар", "Жанар", "Zhanar"), ("Серік", "Серик", "Serik"), ("Мәдина", "Мадина", "Madina"),
    ("Ержан", "Ержан", "Yerzhan"), ("Ләззат", "Ляззат", "Lyazzat"), ("Дәулет", "Даулет", "Daulet"),
    ("Айгүл", "Айгуль", "Aigul"),
]  # fmt: skip
SURNAMES = [
    ("Мұқашев", "Мукашев", ("Mukashev", "Mukashov")), ("Батталов", "Батталов", ("Battalov", "Batalov")),
    ("Төлеубаев", "Тулеубаев", ("Tuleubayev", "Tuleubaev")), ("Сейітов", "Сеитов", ("Seitov", "Seyitov")),
    ("Жақсыбеков", "Жаксыбеков", ("Zhaksybekov", "Zhaksybekov")), ("Омаров", "Омаров", ("Omarov", "Omarov")),
    ("Әшімбаев", "Ашимбаев", ("Ashimbayev", "Ashimbaev")), ("Сүлейменов", "Сулейменов", ("Suleimenov", "Suleymenov")),
    ("Нұрланов", "Нурланов", ("Nurlanov", "Nurlanov")), ("Қасымов", "Касымов", ("Kassymov", "Kasymov")),
    ("Ахметов", "Ахметов", ("Akhmetov", "Ahmetov")), ("Серікбаев", "Серикбаев", ("Serikbayev", "Serikbaev")),
    ("Жұмабеков", "Жумабеков", ("Zhumabekov", "Jumabekov")), ("Бектұров", "Бектуров", ("Bekturov", "Bekturov")),
    ("Ысқақов", "Искаков", ("Iskakov", "Yskakov")), ("Тоқтаров", "Токтаров", ("Toktarov", "Toktarov")),
    ("Әбдірахманов", "Абдрахманов", ("Abdrakhmanov", "Abdrahmanov")), ("Ғалымов", "Галымов", ("Galymov", "Ghalymov")),
    ("Құрманов", "Курманов", ("Kurmanov", "Qurmanov")), ("Исаев", "Исаев", ("Issayev", "Isaev")),
    ("Мамытов", "Мамытов", ("Mamytov", "Mamytov")), ("Рақымжанов", "Рахимжанов", ("Rakhimzhanov", "Rakymzhanov")),
    ("Есенов", "Есенов", ("Yessenov", "Esenov")), ("Оспанов", "Оспанов", ("Ospanov", "Ospanov")),
]  # fmt: skip
WOMEN = {"Гүлнар", "Динара", "Сәуле", "Әйгерім", "Жанар", "Мәдина", "Ләззат", "Айгүл"}
PEOPLE = 64  # distinct people the archive names, some far more often than others (the chairs)
# Case endings of a Russian surname in -ов/-ев (a man's; a woman's takes -а first): nominative, genitive,
# dative, instrumental, prepositional.
RU_CASES = {"m": ["", "а", "у", "ым", "е"], "f": ["а", "ой", "у", "ой", "ой"]}
# Kazakh case endings after a surname's last sound (back-vowel words; front ones in KK_FRONT): genitive,
# dative, accusative, locative, ablative, instrumental; the nominative is the bare name.
KK_CASES = {
    "vowel": ["ның", "ға", "ны", "да", "дан", "мен"],
    "в": ["тың", "қа", "ты", "та", "тан", "пен"],
}
KK_FRONT = {"ы": "і", "а": "е", "ғ": "г", "қ": "к", "ң": "ң"}
KK_FRONT_VOWELS = set("әөүіе")
KK_VOWELS = set("аәеиоөұүыіэюя")
ROLES = {  # who a name is, written before it
    "ru": ["депутат", "сенатор", "председатель комитета", "заместитель председателя", "эксперт"],
    "kk": ["депутат", "сенатор", "комитет төрағасы", "төраға орынбасары", "сарапшы"],
    "en": ["deputy", "senator", "committee chair", "deputy chair", "expert"],
}
