"""The workspace's label edits: a document's party and kind, each audited, nothing else touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from rfp_assist.retrieval.search import allowed_keys
from rfp_assist.retrieval.store import DOCUMENT_KINDS, Workspace

COBALT = "cobalt_ridge_proposal.pdf"


def _doc(ws: Workspace, name: str = COBALT) -> dict[str, object]:
    return next(d for d in ws.documents() if d["name"] == name)


def test_rename_party_collapses_spaces_clears_on_blank_and_audits(workspace_copy: Path) -> None:
    with Workspace(workspace_copy) as ws:
        doc_id = str(_doc(ws)["id"])
        generation, vectors = ws.generation(), ws.vector_count()
        assert ws.rename_party(doc_id, "  Cobalt   Ridge\tBio, LLC \n") is True
        assert _doc(ws)["party"] == "Cobalt Ridge Bio, LLC"
        assert ws.rename_party(doc_id, "   ") is True
        assert _doc(ws)["party"] is None
        edits = [e for e in ws.audit_log() if e["action"] == "edit"]
        assert [e["detail"] for e in edits] == [
            "party -> Cobalt Ridge Bio, LLC",
            "party -> (none)",
        ]
        assert {e["document"] for e in edits} == {doc_id}
        assert all(e["path"] and e["path"].endswith(COBALT) and e["who"] for e in edits)
        # A label, not content: vectors and the generation the FAISS index follows stay put.
        assert (ws.generation(), ws.vector_count()) == (generation, vectors)
    with Workspace(workspace_copy) as ws:  # committed
        assert _doc(ws)["party"] is None


def test_set_kind_is_seen_by_search_filters(workspace_copy: Path) -> None:
    with Workspace(workspace_copy) as ws:
        doc = _doc(ws)
        doc_id = str(doc["id"])
        assert doc["kind"] == "proposal"
        before = allowed_keys(ws, kind="proposal")
        assert before is not None
        assert ws.set_kind(doc_id, "msa") is True
        assert _doc(ws)["kind"] == "msa"
        assert ws.audit_log()[-1]["detail"] == "kind -> msa"
        msas, after = allowed_keys(ws, kind="msa"), allowed_keys(ws, kind="proposal")
        assert msas is not None
        assert after is not None
        assert len(msas) == doc["clauses"] > 0
        assert set(after.tolist()) == set(before.tolist()) - set(msas.tolist())


def test_unknown_kind_and_unknown_document(workspace_copy: Path) -> None:
    assert DOCUMENT_KINDS == ("proposal", "msa", "rfp", "other")
    with Workspace(workspace_copy) as ws:
        doc_id = str(_doc(ws)["id"])
        before = len(ws.audit_log())
        with pytest.raises(ValueError, match="unknown document kind 'contract'"):
            ws.set_kind(doc_id, "contract")
        assert ws.set_kind("0" * 64, "rfp") is False
        assert ws.rename_party("0" * 64, "Nobody") is False
        assert len(ws.audit_log()) == before
        assert _doc(ws)["kind"] == "proposal"
