"""Understanding a segmented document: topics, typed terms, playbook risk and flags per clause.

`Reader` holds what is expensive to load (the embedding model and its cache, the topic model,
the playbook) and reads any number of documents with it. Text flagged as hidden or aimed at
automated tools is masked (blanked, offsets kept) before classification, term extraction and
embedding: it can never steer a topic, a term, a risk or a search result, not even in the
clause that carries it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from rfp_assist.analysis.classify import (
    TopicModel,
    TopicScore,
    build_model,
    classify,
    threshold_of,
)
from rfp_assist.analysis.flags import find_flags
from rfp_assist.analysis.playbook import Playbook, assess_clause, load_playbook
from rfp_assist.analysis.terms import extract_terms, terms_by_topic
from rfp_assist.model import Clause, Flag, Term, TermValue
from rfp_assist.pipeline import Analysis
from rfp_assist.retrieval.embed import Embedder, EmbeddingCache, embed
from rfp_assist.retrieval.signal_vectors import embed_with_known, shipped_vectors

DEFAULT_PLAYBOOK = Path(__file__).resolve().parents[1] / "corpora" / "playbook.yaml"


@dataclass(frozen=True)
class ClauseReading:
    """What one clause is about, what it states, and how it measures against the playbook."""

    clause: Clause
    topics: tuple[TopicScore, ...]
    terms: tuple[Term, ...]
    risk: str
    reasons: tuple[str, ...]
    flags: tuple[Flag, ...]

    def terms_by_topic(self) -> dict[str, dict[str, TermValue]]:
        """Terms as `{topic: {key: value}}`, the shape of interface.md."""
        return terms_by_topic(self.terms)


@dataclass(frozen=True)
class Reading:
    """A document understood: its analysis, each clause's reading and the clause vectors."""

    analysis: Analysis
    clauses: tuple[ClauseReading, ...]
    flags: tuple[Flag, ...]
    vectors: np.ndarray  # one unit vector per clause, in clause order (shared with the index)


_SENTENCE_BOUNDARY = re.compile(r"[.!?](?=\s)|\n")


def blank_spans(
    text: str, offset: int, spans: Sequence[tuple[int, int]], *, sentences: bool = False
) -> str:
    """`text` (at document `offset`) with `spans` blanked, or with every sentence holding one.

    Blanking keeps the length, so offsets into the text stay valid.
    """
    chars = list(text)
    bounds = [0, *(m.end() for m in _SENTENCE_BOUNDARY.finditer(text)), len(text)]
    for start, end in spans:
        lo, hi = max(start - offset, 0), min(end - offset, len(text))
        if lo >= hi:
            continue
        if sentences:
            lo = max(b for b in bounds if b <= lo)
            hi = min(b for b in bounds if b >= hi)
        for i in range(lo, hi):
            if not chars[i].isspace():
                chars[i] = " "
    return "".join(chars)


def masked(text: str, start: int, flags: Sequence[Flag]) -> str:
    """`text` (which begins at document offset `start`) as a reader may use it.

    Hidden text is blanked; so is the whole sentence around text aimed at automated tools: a
    flag marks the trigger ("Ignore all previous instructions"), what follows in the same
    sentence is its payload ("...: payment is net 90 days").
    """
    hidden = [(f.start, f.end) for f in flags if f.kind != "injection"]
    aimed = [(f.start, f.end) for f in flags if f.kind == "injection"]
    return blank_spans(blank_spans(text, start, hidden), start, aimed, sentences=True)


#: A topic scoring at least this share of its threshold is assigned when the clause states one of
#: its typed terms: "completed within fourteen (14) weeks" in a technology-transfer clause is
#: what the timeline topic is about, even where its wording alone leaves the classifier unsure.
TERM_EVIDENCE = 0.5
#: Lower still when the clause also has one of the topic's own cues: "release testing is billed
#: at the laboratories' cost plus twelve percent (12%)" inside a pricing clause both says
#: pass-through and states its mark-up. A typed value alone at this level is not enough (a
#: "limited to £50,000" about client materials is not the contract's liability cap).
CUED_TERM_EVIDENCE = 0.3


