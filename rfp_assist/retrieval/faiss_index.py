"""The workspace's FAISS index: derived data over the clause vectors that SQLite holds.

The index maps a clause's integer key (`clauses.pk`) to its unit vector and is searched by
inner product (cosine). Small workspaces use an exact `IndexFlatIP`; past `FLAT_LIMIT` vectors
an HNSW graph takes over, because an exhaustive single query over 100,000 × 384 floats reads
150 MB and costs 14-21 ms on 2 cores against ~1 ms for HNSW (measured by
`bench/search_scale.py`). Both are wrapped in `IndexIDMap2`, so ids are clause keys.

The index is saved as `index.<generation>.faiss` (temp file, fsync, rename) and then named by
`index.json`, the manifest, which is written the same way: the manifest's rename is the commit
point, so a crash leaves either the old pair or the new one. Nothing here uses pickle.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

MANIFEST_NAME = "index.json"
FORMAT = 1
#: Above this many vectors the index is an HNSW graph rather than exhaustive.
FLAT_LIMIT = 20_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
#: Filtered searches over at most this many vectors are scored exactly.
EXACT_LIMIT = 50_000

IndexKind = Literal["flat", "hnsw"]
#: Returns (keys, vectors) for the given keys (or for every key when given None).
FetchVectors = Callable[[np.ndarray | None], tuple[np.ndarray, np.ndarray]]


def _faiss() -> Any:
    import faiss

    # One query at a time: OpenMP threads only add contention (measured 14 ms on one thread
    # against 60 ms on two for a flat search over 100k vectors on a busy 2-core machine).
    faiss.omp_set_num_threads(1)
    return faiss


@dataclass(frozen=True)
class Manifest:
    """What an index file holds and which state of SQLite it was derived from."""

    format: int
    model: str
    dimension: int
    count: int
    kind: str
    file: str
    sha256: str
    generation: int


def kind_of(index: Any) -> IndexKind:
    """`"hnsw"` for a graph index, `"flat"` for an exhaustive one."""
    faiss = _faiss()
    inner = faiss.downcast_index(index.index)
    return "hnsw" if isinstance(inner, faiss.IndexHNSW) else "flat"


def new_index(dimension: int, size: int) -> Any:
    """An empty index suited to holding `size` vectors."""
    faiss = _faiss()
    if size <= FLAT_LIMIT:
        return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
    graph = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    graph.hnsw.efSearch = HNSW_EF_SEARCH
    return faiss.IndexIDMap2(graph)


def keys_of(index: Any) -> np.ndarray:
    """The clause keys the index holds (int64)."""
    faiss = _faiss()
    return np.asarray(faiss.vector_to_array(index.id_map), dtype=np.int64)


def build(dimension: int, keys: np.ndarray, vectors: np.ndarray) -> Any:
    """A new index holding `vectors` under `keys`."""
    index = new_index(dimension, len(keys))
    if len(keys):
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), keys.astype(np.int64))
    return index


def reconcile(index: Any | None, dimension: int, keys: np.ndarray, fetch: FetchVectors) -> Any:
    """`index` brought to hold exactly `keys`: missing vectors added, stale ones removed.

    A graph index cannot remove vectors, and a flat one that outgrows `FLAT_LIMIT` should
    become a graph: both are rebuilt from `fetch`.
    """
    if index is not None:
        have = keys_of(index)
        extra = np.setdiff1d(have, keys, assume_unique=True)
        missing = np.setdiff1d(keys, have, assume_unique=True)
        if not extra.size and not missing.size:
            return index
        flat = kind_of(index) == "flat"
        incremental = len(keys) <= FLAT_LIMIT if flat else not extra.size
        if incremental:
            if extra.size:
                index.remove_ids(_faiss().IDSelectorBatch(extra))
            if missing.size:
                got, vectors = fetch(missing)
                index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), got)
            return index
    got, vectors = fetch(None)
    return build(dimension, got, vectors)


def vectors_of(index: Any, keys: np.ndarray) -> np.ndarray:
    """The vectors the index holds for `keys`, in their order (keys it lacks are skipped).

    Read from the index in memory: a search's feedback needs a few vectors, and SQLite
    would decode them from rows on disk.
    """
    keys = np.asarray(keys, dtype=np.int64)
    try:
        return np.asarray(index.reconstruct_batch(keys), dtype=np.float32)
    except RuntimeError:  # a key the index does not hold (SQLite moved on meanwhile)
        held = keys[np.isin(keys, keys_of(index))]
        return np.asarray(index.reconstruct_batch(held), dtype=np.float32)


def search(
    index: Any, queries: np.ndarray, k: int, allowed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(scores, keys), each (n_queries, ≤ k), best first; restricted to `allowed` keys if given.

    A restricted search of a graph can come back short (its walk rarely meets the few allowed
    nodes), so restricted sets up to `EXACT_LIMIT` are scored exactly instead.
    """
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    if index.ntotal == 0 or k <= 0:
        empty = np.zeros((len(queries), 0))
        return empty.astype(np.float32), empty.astype(np.int64)
    faiss = _faiss()
    if allowed is not None:
        allowed = np.unique(np.asarray(allowed, dtype=np.int64))
        if not len(allowed):
            empty = np.zeros((len(queries), 0))
            return empty.astype(np.float32), empty.astype(np.int64)
        if len(allowed) <= EXACT_LIMIT:
            try:
                vectors = index.reconstruct_batch(allowed)
            except RuntimeError:  # a key the index does not hold (SQLite moved on meanwhile)
                allowed = np.intersect1d(allowed, keys_of(index), assume_unique=True)
                vectors = index.reconstruct_batch(allowed)
            # faiss scores on its own single OpenMP thread; a numpy matmul here woke BLAS
            # threads that kept spinning and slowed the next query's embedding (38 vs 23 ms).
            base = np.ascontiguousarray(vectors, dtype=np.float32)
            n = min(k, len(allowed))
            scores, top = faiss.knn(queries, base, n, metric=faiss.METRIC_INNER_PRODUCT)
            return _ties_by_key(scores, allowed[top])
        params: Any = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, 4 * k))
        if kind_of(index) == "flat":
            params = faiss.SearchParameters()
        params.sel = faiss.IDSelectorBatch(allowed)
        scores, keys = index.search(queries, min(k, len(allowed)), params=params)
    elif kind_of(index) == "hnsw":
        params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, 2 * k))
        scores, keys = index.search(queries, min(k, index.ntotal), params=params)
    else:
        scores, keys = index.search(queries, min(k, index.ntotal))
    keep = keys >= 0
    if not keep.all():
        width = int(keep.sum(axis=1).min())
        scores, keys = scores[:, :width], keys[:, :width]
    return _ties_by_key(scores, keys)


