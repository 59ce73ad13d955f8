"""Ingest loads the embedding model in the background, and only when a clause needs it."""

from __future__ import annotations

from pathlib import Path

from rfp_assist.retrieval.embed import Embedder, cpu_count
from rfp_assist.retrieval.ingest import IngestResult, ingest_paths
from rfp_assist.retrieval.store import Workspace
from rfp_assist.understand import Reader
from tests.retrieval.conftest import SAMPLE_FILES, seed_cache


def test_a_new_workspace_whose_cache_holds_every_clause_never_loads_the_model(
    sample_workspace: tuple[Path, list[IngestResult]], reader: Reader, tmp_path: Path
) -> None:
    _, expected = sample_workspace  # its clauses are in the session reader's cache
    folder = tmp_path / "ws"
    seed_cache(reader, folder)
    embedder = Embedder()
    with Workspace(folder) as ws:
        made = Reader(cache_path=ws.cache_path, embedder=embedder, playbook=reader.playbook)
        results = ingest_paths(ws, SAMPLE_FILES, reader=lambda: made)
        assert ws.vector_count() == sum(r.clauses for r in expected)
    assert [(r.status, r.clauses) for r in results] == [("added", r.clauses) for r in expected]
    assert embedder._model is None  # neither the warm-up nor any read needed it


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


def test_numpy_products_stay_on_one_thread_while_workers_are_forked(
    reader: Reader, tmp_path: Path
) -> None:
    # OpenBLAS stops its threads at a fork: a product running on them would never return.
    seen: list[list[int]] = []
    with Workspace(tmp_path / "ws") as ws:
        results = ingest_paths(
            ws,
            SAMPLE_FILES[:2],
            reader=lambda: reader,
            on_result=lambda _: seen.append(_blas_threads()),
        )
    assert [r.status for r in results] == ["added", "added"]
    assert len(seen) == 2
    assert all(threads and set(threads) == {1} for threads in seen)
    assert max(_blas_threads()) > 1 or cpu_count() == 1  # restored after
