"""Ingest embeds new files' clauses in groups, then reads and stores each document on its own."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from rfp_assist.loaders import load
from rfp_assist.pipeline import analyse
from rfp_assist.retrieval.embed import Embedder
from rfp_assist.retrieval.ingest import IngestResult, embed_ahead, ingest_paths
from rfp_assist.retrieval.store import Workspace
from rfp_assist.understand import Reader
from tests.conftest import CORPORA
from tests.retrieval.conftest import SAMPLE_FILES, clause_texts


class CountingEmbedder(Embedder):
    """The real embedder, recording how many texts each model call received."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode with the real model and record the call's size."""
        self.calls.append(len(texts))
        return super().encode(texts)


def test_embed_ahead_leaves_nothing_for_read_to_embed(reader: Reader, tmp_path: Path) -> None:
    # Documents with text aimed at tools (PDF) and hidden text (DOCX): the texts embedded
    # ahead must be exactly those Reader.read embeds, masking included.
    paths = [SAMPLE_FILES[1], CORPORA / "proposals" / "aldermoor_biologics_proposal.docx"]
    analyses = [analyse(load(p)) for p in paths]
    for analysis in analyses:
        texts = clause_texts(analysis)
        assert any(t != c.text for t, c in zip(texts, analysis.clauses, strict=True))
    counting = CountingEmbedder()
    fresh = Reader(cache_path=tmp_path / "cache.sqlite", embedder=counting)
    assert fresh.topic_model is not None  # its exemplars are embedded now, not below
    counting.calls.clear()
    embedded = embed_ahead(fresh, [t for a in analyses for t in clause_texts(a)])
    total = sum(len(a.clauses) for a in analyses)
    assert embedded == total
    assert counting.calls == [len(set(t for a in analyses for t in clause_texts(a)))]
    for analysis in analyses:
        batched = fresh.read(analysis)
        # Per document, with no cache: the vectors of the batched call, within float tolerance.
        alone = reader.embedder.encode(clause_texts(analysis))
        assert np.allclose(batched.vectors, alone, atol=1e-5)
        # The same reading as a Reader with no batching at all.
        plain = reader.read(analysis)
        assert [c.topics for c in batched.clauses] == [c.topics for c in plain.clauses]
        assert [c.terms for c in batched.clauses] == [c.terms for c in plain.clauses]
    assert len(counting.calls) == 1  # reading found every clause vector in the cache


def test_embed_ahead_without_a_cache_embeds_nothing(reader: Reader) -> None:
    counting = CountingEmbedder()
    no_cache = Reader(embedder=counting, playbook=reader.playbook)
    assert embed_ahead(no_cache, clause_texts(analyse(load(SAMPLE_FILES[3])))) == 0
    assert counting.calls == []


def _stored(folder: Path) -> dict[str, list[tuple[int, int, str]]]:
    with sqlite3.connect(folder / "workspace.sqlite") as db:
        rows = db.execute('SELECT document, start, "end", text FROM clauses ORDER BY document, seq')
        out: dict[str, list[tuple[int, int, str]]] = {}
        for document, start, end, text in rows:
            out.setdefault(document, []).append((start, end, text))
        return out


@pytest.mark.parametrize("batch_clauses", [1, 120, 100_000])
def test_groups_of_any_size_store_the_same_documents_in_file_order(
    sample_workspace: tuple[Path, list[IngestResult]],
    reader: Reader,
    tmp_path: Path,
    batch_clauses: int,
) -> None:
    reference, expected = sample_workspace
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n truncated")
    copy = tmp_path / "same_bytes.pdf"
    copy.write_bytes(SAMPLE_FILES[0].read_bytes())
    files = [SAMPLE_FILES[0], bad, SAMPLE_FILES[1], copy, *SAMPLE_FILES[2:]]
    seen: list[IngestResult] = []
    folder = tmp_path / "ws"
    with Workspace(folder) as ws:
        results = ingest_paths(
            ws, files, reader=lambda: reader, on_result=seen.append, batch_clauses=batch_clauses
        )
        assert ws.vector_count() == ws.index().ntotal == sum(r.clauses for r in expected)
        audit = [e["action"] for e in ws.audit_log()]
    assert seen == results
    assert [r.path for r in results] == [str(f) for f in files]
    statuses = [r.status for r in results]
    assert statuses == ["added", "failed", "added", "unchanged", "added", "added", "added"]
    assert "broken.pdf" in str(results[1].error)
    assert audit == ["ingest"] * len(SAMPLE_FILES)  # one committed ingest per document
    added = [r for r in results if r.status == "added"]
    assert [(r.document, r.clauses) for r in added] == [(r.document, r.clauses) for r in expected]
    assert _stored(folder) == _stored(reference)
