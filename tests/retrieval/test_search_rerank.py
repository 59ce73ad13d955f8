"""Query-term coverage re-ranking: stems from FTS5 itself, coverage of clause text, the order."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from rfp_assist.retrieval import rerank
from rfp_assist.retrieval.ingest import IngestResult
from rfp_assist.retrieval.search import DEFAULT_SETTINGS, Searcher, query_words
from rfp_assist.retrieval.store import Workspace
from rfp_assist.understand import Reader


@pytest.mark.parametrize(
    ("stem", "word", "expected"),
    [("warranti", "warranty", "warrant"), ("claim", "claims", "claim"),
     ("indemnif", "indemnification", "indemnif"), ("cap", "cap", "cap"), ("x", "y", "y")],
)  # fmt: skip
def test_shared_prefix(stem: str, word: str, expected: str) -> None:
    assert rerank.shared_prefix(stem, word) == expected


def test_stems_come_from_the_fts5_tokenizer() -> None:
    db = sqlite3.connect(":memory:")
    stems = rerank.stem_words(db, ["indemnification", "claims", "Warranty"])
    assert stems == {0: "indemnif", 1: "claim", 2: "warranti"}
    again = rerank.stem_words(db, ["liability"])  # the temporary table is refilled, not added to
    assert again == {0: "liabil"}


def test_coverage_of_counts_word_starts_only() -> None:
    stems = ["indemnif", "claim", "third"]
    pattern = rerank.stems_pattern(stems)
    assert pattern is not None
    text = "Vendor shall INDEMNIFY Client against Third-party CLAIMS."
    assert rerank.coverage_of(text, stems, pattern) == 1.0
    assert rerank.coverage_of("reclaimed thirdly", stems, pattern) == pytest.approx(1 / 3)
    assert rerank.coverage_of("nothing here", stems, pattern) == 0.0
    assert rerank.stems_pattern([]) is None


def test_rerank_by_coverage_orders_by_score_times_coverage() -> None:
    ranked = [(1, 0.9), (2, 0.8), (3, 0.5)]
    covered = {1: 0.0, 2: 1.0, 3: 0.5}
    assert [k for k, _ in rerank.rerank_by_coverage(ranked, covered)] == [2, 3, 1]
    floored = rerank.rerank_by_coverage(ranked, covered, floor=0.25)
    assert floored[0] == (2, 0.8)
    assert dict(floored)[1] == pytest.approx(0.9 * 0.25)  # never zeroed with a floor


def test_search_head_is_reranked_by_coverage(
    sample_workspace: tuple[Path, list[IngestResult]], reader: Reader
) -> None:
    query = "batch failure cost allocation vendor fault"
    with Workspace(sample_workspace[0]) as ws:
        plain = Searcher(ws, reader.embed, replace(DEFAULT_SETTINGS, coverage_depth=0))
        covered = Searcher(ws, reader.embed)  # the default re-ranks the head
        before, after = plain.search(query, k=10), covered.search(query, k=10)
        assert after
        assert [h.score for h in after] == sorted((h.score for h in after), reverse=True)
        with ws.snapshot() as db:
            words = query_words(query)
            stems = rerank.stem_words(db, words)
            prefixes = [rerank.shared_prefix(stems.get(i, w), w) for i, w in enumerate(words)]
            pattern = rerank.stems_pattern(prefixes)
        assert pattern is not None

        def share(text: str) -> float:
            return rerank.coverage_of(text, prefixes, pattern)

        # Here the fused first clause names half the query's words; re-ranked, the first names
        # more, and every hit still comes from the fused head.
        assert share(after[0].text) > share(before[0].text)
        assert {h.clause for h in after} <= {h.clause for h in plain.search(query, k=50)}
