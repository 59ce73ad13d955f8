"""CUAD as clause-level labels for our topics: shared by bench/eval_cuad.py and bench/fit_topics.py.

A clause is a gold positive for a topic when a labelled span of a mapped CUAD category lies
mostly (over half its characters) inside it.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rfp_assist.analysis.lexical import units  # noqa: E402
from rfp_assist.model import Clause  # noqa: E402

CUAD = ROOT.parent / "shared" / "eval" / "cuad"

#: Our topic ← CUAD categories, scored on precision, recall, F1 and AUPR.
STRICT = {
    "governing_law": ("Governing Law",),
    "liability_cap": ("Cap On Liability", "Uncapped Liability"),
    "minimum_commitment": ("Minimum Commitment",),
    "audit_rights": ("Audit Rights",),
    "insurance": ("Insurance",),
    "ip_ownership": ("Ip Ownership Assignment", "Joint Ip Ownership"),
    "most_favoured_customer": ("Most Favored Nation",),
    "exclusivity": ("Exclusivity", "Non-Compete"),
    "term": ("Renewal Term", "Expiration Date"),
}
#: Topics broader than CUAD's category: only recall is meaningful.
RECALL_ONLY = {
    "late_delivery": ("Liquidated Damages",),
    "termination": ("Termination For Convenience",),
    "warranty": ("Warranty Duration",),
}
MAPPED = {**STRICT, **RECALL_ONLY}
#: CUAD category → our topic.
CATEGORY_TOPIC = {cat: topic for topic, cats in MAPPED.items() for cat in cats}


@dataclass
class Contract:
    """One CUAD contract: its clauses and, per mapped topic, the indexes of gold clauses."""

    name: str
    clauses: list[Clause]
    gold: dict[str, set[int]]


def read_spans(path: Path) -> dict[str, list[dict[str, object]]]:
    """Labelled spans grouped by contract file name."""
    spans: dict[str, list[dict[str, object]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        spans[row["txt_file"]].append(row)
    return spans


def gold_clauses(clauses: list[Clause], spans: list[dict[str, object]]) -> dict[str, set[int]]:
    """Per mapped topic, the clauses holding over half of a labelled span."""
    gold: dict[str, set[int]] = defaultdict(set)
    for span in spans:
        topic = CATEGORY_TOPIC.get(str(span["category"]))
        if topic is None:
            continue
        start, end = int(span["start"]), int(span["end"])  # type: ignore[call-overload]
        length = max(end - start, 1)
        for i, clause in enumerate(clauses):
            overlap = min(end, clause.end) - max(start, clause.start)
            if overlap * 2 > length:
                gold[topic].add(i)
                break
    return gold


def unit_topics(clause: Clause, spans: list[dict[str, object]]) -> list[set[str]]:
    """For each sentence-like unit of `clause` (`lexical.units`), the mapped topics labelled there.

    A unit is labelled with a topic when a span of a mapped category covers over half of the unit,
    or over half of the span lies in the unit: the sentence a lawyer marked, not its neighbours.
    """
    out: list[set[str]] = []
    for s, e in units(clause.text):
        start, end = clause.start + s, clause.start + e
        topics = set()
        for span in spans:
            topic = CATEGORY_TOPIC.get(str(span["category"]))
            a, b = int(span["start"]), int(span["end"])  # type: ignore[call-overload]
            overlap = min(b, end) - max(a, start)
            if topic and overlap > 0 and (overlap * 2 >= end - start or overlap * 2 >= b - a):
                topics.add(topic)
        out.append(topics)
    return out


def category_descriptions(path: Path) -> dict[str, str]:
    """CUAD category name → its description."""
    out = {}
    with path.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            name = row["Category (incl. context and answer)"].removeprefix("Category: ").strip()
            out[name] = row["Description"].removeprefix("Description: ").strip()
    return out
