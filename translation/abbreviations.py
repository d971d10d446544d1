"""Abbreviations whose full stop does not end a sentence, per language (word lists, no logic).

Written lower case without their final full stop, inner stops kept ("б.з.д" for "б.з.д."). Each stands
before what it qualifies — a title, a place word, a year or century mark: "г. Астана", "проф. Сафинов",
"Mr. Smith", "2024 ж. 8 наурызда". Abbreviations that often close a sentence are not listed ("т.б.",
"и т.д.", "etc.", units such as "млрд."): before a capital they end it, as a plain word does, and before
lower case nothing does ("2 млрд. тенге"). Initials ("Н.А. Назарбаев", "K.B.") are the splitter's rule.
"""

from __future__ import annotations

ABBREVIATIONS = {
    "kk": frozenset(
        "ж жж ғ ғғ б.з.д обл ауд қ көш даңғ пәт тел проф акад доц ф.ғ.д т.ғ.д з.ғ.д э.ғ.д с.ғ.д х.ғ.д ф.ғ.к "
        "т.ғ.к з.ғ.к э.ғ.к".split()
    ),
    "ru": frozenset(
        "г гг в вв обл р-н ул просп пл пер д кв с пос п ст стр рис тел им проф акад доц канд д.ю.н к.ю.н "
        "д.э.н к.э.н д.т.н к.т.н д.ф.н к.ф.н д.и.н к.и.н ред сост напр т.е т.к т.ч т.н н.э и.о зам нач "
        "пред ген".split()
    ),
    "en": frozenset(
        "mr mrs ms dr prof st sr jr no nos vol vs e.g i.e approx dept fig gen gov hon lt col capt sen rep "
        "jan feb mar apr jun jul aug sep sept oct nov dec".split()
    ),
}
