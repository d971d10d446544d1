"""Query parsing: the query's language picks the analyzers; `title:`, `text:` and bare words span languages."""

from __future__ import annotations

import copy
import re

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import QueryParser, plugins, syntax

from archive.languages import KAZAKH_LATIN_MARKS, KAZAKH_LETTERS, LANGS
from search.backend import QueryError
from search.schema import FILTER_FIELDS, TRANSLIT, TRANSLIT_CYRILLIC, TRANSLIT_LATIN, text_field, title_field

OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
BINARY = frozenset(OPERATORS) - {"NOT"}
ALIASES = ("title", "text")
FIELD_PREFIX = re.compile(r"(?<![\w:])([A-Za-z_]\w*):")
MAX_TERMS = 64  # a longer query (a pasted paragraph) is cut to its first 64 words, as web search engines do
MAX_DEPTH = 16  # parentheses nested deeper are no query a person writes (and would recurse in the parser)
_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()"]+')


def query_langs(text: str, lang: str | None = None) -> tuple[str, ...]:
    """The analyzers a query goes through: the filter's language, else the one its letters show, else several."""
    if lang:
        return (lang,)
    lower = FIELD_PREFIX.sub(" ", re.sub(rf"\b(?:{'|'.join(OPERATORS)})\b", " ", text)).lower()
    if any(ch in KAZAKH_LETTERS or ch in KAZAKH_LATIN_MARKS for ch in lower):
        return ("kk",)  # Kazakh letters, Cyrillic or Latin (mäslihat, máslıhat)
    cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in lower)
    latin = any("a" <= ch <= "z" for ch in lower)
    if cyrillic and not latin:
        return ("ru", "kk")  # Russian, or Kazakh written without its own letters
    if latin and not cyrillic:
        return ("en",)
    return LANGS


def check_syntax(text: str) -> None:
    """Raises QueryError for what the parser would silently guess at: unbalanced quotes or parentheses,
    dangling operators, unknown or empty field prefixes."""
    if not text.strip():
        raise QueryError("empty query")
    if text.count('"') % 2:
        raise QueryError('unbalanced quotes: a phrase needs a closing "')
    known = set(ALIASES) | set(FILTER_FIELDS)
    for name in FIELD_PREFIX.findall(re.sub(r'"[^"]*"', " ", text)):
        if name not in known:
            raise QueryError(f"unknown field {name!r}: use one of {', '.join(sorted(known))}")
    depth, prev = 0, "("
    for tok in _TOKEN.findall(text):
        if tok == "(":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryError(f"query nested too deep: more than {MAX_DEPTH} levels of parentheses")
        elif tok == ")":
            depth -= 1
            if depth < 0:
                raise QueryError("unbalanced parentheses: ')' without '('")
            if prev == "(":
                raise QueryError("empty parentheses")
        if tok in BINARY and (prev in OPERATORS or prev == "("):
            raise QueryError(f"{tok} needs a term before it")
        if prev in OPERATORS and tok == ")":
            raise QueryError(f"{prev} needs a term after it")
        if tok.endswith(":") and tok[:-1] in known:
            raise QueryError(f"{tok} needs a term after it (no space)")
        prev = tok
    if depth:
        raise QueryError("unbalanced parentheses: '(' without ')'")
    if prev in OPERATORS:
        raise QueryError(f"{prev} needs a term after it")


# Every word also looks for its Latin spelling in documents of both scripts: `Mukashev` finds Мұқашев,
# and the Russian spelling `Мукашев` finds the Kazakh `Мұқашев` (both fold to mukashev).
TRANSLIT_FIELDS = [TRANSLIT_CYRILLIC, TRANSLIT_LATIN]


class FieldGroupPlugin(plugins.Plugin):
    """Spreads each bare word over `groups[None]` and each `title:`/`text:` word over its fields, in OR.
    TRANSLIT stands for the transliteration fields the word's script calls for; phrases skip them, as
    they keep no positions."""

    def __init__(self, groups: dict[str | None, list[str]], boosts: dict[str, float]):
        self.groups = groups
        self.boosts = boosts

    def filters(self, parser: QueryParser) -> list:
        return [(self.expand, 110)]  # after FieldsPlugin (100) has attached the field names

    def expand(self, parser: QueryParser, group: syntax.GroupNode) -> syntax.GroupNode:
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.expand(parser, node)
            elif node.has_fieldname and node.fieldname in self.groups:
                fields = self.groups[node.fieldname]
                if TRANSLIT in fields:
                    phrase = isinstance(node, plugins.PhrasePlugin.PhraseNode)
                    extra = [] if phrase else TRANSLIT_FIELDS
                    fields = [f for f in fields if f != TRANSLIT] + extra
                copies = []
                for name in fields:
                    new = copy.copy(node)
                    new.set_fieldname(name, override=True)
                    new.set_boost(self.boosts.get(name, 1.0))
                    copies.append(new)
                group[i] = syntax.OrGroup(copies)
        return group


def build_parser(schema: Schema, langs: tuple[str, ...]) -> QueryParser:
    groups: dict[str | None, list[str]] = {
        "title": [title_field(lang) for lang in langs],
        "text": [text_field(lang) for lang in langs],
    }
    groups[None] = [*groups["title"], *groups["text"], TRANSLIT]
    names = "|".join((*ALIASES, *FILTER_FIELDS))
    return QueryParser(
        None,
        schema,
        plugins=[
            plugins.FieldsPlugin(expr=rf"(?<![\w:])(?P<text>{names}):", remove_unknown=False),
            plugins.WildcardPlugin(),
            plugins.PhrasePlugin(),
            plugins.RangePlugin(),
            plugins.GroupPlugin(),
            plugins.OperatorsPlugin(),
            plugins.BoostPlugin(),
            FieldGroupPlugin(groups, {TRANSLIT_CYRILLIC: 0.5, TRANSLIT_LATIN: 0.5}),
        ],
    )


def _truncate(words: list[str]) -> str:
    """The first MAX_TERMS words of a long query, still well formed: no dangling operator, groups closed."""
    kept = words[:MAX_TERMS]
    while kept and (kept[-1] in OPERATORS or kept[-1] == "("):
        kept.pop()
    depth = kept.count("(") - kept.count(")")
    return " ".join(kept) + ")" * depth


def parse(text: str, schema: Schema, langs: tuple[str, ...]) -> wq.Query:
    """The Whoosh query for a user's query, or QueryError. `*` alone matches every document."""
    check_syntax(text)
    if text.strip() == "*":
        return wq.Every()
    words = _TOKEN.findall(text)
    cut = len(words) > MAX_TERMS
    if cut:
        text = _truncate(words)
    try:
        q = build_parser(schema, langs).parse(text)
    except Exception as e:  # the parser's own failures are the user's input, not our bug
        raise QueryError(str(e) or type(e).__name__) from None
    if q is wq.NullQuery:
        if cut:
            raise QueryError(f"query too long: its first {MAX_TERMS} words hold nothing to search")
        raise QueryError("query has no searchable words")
    return q