def _ties_by_key(scores: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows re-ordered by score, equal scores (a clause and its copy) by key, earliest first.

    faiss leaves the order of equal scores to its heap, so a clause and its copy in another
    document came back in either order (on ACORD's corpus that alone cost 0.025 NDCG@10 on one
    query). Which of more tied copies than `k` make the cut is still faiss's choice.
    """
    order = np.lexsort((keys, -scores), axis=-1)
    return np.take_along_axis(scores, order, -1), np.take_along_axis(keys, order, -1)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves the old file or the new one, never half."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def save(folder: Path, index: Any, *, model: str, dimension: int, generation: int) -> Manifest:
    """Write `index` and then its manifest atomically; remove older index files."""
    faiss = _faiss()
    for stale in folder.glob(".index*.tmp"):
        stale.unlink(missing_ok=True)  # left by a killed writer (writers hold the lock)
    blob = faiss.serialize_index(index).tobytes()
    name = f"index.{generation}.faiss"
    atomic_write(folder / name, blob)
    manifest = Manifest(
        format=FORMAT,
        model=model,
        dimension=dimension,
        count=int(index.ntotal),
        kind=kind_of(index),
        file=name,
        sha256=hashlib.sha256(blob).hexdigest(),
        generation=generation,
    )
    atomic_write(folder / MANIFEST_NAME, json.dumps(asdict(manifest), indent=1).encode())
    for old in folder.glob("index.*.faiss"):
        if old.name != name:
            old.unlink(missing_ok=True)
    return manifest


def load(folder: Path, *, model: str, dimension: int) -> tuple[Any, Manifest] | str:
    """The saved index and its manifest, or the reason it cannot be used."""
    try:
        raw = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        manifest = Manifest(**raw)
    except FileNotFoundError:
        return "no index manifest"
    except (ValueError, TypeError) as exc:
        return f"unreadable index manifest ({exc})"
    if manifest.format != FORMAT or manifest.model != model or manifest.dimension != dimension:
        return "the index was built for another model or format"
    if "/" in manifest.file or not manifest.file.endswith(".faiss"):
        return "the manifest names an unexpected file"
    try:
        blob = (folder / manifest.file).read_bytes()
    except FileNotFoundError:
        return "the index file is missing"
    if hashlib.sha256(blob).hexdigest() != manifest.sha256:
        return "the index file fails its checksum"
    try:
        index = _faiss().deserialize_index(np.frombuffer(blob, dtype=np.uint8))
    except RuntimeError as exc:
        return f"the index file cannot be read ({exc})"
    if index.ntotal != manifest.count or index.d != dimension or not hasattr(index, "id_map"):
        return "the index file does not match its manifest"
    return index, manifest
