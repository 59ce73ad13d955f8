"""Ingest loads the embedding model in the background, and only when a clause needs it."""

from __future__ import annotations

from pathlib import Path

from rfp_assist.retrieval.embed import Embedder
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
