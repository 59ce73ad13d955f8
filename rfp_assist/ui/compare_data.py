"""The compare page's data, built from the library's comparison (no Streamlit here).

Nothing is decided here: statuses, risks, terms and scores come from `analysis/compare.py`,
`coverage.py` and `scorecard.py`. This module only lays them out as tables and recomputes the
scorecard when the user changes the weights.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from rfp_assist.analysis.compare import Cell, Matrix
from rfp_assist.analysis.coverage import Coverage
from rfp_assist.analysis.scorecard import Scorecard, scorecard
from rfp_assist.report.matrix_source import Comparison
from rfp_assist.taxonomy import term_text
from rfp_assist.ui.highlight import RISK_COLOURS

MISSING_COLOUR = "#e8e8e8"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COVERAGE_COLOURS = {"answered": "#b7e4c7", "partly": "#f8d48a", "not_addressed": "#f4a6a6"}


@dataclass(frozen=True)
class ComparisonVersion:
    """Everything a comparison is computed from; equal versions give equal comparisons.

    Each document is (sha256 of its bytes, party, kind, when it was stored): an upload,
    a delete, a rename, a kind change or a re-ingest gives a new version. The playbook and
    the scorecard count by their content's sha256.
    """

    documents: tuple[tuple[str, str | None, str, str], ...]
    rfp: tuple[str, str] | None
    playbook: str
    playbook_sha256: str
    scorecard_sha256: str


def comparison_version(
    stored: Sequence[Mapping[str, object]],
    document_ids: Sequence[str],
    rfp: str | None,
    playbook: tuple[str, str],
    scorecard_sha256: str,
) -> ComparisonVersion:
    """The version of comparing `document_ids` (and `rfp`) among the `stored` documents.

    Ids no longer stored are left out; `playbook` is (path, sha256 of its content).
    """
    info = {str(d["id"]): d for d in stored}

    def party(doc: Mapping[str, object]) -> str | None:
        return str(doc["party"]) if doc.get("party") else None

    documents = tuple(
        (i, party(info[i]), str(info[i]["kind"]), str(info[i]["added_at"]))
        for i in document_ids
        if i in info
    )
    picked = (rfp, str(info[rfp]["added_at"])) if rfp is not None and rfp in info else None
    return ComparisonVersion(documents, picked, playbook[0], playbook[1], scorecard_sha256)


def default_selection(stored: Sequence[Mapping[str, object]]) -> tuple[list[str], str | None]:
    """What the compare page opens on: every proposal (else every document), the first RFP."""
    proposals = [str(d["id"]) for d in stored if d["kind"] == "proposal"]
    rfps = [str(d["id"]) for d in stored if d["kind"] == "rfp"]
    return proposals or [str(d["id"]) for d in stored], rfps[0] if rfps else None


def column_names(matrix: Matrix) -> list[str]:
    """A unique, readable header per document: its party, with the file name if needed."""
    names = [c.party or c.name for c in matrix.columns]
    return [
        f"{n} ({c.name})" if names.count(n) > 1 else n
        for n, c in zip(names, matrix.columns, strict=True)
    ]


def cell_summary(cell: Cell) -> str:
    """What a matrix cell says in a few words: missing, or risk and the typed terms."""
    if cell.status == "missing":
        return "missing"
    terms = "; ".join(f"{t.key}={term_text(t.value)}" for t in cell.terms)
    return f"{cell.risk}" + (f" · {terms}" if terms else "")


def matrix_frame(matrix: Matrix) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(text, colour) frames: one row per topic, one column per document."""
    names = column_names(matrix)
    index = [r.label for r in matrix.rows]
    text = [[cell_summary(c) for c in r.cells] for r in matrix.rows]
    colours = [
        [MISSING_COLOUR if c.status == "missing" else RISK_COLOURS.get(c.risk, "#ffffff")
         for c in r.cells]
        for r in matrix.rows
    ]  # fmt: skip
    return (
        pd.DataFrame(text, index=index, columns=names),
        pd.DataFrame(colours, index=index, columns=names),
    )


def styled(text: pd.DataFrame, colours: pd.DataFrame) -> Any:
    """The text frame with each cell's background set from the colour frame."""
    return text.style.apply(lambda _: colours.map(lambda c: f"background-color: {c}"), axis=None)


def coverage_frame(cov: Coverage, matrix: Matrix) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(text, colour) frames: one row per RFP requirement, one column per document."""
    names = column_names(matrix)
    index = [f"{r.id} {r.title}" for r in cov.requirements]
    text, colours = [], []
    for req in cov.requirements:
        row, fill = [], []
        for col in matrix.columns:
            answer = cov.answer(col.id, req.id)
            best = answer.evidence[0] if answer.evidence else None
            where = f" ({best.number or 'p.' + str(best.page)})" if best else ""
            row.append(answer.status.replace("_", " ") + where)
            fill.append(COVERAGE_COLOURS.get(answer.status, "#ffffff"))
        text.append(row)
        colours.append(fill)
    return (
        pd.DataFrame(text, index=index, columns=names),
        pd.DataFrame(colours, index=index, columns=names),
    )


def rescored(card: Scorecard, weights: Mapping[str, float], matrix: Matrix,
             cov: Coverage | None) -> Scorecard:  # fmt: skip
    """The scorecard again with the user's weights (criteria and scoring rules unchanged)."""
    criteria = [replace(c, weight=float(weights.get(c.id, c.weight))) for c in card.criteria]
    criteria = [c for c in criteria if c.weight > 0]
    return scorecard(criteria, card.source + " (weights changed by the user)", matrix, cov)


def ranking(card: Scorecard, matrix: Matrix) -> pd.DataFrame:
    """Documents by total score, best first, with each criterion's weighted points."""
    names = dict(zip([c.id for c in matrix.columns], column_names(matrix), strict=True))
    rows = []
    for score in card.scores:
        row: dict[str, Any] = {"vendor": names.get(score.document, score.document),
                               "total": score.total, "of": score.max_total}  # fmt: skip
        for crit in score.criteria:
            row[crit.criterion] = crit.weighted
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame = frame.sort_values("total", ascending=False, kind="stable").reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def xlsx_bytes(result: Comparison) -> bytes:
    """The comparison as an Excel workbook (matrix, coverage, scorecard, a sheet per document)."""
    # openpyxl loads here, not with the page: a cached workbook never needs it.
    from rfp_assist.report.matrix_json import matrix_payload
    from rfp_assist.report.matrix_xlsx import matrix_workbook

    book = io.BytesIO()
    matrix_workbook(matrix_payload(result.matrix, result.coverage, result.scorecard)).save(book)
    return book.getvalue()


def in_context(text: str, start: int, end: int, margin: int = 400) -> tuple[str, int, int]:
    """The passage with up to `margin` characters either side, and its span inside them."""
    lo = max(0, start - margin)
    hi = min(len(text), end + margin)
    return text[lo:hi], start - lo, end - lo


def selected_cell(cells: Sequence[Any], rows: Sequence[str], columns: Sequence[str]
                  ) -> tuple[int, int] | None:  # fmt: skip
    """(row index, column index) of a dataframe cell selection, if it is a matrix cell."""
    for row, column in cells:
        if column in columns and 0 <= int(row) < len(rows):
            return int(row), list(columns).index(column)
    return None
