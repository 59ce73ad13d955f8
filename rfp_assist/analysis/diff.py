"""What a new draft changed, clause by clause, and whether each change is better for the buyer.

Clauses are aligned by content (`align.py`). Each aligned pair is unchanged, moved (same text,
out of order) or modified; unpaired clauses are added or removed. The direction is computed,
never guessed from wording: first the playbook risk of the two versions (low beats medium beats
high); when that does not move, the typed terms that changed, each read against the playbook's
own conditions (`term_preference`); with no term change either, a modified clause is neutral
("wording only").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from rfp_assist.analysis.align import Pair, align, body
from rfp_assist.analysis.diff_text import (
    added_summary,
    moved_summary,
    removed_summary,
    term_summary,
    wording_summary,
)
from rfp_assist.analysis.playbook import Playbook
from rfp_assist.analysis.preference import term_direction
from rfp_assist.model import Clause, Revision, TermValue
from rfp_assist.understand import ClauseReading, Reading

ChangeKind = Literal["modified", "added", "removed", "moved", "unchanged"]
Direction = Literal["favourable", "unfavourable", "neutral", "unknown"]
_SEVERITY = {"low": 1, "medium": 2, "high": 3}


@dataclass(frozen=True)
class TermChange:
    """One typed term whose value differs between the drafts (None = not stated)."""

    topic: str
    key: str
    old: TermValue | None
    new: TermValue | None
    direction: Direction


@dataclass(frozen=True)
class ClauseChange:
    """One aligned clause (or an unpaired one) with what changed and what it means."""

    kind: ChangeKind
    old: ClauseReading | None
    new: ClauseReading | None
    topics: tuple[str, ...]
    direction: Direction
    summary: str
    term_changes: tuple[TermChange, ...] = ()
    similarity: float = 0.0
    authors: tuple[str, ...] = ()

    @property
    def renumbered(self) -> bool:
        """True when both versions exist and their numbers differ."""
        if self.old is None or self.new is None:
            return False
        return self.old.clause.number != self.new.clause.number


@dataclass(frozen=True)
class DraftDiff:
    """Every clause of two drafts, aligned, in the new draft's order."""

    old: Reading
    new: Reading
    changes: tuple[ClauseChange, ...]

    def count(self, kind: ChangeKind) -> int:
        """How many changes are of `kind`."""
        return sum(c.kind == kind for c in self.changes)


def _topics(*readings: ClauseReading | None) -> tuple[str, ...]:
    ids = [s.topic for r in readings if r is not None for s in r.topics]
    return tuple(dict.fromkeys(ids))


def term_changes(
    playbook: Playbook, old: ClauseReading, new: ClauseReading, topics: Sequence[str]
) -> tuple[TermChange, ...]:
    """The typed terms that differ between two versions of a clause, each with its direction."""
    before, after = old.terms_by_topic(), new.terms_by_topic()
    changes = []
    for topic in topics:
        was, now = before.get(topic, {}), after.get(topic, {})
        for key in dict.fromkeys([*was, *now]):
            a, b = was.get(key), now.get(key)
            if a != b:
                changes.append(
                    TermChange(topic, key, a, b, term_direction(playbook, topic, key, a, b))
                )
    return tuple(changes)


def _risk_direction(old: str, new: str) -> Direction | None:
    if old not in _SEVERITY or new not in _SEVERITY or old == new:
        return None
    return "favourable" if _SEVERITY[new] < _SEVERITY[old] else "unfavourable"


def _combined(directions: Sequence[Direction]) -> Direction:
    moved = {d for d in directions if d != "neutral"}
    if not moved:
        return "neutral"
    return moved.pop() if len(moved) == 1 else "unknown"


def _modified(
    playbook: Playbook, old: ClauseReading, new: ClauseReading, sim: float
) -> ClauseChange:
    topics = _topics(old, new)
    changes = term_changes(playbook, old, new, topics)
    by_risk = _risk_direction(old.risk, new.risk)
    direction = by_risk or _combined([c.direction for c in changes])
    if changes:
        summary = "; ".join(term_summary(c.topic, c.key, c.old, c.new) for c in changes)
    else:
        wording = wording_summary(body(old.clause), body(new.clause))
        summary = f"wording only: {wording}" if old.risk == new.risk else f"reworded: {wording}"
    if old.risk != new.risk:
        summary += f"; risk {old.risk} → {new.risk}"
    if old.clause.number != new.clause.number:
        summary += f"; renumbered {old.clause.number} → {new.clause.number}"
    return ClauseChange("modified", old, new, topics, direction, summary, changes, sim)


def _one_sided(kind: Literal["added", "removed"], reading: ClauseReading) -> ClauseChange:
    topics = _topics(reading)
    # A clause the buyer's playbook rates low protected the buyer: gaining it is favourable,
    # losing it unfavourable; a high-risk clause the other way round.
    direction: Direction = "unknown"
    if reading.risk in ("low", "high"):
        gained_good = (kind == "added") == (reading.risk == "low")
        direction = "favourable" if gained_good else "unfavourable"
    if kind == "added":
        return ClauseChange(kind, None, reading, topics, direction, added_summary(reading))
    return ClauseChange(kind, reading, None, topics, direction, removed_summary(reading))


def _authors(clause: Clause, revisions: Sequence[Revision], removed: bool) -> tuple[str, ...]:
    """Authors of the tracked changes inside the clause (or, removed, of its deletion)."""
    if removed:
        opening = body(clause)[:60]
        hits = [
            r for r in revisions if r.kind == "deletion" and opening in " ".join(r.text.split())
        ]
    else:
        hits = [r for r in revisions if r.start < clause.end and r.end >= clause.start]
    return tuple(dict.fromkeys(r.author for r in hits if r.author))


def _change(playbook: Playbook, pair: Pair, old: Reading, new: Reading) -> ClauseChange:
    a = old.clauses[pair.old] if pair.old is not None else None
    b = new.clauses[pair.new] if pair.new is not None else None
    if a is None and b is not None:
        change = _one_sided("added", b)
    elif b is None and a is not None:
        change = _one_sided("removed", a)
    else:
        assert a is not None
        assert b is not None
        if body(a.clause) != body(b.clause):
            change = _modified(playbook, a, b, pair.similarity)
            if not pair.in_order:  # moved and changed: one change, modified, saying both
                where = moved_summary(old.analysis, new.analysis, a.clause, b.clause)
                summary = f"{change.summary}; {where.replace(' moved unchanged ', ' moved ')}"
                change = replace(change, summary=summary)
        elif not pair.in_order:
            summary = moved_summary(old.analysis, new.analysis, a.clause, b.clause)
            change = ClauseChange("moved", a, b, _topics(a, b), "neutral", summary, similarity=1.0)
        else:
            summary = "unchanged"
            if a.clause.number != b.clause.number:
                summary = f"renumbered {a.clause.number} → {b.clause.number}; text unchanged"
            change = ClauseChange(
                "unchanged", a, b, _topics(a, b), "neutral", summary, similarity=1.0
            )
    revisions = new.analysis.document.revisions
    side = b or a
    if revisions and change.kind != "unchanged" and side is not None:
        change = replace(change, authors=_authors(side.clause, revisions, removed=b is None))
    return change


def diff_readings(playbook: Playbook, old: Reading, new: Reading) -> DraftDiff:
    """Align two read drafts and classify, direct and summarise every clause change."""
    pairs = align([r.clause for r in old.clauses], [r.clause for r in new.clauses])
    return DraftDiff(old, new, tuple(_change(playbook, p, old, new) for p in pairs))
