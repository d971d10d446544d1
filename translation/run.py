"""The `translate` run: each story into each language it has no version in, stored with its provenance.

A story is a version group; it is translated from one of its versions (one with a direct model first)
and the translation is stored on that version's record, with the engine, model, version and a hash of
the source text. A re-run redoes only what is new or changed: a new story, an edited source, another
model. A pair no installed model covers is stored as status `no-model` ("no model for kk→en"), which
needs no engine at all; a translation that a human version has since replaced is removed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archive.languages import LANGS
from archive.models import paragraphs
from archive.store import Store
from translation.engines import BadModel, Engine, Model, ModelDamaged, Route, Translator, describe, find_route


def engines(models_root: Path) -> list[Engine]:
    """Every engine, each over its own folder under the data folder's models/ (see engines.py's seam)."""
    from translation.argos import ArgosEngine

    return [ArgosEngine(models_root / "argos")]


def installed_models(models_root: Path) -> list[Model]:
    """Every installed model of every engine; ModelDamaged when one cannot be read."""
    try:
        return [m for e in engines(models_root) for m in e.models()]
    except BadModel as exc:
        raise ModelDamaged(exc) from None


def source_hash(title: str | None, text: str | None) -> str:
    return hashlib.sha256(f"{title or ''}\n\n{text or ''}".encode()).hexdigest()


@dataclass
class Job:
    """One translation to make (route set) or one missing pair to record (route None)."""

    source_id: str
    source_lang: str
    target: str
    hash: str
    route: Route | None
    detail: str | None = None  # "no model for kk→en"
    stale: list[str] = field(default_factory=list)  # records of the group holding an older translation


@dataclass
class RunReport:
    translated: int = 0
    unchanged: int = 0
    no_model: int = 0
    failed: int = 0
    removed: int = 0
    sentences: int = 0
    seconds: float = 0.0  # translating (the sentences/s figure), loading apart
    load_seconds: float = 0.0  # importing the engine and loading the models
    missing: dict[str, int] = field(default_factory=dict)  # "no model for kk→en" -> stories
    errors: list[str] = field(default_factory=list)

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0

    def as_json(self) -> dict:
        return {
            "translated": self.translated,
            "unchanged": self.unchanged,
            "no_model": self.no_model,
            "failed": self.failed,
            "removed": self.removed,
            "sentences": self.sentences,
            "seconds": round(self.seconds, 3),
            "load_seconds": round(self.load_seconds, 3),
            "sentences_per_second": round(self.sentences_per_second, 1),
            "missing": self.missing,
            "errors": self.errors,
        }


def plan(store: Store, models: list[Model], targets: Iterable[str] = LANGS) -> tuple[list[Job], int, list]:
    """The jobs a run has to do, how many stored translations are already up to date, and the stale ones
    (translations into a language the story now has a human version in) to remove."""
    targets = [t for t in LANGS if t in set(targets)]
    stored = {(r["document_id"], r["lang"]): r for r in store.translation_states()}
    by_group: dict[str, list[tuple[str, str]]] = {}
    for (rid, lang), row in stored.items():
        by_group.setdefault(row["version_group"], []).append((rid, lang))
    jobs, unchanged, obsolete = [], 0, []
    for group in store.version_groups():
        # a /kk/ page of Russian text is no Kazakh translation: kk is still to translate
        versions = store.versions(group, translated=True)
        if not versions:
            continue
        held = by_group.get(group, [])
        obsolete += [(rid, lang) for rid, lang in held if lang in versions]
        for target in targets:
            if target in versions:
                continue
            job = _job(store, versions, target, models)
            job.stale = [rid for rid, lang in held if lang == target and rid != job.source_id]
            old = stored.get((job.source_id, target))
            if old is not None and not job.stale and _up_to_date(old, job):
                unchanged += 1
            else:
                jobs.append(job)
    return jobs, unchanged, obsolete


def _job(store: Store, versions: dict[str, str], target: str, models: list[Model]) -> Job:
    routes = {lang: find_route(models, lang, target) for lang in versions}
    # a direct model first, then a pivot; among equals the archive's order of languages
    ranked = sorted(versions, key=lambda lang: (len(routes[lang] or (0, 0, 0)), LANGS.index(lang)))
    src = ranked[0]
    row = store.text_of(versions[src]) or {"title": None, "text": None}
    job = Job(
        versions[src],
        src,
        target,
        source_hash(row["title"], row["text"]),
        routes[src],
    )
    if job.route is None:
        job.detail = "no model for " + ", ".join(f"{lang}→{target}" for lang in ranked)
    return job


def _up_to_date(old: dict, job: Job) -> bool:
    if job.route is None:
        return old["status"] == "no-model" and old["detail"] == job.detail and old["source_hash"] == job.hash
    _, model, version = describe(job.route)
    return (
        old["status"] == "done"
        and old["source_hash"] == job.hash
        and (old["model"], old["model_version"]) == (model, version)
    )


def _store(
    store: Store, job: Job, status: str, title: str | None, text: str | None, detail: str | None
) -> None:
    engine, model, version = describe(job.route) if job.route else (None, None, None)
    with store.transaction():
        store.save_translation(
            job.source_id, job.target, title, text, model, status, engine=engine, model_version=version,
            source_lang=job.source_lang, source_hash=job.hash, detail=detail,
        )  # fmt: skip
        for rid in job.stale:
            store.delete_translation(rid, job.target)


class _Loaded:
    """Translators loaded on first use, once per model, for the whole run."""

    def __init__(self, engines_: list[Engine]):
        self._engines = {e.name: e for e in engines_}
        self._loaded: dict[Path, Translator] = {}
        self.seconds = 0.0  # spent importing engines and loading models

    def route(self, route: Route) -> list[Translator]:
        for model in route:
            if model.path not in self._loaded:
                start = time.perf_counter()
                self._loaded[model.path] = self._engines[model.engine].translator(model)
                self.seconds += time.perf_counter() - start
        return [self._loaded[m.path] for m in route]


def _translate(route: list[Translator], title: str | None, text: str | None) -> tuple[str | None, str, int]:
    """Title and body through each model of the route in turn, paragraph by paragraph; with the count of
    source sentences (those the first model read: a pivot's second step reads them again)."""
    segments = ([title] if title else []) + paragraphs(text)
    before = route[0].sentences
    for translator in route:
        segments = [translator.translate(s) for s in segments]
    body = "\n\n".join(segments[1:] if title else segments)
    return (segments[0] if title else None), body, route[0].sentences - before


class Run:
    """A planned run: `total` jobs; `execute(advance)` does them, calling advance() after each."""

    def __init__(self, store: Store, models_root: Path, targets: Iterable[str] = LANGS):
        self.store = store
        self.engines = engines(models_root)
        self.jobs, unchanged, self.obsolete = plan(store, installed_models(models_root), targets)
        self.report = RunReport(unchanged=unchanged)

    @property
    def total(self) -> int:
        return len(self.jobs)

    def execute(self, advance: Callable[[], None] = lambda: None) -> RunReport:
        """TranslationUnavailable (the extra is missing) stops the run once the missing pairs are stored."""
        store, report = self.store, self.report
        for rid, lang in self.obsolete:
            store.delete_translation(rid, lang)
            report.removed += 1
        for job in (j for j in self.jobs if j.route is None):  # needs no engine: stored before any import
            _store(store, job, "no-model", None, None, job.detail)
            report.no_model += 1
            report.missing[job.detail] = report.missing.get(job.detail, 0) + 1
            advance()
        loaded = _Loaded(self.engines)
        start = time.perf_counter()
        for job in (j for j in self.jobs if j.route is not None):
            translators = loaded.route(job.route)  # TranslationUnavailable stops the run here
            try:
                source = store.text_of(job.source_id) or {"title": None, "text": None}  # read when its turn
                title, text, sentences = _translate(translators, source["title"], source["text"])
            except Exception as exc:  # the engine's own failure on one record: recorded, the run goes on
                detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
                _store(store, job, "failed", None, None, detail)
                report.failed += 1
                report.errors.append(f"{job.source_id} → {job.target}: {detail}")
            else:
                _store(store, job, "done", title, text, None)
                report.translated += 1
                report.sentences += sentences
            advance()
        report.load_seconds = loaded.seconds
        report.seconds = time.perf_counter() - start - loaded.seconds
        return report


def describe_translation(lang: str, translation: dict) -> str:
    """One line for `show` and the UI: a machine translation with what made it, or why there is none."""
    t = translation
    if t["status"] == "done":
        made_by = " ".join(filter(None, (t.get("engine"), t.get("model"), t.get("model_version"))))
        return f"{lang}: machine translation from {t.get('source_lang') or '?'} by {made_by}"
    return f"{lang}: {t.get('detail') or t['status']}"
