"""RFP coverage on the real RFP and proposals: requirements, answering passages, statuses."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from rfp_assist.analysis.coverage import Answer, answer, coverage, requirements
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


def _answer(path: Path, requirement: str) -> Answer:
    rfp = corpus.record(corpus.RFP)
    req = next(r for r in requirements(rfp) if r.id == requirement)
    return answer(rfp, req, corpus.record(path))


def test_an_answer_stating_none_of_the_asked_terms_is_partly() -> None:
    # Bluestem E.3: work orders are non-cancellable; no schedule of fees by notice period.
    got = _answer(corpus.BLUESTEM, "R10")
    assert (got.status, got.evidence[0].number) == ("partly", "E.3")
    assert "cancellation.schedule" in got.reasons[0]
    assert _answer(corpus.HELIX, "R10").status == "answered"


def test_what_the_answer_states_is_read_from_its_text_not_only_its_stored_topics() -> None:
    # Helix 3.1 as if the classifier had missed its timeline topic: the passage answering R4
    # still states its duration ("within fourteen (14) weeks"), read for R4's topics.
    rfp, helix = corpus.record(corpus.RFP), corpus.record(corpus.HELIX)
    r4 = next(r for r in requirements(rfp) if r.id == "R4")
    missed = replace(
        helix,
        clauses=tuple(
            replace(
                c,
                topics=tuple(t for t in c.topics if t[0] != "timeline"),
                terms=tuple(t for t in c.terms if t.topic != "timeline"),
            )
            if c.clause.number == "3.1"
            else c
            for c in helix.clauses
        ),
    )
    got = answer(rfp, r4, missed)
    assert (got.status, got.evidence[0].number) == ("answered", "3.1")
    assert got.terms["timeline"]["tech_transfer_weeks"] == 14


def test_assays_handed_to_contract_laboratories_answer_in_house_analytics_partly() -> None:
    got = _answer(corpus.BLUESTEM, "R3")
    assert (got.status, got.evidence[0].number) == ("partly", "B.4")
    gap = got.gaps[0]
    assert gap.kind == "delegated"
    assert {"potency", "capsid"} <= set(gap.items)
    text = corpus.record(corpus.BLUESTEM).document.text
    assert text[gap.start : gap.end].strip() == gap.text
    assert "contract testing laboratories" in gap.text
    # Helix sends only master-cell-bank testing out, which R3 does not ask for in-house.
    assert _answer(corpus.HELIX, "R3").status == "answered"


def test_a_serotype_the_requirement_names_and_the_answer_lacks_is_partly() -> None:
    got = _answer(corpus.BLUESTEM, "R1")
    assert (got.status, got.evidence[0].number) == ("partly", "B.2")
    assert [(g.kind, g.items) for g in got.gaps] == [("missing_items", ("AAV9",))]
    assert "AAV9" not in got.terms["modality_experience"]["serotypes"]  # type: ignore[operator]
    assert _answer(corpus.HELIX, "R1").status == "answered"
    assert _answer(corpus.KESTREL, "R1").status == "answered"


def test_no_second_site_answers_business_continuity_partly() -> None:
    got = _answer(corpus.KESTREL, "R12")
    assert got.status == "partly"
    assert got.gaps[0].kind == "denied"
    assert "second" in got.gaps[0].items
    assert "does not operate a second manufacturing site" in got.gaps[0].text
    assert _answer(corpus.HELIX, "R12").status == "answered"


def test_a_worse_commercial_position_is_still_an_answer() -> None:
    # Kestrel caps liability at EUR 2M without all the asked carve-outs: answered, not met.
    got = _answer(corpus.KESTREL, "R8")
    assert (got.status, got.gaps) == ("answered", ())


def test_the_inspection_record_beats_the_promise_to_notify_of_inspections() -> None:
    # Helix 2.6 (record: FDA inspections, no Form 483) over 5.4 (notice of inspections).
    got = _answer(corpus.HELIX, "R11")
    assert (got.status, got.evidence[0].number) == ("answered", "2.6")
