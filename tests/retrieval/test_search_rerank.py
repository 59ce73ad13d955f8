"""Query-term coverage re-ranking: stems from FTS5 itself, coverage of clause text, the order."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from rfp_assist.retrieval import rerank
from rfp_assist.retrieval.ingest import IngestResult
from rfp_assist.retrieval.search import DEFAULT_SETTINGS, Searcher, SearchHit, query_words
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


@pytest.mark.parametrize(
    ("text", "stem", "expected"),
    [("vendor shall indemnify client", "indemnif", True), ("third-party claims", "claim", True),
     ("reclaimed thirdly", "claim", False), ("(claims)", "claim", True), ("x_claim", "claim", False),
     ("claim", "claim", True), ("capital", "cap", True), ("", "cap", False)],
)  # fmt: skip
def test_starts_a_word_counts_word_starts_only(text: str, stem: str, expected: bool) -> None:
    assert rerank.starts_a_word(text, stem) is expected


def test_rerank_by_coverage_orders_by_score_times_coverage() -> None:
    ranked = [(1, 0.9), (2, 0.8), (3, 0.5)]
    covered = {1: 0.0, 2: 1.0, 3: 0.5}
    assert [k for k, _ in rerank.rerank_by_coverage(ranked, covered)] == [2, 3, 1]
    floored = rerank.rerank_by_coverage(ranked, covered, floor=0.25)
    assert floored[0] == (2, 0.8)
    assert dict(floored)[1] == pytest.approx(0.9 * 0.25)  # never zeroed with a floor


def test_head_weights_and_weighted_coverage() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE clauses (pk INTEGER PRIMARY KEY, search_heading, search_text)")
    texts = {1: "Vendor shall not compete within the Territory.", 2: "No competing business.",
             3: "Territory means Canada.", 4: "Governing law."}  # fmt: skip
    db.executemany("INSERT INTO clauses VALUES (?, NULL, ?)", texts.items())
    stems = ["non", "compet", "territor"]
    found = rerank.stems_found(db, stems, [1, 2, 3, 4, 99])
    assert found == {1: {"compet", "territor"}, 2: {"compet"}, 3: {"territor"}, 4: set(),
                     99: set()}  # fmt: skip
    weights = rerank.head_weights(found, stems)
    # The clause at rank r counts 1/r. No clause of the head says "non": the word weighs
    # nothing, so missing it costs nothing.
    total = 1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5
    assert weights == pytest.approx(
        {"non": 0.0, "compet": (1 + 1 / 2) / total, "territor": (1 + 1 / 3) / total}
    )
    covered = rerank.weighted_coverage(found, weights)
    assert covered[1] == 1.0
    assert covered[2] == pytest.approx(1.5 / (1.5 + 4 / 3))  # the second ranked weighs more
    assert covered[3] == pytest.approx((4 / 3) / (1.5 + 4 / 3))
    assert covered[4] == covered[99] == 0.0
    # Nothing in the head uses any query word: coverage cannot tell clauses apart.
    assert rerank.weighted_coverage({5: frozenset()}, {"x": 0.0}) == {5: 1.0}
    assert rerank.stems_found(db, [], [1]) == {1: frozenset()}


def test_search_head_is_reranked_by_coverage(
    sample_workspace: tuple[Path, list[IngestResult]], reader: Reader
) -> None:
    query = "batch failure cost allocation vendor fault"
    with Workspace(sample_workspace[0]) as ws:
        plain = Searcher(ws, reader.embed, replace(DEFAULT_SETTINGS, coverage_depth=0))
        covered = Searcher(ws, reader.embed)  # the default re-ranks the head
        before, after = plain.search(query, k=10), covered.search(query, k=10)
        head = plain.search(query, k=DEFAULT_SETTINGS.coverage_depth)
        assert after
        assert [h.score for h in after] == sorted((h.score for h in after), reverse=True)
        with ws.snapshot() as db:
            words = query_words(query)
            stems = rerank.stem_words(db, words)
            prefixes = [rerank.shared_prefix(stems.get(i, w), w) for i, w in enumerate(words)]
            keys = {r[1]: r[0] for r in db.execute("SELECT pk, id FROM clauses")}
            found = rerank.stems_found(db, prefixes, [keys[h.clause] for h in head])
        weights = rerank.head_weights(found, prefixes)
        share = rerank.weighted_coverage(found, weights)

        def of(hit: SearchHit) -> float:
            return share[keys[hit.clause]]

        # Here the fused first clause covers less of what the head uses of the query than the
        # re-ranked first does; every hit still comes from the fused head.
        assert of(after[0]) > of(before[0])
        assert {h.clause for h in after} <= {h.clause for h in head}
