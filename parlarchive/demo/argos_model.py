"""Builds a tiny real `.argosmodel` offline: SentencePiece, a one-layer CTranslate2 Transformer, MiniSBD ONNX.

The model is real in every file argostranslate 1.11 loads (sentencepiece.model, model/ from
`ctranslate2.specs`, minisbd/*.onnx, metadata.json, zipped under one folder) and nonsense in what it
says: its decoder ignores the source and walks a fixed chain of target-language words, so every
sentence comes out as the same three words and decoding stops after them (random weights would
decode 256 tokens per sentence). The tests and the translation bench use it to run the pipeline offline
(install, load, split, translate, store): what they check is the pipeline, not the quality. It needs the
`translate` extra and onnx (a dev dependency), imported only when a model is built.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np

D_MODEL, HEADS, FFN = 16, 2, 32
CHAIN_LENGTH = 3  # words every sentence "translates" to
SBD_CLASSES = 5  # MiniSBD's labels: 0 inside a token, 1 token end, 2 sentence end, 3/4 multi-word forms
SENTENCE_END = ".!?"

# The lines SentencePiece learns from: the caller's texts and the formulas of the Parliament's news, in
# Russian and English, with names and numbers varied (360 lines).
_FORMULAS = {
    "ru": [
        "Мажилис одобрил в первом чтении законопроект о {x}.",
        "Сенат принял закон о {x} и направил его на подпись Президенту.",
        "Депутат {n} направил запрос в Правительство о {x}.",
        "Комитет по {x} провел круглый стол с участием {k} депутатов.",
        "На пленарном заседании обсудили вопросы {x}.",
        "Председатель палаты встретился с делегацией по вопросам {x}.",
    ],
    "en": [
        "The Mazhilis approved in first reading the bill on {x}.",
        "The Senate adopted the law on {x} and sent it to the President for signature.",
        "Deputy {n} sent an inquiry to the Government about {x}.",
        "The committee on {x} held a round table with {k} deputies.",
        "The plenary session discussed issues of {x}.",
        "The Speaker of the chamber met a delegation on {x}.",
    ],
}
_TOPICS = {
    "ru": [
        "бюджете",
        "образовании",
        "здравоохранении",
        "экологии",
        "водных ресурсах",
        "местном самоуправлении",
    ],
    "en": ["the budget", "education", "health care", "ecology", "water resources", "local government"],
}
_NAMES = ["Болат Жумабеков", "Айгуль Сейткали", "Ерлан Кошанов", "Маулен Ашимбаев", "Дания Еспаева"]


def training_lines(texts: Iterable[str] = ()) -> list[str]:
    """`texts` (the stories a model will be given, so that their words are pieces), then the formulas."""
    lines = list(texts)
    for lang, formulas in _FORMULAS.items():
        for i, formula in enumerate(formulas):
            for j, topic in enumerate(_TOPICS[lang]):
                for name in _NAMES:
                    lines.append(formula.format(x=topic, n=name, k=10 + 7 * i + j))
    return lines


def train_sentencepiece(lines: list[str]) -> bytes:
    import sentencepiece as spm

    out = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=out,
        vocab_size=400,
        hard_vocab_limit=False,  # a few hundred lines may not fill 400 pieces
        character_coverage=1.0,
        model_type="unigram",
        minloglevel=2,
    )
    return out.getvalue()


def _chain_words(pieces: list[str], lang: str) -> list[int]:
    """Ids of whole-word pieces in the target's script that the decoder will walk through."""
    latin = lang == "en"
    picked = [
        i
        for i, p in enumerate(pieces)
        if p.startswith("▁") and len(p) >= 7 and p[1:].isalpha() and p[1:].isascii() == latin
    ]
    assert len(picked) >= CHAIN_LENGTH, f"too few {lang} word pieces in the vocabulary"
    return picked[:CHAIN_LENGTH]


