"""The query language, parsed into an engine-neutral tree: words, "phrases", wild*cards, AND/OR/NOT,
-word, parentheses, title:/text: scopes, lang:/source:/year:/date: filters, word^2 boosts.

Adjacent terms must all match (AND). Every way a query can fail to parse is a QueryError naming the reason
(an English message template with its parameters, which the web translates). The tree's size is bounded:
a pasted paragraph is cut to its first MAX_TERMS words, parentheses nest at most MAX_DEPTH deep, a query
holds at most MAX_PATTERNS wildcard terms, each starting with MIN_PATTERN_PREFIX letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from archive.languages import KAZAKH_LATIN_MARKS, KAZAKH_LETTERS, LANGS
from search.analysis import words
from search.backend import QueryError
from search.fields import QUERY_FIELDS

SCOPES = ("title", "text")  # field prefixes that narrow where a word is looked for
OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
LOWER_OPERATORS = {"and": "AND", "or": "OR"}  # typed between two terms, they mean the operator
MAX_TERMS = 64  # a longer query (a pasted paragraph) is cut to its first 64 words, as web search engines do
MAX_DEPTH = 16  # parentheses nested deeper are no query a person writes
MAX_PATTERNS = 16  # wildcard terms in one query: each is matched against the whole term dictionary
MIN_PATTERN_PREFIX = 2  # letters before a wildcard's first * or ?: `*a*` would expand into every term
WILDCARDS = re.compile(r"[*?]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_TOKEN = re.compile(
    r'(?P<space>\s+)|(?P<open>\()|(?P<close>\))|(?P<phrase>"[^"]*"?)'
    r"|(?P<field>[A-Za-z_]\w*:)(?=\S)|(?P<bare_field>[A-Za-z_]\w*:)(?=\s|$)"
    r"|(?P<range>\[[^\]]*\]?)|(?P<sign>[-+])(?=[^\s\-+])|(?P<word>[^\s()\"\[]+)"
)
_BOOST = re.compile(r"^(?P<body>.+?)\^(?P<factor>\d+(?:\.\d+)?)$")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_PUNCTUATION = ".,;:!«»\"'()[]"


# ---- the tree -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    scope: str | None = None  # None: title and text; "title" or "text"


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    scope: str | None = None


@dataclass(frozen=True)
class Pattern:
    """A word with wildcards: `*` any letters, `?` one letter."""

    text: str
    scope: str | None = None


@dataclass(frozen=True)
class Keyword:
    """A filter named in the query: lang:kk, source:senate, year:2024, date:2024-05 (a day, month or year)."""

    field: str
    value: str


@dataclass(frozen=True)
class DateRange:
    low: str | None  # ISO dates, inclusive
    high: str | None


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class Maybe:
    """`a ANDMAYBE b`: what `a` finds, ranked higher where `b` matches too."""

    must: Node
    should: Node


@dataclass(frozen=True)
class Boost:
    item: Node
    factor: float


@dataclass(frozen=True)
class Everything:
    """`*` alone: every story."""


Node = Word | Phrase | Pattern | Keyword | DateRange | And | Or | Not | Maybe | Boost | Everything


def leaves(node: Node) -> list[Node]:
    """The words, phrases and patterns of a tree, outside NOT: what a hit's snippet marks."""
    if isinstance(node, And | Or):
        return [leaf for item in node.items for leaf in leaves(item)]
    if isinstance(node, Maybe):
        return leaves(node.must) + leaves(node.should)
    if isinstance(node, Boost):
        return leaves(node.item)
    if isinstance(node, Word | Phrase | Pattern):
        return [node]
    return []


def words_of(node: Node) -> list[str]:
    """Every word of a tree (phrases' included, NOT's too): what picks the query's languages."""
    if isinstance(node, And | Or):
        return [w for item in node.items for w in words_of(item)]
    if isinstance(node, Maybe):
        return words_of(node.must) + words_of(node.should)
    if isinstance(node, Not | Boost):
        return words_of(node.item)
    if isinstance(node, Word | Pattern):
        return [node.text]
    if isinstance(node, Phrase):
        return list(node.words)
    return []


