"""The playbook schema and its loading: YAML checked against the taxonomy, errors explained."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rfp_assist.errors import PlaybookError
from rfp_assist.taxonomy import TermSpec, TopicSpec, load_taxonomy

Op = Literal["<", "<=", ">", ">=", "==", "!=", "in", "present", "absent"]
_OPS: tuple[str, ...] = get_args(Op)


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
