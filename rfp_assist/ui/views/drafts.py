"""Drafts (legal): two drafts, or one DOCX with tracked changes, aligned clause by clause."""

from __future__ import annotations

import re

import streamlit as st

from rfp_assist.analysis.diff import ClauseChange
from rfp_assist.errors import RfpAssistError
from rfp_assist.ui import state
from rfp_assist.ui.compare_data import styled
from rfp_assist.ui.drafts_data import (
    DIRECTION_COLOURS,
    KINDS,
    changes_frame,
    counts,
    number,
    word_diff_html,
)
from rfp_assist.ui.highlight import legend_html
from rfp_assist.ui.widgets import no_documents, pick, plain

TWO = "Two drafts"
TRACKED = "One Word file with its tracked changes"


def _natural(name: str) -> list[object]:
    """A sort key that puts "v2" before "v10"."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def pick_drafts() -> tuple[str, str | None] | None:
    """(old, new) document ids, or (file, None) for one DOCX with tracked changes."""
    docs = state.documents()
    if not docs:
        no_documents()
        return None
    # Contract drafts first: the MSA versions are what this page is for; then by file name, so
    # that "msa_v1" comes before "msa_v2" whatever order a batch stored them in.
    docs = sorted(docs, key=lambda d: (d["kind"] != "msa", _natural(str(d["name"]))))
    labels = {str(d["id"]): state.document_label(d) for d in docs}
    ids = list(labels)
    how = st.radio("Compare", [TWO, TRACKED], horizontal=True, key="drafts_how")
    if how == TRACKED:
        words = [str(d["id"]) for d in docs if d["media_type"] == "docx"]
        if not words:
            st.info("No Word file in the workspace.")
            return None
        return pick("Word file", "drafts_one", words, labels.__getitem__), None
    if len(ids) < 2:
        st.info("Add a second draft to compare two versions.")
        return None
    if "drafts_new" not in st.session_state:
        st.session_state["drafts_old"], st.session_state["drafts_new"] = ids[0], ids[1]
    one, two = st.columns(2)
    with one:
        old = pick("Old draft", "drafts_old", ids, labels.__getitem__)
    with two:
        new = pick("New draft", "drafts_new", ids, labels.__getitem__)
    if old == new:
        st.warning("Pick two different drafts.")
        return None
    return old, new


def show_change_details(changes: list[ClauseChange]) -> None:
    """One change side by side: the old and new text with the words that changed marked."""
    if not changes:
        return
    labels = [
        f"{number(c, 'old')} → {number(c, 'new')} · {c.kind} · {c.direction}" for c in changes
    ]
    index = st.selectbox(
        "Change", range(len(changes)), format_func=labels.__getitem__, key="drafts_change"
    )
    change = changes[int(index or 0)]
    st.markdown(f"**{plain(change.summary)}**")
    if change.authors:
        st.caption(plain("Tracked by: " + ", ".join(change.authors)))
    if change.term_changes:
        st.dataframe(
            [
                {
                    "topic": t.topic,
                    "term": t.key,
                    "old": str(t.old),
                    "new": str(t.new),
                    "direction": t.direction,
                }
                for t in change.term_changes
            ],
            hide_index=True,
            key="drafts_terms",
        )
    old = change.old.clause.text if change.old else ""
    new = change.new.clause.text if change.new else ""
    left, right = word_diff_html(old, new)
    one, two = st.columns(2)
    with one:
        st.caption(plain(f"Old {number(change, 'old')}"))
        st.html(left)
    with two:
        st.caption(plain(f"New {number(change, 'new')}"))
        st.html(right)


def render() -> None:
    """The page."""
    st.title("Draft changes")
    picked = pick_drafts()
    if picked is None:
        return
    try:
        diff, mode = state.draft_diff(*picked)
    except RfpAssistError as exc:
        st.error(plain(str(exc)))
        return
    tally = counts(diff)
    cols = st.columns(len(tally))
    for (name, value), place in zip(tally.items(), cols, strict=True):
        place.metric(name, value)
    st.caption(
        "Tracked changes: before them (old) and with them accepted (new)."
        if mode == "tracked_changes"
        else "Two drafts, aligned by content, not by number."
    )
    one, two = st.columns(2)
    with one:
        kinds = st.multiselect(
            "Kinds", KINDS, default=[k for k in KINDS if k != "unchanged"], key="drafts_kinds"
        )
    with two:
        directions = st.multiselect(
            "Direction for the buyer", list(DIRECTION_COLOURS), key="drafts_dirs"
        )
    shown = [
        c for c in diff.changes if c.kind in kinds and (not directions or c.direction in directions)
    ]
    st.html(legend_html(DIRECTION_COLOURS))
    text, colours = changes_frame(shown)
    st.dataframe(styled(text, colours), hide_index=True, key="drafts_table")
    show_change_details(shown)


if __name__ == "__main__":
    render()
