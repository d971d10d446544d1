"""Search in all languages: a query rewritten so that each of its words and phrases also finds its
translations, taken from the glossary the archive learned from its own human translations.

`маслихат` becomes `(маслихат OR мәслихат OR maslikhat)`, `"жалпы отырыс"` becomes `("жалпы отырыс" OR
"пленарное заседание" OR "plenary session")`: today's query syntax, so the rewritten query is shown to the
reader, who can edit it and search again. Operators, parentheses, `field:term`, wildcards and words the
glossary does not know stay as they are. Search itself knows nothing of translation: the rewriting is
done here, where the application composes the two.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from archive.languages import KAZAKH_LETTERS
from translation.glossary import Glossary

_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()"]+')
OPERATORS = frozenset(("AND", "OR", "NOT"))


def source_langs(term: str) -> tuple[str, ...]:
    """The languages a query term may be written in, from its letters."""
    if any(ch in KAZAKH_LETTERS for ch in term):
        return ("kk",)
    if any("\u0400" <= ch <= "\u04ff" for ch in term):
        return ("ru", "kk")
    return ("en",)


def _quoted(term: str) -> str:
    return f'"{term}"' if " " in term else term


def expand(query: str, translations: Callable[[str], list[str]]) -> str:
    """The query with each plain word and phrase ORed with its translations (`translations(term)`: the
    other languages' words or phrases for it); the query unchanged when nothing is found."""
    out = []
    for token in _TOKEN.findall(query):
        plain = token not in OPERATORS and token not in "()" and not any(c in token for c in ":*?")
        term = token[1:-1].strip() if token.startswith('"') else token
        found = [t for t in translations(term) if t.lower() != term.lower()] if plain and term else []
        alternatives = list(dict.fromkeys(_quoted(t) for t in found))
        out.append(f"({' OR '.join([token, *alternatives])})" if alternatives else token)
    return " ".join(out)


def glossary_translations(glossary: Glossary) -> Callable[[str], list[str]]:
    """A term's translations from the glossary: its best entry into each other language, from each language
    its letters allow (a Cyrillic word may be Russian or Kazakh), in the spellings the archive uses most —
    each form is found as written whichever language's analysis the search gives the whole query."""

    def translations(term: str) -> list[str]:
        entries = [entry for lang in source_langs(term) for entry in glossary.best(term, lang).values()]
        return [form for entry in entries for form in entry.forms or (entry.target,)]

    return translations
