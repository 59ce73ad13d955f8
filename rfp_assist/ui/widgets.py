"""Small Streamlit helpers shared by the pages: safe text and common pickers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

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


def persist(key: str, default: object, options: Sequence[object] | None = None) -> str:
    """A widget key whose value survives runs in which the widget is not drawn (lazy tabs).

    Streamlit forgets a widget's state when a run does not draw it; the value is kept under
    a second key of this session and given back before the widget is drawn again. Call
    `kept(key)` after drawing the widget.
    """
    store = f"_kept_{key}"
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(store, default)
    if options is not None and st.session_state[key] not in options:
        st.session_state[key] = default
    return key


def kept(key: str) -> None:
    """Remember a persisted widget's current value (see `persist`)."""
    st.session_state[f"_kept_{key}"] = st.session_state[key]


def no_documents() -> None:
    """The message shown on pages that need documents when the workspace has none."""
    st.info("The workspace has no documents yet.")
    st.page_link(state.page("workspace"), label="Upload documents", icon="📤")
