"""The compare page's comparison is cached per content version, warmed up at server start.

Every test drives the real app (AppTest) on a real workspace; changes are made the way the
app or another session makes them, and the page must show them on its next run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from rfp_assist.retrieval.store import Workspace
from rfp_assist.ui import state
from rfp_assist.ui.compare_data import comparison_version, default_selection
from rfp_assist.ui.launch import READY, warm_up
from tests.ui.conftest import KESTREL, VIEWS, no_exception

HELIX_PARTY = "Helix Viral Manufacturing, Inc."
KESTREL_PARTY = "Kestrel BioProcess GmbH"


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Each test starts from an empty process cache, as a fresh server does."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def matrix_columns(at: AppTest) -> list[str]:
    no_exception(at)
    return list(at.dataframe[0].value.columns)


def open_compare(at: AppTest) -> AppTest:
    return at.switch_page(f"{VIEWS}/compare.py").run()


def test_an_upload_joins_the_open_compare_page(app_in: Callable[[Path], AppTest], helix_copy: Path):
    at = open_compare(app_in(helix_copy).run())
    assert matrix_columns(at) == [HELIX_PARTY]
    at.switch_page(f"{VIEWS}/workspace.py").run()
    at.file_uploader(key="uploader").set_value(
        [(KESTREL.name, KESTREL.read_bytes(), "application/pdf")]
    )
    at.run()
    at.button(key="ingest").click().run()
    no_exception(at)
    # The same session, whose selection was made before the upload: the new proposal joins.
    assert matrix_columns(open_compare(at)) == [HELIX_PARTY, KESTREL_PARTY]


def test_a_proposal_taken_out_stays_out_across_pages(
    app_in: Callable[[Path], AppTest], corpus_workspace: Path
):
    with Workspace(corpus_workspace) as ws:
        helix = next(d["id"] for d in ws.documents() if d["party"] == HELIX_PARTY)
    at = open_compare(app_in(corpus_workspace).run())
    assert len(at.multiselect(key="cmp_docs").value) == 2
    at.multiselect(key="cmp_docs").set_value([helix]).run()
    at.selectbox(key="cmp_rfp").set_value(None).run()
    assert matrix_columns(at) == [HELIX_PARTY]
    at.switch_page(f"{VIEWS}/review.py").run()
    no_exception(at)
    assert matrix_columns(open_compare(at)) == [HELIX_PARTY]
    assert at.selectbox(key="cmp_rfp").value is None


def test_rename_kind_and_delete_by_another_session_show_on_the_next_run(
    app_in: Callable[[Path], AppTest], corpus_copy: Path
):
    at = open_compare(app_in(corpus_copy).run())
    assert matrix_columns(at) == [HELIX_PARTY, KESTREL_PARTY]
    with Workspace(corpus_copy) as ws:
        kestrel = next(d["id"] for d in ws.documents() if d["party"] == KESTREL_PARTY)
        assert ws.rename_party(kestrel, "Kestrel Renamed AG")
    assert matrix_columns(at.run()) == [HELIX_PARTY, "Kestrel Renamed AG"]

    with Workspace(corpus_copy) as ws:
        rfp = next(d["id"] for d in ws.documents() if d["kind"] == "rfp")
        assert ws.set_kind(rfp, "other")
    at.run()
    no_exception(at)
    assert at.selectbox(key="cmp_rfp").value is None  # no RFP left: no coverage

    with Workspace(corpus_copy) as ws:
        assert ws.delete(kestrel)
    assert matrix_columns(at.run()) == [HELIX_PARTY]


def test_the_warm_up_fills_the_caches_the_page_reads(
    app_in: Callable[[Path], AppTest], corpus_workspace: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("RFP_ASSIST_HOME", str(corpus_workspace))
    said = warm_up()
    assert said.startswith(READY)
    assert "2 documents and the RFP compared" in said

    def not_again(*_: object, **__: object) -> object:
        raise AssertionError("computed again: the warm-up's cache entry was not used")

    # A fresh session opening Compare must find both the comparison and its workbook ready.
    monkeypatch.setattr(state, "build_comparison", not_again)
    monkeypatch.setattr(state, "xlsx_bytes", not_again)
    at = open_compare(app_in(corpus_workspace).run())
    assert matrix_columns(at) == [HELIX_PARTY, KESTREL_PARTY]
    assert at.get("download_button")[0].proto.label == "Download XLSX"


def test_versions_follow_what_the_comparison_reads(corpus_workspace: Path):
    with Workspace(corpus_workspace) as ws:
        stored = ws.documents()
    ids, rfp = default_selection(stored)
    assert [d["kind"] for d in stored if d["id"] in ids] == ["proposal", "proposal"]
    assert rfp == next(d["id"] for d in stored if d["kind"] == "rfp")
    book = ("playbook.yaml", "a" * 64)
    base = comparison_version(stored, ids, rfp, book, "s" * 64)
    assert base == comparison_version(stored, ids, rfp, book, "s" * 64)
    renamed = [{**d, "party": "Other" if d["id"] == ids[0] else d["party"]} for d in stored]
    kinds = [{**d, "kind": "other" if d["id"] == ids[1] else d["kind"]} for d in stored]
    again = [{**d, "added_at": "2031-01-01T00:00:00" if d["id"] == rfp else d["added_at"]}
             for d in stored]  # fmt: skip
    changed = [
        comparison_version(renamed, ids, rfp, book, "s" * 64),
        comparison_version(kinds, ids, rfp, book, "s" * 64),
        comparison_version(again, ids, rfp, book, "s" * 64),
        comparison_version(stored, ids, rfp, ("playbook.yaml", "b" * 64), "s" * 64),
        comparison_version(stored, ids, rfp, book, "t" * 64),
        comparison_version(stored, ids[:1], rfp, book, "s" * 64),
        comparison_version(stored, ids, None, book, "s" * 64),
    ]
    assert all(v != base for v in changed)
    assert len(set(changed)) == len(changed)
    # A document no longer stored drops out of the version (and so out of the matrix).
    assert comparison_version(stored, [*ids, "f" * 64], rfp, book, "s" * 64) == base
