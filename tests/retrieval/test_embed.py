"""The embedding paths with the real packaged model: one query, a batch, the cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from rfp_assist.retrieval.embed import EmbeddingCache, embed, text_key
from rfp_assist.understand import Reader

TEXTS = [
    "The Vendor bears the cost of a failed batch unless the failure is caused by Client materials.",
    "Late delivery credit: 1.5% of the batch price per week, capped at 15%.",
    "Governing law",
]


def test_single_text_path_gives_the_batch_vector(reader: Reader) -> None:
    batch = reader.embedder.encode(TEXTS)
    threads = torch.get_num_threads()
    for text, expected in zip(TEXTS, batch, strict=True):
        single = reader.embedder.encode([text])
        assert single.shape == (1, 384)
        assert single.dtype == np.float32
        assert np.allclose(single[0], expected, atol=1e-5)
        assert abs(float(np.linalg.norm(single[0])) - 1.0) < 1e-5
    assert torch.get_num_threads() == threads  # the query path restores the thread setting


def test_cache_returns_what_was_computed(reader: Reader, tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    first = embed(TEXTS, reader.embedder, cache)
    keys = [text_key(t) for t in TEXTS]
    assert set(cache.get_many(reader.embedder.model_id, keys)) == set(keys)
    assert cache.get_many("another-model", keys) == {}
    again = embed([TEXTS[1], TEXTS[0]], reader.embedder, cache)
    assert np.array_equal(again, first[[1, 0]])
    cache.close()
