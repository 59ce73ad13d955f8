"""The FAISS index's vectors read back by key, flat and graph alike."""

from __future__ import annotations

import numpy as np
import pytest

from rfp_assist.retrieval import faiss_index


@pytest.mark.parametrize(("size", "kind"), [(200, "flat"), (faiss_index.FLAT_LIMIT + 1, "hnsw")])
def test_vectors_of_reads_the_stored_vectors_by_key(size: int, kind: str) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(size, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    keys = np.arange(1000, 1000 + size, dtype=np.int64)
    index = faiss_index.build(16, keys, vectors)
    assert faiss_index.kind_of(index) == kind
    got = faiss_index.vectors_of(index, np.array([1007, 1000, 1000 + size - 1]))
    assert np.array_equal(got, vectors[[7, 0, size - 1]])
    # A key the index no longer holds (SQLite moved on) is skipped, not an error.
    assert np.array_equal(faiss_index.vectors_of(index, np.array([5, 1003])), vectors[[3]])


@pytest.mark.parametrize("restricted", [False, True])
def test_equal_scores_come_in_key_order(restricted: bool) -> None:
    """A clause and its copies score alike: they come earliest key first, on every search."""
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(60, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[10:17] = vectors[0]  # seven copies of the best match, stored in shuffled key order
    keys = rng.permutation(np.arange(500, 560, dtype=np.int64))
    index = faiss_index.build(16, keys, vectors)
    allowed = keys[:50] if restricted else None
    scores, found = faiss_index.search(index, vectors[:1], 20, allowed)
    copies = set(keys[[0, *range(10, 17)]].tolist())
    if restricted:
        copies &= set(keys[:50].tolist())
    assert set(found[0][: len(copies)].tolist()) == copies
    assert found[0][: len(copies)].tolist() == sorted(copies)
    assert np.all(np.diff(scores[0]) <= 0)