def query_langs(tree: Node, lang: str | None = None) -> tuple[str, ...]:
    """The analysers a query goes through: the filter's language, else the one its letters show, else all.
    Kazakh letters (Cyrillic or Latin: mäslihat, máslıhat) mean Kazakh; Cyrillic without them, Russian or
    Kazakh written without its own letters; Latin, English."""
    if lang:
        return (lang,)
    text = " ".join(words_of(tree)).lower()
    if any(ch in KAZAKH_LETTERS or ch in KAZAKH_LATIN_MARKS for ch in text):
        return ("kk",)
    cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in text)
    latin = any("a" <= ch <= "z" for ch in text)
    if cyrillic and not latin:
        return ("ru", "kk")
    if latin and not cyrillic:
        return ("en",)
    return LANGS


# ---- parsing --------------------------------------------------------------------------------------------


@dataclass
class _Token:
    kind: str  # word, phrase, field, range, open, close, op, sign
    text: str


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for m in _TOKEN.finditer(text.translate(_QUOTES)):
        kind = m.lastgroup or "word"
        value = m.group()
        if kind == "space":
            continue
        if kind == "bare_field":
            name = value[:-1]
            if name in SCOPES or name in QUERY_FIELDS:
                raise QueryError("%(field)s: needs a term after it (no space)", field=name)
            kind = "field"
        if kind == "phrase" and (len(value) < 2 or not value.endswith('"')):
            raise QueryError('unbalanced quotes: a phrase needs a closing "')
        if kind == "word" and value in OPERATORS:
            kind = "op"
        out.append(_Token(kind, value))
    return _lower_operators(out)


def _lower_operators(tokens: list[_Token]) -> list[_Token]:
    """`and`/`or` typed between two terms are the operators (a person types `budget or tax`)."""
    for i, tok in enumerate(tokens):
        if tok.kind == "word" and tok.text in LOWER_OPERATORS and 0 < i < len(tokens) - 1:
            before, after = tokens[i - 1], tokens[i + 1]
            if before.kind in ("word", "phrase", "close", "range") and after.kind in (
                "word", "phrase", "open", "field", "sign"
            ):  # fmt: skip
                tokens[i] = _Token("op", LOWER_OPERATORS[tok.text])
    return tokens


def _cut(tokens: list[_Token]) -> list[_Token]:
    """The first MAX_TERMS terms of a long query, still well formed: no dangling operator, groups closed."""
    kept, terms = [], 0
    for tok in tokens:
        if tok.kind in ("word", "phrase", "range"):
            terms += 1
            if terms > MAX_TERMS:
                break
        kept.append(tok)
    while kept and kept[-1].kind in ("op", "open", "field", "sign"):
        kept.pop()
    depth = sum(t.kind == "open" for t in kept) - sum(t.kind == "close" for t in kept)
    return kept + [_Token("close", ")")] * max(depth, 0)


