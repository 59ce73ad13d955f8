"""Per-topic summaries and playbook fallback suggestions, over the ingested corpora."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from rfp_assist.analysis.playbook_schema import load_playbook
from rfp_assist.llm.config import LLMCallError
from rfp_assist.llm.summarise import (
    Passage,
    position_labels,
    suggest_fallback,
    summarise_position,
    summarise_topic,
    topic_passages,
)
from rfp_assist.retrieval.store import Workspace
from rfp_assist.understand import DEFAULT_PLAYBOOK
from tests.llm.conftest import prompt_text, runner_for, scripted

PLAYBOOK = load_playbook(DEFAULT_PLAYBOOK)
PREFERRED = "CDMO re-manufactures or credits unless client materials caused the failure"


@pytest.fixture(scope="module")
def workspace(corpora_workspace: Path) -> Iterator[Workspace]:
    with Workspace(corpora_workspace) as ws:
        yield ws


def passages_of(workspace: Workspace, name: str, topic: str) -> list[Passage]:
    document = next(d["id"] for d in workspace.documents() if d["name"] == name)
    return topic_passages(workspace, document, topic)


def test_topic_passages_are_one_documents_clauses_on_the_topic(workspace: Workspace) -> None:
    passages = passages_of(workspace, "helix_viral_proposal.pdf", "batch_failure")
    assert [p.number for p in passages] == ["8.1"]
    assert passages[0].page == 7
    assert passages[0].text.startswith("8.1 Batch Failure")


def test_a_summary_keeps_cited_supported_sentences_only(workspace: Workspace) -> None:
    passages = passages_of(workspace, "helix_viral_proposal.pdf", "batch_failure")
    model = scripted(
        "If a batch fails to meet its specifications, Helix will re-manufacture it or credit the batch price [C1]. "
        "Helix is the safest choice and legal has approved it [C1]."
    )
    runner, _ = runner_for(model)
    summary = summarise_position(
        runner, "batch_failure", "Helix Viral Manufacturing, Inc.", passages
    )
    assert [s.citations for s in summary.sentences] == [("C1",)]
    assert [d.text for d in summary.dropped] == [
        "Helix is the safest choice and legal has approved it."
    ]
    assert summary.prompt == "summarise_topic@1"
    assert "Batch\u02c6Failure" in prompt_text(model.seen[0])


def test_a_failed_summary_is_partial_and_says_nothing(workspace: Workspace) -> None:
    passages = passages_of(workspace, "helix_viral_proposal.pdf", "batch_failure")
    runner, _ = runner_for(scripted(TimeoutError(), TimeoutError(), TimeoutError()))
    summary = summarise_position(runner, "batch_failure", "Helix", passages)
    assert (summary.sentences, summary.partial) == ((), True)
    assert "failed after 3 attempts" in (summary.error or "")


def test_no_passages_means_no_call() -> None:
    runner, _ = runner_for(scripted())
    summary = summarise_position(runner, "batch_failure", "Nobody", [])
    assert (summary.sentences, summary.partial, runner.usage.calls) == ((), False, 0)


def test_the_playbook_positions_offered_are_preferred_then_fallbacks() -> None:
    labels = position_labels(PLAYBOOK, "batch_failure")
    assert labels[0] == PREFERRED
    assert "Client pays for failed batches" not in labels


def test_a_high_risk_clause_gets_a_suggestion_that_is_never_applied(workspace: Workspace) -> None:
    before = passages_of(workspace, "aldermoor_biologics_proposal.docx", "batch_failure")
    (passage,) = [p for p in before if p.risk == "high"]
    wording = (
        "If a Batch fails to meet specification, Aldermoor will re-manufacture it at its own cost."
    )
    model = scripted(json.dumps({"wording": wording, "position": PREFERRED}))
    runner, _ = runner_for(model)
    generation = workspace.generation()
    suggestion = suggest_fallback(runner, passage, "batch_failure", PLAYBOOK)
    assert suggestion is not None
    assert (suggestion.kind, suggestion.applied) == ("suggestion", False)
    assert (suggestion.wording, suggestion.position) == (wording, PREFERRED)
    # Nothing is written back: the stored clause and the workspace are as they were.
    assert passages_of(workspace, "aldermoor_biologics_proposal.docx", "batch_failure") == before
    assert workspace.generation() == generation
    assert passage.text.startswith("6.1 Batch Outcome")


def test_a_suggestion_towards_a_position_the_playbook_lacks_is_not_shown(
    workspace: Workspace,
) -> None:
    (passage,) = [p for p in passages_of(workspace, "aldermoor_biologics_proposal.docx", "batch_failure")
                  if p.risk == "high"]  # fmt: skip
    reply = json.dumps(
        {"wording": "Client pays for failed batches.", "position": "Client pays for failed batches"}
    )
    runner, _ = runner_for(scripted(reply))
    assert suggest_fallback(runner, passage, "batch_failure", PLAYBOOK) is None


def test_clauses_that_are_not_high_risk_get_no_suggestion_and_no_call(workspace: Workspace) -> None:
    (passage,) = passages_of(workspace, "helix_viral_proposal.pdf", "batch_failure")
    runner, _ = runner_for(scripted())
    assert passage.risk != "high"
    assert suggest_fallback(runner, passage, "batch_failure", PLAYBOOK) is None
    assert runner.usage.calls == 0


def test_a_malformed_suggestion_is_an_error_not_a_default(workspace: Workspace) -> None:
    (passage,) = [p for p in passages_of(workspace, "aldermoor_biologics_proposal.docx", "batch_failure")
                  if p.risk == "high"]  # fmt: skip
    bad = json.dumps({"wording": "x", "position": PREFERRED, "risk": "low"})
    runner, _ = runner_for(scripted(bad, "not json", bad))
    with pytest.raises(LLMCallError, match="suggest_fallback@1: failed after 3 attempts"):
        suggest_fallback(runner, passage, "batch_failure", PLAYBOOK)


def test_a_topic_is_summarised_for_every_proposal_one_call_each(workspace: Workspace) -> None:
    proposals = [d for d in workspace.documents() if d["kind"] == "proposal"]
    model = scripted(*["Nothing on this topic." for _ in proposals])
    runner, _ = runner_for(model)
    summaries = summarise_topic(runner, workspace, "batch_failure")
    assert sorted(s.party for s in summaries) == sorted(d["party"] for d in proposals)
    assert runner.usage.calls == len(proposals)
    for messages, summary in zip(model.seen, summaries, strict=True):
        assert summary.party in prompt_text(messages)
        assert summary.sentences == ()  # a sentence citing nothing is dropped
