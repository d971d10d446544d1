"""The archive as a translation memory: aligned human kk/ru/en paragraphs, fuzzy lookup, TMX/TSV export.

Every story published in two or more languages gives translation units: its titles, and its paragraphs
aligned by translation.align. Only human versions enter (machine translations live in another table and
never do), and a duplicate record adds nothing its canonical record has not. A lookup scores a paragraph
against every segment of its language as CAT tools show a fuzzy match: 0-100, the normalized
Levenshtein-type similarity (rapidfuzz's `fuzz.ratio`) of the two texts lower-cased and without
punctuation; a match shows the matched paragraph and its human versions in the other languages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

import numpy as np

from archive.languages import LANGS
from archive.store import Store
from translation.align import align, paragraphs

MIN_SCORE = 50  # below this a "match" costs a translator more than it saves; CAT tools default 50-75
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"}  # TMX/TSV language tags
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"  # written as xml:lang


@dataclass(frozen=True)
class Unit:
    """One translation unit: a paragraph (or title) of a story in each language it was published in."""

    group: str
    texts: dict[str, str]  # lang -> paragraph
    ids: dict[str, str]  # lang -> record id


@dataclass
class Match:
    score: int  # 0-100
    lang: str
    text: str  # the matched paragraph, in the query's language
    versions: dict[str, str]  # its human versions in the other languages
    group: str
    ids: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "score": self.score,
            "lang": self.lang,
            "text": self.text,
            "versions": self.versions,
            "group": self.group,
            "ids": self.ids,
        }


def story_units(group: str, versions: dict[str, tuple[str, str | None, str]]) -> list[Unit]:
    """The units of one story from {lang: (record id, title, text)}: its titles, then its aligned paragraphs."""
    units = []
    titles = {lang: title for lang, (_, title, _) in versions.items() if title}
    ids = {lang: rid for lang, (rid, _, _) in versions.items()}
    if len(titles) > 1:
        units.append(Unit(group, titles, {lang: ids[lang] for lang in titles}))
    paras = {lang: paragraphs(text) for lang, (_, _, text) in versions.items()}
    for row in align(paras):
        texts = {lang: paras[lang][i] for lang, i in row.items() if i is not None}
        if len(texts) > 1:
            units.append(Unit(group, texts, {lang: ids[lang] for lang in texts}))
    return units


def archive_units(store: Store) -> Iterator[Unit]:
    """Every unit of the archive, story by story (canonical records only)."""
    for group in store.version_groups():
        versions = {}
        for lang, rid in store.versions(group).items():
            row = store.text_of(rid)
            if row is not None and row["duplicate_of"] is None:
                versions[lang] = (rid, row["title"], row["text"])
        if len(versions) > 1:
            yield from story_units(group, versions)


class TranslationMemory:
    """Units with, per language, their segments prepared once and a word index over them.

    A lookup first ranks segments by the words they share with the query (each weighted by its rarity),
    then scores the best CANDIDATES of them exactly: scoring every segment costs ~0.3 s at 20,000
    documents (120,000 segments), the two steps a few milliseconds. A segment that shares no word with
    the query cannot reach MIN_SCORE, so the first step loses nothing a translator would use.
    """

    CANDIDATES = 200

    def __init__(self, units: Iterable[Unit]):
        from rapidfuzz import utils

        self.units = list(units)
        self._segments: dict[str, list[str]] = {}
        self._owners: dict[str, list[int]] = {}
        postings: dict[str, dict[str, list[int]]] = {}
        for n, unit in enumerate(self.units):
            for lang, text in unit.texts.items():
                segment = utils.default_process(text)
                segments = self._segments.setdefault(lang, [])
                for word in set(segment.split()):
                    postings.setdefault(lang, {}).setdefault(word, []).append(len(segments))
                segments.append(segment)
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
    def from_store(cls, store: Store) -> TranslationMemory:
        return cls(archive_units(store))

    def lookup(
        self,
        text: str,
        lang: str,
        *,
        limit: int = 5,
        min_score: int = MIN_SCORE,
        exclude_groups: Iterable[str] = (),
    ) -> list[Match]:
        """The closest segments of `lang` (best first) with their other versions; none from excluded stories."""
        from rapidfuzz import fuzz, process, utils

        excluded = set(exclude_groups)
        query = utils.default_process(text)
        candidates = self._candidates(query, lang)
        segments = self._segments[lang] if len(candidates) else []
        found = process.extract(
            query,
            [segments[i] for i in candidates],
            scorer=fuzz.ratio,
            processor=None,
            limit=limit + 8,  # a story repeats few paragraphs: 8 spare hits cover the excluded ones
            score_cutoff=min_score,
        )
        matches = []
        for _, score, k in found:
            unit = self.units[self._owners[lang][candidates[k]]]
            if unit.group in excluded:
                continue
            others = {k: v for k, v in unit.texts.items() if k != lang}
            matches.append(Match(round(score), lang, unit.texts[lang], others, unit.group, unit.ids))
            if len(matches) == limit:
                break
        return matches

    def suggest(
        self, paragraphs: list[str], lang: str, target: str, *, exclude_groups: Iterable[str] = ()
    ) -> list[Match | None]:
        """Beside a missing `target` version: for each paragraph, the best match that has a human
        `target` version (None where nothing reaches MIN_SCORE)."""
        out = []
        for paragraph in paragraphs:
            matches = self.lookup(paragraph, lang, limit=3, exclude_groups=exclude_groups)
            out.append(next((m for m in matches if target in m.versions), None))
        return out


def tmx(units: Iterable[Unit]) -> Iterator[str]:
    """TMX 1.4 (one <tu> per unit, <tuv xml:lang="kk-KZ"> …), streamed."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
    header = ET.Element(
        "header",
        creationtool="parlarchive",
        creationtoolversion="1",
        segtype="paragraph",
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


def tsv(units: Iterable[Unit]) -> Iterator[str]:
    """One unit per line: kk-KZ, ru-RU, en-US columns (empty where a language is missing), then the story."""
    yield "\t".join([*(LOCALES[lang] for lang in LANGS), "story"]) + "\n"
    for unit in units:
        cells = [" ".join(unit.texts.get(lang, "").split()) for lang in LANGS]
        yield "\t".join([*cells, unit.group]) + "\n"


FORMATS = {"tmx": tmx, "tsv": tsv}
