"""Document review: clauses highlighted by topic or risk, a side panel per clause, PDF pages."""

from __future__ import annotations

import streamlit as st

from rfp_assist.ui import state
from rfp_assist.ui.highlight import (
    RISK_COLOURS,
    Mode,
    highlighted_html,
    highlights,
    legend_html,
    original_pdf,
    page_boxes,
    render_page,
    shown_topic,
    topic_colours,
    topic_label,
)
from rfp_assist.ui.records import ClauseView, DocumentView, document_view
from rfp_assist.ui.widgets import no_documents, pick, pick_document, plain

RISKS = ("high", "medium", "low", "unknown")


def filters(view: DocumentView) -> tuple[Mode, list[str], list[str], bool]:
    """The highlight mode and the filters (topics, risks, flagged only), kept per session."""
    present = sorted({t for c in view.clauses for t, _ in c.topics}, key=topic_label)
    one, two, three, four = st.columns([2, 3, 3, 2])
    with one:
        by_risk = st.toggle("Colour by risk", key="review_by_risk")
    with two:
        topics = st.multiselect("Topics", present, format_func=topic_label, key="review_topics")
    with three:
        risks = st.multiselect("Risk", RISKS, key="review_risks")
    with four:
        flagged = st.checkbox("Flagged only", key="review_flagged")
    mode: Mode = "risk" if by_risk else "topic"
    return mode, topics, risks, flagged


def selected(
    view: DocumentView, topics: list[str], risks: list[str], flagged: bool
) -> list[ClauseView]:
    """The clauses that pass the filters."""
    out = []
    for clause in view.clauses:
        own = {t for t, _ in clause.topics}
        if topics and not own.intersection(topics):
            continue
        if risks and clause.risk not in risks:
            continue
        if flagged and not clause.flags:
            continue
        out.append(clause)
    return out


def side_panel(clause: ClauseView) -> None:
    """Topics, terms, risk with reasons, flags and location of one clause."""
    st.markdown(f"**{plain(clause.label or clause.id)}**")
    colour = RISK_COLOURS.get(clause.risk, RISK_COLOURS["unknown"])
    st.html(legend_html({f"risk: {clause.risk}": colour}))
    st.caption(
        plain(
            f"page {clause.page}"
            + (f"–{clause.page_end}" if clause.page_end != clause.page else "")
            + f" · characters {clause.start}–{clause.end}"
        )
    )
    if clause.reasons:
        st.markdown("**Why this risk**")
        for reason in clause.reasons:
            st.markdown(f"- {plain(reason)}")
    if clause.topics:
        st.markdown("**Topics**")
        st.dataframe(
            [{"topic": topic_label(t), "id": t, "score": round(s, 3)} for t, s in clause.topics],
            hide_index=True,
            key="panel_topics",
        )
    if clause.terms:
        st.markdown("**Terms**")
        st.dataframe(
            [
                {"topic": topic_label(t), "key": k, "value": str(v)}
                for t, terms in clause.terms.items()
                for k, v in terms.items()
            ],
            hide_index=True,
            key="panel_terms",
        )
    else:
        st.caption("No typed terms stated in this clause.")
    for flag in clause.flags:
        st.warning(
            plain(f"{flag.kind} (page {flag.page}): {flag.reason} — “{flag.text}”"),
            icon=":material/flag:",
        )
    with st.expander("Clause text", expanded=False):
        st.text(clause.text)


def pages_view(
    view: DocumentView,
    shown: list[ClauseView],
    mode: Mode,
    prefer: list[str],
    focus: ClauseView | None,
) -> None:
    """The PDF's pages as images, with highlight rectangles where the clause words are."""
    pdf = original_pdf(view, state.uploads_dir())
    if pdf is None:
        st.info(
            "The original PDF is not where it was ingested from (or has changed), so only "
            "the text view is available."
        )
        return
    numbers = [p.number for p in view.pages] or [1]
    key = f"review_page_{view.id[:12]}"
    if focus is not None and st.session_state.get("review_focus_seen") != focus.id:
        st.session_state[key] = focus.page  # jump to a newly picked clause
        st.session_state["review_focus_seen"] = focus.id
    number = st.select_slider("Page", numbers, key=key) if len(numbers) > 1 else numbers[0]
    boxes = page_boxes(view, shown, int(number), mode, prefer)
    st.image(
        render_page(pdf, int(number), boxes),
        width="stretch",
        caption=f"Page {number} of {len(numbers)}: {len(boxes)} highlighted lines",
    )


def render() -> None:
    """The page."""
    st.title("Document review")
    doc_id = pick_document("Document", "review_doc")
    if doc_id is None:
        no_documents()
        return
    view = document_view(state.workspace(), doc_id)
    if view is None:
        st.error("This document was just deleted from the workspace.")
        return
    mode, topics, risks, flagged = filters(view)
    shown = selected(view, topics, risks, flagged)
    colours = (
        RISK_COLOURS
        if mode == "risk"
        else {
            topic_label(t): topic_colours()[t]
            for t in dict.fromkeys(shown_topic(c, topics) for c in shown)
            if t
        }
    )
    st.html(legend_html(colours))
    st.caption(f"{len(shown)} of {len(view.clauses)} clauses shown · {len(view.flags)} flags")
    for warning in view.warnings:
        st.caption(plain(f"warning: {warning}"))
    left, right = st.columns([3, 2], gap="medium")
    focus: ClauseView | None = None
    with right:
        st.subheader("Clause")
        if shown:
            ids = [c.id for c in shown]
            labels = {c.id: f"{c.label or '(no heading)'} · p.{c.page} · {c.risk}" for c in shown}
            clause_id = pick("Clause", "review_clause", ids, labels.__getitem__)
            focus = next(c for c in shown if c.id == clause_id)
            side_panel(focus)
        else:
            st.info("No clause matches these filters.")
    with left:
        names = ["Text", "Pages"] if view.media_type == "pdf" else ["Text"]
        # Lazy tabs: a page image is drawn only while the Pages tab is open.
        tabs = st.tabs(names, key=f"review_tab_{view.media_type}", on_change="rerun")
        if tabs[0].open:
            with tabs[0]:
                marks = highlights(shown, mode, topics)
                st.html(highlighted_html(view.text, marks, selected=focus.id if focus else None))
        if len(tabs) > 1 and tabs[1].open:
            with tabs[1]:
                pages_view(view, shown, mode, topics, focus)


if __name__ == "__main__":
    render()
