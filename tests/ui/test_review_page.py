"""Document review: highlights by topic or risk, filters, side panel, escaped text, PDF pages."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import numpy as np
import pypdfium2 as pdfium
from streamlit.testing.v1 import AppTest

from rfp_assist.retrieval.store import Workspace
from rfp_assist.ui.highlight import RISK_COLOURS, original_pdf, page_boxes, render_page
from rfp_assist.ui.records import document_view
from tests.ui.conftest import HELIX, VIEWS, no_exception


def review(app_in: Callable[[Path], AppTest], folder: Path) -> AppTest:
    at = app_in(folder).run()
    return at.switch_page(f"{VIEWS}/review.py").run()


def document_html(at: AppTest) -> str:
    bodies = [h.proto.body for h in at.get("html")]
    (body,) = [b for b in bodies if 'class="rfp-doc"' in b]
    return body


def test_review_lists_clauses_and_highlights_them(
    app_in: Callable[[Path], AppTest], helix_workspace: Path
):
    at = review(app_in, helix_workspace)
    no_exception(at)
    labels = at.selectbox(key="review_clause_w").options
    assert any("Late Delivery" in label for label in labels)
    assert len(labels) > 40
    assert document_html(at).count("<mark ") >= 40


def test_topic_filter_keeps_the_late_delivery_clause(
    app_in: Callable[[Path], AppTest], helix_workspace: Path
):
    at = review(app_in, helix_workspace)
    at.multiselect(key="review_topics").set_value(["late_delivery"]).run()
    no_exception(at)
    labels = at.selectbox(key="review_clause_w").options
    assert labels
    assert all("late_delivery" in at.session_state["review_topics"] for _ in labels)
    assert any("Late Delivery" in label for label in labels)
    body = document_html(at)
    assert 'data-topics="late_delivery' in body or " late_delivery" in body
    assert body.count("<mark ") == len(labels)
    # The side panel shows what was read from the clause: its typed terms and risk.
    with Workspace(helix_workspace) as ws:
        (doc,) = ws.documents()
        view = document_view(ws, doc["id"])
    assert view is not None
    (late,) = [c for c in view.clauses if c.heading and "Late Delivery" in c.heading]
    at.session_state["review_clause"] = late.id
    at.run()
    no_exception(at)
    panel = [str(df.value) for df in at.dataframe]
    assert any("pct_per_week" in text or "cap_pct" in text for text in panel)


def test_risk_toggle_colours_by_risk(app_in: Callable[[Path], AppTest], helix_workspace: Path):
    at = review(app_in, helix_workspace)
    at.toggle(key="review_by_risk").set_value(True).run()
    no_exception(at)
    with Workspace(helix_workspace) as ws:
        (doc,) = ws.documents()
        view = document_view(ws, doc["id"])
    assert view is not None
    body = document_html(at)
    for risk in {c.risk for c in view.clauses}:
        assert f'data-risk="{risk}" style="background:{RISK_COLOURS[risk]}' in body


def test_pdf_page_is_drawn_with_highlights(
    app_in: Callable[[Path], AppTest], helix_workspace: Path
):
    at = review(app_in, helix_workspace)
    assert [t.label for t in at.tabs] == ["Text", "Pages"]
    assert not at.get("image")  # drawn only when the Pages tab is open
    at.session_state["review_tab_pdf"] = "Pages"
    at.run()
    no_exception(at)
    (image,) = at.get("image")
    assert "highlighted lines" in str(image.proto)


def test_highlight_rectangles_cover_the_clause_words(helix_workspace: Path):
    with Workspace(helix_workspace) as ws:
        (doc,) = ws.documents()
        view = document_view(ws, doc["id"])
    assert view is not None
    pdf = original_pdf(view, helix_workspace / "uploads")
    assert pdf is not None
    (clause,) = [c for c in view.clauses if c.heading and "Late Delivery" in c.heading]
    boxes = page_boxes(view, [clause], clause.page, "topic")
    assert boxes
    document = pdfium.PdfDocument(pdf)
    words = " ".join(clause.text.split())
    under = []
    for x0, y0, x1, y1, _ in boxes:
        text = document[clause.page - 1].get_textpage().get_text_bounded(x0, y0, x1, y1)
        under.append(" ".join(text.split()))
    document.close()
    assert all(piece and piece in words for piece in under)
    # Drawn pixels change only inside the rectangles.
    plain_page = np.asarray(render_page(pdf, clause.page, [], scale=1.0)).astype(int)
    marked = np.asarray(render_page(pdf, clause.page, boxes, scale=1.0)).astype(int)
    changed = np.argwhere(np.abs(plain_page - marked).sum(axis=2) > 0)
    top = float(min(b[1] for b in boxes))
    assert len(changed)
    height = plain_page.shape[0]
    assert changed[:, 0].max() <= height - top + 2


def test_document_text_is_escaped(app_in: Callable[[Path], AppTest], helix_copy: Path):
    made = docx.Document()
    made.add_paragraph("1. Late Delivery <script>alert('x')</script>")
    made.add_paragraph("If the batch is late, <img src=x onerror=alert(1)> the vendor pays 1%.")
    made.add_paragraph("2. Payment <b>Terms</b>")
    made.add_paragraph("Invoices are payable net 45 days. [link](javascript:alert(1))")
    data = io.BytesIO()
    made.save(data)
    at = app_in(helix_copy).run()
    at.file_uploader(key="uploader").set_value(
        ("hostile.docx", data.getvalue(), "application/octet-stream")
    )
    at.run()
    at.button(key="ingest").click().run()
    no_exception(at)
    with Workspace(helix_copy) as ws:
        (doc,) = [d for d in ws.documents() if d["name"] == "hostile.docx"]
    at.session_state["review_doc"] = doc["id"]
    at.switch_page(f"{VIEWS}/review.py").run()
    no_exception(at)
    body = document_html(at)
    assert "&lt;script&gt;" in body
    assert "<script" not in body
    assert "<img" not in body
    assert "<b>" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert HELIX.exists()
