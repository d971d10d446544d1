"""The engine seam: installed models, routes between two languages, and the errors a user can act on.

An engine is any offline translator with this interface (see `Engine`). Argos Translate is the one
shipped (translation/argos.py). A second engine is added the same way; the one Kazakh needs is
a CTranslate2 NLLB-200 model (the distilled 600M model converted with `ct2-transformers-converter`,
about 600 MB in int8), which covers kk, ru and en in one model:

- `models()` reads `data/models/nllb/*/metadata.json` (written by its `install`: the converted model
  folder and its `sentencepiece.bpe.model`) and lists one `Model` per pair it covers — kk→ru, kk→en,
  ru→kk, en→kk, … — all with the same path and version;
- `translator(model)` loads `ctranslate2.Translator(path)` and the SentencePiece model once, and
  translates a paragraph as `translate_batch([["kaz_Cyrl", *pieces, "</s>"]],
  target_prefix=[["eng_Latn"]])` (NLLB's FLORES codes: kaz_Cyrl, rus_Cyrl, eng_Latn), sentence by sentence;
- it is listed in `translation.run.engines()`; routes then prefer a direct model of either engine, and the
  run stores `engine="nllb"` with its model name and version, exactly as for Argos.
Nothing else changes: the run, the storage, the index and the "no model for kk→en" status are engine-blind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from archive.errors import BadInput, ParlarchiveError

PIVOT = "en"  # the language a two-step route goes through (every Argos model pairs with English)
ENABLE_HINT = "translation needs the optional extra: pip install '.[translate]'"


class TranslationUnavailable(ParlarchiveError):
    """The engine cannot run here (its package is not installed, or failed to import): one line, exit 1."""


class BadModel(BadInput):
    """A model file that cannot be installed: the reason, in one line (exit 2, like any bad input)."""


class ModelDamaged(ParlarchiveError):
    """An installed model that cannot be read (exit 1: what is installed failed, not what the user asked)."""

    def __init__(self, problem: BadModel):
        super().__init__(f"an installed model is damaged: {problem}")


@dataclass(frozen=True)
class Model:
    """One installed model for one language pair."""

    engine: str
    name: str
    version: str
    src: str
    dst: str
    path: Path
    splitter: str | None = None  # the sentence splitter it carries (minisbd | stanza)

    def as_json(self) -> dict:
        return {
            "engine": self.engine,
            "name": self.name,
            "version": self.version,
            "from": self.src,
            "to": self.dst,
            "splitter": self.splitter,
            "path": str(self.path),
        }


class Translator(Protocol):
    """A loaded model: translates one paragraph at a time; counts the sentences it has translated."""

    sentences: int

    def translate(self, paragraph: str) -> str: ...


class Engine(Protocol):
    """An offline translation engine over its folder under the data folder's models/."""

    name: str

    def models(self) -> list[Model]:
        """The installed models, read from disk without importing the engine's heavy libraries."""
        ...

    def install(self, file: Path) -> tuple[Model, list[Model]]:
        """Install a model file; returns it and the models it replaced (same pair). BadModel if unusable."""
        ...

    def translator(self, model: Model) -> Translator:
        """Load a model (the heavy import happens here). TranslationUnavailable if the engine is missing."""
        ...


Route = tuple[Model, ...]  # one model, or two through PIVOT


def find_route(models: Iterable[Model], src: str, dst: str) -> Route | None:
    """A direct model src→dst, else src→en→dst, else None (the caller records 'no model for src→dst')."""
    direct = {}
    for m in models:
        direct.setdefault((m.src, m.dst), m)
    if (src, dst) in direct:
        return (direct[src, dst],)
    if PIVOT not in (src, dst) and (src, PIVOT) in direct and (PIVOT, dst) in direct:
        return (direct[src, PIVOT], direct[PIVOT, dst])
    return None


def describe(route: Sequence[Model]) -> tuple[str, str, str]:
    """(engine, model, version) as stored: a pivot joins its two with '+' ("translate-kk_en+translate-en_ru")."""
    return (
        "+".join(dict.fromkeys(m.engine for m in route)),
        "+".join(m.name for m in route),
        "+".join(m.version for m in route),
    )
