"""Compare: the coloured matrix, evidence per cell, RFP coverage, scorecard weights → ranking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import VIEWS, no_exception


def compare(app_in: Callable[[Path], AppTest], folder: Path, tab: str = "Matrix") -> AppTest:
    at = app_in(folder).run()
    at.switch_page(f"{VIEWS}/compare.py").run()
    if tab != "Matrix":
        at.session_state["cmp_tab"] = tab
        at.run()
    return at


def frames(at: AppTest) -> dict[str, object]:
    return {df.proto.id: df.value for df in at.dataframe}


def test_matrix_has_a_column_per_proposal_and_a_row_per_topic(
    app_in: Callable[[Path], AppTest], corpus_workspace: Path
):
    at = compare(app_in, corpus_workspace)
    no_exception(at)
    assert at.title[0].value == "Compare proposals"
    matrix = at.dataframe[0].value
    assert list(matrix.columns) == ["Helix Viral Manufacturing, Inc.", "Kestrel BioProcess GmbH"]
    assert "Late delivery" in list(matrix.index)
    assert matrix.loc["Late delivery"].str.len().min() > 0


def test_picking_a_cell_shows_its_evidence_in_context(
    app_in: Callable[[Path], AppTest], corpus_workspace: Path
):
    at = compare(app_in, corpus_workspace)
    rows = list(at.dataframe[0].value.index)
    at.selectbox(key="cmp_topic").set_value(rows.index("Late delivery")).run()
    at.selectbox(key="cmp_col").set_value(1).run()
    no_exception(at)
    assert any("Late delivery — Kestrel" in m.value for m in at.markdown)
    marks = [h.proto.body for h in at.get("html") if 'data-topics="late_delivery"' in h.proto.body]
    assert marks
    assert "Late Delivery" in marks[0]


def test_coverage_table_lists_the_rfp_requirements(
    app_in: Callable[[Path], AppTest], corpus_workspace: Path
):
    at = compare(app_in, corpus_workspace, "RFP coverage")
    no_exception(at)
    tables = [
        df.value for df in at.dataframe if any(str(i).startswith("R1 ") for i in df.value.index)
    ]
    assert tables
    assert len(tables[0].index) == 12


def test_changing_weights_reorders_the_ranking(
    app_in: Callable[[Path], AppTest], corpus_workspace: Path
):
    at = compare(app_in, corpus_workspace, "Scorecard")
    weights = [n for n in at.number_input if n.key and n.key.startswith("cmp_weight_")]
    assert len(weights) >= 3
    for box in weights:
        box.set_value(0.0)
    only = weights[0]
    only.set_value(100.0).run()
    no_exception(at)
    ranking = next(df.value for df in at.dataframe if "rank" in getattr(df.value, "columns", []))
    criterion = only.key.removeprefix("cmp_weight_")
    assert list(ranking["total"]) == sorted(ranking["total"], reverse=True)
    assert list(ranking["total"]) == list(ranking[criterion])
    assert set(ranking.columns) >= {"vendor", "total", criterion}
