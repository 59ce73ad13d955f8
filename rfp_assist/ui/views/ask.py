"""Ask: a question over the workspace, answered with cited passages (and an LLM when set up)."""

from __future__ import annotations

import streamlit as st

from rfp_assist.errors import RfpAssistError
from rfp_assist.llm.ask import Answer, ask
from rfp_assist.llm.session import open_session
from rfp_assist.retrieval.search import SearchHit
from rfp_assist.taxonomy import load_taxonomy
from rfp_assist.ui import state
from rfp_assist.ui.highlight import topic_label
from rfp_assist.ui.widgets import no_documents, plain


def show_hits(hits: tuple[SearchHit, ...] | list[SearchHit], ids: tuple[str, ...]) -> None:
    """Each cited passage with its source: party, clause, page, span and score."""
    for i, hit in enumerate(hits):
        cid = ids[i] if i < len(ids) else str(i + 1)
        source = hit.party or hit.path.replace("\\", "/").rsplit("/", 1)[-1]
        head = (
            f"[{cid}] {source} · clause {hit.number or '(unnumbered)'}"
            f"{' ' + hit.heading if hit.heading else ''} · page {hit.page} · score "
            f"{hit.score:.2f}"
        )
        with st.expander(plain(head), expanded=i < 3):
            st.caption(plain(f"characters {hit.start}–{hit.end} of {hit.path}"))
            st.text(hit.text)


def show_answer(answer: Answer) -> None:
    """The grounded answer (LLM mode) or the ranked passages (extractive mode)."""
    if answer.focus.reason:
        st.caption(plain(f"Focus: {answer.focus.reason}"))
    for error in answer.errors:
        st.error(plain(error))
    if answer.text:
        st.markdown("**Answer**")
        st.markdown(plain(answer.text))
        if answer.dropped:
            st.caption(
                f"{len(answer.dropped)} sentence(s) dropped: their citations did not support them."
            )
    elif answer.mode == "extractive":
        st.caption("Extractive mode: the answer is the cited passages, best first.")
    if not answer.citations:
        st.info("No passage in the workspace matches this question.")
    show_hits(answer.citations, answer.ids)


def render() -> None:
    """The page."""
    st.title("Ask the workspace")
    if not state.documents():
        no_documents()
        return
    try:
        session = open_session(state.workspace_dir())
    except RfpAssistError as exc:
        st.error(plain(f"LLM not available: {exc}; answering in extractive mode."))
        session = open_session(state.workspace_dir(), use_env=False)
    st.caption(plain(f"Mode: {session.describe()}"))
    how = st.radio("How", ["Ask a question", "Search with filters"], horizontal=True, key="ask_how")
    question = st.text_input(
        "Question", key="ask_q", placeholder="Which CDMO pays for a failed batch?"
    )
    k = st.slider("Passages", 1, 20, 5, key="ask_k")
    topic = kind = None
    if how == "Search with filters":
        one, two = st.columns(2)
        with one:
            topic = st.selectbox(
                "Topic",
                [None, *load_taxonomy()],
                key="ask_topic",
                format_func=lambda t: "any" if t is None else topic_label(t),
            )
        with two:
            kind = st.selectbox(
                "Kind",
                [None, "proposal", "msa", "rfp", "other"],
                key="ask_kind",
                format_func=lambda t: t or "any",
            )
    if st.button(
        "Ask" if how == "Ask a question" else "Search",
        type="primary",
        key="ask_go",
        disabled=not question.strip(),
    ):
        searcher = state.searcher()
        with st.spinner("Searching…"):
            if how == "Ask a question":
                st.session_state["ask_result"] = ask(searcher, question, k, session.runner)
            else:
                hits = searcher.search(question, k, topic=topic, kind=kind)
                st.session_state["ask_result"] = hits
    session.close()
    result = st.session_state.get("ask_result")
    if isinstance(result, Answer):
        show_answer(result)
    elif isinstance(result, list):
        if not result:
            st.info("No passage matches.")
        show_hits(result, ())


if __name__ == "__main__":
    render()