def write_ctranslate2(folder: Path, pieces: list[str], target_lang: str, seed: int) -> list[str]:
    """A one-layer Transformer whose decoder maps <s> → w1 → w2 → w3 → </s>; returns the words."""
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    vocab = len(pieces)
    spec = transformer_spec.TransformerSpec.from_config((1, 1), HEADS)

    def rand(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.1).astype(np.float32)

    def zeros(*shape: int) -> np.ndarray:
        return np.zeros(shape, dtype=np.float32)

    for name, _ in spec.variables(ordered=True):
        *path, leaf = name.split("/")
        layer = spec
        for part in path:  # "layer_0" is layer[0] unless the spec has an attribute of that name
            base, _, index = part.rpartition("_")
            layer = getattr(layer, part) if hasattr(layer, part) else getattr(layer, base)[int(index)]
        if leaf == "gamma":
            setattr(layer, leaf, np.ones(D_MODEL, dtype=np.float32))
        elif leaf == "beta":
            setattr(layer, leaf, zeros(D_MODEL))

    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = rand(vocab, D_MODEL)
    for layer in enc.layer:
        layer.self_attention.linear[0].weight = rand(3 * D_MODEL, D_MODEL)
        layer.self_attention.linear[1].weight = rand(D_MODEL, D_MODEL)
        layer.ffn.linear_0.weight = rand(FFN, D_MODEL)
        layer.ffn.linear_1.weight = rand(D_MODEL, FFN)
    # The decoder's sublayers write nothing into the residual stream (zero output weights), so its
    # state is the embedding of the previous token: one-hot directions make the chain deterministic.
    for layer in dec.layer:
        layer.self_attention.linear[0].weight = rand(3 * D_MODEL, D_MODEL)
        layer.self_attention.linear[1].weight = zeros(D_MODEL, D_MODEL)
        layer.attention.linear[0].weight = rand(D_MODEL, D_MODEL)
        layer.attention.linear[1].weight = rand(2 * D_MODEL, D_MODEL)
        layer.attention.linear[2].weight = zeros(D_MODEL, D_MODEL)
        layer.ffn.linear_0.weight = rand(FFN, D_MODEL)
        layer.ffn.linear_1.weight = zeros(D_MODEL, FFN)
    bos, eos = pieces.index("<s>"), pieces.index("</s>")
    chain = [bos, *_chain_words(pieces, target_lang), eos]
    embed = rand(vocab, D_MODEL)
    projection = zeros(vocab, D_MODEL)
    for step, (token, following) in enumerate(zip(chain, chain[1:], strict=False)):
        embed[token] = 0.0
        embed[token, step] = 4.0  # ×√16 by scale_embeddings: far above the sinusoidal positions (≤ 1)
        projection[following, step] = 10.0
    dec.embeddings.weight = embed
    dec.projection.weight = projection

    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    spec.optimize(quantization=None)
    folder.mkdir(parents=True, exist_ok=True)
    spec.save(str(folder))
    return [pieces[i][1:] for i in chain[1:-1]]


def write_minisbd(path: Path, chars: set[str], lang: str) -> None:
    """An ONNX graph with MiniSBD's inputs (units, features) and output: every character ends a token,
    . ! ? end a sentence. The vocabulary and config ride in the model's metadata, as MiniSBD reads them."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    id2unit = ["<PAD>", "<UNK>", *sorted(chars)]
    table = np.full((len(id2unit), SBD_CLASSES), -5.0, dtype=np.float32)
    table[:, 1] = 5.0
    table[0] = [5.0, -5.0, -5.0, -5.0, -5.0]
    for i, unit in enumerate(id2unit):
        if unit in SENTENCE_END:
            table[i, 1], table[i, 2] = -5.0, 5.0
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["table", "units"], ["scores"], axis=0),
            helper.make_node("Mul", ["features", "zero"], ["unused"]),  # the input is fed: consume it
            helper.make_node("Add", ["scores", "unused"], ["logits"]),
        ],
        "minisbd",
        [
            helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "length", 1]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "length", SBD_CLASSES])],
        [numpy_helper.from_array(table, "table"), numpy_helper.from_array(np.zeros(1, np.float32), "zero")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    vocab = {
        "lang": lang,
        "idx": 0,
        "cutoff": 0,
        "lower": False,
        "_id2unit": id2unit,
        "_unit2id": {u: i for i, u in enumerate(id2unit)},
    }
    config = {"feat_funcs": ["space_before"], "max_seqlen": 1000, "batch_size": 32}
    helper.set_model_props(
        model,
        {"lang_code": lang, "config": json.dumps(config), "vocab": json.dumps(vocab), "lexicon": "null"},
    )
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))


NAMES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}


def build_argosmodel(out_dir: Path, src: str, dst: str, *, version: str = "1.0", sp_model: bytes) -> Path:
    """`translate-SRC_DST-VERSION.argosmodel` in out_dir, built from scratch; returns its path."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    name = f"translate-{src}_{dst}-{version.replace('.', '_')}"
    root = out_dir / name
    root.mkdir(parents=True, exist_ok=True)
    (root / "sentencepiece.model").write_bytes(sp_model)
    words = write_ctranslate2(root / "model", pieces, dst, seed=len(src + dst))
    chars = {c for line in training_lines() for c in line}
    write_minisbd(root / "minisbd" / f"{src}.onnx", chars, src)
    metadata = {
        "package_version": version,
        "argos_version": "1.11",
        "from_code": src,
        "from_name": NAMES[src],
        "to_code": dst,
        "to_name": NAMES[dst],
        "type": "translate",
        "words": words,  # not argos's: what this model says to every sentence, for the tests
    }
    (root / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=2))
    archive = out_dir / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(root.rglob("*")):
            z.write(f, f.relative_to(out_dir).as_posix())
    return archive
