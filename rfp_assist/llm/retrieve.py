"""Passages for a question: hybrid search, focused by the question's topic, kind and vendor.

Plain search ranks clauses one by one, so a cross-vendor question ("Which CDMO pays for a failed
batch?") can fill its top places with one vendor's sub-clauses, the RFP's requirement and the
MSA. The question is focused first:

- topic: the taxonomy topic whose classifier cues the question matches, or, failing that, the
  topic that dominates the classifier's topics stored for the clauses search ranks highest
  (rank-weighted votes); the search is then restricted to clauses of that topic, ranked by
  relevance times the clause's topic score (a limitation of liability clause before a sub-cap
  for client materials);
- kind: words such as "CDMO", "vendor" or "proposal" ask about proposals, "MSA" or "draft"
  about the agreement, "RFP" or "requirement" about the request;
- vendor: a party name in the question restricts to that party's documents.

Then one best passage per document comes first (so every vendor is heard), followed by the rest
in score order. A focus that finds nothing is dropped, never allowed to empty the answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from rfp_assist.analysis.classify import TopicSignals, load_signals
from rfp_assist.retrieval.search import Searcher, SearchHit
from rfp_assist.retrieval.store import Workspace

#: Clauses searched to vote on the question's topic.
VOTE_DEPTH = 30
#: Share of the votes a topic needs to focus a question no cue points at.
MIN_VOTE_SHARE = 0.5
_KIND_WORDS: Mapping[str, frozenset[str]] = {
    "proposal": frozenset(
        "cdmo cdmos vendor vendors proposal proposals bidder bidders supplier "  # noqa: SIM905
        "suppliers offer offers manufacturer manufacturers".split()
    ),
    "msa": frozenset("msa msas draft drafts agreement agreements contract".split()),  # noqa: SIM905
    "rfp": frozenset("rfp rfps requirement requirements request".split()),  # noqa: SIM905
}
_WORD = re.compile(r"[a-z0-9]+")
_GENERIC_NAME_WORDS = frozenset(
    "inc ltd llc gmbh limited corp corporation company the and of biologics bioprocess "  # noqa: SIM905
    "manufacturing therapeutics therapies gene viral cell sa ag plc bv".split()
)


@dataclass(frozen=True)
class Focus:
    """What a question is about: a topic, a document kind and vendors (None / () = any)."""

    topic: str | None = None
    kind: str | None = None
    parties: tuple[str, ...] = ()
    reason: str = ""


@cache
def _signals() -> tuple[TopicSignals, ...]:
    return load_signals()


def cue_topics(question: str) -> dict[str, int]:
    """Topics whose classifier cues (body or heading) occur in `question`, with hit counts."""
    found = {}
    for topic in _signals():
        count = sum(1 for cue in topic.cues + topic.heading_cues if cue.search(question))
        if count:
            found[topic.id] = count
    return found


def topic_votes(
    hits: Sequence[SearchHit], topics: Mapping[str, Sequence[tuple[str, float]]]
) -> dict[str, float]:
    """Each topic's share of rank-weighted votes from the stored topics of ranked clauses."""
    votes: dict[str, float] = {}
    for rank, hit in enumerate(hits, start=1):
        for topic, score in topics.get(hit.clause, ()):
            votes[topic] = votes.get(topic, 0.0) + hit.score * score / rank**0.5
    total = sum(votes.values())
    return {t: v / total for t, v in votes.items()} if total else {}


def question_topic(question: str, votes: Mapping[str, float]) -> tuple[str | None, str]:
    """The topic to focus on and why: cue-matched topics first, then a dominant vote."""
    cued = cue_topics(question)
    if cued:
        best = max(cued, key=lambda t: (votes.get(t, 0.0), cued[t]))
        return best, f"the question names topic {best}"
    if votes:
        best = max(votes, key=lambda t: votes[t])
        if votes[best] >= MIN_VOTE_SHARE:
            return best, f"{votes[best]:.0%} of the best-ranked clauses are about {best}"
    return None, ""


def question_kind(question: str) -> str | None:
    """The document kind the question's words ask about (None when none or several)."""
    words = set(_WORD.findall(question.lower()))
    kinds = [kind for kind, cues in _KIND_WORDS.items() if words & cues]
    return kinds[0] if len(kinds) == 1 else None


