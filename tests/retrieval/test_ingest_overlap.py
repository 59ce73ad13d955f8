"""Ingest's overlap: the model loads in the background only when needed; the last group halves."""

from __future__ import annotations

from pathlib import Path

from rfp_assist.loaders import load
from rfp_assist.pipeline import analyse
from rfp_assist.retrieval.embed import Embedder
from rfp_assist.retrieval.ingest import IngestResult, _halves, _Parsed, ingest_paths
from rfp_assist.retrieval.store import Workspace
from rfp_assist.understand import Reader, flagged_texts
from tests.retrieval.conftest import SAMPLE_FILES, seed_cache


def _parsed(path: Path) -> _Parsed:
    analysis = analyse(load(path))
    return _Parsed(path, analysis, flagged_texts(analysis))


def test_the_last_group_is_cut_where_half_its_clauses_come_before() -> None:
    items: list[IngestResult | _Parsed] = [_parsed(p) for p in SAMPLE_FILES]
    items.insert(1, IngestResult("broken.pdf", "failed", error="broken.pdf: truncated"))
    counts = [len(i.texts) if isinstance(i, _Parsed) else 0 for i in items]
    first, second = _halves(items)
    assert first + second == items  # input order kept
    cut = len(first)
    assert 2 * sum(counts[:cut]) >= sum(counts) > 2 * sum(counts[: cut - 1])
    assert _halves(items[:1]) == [items[:1]]
    assert _halves([items[1]]) == [[items[1]]]
    assert _halves([]) == []


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
