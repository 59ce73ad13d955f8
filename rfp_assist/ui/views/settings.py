"""Settings: the negotiation playbook (upload, edit, validate, save) and the LLM status."""

from __future__ import annotations

import os

import streamlit as st

from rfp_assist.analysis.playbook_schema import parse_playbook
from rfp_assist.errors import RfpAssistError
from rfp_assist.llm.config import CONFIG_NAME, MODEL_ENV
from rfp_assist.llm.session import open_session
from rfp_assist.ui import state
from rfp_assist.ui.widgets import plain


def save_playbook(text: str) -> None:
    """Write the workspace's own playbook atomically."""
    target = state.workspace_dir() / state.PLAYBOOK_NAME
    temporary = target.with_name(target.name + ".part")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)


def playbook_section() -> None:
    """Show, upload, edit, validate and save the playbook."""
    st.subheader("Negotiation playbook")
    current = state.playbook_path()
    own = current.parent == state.workspace_dir()
    st.caption(
        plain(f"In force: {'this workspace’s copy' if own else 'the shipped playbook'} ({current})")
    )
    upload = st.file_uploader("Upload a playbook (YAML)", type=["yaml", "yml"], key="pb_upload")
    if upload is not None and st.session_state.get("pb_loaded") != upload.file_id:
        try:
            st.session_state["pb_text"] = upload.getvalue().decode("utf-8-sig")
        except UnicodeDecodeError:
            st.error(plain(f"{upload.name}: not UTF-8 text"))
        st.session_state["pb_loaded"] = upload.file_id
    if "pb_text" not in st.session_state:
        st.session_state["pb_text"] = current.read_text(encoding="utf-8")
    text = st.text_area("Playbook YAML", key="pb_text", height=360)
    one, two, three = st.columns(3)
    with one:
        check = st.button("Validate", key="pb_validate")
    with two:
        save = st.button("Save for this workspace", type="primary", key="pb_save")
    with three:
        reset = st.button("Use the shipped playbook", key="pb_reset", disabled=not own)
    if check or save:
        try:
            book = parse_playbook(text, "playbook")
        except RfpAssistError as exc:
            st.error(plain(str(exc)), icon=":material/error:")
        else:
            st.success(plain(f"Valid: {book.name}, {len(book.topics)} topics"))
            if save:
                save_playbook(text)
                st.success(
                    "Saved. Comparisons use it now; documents ingested from now on are "
                    "rated with it (stored clause risks keep the playbook they were "
                    "read with)."
                )
    if reset:
        (state.workspace_dir() / state.PLAYBOOK_NAME).unlink(missing_ok=True)
        st.session_state.pop("pb_text", None)
        st.rerun()


def llm_section() -> None:
    """Which mode is on, and how to change it."""
    st.subheader("Language model")
    try:
        session = open_session(state.workspace_dir())
        st.info(plain(f"Mode: {session.describe()}"), icon=":material/smart_toy:")
        session.close()
    except RfpAssistError as exc:
        st.error(plain(f"The configured model cannot be used: {exc}"))
    st.caption(
        plain(
            f"Set {MODEL_ENV} (e.g. openai:gpt-4o-mini, ollama:llama3.1) before "
            f"starting the app, or write {state.workspace_dir() / CONFIG_NAME}. Keys "
            "come from the provider's own environment variables only."
        )
    )


def workspace_section() -> None:
    """Where the workspace is and who did what in it."""
    st.subheader("Workspace")
    ws = state.workspace()
    st.caption(
        plain(
            f"{state.workspace_dir()} · {len(ws.documents())} documents · "
            f"{ws.vector_count()} clause vectors"
        )
    )
    log = ws.audit_log()[-50:][::-1]
    if log:
        st.dataframe(log, hide_index=True, key="audit_log")


def render() -> None:
    """The page."""
    st.title("Settings")
    playbook_section()
    llm_section()
    workspace_section()


if __name__ == "__main__":
    render()
