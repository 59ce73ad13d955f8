"""Term extraction fallback: where the rules found a topic but no terms, ask the model.

One clause of one document per call. The model returns JSON (pydantic schema, unknown fields
refused, so it cannot slip in a risk or a score) with a verbatim quote for every value. A value
is kept only when its key belongs to the topic, it has the key's type, its quote is found in the
clause text the rules saw (flagged hidden or injected spans blanked) and, for numbers and money,
the quote itself states the number. Everything else is discarded and logged. Kept values become
ordinary Terms whose span is the quote's, so the playbook rates them like any other term.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from rfp_assist.llm.config import LLMCallError
from rfp_assist.llm.grounding import find_quote, stated_numbers
from rfp_assist.llm.prompts import get_prompt
from rfp_assist.llm.runner import ModelRunner
from rfp_assist.llm.spotlight import MARK, blank_flagged_sentences, new_fence
from rfp_assist.model import Clause, Flag, Term, TermValue
from rfp_assist.taxonomy import TermSpec, TopicSpec, load_taxonomy
from rfp_assist.understand import Reading

log = logging.getLogger(__name__)
JsonValue = float | int | bool | str | list[object] | dict[str, object] | None


class ExtractedValue(BaseModel):
    """One value the model read, with the words that state it."""

    model_config = ConfigDict(extra="forbid")
    key: str
    value: JsonValue
    quote: str = Field(min_length=1, max_length=2000)


class ExtractionReply(BaseModel):
    """The model's whole reply: values only (no risk, no score, nothing else)."""

    model_config = ConfigDict(extra="forbid")
    values: list[ExtractedValue]


@dataclass(frozen=True)
class Discarded:
    """A value the model offered that was not kept, and why."""

    key: str
    value: str
    quote: str
    reason: str


@dataclass(frozen=True)
class Extraction:
    """The result of one fallback call: kept terms, discarded values, and whether it failed."""

    clause: str
    topic: str
    terms: tuple[Term, ...]
    discarded: tuple[Discarded, ...]
    partial: bool
    error: str | None
    prompt: str


def missing_term_topics(topics: Sequence[str], terms: Sequence[Term]) -> list[str]:
    """Topics of a clause that have typed terms in the taxonomy but none found by the rules."""
    taxonomy = load_taxonomy()
    found = {t.topic for t in terms}
    return [t for t in topics if t in taxonomy and taxonomy[t].terms and t not in found]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def check_value(spec: TermSpec, value: JsonValue, quote: str) -> str | None:
    """Why `value` is not acceptable for `spec` given its `quote` (None when it is)."""
    stated = stated_numbers(quote)
    if spec.type == "number":
        number = _number(value)
        if number is None:
            return "not a number"
        return None if number in stated else f"the quote does not state {number:g}"
    if spec.type == "bool":
        return None if isinstance(value, bool) else "not true/false"
    if spec.type == "money":
        if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
            return "money must be {amount, currency}"
        amount, currency = _number(value["amount"]), value["currency"]
        if amount is None or not (isinstance(currency, str) and len(currency) == 3
                                  and currency.isalpha() and currency.isupper()):  # fmt: skip
            return "money must have a number and an ISO 4217 currency"
        return None if amount in stated else f"the quote does not state {amount:g}"
    if spec.type == "choice":
        return None if value in spec.choices else f"not one of {', '.join(spec.choices)}"
    if spec.type == "list":
        raw = value if isinstance(value, list) else []
        items = [v for v in raw if isinstance(v, str)]
        if not items or len(items) != len(raw):
            return "not a list of text"
        absent = [v for v in items if find_quote(quote, v) is None]
        return f"the quote does not mention {', '.join(absent)}" if absent else None
    if spec.type == "schedule":
        return _check_schedule(value, stated)
    return None if isinstance(value, str) and value.strip() else "not text"


def _check_schedule(value: JsonValue, stated: set[float]) -> str | None:
    if not isinstance(value, list) or not value:
        return "a schedule must be a list of rows"
    for row in value:
        if not isinstance(row, dict) or set(row) != {"min_days", "max_days", "fee_pct"}:
            return "schedule rows must be {min_days, max_days, fee_pct}"
        for bound in row.values():
            number = _number(bound)
            if bound is not None and (number is None or number not in stated):
                return f"the quote does not state {bound}"
    return None


def keys_description(topic: TopicSpec) -> str:
    """The topic's keys for the prompt: key, type, unit or choices, label."""
    lines = []
    for spec in topic.terms.values():
        kind = spec.type + (f" in {spec.unit}" if spec.unit else "")
        if spec.choices:
            kind += f" (one of: {', '.join(spec.choices)})"
        if spec.type == "money":
            kind += ' ({"amount": number, "currency": "ISO 4217 code"})'
        lines.append(f"- {spec.key}: {kind}; {spec.label}")
    return "\n".join(lines)


def seen_text(clause: Clause, flags: Sequence[Flag]) -> str:
    """The clause text a model may read: every sentence holding a flag blanked, length kept."""
    return blank_flagged_sentences(clause.text, clause.start, [(f.start, f.end) for f in flags])


def extract_with_model(
    runner: ModelRunner, clause: Clause, seen_text: str, topic: str
) -> Extraction:
    """The typed terms of `topic` the model reads in one clause, each checked against its quote.

    `seen_text` is the clause text with flagged spans blanked (`seen_text()`; same length as
    `clause.text`): quotes are looked up there, so text from a flagged span is never evidence.
    """
    prompt = get_prompt("extract_terms")
    spec = load_taxonomy()[topic]
    fence = new_fence([seen_text])
    values = {"topic": topic, "topic_label": spec.label, "keys": keys_description(spec),
              "clause": fence.wrap(f"clause={clause.number or '-'}", seen_text),
              "fence": fence.token, "mark": MARK}  # fmt: skip
    try:
        reply = runner.structured(prompt, values, ExtractionReply)
    except LLMCallError as exc:
        log.warning("term extraction for clause %s (%s) failed: %s", clause.id, topic, exc)
        return Extraction(clause.id, topic, (), (), True, str(exc), prompt.id)
    terms: list[Term] = []
    discarded: list[Discarded] = []
    for item in reply.values:
        reason = None
        term_spec = spec.terms.get(item.key)
        span = find_quote(seen_text, item.quote)
        if term_spec is None:
            reason = f"{item.key!r} is not a term of {topic}"
        elif any(t.key == item.key for t in terms):
            reason = "the key was given twice"
        elif span is None:
            reason = "the quote is not in the clause text"
        else:
            reason = check_value(term_spec, item.value, seen_text[span[0] : span[1]])
        if reason is not None or span is None or item.value is None:
            reason = reason or "no value"
            log.warning("clause %s: discarded %s=%r: %s", clause.id, item.key, item.value, reason)
            discarded.append(Discarded(item.key, repr(item.value), item.quote, reason))
            continue
        value: TermValue = item.value  # checked by check_value
        terms.append(Term(topic, item.key, value, clause.start + span[0], clause.start + span[1]))
    return Extraction(clause.id, topic, tuple(terms), tuple(discarded), False, None, prompt.id)


def fill_missing_terms(runner: ModelRunner, reading: Reading) -> list[Extraction]:
    """One fallback call per (clause, topic) of a read document where the rules found no terms.

    Calls are made one clause of one document at a time; failed calls come back partial.
    """
    out = []
    for item in reading.clauses:
        topics = missing_term_topics([t.topic for t in item.topics], item.terms)
        seen = seen_text(item.clause, item.flags)
        out += [extract_with_model(runner, item.clause, seen, topic) for topic in topics]
    return out
