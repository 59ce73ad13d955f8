"""The topic taxonomy shipped in rfp_assist/data/taxonomy.yaml: topics and their typed terms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

import yaml


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


def _window(row: Mapping[str, object]) -> str:
    low, high = row.get("min_days"), row.get("max_days")
    if high is None:
        return f"{low}+ days" if low is not None else "any notice"
    return f"{low or 0}-{high} days"


def term_text(value: object) -> str:
    """A typed term value in words: GBP 980,000; yes; AAV8, AAV9; 181+ days 0%; 1.5."""
    if isinstance(value, dict) and "amount" in value:
        amount = value["amount"]
        shown = f"{amount:,.0f}" if isinstance(amount, int | float) else str(amount)
        return f"{value.get('currency', '')} {shown}".strip()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "; ".join(f"{_window(v)} {term_text(v.get('fee_pct'))}%" for v in value)
    if isinstance(value, list):
        return ", ".join(term_text(v) for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)
