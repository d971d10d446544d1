"""The archive as a translation memory: aligned human kk/ru/en sentences, fuzzy lookup, TMX/TSV export.

Every story published in two or more languages gives translation units: its titles, and the groups of
sentences that translate each other (translation.align), or on request its aligned paragraphs. Only human
versions enter (machine translations live in another table and never do), and a duplicate record adds
nothing its canonical record has not.

A lookup scores a text against the segments of its language as CAT tools show a fuzzy match: 0-100, the
normalized Levenshtein-type similarity (rapidfuzz's `fuzz.ratio`) of the two texts lower-cased and without
punctuation, less what differing facts cost a translator: a number, a month or a name (a capitalised word
inside the sentence, compared by its folded Latin spelling) that one text has and the other lacks costs
FACT_PENALTY points (the first; FURTHER_FACT_PENALTY each after it), so a match above 90 % never carries
another event's facts. A match shows the matched source with the words that differ from the query marked
(the differing facts apart), and its human versions in the other languages.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

import numpy as np

from archive.languages import LANGS
from archive.models import paragraphs
from archive.parallel import ordered_map
from archive.store import Store
from translation.align import align_story
from translation.facts import facts, spans
from translation.glossary import Glossary
from translation.sentences import split

MAX_UNITS = (
    100_000  # units a memory holds (built in ~5 min on 2 cores): the newest stories of a larger archive
)
MIN_SCORE = 50  # below this a "match" costs a translator more than it saves; CAT tools default 50-75
FACT_PENALTY = 10  # the first differing number, month or name: a match with one is below 90 %
FURTHER_FACT_PENALTY = 5  # each further one
SEGTYPES = ("sentence", "paragraph")  # what a unit holds: the TMX header's segtype
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"}  # TMX/TSV language tags
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"  # written as xml:lang
_WORDS = re.compile(r"\w+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Unit:
    """One translation unit: a title, or sentences (or paragraphs) of a story that translate each other."""

    group: str
    texts: dict[str, str]  # lang -> its sentences (or paragraphs), joined by a space
    ids: dict[str, str]  # lang -> record id


@dataclass
class Match:
    score: int  # 0-100, differing facts charged
    lang: str
    text: str  # the matched source, in the query's language
    versions: dict[str, str]  # its human versions in the other languages
    group: str
    ids: dict[str, str] = field(default_factory=dict)
    marks: list[tuple[str, str]] = field(default_factory=list)  # the source in runs: see marks()
    similarity: int = 0  # the score before the differing facts were charged

    @property
    def differing(self) -> list[str]:
        """The source's words that are facts the query does not share."""
        return [text for kind, text in self.marks if kind == "fact"]

    def as_json(self) -> dict:
        return {
            "score": self.score,
            "similarity": self.similarity,
            "lang": self.lang,
            "text": self.text,
            "marks": [{"kind": kind, "text": text} for kind, text in self.marks],
            "differing_facts": self.differing,
            "versions": self.versions,
            "group": self.group,
            "ids": self.ids,
        }


def differing_facts(query: frozenset[str], source: frozenset[str]) -> int:
    """How many facts differ: a number replaced by another is one, as is one added or left out."""
    return max(len(query - source), len(source - query))


def fact_cost(differing: int) -> int:
    return FACT_PENALTY + FURTHER_FACT_PENALTY * (differing - 1) if differing else 0


def marks(query: str, source: str, lang: str | None = None) -> list[tuple[str, str]]:
    """The source text in runs, each ("same", text), ("diff", text) — words the query does not have there —
    or ("fact", text): a number, month or name the query lacks. Their texts joined are the source."""
    q_words = [m.group().lower() for m in _WORDS.finditer(query)]
    s_found = list(_WORDS.finditer(source))
    matcher = difflib.SequenceMatcher(None, q_words, [m.group().lower() for m in s_found], autojunk=False)
    kinds = ["diff"] * len(s_found)
    for block in matcher.get_matching_blocks():
        kinds[block.b : block.b + block.size] = ["same"] * block.size
    query_facts = facts(query, lang)
    fact_at = {start: fact for start, _, fact in spans(source)}
    runs: list[tuple[str, str]] = []

    def add(kind: str, piece: str) -> None:
        if piece and runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + piece)
        elif piece:
            runs.append((kind, piece))

    at = 0
    for m, kind in zip(s_found, kinds, strict=True):
        fact = fact_at.get(m.start())
        add("same", source[at : m.start()])
        add("fact" if fact and fact not in query_facts else kind, m.group())
        at = m.end()
    add("same", source[at:])
    return runs


