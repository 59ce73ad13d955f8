"""Upload & workspace: add PDF/DOCX files, see what is stored, rename, re-kind, delete."""

from __future__ import annotations

import streamlit as st

from rfp_assist.retrieval.store import DOCUMENT_KINDS
from rfp_assist.ui import state
from rfp_assist.ui.uploads import UploadResult, forget_upload, ingest_upload
from rfp_assist.ui.widgets import pick, plain

_STATUS = {"added": "added", "unchanged": "already in the workspace", "failed": "failed"}


def upload_section() -> None:
    """The uploader, one progress bar per file, and one error line per bad file."""
    st.subheader("Add documents")
    files = st.file_uploader(
        "Drop PDF or Word files here (several at once)",
        type=["pdf", "docx"],
        accept_multiple_files=True,
        key="uploader",
        help="Checked on the server from their bytes, not their names; limit 50 MB each.",
    )
    if st.button("Add to workspace", type="primary", disabled=not files, key="ingest"):
        results: list[UploadResult] = []
        for upload in files or []:
            bar = st.progress(0.0, text=f"{upload.name}: checking…")
            data = upload.getvalue()
            bar.progress(0.2, text=f"{upload.name}: reading, classifying, indexing…")
            result = ingest_upload(
                state.workspace(),
                state.uploads_dir(),
                upload.name,
                data,
                state.reader,
                max_bytes=state.max_bytes(),
            )
            what = _STATUS[result.status]
            bar.progress(1.0, text=f"{upload.name}: {what} ({result.clauses} clauses)")
            results.append(result)
        st.session_state["upload_results"] = results
        added = [r.document for r in results if r.document and r.status != "failed"]
        if added:  # the last file added becomes this session's open document
            st.session_state["workspace_doc"] = st.session_state["review_doc"] = added[-1]
    for result in st.session_state.get("upload_results", []):
        if result.status == "failed":
            st.error(plain(result.error or f"{result.name}: failed"), icon=":material/error:")
        else:
            st.success(
                plain(f"{result.name}: {_STATUS[result.status]}, {result.clauses} clauses"),
                icon=":material/check_circle:",
            )


def documents_section() -> None:
    """The stored documents, and the edits a user can make to one of them."""
    st.subheader("Workspace")
    st.caption(plain(f"Folder: {state.workspace_dir()}"))
    docs = state.documents()
    if not docs:
        st.info("No documents yet: add the proposals, the RFP and the MSA drafts above.")
        return
    rows = [
        {
            "party": d["party"] or "(not found)",
            "kind": d["kind"],
            "file": d["name"],
            "pages": d["pages"],
            "clauses": d["clauses"],
            "added": d["added_at"],
        }
        for d in docs
    ]
    st.dataframe(rows, hide_index=True, width="stretch", key="documents_table")
    labels = {str(d["id"]): state.document_label(d) for d in docs}
    chosen = pick("Document", "workspace_doc", list(labels), labels.__getitem__)
    doc = next(d for d in docs if d["id"] == chosen)
    edit, actions = st.columns([3, 2])
    with edit:
        party = st.text_input("Party", value=str(doc["party"] or ""), key=f"party_{chosen}")
        kind_now = str(doc["kind"])
        kind = st.selectbox(
            "Kind",
            DOCUMENT_KINDS,
            index=DOCUMENT_KINDS.index(kind_now) if kind_now in DOCUMENT_KINDS else 3,
            key=f"kind_{chosen}",
        )
        if st.button("Save", key="save_doc"):
            state.workspace().rename_party(str(chosen), party)
            state.workspace().set_kind(str(chosen), str(kind))
            st.toast("Saved")
            st.rerun()
    with actions:
        if st.button("Open in review", key="open_review", icon=":material/fact_check:"):
            st.session_state["review_doc"] = chosen
            st.switch_page(state.page("review"))
        sure = st.checkbox("Yes, delete it", key=f"sure_{chosen}")
        if st.button("Delete", disabled=not sure, key="delete_doc", icon=":material/delete:"):
            state.workspace().delete(str(chosen))
            forget_upload(state.uploads_dir(), str(chosen))
            st.toast(plain(f"Deleted {doc['name']}"))
            st.rerun()


def render() -> None:
    """The page."""
    st.title("Upload & workspace")
    upload_section()
    documents_section()


if __name__ == "__main__":
    render()
