"""RFP coverage: each numbered requirement (R1, R2 …) matched to each proposal's answering passage.

A requirement is a clause of the RFP numbered `R<n>`; its topics are the ones the classifier
gave it, and what it *asks for* are the typed-term keys of those topics (the keys the
requirement itself states first, then the rest of the topic's keys from the taxonomy). A
proposal's answer is the clause that cites the requirement in its heading ("Late Delivery
(R7)"), else the clause on the requirement's topics most similar to the requirement's text.
The status is read from what the answer states, never from what it says about itself:

- `not_addressed`: no clause of the proposal is on the requirement's topics and none cites it
  (a requirement without a topic is matched by the similarity of its text instead);
- `partly`: an answer exists but states none of the typed terms the requirement asks for (the
  answer's sub-items count: "6.1(b)" states terms for "6.1");
- `answered`: the answer states at least one of them, or the topic has no typed terms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rfp_assist.analysis.compare import Evidence, TermSource, evidence, merged_terms
from rfp_assist.model import TermValue
from rfp_assist.retrieval.store import ClauseRecord, DocumentRecord
from rfp_assist.taxonomy import load_taxonomy

REQUIREMENT_NUMBER = re.compile(r"^R(\d{1,3})$")


@dataclass(frozen=True)
class Requirement:
    """One numbered requirement of the RFP, where it stands and what it asks for."""

    id: str
    title: str
    text: str
    clause_id: str
    page: int
    start: int
    end: int
    topics: tuple[str, ...]
    asks: tuple[tuple[str, str], ...]  # (topic, key) pairs, the requirement's own keys first
    terms: tuple[TermSource, ...]
    seq: int


@dataclass(frozen=True)
class Answer:
    """How one proposal answers one requirement, with the passage and why."""

    requirement: str
    document: str
    status: str  # "answered" | "partly" | "not_addressed"
    evidence: tuple[Evidence, ...]
    terms: dict[str, dict[str, TermValue]]
    reasons: tuple[str, ...]
    topics: tuple[str, ...] = ()  # the answering clause's own topics


@dataclass(frozen=True)
class Coverage:
    """Requirements of one RFP and every proposal's answer to each."""

    rfp: str
    requirements: tuple[Requirement, ...]
    answers: tuple[Answer, ...]

    def answer(self, document: str, requirement: str) -> Answer:
        """The answer of `document` (id) to `requirement` (id, "R7")."""
        for a in self.answers:
            if a.document == document and a.requirement == requirement:
                return a
        raise KeyError((document, requirement))


def requirements(rfp: DocumentRecord) -> list[Requirement]:
    """The numbered requirements (R1, R2 …) of an RFP, in document order."""
    taxonomy = load_taxonomy()
    out = []
    for seq, item in enumerate(rfp.clauses):
        c = item.clause
        if c.number is None or not REQUIREMENT_NUMBER.match(c.number):
            continue
        topics = tuple(t for t, _ in item.topics)
        own = [(t.topic, t.key) for t in item.terms if t.topic in topics]
        rest = [(t, k) for t in topics if t in taxonomy for k in taxonomy[t].terms]
        asks = tuple(dict.fromkeys(own + rest))
        terms = tuple(s for t in topics for s in merged_terms(rfp, [item], t))
        out.append(
            Requirement(
                c.number,
                c.heading or c.number,
                c.text,
                c.id,
                c.page,
                c.start,
                c.end,
                topics,
                asks,
                terms,
                seq,
            )
        )
    return out


def _cites(item: ClauseRecord, requirement: str) -> bool:
    """True when the clause's heading names the requirement ("Late Delivery (R7)")."""
    heading = item.clause.heading or ""
    return re.search(rf"(?<![\w.]){re.escape(requirement)}(?![\w.])", heading) is not None


def _similarity(rfp: DocumentRecord, req: Requirement, proposal: DocumentRecord) -> np.ndarray:
    if rfp.vectors.shape[0] <= req.seq or proposal.vectors.shape[0] == 0:
        return np.zeros(len(proposal.clauses), dtype=np.float32)
    sims: np.ndarray = proposal.vectors @ rfp.vectors[req.seq]
    return sims


#: Without a topic, a clause this similar to the requirement's text is taken as its answer.
SIMILAR_ENOUGH = 0.6


