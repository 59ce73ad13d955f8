"""Learned lexical cues: per topic, weights of word unigrams and bigrams fitted on labelled text.

A text is a set of n-grams (lowercased words and word pairs); its lexical score for a topic is
the bias plus the weights of the n-grams it contains, divided by the square root of how many it
has (a binary bag of words with unit length). Each topic has two lexicons: one fitted on whole
clauses, one on sentence-like units (labelled by the sentences a lawyer marked), whose best unit
scores the clause, so that one decisive sentence is not diluted by a long clause around it.
Weights are data (`data/topic_lexicon.json`), written by `bench/fit_topics.py`; only n-grams
with a meaningful weight are kept.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
#: Characters read per clause: enough for any clause's wording, bounded for huge ones.
MAX_CHARS = 20000
#: Where a clause splits into units: after a full stop, semicolon, "!" or "?" followed by
#: space, and at a blank line.
_UNIT_BREAK = re.compile(r"(?<=[.;!?])\s+(?=\S)|\n\s*\n")
#: A piece shorter than this ("(a)", "Section 4.2.", a lone heading) joins the next unit.
MIN_UNIT = 40


def ngrams(text: str) -> set[str]:
    """The distinct words and adjacent word pairs of `text`, lowercased (numbers dropped)."""
    words = _WORD.findall(text[:MAX_CHARS].lower())
    grams = set(words)
    grams.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return grams


def units(text: str) -> list[tuple[int, int]]:
    """Sentence-like units of `text` as (start, end) spans, covering its first MAX_CHARS.

    A piece shorter than MIN_UNIT characters joins the next one (the last joins the one before),
    so a unit is never just a list marker or a clause number. A text always has one unit.
    """
    text = text[:MAX_CHARS]
    pieces, start = [], 0
    for m in _UNIT_BREAK.finditer(text):
        pieces.append((start, m.start()))
        start = m.end()
    pieces.append((start, len(text)))
    spans: list[tuple[int, int]] = []
    for s, e in pieces:
        if spans and spans[-1][1] - spans[-1][0] < MIN_UNIT:
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    if len(spans) > 1 and spans[-1][1] - spans[-1][0] < MIN_UNIT:
        last = spans.pop()
        spans[-1] = (spans[-1][0], last[1])
    return spans


@dataclass(frozen=True)
class Lexicon:
    """One topic's n-gram weights and bias."""

    weights: Mapping[str, float]
    bias: float

    def score(self, grams: set[str]) -> float:
        """The logit of the topic for a clause with these n-grams."""
        if not grams:
            return self.bias
        # map() with the default as a second iterable: the same sum, in the same order, without
        # a generator frame per n-gram (about 1 s of CPU on the ingest bench's 2,528 clauses).
        total = sum(map(self.weights.get, grams, itertools.repeat(0.0)))
        return self.bias + total / math.sqrt(len(grams))


@dataclass(frozen=True)
class TopicLexicon:
    """A topic's two lexicons: over the whole clause, and over its best sentence-like unit."""

    clause: Lexicon
    sentence: Lexicon

    def scores(self, grams: set[str], unit_grams: Iterable[set[str]]) -> tuple[float, float]:
        """The clause logit, and the highest unit logit, for a clause's n-grams and its units'."""
        return self.clause.score(grams), max(map(self.sentence.score, unit_grams))


def _lexicon(entry: Mapping[str, Any]) -> Lexicon:
    return Lexicon(dict(entry["weights"]), float(entry["bias"]))


def load_lexicons(data: Mapping[str, object] | None = None) -> dict[str, TopicLexicon]:
    """The shipped lexicons by topic id (empty when none was fitted)."""
    if data is None:
        try:
            text = resources.files("rfp_assist.data").joinpath("topic_lexicon.json").read_text()
        except FileNotFoundError:
            return {}
        data = json.loads(text)
    out = {}
    for topic, entry in data.items():
        if isinstance(entry, dict):
            out[topic] = TopicLexicon(_lexicon(entry["clause"]), _lexicon(entry["sentence"]))
    return out


def lexicon_entry(
    weights: Iterable[tuple[str, float]], bias: float, *, keep: float
) -> dict[str, object]:
    """A lexicon as stored: n-grams whose absolute weight reaches `keep`, strongest first."""
    kept = sorted(((g, w) for g, w in weights if abs(w) >= keep), key=lambda gw: -abs(gw[1]))
    return {"bias": round(bias, 5), "weights": {g: round(w, 5) for g, w in kept}}
