"""Drafts (clause-aligned diff with direction colours) and Exports (downloads) pages."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pypdf
from streamlit.testing.v1 import AppTest

from rfp_assist.analysis.playbook import load_playbook
from rfp_assist.report.matrix_source import build_comparison, load_record
from rfp_assist.retrieval.store import Workspace
from rfp_assist.ui.compare_data import xlsx_bytes
from rfp_assist.ui.drafts_data import word_diff_html
from rfp_assist.understand import DEFAULT_PLAYBOOK
from tests.ui.conftest import VIEWS, no_exception


def drafts(app_in: Callable[[Path], AppTest], folder: Path) -> AppTest:
    at = app_in(folder).run()
    return at.switch_page(f"{VIEWS}/drafts.py").run()


def test_two_drafts_are_aligned_with_directions(
    app_in: Callable[[Path], AppTest], msa_workspace: Path
):
    at = drafts(app_in, msa_workspace)
    no_exception(at)
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["moved"] == 1
    assert metrics["removed"] == 1
    assert metrics["unfavourable"] >= 1
    table = at.dataframe[0].value
    assert "unchanged" not in set(table["change"])
    row = table[table["summary"].str.contains("payment terms")].iloc[0]
    assert (row["old"], row["new"], row["direction"]) == ("6.5", "6.4", "favourable")


def test_picking_a_change_marks_the_words(app_in: Callable[[Path], AppTest], msa_workspace: Path):
    at = drafts(app_in, msa_workspace)
    labels = at.selectbox(key="drafts_change").options
    index = next(i for i, label in enumerate(labels) if label.startswith("6.5 → 6.4"))
    at.selectbox(key="drafts_change").set_value(index).run()
    no_exception(at)
    bodies = [h.proto.body for h in at.get("html")]
    assert any("<del" in b and "45" in b for b in bodies)
    assert any("<ins" in b and "60" in b for b in bodies)


def test_one_docx_with_tracked_changes(app_in: Callable[[Path], AppTest], msa_workspace: Path):
    with Workspace(msa_workspace) as ws:
        (v2,) = [d["id"] for d in ws.documents() if d["name"] == "msa_v2.docx"]
    at = drafts(app_in, msa_workspace)
    at.radio(key="drafts_how").set_value("One Word file with its tracked changes").run()
    at.selectbox(key="drafts_one_w").set_value(v2).run()
    no_exception(at)
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["modified"] >= 5
    assert metrics["added"] >= 1
    assert any("tracked changes" in c.value.lower() for c in at.caption)


def test_word_diff_escapes_text():
    left, right = word_diff_html("Pay <b>45</b> days", "Pay <b>60</b> days")
    assert "<b>" not in left + right
    assert "&lt;b&gt;" in left
    assert "<del" in left
    assert "<ins" in right


def test_exports_offer_every_format(app_in: Callable[[Path], AppTest], corpus_workspace: Path):
    at = app_in(corpus_workspace).run()
    at.switch_page(f"{VIEWS}/exports.py").run()
    no_exception(at)
    labels = sorted(b.proto.label for b in at.get("download_button"))
    assert labels == [
        "Data (JSON)",
        "Excel workbook (XLSX)",
        "Printable page (HTML)",
        "Table (CSV)",
    ]


def test_xlsx_export_opens(corpus_workspace: Path):
    with Workspace(corpus_workspace) as ws:
        ids = [d["id"] for d in ws.documents() if d["kind"] == "proposal"]
        result = build_comparison(
            [load_record(ws, i) for i in ids], load_playbook(DEFAULT_PLAYBOOK)
        )
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(result)))
    headers = [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))]
    assert "Kestrel BioProcess GmbH" in headers
    assert "Helix Viral Manufacturing, Inc." in headers


def test_highlighted_pdf_copy(app_in: Callable[[Path], AppTest], helix_workspace: Path):
    at = app_in(helix_workspace).run()
    at.switch_page(f"{VIEWS}/exports.py").run()
    at.button(key="export_prepare").click().run()
    no_exception(at)
    (button,) = [b for b in at.get("download_button") if b.proto.label.startswith("Highlighted")]
    _, data, count = at.session_state["export_annotated"]
    assert f"({count} clauses)" in button.proto.label
    reader = pypdf.PdfReader(io.BytesIO(data))
    highlights = [
        a
        for page in reader.pages
        for a in (page.get("/Annots") or [])
        if a.get_object().get("/Subtype") == "/Highlight"
    ]
    assert len(highlights) == count > 0
