"""The cue prefilter: sound literals, exact folding, and features identical with and without it."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

from rfp_assist.analysis.classify import TopicModel, build_model, features, load_signals
from rfp_assist.analysis.cue_filter import (
    ASCII_EQUIVALENTS,
    TopicLiterals,
    fold,
    required_literals,
    search,
)
from rfp_assist.loaders import load
from rfp_assist.pipeline import analyse
from tests.conftest import CORPORA, SHARED_EVAL

EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
DOCUMENTS = (
    CORPORA / "msa" / "msa_v2.docx",
    CORPORA / "proposals" / "helix_viral_proposal.pdf",
    SHARED_EVAL / "cuad" / "contracts" / "NETZEEINC_11_14_2002-EX-10.3-MAINTENANCE AGREEMENT.txt",
)
#: Case-insensitive re matches these to ASCII letters: a naive lowercase would miss them.
TRICKY = (
    "THE SUPPLİER SHALL İNDEMNİFY AND HOLD HARMLESS",
    "a ſole ſupplier; ſhall not diſcloſe; inſolvency",
    "\u212aEY PERFORMANCE INDICATORS; mar\u212a-up of 10%",
    "ındemnıfıcatıon; lıabılıty ıs lımıted",
)


def test_ascii_equivalents_are_every_non_ascii_character_re_matches_to_ascii() -> None:
    any_ascii = re.compile("[\x00-\x7f]", re.IGNORECASE)
    found = {m.group() for m in any_ascii.finditer(EVERY_CHARACTER) if not m.group().isascii()}
    assert found == set(ASCII_EQUIVALENTS)
    for char, ascii_char in ASCII_EQUIVALENTS.items():
        assert re.fullmatch(re.escape(ascii_char), char, re.IGNORECASE)


def test_fold_keeps_every_offset() -> None:
    folded = fold(EVERY_CHARACTER)
    assert len(folded) == len(EVERY_CHARACTER)
    assert fold("Kelvin \u212a, İstanbul, ſ") == "kelvin k, istanbul, s"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("handling fee", ("handling fee",)),
        (r"\bmark[- ]?up\b", ("mark",)),
        ("cancel+(ation|ed|s)?\\b", ("cance",)),
        (r"(raw materials?|consumables).{0,60}\bcost\b", ("consumables", "raw material")),
        (r"\bgrade [ABCD]\b", ("grade ",)),
        ("autologous|allogeneic", ("llogeneic", "utologous")),  # re factors out the "a"
        ("(?:price|)review", ("review",)),  # an empty alternative: the branch says nothing
        ("(?:liquidated)?damages", ("damages",)),  # optional: not required
        (r"(?=.*cap)liab", ("liab",)),  # lookarounds are left out
        (r"\d+ ?%", ("%",)),
        (r"\b\d+ days?\b", (" day",)),
        (r"\b(\d+|[A-Z])\b", None),
        ("[€£$]", None),
        ("€ ?fee", ("fee",)),  # non-ASCII literals are never required
    ],
)
def test_required_literals(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert required_literals(re.compile(pattern, re.IGNORECASE)) == expected


def _patterns() -> list[re.Pattern[str]]:
    topics = load_signals()
    return [p for t in topics for p in (*t.cues, *t.heading_cues, *t.negative_cues)]


def test_every_shipped_pattern_searches_exactly_as_re_does() -> None:
    texts = [c.text for path in DOCUMENTS for c in analyse(load(path)).segments]
    texts += [*TRICKY, *(t.lower() for t in TRICKY)]
    hits = 0
    for pattern in _patterns():
        literals = required_literals(pattern)
        for text in texts:
            expected, found = pattern.search(text), search(pattern, literals, text, fold(text))
            assert (found and found.span()) == (expected and expected.span()), pattern.pattern
            hits += expected is not None
    assert hits > 500  # the texts do match many of the patterns


def _without_prefilter(model: TopicModel) -> TopicModel:
    def unknown(n: int) -> tuple[None, ...]:
        return (None,) * n

    return replace(
        model,
        literals=tuple(
            TopicLiterals(
                unknown(len(t.cues)), unknown(len(t.heading_cues)), unknown(len(t.negative_cues))
            )
            for t in model.topics
        ),
    )


def test_features_are_identical_with_and_without_the_prefilter() -> None:
    rng = np.random.default_rng(0)
    model = build_model(lambda texts: rng.normal(size=(len(texts), 384)).astype(np.float32))
    plain = _without_prefilter(model)
    fired = 0
    for path in DOCUMENTS:
        clauses = analyse(load(path)).clauses
        vectors = rng.normal(size=(len(clauses), 384)).astype(np.float32)
        ours, theirs = features(model, clauses, vectors), features(plain, clauses, vectors)
        assert np.array_equal(ours.generic, theirs.generic)
        assert all(np.array_equal(a, b) for a, b in zip(ours.cues, theirs.cues, strict=True))
        fired += sum(int(c.sum()) for c in ours.cues)
    assert fired > 100  # cues do fire
