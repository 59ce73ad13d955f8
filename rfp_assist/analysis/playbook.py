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

import difflib
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rfp_assist.errors import PlaybookError
from rfp_assist.model import TermValue

Risk = Literal["low", "medium", "high", "unknown"]
Op = Literal["<", "<=", ">", ">=", "==", "!=", "in", "present", "absent"]
_OPS: tuple[str, ...] = get_args(Op)
_SEVERITY: dict[str, int] = {"unknown": 0, "low": 1, "medium": 2, "high": 3}


# -- the taxonomy (shipped data, not user-edited: frozen dataclasses) ---------------------------
@dataclass(frozen=True)
class TermSpec:
    """A typed term key of a topic: its type, unit, readable label and allowed choices."""

    key: str
    type: Literal["number", "bool", "money", "choice", "text", "list", "schedule"]
    label: str
    unit: str | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicSpec:
    """One taxonomy topic: stable id, label, group, description and its typed term keys."""

    id: str
    label: str
    group: Literal["commercial", "legal", "capability"]
    description: str
    terms: Mapping[str, TermSpec]


@cache
def load_taxonomy() -> Mapping[str, TopicSpec]:
    """The topic taxonomy shipped in rfp_assist/data/taxonomy.yaml, by topic id, in order."""
    text = resources.files("rfp_assist").joinpath("data/taxonomy.yaml").read_text("utf-8")
    topics: dict[str, TopicSpec] = {}
    for topic_id, entry in yaml.safe_load(text)["topics"].items():
        terms = {
            key: TermSpec(key, t["type"], t["label"], t.get("unit"), tuple(t.get("choices", ())))
            for key, t in (entry.get("terms") or {}).items()
        }
        topics[topic_id] = TopicSpec(
            topic_id, entry["label"], entry["group"], entry["description"].strip(),
            MappingProxyType(terms),
        )  # fmt: skip
    return MappingProxyType(topics)


# -- the playbook schema (user-edited: pydantic, extra fields forbidden) ------------------------
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Condition(_Strict):
    """One test: a term compared with a value, or phrases the clause text must (not) contain."""

    term: str | None = None
    op: Op | None = None
    value: Any = None
    phrase_any: list[str] | None = None
    phrase_none: list[str] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Condition:
        given = self.model_fields_set
        kinds = [k for k in ("term", "phrase_any", "phrase_none") if k in given]
        if len(kinds) != 1:
            got = f" (got {' and '.join(kinds)})" if kinds else ""
            raise ValueError(f"a condition has exactly one of term, phrase_any, phrase_none{got}")
        if kinds[0] != "term":
            stray = [k for k in ("op", "value") if k in given]
            if stray:
                raise ValueError(f"'{stray[0]}' goes with 'term', not with {kinds[0]}")
            phrases = self.phrase_any if kinds[0] == "phrase_any" else self.phrase_none
            if not phrases or not all(p.strip() for p in phrases):
                raise ValueError(f"{kinds[0]} needs a list of non-empty phrases")
        elif not self.term:
            raise ValueError("'term' needs a term key")
        elif self.op is None:
            raise ValueError(f"term '{self.term}' needs an op (one of: {', '.join(_OPS)})")
        elif self.op in ("present", "absent") and "value" in given:
            raise ValueError(f"op '{self.op}' takes no value")
        elif self.op not in ("present", "absent") and self.value is None:
            raise ValueError(f"op '{self.op}' needs a value")
        return self


class Position(_Strict):
    """A negotiating position: a label for people and the conditions that must all hold."""

    label: str = Field(min_length=1)
    when: list[Condition] = Field(min_length=1)


class TopicPositions(_Strict):
    """The playbook's positions on one topic."""

    preferred: Position | None = None
    fallbacks: list[Position] = Field(default_factory=list)
    unacceptable: list[Position] = Field(default_factory=list)

    @model_validator(mode="after")
    def _some_position(self) -> TopicPositions:
        if self.preferred is None and not self.fallbacks and not self.unacceptable:
            raise ValueError("no positions: give preferred, fallbacks or unacceptable")
        return self


