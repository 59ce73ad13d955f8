"""Learned lexical cues: per topic, weights of word unigrams and bigrams fitted on labelled clauses.

A clause is a set of n-grams (lowercased words and word pairs); its lexical score for a topic is
the bias plus the weights of the n-grams it contains, divided by the square root of how many it
has (a binary bag of words with unit length). Weights are data (`data/topic_lexicon.json`),
written by `bench/fit_topics.py`; only n-grams with a meaningful weight are kept.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
#: Characters read per clause: enough for any clause's wording, bounded for huge ones.
MAX_CHARS = 20000


def ngrams(text: str) -> set[str]:
    """The distinct words and adjacent word pairs of `text`, lowercased (numbers dropped)."""
    words = _WORD.findall(text[:MAX_CHARS].lower())
    grams = set(words)
    grams.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return grams


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


def load_lexicons(data: Mapping[str, object] | None = None) -> dict[str, Lexicon]:
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
            out[topic] = Lexicon(dict(entry["weights"]), float(entry["bias"]))
    return out


def lexicon_entry(
    weights: Iterable[tuple[str, float]], bias: float, *, keep: float
) -> dict[str, object]:
    """A lexicon as stored: n-grams whose absolute weight reaches `keep`, strongest first."""
    kept = sorted(((g, w) for g, w in weights if abs(w) >= keep), key=lambda gw: -abs(gw[1]))
    return {"bias": round(bias, 5), "weights": {g: round(w, 5) for g, w in kept}}
