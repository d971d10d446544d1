"""Phrase and sentence pools, written for the project in kk/ru/en, from which the demo stories are composed."""

from __future__ import annotations

MONTHS = {
    "kk": "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split(),
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "en": "January February March April May June July August September October November December".split(),
}

# Cities: kk locative, ru "в …" form, en name.
CITIES = [
    {"kk": "Астанада", "ru": "в Астане", "en": "Astana"},
    {"kk": "Алматыда", "ru": "в Алматы", "en": "Almaty"},
    {"kk": "Шымкентте", "ru": "в Шымкенте", "en": "Shymkent"},
    {"kk": "Ақтөбеде", "ru": "в Актобе", "en": "Aktobe"},
    {"kk": "Павлодарда", "ru": "в Павлодаре", "en": "Pavlodar"},
    {"kk": "Қарағандыда", "ru": "в Караганде", "en": "Karaganda"},
    {"kk": "Түркістанда", "ru": "в Туркестане", "en": "Turkestan"},
    {"kk": "Өскеменде", "ru": "в Усть-Каменогорске", "en": "Ust-Kamenogorsk"},
    {"kk": "Қостанайда", "ru": "в Костанае", "en": "Kostanay"},
    {"kk": "Атырауда", "ru": "в Атырау", "en": "Atyrau"},
]

# People (fictional): the English spelling varies between stories as it does on the real sites.
PEOPLE = [
    {
        "kk": "Гүлнар Батталова",
        "ru": "Гульнар Батталова",
        "en": ("Gulnar Battalova", "Gulnar Batalova"),
        "a": "а",
    },
    {"kk": "Мұрат Мұқашев", "ru": "Мурат Мукашев", "en": ("Murat Mukashev", "Murat Mukashov"), "a": ""},
    {
        "kk": "Асқар Төлеубаев",
        "ru": "Аскар Тулеубаев",
        "en": ("Askar Tuleubayev", "Askar Tuleubaev"),
        "a": "",
    },
    {"kk": "Динара Сейітова", "ru": "Динара Сеитова", "en": ("Dinara Seitova", "Dinara Seyitova"), "a": "а"},
    {
        "kk": "Ерболат Жақсыбеков",
        "ru": "Ерболат Жаксыбеков",
        "en": ("Yerbolat Zhaksybekov", "Erbolat Zhaksybekov"),
        "a": "",
    },
    {"kk": "Сәуле Омарова", "ru": "Сауле Омарова", "en": ("Saule Omarova", "Saule Omarova"), "a": "а"},
]