def story_units(
    group: str, versions: dict[str, tuple[str, str | None, str]], *, segtype: str = "sentence"
) -> list[Unit]:
    """The units of one story from {lang: (record id, title, text)}: its titles, then its aligned sentences
    (segtype "sentence") or paragraphs ("paragraph")."""
    units = []
    titles = {lang: title for lang, (_, title, _) in versions.items() if title}
    ids = {lang: rid for lang, (rid, _, _) in versions.items()}
    if len(titles) > 1:
        units.append(Unit(group, titles, {lang: ids[lang] for lang in titles}))
    alignment = align_story({lang: paragraphs(text) for lang, (_, _, text) in versions.items()})
    parts = alignment.units if segtype == "sentence" else alignment.paragraph_units()
    for part in parts:
        if len(part) > 1:
            units.append(
                Unit(
                    group,
                    {lang: " ".join(ss) for lang, ss in part.items()},
                    {lang: ids[lang] for lang in part},
                )
            )
    return units


def archive_units(
    store: Store,
    groups: Iterable[str] | None = None,
    *,
    segtype: str = "sentence",
    on_story: Callable[[], None] = lambda: None,
    workers: int = 1,
) -> Iterator[Unit]:
    """Every unit of the archive (or of these stories), story by story, canonical records only; each story
    read, aligned and handed on in order (`on_story` after each), a bounded number of them at a time, so
    memory stays flat. `workers` > 1: that many processes align the stories (archive.parallel)."""
    stories = (
        (group, _versions(store, group), segtype)
        for group in (store.version_groups() if groups is None else groups)
    )
    for units in ordered_map(_story_units, stories, workers):
        yield from units
        on_story()


def _versions(store: Store, group: str) -> dict[str, tuple[str, str | None, str]]:
    """{lang: (record id, title, text)} of a story's human versions, canonical records only (no Russian text
    taken as Kazakh)."""
    versions = {}
    for lang, rid in store.versions(group, translated=True).items():
        row = store.text_of(rid)
        if row is not None and row["duplicate_of"] is None:
            versions[lang] = (rid, row["title"], row["text"])
    return versions


def _story_units(story: tuple[str, dict[str, tuple[str, str | None, str]], str]) -> list[Unit]:
    group, versions, segtype = story
    return story_units(group, versions, segtype=segtype) if len(versions) > 1 else []


