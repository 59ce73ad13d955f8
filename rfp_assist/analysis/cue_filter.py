"""A literal-word prefilter for the topics' cue patterns: skip a search that cannot match.

Every clause is searched for every topic's cues (about 500 case-insensitive patterns): most of
classification's own CPU time, since `re` scans a case-insensitive pattern position by position.
Most cues contain words any match must contain ("handling fee", "insolven", one of "raw
material" / "consumables"). Those literals are read once from each pattern's parse tree; a clause
whose folded text contains none of them cannot match, and is not searched. Otherwise the pattern
itself decides, so a result is never changed: the prefilter only skips searches that would fail.

Folding is what case-insensitive `re` does for ASCII: lowercase, plus the four non-ASCII letters
it also equates with ASCII ones (dotted and dotless I, long s, Kelvin sign). Literals hold ASCII
only; a pattern with none gets no prefilter.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rfp_assist.analysis.classify import TopicSignals

#: Strings of which a match must contain at least one (folded), or None: no such guarantee.
Literals = tuple[str, ...] | None

# `re`'s own parser: the pattern as `re` reads it, not a second reading of its syntax.
_parser: Any = importlib.import_module("re._parser")
_codes: Any = importlib.import_module("re._constants")
_REPEATS = (_codes.MAX_REPEAT, _codes.MIN_REPEAT, _codes.POSSESSIVE_REPEAT)

#: Non-ASCII characters that case-insensitive `re` matches to an ASCII character, mapped to it
#: (a test scans every code point). Each maps to one character: folding keeps offsets.
ASCII_EQUIVALENTS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_FOLD = str.maketrans(ASCII_EQUIVALENTS)


def fold(text: str) -> str:
    """`text` as case-insensitive `re` compares it with ASCII: same length, lowercased."""
    return text.translate(_FOLD).lower()


def _most_selective(candidates: Sequence[tuple[str, ...]]) -> Literals:
    """The candidate whose shortest literal is longest (fewest alternatives on a tie)."""
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)), default=None)


def _required(items: Any) -> Literals:
    """Literals one of which any match of the parsed sequence `items` contains."""
    candidates: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, arg in items:
        if op is _codes.LITERAL and arg < 128:
            run.append(chr(arg).lower())
            continue
        if run:  # a run of literal characters ends: the whole run is in every match
            candidates.append(("".join(run),))
            run = []
        inner: Literals = None
        if op is _codes.SUBPATTERN:
            inner = _required(arg[3])
        elif op is _codes.ATOMIC_GROUP:
            inner = _required(arg)
        elif op is _codes.BRANCH:
            branches = [_required(b) for b in arg[1]]
            if all(b is not None for b in branches):
                inner = tuple(sorted({s for b in branches if b is not None for s in b}))
        elif op in _REPEATS and arg[0] >= 1:  # repeated at least once
            inner = _required(arg[2])
        if inner is not None:
            candidates.append(inner)
    if run:
        candidates.append(("".join(run),))
    return _most_selective(candidates)


def required_literals(pattern: re.Pattern[str]) -> Literals:
    """Folded strings one of which every match of `pattern` contains (None: not known)."""
    try:
        return _required(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - an unreadable parse only costs the prefilter
        return None


def search(
    pattern: re.Pattern[str], literals: Literals, text: str, folded: str
) -> re.Match[str] | None:
    """`pattern.search(text)`; not run (None) when `folded`, text's fold, lacks every literal."""
    if literals is not None:
        for literal in literals:  # a loop, not any(): this runs a million times per ingest
            if literal in folded:
                break
        else:
            return None
    return pattern.search(text)


@dataclass(frozen=True)
class TopicLiterals:
    """The literals of one topic's cues, heading cues and negative cues, pattern by pattern."""

    cues: tuple[Literals, ...]
    heading_cues: tuple[Literals, ...]
    negative_cues: tuple[Literals, ...]


def topic_literals(topics: Sequence[TopicSignals]) -> tuple[TopicLiterals, ...]:
    """The literals of every topic's patterns, in model order."""
    return tuple(
        TopicLiterals(
            cues=tuple(required_literals(c) for c in t.cues),
            heading_cues=tuple(required_literals(c) for c in t.heading_cues),
            negative_cues=tuple(required_literals(c) for c in t.negative_cues),
        )
        for t in topics
    )
