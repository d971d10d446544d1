"""The interface in Kazakh, Russian and English: catalogs complete, the switch remembered, pages labelled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.web.pages import texts, tree
from web.i18n import SOURCE_LANG, UI_LANGS, catalog_path

WEB = Path(__file__).resolve().parents[2] / "web"
EXPECTED = {
    "kk": ("Мұрағаттан іздеу", "Мұрағатта 5 хабар", "Дереккөз"),
    "ru": ("Поиск по архиву", "В архиве 5 сообщений", "Источник"),
    "en": ("Search the archive", "5 stories in the archive", "Source"),
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.mark.parametrize("lang", UI_LANGS)
def test_each_interface_language(client, ids, lang):
    client.set_cookie("ui_lang", lang)
    r = client.get("/")
    page = tree(r.data)
    assert page.get("lang") == lang
    label, summary, facet = EXPECTED[lang]
    assert texts(r.data, "//label[@for='q']") == [label]
    assert texts(r.data, "//h1[@id='results-title']") == [summary]
    assert facet in texts(r.data, "//h2[@class='facet__title']")
    assert page.xpath("//nav[@class='ui-langs']//a[@aria-current='true']/@hreflang") == [lang]
    doc = client.get(f"/documents/{ids['senate-ru']}")
    assert tree(doc.data).get("lang") == lang and tree(doc.data).xpath("//article/@lang") == ["ru"]


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("kk", "жұлдызшалы сөзде алғашқы * немесе ? алдында 2 әріп болуы керек (*a)"),
        ("ru", "перед первым * или ? нужно 2 буквы (*a)"),
        ("en", "a wildcard needs 2 letters before its first * or ? (*a)"),
    ],
)
def test_a_refused_query_is_explained_in_the_interface_language(client, lang, reason):
    """The search's reason for refusing a query, with its values, on the page and in the API."""
    client.set_cookie("ui_lang", lang)
    page = client.get("/?q=*a")
    assert page.status_code == 400 and reason in page.get_data(as_text=True)
    api = client.get("/api/search?q=*a")
    assert api.status_code == 400 and api.json["error"].endswith(reason)


def test_the_switch_is_remembered_in_a_cookie(client):
    r = client.get("/ui/ru?next=/?q=budget")
    assert r.status_code == 303 and r.headers["Location"] == "/?q=budget"
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("ui_lang=ru;") and "Max-Age=31536000" in cookie and "SameSite=Lax" in cookie
    assert tree(client.get("/?q=budget").data).get("lang") == "ru"
    client.get("/ui/en?next=/")
    assert tree(client.get("/").data).get("lang") == "en"


def test_without_a_choice_the_browsers_language_wins(app):
    fresh = app.test_client()
    assert tree(fresh.get("/", headers={"Accept-Language": "kk-KZ,ru;q=0.8"}).data).get("lang") == "kk"
    assert tree(fresh.get("/", headers={"Accept-Language": "de,ru;q=0.5"}).data).get("lang") == "ru"
    assert tree(fresh.get("/", headers={"Accept-Language": "de"}).data).get("lang") == "en"


def test_dates_are_written_in_the_interface_language(client):
    written = {}
    for lang in UI_LANGS:
        client.set_cookie("ui_lang", lang)
        written[lang] = texts(client.get("/?q=maslikhats").data, "//li[@class='card'][1]//time")[0]
    assert written == {"kk": "2024 ж. 14 наурыз", "ru": "14 марта 2024 г.", "en": "March 14, 2024"}


def _extracted() -> dict[str | tuple[str, ...], str]:
    """Every message of the interface (web/'s Python and templates, the search's reasons for refusing a query)
    as pybabel extracts it with web/babel.cfg."""
    with (WEB / "babel.cfg").open() as fh:
        method_map, options = parse_mapping_cfg(fh)
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "N_": None,
        "QueryError": None,
        "SearchTooSlow": None,
    }
    found = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(WEB.parent), method_map, options, keywords
    ):
        found.setdefault(message, filename)
    return found


@pytest.mark.parametrize("lang", [lang for lang in UI_LANGS if lang != SOURCE_LANG])
def test_catalogs_translate_every_message_and_nothing_else(lang):
    with catalog_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    extracted = _extracted()
    ids = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id}
    missing = [m for m in extracted if m not in ids]
    assert not missing, f"untranslated in {lang}: {missing} (update the catalogs: see web/babel.cfg)"
    assert not [m for m in ids if m not in extracted], "messages no longer used"
    for key, message in ids.items():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not message.fuzzy, f"fuzzy (shown in English until reviewed): {key}"
        assert all(forms) and len(forms) == (catalog.num_plurals if isinstance(key, tuple) else 1), key
        source = key[-1] if isinstance(key, tuple) else key
        assert all(set(PLACEHOLDER.findall(f)) == set(PLACEHOLDER.findall(source)) for f in forms), key


def test_every_form_field_has_a_label(client, ids):
    for url in ("/", "/?q=budget&from=bad"):
        page = tree(client.get(url).data)
        labelled = set(page.xpath("//label/@for"))
        fields = page.xpath("//input[not(@type='hidden')] | //select | //textarea")
        assert fields and all(f.get("id") in labelled for f in fields), url


def test_date_chips_follow_kazakh_grammar(client):
    """Kazakh "бастап" (from) governs the ablative, "дейін" (to) the dative: the month takes the suffix its
    sounds call for."""
    client.set_cookie("ui_lang", "kk")
    chips = texts(client.get("/?from=2024-01-01&to=2024-12-31").data, "//a[@class='chip']")
    assert chips == [
        "2024 ж. 1 қаңтардан бастап ×(алып тастау)",
        "2024 ж. 31 желтоқсанға дейін ×(алып тастау)",
    ]
    more = texts(client.get("/?from=2023-09-05&to=2024-06-30").data, "//a[@class='chip']")
    assert [c.split(" ×")[0] for c in more] == ["2023 ж. 5 қыркүйектен бастап", "2024 ж. 30 маусымға дейін"]
    client.set_cookie("ui_lang", "ru")
    chips = texts(client.get("/?from=2024-01-01").data, "//a[@class='chip']")
    assert chips[0].startswith("с 1 января 2024")