class Playbook(_Strict):
    """A buyer's negotiation playbook, as checked by `load_playbook`."""

    name: str = Field(min_length=1)
    version: int | str
    description: str | None = None
    owner: str | None = None
    topics: dict[str, TopicPositions] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(f"must be a number or text, got {_describe(value)}")
        return value


# -- loading ------------------------------------------------------------------------------------
def load_playbook(path: str | Path) -> Playbook:
    """Read and check a playbook YAML file; raise PlaybookError naming the file and the spot."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PlaybookError(source, "", f"cannot read the playbook ({exc.strerror})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlaybookError(source, f"byte {exc.start}", "the playbook is not UTF-8 text") from exc
    return parse_playbook(text, source)


def parse_playbook(text: str, source: str = "<playbook>") -> Playbook:
    """Check playbook YAML text against the schema and the taxonomy; `source` names it in errors."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PlaybookError(source, where, f"invalid YAML: {problem}") from exc
    _reject_duplicate_keys(root, source)
    if not isinstance(data, dict):
        raise PlaybookError(source, "", "a playbook is a mapping with name, version and topics")
    try:
        playbook = Playbook.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        location, detail = _explain(errors[0])
        more = len(errors) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise PlaybookError(source, location, detail + _line(root, location) + tail) from exc
    problem = _check_semantics(playbook, load_taxonomy())
    if problem is not None:
        raise PlaybookError(source, problem[0], problem[1] + _line(root, problem[0]))
    return playbook


def _reject_duplicate_keys(node: yaml.Node | None, source: str) -> None:
    """YAML keeps the last of two equal keys silently; a playbook must not lose a position."""
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key, value in node.value:
            if key.value in seen:
                where = f"line {key.start_mark.line + 1}, column {key.start_mark.column + 1}"
                raise PlaybookError(source, where, f"duplicate key '{key.value}'")
            seen.add(key.value)
            _reject_duplicate_keys(value, source)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _reject_duplicate_keys(item, source)


def _line(root: yaml.Node | None, location: str) -> str:
    """' (line N)' for the YAML node at a key path such as topics.x.fallbacks[0].when[1]."""
    node, line = root, None
    for part in location.replace("[", ".[").split("."):
        found: yaml.Node | None = None
        if part.startswith("[") and isinstance(node, yaml.SequenceNode):
            index = int(part[1:-1])
            found = node.value[index] if index < len(node.value) else None
        elif isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == part), None)
            line = next((k.start_mark.line + 1 for k, _ in node.value if k.value == part), line)
        if found is None:
            break
        node = found
        if part.startswith("["):
            line = found.start_mark.line + 1
    return f" (line {line})" if line is not None else ""


