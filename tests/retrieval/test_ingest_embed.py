"""Batches for ingest's embedding calls: sorted by length, sized by word pieces, same vectors."""

from __future__ import annotations

import numpy as np
import pytest

from rfp_assist.loaders import load
from rfp_assist.pipeline import analyse
from rfp_assist.retrieval.embed import Embedder, length_batches
from rfp_assist.understand import Reader
from tests.retrieval.conftest import SAMPLE_FILES, clause_texts


@pytest.mark.parametrize(
    ("lengths", "batch_size", "batch_tokens", "expected"),
    [
        # No token budget: plain batches of batch_size, longest first.
        ([10, 400, 50, 30], 2, 0, [[1, 2], [3, 0]]),
        # Short texts: the budget (~ tokens of the longest in the batch) lets more in.
        ([8, 8, 8, 8, 8], 2, 20, [[0, 1, 2, 3, 4]]),
        # A long text keeps the batch at batch_size; the short ones after it go together.
        ([2000, 8, 8, 8], 1, 24, [[0], [1, 2, 3]]),
    ],
)
def test_length_batches(
    lengths: list[int], batch_size: int, batch_tokens: int, expected: list[list[int]]
) -> None:
    texts = ["x" * n for n in lengths]
    assert length_batches(texts, batch_size, batch_tokens) == expected


def test_every_text_is_in_exactly_one_batch() -> None:
    texts = ["word " * (i % 97) for i in range(500)]
    batches = length_batches(texts, 32, 8192)
    assert sorted(i for b in batches for i in b) == list(range(500))
    sizes = [len(b) for b in batches]
    assert min(sizes[:-1]) >= 32
    assert max(sizes) > 32  # the short texts share bigger batches
    for batch in batches:  # each batch is a run of the length order
        assert [len(texts[i]) for i in batch] == sorted(
            (len(texts[i]) for i in batch), reverse=True
        )


def test_token_budget_batches_give_the_same_vectors(reader: Reader) -> None:
    texts = [t for path in SAMPLE_FILES[:3] for t in clause_texts(analyse(load(path)))]
    plain = reader.embedder.encode(texts)
    budget = Embedder(batch_size=32, batch_tokens=8192)
    budget._model = reader.embedder.model  # the same loaded model, not a second copy
    assert np.allclose(budget.encode(texts), plain, atol=1e-5)


def test_parallel_batches_give_the_same_vectors_and_restore_threads(reader: Reader) -> None:
    import torch

    texts = [t for path in SAMPLE_FILES[:3] for t in clause_texts(analyse(load(path)))]
    plain = reader.embedder.encode(texts)
    parallel = Embedder(batch_size=8, workers=2)
    parallel._model = reader.embedder.model  # the same loaded model, not a second copy
    threads = torch.get_num_threads()
    assert len(length_batches(texts, 8, 0)) > 4  # several batches really run at once
    assert np.allclose(parallel.encode(texts), plain, atol=1e-5)
    assert torch.get_num_threads() == threads
