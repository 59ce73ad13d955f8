"""Per-topic summaries of each vendor's position, and suggested fallback wording from the playbook.

Both are explanations, never decisions: risk and scores come from the playbook rules in code.
A summary is one call per vendor document and topic, grounded like `ask` (a sentence its
citations do not support is dropped). A fallback suggestion is drafted for a high-risk clause
towards the playbook's preferred or fallback position; it is returned marked as a suggestion
(`applied` is always False) and nothing in any document is ever changed by it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rfp_assist.analysis.playbook_schema import Playbook
from rfp_assist.llm.config import LLMCallError
from rfp_assist.llm.grounding import Dropped, Sentence, ground, passage_ids
from rfp_assist.llm.prompts import get_prompt
from rfp_assist.llm.runner import ModelRunner
from rfp_assist.llm.spotlight import MARK, new_fence, visible_text
from rfp_assist.retrieval.store import Workspace
from rfp_assist.taxonomy import load_taxonomy


@dataclass(frozen=True)
class Passage:
    """A clause as a model may see it: `text` has flagged spans blanked; the rest locates it."""

    clause: str
    number: str | None
    heading: str | None
    page: int
    start: int
    end: int
    text: str
    risk: str = "unknown"


@dataclass(frozen=True)
class TopicSummary:
    """A vendor's position on one topic in the model's words, each sentence cited."""

    topic: str
    party: str
    sentences: tuple[Sentence, ...]
    dropped: tuple[Dropped, ...]
    citations: tuple[Passage, ...]
    partial: bool
    error: str | None
    prompt: str


@dataclass(frozen=True)
class FallbackSuggestion:
    """Replacement wording a model drafted for a high-risk clause: a suggestion, never applied."""

    clause: str
    topic: str
    wording: str
    position: str
    prompt: str
    kind: Literal["suggestion"] = "suggestion"
    applied: bool = False


class SuggestionReply(BaseModel):
    """The model's reply to `suggest_fallback`: wording and the position it aims at, only."""

    model_config = ConfigDict(extra="forbid")
    wording: str = Field(min_length=1, max_length=4000)
    position: str = Field(min_length=1, max_length=300)


def topic_passages(workspace: Workspace, document: str, topic: str) -> list[Passage]:
    """The clauses of one stored document about `topic`, in document order, as search sees them."""
    sql = ("SELECT c.id, c.number, c.heading, c.page, c.start, c.\"end\", c.search_text, c.risk"
           " FROM clauses c JOIN clause_topics t ON t.pk = c.pk"
           " WHERE c.document = ? AND t.topic = ? ORDER BY c.seq")  # fmt: skip
    with workspace.snapshot() as db:
        return [Passage(*row) for row in db.execute(sql, (document, topic))]


def _fenced(passages: Sequence[Passage], ids: Sequence[str]) -> tuple[str, str]:
    fence = new_fence([p.text for p in passages])
    blocks = [fence.wrap(f"{cid} clause={json.dumps(p.number)} page={p.page}", p.text)
              for cid, p in zip(ids, passages, strict=True)]  # fmt: skip
    return fence.token, "\n\n".join(blocks)


def summarise_position(
    runner: ModelRunner, topic: str, party: str, passages: Sequence[Passage]
) -> TopicSummary:
    """One vendor's position on `topic` from its own passages (one document per call)."""
    prompt = get_prompt("summarise_topic")
    ids = passage_ids(len(passages))
    if not passages:
        return TopicSummary(topic, party, (), (), (), False, None, prompt.id)
    token, block = _fenced(passages, ids)
    values = {"topic_label": load_taxonomy()[topic].label, "party": party, "passages": block,
              "fence": token, "mark": MARK}  # fmt: skip
    try:
        reply = runner.text(prompt, values)
    except LLMCallError as exc:
        return TopicSummary(topic, party, (), (), tuple(passages), True, str(exc), prompt.id)
    support = {cid: f"{party} {p.heading or ''}\n{p.text}"
               for cid, p in zip(ids, passages, strict=True)}  # fmt: skip
    grounded = ground(reply, support)
    return TopicSummary(topic, party, grounded.sentences, grounded.dropped, tuple(passages),
                        False, None, prompt.id)  # fmt: skip


def position_labels(playbook: Playbook, topic: str) -> list[str]:
    """The playbook's acceptable positions on `topic`, preferred first, then the fallbacks."""
    positions = playbook.topics.get(topic)
    if positions is None:
        return []
    preferred = [positions.preferred.label] if positions.preferred else []
    return preferred + [p.label for p in positions.fallbacks]


def suggest_fallback(
    runner: ModelRunner, passage: Passage, topic: str, playbook: Playbook
) -> FallbackSuggestion | None:
    """Suggested wording moving a high-risk clause to a playbook position (None if none fits).

    Only high-risk clauses get one, and only towards a position the playbook names; raises
    LLMCallError when the model fails (the caller shows no suggestion, never a default one).
    """
    labels = position_labels(playbook, topic)
    if passage.risk != "high" or not labels:
        return None
    prompt = get_prompt("suggest_fallback")
    fence = new_fence([passage.text])
    values = {"topic_label": load_taxonomy()[topic].label,
              "positions": "\n".join(f"- {label}" for label in labels),
              "clause": fence.wrap(f"clause={json.dumps(passage.number)}", passage.text),
              "fence": fence.token, "mark": MARK}  # fmt: skip
    reply = runner.structured(prompt, values, SuggestionReply)
    if reply.position not in labels:
        return None
    wording = visible_text(reply.wording).strip()
    return FallbackSuggestion(passage.clause, topic, wording, reply.position, prompt.id)


def summarise_topic(
    runner: ModelRunner, workspace: Workspace, topic: str, kind: str = "proposal"
) -> list[TopicSummary]:
    """Each stored document of `kind`'s position on `topic`, one call per document."""
    out = []
    for document in workspace.documents():
        if document["kind"] != kind:
            continue
        passages = topic_passages(workspace, document["id"], topic)
        party = document["party"] or document["name"]
        out.append(summarise_position(runner, topic, party, passages))
    return out
