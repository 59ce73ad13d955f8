"""A buyer's negotiation playbook: load and check it, and place a clause's terms against it.

A playbook gives, per topic, a preferred position, fallbacks and unacceptable positions, each a
list of conditions that must all hold. Each position is checked on the clause's stated terms
and its text, and comes out *met*, *failed* or *open* (a term it needs is not stated, or money
is in another currency). The risk is the best rating the evidence supports, read from the
buyer's side:

- ``high``: an unacceptable position is met (a red line needs positive evidence);
- ``low``: else the preferred position is met (every one of its conditions verified);
- ``medium``: else a fallback is met; or the preferred position has failed, so the stated
  terms fall short of it without crossing a red line ("between positions: review"); or the
  topic has no preferred position at all (nothing can be rated low without one);
- ``unknown``: else (the preferred position is open and no fallback is met: the deciding terms
  are not stated), or the playbook has no entry for the topic.

So a missing value never yields ``low``. An unacceptable position left open changes no rating
but is reported as "not ruled out", with the term it needs.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rfp_assist.analysis.playbook_schema import (
    _KIND_WORDS,
    Condition,
    Op,
    Playbook,
    Position,
    TopicPositions,
    _money,
    _number,
    load_playbook,
    parse_playbook,
)
from rfp_assist.model import TermValue
from rfp_assist.taxonomy import TermSpec, TopicSpec, load_taxonomy

__all__ = [
    "Assessment",
    "Condition",
    "Op",
    "Playbook",
    "Position",
    "Risk",
    "TermSpec",
    "TopicPositions",
    "TopicSpec",
    "assess",
    "assess_clause",
    "load_playbook",
    "load_taxonomy",
    "normalise_phrase",
    "parse_playbook",
]

Risk = Literal["low", "medium", "high", "unknown"]
_SEVERITY: dict[str, int] = {"unknown": 0, "low": 1, "medium": 2, "high": 3}


# -- checking a clause against positions --------------------------------------------------------
@dataclass(frozen=True)
class _Check:
    """One condition checked: True (holds), False (fails) or None (cannot tell), and why."""

    state: bool | None
    reason: str
    gap: str = ""  # for state None: what is missing, in a few words ("cap not stated")


_SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
_SINGULAR = {"days": "day", "weeks": "week", "months": "month", "years": "year", "batches": "batch"}


def _fmt_number(value: float) -> str:
    if value.is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    return f"{value:g}"


def _fmt(spec: TermSpec, value: object) -> str:
    """A term value as a lawyer would write it: 15%, 30 days, USD 1,450,000, yes."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    money = _money(value)
    if money is not None:
        amount = f"{money[0]:,.0f}" if money[0].is_integer() else f"{money[0]:,.2f}"
        return f"{money[1]} {amount}"
    if isinstance(value, list):
        shown = ", ".join(str(v) for v in value[:4]) + (", …" if len(value) > 4 else "")
        return f"{len(value)} ({shown})" if value else "0"
    number = _number(value)
    if number is None:
        return str(value)
    text, unit = _fmt_number(number), spec.unit
    if unit == "pct":
        return f"{text}%"
    if unit == "multiple":
        return f"{text}× fees"
    if unit in _SINGULAR:
        return f"{text} {_SINGULAR[unit] if number == 1 else unit}"
    return text


def _quoted(phrases: Sequence[str], joiner: str = "or") -> str:
    items = [f"'{p}'" for p in phrases]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {joiner} {items[-1]}"


