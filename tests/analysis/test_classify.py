"""Topic classification: the shipped model, user-extended signals, and the corpora's gold.

Real embedding model, real loaders: the corpora figures are regression floors a little under
what `bench/eval_gold.py` measures (its note in the README), so a change that loses topics shows.
"""

from __future__ import annotations

import sys
from importlib import resources

import numpy as np
import pytest
import yaml

from rfp_assist.analysis.classify import (
    FEATURES,
    TopicScore,
    build_model,
    classify,
    features,
    load_signals,
    load_weights,
    probabilities,
    threshold_of,
)
from rfp_assist.model import Clause, Term
from rfp_assist.taxonomy import load_taxonomy
from rfp_assist.understand import CUED_TERM_EVIDENCE, TERM_EVIDENCE, Reader, stated_topics
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from eval_gold import evaluate


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader()


def _clause(text: str, heading: str | None = None, number: str = "1") -> Clause:
    return Clause(
        id=f"d-{number}", document_id="d", number=number, heading=heading, start=0,
        end=len(text), text=text, page=1, page_end=1,
    )  # fmt: skip


def test_every_topic_has_a_threshold_in_range() -> None:
    weights = load_weights()
    ids = [t.id for t in load_signals()]
    assert set(weights["thresholds"]) <= set(ids)
    for value in [weights["threshold"], *weights["thresholds"].values()]:
        assert 0.0 < value < 1.0


def test_taxonomy_ids_are_the_domain_ids() -> None:
    ids = {t.id for t in load_signals()}
    assert {"late_delivery", "batch_failure", "liability_cap", "most_favoured_customer"} <= ids
    assert ids == set(load_taxonomy())


@pytest.mark.parametrize(
    ("heading", "text", "topic"),
    [
        ("Governing Law", "This Agreement shall be governed by the laws of the State of New York.",
         "governing_law"),
        ("Late Delivery", "For each week of delay beyond the delivery date the Vendor shall credit "
         "two percent (2%) of the Batch price, up to twenty percent (20%).", "late_delivery"),
        ("Batch Failure", "If a Batch fails to meet the Specifications through the Vendor's fault, "
         "the Vendor shall re-manufacture it at its own cost.", "batch_failure"),
        ("Insurance", "Supplier shall maintain product liability insurance of not less than "
         "USD 10,000,000 per occurrence.", "insurance"),
    ],
)  # fmt: skip
def test_plain_clauses_get_their_topic(reader: Reader, heading: str, text: str, topic: str) -> None:
    clause = _clause(f"1. {heading}. {text}", heading)
    [scores] = classify(reader.topic_model, [clause], reader.embed([clause.text]))
    assert topic in [s.topic for s in scores]
    assert all(0.0 <= s.score <= 1.0 for s in scores)
    assert [s.score for s in scores] == sorted((s.score for s in scores), reverse=True)


@pytest.mark.parametrize(
    ("heading", "text", "topic", "expected"),
    [
        # Liquidated damages in CUAD's sense include a fee for ending the agreement early.
        ("Early Termination", "If the Customer terminates this Agreement before the end of the "
         "Initial Term, the Customer shall pay a termination fee equal to the fees for the "
         "remaining months.", "late_delivery", True),
        # Cancelling a batch is cancellation, not a delay penalty.
        ("Cancellation of Batches", "If the Client cancels a scheduled Batch less than ninety (90) "
         "days before its start, the Client shall pay a cancellation fee of 50% of the Batch "
         "price.", "late_delivery", False),
        # A covenant not to compete that never says "compete".
        ("Restrictions", "For a period of two (2) years the Distributor shall not, directly or "
         "indirectly, develop, manufacture or sell any product similar to the Products in the "
         "Territory.", "exclusivity", True),
        ("No Exclusivity", "Distributor's appointment is nonexclusive; the Company may appoint "
         "other distributors in the Territory at any time.", "exclusivity", False),
    ],
)  # fmt: skip
def test_borderline_clauses(
    reader: Reader, heading: str, text: str, topic: str, expected: bool
) -> None:
    """Where a topic ends: cases the CUAD errors taught, written in our own words.

    Each case is read as the product reads it, as one clause of a document (a clause is also
    measured against the rest of its document: `lexical_gap`).
    """
    clauses = [
        _clause(f"1. {heading}. {text}", heading),
        *(_clause(f"{n}. {h}. {t}", h, str(n)) for n, (h, t) in enumerate(_NEUTRAL, start=2)),
    ]
    scores = classify(reader.topic_model, clauses, reader.embed([c.text for c in clauses]))
    assert (topic in [s.topic for s in scores[0]]) is expected


#: Clauses about none of the borderline topics, to make a document around each case.
_NEUTRAL = (
    ("Payment", "Invoices are payable within thirty (30) days of receipt."),
    ("Notices", "Notices shall be given in writing to the addresses set out above."),
    ("Products", "The Company shall supply the Products listed in Schedule A."),
)


