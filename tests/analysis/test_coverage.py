"""RFP coverage on the real RFP and proposals: requirements, answering passages, statuses."""

from __future__ import annotations

import json
from dataclasses import replace

from rfp_assist.analysis.coverage import answer, coverage, requirements
from tests.analysis import compare_corpus as corpus
from tests.conftest import CORPORA

GOLD = json.loads((CORPORA / "gold" / "rfp_coverage.json").read_text())


def test_every_numbered_requirement_in_order_with_its_title() -> None:
    reqs = requirements(corpus.record(corpus.RFP))
    assert [r.id for r in reqs] == [r["id"] for r in GOLD["requirements"]]
    assert [r.title for r in reqs] == [r["title"] for r in GOLD["requirements"]]
    text = corpus.record(corpus.RFP).document.text
    assert all(text[r.start : r.end] == r.text for r in reqs)


def test_a_proposal_citing_requirements_is_answered_where_it_cites_them() -> None:
    cov = coverage(corpus.record(corpus.RFP), [corpus.record(corpus.KESTREL)])
    for a in cov.answers:
        assert a.status != "not_addressed"
        assert f"({a.requirement})" in (a.evidence[0].heading or "")


def test_evidence_is_the_exact_text_of_the_proposal() -> None:
    proposals = corpus.proposals()
    cov = coverage(corpus.record(corpus.RFP), proposals)
    texts = {p.document.id: p.document.text for p in proposals}
    for a in cov.answers:
        for e in a.evidence:
            assert texts[a.document][e.start : e.end] == e.text


def test_requirements_the_weak_proposal_is_silent_on_are_not_addressed() -> None:
    bluestem = corpus.record(corpus.BLUESTEM)
    cov = coverage(corpus.record(corpus.RFP), [bluestem])
    gold = GOLD["coverage"]["proposals/" + corpus.BLUESTEM.name]
    silent = {r for r, g in gold.items() if g["status"] == "not_addressed"}
    got = {a.requirement for a in cov.answers if a.status == "not_addressed"}
    assert silent <= got
    assert all(a.evidence == () for a in cov.answers if a.status == "not_addressed")


def test_sub_items_count_for_their_clause() -> None:
    # Kestrel 6.1 states nothing itself; its allocation is in sub-items (a)-(c).
    rfp, kestrel = corpus.record(corpus.RFP), corpus.record(corpus.KESTREL)
    r6 = next(r for r in requirements(rfp) if r.id == "R6")
    got = answer(rfp, r6, kestrel)
    assert got.status == "answered"
    assert "allocation" in got.terms["batch_failure"]


def test_an_answer_stating_none_of_the_asked_terms_is_partly() -> None:
    rfp, helix = corpus.record(corpus.RFP), corpus.record(corpus.HELIX)
    r10 = next(r for r in requirements(rfp) if r.id == "R10")
    assert answer(rfp, r10, helix).status == "answered"
    # The same proposal with every cancellation term removed: addressed, but not answered.
    bare = replace(
        helix,
        clauses=tuple(
            replace(c, terms=tuple(t for t in c.terms if t.topic != "cancellation"))
            for c in helix.clauses
        ),
    )
    got = answer(rfp, r10, bare)
    assert got.status == "partly"
    assert "cancellation.schedule" in got.reasons[0]
