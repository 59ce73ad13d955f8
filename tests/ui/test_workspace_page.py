"""Upload & workspace page: uploads checked from bytes, one error per bad file, edits, delete."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from rfp_assist.retrieval.store import Workspace
from tests.conftest import CORPORA
from tests.ui.conftest import HELIX, VIEWS, no_exception

COBALT = CORPORA / "proposals" / "cobalt_ridge_proposal.pdf"


def test_empty_workspace_shows_the_uploader(app_in: Callable[[Path], AppTest], tmp_path: Path):
    at = app_in(tmp_path / "ws").run()
    no_exception(at)
    assert at.title[0].value == "Upload & workspace"
    assert at.file_uploader(key="uploader").accept_multiple_files
    assert at.button(key="ingest").disabled


def test_upload_adds_good_files_and_names_each_bad_one(
    app_in: Callable[[Path], AppTest], helix_copy: Path
):
    at = app_in(helix_copy).run()
    at.file_uploader(key="uploader").set_value(
        [
            ("cobalt.pdf", COBALT.read_bytes(), "application/pdf"),
            ("invoice.pdf", b"MZ\x90\x00" + bytes(200), "application/pdf"),
            ("empty.docx", b"", "application/octet-stream"),
            ("notes.pdf", b"just some words, not a PDF\n" * 20, "application/pdf"),
        ]
    )
    at.run()
    at.button(key="ingest").click().run()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert len(errors) == 3
    assert "invoice" in errors[0]
    assert "Windows executable" in errors[0]
    assert "empty" in errors[1]
    assert "notes" in errors[2]
    assert "plain text" in errors[2]
    assert next(p.proto.text for p in at.get("progress")).startswith("cobalt.pdf: added")
    assert "cobalt" in at.success[0].value
    assert "clauses" in at.success[0].value
    with Workspace(helix_copy) as ws:
        assert sorted(d["name"] for d in ws.documents()) == ["cobalt.pdf", HELIX.name]


def test_rename_party_and_set_kind(app_in: Callable[[Path], AppTest], helix_copy: Path):
    at = app_in(helix_copy).run()
    doc_id = at.session_state["workspace_doc"]
    at.text_input(key=f"party_{doc_id}").set_value("Helix Renamed Inc.")
    at.selectbox(key=f"kind_{doc_id}").set_value("msa")
    at.button(key="save_doc").click().run()
    no_exception(at)
    with Workspace(helix_copy) as ws:
        (doc,) = ws.documents()
        assert (doc["party"], doc["kind"]) == ("Helix Renamed Inc.", "msa")
        assert ws.audit_log()[-1]["action"] == "edit"


def test_delete_needs_confirmation_and_removes_the_kept_file(
    app_in: Callable[[Path], AppTest], helix_copy: Path
):
    at = app_in(helix_copy).run()
    doc_id = at.session_state["workspace_doc"]
    assert at.button(key="delete_doc").disabled
    at.checkbox(key=f"sure_{doc_id}").check().run()
    at.button(key="delete_doc").click().run()
    no_exception(at)
    with Workspace(helix_copy) as ws:
        assert ws.documents() == []
        assert ws.vector_count() == 0
    assert not list((helix_copy / "uploads").rglob("*.pdf"))


def test_open_in_review_switches_page(app_in: Callable[[Path], AppTest], helix_copy: Path):
    at = app_in(helix_copy).run()
    at.button(key="open_review").click().run()
    no_exception(at)
    assert at.title[0].value == "Document review"
    assert VIEWS  # the page scripts live there (switch_page targets)
