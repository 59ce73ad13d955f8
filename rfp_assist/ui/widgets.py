"""Small Streamlit helpers shared by the pages: safe text and common pickers."""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st

from rfp_assist.ui import state

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def plain(text: object) -> str:
    """Text for a Streamlit markdown slot with every markdown character escaped."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def pick_document(label: str, key: str, *, kinds: tuple[str, ...] = ()) -> str | None:
    """A document picker over the workspace; the choice is kept in this session only.

    `st.session_state[key]` is the chosen id: other pages set it to open a document here.
    """
    docs = [d for d in state.documents() if not kinds or d["kind"] in kinds]
    if not docs:
        return None
    labels = {str(d["id"]): state.document_label(d) for d in docs}
    return pick(label, key, list(labels), labels.__getitem__)


def pick(label: str, key: str, options: list[str], format_func: Callable[[str], str]) -> str:
    """A selectbox whose choice lives in `st.session_state[key]`, settable from elsewhere."""
    widget = f"{key}_w"

    def remember() -> None:
        st.session_state[key] = st.session_state[widget]

    current = st.session_state.get(key)
    if current in options:
        st.session_state[widget] = current
    elif st.session_state.get(widget) not in options:
        st.session_state[widget] = options[0]
    chosen = st.selectbox(label, options, format_func=format_func, key=widget, on_change=remember)
    st.session_state[key] = chosen
    return str(chosen)


def no_documents() -> None:
    """The message shown on pages that need documents when the workspace has none."""
    st.info("The workspace has no documents yet.")
    st.page_link(state.page("workspace"), label="Upload documents", icon="📤")
