"""RFP coverage: each numbered requirement (R1, R2 …) matched to each proposal's answering passage.

A requirement is a clause of the RFP numbered `R<n>`; its topics are the ones the classifier
gave it, and what it *asks for* are the typed-term keys of those topics (the keys the
requirement itself states first, then the rest of the topic's keys from the taxonomy). A
proposal's answer is the clause that cites the requirement in its heading ("Late Delivery
(R7)"), else the clause on the requirement's topics that ranks best on: stating a value of a
key the requirement sets, its topic score, the similarity of its text to the requirement's,
and the requirement's words it uses (rarer words weighing more). What the answer *states* is
its stored terms plus the requirement's typed terms read from its text (and its sub-items':
"6.1(b)" states terms for "6.1"). The status is read from what the answer states, never from
what it says about itself:

- `not_addressed`: no clause of the proposal is on the requirement's topics and none cites it
  (a requirement without a topic is matched by the similarity of its text instead);
- `partly`: an answer exists but states none of the typed terms the requirement asks for; or,
  for a capability (what the supplier has or does, not a contract position), it concedes part
  of what is asked: an asked item done by another party, not offered, or left out of the list
  the requirement names (`coverage_gaps`);
- `answered`: otherwise. A value worse than asked (20 weeks against 16) is still an answer:
  meeting the requirement is the scorecard's and the playbook's call.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rfp_assist.analysis.compare import Evidence, TermSource, evidence, merged_terms
from rfp_assist.analysis.coverage_gaps import (
    Gap,
    Vocabulary,
    concessions,
    describe,
    missing_items,
    shared_words,
    vocabulary,
)
from rfp_assist.analysis.terms import RULES, extract_terms
from rfp_assist.model import Term, TermValue
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
    own: tuple[tuple[str, str], ...] = ()  # (topic, key) the requirement gives a value for
    #: Its topics that are capabilities (what the supplier has or does), not contract terms.
    capability_topics: tuple[str, ...] = ()


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
    gaps: tuple[Gap, ...] = ()  # where the answer concedes part of what is asked


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
                tuple(dict.fromkeys(own)),
                tuple(t for t in topics if t in taxonomy and taxonomy[t].group == "capability"),
            )
        )
    return out


def _citation(requirement: str) -> re.Pattern[str]:
    """The requirement's id as a heading names it ("Late Delivery (R7)")."""
    return re.compile(rf"(?<![\w.]){re.escape(requirement)}(?![\w.])")


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


#: Rank weights of a candidate answer. The vendor's own pointer ("Late Delivery (R7)") comes
#: first; then a passage stating a value the requirement sets (the answer to "within 16
#: weeks" states a number of weeks), the clause's topic score, the embedding similarity, and
#: the share of the requirement's item words the passage uses (a record of inspections and
#: Form 483s over a promise to notify of inspections).
CITED = 3.0
STATES_OWN = 1.0
STATES_ASKED = 0.5
SHARED_WORDS = 1.5
#: Candidates, best first by topic score and similarity, whose passages are read in full.
READ_AT_MOST = 8


@dataclass(frozen=True)
class _Read:
    """A typed term the answering passage states, with its span."""

    topic: str
    key: str
    value: TermValue
    start: int
    end: int


def _reads(
    proposal: DocumentRecord, family: Sequence[ClauseRecord], req: Requirement
) -> list[_Read]:
    """What `family` states for the requirement's topics: stored terms, then terms read afresh.

    The passage answers the requirement, so what it states for the requirement's topics
    counts even where the classifier did not give the passage that topic ("completes
    technology transfer within twenty (20) weeks" under a tech-transfer heading).
    """
    out: dict[tuple[str, str], _Read] = {}
    for t in req.topics:
        for src in merged_terms(proposal, family, t):
            out[(t, src.key)] = _Read(t, src.key, src.value, src.start, src.end)
    for item in family:
        # A topic the clause carries was read at ingest: its stored terms are that reading. Read
        # afresh: the passage itself, and those of its parts that are on the requirement.
        carried = {t for t, _ in item.topics}
        unread = [t for t in req.topics if t not in carried and t in RULES]
        if not unread or (item is not family[0] and not carried.intersection(req.topics)):
            continue
        for term in extract_terms(item.search_text, unread, offset=item.clause.start):
            out.setdefault((term.topic, term.key), _Read(*_fields(term)))
    return list(out.values())


def _fields(term: Term) -> tuple[str, str, TermValue, int, int]:
    return term.topic, term.key, term.value, term.start, term.end


