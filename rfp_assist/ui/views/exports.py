"""Exports: the comparison as XLSX, HTML, CSV and JSON, and highlighted copies of originals."""

from __future__ import annotations

import io
import json

import streamlit as st

from rfp_assist.report.matrix_csv import matrix_csv
from rfp_assist.report.matrix_html import matrix_html
from rfp_assist.report.matrix_json import matrix_payload
from rfp_assist.report.matrix_source import Comparison
from rfp_assist.report.matrix_xlsx import matrix_workbook
from rfp_assist.ui import state
from rfp_assist.ui.widgets import plain

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(result: Comparison) -> bytes:
    """The comparison as an Excel workbook (matrix, coverage, scorecard, a sheet per document)."""
    book = io.BytesIO()
    matrix_workbook(matrix_payload(result.matrix, result.coverage, result.scorecard)).save(book)
    return book.getvalue()


def comparison_downloads() -> None:
    """Download buttons for the comparison of the documents picked (here or on Compare)."""
    st.subheader("Comparison")
    from rfp_assist.ui.views.compare import pick_inputs

    picked = pick_inputs()
    if picked is None:
        return
    result = state.comparison(*picked)
    payload = matrix_payload(result.matrix, result.coverage, result.scorecard)
    one, two, three, four = st.columns(4)
    with one:
        st.download_button(
            "Excel workbook (XLSX)",
            lambda: xlsx_bytes(result),
            "comparison.xlsx",
            XLSX_MIME,
            key="dl_xlsx",
            icon=":material/table_view:",
            type="primary",
        )
    with two:
        st.download_button(
            "Printable page (HTML)",
            lambda: matrix_html(payload),
            "comparison.html",
            "text/html",
            key="dl_html",
            icon=":material/print:",
        )
    with three:
        st.download_button(
            "Table (CSV)",
            lambda: matrix_csv(payload),
            "comparison.csv",
            "text/csv",
            key="dl_csv",
            icon=":material/csv:",
        )
    with four:
        st.download_button(
            "Data (JSON)",
            lambda: json.dumps(payload, indent=2, ensure_ascii=False),
            "comparison.json",
            "application/json",
            key="dl_json",
            icon=":material/data_object:",
        )
    st.caption(
        plain(
            f"{len(result.matrix.columns)} documents × {len(result.matrix.rows)} topics"
            + (", with RFP coverage" if result.coverage else "")
        )
    )


def render() -> None:
    """The page."""
    st.title("Exports")
    comparison_downloads()


if __name__ == "__main__":
    render()