def test_a_cue_a_user_adds_counts(reader: Reader) -> None:
    """Signals are data: a cue added to a topic raises that topic for text that has it."""
    clause = _clause("1. Zorbix. Each Zorbix event obliges the parties to meet within a week.")
    vectors = reader.embed([clause.text])
    signals = yaml.safe_load(
        resources.files("rfp_assist.data").joinpath("topic_signals.yaml").read_text("utf-8")
    )
    extended = signals["topics"]["force_majeure"]
    extended["cues"] = [*extended["cues"], "zorbix"]
    extended["heading_cues"] = [*extended["heading_cues"], "zorbix"]
    before = build_model(reader.embed)
    after = build_model(reader.embed, topics=load_signals(signals=signals))
    j = list(before.ids).index("force_majeure")

    p_before = probabilities(before, features(before, [clause], vectors))[0, j]
    p_after = probabilities(after, features(after, [clause], vectors))[0, j]
    assert p_after > 10 * p_before


@pytest.mark.parametrize(
    ("cue", "message"),
    [(r"at least \\d+ batches", "doubled backslash"), ("(unclosed", "not a valid pattern")],
)
def test_a_broken_cue_is_refused_with_its_topic(cue: str, message: str) -> None:
    """A cue that would silently never match (or not compile) stops loading, naming where it is."""
    signals = yaml.safe_load(
        resources.files("rfp_assist.data").joinpath("topic_signals.yaml").read_text("utf-8")
    )
    signals["topics"]["minimum_commitment"]["cues"].append(cue)
    with pytest.raises(ValueError, match=message) as caught:
        load_signals(signals=signals)
    assert "minimum_commitment cues" in str(caught.value)


def test_shipped_cues_match_what_they_are_written_for() -> None:
    """The word-boundary and digit cues of the shipped signals match plain contract text."""
    cues = {t.id: t.cues for t in load_signals()}
    samples = {
        "minimum_commitment": "The Buyer is to buy 80% of its requirements here.",
        "ip_ownership": "The Client owns all improvements.",
        "most_favoured_customer": "Supplier charges no higher fees than it charges other buyers.",
    }
    for topic, text in samples.items():
        assert any(c.search(text) for c in cues[topic]), topic


def test_an_empty_document_has_no_topics(reader: Reader) -> None:
    assert classify(reader.topic_model, [], np.zeros((0, 384), dtype=np.float32)) == []


def test_corpora_gold_topics_and_terms(reader: Reader) -> None:
    report = evaluate(reader)
    assert report["unaligned_gold_clauses"] == 0
    assert report["topics_macro"]["f1"] >= 0.85  # type: ignore[index]
    assert report["terms_exact_match"] >= 0.90


@pytest.mark.parametrize(
    ("share", "text", "assigned"),
    [
        (1.0, "Prices are firm.", True),  # at its threshold: assigned, whatever the clause says
        (TERM_EVIDENCE + 0.05, "Release testing costs 12% more.", True),  # a typed term
        (TERM_EVIDENCE - 0.05, "Release testing costs 12% more.", False),  # ... not enough alone
        (CUED_TERM_EVIDENCE + 0.05, "Release testing is billed at cost plus 12%.", True),  # + cue
        (CUED_TERM_EVIDENCE - 0.05, "Release testing is billed at cost plus 12%.", False),
    ],
)
def test_a_stated_term_assigns_a_topic_below_its_threshold(
    reader: Reader, share: float, text: str, assigned: bool
) -> None:
    """The term-evidence rule: a typed value of the topic, and lower down its cue as well."""
    model = reader.topic_model
    score = TopicScore("pass_through", share * threshold_of(model, "pass_through"))
    term = Term("pass_through", "markup_pct", 12, 0, 3)
    assert (stated_topics(model, [score], [term], text) == (score,)) is assigned
    assert stated_topics(model, [score], [], text) == ((score,) if share >= 1.0 else ())


def test_the_lexical_gap_is_measured_within_each_document(reader: Reader) -> None:
    """Each clause's lexical logit minus the best of its own document, however calls mix them."""
    model = reader.topic_model
    law = model.ids.index("governing_law")
    texts = [
        "This Agreement is governed by the laws of the State of Delaware.",
        "The parties submit to the courts of Delaware for any dispute under this Agreement.",
        "Invoices are payable within thirty (30) days.",
    ]
    one = [_clause(t, number=str(i)) for i, t in enumerate(texts)]
    other = [
        Clause(
            id=f"e-{i}",
            document_id="e",
            number=str(i),
            heading=None,
            start=0,
            end=len(t),
            text=t,
            page=1,
            page_end=1,
        )
        for i, t in enumerate(texts[1:])
    ]
    vectors = reader.embed(texts)
    alone = features(model, one, vectors).generic
    mixed = features(model, [*one, *other], np.vstack([vectors, vectors[1:]])).generic
    gap = FEATURES.index("lexical_gap")
    lexical = alone[:, law, FEATURES.index("lexical")]
    assert np.allclose(alone[:, law, gap], lexical - lexical.max())
    assert alone[0, law, gap] == 0.0  # the governing-law clause is its document's best
    assert alone[2, law, gap] < alone[1, law, gap] < 0.0
    # Mixed with another document, a clause's gap is still within its own document: in "e",
    # the forum clause is the best one.
    assert np.allclose(mixed[:3], alone)
    assert mixed[3, law, gap] == 0.0
    assert mixed[4, law, gap] < 0.0