def _candidates(
    rfp: DocumentRecord, req: Requirement, proposal: DocumentRecord, words: Vocabulary
) -> list[tuple[float, int, ClauseRecord, float]]:
    """(rank, position, clause, topic score) of the clauses that may answer, best first."""
    sims = _similarity(rfp, req, proposal)
    citation = _citation(req.id)
    out = []
    for seq, item in enumerate(proposal.clauses):
        scores = dict(item.topics)
        on_topic = [scores[t] for t in req.topics if t in scores]
        cited = bool(item.clause.heading and citation.search(item.clause.heading))
        similar = not req.topics and float(sims[seq]) >= SIMILAR_ENOUGH
        if not on_topic and not cited and not similar:
            continue
        topic_score = max(on_topic, default=0.0)
        rank = (CITED if cited else 0.0) + topic_score + float(sims[seq])
        at, item = _answering(proposal, seq)
        out.append((rank, at, item, topic_score))
    out.sort(key=lambda c: (-c[0], c[1]))
    read: list[tuple[float, int, ClauseRecord, float]] = []
    for rank, seq, item, score in out[:READ_AT_MOST]:
        family = _family(proposal, item)
        keys = {(r.topic, r.key) for r in _reads(proposal, family, req)}
        if keys & set(req.own):
            rank += STATES_OWN
        elif keys & set(req.asks):
            rank += STATES_ASKED
        rank += SHARED_WORDS * shared_words(req.text, words.words[seq], words.rarity)
        read.append((rank, seq, item, score))
    read.sort(key=lambda c: (-c[0], c[1]))
    # One passage once: a block and the clause it continues are the same answer.
    unique: dict[str, tuple[float, int, ClauseRecord, float]] = {}
    for c in read + out[READ_AT_MOST:]:
        unique.setdefault(c[2].clause.id, c)
    return list(unique.values())


def _answering(proposal: DocumentRecord, seq: int) -> tuple[int, ClauseRecord]:
    """(position, clause) of the clause that answers as `proposal.clauses[seq]`.

    An unnumbered block (a table, a list) inside a numbered clause answers as that clause: the
    nearest numbered clause before it in the same section, the one it continues.
    """
    item = proposal.clauses[seq]
    if item.clause.number is not None or not item.clause.parent:
        return seq, item
    for before in range(seq - 1, -1, -1):
        other = proposal.clauses[before]
        mine = other.clause.parent == item.clause.parent or other.clause.id == item.clause.parent
        if mine and other.clause.number:
            return before, other
    return seq, item


def _gaps(
    req: Requirement,
    proposal: DocumentRecord,
    family: Sequence[ClauseRecord],
    reads: Sequence[_Read],
) -> list[Gap]:
    """Where the answer concedes part of a capability the requirement asks for (none otherwise).

    A commercial or legal position is an answer even when it is worse than asked (the playbook
    rates it); a capability the supplier says it lacks, or hands to others, is not covered.
    """
    if not req.capability_topics:
        return []
    gaps = concessions(req.text, [(i.clause.start, i.search_text) for i in family])
    asked = {s.key: s.value for s in req.terms}
    for r in reads:
        if (r.topic, r.key) in req.own and r.topic in req.capability_topics:
            lacking = missing_items(asked.get(r.key), r.value)
            if lacking:
                text = proposal.document.text[r.start : r.end]
                gaps.append(Gap("missing_items", lacking, r.start, r.end, text))
    return gaps


def answer(
    rfp: DocumentRecord,
    req: Requirement,
    proposal: DocumentRecord,
    words: Vocabulary | None = None,
) -> Answer:
    """The answer of one proposal to one requirement (rule in the module docstring).

    `words` is the proposal's `vocabulary` when the caller has it already.
    """
    doc_id = proposal.document.id
    words = words or vocabulary([item.search_text for item in proposal.clauses])
    candidates = _candidates(rfp, req, proposal, words)
    if not candidates:
        wanted = ", ".join(req.topics) or "no topic; nothing similar enough"
        reason = f"no clause addresses {req.id} ({wanted}) or cites it"
        return Answer(req.id, doc_id, "not_addressed", (), {}, (reason,))
    best = candidates[0][2]
    shown = tuple(evidence(i, ts, proposal.flags) for _, _, i, ts in candidates[:3])
    family = _family(proposal, best)
    reads = _reads(proposal, family, req)
    stated: dict[str, dict[str, TermValue]] = {}
    for r in reads:
        stated.setdefault(r.topic, {})[r.key] = r.value
    label = best.clause.number or best.clause.heading or "an unnumbered clause"
    own = tuple(t for t, _ in best.topics)
    gaps = tuple(_gaps(req, proposal, family, reads))
    given = [f"{t}.{k}" for t, k in req.asks if k in stated.get(t, {})]
    if req.asks and not given:
        asked = ", ".join(f"{t}.{k}" for t, k in req.asks)
        why = f"{label} addresses {req.id} but states none of what it asks for ({asked})"
        return Answer(req.id, doc_id, "partly", shown, stated, (why,), own, gaps)
    if given:
        why = f"{label} answers {req.id}, stating {', '.join(given)}"
    elif req.topics:
        why = f"{label} addresses {req.id}; the topic has no typed terms to check"
    else:
        why = f"{label} addresses {req.id}; by similarity of text"
    if gaps:
        conceded = "; ".join(describe(g) for g in gaps)
        reason = f"{label} addresses {req.id} but concedes part of it: {conceded}"
        return Answer(req.id, doc_id, "partly", shown, stated, (reason, why), own, gaps)
    return Answer(req.id, doc_id, "answered", shown, stated, (why,), own)


def coverage(rfp: DocumentRecord, proposals: Sequence[DocumentRecord]) -> Coverage:
    """Every proposal's answer to every numbered requirement of `rfp`."""
    reqs = requirements(rfp)
    answers: list[Answer] = []
    for p in proposals:
        words = vocabulary([item.search_text for item in p.clauses])
        answers.extend(answer(rfp, r, p, words) for r in reqs)
    return Coverage(rfp.document.id, tuple(reqs), tuple(answers))
