"""Grounding: every sentence a model writes must be supported by the passages it cites.

A sentence ends with citations such as `[C1]` or `[C1, C3]`, ids the prompt gave to passages.
It is kept only when it cites at least one passage it was shown, every number it states appears
in a cited passage, every quotation in it occurs verbatim in a cited passage, and most of its
content words do. A quote offered as evidence is kept only when it is found in the source text,
and then it carries its exact span there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rfp_assist.analysis.values import read_values
from rfp_assist.llm.spotlight import unmark, visible_text

_CITATION = re.compile(r"\s*\[(C\d+(?:\s*[,;]\s*C\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“(])|(?<=\])\s+(?=[A-Z0-9\"'“(])|\n+")
_QUOTED = re.compile(r"[\"“]([^\"”]{4,})[\"”]")
_WORD = re.compile(r"[a-z0-9]+")
_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})
_STOP = frozenset(
    """the and for that this with from are was were will shall which who whom what when where
    their there they them its has have had not but all any each other than then into under
    upon per such may must would could should does also only more most less least both either
    between about over after before while clause section proposal vendor cdmo party""".split()  # noqa: SIM905
)
#: Share of a sentence's content words that must occur in the passages it cites.
MIN_WORD_SUPPORT = 0.6
#: Words that judge rather than report: scores, ratings, risk levels and recommendations come
#: from code, so a sentence using one the cited passages do not use is dropped.
_VERDICT = re.compile(
    r"\b(?:(?:high|low|medium|moderate|significant|minimal)[- ]risk|risky|scores?|scored|rating"
    r"|rated|ranks?|ranked|ranking|recommend\w*|best|worst|preferred|approved?|pre-approved"
    r"|safest|winner)\b",
    re.IGNORECASE,
)


def _norm(text: str) -> str:
    return visible_text(unmark(text)).translate(_FOLD)


def find_quote(source: str, quote: str) -> tuple[int, int] | None:
    """The span of `quote` in `source`, whitespace- and typography-insensitive; None if absent."""
    words = _norm(quote).split()
    if not words:
        return None
    folded = source.translate(_FOLD)
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, folded)
    return (match.start(), match.end()) if match else None


def _stem(word: str) -> str:
    return word[:5]


def content_words(text: str) -> set[str]:
    """Lower-cased word stems of `text` that carry meaning (no stopwords, no short words)."""
    return {_stem(w) for w in _WORD.findall(_norm(text).lower()) if len(w) > 2 and w not in _STOP}


def stated_numbers(text: str) -> set[float]:
    """Every number `text` states (digits or words, percentages and money included)."""
    found = read_values(_norm(text))
    return {float(q.value) for group in (found.numbers, found.percents, found.money)
            for q in group}  # fmt: skip


@dataclass(frozen=True)
class Sentence:
    """A sentence of a model's answer with the passage ids it cites."""

    text: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Dropped:
    """A sentence removed from an answer and why."""

    text: str
    reason: str


@dataclass(frozen=True)
class GroundedAnswer:
    """The supported sentences of an answer, in order, and the dropped ones."""

    sentences: tuple[Sentence, ...]
    dropped: tuple[Dropped, ...]

    @property
    def text(self) -> str:
        """The kept sentences with their citations, as one paragraph."""
        return " ".join(f"{s.text} [{', '.join(s.citations)}]" for s in self.sentences)


def split_sentences(answer: str) -> list[Sentence]:
    """The sentences of `answer`, each with the citations written at its end (or inside it)."""
    out = []
    for raw in _SENTENCE_END.split(unmark(answer).strip()):
        ids = tuple(dict.fromkeys(i.strip() for m in _CITATION.finditer(raw)
                                  for i in re.split(r"[,;]", m.group(1))))  # fmt: skip
        text = " ".join(_CITATION.sub("", raw).split())
        if text:
            out.append(Sentence(text, ids))
    return out


def check_sentence(sentence: Sentence, passages: Mapping[str, str]) -> str | None:
    """Why `sentence` is not supported by the passages it cites (None when it is)."""
    if not sentence.citations:
        return "cites no passage"
    unknown = [c for c in sentence.citations if c not in passages]
    if unknown:
        return f"cites passages it was not shown: {', '.join(unknown)}"
    cited = "\n".join(passages[c] for c in sentence.citations)
    for quote in _QUOTED.findall(_norm(sentence.text)):
        if find_quote(cited, quote) is None:
            return f"quotes text not in the cited passages: {quote!r}"
    folded = _norm(cited).lower()
    for verdict in _VERDICT.findall(_norm(sentence.text)):
        if verdict.lower() not in folded:
            return f"judges instead of reporting: {verdict!r} (scores and risk come from code)"
    missing = stated_numbers(sentence.text) - stated_numbers(cited)
    if missing:
        shown = ", ".join(f"{n:g}" for n in sorted(missing))
        return f"states numbers not in the cited passages: {shown}"
    words = content_words(sentence.text)
    if words:
        share = len(words & content_words(cited)) / len(words)
        if share < MIN_WORD_SUPPORT:
            return f"only {share:.0%} of its words are in the cited passages"
    return None


def ground(answer: str, passages: Mapping[str, str]) -> GroundedAnswer:
    """Keep the sentences of `answer` that the passages they cite support; drop the rest."""
    kept: list[Sentence] = []
    dropped: list[Dropped] = []
    for sentence in split_sentences(answer):
        reason = check_sentence(sentence, passages)
        if reason is None:
            kept.append(sentence)
        else:
            dropped.append(Dropped(sentence.text, reason))
    return GroundedAnswer(tuple(kept), tuple(dropped))


def passage_ids(count: int) -> list[str]:
    """The ids passages are shown to a model under: C1, C2, …"""
    return [f"C{i}" for i in range(1, count + 1)]


def cited_ids(answer: GroundedAnswer) -> Sequence[str]:
    """The passage ids the kept sentences cite, in first-cited order."""
    return list(dict.fromkeys(c for s in answer.sentences for c in s.citations))
