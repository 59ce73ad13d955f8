"""The vendor scorecard: criteria from the RFP or a YAML file, scores explained, not steerable."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from rfp_assist.analysis.compare import compare
from rfp_assist.analysis.coverage import coverage
from rfp_assist.analysis.scorecard import (
    ScorecardError,
    criteria_from_rfp,
    parse_criteria,
    scorecard,
)
from rfp_assist.loaders import load
from rfp_assist.pipeline import analyse
from rfp_assist.report.matrix_source import build_comparison, load_criteria
from rfp_assist.retrieval.ingest import record_from_reading
from rfp_assist.retrieval.store import DocumentRecord
from tests.analysis import compare_corpus as corpus
from tests.conftest import CORPORA

GOLD = json.loads((CORPORA / "gold" / "rfp_coverage.json").read_text())


def test_weights_and_requirements_are_read_from_the_rfp() -> None:
    criteria = criteria_from_rfp(corpus.record(corpus.RFP))
    assert {c.id: c.weight for c in criteria} == GOLD["weights"]
    assert {c.id: list(c.requirements) for c in criteria} == GOLD["criteria_requirements"]


def _rfp_with_weighting(text: str) -> DocumentRecord:
    """The real RFP with the visible text of its weighting clause replaced by `text`."""
    rfp = corpus.record(corpus.RFP)
    clauses = tuple(
        replace(c, search_text=text) if c.clause.heading == "Weighting" else c for c in rfp.clauses
    )
    return replace(rfp, clauses=clauses)


def test_weights_stated_in_a_sentence_are_read_too() -> None:
    sentence = (
        "Proposals will be evaluated against five criteria: capability (30%), timeline (20%),"
        " quality (20%), commercial (20%) and culture (10%)."
    )
    criteria = criteria_from_rfp(_rfp_with_weighting(sentence))
    assert {c.id: c.weight for c in criteria} == GOLD["weights"]


def test_weights_that_do_not_add_up_fall_back_to_the_scorecard_file() -> None:
    rfp = _rfp_with_weighting("Evaluation criteria: capability (30%) and timeline (20%).")
    assert criteria_from_rfp(rfp) == []
    result = build_comparison(corpus.proposals(), corpus.playbook(), rfp=rfp)
    assert "default scorecard" in result.scorecard.source


def test_the_default_scorecard_file_loads_and_adds_up() -> None:
    criteria, source = load_criteria(None)
    assert sum(c.weight for c in criteria) == 100
    assert "default" in source


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("criteria:\n  - {id: x, weight: 50, colour: red}\n", "colour"),
        ("criteria:\n  - {id: x, weight: -5}\n", "weight"),
        ("criteria: [\n", "not a valid scorecard"),
    ],
)
def test_a_bad_scorecard_file_is_one_error_naming_it(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    with pytest.raises(ScorecardError) as caught:
        load_criteria(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_every_score_is_explained_line_by_line() -> None:
    result = build_comparison(corpus.proposals(), corpus.playbook(), rfp=corpus.record(corpus.RFP))
    card = result.scorecard
    assert card.source.startswith("weights stated in the RFP")
    for doc in card.scores:
        scored = [c for c in doc.criteria if c.score is not None]
        assert doc.total == pytest.approx(sum(c.weighted for c in scored), abs=0.05)
        for c in doc.criteria:
            assert c.lines
            if c.score is not None:
                assert c.lines[-1].startswith("mean of")
        for c, crit in zip(doc.criteria, card.criteria, strict=True):
            for req in crit.requirements:
                assert any(line.startswith(req + " ") for line in c.lines)


def test_a_yaml_scorecard_scores_topics_from_the_matrix() -> None:
    criteria = parse_criteria(
        {"criteria": [{"id": "risk", "weight": 100, "topics": ["late_delivery", "liability_cap"]}]}
    )
    matrix = compare(corpus.proposals(), corpus.playbook())
    card = scorecard(criteria, "test", matrix)
    helix, _, bluestem = card.scores
    assert helix.total > bluestem.total
    assert any("late_delivery" in line for line in helix.criteria[0].lines)


def _text_record(path: Path) -> DocumentRecord:
    return record_from_reading(corpus.reader().read(analyse(load(path))))


def test_the_hidden_instructions_of_kestrel_change_no_score(tmp_path: Path) -> None:
    """Kestrel's proposal asks AI tools for the maximum score; it must get exactly the score of
    the same proposal without those requests, and every line of it must come from elsewhere."""
    kestrel = corpus.record(corpus.KESTREL)
    gold = json.loads((CORPORA / "gold" / "flags.json").read_text())["flags"]
    asks = [f["text"] for f in gold if f["document"].endswith(corpus.KESTREL.name)]
    assert asks
    assert all(a in kestrel.document.text for a in asks)
    # The same words without the requests, and with them in plain sight, read afresh.
    clean_text = kestrel.document.text
    for ask in asks:
        clean_text = clean_text.replace(ask, "")
    with_asks = tmp_path / "kestrel_with_requests.txt"
    without = tmp_path / "kestrel_without_requests.txt"
    with_asks.write_text(kestrel.document.text, encoding="utf-8")
    without.write_text(clean_text, encoding="utf-8")
    rfp, playbook = corpus.record(corpus.RFP), corpus.playbook()
    scores = []
    for path in (with_asks, without):
        record = _text_record(path)
        result = build_comparison([record], playbook, rfp=rfp)
        doc = result.scorecard.scores[0]
        scores.append((doc.total, [(c.criterion, c.score, c.lines) for c in doc.criteria]))
    assert scores[0] == scores[1]
    # And the real PDF: flagged, nowhere near the maximum it asks for, no line quoting it.
    result = build_comparison([kestrel], playbook, rfp=rfp)
    doc = result.scorecard.scores[0]
    assert kestrel.flags
    assert doc.total < doc.max_total
    lines = " ".join(line for c in doc.criteria for line in c.lines).lower()
    assert "maximum score" not in lines
    assert "pre-approved" not in lines
    assert coverage(rfp, [kestrel]).answers  # coverage itself is computed for it
