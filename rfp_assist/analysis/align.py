"""Align the clauses of two drafts by what they say, not by their numbers.

Clauses are compared on their *body*: the text without the number label it opens with, so a
renumbered clause still matches itself. Identical bodies pair first; the rest pair greedily by
word-level similarity (a heading that stayed the same lowers the bar). Pairs that keep their
relative order (the longest increasing run of new positions) stayed in place; a pair outside
that run was moved.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rfp_assist.model import Clause

_WORD = re.compile(r"\w+|[^\w\s]")
#: Word-level similarity needed to call two clauses versions of each other.
MIN_SIMILARITY = 0.6
#: The bar when the two clauses also carry the same heading.
MIN_SIMILARITY_SAME_HEADING = 0.3
#: Above this many word pairs (len(a)·len(b)), similarity counts shared words, ignoring order.
LONG_PAIR = 250 * 250
#: How many partners per clause get the word-level comparison (closest vocabulary first).
CANDIDATES = 5


@dataclass(frozen=True)
class Pair:
    """Old clause `old` aligned with new clause `new` (indices; None = no counterpart)."""

    old: int | None
    new: int | None
    similarity: float = 0.0
    in_order: bool = True


def body(clause: Clause) -> str:
    """The clause text without its leading number label, whitespace collapsed."""
    text = clause.text.lstrip()
    if clause.number and text.startswith(clause.number):
        text = text[len(clause.number) :].lstrip(" .)\t")
    return " ".join(text.split())


def _heading_key(clause: Clause) -> str:
    return " ".join((clause.heading or "").casefold().split())


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Word-sequence similarity in [0, 1]: difflib's ratio, or word-count overlap when long.

    difflib without its junk heuristic is quadratic on long clauses full of common words; past
    `LONG_PAIR` word pairs the order-free overlap 2·|a∩b|/(|a|+|b|) (its upper bound) is used.
    """
    if not a and not b:
        return 1.0
    if len(a) * len(b) > LONG_PAIR:
        shared = sum((Counter(a) & Counter(b)).values())
        return 2.0 * shared / (len(a) + len(b))
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs on a longest run whose new indices increase with the old ones."""
    pairs = sorted(pairs)
    tails: list[int] = []  # new index ending the best run of each length
    tail_at: list[int] = []  # position in `pairs` of that end
    back: list[int] = [-1] * len(pairs)
    for i, (_, new) in enumerate(pairs):
        k = bisect.bisect_left(tails, new)
        if k == len(tails):
            tails.append(new)
            tail_at.append(i)
        else:
            tails[k] = new
            tail_at[k] = i
        back[i] = tail_at[k - 1] if k else -1
    keep: set[tuple[int, int]] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        keep.add(pairs[i])
        i = back[i]
    return keep


def _plausible(
    old: Sequence[Clause],
    new: Sequence[Clause],
    rest_old: list[int],
    rest_new: list[int],
    words_old: dict[int, list[str]],
    words_new: dict[int, list[str]],
) -> list[tuple[int, int]]:
    """Pairs worth a word-level comparison: the closest by shared vocabulary, or same heading.

    Shared vocabulary (Jaccard of word sets) for all pairs at once is one matrix product;
    difflib then runs on at most `CANDIDATES` partners per old clause, so long contracts with
    many edits stay fast.
    """
    if not rest_old or not rest_new:
        return []
    vocabulary: dict[str, int] = {}
    for words in (*words_old.values(), *words_new.values()):
        for word in words:
            vocabulary.setdefault(word, len(vocabulary))

    def matrix(rows: list[int], words: dict[int, list[str]]) -> np.ndarray:
        out = np.zeros((len(rows), max(len(vocabulary), 1)), dtype=np.float32)
        for r, index in enumerate(rows):
            out[r, [vocabulary[w] for w in set(words[index])]] = 1.0
        return out

    a, b = matrix(rest_old, words_old), matrix(rest_new, words_new)
    shared = a @ b.T
    union = a.sum(1)[:, None] + b.sum(1)[None, :] - shared
    jaccard = shared / np.maximum(union, 1.0)
    headings: dict[str, list[int]] = defaultdict(list)
    for c, j in enumerate(rest_new):
        if new[j].heading:
            headings[_heading_key(new[j])].append(c)
    pairs = []
    for r, i in enumerate(rest_old):
        row = jaccard[r]
        best = [int(c) for c in np.argsort(-row, kind="stable")[:CANDIDATES]]
        same = headings.get(_heading_key(old[i]), []) if old[i].heading else []
        for c in dict.fromkeys([*best, *same]):
            if row[c] >= MIN_SIMILARITY_SAME_HEADING / 2:
                pairs.append((i, rest_new[c]))
    return pairs


def align(old: Sequence[Clause], new: Sequence[Clause]) -> list[Pair]:
    """Pairs covering every clause of `old` and `new`, in the new draft's order."""
    old_bodies, new_bodies = [body(c) for c in old], [body(c) for c in new]
    matched: dict[int, tuple[int, float]] = {}  # old index -> (new index, similarity)
    by_body: dict[str, list[int]] = defaultdict(list)
    for j, text in enumerate(new_bodies):
        by_body[text].append(j)
    for i, text in enumerate(old_bodies):
        if by_body.get(text):
            matched[i] = (by_body[text].pop(0), 1.0)
    taken = {j for j, _ in matched.values()}
    rest_old = [i for i in range(len(old)) if i not in matched]
    rest_new = [j for j in range(len(new)) if j not in taken]
    words_old = {i: _WORD.findall(old_bodies[i].casefold()) for i in rest_old}
    words_new = {j: _WORD.findall(new_bodies[j].casefold()) for j in rest_new}
    candidates: list[tuple[float, int, int]] = []
    for i, j in _plausible(old, new, rest_old, rest_new, words_old, words_new):
        same_heading = bool(old[i].heading) and _heading_key(old[i]) == _heading_key(new[j])
        bar = MIN_SIMILARITY_SAME_HEADING if same_heading else MIN_SIMILARITY
        score = similarity(words_old[i], words_new[j])
        if score >= bar:
            candidates.append((score + (0.5 if same_heading else 0.0), i, j))
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in matched and j not in taken:
            matched[i] = (j, similarity(words_old[i], words_new[j]))
            taken.add(j)
    ordered = _in_order([(i, j) for i, (j, _) in matched.items()])
    pairs = [Pair(i, j, s, (i, j) in ordered) for i, (j, s) in matched.items()]
    pairs += [Pair(i, None) for i in range(len(old)) if i not in matched]
    pairs += [Pair(None, j) for j in range(len(new)) if j not in taken]
    return sorted(pairs, key=_reading_order(pairs))


def _reading_order(pairs: list[Pair]) -> Callable[[Pair], tuple[float, int]]:
    """Sort key: by new position; a removed clause right after its old predecessor's partner."""
    partner = {
        p.old: p.new for p in pairs if p.old is not None and p.new is not None and p.in_order
    }

    def key(pair: Pair) -> tuple[float, int]:
        if pair.new is not None:
            return (float(pair.new), 0)
        assert pair.old is not None
        anchor = next((partner[i] for i in range(pair.old - 1, -1, -1) if i in partner), -1)
        return (anchor + 0.5, pair.old)

    return key
