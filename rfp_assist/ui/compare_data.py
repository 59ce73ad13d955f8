"""The compare page's data, built from the library's comparison (no Streamlit here).

Nothing is decided here: statuses, risks, terms and scores come from `analysis/compare.py`,
`coverage.py` and `scorecard.py`. This module only lays them out as tables and recomputes the
scorecard when the user changes the weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from rfp_assist.analysis.compare import Cell, Matrix
from rfp_assist.analysis.coverage import Coverage
from rfp_assist.analysis.scorecard import Scorecard, scorecard
from rfp_assist.taxonomy import term_text
from rfp_assist.ui.highlight import RISK_COLOURS

MISSING_COLOUR = "#e8e8e8"
COVERAGE_COLOURS = {"answered": "#b7e4c7", "partly": "#f8d48a", "not_addressed": "#f4a6a6"}


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
