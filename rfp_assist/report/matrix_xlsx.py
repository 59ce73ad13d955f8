"""The comparison as an Excel workbook (openpyxl).

Sheets: `Matrix` (topics down, documents across, cells filled by risk, frozen headers, the
evidence and reasons as each cell's comment), one sheet per document (every topic with its
terms, clause, page, evidence and reasons), and `Flags`, `Coverage` and `Scorecard` when there
is something to show. Every document string is written as text, never as a formula.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from rfp_assist.report.matrix_csv import matrix_rows
from rfp_assist.report.matrix_table import cell_text, term_lines

#: Fill colours by risk; `missing` has its own colour so it never reads as fine.
RISK_FILLS = {
    "low": "C6EFCE",
    "medium": "FFEB9C",
    "high": "FFC7CE",
    "unknown": "D9D9D9",
    "missing": "F4B183",
}
_COMMENT_CHARS = 1500
#: Said wherever evidence contains flagged text, so that nobody reads it as the offer.
FLAGGED_NOTE = "WARNING: this clause contains text hidden from readers or aimed at tools (flagged)"
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _text(value: object) -> object:
    """A value openpyxl stores as-is: numbers stay numbers, text loses illegal characters."""
    if value is None or isinstance(value, bool | int | float):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))


def _put(ws: Worksheet, row: int, col: int, value: object) -> Any:
    cell = ws.cell(row=row, column=col)
    cell.value = _text(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"  # document text starting with "=" is text, not a formula
    cell.alignment = _WRAP
    return cell


def _fill(key: str) -> PatternFill:
    colour = RISK_FILLS.get(key, RISK_FILLS["unknown"])
    return PatternFill(start_color=colour, end_color=colour, fill_type="solid")


def _comment(cell: dict[str, Any]) -> str:
    parts = [f"{cell['status']}, risk {cell['risk']}"]
    parts.extend(term_lines(cell["terms"]))
    for e in cell["evidence"][:2]:
        where = e.get("clause") or e.get("heading") or "clause"
        parts.append(f"{where} (page {e['page']}, chars {e['start']}-{e['end']}): {e['text']}")
        if e.get("flagged"):
            parts.append(FLAGGED_NOTE)
    parts.extend(cell["reasons"][:4])
    text = "\n".join(str(_text(p)) for p in parts)
    return text if len(text) <= _COMMENT_CHARS else text[: _COMMENT_CHARS - 1] + "…"


def _sheet_title(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", "_", name).strip() or "Document"
    base = base[:28]
    title, n = base, 2
    while title.lower() in used:
        title, n = f"{base[:25]} ({n})", n + 1
    used.add(title.lower())
    return title


def _matrix_sheet(ws: Worksheet, payload: dict[str, Any]) -> None:
    docs = payload["documents"]
    for col, head in enumerate(["Topic", "Group"] + [d["party"] or d["name"] for d in docs], 1):
        _put(ws, 1, col, head).font = _BOLD
    for r, topic in enumerate(payload["topics"], 2):
        _put(ws, r, 1, topic["label"]).font = _BOLD
        _put(ws, r, 2, topic["group"])
        for c, cell in enumerate(topic["cells"], 3):
            target = _put(ws, r, c, cell_text(cell))
            target.fill = _fill("missing" if cell["status"] == "missing" else cell["risk"])
            target.comment = Comment(_comment(cell), "rfp-assist", width=420, height=260)
    ws.freeze_panes = "C2"
    ws.column_dimensions["A"].width = 26
    for c in range(3, len(docs) + 3):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = 30


def _table(ws: Worksheet, header: list[str], rows: list[list[object]], fill_col: int = -1) -> None:
    for col, head in enumerate(header, 1):
        _put(ws, 1, col, head).font = _BOLD
    for r, values in enumerate(rows, 2):
        for c, value in enumerate(values, 1):
            cell = _put(ws, r, c, value)
            if c - 1 == fill_col and isinstance(value, str):
                cell.fill = _fill(value)
    ws.freeze_panes = "A2"


def matrix_workbook(payload: dict[str, Any]) -> Workbook:
    """The workbook for a `compare` payload."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Matrix"
    _matrix_sheet(ws, payload)
    used = {"matrix", "flags", "coverage", "scorecard"}
    rows = matrix_rows(payload)
    header = [
        "Topic",
        "Status",
        "Risk",
        "Terms",
        "Clause",
        "Heading",
        "Page",
        "Evidence",
        "Reasons",
    ]
    for doc in payload["documents"]:
        sheet = wb.create_sheet(_sheet_title(doc["party"] or doc["name"], used))
        mine = [r for r in rows if r["document"] == doc["id"]]
        _table(
            sheet,
            header,
            [
                [
                    r["label"],
                    r["status"],
                    "missing" if r["status"] == "missing" else r["risk"],
                    r["terms"],
                    r["clause"],
                    r["heading"],
                    r["page"],
                    r["evidence"],
                    r["reasons"],
                ]
                for r in mine
            ],
            fill_col=2,
        )
        sheet.column_dimensions["H"].width = 80
    names = {d["id"]: d["party"] or d["name"] for d in payload["documents"]}
    if payload["flags"]:
        _table(
            wb.create_sheet("Flags"),
            ["Document", "Kind", "Reason", "Clause", "Page", "Text"],
            [
                [
                    names[f["document"]],
                    f["kind"],
                    f["reason"],
                    f.get("clause"),
                    f["page"],
                    f["text"],
                ]
                for f in payload["flags"]
            ],
        )
    if "coverage" in payload:
        cov = payload["coverage"]
        _table(
            wb.create_sheet("Coverage"),
            ["Requirement", "Title", "Document", "Status", "Clause", "Page", "Reasons"],
            [
                [
                    a["requirement"],
                    next(r["title"] for r in cov["requirements"] if r["id"] == a["requirement"]),
                    names[a["document"]],
                    a["status"],
                    (a["evidence"][0]["clause"] or a["evidence"][0]["heading"])
                    if a["evidence"]
                    else None,
                    a["evidence"][0]["page"] if a["evidence"] else None,
                    "; ".join(a["reasons"]),
                ]
                for a in cov["answers"]
            ],
        )
    if "scorecard" in payload:
        card = payload["scorecard"]
        lines: list[list[object]] = []
        for s in card["documents"]:
            lines.append([names[s["document"]], "TOTAL", s["total"], s["max_total"], ""])
            for c in s["criteria"]:
                for line in c["lines"]:
                    lines.append([names[s["document"]], c["id"], c["score"], c["weighted"], line])
        _table(
            wb.create_sheet("Scorecard"),
            ["Document", "Criterion", "Score (0-5)", "Weighted", "Explanation"],
            lines,
        )
    return wb


def write_matrix_xlsx(payload: dict[str, Any], path: str) -> None:
    """Write the workbook to `path`."""
    matrix_workbook(payload).save(path)
