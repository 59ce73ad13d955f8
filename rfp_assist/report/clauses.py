"""The `clauses` command's output: the JSON shape of interface.md and a terminal table."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rfp_assist.model import Clause, Flag
from rfp_assist.pipeline import Analysis

if TYPE_CHECKING:
    from rfp_assist.understand import ClauseReading, Reading

# Control and bidi-override characters in a vendor's text must not reach a terminal as-is.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters replaced, whitespace collapsed."""
    return " ".join(_UNPRINTABLE.sub("\ufffd", text).split())


def _segment(clause: Clause) -> dict[str, Any]:
    return {
        "id": clause.id,
        "number": clause.number,
        "heading": clause.heading,
        "page": clause.page,
        "page_end": clause.page_end,
        "start": clause.start,
        "end": clause.end,
        "text": clause.text,
        "kind": clause.kind,
        "depth": clause.depth,
        "parent": clause.parent,
    }


def flag_payload(flag: Flag) -> dict[str, Any]:
    """One flag as JSON: what kind, why, and where it stands."""
    return {
        "kind": flag.kind,
        "reason": flag.reason,
        "page": flag.page,
        "start": flag.start,
        "end": flag.end,
        "text": flag.text,
        "clause": flag.clause_id,
    }


def _understanding(reading: ClauseReading) -> dict[str, Any]:
    return {
        "topics": [s.topic for s in reading.topics],
        "topic_scores": {s.topic: s.score for s in reading.topics},
        "terms": reading.terms_by_topic(),
        "term_spans": [
            {"topic": t.topic, "key": t.key, "start": t.start, "end": t.end} for t in reading.terms
        ],
        "risk": reading.risk,
        "reasons": list(reading.reasons),
        "flags": [flag_payload(f) for f in reading.flags],
    }


#: What a clause carries when it was not analysed: empty means "not analysed", never "none found".
_NOT_ANALYSED = {"topics": [], "terms": {}, "risk": "unknown", "reasons": [], "flags": []}


def clauses_payload(analysis: Analysis, reading: Reading | None = None) -> dict[str, Any]:
    """The JSON document `rfp-assist clauses --format json` prints.

    With a `reading`, each clause carries its topics, terms, risk, reasons and flags.
    """
    doc = analysis.document
    readings = {r.clause.id: r for r in reading.clauses} if reading else {}
    clauses = []
    for clause in analysis.clauses:
        row = _segment(clause)
        understood = readings.get(clause.id)
        row.update(_understanding(understood) if understood else _NOT_ANALYSED)
        clauses.append(row)
    return {
        "document": {
            "id": doc.id,
            "path": doc.path,
            "kind": analysis.kind,
            "party": analysis.party,
            "pages": len(doc.pages),
            "media_type": doc.media_type,
            "title": doc.title,
        },
        "clauses": clauses,
        "regions": [_segment(r) for r in analysis.regions],
        "revisions": [
            {
                "kind": r.kind,
                "start": r.start,
                "end": r.end,
                "text": r.text,
                "author": r.author,
                "date": r.date,
            }
            for r in doc.revisions
        ],
        "comments": [
            {"start": c.start, "end": c.end, "text": c.text, "author": c.author, "date": c.date}
            for c in doc.comments
        ],
        "flags": [flag_payload(f) for f in reading.flags] if reading else [],
        "analysed": reading is not None,
        "warnings": list(doc.warnings),
    }


def clauses_table(analysis: Analysis, reading: Reading | None = None, *, width: int = 110) -> str:
    """A plain-text table of the clauses: number, page, heading, risk, topics and opening words."""
    doc = analysis.document
    readings = {r.clause.id: r for r in reading.clauses} if reading else {}
    party = printable(analysis.party or "party not found")
    head = (
        f"{printable(doc.name)}  ({analysis.kind}; {party}; "
        f"{len(doc.pages)} page(s); {len(analysis.clauses)} clauses)"
    )
    lines = [head, f"{'number':<14} {'page':>4}  {'heading':<28} {'risk':<7} {'topics':<26} text"]
    for clause in analysis.clauses:
        indent = "  " * min(clause.depth, 4)
        number = (indent + (clause.number or "·"))[:14]
        heading = printable(clause.heading or "")[:28]
        understood = readings.get(clause.id)
        risk = understood.risk if understood else ""
        topics = ",".join(s.topic for s in understood.topics) if understood else ""
        topics = topics if len(topics) <= 26 else topics[:25] + "…"
        snippet = printable(clause.text)
        room = max(width - 85, 20)
        snippet = snippet if len(snippet) <= room else snippet[: room - 1] + "…"
        lines.append(
            f"{number:<14} {clause.page:>4}  {heading:<28} {risk:<7} {topics:<26} {snippet}"
        )
        if understood:
            lines.extend(
                f"{'':<14} {'':>4}  ! {f.kind}: {printable(f.reason)}" for f in understood.flags
            )
    for region in analysis.regions:
        lines.append(f"[{region.kind} on page {region.page}: {len(region.text)} chars]")
    lines.extend(f"warning: {printable(w)}" for w in doc.warnings)
    return "\n".join(lines)