# Topics: kk phrase (nominative), ru phrase (genitive, after "вопросы"), en phrase; two body sentences each.
TOPICS = [
    {
        "kk": "су ресурстарын үнемді пайдалану",
        "ru": "рационального использования водных ресурсов",
        "en": "the rational use of water resources",
        "s": {
            "kk": [
                "Суармалы жерлердің үштен бір бөлігі әлі де ескі арықтардан суарылады, сондықтан каналдарды жаңғырту "
                "басым міндет болып қала береді.",
                "Депутаттар тамшылатып суару технологиясына көшетін шаруашылықтарға берілетін субсидияларды "
                "арттыруды ұсынды.",
            ],
            "ru": [
                "Треть орошаемых земель по-прежнему поливается из старых арыков, поэтому модернизация каналов "
                "остается первоочередной задачей.",
                "Депутаты предложили увеличить субсидии хозяйствам, которые переходят на капельное орошение.",
            ],
            "en": [
                "A third of irrigated land is still watered from old open ditches, so the modernisation of canals "
                "remains the first priority.",
                "Deputies proposed larger subsidies for farms that switch to drip irrigation.",
            ],
        },
    },
    {
        "kk": "ауыл мектептерін дамыту",
        "ru": "развития сельских школ",
        "en": "the development of rural schools",
        "s": {
            "kk": [
                "Шағын жинақты мектептерде мұғалімдер жетіспейді, ал оқушылар аудан орталығына күнделікті "
                "автобуспен қатынайды.",
                "Ауылға баратын жас педагогтарға тұрғын үй беру бағдарламасын кеңейту туралы ұсыныс айтылды.",
            ],
            "ru": [
                "В малокомплектных школах не хватает учителей, а ученики ежедневно ездят в районный центр на "
                "автобусе.",
                "Прозвучало предложение расширить программу жилья для молодых педагогов, переезжающих в село.",
            ],
            "en": [
                "Small rural schools lack teachers, and pupils travel to the district centre by bus every day.",
                "A proposal was made to extend the housing programme for young teachers who move to villages.",
            ],
        },
    },
    {
        "kk": "бастапқы медициналық көмек сапасы",
        "ru": "качества первичной медицинской помощи",
        "en": "the quality of primary health care",
        "s": {
            "kk": [
                "Алыс ауылдарда фельдшерлік пункттер жабылып қалмауы үшін мобильді бригадалар құру қажет.",
                "Емханалардағы кезекті қысқарту үшін электрондық жазылу жүйесін барлық өңірге енгізу ұсынылды.",
            ],
            "ru": [
                "Чтобы фельдшерские пункты в отдаленных селах не закрывались, нужны мобильные бригады врачей.",
                "Для сокращения очередей в поликлиниках предложено внедрить электронную запись во всех регионах.",
            ],
            "en": [
                "Mobile teams of doctors are needed so that first-aid posts in remote villages do not close.",
                "To cut queues at clinics, online appointments were proposed for every region.",
            ],
        },
    },
    {
        "kk": "мемлекеттік қызметтерді цифрландыру",
        "ru": "цифровизации государственных услуг",
        "en": "the digitalization of public services",
        "s": {
            "kk": [
                "Қазір мемлекеттік қызметтердің басым бөлігін смартфон арқылы алуға болады, бірақ ауылда "
                "интернет сапасы әлі төмен.",
                "Қатысушылар цифрлық сауаттылық курстарын егде жастағы азаматтар үшін тегін өткізуді ұсынды.",
            ],
            "ru": [
                "Сегодня большинство государственных услуг можно получить со смартфона, но качество интернета "
                "в селах все еще низкое.",
                "Участники предложили проводить бесплатные курсы цифровой грамотности для пожилых граждан.",
            ],
            "en": [
                "Most public services can now be obtained from a smartphone, but internet quality in villages is "
                "still poor.",
                "Participants suggested free digital literacy courses for older citizens.",
            ],
        },
    },
    {
        "kk": "мәслихат депутаттарының өкілеттіктері",
        "ru": "полномочий депутатов маслихатов",
        "en": "the powers of maslikhat deputies",
        "s": {
            "kk": [
                "Мәслихаттар жергілікті атқарушы органдардың есептерін тыңдап, бюджеттің атқарылуын бақылай алады.",
                "Депутаттар мәслихаттың тексеру комиссиясының құқықтарын кеңейту қажет екенін атап өтті.",
            ],
            "ru": [
                "Маслихаты вправе заслушивать отчеты местных исполнительных органов и контролировать исполнение "
                "бюджета.",
                "Депутаты отметили необходимость расширить права ревизионной комиссии маслихата.",
            ],
            "en": [
                "Maslikhats may hear reports of local executive bodies and oversee how the budget is spent.",
                "Deputies noted the need to widen the rights of the maslikhat audit commission.",
            ],
        },
    },
    {
        "kk": "жергілікті бюджеттердің ашықтығы",
        "ru": "прозрачности местных бюджетов",
        "en": "the transparency of local budgets",
        "s": {
            "kk": [
                "Азаматтық бюджет тұрғындарға қаражаттың қайда жұмсалатынын қарапайым тілмен түсіндіреді.",
                "Бюджеттік тыңдаулар кешкі уақытта және онлайн форматта өткізілсе, оларға көбірек адам қатысады.",
            ],
            "ru": [
                "Гражданский бюджет простым языком объясняет жителям, на что расходуются средства.",
                "Если бюджетные слушания проводить вечером и в онлайн-формате, участвовать в них будет больше "
                "людей.",
            ],
            "en": [
                "A citizens' budget explains in plain words where the money goes.",
                "Budget hearings held in the evening and online draw many more residents.",
            ],
        },
    },
    {
        "kk": "тұрмыстық қалдықтарды қайта өңдеу",
        "ru": "переработки бытовых отходов",
        "en": "household waste recycling",
        "s": {
            "kk": [
                "Облыстағы полигондардың көбі санитарлық талаптарға сай келмейді және қала шетінде орналасқан.",
                "Қалдықтарды бөлек жинау үшін аулаларға түрлі түсті контейнерлер орнату ұсынылды.",
            ],
            "ru": [
                "Большинство полигонов области не отвечает санитарным требованиям и расположено на окраинах "
                "городов.",
                "Для раздельного сбора отходов предложено установить во дворах разноцветные контейнеры.",
            ],
            "en": [
                "Most landfills in the region fail sanitary standards and lie on the edge of towns.",
                "Coloured containers in courtyards were proposed to make separate collection possible.",
            ],
        },
    },
    {
        "kk": "ауыл шаруашылығын субсидиялау",
        "ru": "субсидирования сельского хозяйства",
        "en": "agricultural subsidies",
        "s": {
            "kk": [
                "Шағын шаруа қожалықтары субсидия алу үшін тым көп құжат жинауға мәжбүр.",
                "Депутаттар субсидияларды өндірілген өнімнің көлеміне байланыстыруды ұсынды.",
            ],
            "ru": [
                "Небольшим крестьянским хозяйствам приходится собирать слишком много документов для субсидий.",
                "Депутаты предложили привязать субсидии к объему произведенной продукции.",
            ],
            "en": [
                "Small family farms have to collect too many papers to apply for support.",
                "Deputies proposed tying subsidies to the volume of produce actually grown.",
            ],
        },
    },
    {
        "kk": "жастар саясаты",
        "ru": "молодежной политики",
        "en": "youth policy",
        "s": {
            "kk": [
                "Өңірде жастар ресурстық орталықтары ашылып, онда мамандық таңдау бойынша кеңес беріледі.",
                "Студенттер жатақханалардағы орын тапшылығы мен жазғы жұмыспен қамту мәселесін көтерді.",
            ],
            "ru": [
                "В регионе открыты молодежные ресурсные центры, где консультируют по выбору профессии.",
                "Студенты подняли вопросы нехватки мест в общежитиях и летней занятости.",
            ],
            "en": [
                "Youth resource centres have opened in the region to advise on choosing a profession.",
                "Students raised the shortage of dormitory places and of summer jobs.",
            ],
        },
    },
    {
        "kk": "жергілікті жолдарды жөндеу",
        "ru": "ремонта местных дорог",
        "en": "the repair of local roads",
        "s": {
            "kk": [
                "Аудандық жолдардың жартысына жуығы күрделі жөндеуді қажет етеді.",
                "Жөндеу жұмыстарының сапасын тұрғындар мобильді қосымша арқылы бағалай алатын болады.",
            ],
            "ru": [
                "Почти половина районных дорог нуждается в капитальном ремонте.",
                "Качество ремонтных работ жители смогут оценивать через мобильное приложение.",
            ],
            "en": [
                "Nearly half of district roads need major repair.",
                "Residents will be able to rate the quality of road works in a mobile application.",
            ],
        },
    },
    {
        "kk": "жергілікті өзін-өзі басқаруды дамыту",
        "ru": "развития местного самоуправления",
        "en": "the development of local self-government",
        "s": {
            "kk": [
                "Ауыл әкімдерін тікелей сайлау тұрғындардың билікке деген сенімін арттырды.",
                "Ауылдық округтерге өз кірісі болуы үшін бірқатар салықтарды беру ұсынылды.",
            ],
            "ru": [
                "Прямые выборы сельских акимов повысили доверие жителей к власти.",
                "Предложено передать сельским округам ряд налогов, чтобы у них появились собственные доходы.",
            ],
            "en": [
                "Direct elections of village akims have raised residents' trust in local authorities.",
                "It was proposed to hand several taxes to rural districts so that they have revenue of their own.",
            ],
        },
    },
    {
        "kk": "халықаралық парламенттік ынтымақтастық",
        "ru": "международного парламентского сотрудничества",
        "en": "international parliamentary cooperation",
        "s": {
            "kk": [
                "Тараптар заң шығару тәжірибесімен алмасу және депутаттық топтардың жұмысын жандандыру "
                "мәселелерін талқылады.",
                "Келесі кездесуді жыл соңына дейін онлайн форматта өткізу туралы уағдаластыққа қол жеткізілді.",
            ],
            "ru": [
                "Стороны обсудили обмен законотворческим опытом и активизацию работы депутатских групп дружбы.",
                "Достигнута договоренность провести следующую встречу до конца года в онлайн-формате.",
            ],
            "en": [
                "The sides discussed sharing law-making experience and reviving the work of friendship groups.",
                "They agreed to hold the next meeting online before the end of the year.",
            ],
        },
    },
]