class TranslationMemory:
    """Units with, per language, their segments prepared once and a word index over them.

    A lookup first ranks segments by the words they share with the query (each weighted by its rarity),
    then scores the best CANDIDATES of them exactly: scoring every segment costs ~0.3 s at 20,000
    documents (120,000 segments), the two steps a few milliseconds. A segment that shares no word with
    the query cannot reach MIN_SCORE, so the first step loses nothing a translator would use.
    """

    CANDIDATES = 200

    def __init__(self, units: Iterable[Unit], glossary: Glossary | None = None):
        from rapidfuzz import utils

        self.units = list(units)
        self.glossary = glossary or Glossary([])  # learned by from_store, from these units
        self.stories = len({unit.group for unit in self.units})
        self.complete = True  # False: the archive has older stories than the memory holds (MAX_UNITS)
        self._segments: dict[str, list[str]] = {}
        self._owners: dict[str, list[int]] = {}
        postings: dict[str, dict[str, list[int]]] = {}
        for n, unit in enumerate(self.units):
            for lang, text in unit.texts.items():
                segments = self._segments.setdefault(lang, [])
                for word in set(utils.default_process(text).split()):
                    postings.setdefault(lang, {}).setdefault(word, []).append(len(segments))
                segments.append(text)  # the unit's own string: prepared again only as a candidate
                self._owners.setdefault(lang, []).append(n)
        self._index = {
            lang: {word: np.array(ids, dtype=np.int32) for word, ids in words.items()}
            for lang, words in postings.items()
        }

    def _candidates(self, query: str, lang: str) -> np.ndarray:
        """Indices of the segments sharing the most (rarity-weighted) words with the query."""
        index, total = self._index.get(lang, {}), len(self._segments.get(lang, []))
        scores = np.zeros(total, dtype=np.float32)
        for word in set(query.split()):
            ids = index.get(word)
            if ids is not None:
                scores[ids] += np.log(total / len(ids)) + 0.1  # +0.1: a word in every segment still counts
        shared = np.flatnonzero(scores)
        if len(shared) > self.CANDIDATES:
            shared = shared[np.argpartition(scores[shared], -self.CANDIDATES)[-self.CANDIDATES :]]
        return shared

    @classmethod
    def from_store(cls, store: Store, max_units: int = MAX_UNITS) -> TranslationMemory:
        """The archive's memory — its newest stories first, up to `max_units` units, which bounds the build's
        time and the memory's size — with the glossary learned from the same units."""
        units: list[Unit] = []
        stories = 0
        for unit in archive_units(store, store.version_groups(newest_first=True)):
            if len(units) >= max_units and unit.group != units[-1].group:
                break
            stories += unit.group != (units[-1].group if units else None)
            units.append(unit)
        memory = cls(units, Glossary.learn(unit.texts for unit in units))
        memory.stories, memory.complete = stories, len(units) < max_units
        return memory

    def lookup(
        self,
        text: str,
        lang: str,
        *,
        limit: int = 5,
        min_score: int = MIN_SCORE,
        exclude_groups: Iterable[str] = (),
    ) -> list[Match]:
        """The closest segments of `lang` (best first, facts charged: see the module) with their other
        versions; none from excluded stories."""
        from rapidfuzz import fuzz, process, utils

        excluded = set(exclude_groups)
        query = utils.default_process(text)
        candidates = self._candidates(query, lang)
        segments = self._segments[lang] if len(candidates) else []
        found = process.extract(
            query,
            [utils.default_process(segments[i]) for i in candidates],
            scorer=fuzz.ratio,
            processor=None,
            limit=3 * limit + 8,  # spares: excluded stories, and matches that differing facts push down
            score_cutoff=min_score,
        )
        query_facts = facts(text, lang)
        matches = []
        for _, similarity, k in found:
            unit = self.units[self._owners[lang][candidates[k]]]
            source = unit.texts[lang]
            if unit.group in excluded:
                continue
            differing = differing_facts(query_facts, facts(source, lang))
            score = round(similarity) - fact_cost(differing)
            if score < min_score:
                continue
            others = {k: v for k, v in unit.texts.items() if k != lang}
            marked = marks(text, source, lang)
            matches.append(
                Match(score, lang, source, others, unit.group, unit.ids, marked, round(similarity))
            )
        matches.sort(key=lambda m: -m.score)
        return matches[:limit]

    def suggest(
        self, paragraphs: list[str], lang: str, target: str, *, exclude_groups: Iterable[str] = ()
    ) -> list[list[tuple[str, Match | None]]]:
        """Beside a missing `target` version: for each paragraph, each of its sentences with the best match
        that has a human `target` version (None where nothing reaches MIN_SCORE)."""
        out = []
        for paragraph in paragraphs:
            found = []
            for sentence in split(paragraph, lang):
                matches = self.lookup(sentence, lang, limit=3, exclude_groups=exclude_groups)
                found.append((sentence, next((m for m in matches if target in m.versions), None)))
            out.append(found)
        return out


def tmx(units: Iterable[Unit], *, segtype: str = "sentence") -> Iterator[str]:
    """TMX 1.4 (one <tu> per unit, <tuv xml:lang="kk-KZ"> …), streamed."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
    header = ET.Element(
        "header",
        creationtool="parlarchive",
        creationtoolversion="1",
        segtype=segtype,
        datatype="plaintext",
        adminlang="en-US",
        srclang="*all*",
        **{"o-tmf": "parlarchive"},
    )
    yield f"  {ET.tostring(header, encoding='unicode')}\n  <body>\n"
    for n, unit in enumerate(units, 1):
        tu = ET.Element("tu", tuid=str(n))
        ET.SubElement(tu, "prop", type="x-story").text = unit.group
        for lang in LANGS:
            if lang in unit.texts:
                tuv = ET.SubElement(tu, "tuv", {_XML_LANG: LOCALES[lang]})
                ET.SubElement(tuv, "seg").text = unit.texts[lang]
        yield f"    {ET.tostring(tu, encoding='unicode')}\n"
    yield "  </body>\n</tmx>\n"


def tsv(units: Iterable[Unit], *, segtype: str = "sentence") -> Iterator[str]:
    """One unit per line: kk-KZ, ru-RU, en-US columns (empty where a language is missing), then the story."""
    yield "\t".join([*(LOCALES[lang] for lang in LANGS), "story"]) + "\n"
    for unit in units:
        cells = [" ".join(unit.texts.get(lang, "").split()) for lang in LANGS]
        yield "\t".join([*cells, unit.group]) + "\n"


FORMATS = {"tmx": tmx, "tsv": tsv}
