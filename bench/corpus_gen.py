"""The generated benchmark archive: kk/ru/en stories of the three sources with their language versions,
as the real sites serve them, written once as WARC files into a work folder outside the repository.

    .venv/bin/python -m bench.corpus_gen --records 20000     # or 200000; prints the folder it wrote

Deterministic for (records, seed). A story has 1-3 language versions (one record each); its words follow
a Zipf law over a long made-up tail after the function and common words; the domain words most stories
hold (депутат, заң, Сенат, budget …) come in their inflected forms, people's names in Russian and Kazakh
case forms and two English spellings; dates run over 15 years, ids ascend with them per source; 1.5 % of
the stories are republished copies of an earlier story with one sentence changed. Pages are rendered by
the demo's site generator (parlarchive/demo/sitegen.py: each site's URL shape, markup, charset and
boilerplate); the Mazhilis stories from 2021 on come from the new site's JSON API. Generation is
resumable: one WARC file per CHUNK stories, written aside and renamed when whole.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import re
import sys
import time
from collections import deque
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpus_words as W

VERSION = 1  # of the generator: a change to what it writes changes the folder name
CHUNK = 250  # stories per WARC file
FIRST_DAY, YEARS = date(2010, 1, 1), 15
API_FROM = date(2021, 1, 1)  # Mazhilis stories from this day on are read from the new site's JSON API
REPOSTS = 0.015  # share of stories that republish an earlier one with a sentence changed
TAIL = 50_000  # made-up words per language, and half a word more per record: the vocabulary grows
LANG_ORDER = ("kk", "ru", "en")
_SENTENCE_END = re.compile(r"(?<=\.) ")


def bench_dir() -> Path:
    """Where generated archives and their runs live: $PARLARCHIVE_BENCH_DIR, else `benchdata` beside the
    repository (shared by its worktrees, outside every one of them)."""
    env = os.environ.get("PARLARCHIVE_BENCH_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "benchdata"


@dataclass(frozen=True)
class Planned:
    """What the plan fixes about story n before its text is written."""

    source: str
    id: int  # the site's article id, ascending with the date per source
    day: date
    langs: tuple[str, ...]
    repost_of: int | None = None  # the story it republishes


@dataclass(frozen=True)
class Record:
    """One language version of a story: what the archive stores as one record."""

    n: int
    lang: str
    source: str
    date: str
    title: str
    paragraphs: list[str]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _weighted(rng: random.Random, mix: dict) -> object:
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def kk_forms(surname: str) -> list[str]:
    """A Kazakh surname and its case forms (genitive … instrumental), its endings by vowel harmony."""
    last = surname[-1].lower()
    endings = W.KK_CASES["vowel" if last in W.KK_VOWELS else "в"]
    stem = surname[:-2] if surname.endswith(("ев", "ов")) and last != "а" else surname
    front = next((ch in W.KK_FRONT_VOWELS for ch in reversed(stem.lower()) if ch in W.KK_VOWELS), False)
    if front:
        endings = ["".join(W.KK_FRONT.get(ch, ch) for ch in e) for e in endings]
    return [surname, *(surname + e for e in endings)]


def ru_forms(surname: str, woman: bool) -> list[str]:
    """A Russian surname in -ов/-ев in its five case forms (the accusative is the genitive's or dative's)."""
    return [surname + e for e in W.RU_CASES["f" if woman else "m"]]


def people(rng: random.Random) -> list[dict[str, list[str]]]:
    """W.PEOPLE people: per language the forms a story may name them in ("Мурат Мукашевым", "Mukashov")."""
    out = []
    for _ in range(W.PEOPLE):
        given, (kk, ru, en) = rng.choice(W.GIVEN), rng.choice(W.SURNAMES)
        woman = given[0] in W.WOMEN
        kk, ru = (kk + "а", ru) if woman else (kk, ru)
        out.append({
            "kk": [f"{given[0]} {f}" if i == 0 else f for i, f in enumerate(kk_forms(kk))],
            "ru": [f"{given[1]} {f}" if i == 0 else f for i, f in enumerate(ru_forms(ru, woman))],
            "en": [f"{given[2]} {s}{'a' * woman}" for s in en] + [f"{s}{'a' * woman}'s" for s in en],
        })  # fmt: skip
    return out


def vocabulary(lang: str, rng: random.Random, tail: int) -> list[str]:
    """Words by rank: function words, the common words in made-up inflections, then a made-up tail."""
    head = [w + e for w in W.COMMON[lang] for e in W.ENDINGS[lang]]
    rng.shuffle(head)
    consonants, vowels = W.LETTERS[lang]
    known = set(head) | set(W.FUNCTION_WORDS[lang])
    made: list[str] = []
    while len(made) < tail:
        word = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        if word not in known:
            known.add(word)
            made.append(word)
    return [*W.FUNCTION_WORDS[lang], *dict.fromkeys(head), *made]


class Corpus:
    """The stories of an archive of `records` records: the plan at once, each story's text when asked."""

    def __init__(self, records: int, seed: int = 7, tail: int | None = None):
        self.records_wanted, self.seed = records, seed
        rng = random.Random(seed)
        tail = TAIL + records // 2 if tail is None else tail
        self.vocab = {lang: vocabulary(lang, rng, tail) for lang in LANG_ORDER}
        self.cum = {
            lang: list(accumulate(1.0 / (rank + 2.7) for rank in range(len(words))))
            for lang, words in self.vocab.items()
        }
        self.people = people(rng)
        self.people_cum = list(accumulate(1.0 / (rank + 1) for rank in range(len(self.people))))
        self.plan = self._plan(random.Random(seed + 1))
        self.reposts = sum(p.repost_of is not None for p in self.plan)

    def _plan(self, rng: random.Random) -> list[Planned]:
        drafts: list[tuple[str, tuple[str, ...], int | None]] = []
        count = 0
        while count < self.records_wanted:
            n = len(drafts)
            if n > 50 and rng.random() < REPOSTS:
                of = n - rng.randint(1, 50)
                while drafts[of][2] is not None:
                    of -= 1
                source, langs, repost = drafts[of][0], drafts[of][1], of
            else:
                source, langs, repost = _weighted(rng, W.SOURCE_MIX), _weighted(rng, W.LANG_MIX), None
            langs = langs[: self.records_wanted - count]
            drafts.append((source, langs, repost))
            count += len(langs)
        span = (date(FIRST_DAY.year + YEARS, 1, 1) - FIRST_DAY).days
        ids = {source: 1000 for source in W.SOURCE_MIX}
        plan = []
        for n, (source, langs, repost) in enumerate(drafts):
            ids[source] += 1
            day = FIRST_DAY + timedelta(days=n * span // len(drafts))
            plan.append(Planned(source, ids[source], day, langs, repost))
        return plan

    def __len__(self) -> int:
        return len(self.plan)

    def words(self, rng: random.Random, lang: str, k: int) -> list[str]:
        return rng.choices(self.vocab[lang], cum_weights=self.cum[lang], k=k)

    def person(self, rng: random.Random) -> int:
        return bisect.bisect(self.people_cum, rng.random() * self.people_cum[-1])

    def texts(self, n: int) -> dict[str, tuple[str, list[str]]]:
        """Story n's versions: {lang: (title, paragraphs)}. The versions share their shape (paragraphs,
        sentences, the domain words and the people they name); their words are each language's own."""
        planned = self.plan[n]
        if planned.repost_of is not None:
            return self._repost(n, planned)
        rng = random.Random(self.seed * 1_000_003 + n)
        shape = [rng.randint(2, 5) for _ in range(rng.randint(3, 9))]  # sentences per paragraph
        sentences = sum(shape)
        domain = [
            (i, rng.randint(1, 4)) for i, (chance, _) in enumerate(W.DOMAIN["ru"]) if rng.random() < chance
        ]
        for name, (chance, _forms) in W.CHAMBERS.items():
            if rng.random() < (chance if name == planned.source else W.CHAMBER_ELSEWHERE):
                domain.append((name, rng.randint(1, 3)))
        named = [self.person(rng) for _ in range(rng.choice((0, 1, 1, 2, 3)))]
        slots = [rng.randrange(sentences) for _ in range(sum(k for _, k in domain) + 2 * len(named))]
        in_title = domain[0][0] if domain and rng.random() < 0.7 else None
        out = {}
        for lang in planned.langs:
            lrng = random.Random(f"{self.seed}:{n}:{lang}")
            body = [self.words(lrng, lang, lrng.randint(8, 20)) for _ in range(sentences)]
            inserts = [self._domain_form(lrng, lang, d) for d, k in domain for _ in range(k)]
            for p in named:
                forms = self.people[p][lang]
                inserts += [f"{lrng.choice(W.ROLES[lang])} {forms[0]}", lrng.choice(forms)]
            for slot, word in zip(slots, inserts, strict=False):
                body[slot].insert(lrng.randrange(len(body[slot]) + 1), word)
            for sentence in body:
                if lrng.random() < 0.15:
                    sentence.append(str(lrng.choice((lrng.randint(2, 999), lrng.randint(2010, 2024)))))
            title = self.words(lrng, lang, lrng.randint(5, 10))
            if in_title is not None:
                title.insert(lrng.randrange(len(title) + 1), self._domain_form(lrng, lang, in_title))
            if named and lrng.random() < 0.3:
                title.append(lrng.choice(self.people[named[0]][lang]))
            text = [_sentence(words) for words in body]
            paragraphs, at = [], 0
            for k in shape:
                paragraphs.append(" ".join(text[at : at + k]))
                at += k
            out[lang] = (_sentence(title)[:-1], paragraphs)
        return out

    def _domain_form(self, rng: random.Random, lang: str, which: int | str) -> str:
        forms = W.CHAMBERS[which][1][lang] if isinstance(which, str) else W.DOMAIN[lang][which][1]
        return rng.choice(forms.split())

    def _repost(self, n: int, planned: Planned) -> dict[str, tuple[str, list[str]]]:
        """The story it republishes, one sentence of one paragraph replaced."""
        rng = random.Random(self.seed * 1_000_003 + n)
        out = {}
        for lang, (title, paragraphs) in self.texts(planned.repost_of).items():
            paragraphs = list(paragraphs)
            k = rng.randrange(len(paragraphs))
            sentences = _SENTENCE_END.split(paragraphs[k])
            sentences[rng.randrange(len(sentences))] = _sentence(self.words(rng, lang, 12))
            paragraphs[k] = " ".join(sentences)
            out[lang] = (title, paragraphs)
        return out

    def story_records(self, n: int) -> list[Record]:
        """The records of story n, one a language version."""
        planned = self.plan[n]
        return [Record(n, lang, planned.source, planned.day.isoformat(), title, paragraphs)
                for lang, (title, paragraphs) in self.texts(n).items()]  # fmt: skip

    def records(self) -> Iterator[Record]:
        """Every record of the archive, story by story."""
        for n in range(len(self.plan)):
            yield from self.story_records(n)


def _sentence(words: list[str]) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


# ---- pages and WARC files --------------------------------------------------------------------------


def page(corpus: Corpus, n: int, lang: str, story: object, related: list) -> tuple[str, bytes, str]:
    """(URL, body, content type) of one version as its site serves it."""
    from archive.sources import SOURCES
    from parlarchive.demo import sitegen

    planned = corpus.plan[n]
    source = SOURCES[planned.source]
    if planned.source == "mazhilis" and planned.day >= API_FROM:
        api = f"https://{source.api_hosts[0]}{source.api_path}/{planned.id}?lang={lang}"
        body = json.dumps(sitegen.api_story(story, lang), ensure_ascii=False).encode()
        return api, body, "application/json"
    url = source.base_url + sitegen.article_path(planned.source, lang, planned.id)
    charset = sitegen.CHARSET[planned.source]
    html = sitegen.ARTICLE[planned.source](story, lang, related)
    body = html.encode(charset, "xmlcharrefreplace")
    return url, body, "text/html" if charset != "utf-8" else "text/html; charset=utf-8"


def write_chunk(corpus: Corpus, chunk: int, folder: Path) -> int:
    """Write the WARC file of one chunk of stories (aside, then renamed); returns its records."""
    from scrapy import Request
    from scrapy.http import Response

    from archive.warc import PAGE_HEADER, SOURCE_HEADER
    from crawler.warc import WarcFile
    from parlarchive.demo import sitegen
    from parlarchive.demo.sitetexts import ORG, SOURCE_LINE

    final = folder / f"part-{chunk:05d}.warc.gz"
    aside = final.with_name(final.name + ".part")
    aside.unlink(missing_ok=True)
    warc = WarcFile(aside, folder, software="bench/corpus_gen.py")
    recent: dict[tuple[str, str], deque] = {}
    written = 0
    for n in range(chunk * CHUNK, min(len(corpus), (chunk + 1) * CHUNK)):
        planned, versions = corpus.plan[n], corpus.texts(n)
        story = sitegen.Story(planned.source, planned.id, planned.day, planned.langs)
        with_line = random.Random(n).random() < 0.5
        for lang, (title, paragraphs) in versions.items():
            story.title[lang], story.paragraphs[lang] = title, paragraphs
            if with_line:
                story.source_line[lang] = SOURCE_LINE[lang].format(org=ORG[planned.source][lang])
        for lang in versions:
            shown = recent.setdefault((planned.source, lang), deque(maxlen=3))
            url, body, ctype = page(corpus, n, lang, story, list(reversed(shown)))
            response = Response(url, body=body, headers={"Content-Type": ctype})
            fetched = f"{planned.day + timedelta(days=1)}T09:00:00Z"
            warc.write(Request(url), response, fetched, {SOURCE_HEADER: planned.source, PAGE_HEADER: "story"})
            path = sitegen.article_path(planned.source, lang, planned.id)
            shown.append(sitegen.ListItem(path, story.title[lang], planned.day))
            written += 1
    warc.close()
    aside.rename(final)
    return written


_FORKED: Corpus | None = None  # the corpus the writing processes inherit


def _work(args: tuple[int, str]) -> int:
    chunk, folder = args
    return write_chunk(_FORKED, chunk, Path(folder))


def archive_dir(records: int, seed: int = 7, root: Path | None = None) -> Path:
    return (root or bench_dir()) / f"r{records}-s{seed}-v{VERSION}"


def generate(
    records: int, seed: int = 7, root: Path | None = None, workers: int = 2, corpus: Corpus | None = None
) -> Path:
    """The folder of the archive's WARC files (warc/) and its description (corpus.json), written unless
    a finished one is there; chunks written before an interruption are kept. One worker writes in this
    process; `corpus` stands in for Corpus(records, seed) (a test's smaller vocabulary)."""
    folder = archive_dir(records, seed, root)
    done = folder / "corpus.json"
    if done.exists():
        return folder
    warc = folder / "warc"
    warc.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    corpus = corpus or Corpus(records, seed)
    chunks = -(-len(corpus) // CHUNK)
    todo = [c for c in range(chunks) if not (warc / f"part-{c:05d}.warc.gz").exists()]
    print(f"generating {records:,} records ({len(corpus):,} stories) into {warc}: {len(todo)} of {chunks} "
          f"files to write", flush=True)  # fmt: skip
    global _FORKED
    _FORKED = corpus
    jobs = [(c, str(warc)) for c in todo]
    with get_context("fork").Pool(workers) if workers > 1 else nullcontext() as pool:
        for i, _ in enumerate(pool.imap_unordered(_work, jobs) if pool else map(_work, jobs), 1):
            if i % 20 == 0 or i == len(jobs):
                print(f"  {i}/{len(jobs)} files, {time.perf_counter() - started:.0f} s", flush=True)
    langs = {lang: 0 for lang in LANG_ORDER}
    sources = dict.fromkeys(W.SOURCE_MIX, 0)
    for planned in corpus.plan:
        sources[planned.source] += len(planned.langs)
        for lang in planned.langs:
            langs[lang] += 1
    described = {
        "records": records, "seed": seed, "version": VERSION, "stories": len(corpus),
        "reposts": corpus.reposts, "records_by_lang": langs, "records_by_source": sources,
        "files": chunks, "bytes": sum(f.stat().st_size for f in warc.glob("*.warc.gz")),
        "seconds": round(time.perf_counter() - started, 1),
    }  # fmt: skip
    done.write_text(json.dumps(described, indent=1) + "\n")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2, help="processes writing WARC files")
    args = parser.parse_args()
    folder = generate(args.records, args.seed, workers=args.workers)
    print(folder)
    print((folder / "corpus.json").read_text().strip())


if __name__ == "__main__":
    main()
