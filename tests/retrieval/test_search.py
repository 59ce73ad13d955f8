"""Hybrid search over a real workspace: relevance, filters, and FTS5 syntax in user text."""

from __future__ import annotations

from pathlib import Path

import pytest

from rfp_assist.retrieval.ingest import IngestResult
from rfp_assist.retrieval.search import Searcher, lexical_query, search
from rfp_assist.retrieval.store import Workspace
from rfp_assist.understand import Reader


@pytest.fixture
def searcher(sample_workspace: tuple[Path, list[IngestResult]], reader: Reader) -> Searcher:
    return Searcher(Workspace(sample_workspace[0]), reader.embed)


def test_hits_carry_their_source(searcher: Searcher) -> None:
    hits = searcher.search("late delivery credit per week", k=5)
    assert 0 < len(hits) <= 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0.0 < h.score <= 1.0 for h in hits)
    texts = {r[0]: r[1] for r in searcher.workspace.db.execute("SELECT id, text FROM documents")}
    for hit in hits:
        assert texts[hit.document][hit.start : hit.end] == hit.text
        assert hit.page >= 1
        assert hit.path
    assert any("late" in h.text.lower() or "delay" in h.text.lower() for h in hits[:3])


def test_search_function_with_explicit_embedder(
    sample_workspace: tuple[Path, list[IngestResult]], reader: Reader
) -> None:
    with Workspace(sample_workspace[0]) as ws:
        hits = search(ws, "governing law", k=3, embed=reader.embed)
    assert len(hits) == 3


@pytest.mark.parametrize(
    "query",
    ['"', '""', "*", "liability*", "NEAR(", "NEAR(cap liability, 3)", "OR", "cap OR",
     "- exclusive", "text: price", "heading:price", "^start", "(", ")", "{a b}:x",
     "AND NOT", "'; DROP TABLE clauses; --", "", "   ", "ünïcödé — “quoted” ©", "a" * 5000],
)  # fmt: skip
def test_fts_syntax_in_queries_never_errors(searcher: Searcher, query: str) -> None:
    hits = searcher.search(query, k=3)
    assert len(hits) <= 3
    match = lexical_query(query)
    if match is not None:  # the sanitised expression itself is valid FTS5
        searcher.workspace.db.execute(
            "SELECT count(*) FROM clause_fts WHERE clause_fts MATCH ?", (match,)
        ).fetchone()


def test_filters(searcher: Searcher) -> None:
    ws = searcher.workspace
    docs = {d["name"]: d for d in ws.documents()}
    cobalt = docs["cobalt_ridge_proposal.pdf"]
    for key in (cobalt["id"], cobalt["id"][:12], cobalt["name"]):
        hits = searcher.search("price", k=50, document=key)
        assert hits
        assert {h.document for h in hits} == {cobalt["id"]}
    proposals = {d["id"] for d in docs.values() if d["kind"] == "proposal"}
    hits = searcher.search("price", k=50, kind="proposal")
    assert hits
    assert {h.document for h in hits} <= proposals
    if cobalt["party"]:
        hits = searcher.search("price", k=50, party=cobalt["party"].upper())
        assert hits
        assert all(h.party == cobalt["party"] for h in hits)
    topic, count = ws.db.execute(
        "SELECT topic, count(*) FROM clause_topics GROUP BY topic ORDER BY 2 DESC"
    ).fetchone()
    hits = searcher.search("price", k=50, topic=topic)
    assert len(hits) == min(count, 50)
    keys = {r[0] for r in ws.db.execute(
        "SELECT c.id FROM clauses c JOIN clause_topics t ON t.pk = c.pk WHERE t.topic = ?", (topic,))}  # fmt: skip
    assert {h.clause for h in hits} <= keys
    assert searcher.search("price", topic="no_such_topic") == []
    assert searcher.search("price", party="Nobody At All") == []
