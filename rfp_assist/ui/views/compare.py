"""Compare (procurement): the matrix in colour with evidence on click, RFP coverage, scorecard."""

from __future__ import annotations

from typing import Any

import streamlit as st

from rfp_assist.report.matrix_source import Comparison
from rfp_assist.ui import state
from rfp_assist.ui.compare_data import (
    COVERAGE_COLOURS,
    MISSING_COLOUR,
    XLSX_MIME,
    column_names,
    coverage_frame,
    default_selection,
    in_context,
    matrix_frame,
    ranking,
    rescored,
    selected_cell,
    styled,
)
from rfp_assist.ui.highlight import RISK_COLOURS, Highlight, highlighted_html, legend_html
from rfp_assist.ui.records import document_text
from rfp_assist.ui.widgets import kept, no_documents, persist, plain


def pick_inputs() -> tuple[list[str], str | None] | None:
    """The proposals to compare and the RFP, chosen in this session."""
    docs = state.documents()
    if not docs:
        no_documents()
        return None
    labels = {str(d["id"]): state.document_label(d) for d in docs}
    rfps = [str(d["id"]) for d in docs if d["kind"] == "rfp"]
    default, first_rfp = default_selection(docs)
    # The choice outlives visits to other pages (`persist`). A proposal stored since this
    # session last looked (an upload, a kind set to proposal) joins it; one the user took
    # out stays out.
    persist("cmp_docs", default)
    seen = st.session_state.get("cmp_seen", set(default))
    kept_ids = [i for i in st.session_state["cmp_docs"] if i in labels]
    joined = [i for i in default if i not in seen and i not in kept_ids]
    st.session_state["cmp_docs"] = kept_ids + joined
    st.session_state["cmp_seen"] = seen | set(default)
    one, two = st.columns([3, 2])
    with one:
        chosen = st.multiselect(
            "Documents to compare", list(labels), key="cmp_docs", format_func=labels.__getitem__
        )
        kept("cmp_docs")
    with two:
        options: list[str | None] = [None, *rfps]
        rfp = st.selectbox(
            "RFP (coverage and its stated weights)",
            options,
            key=persist("cmp_rfp", first_rfp, options),
            format_func=lambda i: "none" if i is None else labels[i],
        )
        kept("cmp_rfp")
    if not chosen:
        st.info("Pick at least one document to compare.")
        return None
    return list(chosen), rfp


def evidence_panel(result: Comparison, topic_index: int, column_index: int) -> None:
    """The evidence of one cell, each passage shown in its surrounding text."""
    matrix = result.matrix
    row, col = matrix.rows[topic_index], matrix.columns[column_index]
    cell = row.cells[column_index]
    st.markdown(f"**{plain(row.label)} — {plain(column_names(matrix)[column_index])}**")
    colour = MISSING_COLOUR if cell.status == "missing" else RISK_COLOURS.get(cell.risk, "#fff")
    st.html(legend_html({f"{cell.status} · risk {cell.risk}": colour}))
    for reason in cell.reasons:
        st.markdown(f"- {plain(reason)}")
    if cell.terms:
        st.dataframe(
            [
                {"term": t.key, "value": str(t.value), "clause": t.clause or "", "page": t.page}
                for t in cell.terms
            ],
            hide_index=True,
            key="cmp_terms",
        )
    text = document_text(state.workspace(), col.id) if cell.evidence else None
    for i, ev in enumerate(cell.evidence):
        where = f"clause {ev.number or '(unnumbered)'} · page {ev.page} · score {ev.score:.2f}"
        with st.expander(plain(where), expanded=i == 0):
            if text is None:
                st.text(ev.text)
                continue
            snippet, lo, hi = in_context(text, ev.start, ev.end)
            mark = Highlight(lo, hi, colour, ev.clause_id, (row.topic,), cell.risk)
            st.html(highlighted_html(snippet, [mark], selected=ev.clause_id))


def matrix_tab(result: Comparison) -> None:
    """The colour-coded matrix; clicking a cell (or picking it below) shows its evidence."""
    text, colours = matrix_frame(result.matrix)
    st.html(
        legend_html(
            {**{f"risk {k}": v for k, v in RISK_COLOURS.items()}, "missing": MISSING_COLOUR}
        )
    )
    event: Any = st.dataframe(
        styled(text, colours),
        on_select="rerun",
        selection_mode="single-cell",
        key="cmp_matrix",
        height=560,
    )
    rows, columns = list(text.index), list(text.columns)
    picked = selected_cell(event.selection.get("cells", []), rows, columns)
    if picked is not None and picked != st.session_state.get("cmp_picked"):
        st.session_state["cmp_picked"] = picked
        st.session_state["cmp_topic"], st.session_state["cmp_col"] = picked
    one, two = st.columns(2)
    with one:
        topic = _index_picker("Topic", "cmp_topic", [str(r) for r in rows])
    with two:
        col = _index_picker("Document", "cmp_col", [str(c) for c in columns])
    evidence_panel(result, topic, col)


