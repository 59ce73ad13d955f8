"""The comparison as plain data: the `compare --format json` shape of interface.md, and more.

Every other export (table, HTML, XLSX, CSV) renders this payload, so all of them carry the same
content. Document text appears only as values; nothing here interprets it.
"""

from __future__ import annotations

from typing import Any

from rfp_assist.analysis.compare import Cell, Evidence, Matrix
from rfp_assist.analysis.coverage import Coverage
from rfp_assist.analysis.scorecard import Scorecard


def _evidence(e: Evidence) -> dict[str, Any]:
    return {
        "clause": e.number,
        "heading": e.heading,
        "page": e.page,
        "start": e.start,
        "end": e.end,
        "text": e.text,
        "score": e.score,
        "clause_id": e.clause_id,
        "flagged": [list(span) for span in e.flagged],
    }


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "document": cell.document,
        "status": cell.status,
        "risk": cell.risk,
        "terms": cell.terms_dict(),
        "term_sources": {
            t.key: {"clause": t.clause, "page": t.page, "start": t.start, "end": t.end}
            for t in cell.terms
        },
        "evidence": [_evidence(e) for e in cell.evidence],
        "clauses": cell.clause_count,
        "reasons": list(cell.reasons),
    }


def coverage_payload(cov: Coverage) -> dict[str, Any]:
    """Requirements and each document's answer to each, as JSON-ready data."""
    return {
        "rfp": cov.rfp,
        "requirements": [
            {
                "id": r.id,
                "title": r.title,
                "text": r.text,
                "page": r.page,
                "start": r.start,
                "end": r.end,
                "topics": list(r.topics),
                "asks": [f"{t}.{k}" for t, k in r.asks],
            }
            for r in cov.requirements
        ],
        "answers": [
            {
                "requirement": a.requirement,
                "document": a.document,
                "status": a.status,
                "evidence": [_evidence(e) for e in a.evidence],
                "terms": a.terms,
                "reasons": list(a.reasons),
            }
            for a in cov.answers
        ],
    }


def scorecard_payload(card: Scorecard) -> dict[str, Any]:
    """Criteria, weights, and every document's scores with their explanation lines."""
    return {
        "source": card.source,
        "criteria": [
            {
                "id": c.id,
                "label": c.label,
                "weight": c.weight,
                "requirements": list(c.requirements),
                "topics": list(c.topics),
            }
            for c in card.criteria
        ],
        "documents": [
            {
                "document": s.document,
                "total": s.total,
                "max_total": s.max_total,
                "criteria": [
                    {
                        "id": c.criterion,
                        "score": c.score,
                        "weighted": c.weighted,
                        "lines": list(c.lines),
                    }
                    for c in s.criteria
                ],
            }
            for s in card.scores
        ],
    }


def matrix_payload(
    matrix: Matrix, cov: Coverage | None = None, card: Scorecard | None = None
) -> dict[str, Any]:
    """The JSON document `rfp-assist compare --format json` prints."""
    payload: dict[str, Any] = {
        "documents": [
            {
                "id": c.id,
                "path": c.path,
                "name": c.name,
                "kind": c.kind,
                "party": c.party,
                "pages": c.pages,
            }
            for c in matrix.columns
        ],
        "topics": [
            {
                "id": r.topic,
                "label": r.label,
                "group": r.group,
                "cells": [_cell(cell) for cell in r.cells],
            }
            for r in matrix.rows
        ],
        "flags": [
            {
                "document": c.id,
                "kind": f.kind,
                "reason": f.reason,
                "page": f.page,
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "clause": number,
                "clause_id": f.clause_id,
            }
            for c in matrix.columns
            for f, number in zip(c.flags, c.flag_clauses or (None,) * len(c.flags), strict=True)
        ],
    }
    if cov is not None:
        payload["coverage"] = coverage_payload(cov)
    if card is not None:
        payload["scorecard"] = scorecard_payload(card)
    return payload
