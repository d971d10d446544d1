"""Decoding: declared, undeclared and wrongly declared charsets of Russian and Kazakh pages; binary refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.errors import BadInput
from archive.normalize.encoding import decode, is_binary, sniff_meta_charset

FIXTURES = Path(__file__).parent / "fixtures"
RU = (
    "Депутаты маслихатов обсудили исполнение местных бюджетов за первый квартал. "
    "В заседании приняли участие представители акиматов семнадцати регионов страны."
)
KK = (
    "Сенат депутаттары мәслихат төрағаларымен кездесті. Кездесуде жергілікті бюджеттің "
    "атқарылуы және ауылдық округтердің өз кіріс көздері талқыланды."
)


def test_utf8_without_declaration() -> None:
    assert decode(KK.encode("utf-8")) == KK


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_undeclared_russian_single_byte_encodings(encoding: str) -> None:
    assert decode(RU.encode(encoding)) == RU


def test_undeclared_cp1251_page_file() -> None:
    text = decode((FIXTURES / "legacy_cp1251.htm").read_bytes())
    assert "Заседание Совета по взаимодействию с маслихатами" in text


def test_undeclared_cp1251_kazakh_with_russian_letters() -> None:
    """Old Kazakh pages in windows-1251 wrote ә, қ, ң … as а, к, н; і exists in cp1251 and must survive."""
    text = decode((FIXTURES / "kk_legacy_cp1251.txt").read_bytes())
    assert text.startswith("Сенат депутаттары Караганды облысынын")
    assert "отініштерін" in text


def test_undeclared_kz1048_keeps_kazakh_letters() -> None:
    text = decode((FIXTURES / "kk_kz1048.txt").read_bytes())
    assert "Қарағанды облысының мәслихат" in text


def test_short_undeclared_kz1048_is_not_read_as_cp1251() -> None:
    short = "Сенат депутаттары мәслихаттармен кездесті. Қазақстан Республикасы Парламентінің Сенатында отырыс өтті."
    assert decode(short.encode("kz1048")) == short  # cp1251 would give "мјслихаттармен", "Ќазаќстан"


def test_declared_charset_is_used() -> None:
    assert decode(RU.encode("cp1251"), "windows-1251") == RU
    page = f'<html><head><meta charset="windows-1251"></head><body>{RU}</body></html>'
    assert RU in decode(page.encode("cp1251"))


def test_wrong_utf8_declaration_falls_back_to_detection() -> None:
    assert decode(RU.encode("cp1251"), "utf-8") == RU


def test_wrong_single_byte_declaration_does_not_make_mojibake() -> None:
    assert decode(RU.encode("cp1251"), "koi8-r") == RU
    assert decode(RU.encode("utf-8"), "windows-1251") == RU
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head>{RU}'
    assert RU in decode(page.encode("cp1251"))


def test_byte_order_marks() -> None:
    assert decode("\ufeff".encode() + KK.encode()) == KK
    assert decode(KK.encode("utf-16")) == KK


def test_meta_charset_sniffing() -> None:
    assert sniff_meta_charset(b'<meta charset="windows-1251">') == "windows-1251"
    assert (
        sniff_meta_charset(b'<meta content="text/html; charset=KOI8-R" http-equiv="Content-Type">')
        == "KOI8-R"
    )
    assert sniff_meta_charset(b"<p>no declaration</p>") is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        ((FIXTURES / "binary.png").read_bytes(), "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"text with a \x00 NUL byte", "binary"),
    ],
)
def test_bad_input_says_why(raw: bytes, reason: str) -> None:
    with pytest.raises(BadInput, match=reason):
        decode(raw)


def test_is_binary() -> None:
    assert is_binary((FIXTURES / "binary.png").read_bytes())
    assert not is_binary(RU.encode("cp1251"))