def normalise_phrase(text: str) -> str:
    """Text for phrase matching: NFKC, casefolded, straight quotes, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def _check(
    cond: Condition,
    specs: Mapping[str, TermSpec],
    terms: Mapping[str, TermValue | None],
    clean: str,
    role: str,
) -> _Check:
    if cond.phrase_any is not None:
        hits = [p for p in cond.phrase_any if normalise_phrase(p) in clean]
        if hits:
            return _Check(True, f"text says '{hits[0]}' ({role})")
        return _Check(False, f"text says none of {_quoted(cond.phrase_any)} ({role})")
    if cond.phrase_none is not None:
        hits = [p for p in cond.phrase_none if normalise_phrase(p) in clean]
        if hits:
            return _Check(False, f"text says '{hits[0]}', which {role} excludes")
        return _Check(True, f"text does not say {_quoted(cond.phrase_none)} ({role})")
    key, op = str(cond.term), str(cond.op)
    spec = specs.get(key) or TermSpec(key, "number", key)
    return _check_term(spec, op, cond.value, terms.get(key), role)


def _check_term(spec: TermSpec, op: str, target: Any, actual: object, role: str) -> _Check:
    label = spec.label
    if actual is None:
        if op == "present":
            return _Check(False, f"{label} not stated; playbook {role} needs it")
        if op == "absent":
            return _Check(True, f"{label} not stated ({role})")
        if op == "in":
            want = "one of " + ", ".join(_fmt(spec, t) for t in target)
        else:
            want = f"{_SYMBOL[op]} {_fmt(spec, target)}"
        reason = f"{label} not stated; playbook {role} needs {label} {want}"
        return _Check(None, reason, f"{label} not stated")
    a = _fmt(spec, actual)
    if op == "present":
        return _Check(True, f"{label} stated: {a} ({role})")
    if op == "absent":
        return _Check(False, f"{label} is stated ({a}); playbook {role} needs it absent")
    if spec.type in ("bool", "choice", "text"):
        return _check_equality(spec, op, target, actual, role)
    if spec.type == "list" and op == "in":
        if not isinstance(actual, list):
            return _Check(None, f"{label} {a} is not a list ({role})", f"{label} unreadable")
        wanted = {str(t).casefold() for t in target}
        found = [str(x) for x in actual if str(x).casefold() in wanted]
        shown = ", ".join(str(t) for t in target)
        if found:
            return _Check(True, f"{label} include {', '.join(found)} ({role})")
        return _Check(False, f"{label} {a} include none of {shown} ({role})")
    if spec.type == "money":
        mine, theirs = _money(actual), _money(target)
        if mine is None or theirs is None:
            return _Check(
                None, f"{label} {a} cannot be compared as money ({role})", f"{label} unreadable"
            )
        if mine[1] != theirs[1]:
            t = _fmt(spec, target)
            reason = f"{label} {a} not comparable with playbook {t} ({role}): other currency"
            return _Check(None, reason, f"{label} in another currency")
        value, goal = mine[0], theirs[0]
    else:
        is_list = spec.type == "list" and isinstance(actual, list)
        number = float(len(actual)) if isinstance(actual, list) and is_list else _number(actual)
        if number is None:
            return _Check(
                None, f"{label} {a} is not a number; cannot check ({role})", f"{label} unreadable"
            )
        value = number
        if op == "in":
            options = [_number(t) for t in target]
            shown = ", ".join(_fmt(spec, t) for t in target)
            if any(o is not None and math.isclose(value, o) for o in options):
                return _Check(True, f"{label} {a}, one of {shown} ({role})")
            return _Check(False, f"{label} {a} not one of {shown} ({role})")
        goal = float(target)
    t = _fmt(spec, target) if spec.type != "list" else _fmt_number(goal)
    a = a if spec.type != "list" else _fmt_number(value)
    holds = {
        "<": value < goal, "<=": value <= goal, ">": value > goal, ">=": value >= goal,
        "==": math.isclose(value, goal), "!=": not math.isclose(value, goal),
    }[op]  # fmt: skip
    if holds:
        return _Check(True, f"{label} {a} {_SYMBOL[op]} {t} ({role})")
    failed = {
        ">=": f"{label} {a} < playbook minimum {t} ({role})",
        ">": f"{label} {a} ≤ {t}; playbook {role} needs more than {t}",
        "<=": f"{label} {a} > playbook maximum {t} ({role})",
        "<": f"{label} {a} ≥ {t}; playbook {role} needs less than {t}",
        "==": f"{label} {a} ≠ {t} needed by playbook ({role})",
        "!=": f"{label} {a}, which playbook {role} rules out",
    }
    return _Check(False, failed[op])


def _check_equality(spec: TermSpec, op: str, target: Any, actual: object, role: str) -> _Check:
    """==, != and `in` for yes/no, choice and text terms (text compared casefolded)."""
    label, a = spec.label, _fmt(spec, actual)
    if type(actual) is not type(target if op != "in" else target[0]):
        reason = f"{label} {a} is not {_KIND_WORDS[spec.type]}; cannot check ({role})"
        return _Check(None, reason, f"{label} unreadable")

    def same(x: object, y: object) -> bool:
        return x.casefold() == y.casefold() if isinstance(x, str) and isinstance(y, str) else x == y

    if op == "in":
        shown = ", ".join(_fmt(spec, t) for t in target)
        if any(same(actual, t) for t in target):
            return _Check(True, f"{label}: {a}, one of {shown} ({role})")
        return _Check(False, f"{label}: {a}, not one of {shown} ({role})")
    t = _fmt(spec, target)
    if same(actual, target) == (op == "=="):
        return _Check(True, f"{label}: {a}" + (f", not {t}" if op == "!=" else "") + f" ({role})")
    if op == "==":
        return _Check(False, f"{label}: {a}; playbook {role} needs {t}")
    return _Check(False, f"{label}: {a}, which playbook {role} rules out")


# -- rating -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Assessment:
    """A risk rating with lawyer-readable reasons and the playbook position that decided it."""

    risk: Risk
    reasons: tuple[str, ...]
    position: str | None


@dataclass(frozen=True)
class _Result:
    """One position checked against a clause."""

    name: str  # "preferred", "fallback 2", "unacceptable"
    label: str
    checks: tuple[_Check, ...]

    @property
    def state(self) -> bool | None:
        if any(c.state is False for c in self.checks):
            return False
        return True if all(c.state is True for c in self.checks) else None

    def reasons(self, state: bool | None) -> list[str]:
        return [c.reason for c in self.checks if c.state is state]


def assess(
    playbook: Playbook, topic: str, terms: Mapping[str, TermValue | None], text: str
) -> Assessment:
    """Rate one topic of a clause against the playbook (the rule is in the module docstring)."""
    entry = playbook.topics.get(topic)
    if entry is None:
        return Assessment("unknown", (f"no playbook position for {topic}",), None)
    taxonomy = load_taxonomy()
    specs: Mapping[str, TermSpec] = taxonomy[topic].terms if topic in taxonomy else {}
    clean = normalise_phrase(text)

    def run(position: Position, role: str, index: int, count: int) -> _Result:
        name = f"{role} {index + 1}" if count > 1 else role
        checks = tuple(_check(c, specs, terms, clean, name) for c in position.when)
        return _Result(name, position.label, checks)

    def run_all(positions: list[Position], role: str) -> list[_Result]:
        return [run(p, role, i, len(positions)) for i, p in enumerate(positions)]

    bad = run_all(entry.unacceptable, "unacceptable")
    preferred = run(entry.preferred, "preferred", 0, 1) if entry.preferred else None
    fallbacks = run_all(entry.fallbacks, "fallback")

    met_bad = [r for r in bad if r.state is True]
    if met_bad:
        reasons = [f"matches {met_bad[0].name}: {met_bad[0].label}", *met_bad[0].reasons(True)]
        reasons += [f"also matches {r.name}: {r.label}" for r in met_bad[1:]]
        return Assessment("high", tuple(reasons), met_bad[0].name)

    caveats = [
        f"not ruled out ({r.name}): {r.label}: {', '.join(c.gap for c in r.checks if c.gap)}"
        for r in bad
        if r.state is None
    ]
    if preferred is not None and preferred.state is True:
        reasons = [f"matches preferred: {preferred.label}", *preferred.reasons(True)]
        return Assessment("low", tuple(reasons + caveats), "preferred")

    short = preferred.reasons(False) + preferred.reasons(None) if preferred else []
    met_fallback = next((r for r in fallbacks if r.state is True), None)
    if met_fallback is not None:
        reasons = [f"matches {met_fallback.name}: {met_fallback.label}"]
        reasons += met_fallback.reasons(True) + short
        return Assessment("medium", tuple(reasons + caveats), met_fallback.name)

    if preferred is None:
        reasons = [f"no preferred position for {topic} in the playbook; no red line met"]
        return Assessment("medium", tuple(reasons + caveats), None)

    below = [line for r in fallbacks for line in r.reasons(False) + r.reasons(None)]
    if preferred.state is False:
        head = "between playbook positions" if fallbacks else "short of the preferred position"
        reasons = [f"{head}: review", *preferred.reasons(False), *below]
        return Assessment("medium", tuple(reasons + caveats), None)
    return Assessment("unknown", tuple(preferred.reasons(None) + below + caveats), None)


def assess_clause(
    playbook: Playbook,
    topics: Sequence[str],
    terms_by_topic: Mapping[str, Mapping[str, TermValue | None]],
    text: str,
) -> Assessment:
    """Rate a clause on all its topics: the worst risk wins; unknown only when all are unknown."""
    ordered = list(dict.fromkeys(topics))
    if not ordered:
        return Assessment("unknown", ("the clause has no topic",), None)
    taxonomy = load_taxonomy()
    results = [(t, assess(playbook, t, terms_by_topic.get(t, {}), text)) for t in ordered]
    topic, worst = max(results, key=lambda pair: _SEVERITY[pair[1].risk])
    labels = {t: taxonomy[t].label if t in taxonomy else t for t in ordered}
    reasons = tuple(f"{labels[t]}: {reason}" for t, a in results for reason in a.reasons)
    position = worst.position
    if position is not None and len(results) > 1:
        position = f"{labels[topic]}: {position}"
    return Assessment(worst.risk, reasons, position)
