"""The traced query encoder against the packaged model's eager path: same vectors, same ranks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from rfp_assist.retrieval.ingest import IngestResult
from rfp_assist.retrieval.query_encoder import QueryEncoder
from rfp_assist.retrieval.search import Searcher
from rfp_assist.retrieval.store import Workspace
from rfp_assist.understand import Reader

TEXTS = [
    "late delivery credit",
    "Governing law",
    "a",
    "",
    "ünïcödé — “quoted” © 数据",
    "Who carries the risk of a failed batch, and is the vendor's liability capped at 12 months?",
    # Longer than the model's 256 word pieces: both paths must cut it at the same place.
    "The Vendor shall indemnify and hold harmless the Client against third-party claims. " * 30,
]


@pytest.fixture(scope="module")
def encoder() -> QueryEncoder:
    return QueryEncoder()  # float16 weights, the default


@pytest.mark.parametrize(("half_weights", "tolerance"), [(False, 1e-5), (True, 2e-4)])
def test_same_vectors_as_the_batch_path(
    half_weights: bool, tolerance: float, encoder: QueryEncoder, reader: Reader
) -> None:
    threads = torch.get_num_threads()
    expected = reader.embedder.encode(TEXTS)  # several texts: sentence-transformers' encode
    lean = encoder if half_weights else QueryEncoder(half_weights=False)
    got = lean.encode(TEXTS)
    assert got.shape == (len(TEXTS), 384)
    assert got.dtype == np.float32
    assert np.abs(got - expected).max() < tolerance
    assert (got * expected).sum(axis=1).min() > 0.99999
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert torch.get_num_threads() == threads  # the query thread setting is restored
    assert encoder.encode([]).shape == (0, 384)


def test_searcher_ranks_the_same_with_either_encoder(
    encoder: QueryEncoder, sample_workspace: tuple[Path, list[IngestResult]], reader: Reader
) -> None:
    with Workspace(sample_workspace[0]) as ws:
        for query in ("liability cap carve-outs", "batch failure allocation", "payment net 60"):
            lean = Searcher(ws, encoder.encode).search(query, k=10)
            eager = Searcher(ws, reader.embedder.encode).search(query, k=10)
            assert [h.clause for h in lean] == [h.clause for h in eager]
            assert lean