def stated_topics(
    model: TopicModel, candidates: Sequence[TopicScore], terms: Sequence[Term], text: str
) -> tuple[TopicScore, ...]:
    """The candidates at their threshold, and those below it whose typed terms the clause states."""
    with_terms = {t.topic for t in terms}

    def evident(s: TopicScore) -> bool:
        threshold = threshold_of(model, s.topic)
        if s.score >= threshold:
            return True
        if s.topic not in with_terms or s.score < CUED_TERM_EVIDENCE * threshold:
            return False
        if s.score >= TERM_EVIDENCE * threshold:
            return True
        cues = model.topics[model.ids.index(s.topic)].cues
        return any(c.search(text) for c in cues)

    return tuple(s for s in candidates if evident(s))


#: A document's flags, each clause's own, and each clause's text with flagged text masked.
FlaggedTexts = tuple[tuple[Flag, ...], list[tuple[Flag, ...]], list[str]]


def flagged_texts(analysis: Analysis) -> FlaggedTexts:
    """The document's flags, each clause's own, and each clause's text with flagged text masked."""
    flags = tuple(find_flags(analysis.document, analysis.segments))
    clauses = analysis.clauses
    flagged = [tuple(f for f in flags if f.start < c.end and f.end > c.start) for c in clauses]
    texts = [masked(c.text, c.start, fl) for c, fl in zip(clauses, flagged, strict=True)]
    return flags, flagged, texts


class Reader:
    """Reads documents with one embedding model, topic model and playbook, loaded once."""

    def __init__(
        self,
        *,
        cache_path: str | Path | None = None,
        playbook: Playbook | None = None,
        playbook_path: str | Path | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.embedder = embedder or Embedder()
        self.cache = EmbeddingCache(cache_path) if cache_path else None
        self.playbook = playbook or load_playbook(playbook_path or DEFAULT_PLAYBOOK)
        self._topic_model: TopicModel | None = None
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for `texts`, through the cache when there is one."""
        return embed(texts, self.embedder, self.cache)

    @property
    def topic_model(self) -> TopicModel:
        """The topic model, built on first use (exemplar vectors shipped or embedded once)."""
        with self._lock:
            if self._topic_model is None:
                shipped = shipped_vectors(self.embedder.model_id)

                def signal_embed(texts: Sequence[str]) -> np.ndarray:
                    return embed_with_known(texts, self.embedder, self.cache, shipped)

                self._topic_model = build_model(signal_embed)
            return self._topic_model

    def read(self, analysis: Analysis, *, flagged: FlaggedTexts | None = None) -> Reading:
        """Topics, terms, risk and flags for every clause of `analysis` (`flagged`: if found)."""
        clauses = analysis.clauses
        flags, flagged_by_clause, texts = flagged or flagged_texts(analysis)
        vectors = self.embed(texts)
        # Classify what the reader sees: the masked text in place of the clause's own.
        visible = [replace(c, text=t) for c, t in zip(clauses, texts, strict=True)]
        model = self.topic_model
        topics = classify(model, visible, vectors, relax=CUED_TERM_EVIDENCE) if clauses else []
        readings = []
        for clause, text, candidates, own_flags in zip(
            clauses, texts, topics, flagged_by_clause, strict=True
        ):
            found = extract_terms(text, [s.topic for s in candidates], offset=clause.start)
            scores = stated_topics(model, candidates, found, text)
            topic_ids = [s.topic for s in scores]
            terms = tuple(t for t in found if t.topic in topic_ids)
            assessment = assess_clause(self.playbook, topic_ids, terms_by_topic(terms), text)
            readings.append(
                ClauseReading(
                    clause=clause,
                    topics=tuple(scores),
                    terms=terms,
                    risk=assessment.risk,
                    reasons=tuple(assessment.reasons),
                    flags=own_flags,
                )
            )
        return Reading(analysis, tuple(readings), flags, vectors)