# Event kinds: title and opening sentence. {topic}, {city} (kk locative / ru "в …" / en name), {day}, {n}.
EVENTS = [
    {
        "title": {
            "kk": "{city} {topic} мәселесі талқыланды",
            "ru": "{City} обсудили вопросы {topic}",
            "en": "Issues of {topic} discussed in {city}",
        },
        "open": {
            "kk": "{day} {city} {topic} мәселесіне арналған кеңейтілген отырыс өтті. Оған {n} адам қатысты.",
            "ru": "{day} {city} состоялось расширенное заседание, посвященное вопросам {topic}. В нем приняли "
            "участие {n} человек.",
            "en": "On {day} an extended meeting on {topic} was held in {city}, with {n} participants.",
        },
    },
    {
        "title": {
            "kk": "{topic} бойынша дөңгелек үстел өтті",
            "ru": "Состоялся круглый стол по вопросам {topic}",
            "en": "Round table held on {topic}",
        },
        "open": {
            "kk": "{day} {city} депутаттар, сарапшылар және мемлекеттік органдардың өкілдері {topic} "
            "мәселесін бір үстел басында талқылады.",
            "ru": "{day} {city} депутаты, эксперты и представители государственных органов за круглым "
            "столом обсудили вопросы {topic}.",
            "en": "On {day} deputies, experts and officials met in {city} at a round table on {topic}.",
        },
    },
    {
        "title": {
            "kk": "{city} {topic} тақырыбында семинар өтті",
            "ru": "{City} прошел семинар по вопросам {topic}",
            "en": "Seminar on {topic} held in {city}",
        },
        "open": {
            "kk": "{day} {city} мәслихат депутаттары мен аппарат қызметкерлеріне арналған екі күндік семинар "
            "басталды. Семинарға {n} адам тіркелді.",
            "ru": "{day} {city} начался двухдневный семинар для депутатов маслихатов и сотрудников их "
            "аппаратов. На семинар зарегистрировались {n} человек.",
            "en": "On {day} a two-day seminar for maslikhat deputies and their staff opened in {city}; {n} "
            "people registered.",
        },
    },
    {
        "title": {
            "kk": "Депутаттар сайлаушылармен {topic} мәселесін талқылады",
            "ru": "Депутаты обсудили с избирателями вопросы {topic}",
            "en": "Deputies discuss {topic} with voters",
        },
        "open": {
            "kk": "{day} депутаттар {city} сайлаушылармен кездесті. Кездесуге {n} тұрғын келді.",
            "ru": "{day} депутаты встретились с избирателями {city}. На встречу пришли {n} жителей.",
            "en": "On {day} deputies met voters in {city}; {n} residents came to the meeting.",
        },
    },
    {
        "title": {
            "kk": "{topic} туралы заң жобасы мақұлданды",
            "ru": "Одобрен законопроект по вопросам {topic}",
            "en": "Draft law on {topic} approved",
        },
        "open": {
            "kk": "{day} жалпы отырыста депутаттар {topic} туралы заң жобасын мақұлдады. Құжатты әзірлеуге "
            "{n} сарапшы атсалысты.",
            "ru": "{day} на пленарном заседании депутаты одобрили законопроект по вопросам {topic}. В его "
            "подготовке участвовали {n} экспертов.",
            "en": "On {day} deputies approved at a plenary session a draft law on {topic}, prepared with the "
            "help of {n} experts.",
        },
    },
    {
        "title": {
            "kk": "{topic} мәселелеріне арналған конференция өтті",
            "ru": "Прошла конференция, посвященная вопросам {topic}",
            "en": "Conference on {topic} takes place",
        },
        "open": {
            "kk": "{day} {city} {topic} мәселелеріне арналған республикалық конференция өтті. Оның жұмысына "
            "{n} делегат қатысты.",
            "ru": "{day} {city} прошла республиканская конференция, посвященная вопросам {topic}. В ее работе "
            "участвовали {n} делегатов.",
            "en": "On {day} a national conference on {topic} took place in {city}, attended by {n} delegates.",
        },
    },
]

