"""The `clauses` command's output: the JSON shape of interface.md and a terminal table."""

from __future__ import annotations

import re
from typing import Any

from rfp_assist.model import Clause
from rfp_assist.pipeline import Analysis

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


def clauses_payload(analysis: Analysis) -> dict[str, Any]:
    """The JSON document `rfp-assist clauses --format json` prints."""
    doc = analysis.document
    clauses = []
    for clause in analysis.clauses:
        row = _segment(clause)
        # Filled by clause understanding; empty means "not analysed", never "none found".
        row.update({"topics": [], "terms": {}, "risk": "unknown", "reasons": [], "flags": []})
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
        "warnings": list(doc.warnings),
    }


def clauses_table(analysis: Analysis, *, width: int = 100) -> str:
    """A plain-text table of the clauses: number, heading, page and the opening words."""
    doc = analysis.document
    party = printable(analysis.party or "party not found")
    head = (
        f"{printable(doc.name)}  ({analysis.kind}; {party}; "
        f"{len(doc.pages)} page(s); {len(analysis.clauses)} clauses)"
    )
    lines = [head, f"{'number':<14} {'page':>4}  {'heading':<28} text"]
    for clause in analysis.clauses:
        indent = "  " * min(clause.depth, 4)
        number = (indent + (clause.number or "·"))[:14]
        heading = printable(clause.heading or "")[:28]
        snippet = printable(clause.text)
        room = max(width - 50, 20)
        snippet = snippet if len(snippet) <= room else snippet[: room - 1] + "…"
        lines.append(f"{number:<14} {clause.page:>4}  {heading:<28} {snippet}")
    for region in analysis.regions:
        lines.append(f"[{region.kind} on page {region.page}: {len(region.text)} chars]")
    lines.extend(f"warning: {printable(w)}" for w in doc.warnings)
    return "\n".join(lines)
