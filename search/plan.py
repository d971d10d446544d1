"""A parsed query lowered onto the index's fields: a small boolean plan of field clauses that each engine
translates one to one (Whoosh queries, tantivy queries). The plan decides what matches; engines only run it.

A word looks for its terms in the title and text fields of every version, analysed in each of the query's
languages, and for its spelling keys in the versions' spelling fields (see `spells_into`). A search
restricted to one language reads only that version's fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.languages import LANGS
from archive.translit import spelling
from search import querytree as qt
from search.analysis import is_cyrillic, query_spelling_keys, query_terms
from search.backend import QueryError
from search.fields import SPELLING_BOOST, TITLE_BOOST, spelling_field, text_field, title_field


@dataclass(frozen=True)
class Terms:
    """Any of these terms in the field."""

    field: str
    terms: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Sequence:
    """These terms one after another in the field (a phrase)."""

    field: str
    terms: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Wildcard:
    """A term of the field matching a glob pattern (`*` any letters, `?` one)."""

    field: str
    pattern: str
    boost: float = 1.0


@dataclass(frozen=True)
class Value:
    """A keyword field holding this value."""

    field: str
    value: str


@dataclass(frozen=True)
class Days:
    """A record dated within [low, high] (yyyymmdd, inclusive; None: unbounded)."""

    low: int | None
    high: int | None


@dataclass(frozen=True)
class Bool:
    """All of `must`, none of `must_not`; `should` scores, and must match (one of them) when there is no
    `must`."""

    must: tuple[Clause, ...] = ()
    should: tuple[Clause, ...] = ()
    must_not: tuple[Clause, ...] = ()


@dataclass(frozen=True)
class Boosted:
    clause: Clause
    factor: float


@dataclass(frozen=True)
class All:
    """Every story."""


Clause = Terms | Sequence | Wildcard | Value | Days | Bool | Boosted | All


@dataclass(frozen=True)
class Plan:
    """What to match and score (`query`), what to keep (`filters`, unscored), and what it came from."""

    query: Clause
    filters: tuple[Clause, ...]
    tree: qt.Node
    langs: tuple[str, ...]  # the analysers the query's words went through
    versions: tuple[str, ...]  # the versions whose fields were read

    def restricted(self, version: str) -> Plan:
        """The same search in one version's fields only (the lang facet, "list versions apart")."""
        return lower(self.tree, self.langs, (version,), self.filters)


def day_number(iso: str) -> int:
    return int(iso.replace("-", ""))


def _word(word: qt.Word, langs: tuple[str, ...], versions: tuple[str, ...]) -> Clause | None:
    clauses: list[Clause] = []
    for a in langs:
        terms = query_terms(a, word.text)
        if not terms:
            continue
        for v in versions:
            if word.scope in (None, "title"):
                clauses.append(Terms(title_field(v, a), terms, TITLE_BOOST))
            if word.scope in (None, "text"):
                clauses.append(Terms(text_field(v, a), terms))
    if word.scope != "title" and (keys := tuple(sorted(query_spelling_keys(word.text)))):
        clauses += [
            Terms(spelling_field(v), keys, SPELLING_BOOST) for v in versions if spells_into(word.text, v)
        ]
    return Bool(should=tuple(clauses)) if clauses else None


def spells_into(word: str, version: str) -> bool:
    """Whether a query word looks for its spelling keys in a version: always in the Kazakh and Russian ones;
    in the English one a Cyrillic word or a capitalised (name-like) Latin one, since there keys would also
    join English words that only look alike (hill and kill)."""
    return version != "en" or is_cyrillic(word) or word[:1].isupper()