def _path(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _expected(word: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"({hint}expected one of: {', '.join(options)})"


def _explain(error: Mapping[str, Any]) -> tuple[str, str]:
    """A pydantic error as (key path, one plain sentence)."""
    loc, kind, value = tuple(error["loc"]), error["type"], error.get("input")
    if kind == "extra_forbidden":
        parent = loc[:-1]
        model: type[BaseModel] = Position
        if not parent:
            model = Playbook
        elif len(parent) == 2:
            model = TopicPositions
        elif len(parent) > 2 and parent[-2] == "when":
            model = Condition
        field = str(loc[-1])
        return _path(
            parent
        ), f"unknown field '{field}' {_expected(field, list(model.model_fields))}"
    if kind == "missing":
        return _path(loc[:-1]), f"missing field '{loc[-1]}'"
    if kind == "literal_error":
        return _path(loc), f"unknown op {_describe(value)} (expected one of: {', '.join(_OPS)})"
    if kind in ("too_short", "string_too_short") or (loc[-1:] == ("when",) and value is None):
        what = {"when": "a position needs at least one condition", "topics": "no topics"}
        return _path(loc), f"empty: {what.get(str(loc[-1]), 'a value is needed')}"
    if kind == "value_error":
        return _path(loc), str(error["ctx"]["error"])
    words = {"model_type": "a mapping", "dict_type": "a mapping", "list_type": "a list",
             "string_type": "text"}  # fmt: skip
    expected = words.get(kind, str(error["msg"]).removeprefix("Input should be "))
    return _path(loc), f"expected {expected}, got {_describe(value)}"


# -- checking a playbook against the taxonomy ---------------------------------------------------
_OPS_FOR: dict[str, tuple[str, ...]] = {
    "number": ("<", "<=", ">", ">=", "==", "!=", "in"),
    "money": ("<", "<=", ">", ">=", "==", "!="),
    "list": ("<", "<=", ">", ">=", "==", "!=", "in"),  # by number of items; in: any item
    "bool": ("==", "!="),
    "choice": ("==", "!=", "in"),
    "text": ("==", "!=", "in"),
    "schedule": (),
}
_KIND_WORDS = {
    "number": "a number", "money": "an amount of money", "bool": "a yes/no term",
    "choice": "a choice", "text": "a text term", "schedule": "a fee schedule",
    "list": "a list: compared by its number of items, or with in",
}  # fmt: skip


def _check_semantics(
    playbook: Playbook, taxonomy: Mapping[str, TopicSpec]
) -> tuple[str, str] | None:
    """The first place the playbook names a topic, term, op or value the taxonomy rules out."""
    for topic, entry in playbook.topics.items():
        if topic not in taxonomy:
            return f"topics.{topic}", f"unknown topic '{topic}' {_expected(topic, list(taxonomy))}"
        specs = taxonomy[topic].terms
        named = [("preferred", entry.preferred)] if entry.preferred else []
        named += [(f"fallbacks[{i}]", p) for i, p in enumerate(entry.fallbacks)]
        named += [(f"unacceptable[{i}]", p) for i, p in enumerate(entry.unacceptable)]
        for name, position in named:
            for j, cond in enumerate(position.when):
                where = f"topics.{topic}.{name}.when[{j}]"
                if cond.term is None:
                    continue
                spec = specs.get(cond.term)
                if spec is None:
                    if not specs:
                        hint = f"topic {topic} has no typed terms; use phrase_any or phrase_none"
                        return where, f"unknown term '{cond.term}': {hint}"
                    return where, (
                        f"unknown term '{cond.term}' for topic {topic} "
                        f"{_expected(cond.term, list(specs))}"
                    )
                problem = _op_value_problem(spec, cond)
                if problem is not None:
                    return f"{where}.{problem[0]}", problem[1]
    return None


def _op_value_problem(spec: TermSpec, cond: Condition) -> tuple[str, str] | None:
    op = cond.op
    if op in ("present", "absent"):
        return None
    if op not in _OPS_FOR[spec.type]:
        allowed = ", ".join([*_OPS_FOR[spec.type], "present", "absent"])
        kind = _KIND_WORDS[spec.type]
        return "op", f"op '{op}' does not apply to {spec.key} ({kind}); use one of: {allowed}"
    if op == "in" and (not isinstance(cond.value, list) or not cond.value):
        return "value", f"op 'in' needs a non-empty list of values, got {_describe(cond.value)}"
    for item in cond.value if op == "in" else [cond.value]:
        problem = _value_problem(spec, item, op)
        if problem is not None:
            return "value", f"value for {spec.key} must be {problem}, got {_describe(item)}"
    return None


def _value_problem(spec: TermSpec, value: object, op: str) -> str | None:
    """What `value` should have been for a term of this type, or None when it fits."""
    if spec.type == "list" and op == "in":
        return None if isinstance(value, str) else "a list of text"
    if spec.type in ("number", "list"):
        return None if _number(value) is not None else "a number"
    if spec.type == "bool":
        return None if isinstance(value, bool) else "true or false"
    if spec.type == "money":
        return None if _money(value) is not None else "money like {amount: 5000000, currency: USD}"
    if spec.type == "choice":
        return None if value in spec.choices else f"one of: {', '.join(spec.choices)}"
    return None if isinstance(value, str) else "text"


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _money(value: object) -> tuple[float, str] | None:
    if not isinstance(value, Mapping) or set(value) != {"amount", "currency"}:
        return None
    amount, currency = _number(value["amount"]), value["currency"]
    if amount is None or not isinstance(currency, str) or len(currency) != 3:
        return None
    return amount, currency.upper()


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