def _family(proposal: DocumentRecord, root: ClauseRecord) -> list[ClauseRecord]:
    """`root`, the clauses nested under it and the unnumbered blocks that continue it.

    Sub-items state terms too ("6.1(b)" for "6.1"), and so does a table the segmenter placed
    beside its clause rather than inside it.
    """
    ids, out, started = {root.clause.id}, [], False
    for item in proposal.clauses:
        c = item.clause
        if c.id == root.clause.id:
            started = True
        elif not started:
            continue
        elif c.parent in ids or (c.number is None and c.parent == root.clause.parent):
            ids.add(c.id)
        else:
            break
        out.append(item)
    return out


def _candidates(
    rfp: DocumentRecord, req: Requirement, proposal: DocumentRecord
) -> list[tuple[float, int, ClauseRecord, float]]:
    """(rank, position, clause, topic score) of the clauses that may answer, best first."""
    sims = _similarity(rfp, req, proposal)
    out = []
    for seq, item in enumerate(proposal.clauses):
        scores = dict(item.topics)
        on_topic = [scores[t] for t in req.topics if t in scores]
        cited = _cites(item, req.id)
        similar = not req.topics and float(sims[seq]) >= SIMILAR_ENOUGH
        if not on_topic and not cited and not similar:
            continue
        topic_score = max(on_topic, default=0.0)
        # A clause citing the requirement is the vendor's own pointer to its answer.
        rank = (2.0 if cited else 0.0) + topic_score + float(sims[seq])
        out.append((rank, seq, item, topic_score))
    out.sort(key=lambda c: (-c[0], c[1]))
    if out and out[0][2].clause.number is None and out[0][2].clause.parent:
        # An unnumbered block (a table, a list) inside a numbered clause answers as that clause.
        # The nearest numbered clause before it in the same section: the one it continues.
        rank, at, best, score = out[0]
        for seq in range(at - 1, -1, -1):
            item = proposal.clauses[seq]
            mine = item.clause.parent == best.clause.parent or item.clause.id == best.clause.parent
            if mine and item.clause.number:
                out = [(rank, seq, item, score)] + [c for c in out if c[2] is not item]
                break
    return out


def answer(rfp: DocumentRecord, req: Requirement, proposal: DocumentRecord) -> Answer:
    """The answer of one proposal to one requirement (rule in the module docstring)."""
    doc_id = proposal.document.id
    candidates = _candidates(rfp, req, proposal)
    if not candidates:
        wanted = ", ".join(req.topics) or "no topic; nothing similar enough"
        reason = f"no clause addresses {req.id} ({wanted}) or cites it"
        return Answer(req.id, doc_id, "not_addressed", (), {}, (reason,))
    best = candidates[0][2]
    shown = tuple(evidence(i, ts, proposal.flags) for _, _, i, ts in candidates[:3])
    family = _family(proposal, best)
    stated = {t: {s.key: s.value for s in merged_terms(proposal, family, t)} for t in req.topics}
    stated = {t: keys for t, keys in stated.items() if keys}
    label = best.clause.number or best.clause.heading or "an unnumbered clause"
    own = tuple(t for t, _ in best.topics)
    if not req.asks:
        why = "the topic has no typed terms to check" if req.topics else "by similarity of text"
        reasons = (f"{label} addresses {req.id}; {why}",)
        return Answer(req.id, doc_id, "answered", shown, stated, reasons, own)
    given = [f"{t}.{k}" for t, k in req.asks if k in stated.get(t, {})]
    if given:
        reasons = (f"{label} answers {req.id}, stating {', '.join(given)}",)
        return Answer(req.id, doc_id, "answered", shown, stated, reasons, own)
    asked = ", ".join(f"{t}.{k}" for t, k in req.asks)
    reasons = (f"{label} addresses {req.id} but states none of what it asks for ({asked})",)
    return Answer(req.id, doc_id, "partly", shown, stated, reasons, own)


def coverage(rfp: DocumentRecord, proposals: Sequence[DocumentRecord]) -> Coverage:
    """Every proposal's answer to every numbered requirement of `rfp`."""
    reqs = requirements(rfp)
    answers = tuple(answer(rfp, r, p) for p in proposals for r in reqs)
    return Coverage(rfp.document.id, tuple(reqs), answers)
