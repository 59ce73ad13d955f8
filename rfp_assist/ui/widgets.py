"""Small Streamlit helpers shared by the pages: safe text and common pickers."""

from __future__ import annotations

import re

import streamlit as st

from rfp_assist.ui import state

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def plain(text: object) -> str:
    """Text for a Streamlit markdown slot with every markdown character escaped."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def pick_document(label: str, key: str, *, kinds: tuple[str, ...] = ()) -> str | None:
    """A document picker over the workspace; the choice is kept in this session only."""
    docs = [d for d in state.documents() if not kinds or d["kind"] in kinds]
    if not docs:
        return None
    labels = {str(d["id"]): state.document_label(d) for d in docs}
    ids = list(labels)
    current = st.session_state.get(key)
    index = ids.index(current) if current in ids else 0
    chosen = st.selectbox(label, ids, index=index, format_func=labels.__getitem__, key=f"{key}_w")
    st.session_state[key] = chosen
    return str(chosen) if chosen is not None else None


def no_documents() -> None:
    """The message shown on pages that need documents when the workspace has none."""
    st.info("The workspace has no documents yet.")
    st.page_link(state.page("workspace"), label="Upload documents", icon="📤")
