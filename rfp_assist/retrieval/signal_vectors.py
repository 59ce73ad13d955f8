"""The topic model's exemplar and description vectors, shipped with the package.

Building the topic model embeds every topic's exemplars and description (116 texts): about
3.5 s of CPU, on the critical path of every cold ingest. The package ships those vectors
(`data/signal_vectors.npz`: the model id, each text's cache key and its vector, float32, exactly
what ingest's embedder gives), so a reader embeds only the texts the file does not hold: an
exemplar a user added or edited has another key and is embedded as before. Vectors made by
another model are never used. `bench/signal_vectors.py` regenerates the file; a test checks it
against the model.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from importlib import resources

import numpy as np

from rfp_assist.retrieval.embed import DIMENSION, Embedder, EmbeddingCache, embed, text_key

#: The shipped file, in `rfp_assist/data/`.
VECTORS_FILE = "signal_vectors.npz"

EmbedFunction = Callable[[Sequence[str]], np.ndarray]


def signal_texts() -> list[str]:
    """The texts the shipped topic model embeds, in the order `build_model` embeds them."""
    from rfp_assist.analysis.classify import build_model

    texts: list[str] = []

    def record(batch: Sequence[str]) -> np.ndarray:
        texts.extend(batch)
        return np.zeros((len(batch), DIMENSION), dtype=np.float32)

    build_model(record)
    return texts


def encode_file(model: str, texts: Sequence[str], vectors: np.ndarray) -> bytes:
    """The bytes of a vectors file holding `vectors` (one row per text) made by `model`."""
    keys = sorted({text_key(t): i for i, t in enumerate(texts)}.items())
    out = io.BytesIO()
    np.savez(
        out,
        model=np.array(model),
        keys=np.array([k for k, _ in keys]),
        vectors=np.ascontiguousarray(vectors[[i for _, i in keys]], dtype=np.float32),
    )
    return out.getvalue()


def decode_file(data: bytes, model: str) -> dict[str, np.ndarray]:
    """The vectors of a vectors file by text key; none if another model made them."""
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        if str(arrays["model"]) != model:
            return {}
        keys, vectors = arrays["keys"], arrays["vectors"]
        if vectors.shape != (len(keys), DIMENSION) or vectors.dtype != np.float32:
            return {}
        return {str(k): v for k, v in zip(keys, vectors, strict=True)}


def shipped_vectors(model: str) -> dict[str, np.ndarray]:
    """The package's exemplar and description vectors by text key, if `model` made them."""
    source = resources.files("rfp_assist.data").joinpath(VECTORS_FILE)
    if not source.is_file():
        return {}
    return decode_file(source.read_bytes(), model)


def embed_with_known(
    texts: Sequence[str],
    embedder: Embedder,
    cache: EmbeddingCache | None,
    known: Mapping[str, np.ndarray],
) -> np.ndarray:
    """Like `embed`, but a text that `known` holds (by key) is taken from it, not computed.

    A vector the cache already holds still wins, as it would without `known`; the ones taken
    from `known` are put into the cache, as computed ones would be.
    """
    keys = [text_key(t) for t in texts]
    if cache is not None:
        cached = cache.get_many(embedder.model_id, sorted(set(keys)))
        fill = {k: known[k] for k in keys if k in known and k not in cached}
        if fill:
            cache.put_many(embedder.model_id, fill)
        return embed(texts, embedder, cache)
    out = np.empty((len(texts), DIMENSION), dtype=np.float32)
    missing = [i for i, k in enumerate(keys) if k not in known]
    for i, key in enumerate(keys):
        if key in known:
            out[i] = known[key]
    if missing:
        out[missing] = embedder.encode([texts[i] for i in missing])
    return out
