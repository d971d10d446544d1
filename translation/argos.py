"""The Argos Translate engine: `.argosmodel` install and listing, and argostranslate 1.11 loaded offline.

argostranslate is an optional extra that imports torch and stanza (seconds), so it is imported only
when a model is loaded for translation; installing and listing read the files themselves. Its folders
live under the data folder (`models/argos/`), set through its environment variables before its first
import (its settings module reads them once, at import).

Offline traps of argostranslate 1.11, and what is done about each:
- a package without a sentence splitter makes MiniSBD download one at first use: `install` refuses a
  package without `minisbd/*.onnx` or `stanza/`, and a Stanza splitter is built here with downloads off;
- with no local package index, `get_available_packages()` retries the download recursively (46 s
  offline): nothing here calls it, nor `Package.update()`, nor `get_installed_languages()`;
- `translate(q, from, to)` raises AttributeError for a code with no installed language: routes are
  found from the packages' metadata (engines.find_route) and each model is loaded by its folder;
- ARGOS_CHUNK_TYPE=SPACY and ARGOS_MODEL_PROVIDER (remote APIs) would reach the network: both are
  pinned to the offline defaults while it is imported.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from translation.engines import ENABLE_HINT, BadModel, Model, TranslationUnavailable

NAME = "argos"
_CODE = re.compile(r"^[a-z]{2,3}$")


def _splitter(folder: Path) -> str | None:
    if any((folder / "minisbd").glob("*.onnx")):
        return "minisbd"
    if (folder / "stanza").is_dir():
        return "stanza"
    return None


def read_model(folder: Path) -> Model:
    """The Model an installed package folder holds (BadModel when its metadata.json is unusable)."""
    try:
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadModel(f"{folder.name}: no readable metadata.json ({exc})") from None
    src, dst = meta.get("from_code"), meta.get("to_code")
    if meta.get("type", "translate") != "translate" or not (
        isinstance(src, str) and isinstance(dst, str) and _CODE.match(src) and _CODE.match(dst)
    ):
        raise BadModel(f"{folder.name}: metadata.json names no translation pair (from_code, to_code)")
    return Model(NAME, folder.name, str(meta.get("package_version", "")), src, dst, folder, _splitter(folder))


class ArgosEngine:
    """Argos packages in `root/packages`; argostranslate's own folders in `root/home`."""

    name = NAME

    def __init__(self, root: Path):
        self.root = root
        self.packages = root / "packages"

    def models(self) -> list[Model]:
        if not self.packages.is_dir():
            return []
        return [read_model(d) for d in sorted(self.packages.iterdir()) if (d / "metadata.json").is_file()]

    def install(self, file: Path) -> tuple[Model, list[Model]]:
        """Check the package, unpack it beside the others, and replace any package of the same pair."""
        top = _check_archive(file)
        self.packages.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.packages, prefix=".installing-") as tmp:
            with zipfile.ZipFile(file) as z:
                z.extractall(tmp)
            staged = Path(tmp) / top
            model = read_model(staged)
            if model.splitter is None:
                raise BadModel(
                    f"{file.name} has no sentence splitter (minisbd/*.onnx or stanza/):"
                    " argostranslate would download one at first use; add one to the package"
                )
            replaced = [m for m in self.models() if (m.src, m.dst) == (model.src, model.dst)]
            for old in replaced:
                shutil.rmtree(old.path)
            target = self.packages / top
            shutil.rmtree(target, ignore_errors=True)
            staged.rename(target)
        return read_model(target), [m for m in replaced if m.path != target]

    def translator(self, model: Model) -> ArgosTranslator:
        return ArgosTranslator(_import_argos(self.root / "home"), model)


def _check_archive(file: Path) -> str:
    """The package's one top folder, after checking the zip holds a model, a tokenizer and metadata."""
    if not file.is_file():
        raise BadModel(f"{file}: no such file")
    if not zipfile.is_zipfile(file):
        raise BadModel(f"{file.name} is not an .argosmodel (a zip archive)")
    with zipfile.ZipFile(file) as z:
        names = [PurePosixPath(n) for n in z.namelist()]
    tops = {n.parts[0] for n in names if n.parts}
    if len(tops) != 1 or any(n.is_absolute() or ".." in n.parts for n in names):
        raise BadModel(f"{file.name}: an .argosmodel holds exactly one folder")
    top = tops.pop()
    inside = {n.relative_to(top).as_posix() for n in names if len(n.parts) > 1}
    wanted = {"metadata.json": "metadata.json", "model/model.bin": "a CTranslate2 model (model/)"}
    for member, what in wanted.items():
        if member not in inside:
            raise BadModel(f"{file.name} has no {what}")
    if not inside & {"sentencepiece.model", "bpe.model"}:
        raise BadModel(f"{file.name} has no tokenizer (sentencepiece.model or bpe.model)")
    return top


# argostranslate reads these once, when first imported: its folders, the two settings that would reach
# the network (a spaCy download, a remote translation API), and its batch size.
def _argos_environment(home: Path) -> dict[str, str]:
    return {
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "ARGOS_PACKAGES_DIR": str(home.parent / "packages"),
        "ARGOS_CHUNK_TYPE": "DEFAULT",
        "ARGOS_MODEL_PROVIDER": "OPENNMT",
        # a paragraph's sentences go to CTranslate2 in batches of this many *tokens* (batch_type="tokens");
        # argos's default of 32 is about one sentence per call: 1024 doubled the tiny model's sentences/s
        # (224 -> 492 on this machine). A value set by the user wins.
        "ARGOS_BATCH_SIZE": os.environ.get("ARGOS_BATCH_SIZE", "1024"),
    }


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def available() -> bool:
    """True when argostranslate is installed (without importing it)."""
    return importlib.util.find_spec("argostranslate") is not None


def _import_argos(home: Path) -> Any:  # the argostranslate.translate module
    if not available():
        raise TranslationUnavailable(ENABLE_HINT)
    with _environment(_argos_environment(home)):
        try:
            from argostranslate import translate
        except Exception as exc:  # a broken torch or stanza install: say so in one line
            raise TranslationUnavailable(f"argostranslate failed to import ({exc}); {ENABLE_HINT}") from None
    return translate


class ArgosTranslator:
    """One Argos package loaded by its folder (never looked up by language code: see the module's traps)."""

    def __init__(self, translate: Any, model: Model):  # argostranslate.translate
        from argostranslate import package, sbd

        pkg = package.Package(model.path)
        self._translation = translate.PackageTranslation(
            translate.Language(model.src, model.src), translate.Language(model.dst, model.dst), pkg
        )
        sentencizer = self._translation.sentencizer
        if isinstance(sentencizer, sbd.StanzaSentencizer):
            import stanza  # Stanza's own default fetches resources.json on every pipeline built

            sentencizer.stanza_pipeline = stanza.Pipeline(
                lang=sentencizer.stanza_lang_code,
                dir=str(model.path / "stanza"),
                processors="tokenize",
                use_gpu=False,
                logging_level="WARNING",
                download_method=None,
            )
        self._split = sentencizer.split_sentences
        sentencizer.split_sentences = self._counting_split
        self.sentences = 0

    def _counting_split(self, text: str) -> list[str]:
        sentences = self._split(text)
        self.sentences += len(sentences)
        return sentences

    def translate(self, paragraph: str) -> str:
        return self._translation.hypotheses(paragraph, num_hypotheses=1)[0].value