class _Parser:
    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.patterns = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node | None:
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:
            if tok.kind == "close":
                raise QueryError("unbalanced parentheses: ')' without '('")
            raise QueryError("%(operator)s needs a term before it", operator=tok.text)  # pragma: no cover
        return node

    def or_expr(self) -> Node | None:
        items = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.text == "OR":
            self.take()
            items.append(self.and_expr(after="OR"))
        return _join(Or, items)

    def and_expr(self, after: str | None = None) -> Node | None:
        first = self.unary(after)
        items: list[Node | None] = [first]
        while (tok := self.peek()) is not None and tok.kind != "close" and tok.text != "OR":
            if tok.kind == "op" and tok.text in ("AND", "ANDNOT", "ANDMAYBE"):
                self.take()
                right = self.unary(after=tok.text)
                if tok.text == "ANDNOT":
                    items.append(None if right is None else Not(right))
                elif tok.text == "ANDMAYBE":
                    must = _join(And, items)
                    if must is None:
                        raise QueryError("%(operator)s needs a term before it", operator="ANDMAYBE")
                    items = [must if right is None else Maybe(must, right)]
                else:
                    items.append(right)
            else:
                items.append(self.unary())
        return _join(And, items)

    def unary(self, after: str | None = None) -> Node | None:
        tok = self.peek()
        if tok is None or tok.kind == "close":
            if after:
                raise QueryError("%(operator)s needs a term after it", operator=after)
            return None
        if tok.kind == "op":
            if tok.text != "NOT":
                raise QueryError("%(operator)s needs a term before it", operator=tok.text)
            self.take()
            item = self.unary(after="NOT")
            return None if item is None else Not(item)
        if tok.kind == "sign":
            self.take()
            item = self.atom()
            return None if item is None else (Not(item) if tok.text == "-" else item)
        return self.atom()

    def atom(self, scope: str | None = None) -> Node | None:
        tok = self.take() if self.peek() is not None else None
        if tok is None:
            raise QueryError("%(field)s: needs a term after it (no space)", field=scope)  # pragma: no cover
        if tok.kind == "open":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(
                    "query nested too deep: more than %(depth)d levels of parentheses", depth=MAX_DEPTH
                )
            if (nxt := self.peek()) is not None and nxt.kind == "close":
                raise QueryError("empty parentheses")
            node = self._scoped(self.or_expr(), scope)
            closing = self.peek()
            if closing is None or closing.kind != "close":
                raise QueryError("unbalanced parentheses: '(' without ')'")
            self.take()
            self.depth -= 1
            return node
        if tok.kind == "close":
            raise QueryError("unbalanced parentheses: ')' without '('")  # pragma: no cover
        if tok.kind == "field":
            return self.field(tok.text[:-1], scope)
        if tok.kind == "phrase":
            found = tuple(words(tok.text[1:-1]))
            return Phrase(found, scope) if len(found) > 1 else (Word(found[0], scope) if found else None)
        if tok.kind == "range":
            raise QueryError("a range [A TO B] needs a field before it: date:[2020-01-01 TO 2021-12-31]")
        return self.word(tok.text, scope)

    def field(self, name: str, scope: str | None) -> Node | None:
        if name in SCOPES:
            nxt = self.peek()
            if nxt is None or nxt.kind in ("close", "op"):
                raise QueryError("%(field)s: needs a term after it (no space)", field=name)
            return self.atom(scope=name)
        if name not in QUERY_FIELDS:
            known = ", ".join(sorted((*SCOPES, *QUERY_FIELDS)))
            raise QueryError("unknown field %(field)r: use one of %(known)s", field=name, known=known)
        tok = self.take()
        if tok.kind == "range" and name in ("date", "year"):
            return _date_range(tok.text)
        value = tok.text.strip('"') if tok.kind == "phrase" else tok.text
        if tok.kind not in ("word", "phrase") or not value:
            raise QueryError("%(field)s: needs a value after it", field=name)
        if name in ("date", "year"):
            return _date_keyword(value)
        return Keyword(name, value)

    def word(self, text: str, scope: str | None) -> Node | None:
        factor = None
        if (m := _BOOST.match(text)) is not None:
            text, factor = m.group("body"), float(m.group("factor"))
        node: Node
        if text == "*":
            node = Everything()
        elif WILDCARDS.search(text):
            first = WILDCARDS.search(text).start()
            if first < MIN_PATTERN_PREFIX:
                raise QueryError(
                    "a wildcard needs %(count)d letters before its first * or ? (%(word)s)",
                    count=MIN_PATTERN_PREFIX, word=text[:40],
                )  # fmt: skip
            self.patterns += 1
            if self.patterns > MAX_PATTERNS:
                raise QueryError("too many wildcards: at most %(count)d in one query", count=MAX_PATTERNS)
            node = Pattern(text.lower().strip(_PUNCTUATION), scope)
        else:
            found = words(text)  # `Мукашев:` is a word; `state-owned`, two in a row
            if not found:
                return None
            node = Word(found[0], scope) if len(found) == 1 else Phrase(tuple(found), scope)
        return Boost(node, factor) if factor is not None else node

    @staticmethod
    def _scoped(node: Node | None, scope: str | None) -> Node | None:
        """title:(a OR b): the scope reaches every word of the group."""
        if node is None or scope is None:
            return node
        if isinstance(node, Word | Phrase | Pattern):
            return type(node)(*(getattr(node, f) for f in node.__dataclass_fields__ if f != "scope"), scope)
        if isinstance(node, And | Or):
            return type(node)(tuple(_Parser._scoped(i, scope) for i in node.items))
        if isinstance(node, Not | Boost):
            return (
                Not(_Parser._scoped(node.item, scope))
                if isinstance(node, Not)
                else Boost(_Parser._scoped(node.item, scope), node.factor)
            )
        if isinstance(node, Maybe):
            return Maybe(_Parser._scoped(node.must, scope), _Parser._scoped(node.should, scope))
        return node