EVENTS += [
    {
        "title": {
            "kk": "Депутаттар {city} {topic} мәселесі бойынша жұмыс сапарымен болды",
            "ru": "Рабочая поездка депутатов {city}: вопросы {topic}",
            "en": "Deputies on a working visit to {city} look at {topic}",
        },
        "open": {
            "kk": "{day} депутаттар {city} жұмыс сапарымен болып, {topic} мәселесі бойынша жергілікті "
            "мамандармен кездесті. Сапар барысында {n} нысан аралап көрілді.",
            "ru": "{day} депутаты побывали с рабочей поездкой {city} и встретились с местными специалистами по "
            "вопросам {topic}. В ходе поездки осмотрено {n} объектов.",
            "en": "On {day} deputies made a working visit to {city} and met local specialists on {topic}, "
            "visiting {n} sites.",
        },
    },
    {
        "title": {
            "kk": "{topic} бойынша парламенттік тыңдаулар өтті",
            "ru": "Прошли парламентские слушания по вопросам {topic}",
            "en": "Parliamentary hearings on {topic}",
        },
        "open": {
            "kk": "{day} Парламентте {topic} бойынша тыңдаулар өтті. Тыңдауларға өңірлерден {n} өкіл қатысты.",
            "ru": "{day} в Парламенте прошли слушания по вопросам {topic}. В них участвовали {n} представителей "
            "регионов.",
            "en": "On {day} Parliament held hearings on {topic}, with {n} representatives of the regions.",
        },
    },
]

