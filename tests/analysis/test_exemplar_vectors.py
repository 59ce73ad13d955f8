"""The shipped exemplar and description vectors: current, the model's own, and bypassed on edit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from rfp_assist.analysis.classify import build_model, load_signals
from rfp_assist.retrieval.embed import Embedder, EmbeddingCache, model_id, text_key
from rfp_assist.retrieval.ingest import ingest_embedder
from rfp_assist.retrieval.signal_vectors import (
    decode_file,
    embed_with_known,
    encode_file,
    shipped_vectors,
    signal_texts,
)
from rfp_assist.understand import Reader

REGENERATE = "stale: run `.venv/bin/python bench/signal_vectors.py` and commit the file"


class RecordingEmbedder(Embedder):
    """The real embedder, noting every text it computes a vector for."""

    def __init__(self, model: Embedder) -> None:
        super().__init__(batch_tokens=model.batch_tokens, workers=model.workers)
        self._model = model.model  # the same loaded model, not a second copy
        self.computed: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.computed.extend(texts)
        return super().encode(texts)


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    """Ingest's embedder (the one the shipped file is made with), model loaded."""
    made = ingest_embedder()
    made.model  # noqa: B018 - loads it
    return made


def test_the_file_covers_every_exemplar_and_description() -> None:
    shipped = shipped_vectors(model_id())
    missing = [t[:60] for t in signal_texts() if text_key(t) not in shipped]
    assert not missing, f"{REGENERATE}; texts without a vector: {missing}"


def test_shipped_vectors_are_the_models(embedder: Embedder) -> None:
    shipped = shipped_vectors(model_id())
    texts = signal_texts()
    sample = [*texts[::9], texts[-1]]  # exemplars and descriptions
    fresh = embedder.encode(sample)
    for text, vector in zip(sample, fresh, strict=True):
        # Equal up to float noise: another batch order or CPU may change the last bits.
        assert np.allclose(shipped[text_key(text)], vector, atol=1e-6), f"{REGENERATE}: {text!r}"


def test_a_reader_on_a_cold_cache_embeds_nothing_for_its_topic_model(
    embedder: Embedder, tmp_path: Path
) -> None:
    recording = RecordingEmbedder(embedder)
    reader = Reader(cache_path=tmp_path / "cache.sqlite", embedder=recording)
    model = reader.topic_model
    assert recording.computed == []
    shipped = shipped_vectors(model_id())
    first = model.topics[0]
    expected = [shipped[text_key(t)] for t in first.exemplars or (first.description,)]
    assert np.array_equal(model.exemplar_vectors[0], np.stack(expected))
    # Stored in the workspace's cache, as computed vectors are.
    assert reader.cache is not None
    keys = sorted({text_key(t) for t in signal_texts()})
    assert len(reader.cache.get_many(model_id(), keys)) == len(keys)


@pytest.mark.parametrize("cached", [False, True])
def test_an_edited_exemplar_is_embedded_again(
    embedder: Embedder, tmp_path: Path, cached: bool
) -> None:
    topics = load_signals()
    j = next(i for i, t in enumerate(topics) if len(t.exemplars) >= 2)
    old = topics[j].exemplars[0]
    edited = old.replace(".", " within thirty days.", 1) + " (as amended)"
    topics = (*topics[:j], replace(topics[j], exemplars=(edited, *topics[j].exemplars[1:])),
              *topics[j + 1:])  # fmt: skip
    recording = RecordingEmbedder(embedder)
    cache = EmbeddingCache(tmp_path / "cache.sqlite") if cached else None
    shipped = shipped_vectors(model_id())
    model = build_model(
        lambda texts: embed_with_known(texts, recording, cache, shipped), topics=topics
    )
    assert recording.computed == [edited]  # only the edited text reached the model
    vectors = model.exemplar_vectors[j]
    assert np.allclose(vectors[0], embedder.encode_query(edited), atol=1e-6)
    assert not np.allclose(vectors[0], shipped[text_key(old)], atol=1e-3)
    assert np.array_equal(vectors[1], shipped[text_key(topics[j].exemplars[1])])


def test_vectors_of_another_model_are_not_used() -> None:
    texts = ["Liability is capped at fees paid.", "Payment is due net 60."]
    vectors = np.eye(2, 384, dtype=np.float32)
    data = encode_file("other-model@1", texts, vectors)
    assert decode_file(data, "all-MiniLM-L6-v2@other") == {}
    found = decode_file(data, "other-model@1")
    assert np.array_equal(found[text_key(texts[1])], vectors[1])
