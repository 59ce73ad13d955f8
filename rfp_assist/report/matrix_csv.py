"""The comparison as CSV: one row per (document, topic), evidence and reasons included.

Document text is untrusted and the file is meant for spreadsheets: a value that a spreadsheet
would run as a formula (starting with = + - @, tab or carriage return) is written with a
leading apostrophe, the usual guard against CSV formula injection.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

COLUMNS = (
    "document",
    "file",
    "party",
    "topic",
    "label",
    "group",
    "status",
    "risk",
    "terms",
    "clause",
    "heading",
    "page",
    "start",
    "end",
    "score",
    "evidence",
    "evidence_flagged",
    "reasons",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A value as spreadsheet-safe text (formula-like strings defused)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def matrix_rows(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """One dict per (document, topic), in document order then topic order."""
    docs = payload["documents"]
    rows = []
    for index, doc in enumerate(docs):
        for topic in payload["topics"]:
            cell = topic["cells"][index]
            best = cell["evidence"][0] if cell["evidence"] else {}
            rows.append(
                {
                    "document": doc["id"],
                    "file": doc["name"],
                    "party": doc["party"],
                    "topic": topic["id"],
                    "label": topic["label"],
                    "group": topic["group"],
                    "status": cell["status"],
                    "risk": cell["risk"],
                    "terms": json.dumps(cell["terms"], ensure_ascii=False) if cell["terms"] else "",
                    "clause": best.get("clause"),
                    "heading": best.get("heading"),
                    "page": best.get("page"),
                    "start": best.get("start"),
                    "end": best.get("end"),
                    "score": best.get("score"),
                    "evidence": best.get("text"),
                    "evidence_flagged": "yes" if best.get("flagged") else "",
                    "reasons": "; ".join(cell["reasons"]),
                }
            )
    return rows


def matrix_csv(payload: dict[str, Any]) -> str:
    """The CSV text (header + one row per document and topic)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in matrix_rows(payload):
        writer.writerow([safe_cell(row[c]) for c in COLUMNS])
    return out.getvalue()