# General sentences: {person}, {n}, {m}.
GENERAL = {
    "kk": [
        "{person} қабылданатын шешімдер әрбір азаматтың өміріне тікелей әсер ететінін атап өтті.",
        "Іс-шара барысында {n} ұсыныс жинақталып, олар тиісті министрліктерге жіберіледі.",
        "Қатысушылар өңірлердің оң тәжірибесін тарату қажет екеніне тоқталды.",
        "{person} тұрғындардың өтініштеріне уақтылы жауап беру маңызды екенін еске салды.",
        "Талқылау қорытындысы бойынша ұсынымдар жобасы әзірленіп, {m} күн ішінде жарияланады.",
        "Жиынды Парламентаризм институты мен облыстық мәслихат бірлесіп ұйымдастырды.",
        "Сарапшылар халықаралық тәжірибеге шолу жасап, оны еліміздің жағдайына бейімдеу жолдарын ұсынды.",
        "{person} бастаманы қолдап, келесі жылы мониторинг жүргізуді ұсынды.",
        "Кездесу соңында қатысушыларға сертификаттар табысталды.",
        "Жұмыс тобы {m} ай ішінде нақты шаралар жоспарын дайындайтын болады.",
        "{person} нәтижелерді тұрғындармен ашық кездесулерде талқылауға шақырды.",
        "Талқылауға үкіметтік емес ұйымдардың өкілдері де қатысты.",
        "Облыс әкімдігі қабылданған шаралар туралы тоқсан соңына дейін есеп беруге уәде берді.",
        "Кездесудің бейнежазбасы ресми сайтта жарияланды.",
        "Кездесуден кейін {person} журналистердің сұрақтарына жауап берді.",
        "Бірқатар ұсыныс Бюджет кодексіне түзетулер енгізуге қатысты.",
        "{m} ауданның жас мамандары өз тәжірибесімен бөлісті.",
        "Осы мәселе бойынша келесі отырыс күзгі сессияға жоспарланған.",
    ],
    "ru": [
        "{person} отметил{a}, что принимаемые решения напрямую влияют на жизнь каждого гражданина.",
        "По итогам мероприятия собрано {n} предложений, которые будут направлены в профильные министерства.",
        "Участники остановились на необходимости распространять положительный опыт регионов.",
        "{person} напомнил{a} о важности своевременно отвечать на обращения жителей.",
        "По итогам обсуждения будет подготовлен проект рекомендаций, который опубликуют в течение {m} дней.",
        "Мероприятие организовано Институтом парламентаризма совместно с областным маслихатом.",
        "Эксперты сделали обзор международного опыта и предложили пути его адаптации к условиям страны.",
        "{person} поддержал{a} инициативу и предложил{a} провести мониторинг в следующем году.",
        "В завершение встречи участникам вручили сертификаты.",
        "Рабочая группа в течение {m} месяцев подготовит план конкретных мер.",
        "{person} призвал{a} обсуждать результаты с жителями на открытых встречах.",
        "В обсуждении также приняли участие представители неправительственных организаций.",
        "Акимат области пообещал отчитаться о принятых мерах до конца квартала.",
        "Видеозапись встречи размещена на официальном сайте.",
        "После встречи {person} ответил{a} на вопросы журналистов.",
        "Ряд предложений касается поправок в Бюджетный кодекс.",
        "Своим опытом поделились молодые специалисты из {m} районов.",
        "Следующее заседание по этому вопросу запланировано на осеннюю сессию.",
    ],
    "en": [
        "{person} said that the decisions taken directly affect the life of every citizen.",
        "{n} proposals were collected during the event and will be sent to the ministries concerned.",
        "Participants spoke of the need to spread the good practice of the regions.",
        "{person} reminded those present how important it is to answer residents' appeals on time.",
        "Draft recommendations based on the discussion will be published within {m} days.",
        "The event was organised by the Institute of Parliamentarism together with the regional maslikhat.",
        "Experts reviewed international experience and suggested how to adapt it to the country.",
        "{person} supported the initiative and proposed monitoring its results next year.",
        "At the end of the meeting participants received certificates.",
        "Within {m} months a working group will prepare a plan of concrete measures.",
        "{person} called for the results to be discussed with residents at open meetings.",
        "Representatives of non-governmental organisations also took part in the discussion.",
        "The regional akimat promised to report on the measures taken by the end of the quarter.",
        "A video recording of the meeting is available on the official website.",
        "{person} answered questions from journalists after the meeting.",
        "Several proposals concern amendments to the Budget Code.",
        "Young specialists from {m} districts shared their experience.",
        "The next meeting on this issue is planned for the autumn session.",
    ],
}