def _phrase(phrase: qt.Phrase, langs: tuple[str, ...], versions: tuple[str, ...]) -> Clause | None:
    clauses: list[Clause] = []
    for a in langs:
        terms = tuple(t[0] for w in phrase.words if (t := query_terms(a, w)))
        if not terms:
            continue
        for v in versions:
            for name, boost, scope in ((title_field, TITLE_BOOST, "title"), (text_field, 1.0, "text")):
                if phrase.scope in (None, scope):
                    clause = Sequence if len(terms) > 1 else Terms
                    clauses.append(clause(name(v, a), terms, boost))
    return Bool(should=tuple(clauses)) if clauses else None


def fold_pattern(pattern: str) -> str:
    """A wildcard pattern in spelling-key letters: each literal run folded, the wildcards kept."""
    return "".join(part if part in "*?" else spelling(part) for part in re.split(r"([*?])", pattern) if part)


def _pattern(pattern: qt.Pattern, langs: tuple[str, ...], versions: tuple[str, ...]) -> Clause:
    clauses: list[Clause] = []
    for a in langs:
        for v in versions:
            if pattern.scope in (None, "title"):
                clauses.append(Wildcard(title_field(v, a), pattern.text, TITLE_BOOST))
            if pattern.scope in (None, "text"):
                clauses.append(Wildcard(text_field(v, a), pattern.text))
    if pattern.scope != "title":
        folded = fold_pattern(pattern.text)
        clauses += [Wildcard(spelling_field(v), folded, SPELLING_BOOST) for v in versions]
    return Bool(should=tuple(clauses))


def _lower(node: qt.Node, langs: tuple[str, ...], versions: tuple[str, ...]) -> Clause | None:
    if isinstance(node, qt.Word):
        return _word(node, langs, versions)
    if isinstance(node, qt.Phrase):
        return _phrase(node, langs, versions)
    if isinstance(node, qt.Pattern):
        return _pattern(node, langs, versions)
    if isinstance(node, qt.Everything):
        return All()
    if isinstance(node, qt.Keyword):
        return Value(node.field, node.value)
    if isinstance(node, qt.DateRange):
        return Days(day_number(node.low) if node.low else None, day_number(node.high) if node.high else None)
    if isinstance(node, qt.Boost):
        inner = _lower(node.item, langs, versions)
        return None if inner is None else Boosted(inner, node.factor)
    if isinstance(node, qt.Maybe):
        must, should = _lower(node.must, langs, versions), _lower(node.should, langs, versions)
        if must is None or should is None:
            return must
        return Bool(must=(must,), should=(should,))
    if isinstance(node, qt.Not):
        inner = _lower(node.item, langs, versions)
        return None if inner is None else Bool(must=(All(),), must_not=(inner,))
    items = [_lower(item, langs, versions) for item in node.items]
    kept = [item for item in items if item is not None]
    if not kept:
        return None
    if isinstance(node, qt.Or):
        return kept[0] if len(kept) == 1 else Bool(should=tuple(kept))
    # And: a NOT among its items excludes from the others rather than matching everything else
    must = [c for c in kept if not _is_negation(c)]
    must_not = [c.must_not[0] for c in kept if _is_negation(c)]
    if not must:
        must = [All()]
    if len(must) == 1 and not must_not:
        return must[0]
    return Bool(must=tuple(must), must_not=tuple(must_not))


def _is_negation(clause: Clause) -> bool:
    return (
        isinstance(clause, Bool)
        and clause.must == (All(),)
        and len(clause.must_not) == 1
        and not clause.should
    )


def lower(
    tree: qt.Node,
    langs: tuple[str, ...],
    versions: tuple[str, ...] = LANGS,
    filters: tuple[Clause, ...] = (),
) -> Plan:
    """The plan of a query tree; QueryError when no word of it is searchable (stop words only, `!!!`)."""
    query = _lower(tree, langs, versions)
    if query is None:
        raise QueryError("query has no searchable words")
    if len(versions) == 1:
        filters = tuple(f for f in filters if not (isinstance(f, Value) and f.field == "lang"))
        filters += (Value("lang", versions[0]),)
    return Plan(query, filters, tree, langs, versions)