def _index_picker(label: str, key: str, names: list[str]) -> int:
    """A selectbox over `names` whose value (an index) is kept across lazy-tab runs."""
    options = range(len(names))
    chosen = st.selectbox(
        label, options, key=persist(key, 0, options), format_func=names.__getitem__
    )
    kept(key)
    return int(chosen or 0)


def coverage_tab(result: Comparison) -> None:
    """Each RFP requirement against each proposal: answered, partly, not addressed."""
    if result.coverage is None:
        st.info("Pick the RFP above to see which requirements each proposal answers.")
        return
    text, colours = coverage_frame(result.coverage, result.matrix)
    st.html(legend_html({k.replace("_", " "): v for k, v in COVERAGE_COLOURS.items()}))
    st.dataframe(styled(text, colours), key="cmp_coverage")


def scorecard_tab(result: Comparison) -> None:
    """Weights the user can change, the ranking and chart they give, and every score explained."""
    card = result.scorecard
    st.caption(
        plain(
            f"Criteria: {card.source}. Scores are computed from terms, risk and "
            "coverage; document text cannot change them."
        )
    )
    weights: dict[str, float] = {}
    cols = st.columns(max(len(card.criteria), 1))
    for crit, place in zip(card.criteria, cols, strict=False):
        with place:
            key = persist(f"cmp_weight_{crit.id}", float(crit.weight))
            weights[crit.id] = st.number_input(
                plain(crit.label), min_value=0.0, max_value=100.0, step=5.0, key=key
            )
            kept(key)
    if not any(weights.values()):
        st.warning("Every weight is zero: nothing to rank.")
        return
    current = rescored(card, weights, result.matrix, result.coverage)
    table = ranking(current, result.matrix)
    st.dataframe(table, hide_index=True, key="cmp_ranking")
    if not table.empty:
        st.bar_chart(
            table.set_index("vendor")[[c.id for c in current.criteria]],
            horizontal=True,
            stack=True,
            height=260,
        )
    names = dict(
        zip([c.id for c in result.matrix.columns], column_names(result.matrix), strict=True)
    )
    by_vendor = {s.document: s for s in current.scores}
    vendors = list(by_vendor)
    vendor = st.selectbox(
        "Explain the score of",
        vendors,
        key=persist("cmp_explain", vendors[0], vendors),
        format_func=names.__getitem__,
    )
    kept("cmp_explain")
    score = by_vendor[str(vendor)]
    st.dataframe(
        [
            {"criterion": item.criterion, "line": line}
            for item in score.criteria
            for line in item.lines
        ],
        hide_index=True,
        key="cmp_explanation",
        width="stretch",
    )


def flags_tab(result: Comparison) -> None:
    """Hidden text and instructions aimed at tools, per document."""
    names = column_names(result.matrix)
    rows = [
        {"document": name, "kind": f.kind, "page": f.page, "reason": f.reason, "text": f.text}
        for name, col in zip(names, result.matrix.columns, strict=True)
        for f in col.flags
    ]
    if rows:
        st.dataframe(rows, hide_index=True, key="cmp_flags")
    else:
        st.success("No hidden text or instructions aimed at tools were found.")


def render() -> None:
    """The page."""
    st.title("Compare proposals")
    picked = pick_inputs()
    if picked is None:
        return
    result = state.comparison(*picked)
    # The bytes are made now, not on click: a deferred file is dropped when the page reruns
    # between drawing the button and the click ("Deferred file … not found"). They are
    # cached with the comparison, so a run of the page does not write the workbook again.
    st.download_button(
        "Download XLSX",
        state.comparison_xlsx(*picked),
        "comparison.xlsx",
        XLSX_MIME,
        key="cmp_xlsx",
        icon=":material/download:",
    )
    # Lazy tabs: only the open one runs (and is sent to the browser).
    names = ["Matrix", "RFP coverage", "Scorecard", "Flags"]
    tabs = st.tabs(names, key="cmp_tab", on_change="rerun")
    for tab, show in zip(tabs, (matrix_tab, coverage_tab, scorecard_tab, flags_tab), strict=True):
        with tab:
            if tab.open:
                show(result)


if __name__ == "__main__":
    render()
