"""Learned lexicons: how a clause splits into sentence-like units, and how the units score it."""

from __future__ import annotations

import itertools

import numpy as np

from rfp_assist.analysis.classify import FEATURES, features
from rfp_assist.analysis.lexical import MIN_UNIT, Lexicon, TopicLexicon, ngrams, units
from rfp_assist.model import Clause
from rfp_assist.understand import Reader


def _texts(text: str) -> list[str]:
    return [text[s:e] for s, e in units(text)]


def test_a_clause_splits_at_sentence_ends_semicolons_and_blank_lines() -> None:
    text = (
        "The Supplier shall maintain product liability insurance of USD 5,000,000. "
        "It shall name the Client as additional insured; it shall provide certificates on request."
        "\n\nEither party may audit the other's records once a year upon thirty days' notice."
    )
    assert _texts(text) == [
        "The Supplier shall maintain product liability insurance of USD 5,000,000.",
        "It shall name the Client as additional insured;",
        "it shall provide certificates on request.",
        "Either party may audit the other's records once a year upon thirty days' notice.",
    ]


def test_short_pieces_join_a_neighbour_and_nothing_is_lost() -> None:
    text = "12.3 Audit. (a) The Client may audit the Supplier's batch records on notice. (b) Ok."
    assert _texts(text) == [
        "12.3 Audit. (a) The Client may audit the Supplier's batch records on notice. (b) Ok."
    ]
    long = " ".join(
        f"({i}) Sentence {i} of a clause that goes on;\n\n(x) and on." for i in range(30)
    )
    spans = units(long)
    assert len(spans) > 10
    assert all(e - s >= MIN_UNIT for s, e in spans)
    # Units are in order, do not overlap and leave out only the spaces between them.
    assert spans[0][0] == 0
    assert spans[-1][1] == len(long)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start
        assert not long[end:start].strip()
    assert units("") == [(0, 0)]


def test_the_best_unit_scores_the_clause_and_is_not_diluted() -> None:
    weights = {"governed": 2.0, "laws": 1.0}
    lexicon = TopicLexicon(Lexicon(weights, -1.0), Lexicon(weights, -1.0))
    decisive = "This Agreement is governed by the laws of the State of New York."
    filler = " ".join(
        f"The Supplier shall deliver item {i} of the order on the agreed date." for i in range(8)
    )
    text = f"{filler} {decisive}"
    parts = [ngrams(text[s:e]) for s, e in units(text)]
    clause, sentence = lexicon.scores(ngrams(text), parts)
    alone, _ = lexicon.scores(ngrams(decisive), [ngrams(decisive)])
    assert sentence == max(lexicon.sentence.score(p) for p in parts) == alone
    assert clause < sentence  # the whole clause dilutes what its last sentence says


def test_the_classifier_reads_the_shipped_sentence_lexicons() -> None:
    reader = Reader()
    model = reader.topic_model
    law = model.ids.index("governing_law")
    lexicon = model.lexicons[law]
    assert lexicon is not None
    filler = " ".join(
        f"The Supplier shall deliver item {i} of the order on the agreed date." for i in range(8)
    )
    text = f"{filler} This Agreement is governed by the laws of the State of New York."
    clause = Clause(
        id="d-1", document_id="d", number="1", heading=None, start=0, end=len(text), text=text,
        page=1, page_end=1,
    )  # fmt: skip
    row = features(model, [clause], reader.embed([text])).generic[0, law]
    best = max(lexicon.sentence.score(ngrams(text[s:e])) for s, e in units(text))
    assert np.isclose(row[FEATURES.index("lexical_sentence")], best)
    assert row[FEATURES.index("lexical_sentence")] > row[FEATURES.index("lexical")]
    assert row[FEATURES.index("lexical_sentence_gap")] == 0.0  # its own document's best