# Figures of the story: {y}, {x1}…{x4}; each story states them in one of these ways.
FACTS = {
    "kk": [
        "{y} жылы өңірге осы мәселе бойынша {x1} өтініш түсті, оның {x2} өтініші ауылдардан келді, ал {x3} "
        "өтініш {x4} күн ішінде шешілді.",
        "{y} жылдан бері мұндай өтініштер саны өсіп, жылына {x1} өтінішке жетті; оның {x3} өтініші {x4} күн ішінде "
        "қаралды.",
        "Өткен жылы облыстық бюджеттен бұл жұмысқа {x1} млн теңге бөлінді, оның {x2} млн теңгесі ауылдық "
        "аудандарға жіберілді.",
    ],
    "ru": [
        "В {y} году в регион поступило {x1} обращений по этому вопросу, из них {x2} из сел, а {x3} решены в "
        "течение {x4} дней.",
        "С {y} года число таких обращений выросло до {x1} в год; {x3} из них рассмотрены в течение {x4} дней.",
        "В прошлом году областной бюджет выделил на эту работу {x1} млн тенге, из них {x2} млн направлено в "
        "сельские районы.",
    ],
    "en": [
        "In {y} the region received {x1} appeals on this issue, {x2} of them from villages, and {x3} were "
        "resolved within {x4} days.",
        "Since {y} such appeals have grown to {x1} a year; {x3} of them were dealt with within {x4} days.",
        "Last year the regional budget set aside {x1} million tenge for this work, {x2} million of it for rural "
        "districts.",
    ],
}

