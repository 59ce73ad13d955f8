"""Which way a typed term is better for the buyer, read from the playbook's own conditions.

A numeric term is *higher-is-better* when the playbook asks for it from below where it wants
it (`>=` in the preferred position or a fallback) and rejects it from below (`<` in an
unacceptable one); the opposite signs make it lower-is-better. Conditions that bound a band on
both sides cancel out. A choice or yes/no term is ranked by the first position that names its
value: preferred, then each fallback in order, then unacceptable last.
"""

from __future__ import annotations

from typing import Literal

from rfp_assist.analysis.playbook import Playbook, Position
from rfp_assist.analysis.playbook_schema import _money, _number
from rfp_assist.model import TermValue

Direction = Literal["favourable", "unfavourable", "neutral", "unknown"]
_UP, _DOWN = (">", ">="), ("<", "<=")


def _positions(playbook: Playbook, topic: str) -> list[tuple[str, Position]]:
    entry = playbook.topics.get(topic)
    if entry is None:
        return []
    roles: list[tuple[str, Position]] = [("preferred", entry.preferred)] if entry.preferred else []
    roles += [("fallback", p) for p in entry.fallbacks]
    roles += [("unacceptable", p) for p in entry.unacceptable]
    return roles


def numeric_preference(playbook: Playbook, topic: str, key: str) -> int:
    """+1 when more of `key` is better for the buyer, -1 when less is, 0 when unknown."""
    weight = {"preferred": 2, "fallback": 1, "unacceptable": -2}
    score = 0
    for role, position in _positions(playbook, topic):
        for cond in position.when:
            if cond.term != key or cond.op is None:
                continue
            if cond.op in _UP:
                score += weight[role]
            elif cond.op in _DOWN:
                score -= weight[role]
    return (score > 0) - (score < 0)


def _rank(playbook: Playbook, topic: str, key: str, value: object) -> int | None:
    """0 for a preferred value, 1.. for fallbacks, a large rank for an unacceptable one."""
    fallback = 0
    for role, position in _positions(playbook, topic):
        fallback += role == "fallback"
        for cond in position.when:
            if cond.term != key:
                continue
            named = (cond.op == "==" and cond.value == value) or (
                cond.op == "in" and isinstance(cond.value, list) and value in cond.value
            )
            if named:
                return {"preferred": 0, "fallback": fallback, "unacceptable": 1000}[role]
    return None


def _magnitude(value: object) -> tuple[float, str] | None:
    money = _money(value)
    if money is not None:
        return money
    if isinstance(value, bool):
        return None
    number = _number(value)
    return (number, "") if number is not None else None


def term_direction(
    playbook: Playbook, topic: str, key: str, old: TermValue | None, new: TermValue | None
) -> Direction:
    """Whether changing `key` of `topic` from `old` to `new` is better for the buyer."""
    if old == new:
        return "neutral"
    if old is None or new is None:
        return "unknown"  # stated on one side only: the other side's silence is not a value
    a, b = _magnitude(old), _magnitude(new)
    if a is not None and b is not None:
        if a[1] != b[1]:
            return "unknown"  # money in two currencies: not comparable without a rate
        sign = numeric_preference(playbook, topic, key)
        if sign == 0 or a[0] == b[0]:
            return "unknown" if sign == 0 else "neutral"
        return "favourable" if (b[0] - a[0]) * sign > 0 else "unfavourable"
    rank_old, rank_new = _rank(playbook, topic, key, old), _rank(playbook, topic, key, new)
    if rank_old is None or rank_new is None or rank_old == rank_new:
        return "unknown"
    return "favourable" if rank_new < rank_old else "unfavourable"
