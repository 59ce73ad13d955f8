"""Exports: the comparison as XLSX, HTML, CSV and JSON, and highlighted copies of originals."""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from rfp_assist.errors import RfpAssistError
from rfp_assist.report.matrix_csv import matrix_csv
from rfp_assist.report.matrix_html import matrix_html
from rfp_assist.report.matrix_json import matrix_payload
from rfp_assist.ui import state
from rfp_assist.ui.compare_data import XLSX_MIME
from rfp_assist.ui.widgets import pick, plain

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"


def comparison_downloads() -> None:
    """Download buttons for the comparison of the documents picked (here or on Compare)."""
    st.subheader("Comparison")
    from rfp_assist.ui.views.compare import pick_inputs

    picked = pick_inputs()
    if picked is None:
        return
    result = state.comparison(*picked)
    payload = matrix_payload(result.matrix, result.coverage, result.scorecard)
    # (label, bytes on click, file name, MIME type, key, icon); the first is the main one.
    downloads: list[tuple[str, Callable[[], str | bytes], str, str, str, str]] = [
        ("Excel workbook (XLSX)", lambda: state.comparison_xlsx(*picked), "comparison.xlsx",
         XLSX_MIME, "dl_xlsx", ":material/table_view:"),
        ("Printable page (HTML)", lambda: matrix_html(payload), "comparison.html",
         "text/html", "dl_html", ":material/print:"),
        ("Table (CSV)", lambda: matrix_csv(payload), "comparison.csv",
         "text/csv", "dl_csv", ":material/csv:"),
        ("Data (JSON)", lambda: json.dumps(payload, indent=2, ensure_ascii=False),
         "comparison.json", "application/json", "dl_json", ":material/data_object:"),
    ]  # fmt: skip
    places = st.columns(len(downloads))
    for place, (label, data, name, mime, key, icon) in zip(places, downloads, strict=True):
        with place:
            main = key == downloads[0][4]
            st.download_button(
                label, data, name, mime, key=key, icon=icon, type="primary" if main else "secondary"
            )
    st.caption(
        plain(
            f"{len(result.matrix.columns)} documents × {len(result.matrix.rows)} topics"
            + (", with RFP coverage" if result.coverage else "")
        )
    )


def annotated_downloads() -> None:
    """A highlighted copy of one original (PDF or DOCX): clauses coloured by risk, with notes."""
    st.subheader("Highlighted originals")
    docs = [d for d in state.documents() if d["media_type"] in ("pdf", "docx")]
    if not docs:
        st.info("No PDF or Word document in the workspace.")
        return
    labels = {str(d["id"]): state.document_label(d) for d in docs}
    chosen = pick("Document", "export_doc", list(labels), labels.__getitem__)
    doc = next(d for d in docs if d["id"] == chosen)
    ready = st.session_state.get("export_annotated")
    if st.button("Prepare the highlighted copy", key="export_prepare"):
        try:
            data, count = state.annotated_copy(chosen)
        except RfpAssistError as exc:
            st.error(plain(str(exc)))
            return
        ready = st.session_state["export_annotated"] = (chosen, data, count)
    if ready and ready[0] == chosen:
        _, data, count = ready
        name = str(doc["name"]).rsplit(".", 1)
        mime = PDF_MIME if doc["media_type"] == "pdf" else DOCX_MIME
        st.download_button(
            f"Highlighted {str(doc['media_type']).upper()} ({count} clauses)",
            data,
            f"{name[0]}.highlighted.{name[-1]}",
            mime,
            key="dl_annotated",
            icon=":material/format_ink_highlighter:",
        )


def render() -> None:
    """The page."""
    st.title("Exports")
    comparison_downloads()
    annotated_downloads()


if __name__ == "__main__":
    render()