def question_parties(question: str, parties: Sequence[str]) -> tuple[str, ...]:
    """The stored parties the question names by a distinctive word of their name."""
    words = set(_WORD.findall(question.lower()))
    named = []
    for party in parties:
        own = {w for w in _WORD.findall(party.lower()) if len(w) > 3} - _GENERIC_NAME_WORDS
        if own & words:
            named.append(party)
    return tuple(dict.fromkeys(named))


def stored_topics(
    workspace: Workspace, clause_ids: Sequence[str]
) -> dict[str, list[tuple[str, float]]]:
    """The classifier's topics stored for each clause id, with their scores."""
    sql = ("SELECT c.id, t.topic, t.score FROM clause_topics t JOIN clauses c ON c.pk = t.pk"
           " WHERE c.id IN (SELECT value FROM json_each(?))")  # fmt: skip
    out: dict[str, list[tuple[str, float]]] = {}
    with workspace.snapshot() as db:
        for clause, topic, score in db.execute(sql, (json.dumps(list(clause_ids)),)):
            out.setdefault(clause, []).append((topic, float(score)))
    return out


def one_per_document(*groups: Sequence[SearchHit]) -> list[SearchHit]:
    """Hits of `groups` (best first, in priority order): first the best hit of each document
    not yet heard, group by group; then every other hit, group by group."""
    out: list[SearchHit] = []
    documents: set[str] = set()
    clauses: set[str] = set()
    for group in groups:
        for hit in group:
            if hit.document not in documents and hit.clause not in clauses:
                out.append(hit)
                documents.add(hit.document)
                clauses.add(hit.clause)
    for group in groups:
        for hit in group:
            if hit.clause not in clauses:
                out.append(hit)
                clauses.add(hit.clause)
    return out


def _search(searcher: Searcher, question: str, k: int, focus: Focus) -> list[SearchHit]:
    found: list[SearchHit] = []
    for party in focus.parties or (None,):
        found += searcher.search(question, k, topic=focus.topic, kind=focus.kind, party=party)
    return sorted(found, key=lambda h: -h.score)


def by_topic_score(hits: Sequence[SearchHit], topic: str, workspace: Workspace) -> list[SearchHit]:
    """Hits of a topic-focused search, ranked by relevance times how much each is about `topic`.

    Every hit carries the topic; the one the classifier is surest of (a document's limitation of
    liability clause, not its sub-cap for client materials) comes first among equally relevant.
    """
    stored = stored_topics(workspace, [h.clause for h in hits])
    about = {c: dict(topics).get(topic, 0.0) for c, topics in stored.items()}
    return sorted(hits, key=lambda h: -h.score * about.get(h.clause, 0.0))


def retrieve(searcher: Searcher, question: str, k: int = 5) -> tuple[Focus, list[SearchHit]]:
    """The question's focus and its `k` best passages across the workspace, best first."""
    broad = searcher.search(question, max(VOTE_DEPTH, k))
    votes = topic_votes(broad, stored_topics(searcher.workspace, [h.clause for h in broad]))
    topic, why = question_topic(question, votes)
    documents = searcher.workspace.documents()
    parties = question_parties(question, sorted({d["party"] for d in documents if d["party"]}))
    kind = question_kind(question)
    stored_kinds = {d["kind"] for d in documents}
    focus = Focus(topic, kind if kind in stored_kinds else None, parties, why)
    depth = max(k * 4, 20)
    # Relax the focus step by step (topic and kind, topic alone, kind alone) until it finds
    # something; a focus never empties an answer that plain search would give.
    tries = [focus, Focus(topic, None, parties, why), Focus(None, focus.kind, parties)]
    for attempt in dict.fromkeys(t for t in tries if t.topic or t.kind or t.parties):
        focused = _search(searcher, question, depth, attempt)
        if focused and attempt.topic:
            focused = by_topic_score(focused, attempt.topic, searcher.workspace)
        if focused:
            # Documents the topic did not reach are still heard, through their best passage
            # of the asked kind (or vendor), before anything outside the focus.
            wider = Focus(None, attempt.kind, attempt.parties)
            filler = _search(searcher, question, depth, wider) if wider != attempt and (
                wider.kind or wider.parties) else []  # fmt: skip
            # A named vendor is a hard limit: nothing from other vendors fills the answer.
            rest = [] if attempt.parties else broad
            return attempt, one_per_document(focused, filler, rest)[:k]
    return Focus(), one_per_document(broad)[:k]
