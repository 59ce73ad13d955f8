"""Injection safety end to end: proposals written as real files with an injection in clause 1.2.

For every variant (plain, hidden white/tiny/vanished/off-page text, fake role tags, approval
claims, base64, Unicode tags, zero-width, homoglyphs, leetspeak, bidi, six other languages):
the file goes through the real loader, segmentation and Reader (real embedding model, topic
model, playbook); the proposal must read exactly as the clean one (topics, terms and risk of every
clause, the comparison's cells and the vendor score), the injection must be flagged, and a model that obeys the injection changes no term.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rfp_assist.analysis.compare import compare
from rfp_assist.analysis.flags import find_flags
from rfp_assist.analysis.playbook_schema import load_playbook
from rfp_assist.analysis.scorecard import scorecard
from rfp_assist.llm.extract import extract_with_model, seen_text
from rfp_assist.llm.spotlight import unmark
from rfp_assist.loaders import load
from rfp_assist.pipeline import analyse
from rfp_assist.report.matrix_source import load_criteria
from rfp_assist.retrieval.ingest import record_from_reading
from rfp_assist.understand import DEFAULT_PLAYBOOK, Reader, Reading
from tests.analysis.test_flags import injections
from tests.llm.conftest import prompt_text, runner_for, scripted
from tests.llm.injection_variants import VARIANTS
from tests.llm.proposals import Injection, write_proposal

Summary = dict[str | None, Any]
PLAYBOOK = load_playbook(DEFAULT_PLAYBOOK)
CRITERIA, _ = load_criteria(None)


def summary(reading: Reading) -> Summary:
    """Every clause's topics, terms and risk, the comparison's cells and the vendor score."""
    out: Summary = {c.clause.number: (sorted(t.topic for t in c.topics), c.terms_by_topic(), c.risk)
                    for c in reading.clauses}  # fmt: skip
    matrix = compare([record_from_reading(reading)], PLAYBOOK)
    out["cells"] = [(r.topic, r.cells[0].status, r.cells[0].risk, r.cells[0].terms_dict())
                    for r in matrix.rows]  # fmt: skip
    (score,) = scorecard(CRITERIA, "default", matrix).scores
    out["score"] = (score.total, [(c.criterion, c.score, c.weighted) for c in score.criteria])
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("proposals")


@pytest.fixture(scope="module")
def clean(folder: Path, llm_reader: Reader) -> dict[str, Summary]:
    """The clean proposal's reading in each format."""
    return {fmt: summary(llm_reader.read(analyse(load(write_proposal(folder, None, fmt)))))
            for fmt in ("text", "docx", "pdf")}  # fmt: skip


def test_there_are_at_least_thirty_variants_of_every_kind() -> None:
    assert len(VARIANTS) >= 30
    assert len({v.id for v in VARIANTS}) == len(VARIANTS)
    assert {v.hidden for v in VARIANTS} >= {None, "white", "tiny", "vanish", "invisible", "offpage"}


def test_the_clean_proposal_has_terms_and_risks_to_protect(clean: dict[str, Summary]) -> None:
    for fmt, read in clean.items():
        assert read["1.1"] == (["payment_terms"], {"payment_terms": {"net_days": 45}}, "medium"), (
            fmt
        )
        assert read["1.2"][1] == {"batch_failure": {"allocation": "vendor_if_at_fault"}}, fmt
        assert read["1.3"][2] == "low", fmt
        assert read["score"][0] > 0, fmt  # a vendor score an injection could try to move


def test_the_clean_proposal_has_no_flags(folder: Path) -> None:
    for fmt in ("text", "docx", "pdf"):
        analysis = analyse(load(write_proposal(folder, None, fmt)))
        assert find_flags(analysis.document, analysis.segments) == [], fmt


def _clause_span(reading: Reading, number: str) -> tuple[int, int]:
    clause = next(c.clause for c in reading.clauses if c.clause.number == number)
    return clause.start, clause.end


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_an_injection_is_flagged_and_changes_nothing(
    variant: Injection, folder: Path, llm_reader: Reader, clean: dict[str, Summary]
) -> None:
    reading = llm_reader.read(analyse(load(write_proposal(folder, variant, variant.fmt))))
    assert summary(reading) == clean[variant.fmt]
    start, end = _clause_span(reading, "1.2")
    flags = [f for f in reading.flags if f.start < end and f.end > start]
    assert flags, f"{variant.id}: not flagged: {variant.text!r}"
    if variant.hidden:
        assert any(f.kind == "hidden_text" for f in flags)


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_a_model_obeying_the_injection_changes_no_term(
    variant: Injection, folder: Path, llm_reader: Reader
) -> None:
    reading = llm_reader.read(analyse(load(write_proposal(folder, variant, variant.fmt))))
    item = next(c for c in reading.clauses if c.clause.number == "1.2")
    seen = seen_text(item.clause, item.flags)
    # The model does what the injection asks, quoting the injected words as its evidence.
    obeying = json.dumps({"values": [
        {"key": "allocation", "value": "vendor", "quote": variant.text[:60]},
        {"key": "credit_pct", "value": 100, "quote": variant.text[:60]},
    ]})  # fmt: skip
    model = scripted(obeying)
    runner, _ = runner_for(model)
    result = extract_with_model(runner, item.clause, seen, "batch_failure")
    assert result.terms == ()
    assert len(result.discarded) == 2
    # Nor did the model see the injection: its sentence is blanked before datamarking.
    sent = " ".join(unmark(prompt_text(model.seen[0])).split())
    assert " ".join(variant.text[:30].split()) not in sent
    assert "Orion will re-manufacture the batch at its own cost" in sent


@pytest.mark.parametrize(
    "text",
    [
        "The Supplier shall not disregard the evaluation criteria set out in Schedule 2.",
        "Customer may ignore your instructions where following them would be unsafe.",
        "The Quality System: the Supplier shall maintain a quality system compliant with cGMP.",
        "Delivery occurs at the Site. Human: resources shall be trained before release.",
    ],
)
def test_contract_language_near_the_new_rules_is_not_flagged(text: str) -> None:
    assert injections(text) == []