def _join(kind: type, items: list[Node | None]) -> Node | None:
    kept = [item for item in items if item is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else kind(tuple(kept))


def _date_keyword(value: str) -> Node:
    """date:2024 (a year), date:2024-05 (a month), date:2024-05-17 (a day)."""
    if not _DATE.match(value):
        raise QueryError("a date is YYYY, YYYY-MM or YYYY-MM-DD, not %(value)r", value=value[:40])
    field = {4: "year", 7: "month", 10: "date"}[len(value)]
    _check_day(value if field == "date" else f"{value}-01" if field == "month" else f"{value}-01-01")
    return Keyword(field, value)


def _check_day(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError("a date is YYYY, YYYY-MM or YYYY-MM-DD, not %(value)r", value=value[:40]) from None


def _date_range(text: str) -> DateRange:
    """[2020 TO 2021-06-30]: a year's bound is its first or last day."""
    if not text.endswith("]"):
        raise QueryError("a range needs a closing ]")
    parts = text[1:-1].split()
    if len(parts) != 3 or parts[1].upper() != "TO":
        raise QueryError("a range is [FROM TO UNTIL], e.g. date:[2020 TO 2021-06]")
    low, high = (None if p == "*" else p for p in (parts[0], parts[2]))
    bounds = []
    for value, end in ((low, False), (high, True)):
        if value is None:
            bounds.append(None)
            continue
        if not _DATE.match(value):
            raise QueryError("a date is YYYY, YYYY-MM or YYYY-MM-DD, not %(value)r", value=value[:40])
        if len(value) == 4:
            value += "-12-31" if end else "-01-01"
        elif len(value) == 7:
            value += "-31" if end else "-01"
            if end:
                while True:  # the month's last day
                    try:
                        date.fromisoformat(value)
                        break
                    except ValueError:
                        value = value[:8] + f"{int(value[8:]) - 1:02d}"
        bounds.append(_check_day(value))
    return DateRange(bounds[0], bounds[1])


def parse(text: str) -> Node:
    """The tree of a user's query, or QueryError saying why it cannot be one."""
    if not text.strip():
        raise QueryError("empty query")
    tokens = _tokens(text)
    opened = sum(t.kind == "open" for t in tokens)
    closed = sum(t.kind == "close" for t in tokens)
    if closed > opened:
        raise QueryError("unbalanced parentheses: ')' without '('")
    if opened > closed:
        raise QueryError("unbalanced parentheses: '(' without ')'")
    terms = sum(t.kind in ("word", "phrase", "range") for t in tokens)
    cut = terms > MAX_TERMS
    if cut:
        tokens = _cut(tokens)
    tree = _Parser(tokens).parse()
    if tree is None:
        if cut:
            raise QueryError(
                "query too long: its first %(count)d words hold nothing to search", count=MAX_TERMS
            )
        raise QueryError("query has no searchable words")
    return tree