SOURCE_LINE = {
    "kk": "Дереккөз: {org} баспасөз қызметі",
    "ru": "Источник: пресс-служба {org}",
    "en": "Source: press service of the {org}",
}

ORG = {
    "senate": {"kk": "Сенаттың", "ru": "Сената", "en": "Senate"},
    "mazhilis": {"kk": "Мәжілістің", "ru": "Мажилиса", "en": "Mazhilis"},
    "institute": {"kk": "Парламентаризм институтының", "ru": "Института парламентаризма",
                  "en": "Institute of Parliamentarism"},
}  # fmt: skip

# Stories of a regional maslikhat's site (a made-up address: no registered source), as a reader saved them from
# the browser: the demo imports this folder ("Imported file" in the Source menu).
SAVED_SITE = "https://oblmaslihat.example.kz"
SAVED_STORIES = [
    {
        "id": 41,
        "date": "2024-02-16",
        "kk": (
            "Облыстық мәслихат сессиясында жергілікті бюджетке түзетулер қабылданды",
            [
                "Облыстық мәслихаттың кезекті сессиясында депутаттар жергілікті бюджетке түзетулерді қарады.",
                "Қосымша қаражаттың негізгі бөлігі аудандық ауруханаларды жөндеуге және мектеп автобустарын "
                "сатып алуға бағытталады.",
                "Сессия соңында депутаттар келесі жылғы жұмыс жоспарын бекітті.",
            ],
        ),
        "ru": (
            "На сессии областного маслихата приняты поправки в местный бюджет",
            [
                "На очередной сессии областного маслихата депутаты рассмотрели поправки в местный бюджет.",
                "Основная часть дополнительных средств пойдет на ремонт районных больниц и покупку школьных "
                "автобусов.",
                "В завершение сессии депутаты утвердили план работы на следующий год.",
            ],
        ),
    },
    {
        "id": 44,
        "date": "2024-03-05",
        "ru": (
            "Постоянная комиссия маслихата проверила ход строительства водопровода",
            [
                "Члены постоянной комиссии по вопросам экологии выехали в село Жаркайын, где завершается "
                "прокладка водопровода.",
                "Подрядчик пообещал подключить к воде последние сто двадцать домов до начала посевной.",
                "Жители попросили депутатов проследить за качеством восстановления дорог после работ.",
            ],
        ),
    },
]
