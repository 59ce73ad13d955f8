"""The workspace: round trip, no-op re-ingest, delete, model mismatch, lost or corrupt index."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from rfp_assist.errors import WorkspaceError
from rfp_assist.retrieval import faiss_index
from rfp_assist.retrieval.ingest import IngestResult, ingest_paths
from rfp_assist.retrieval.store import Workspace
from rfp_assist.understand import Reader
from tests.retrieval.conftest import SAMPLE_FILES


def _fts_count(workspace: Workspace, word: str) -> int:
    row = workspace.db.execute("SELECT count(*) FROM clause_fts WHERE clause_fts MATCH ?", (word,))
    return int(row.fetchone()[0])


def test_round_trip(sample_workspace: tuple[Path, list[IngestResult]]) -> None:
    folder, results = sample_workspace
    assert [r.status for r in results] == ["added"] * len(SAMPLE_FILES)
    with Workspace(folder) as ws:
        docs = {d["id"]: d for d in ws.documents()}
        # In the order they were added (the batch's order), whatever their ids or timestamps.
        assert list(docs) == [r.document for r in results]
        for result in results:
            assert docs[result.document]["clauses"] == result.clauses > 0
        # Every clause's text is exactly its span of the stored document text.
        rows = ws.db.execute(
            'SELECT d.text, c.start, c."end", c.text FROM clauses c JOIN documents d ON d.id = c.document'
        ).fetchall()
        assert rows
        assert all(text[s:e] == clause for text, s, e, clause in rows)
        assert ws.vector_count() == len(rows) == ws.index().ntotal
        assert ws.db.execute("SELECT count(*) FROM clause_topics").fetchone()[0] > 0
        assert ws.db.execute("SELECT count(*) FROM terms").fetchone()[0] > 0
        # PDFs keep line boxes for redrawing highlights.
        cobalt = next(d for d in docs.values() if d["name"] == "cobalt_ridge_proposal.pdf")
        layout = json.loads(
            ws.db.execute("SELECT layout FROM documents WHERE id = ?", (cobalt["id"],)).fetchone()[
                0
            ]
        )
        assert layout["pages"]
        assert any(block[3] for block in layout["blocks"])
        assert cobalt["kind"] == "proposal"
        assert cobalt["media_type"] == "pdf"
        log = ws.audit_log()
        assert [e["action"] for e in log] == ["ingest"] * len(SAMPLE_FILES)
        assert all(e["who"] and e["at"] for e in log)
        manifest = json.loads((folder / faiss_index.MANIFEST_NAME).read_text())
        assert manifest["count"] == len(rows)
        assert manifest["generation"] == ws.generation()
        assert manifest["model"] == ws.model
        assert manifest["dimension"] == 384


def test_reingest_same_bytes_is_a_no_op(
    workspace_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged file was parsed")

    def must_not_read() -> Reader:
        raise AssertionError("the Reader (embedding model) was made for unchanged files")

    monkeypatch.setattr("rfp_assist.retrieval.ingest.load_isolated", must_not_parse)
    with Workspace(workspace_copy) as ws:
        generation = ws.generation()
        results = ingest_paths(ws, SAMPLE_FILES, reader=must_not_read)
        assert [r.status for r in results] == ["unchanged"] * len(SAMPLE_FILES)
        assert all(r.document and r.clauses > 0 for r in results)
        assert ws.generation() == generation


def test_delete_removes_rows_vectors_and_fts(workspace_copy: Path) -> None:
    with Workspace(workspace_copy) as ws:
        doc = next(d for d in ws.documents() if d["name"] == "cobalt_ridge_proposal.pdf")
        before_vectors, before_index = ws.vector_count(), ws.index().ntotal
        assert _fts_count(ws, "Cobalt") > 0
        assert ws.delete(doc["id"]) is True
        assert ws.delete(doc["id"]) is False
        assert _fts_count(ws, "Cobalt") == 0
        assert ws.vector_count() == before_vectors - doc["clauses"]
        assert ws.index().ntotal == before_index - doc["clauses"]
        for table in ("clauses", "flags"):
            assert not ws.db.execute(
                f"SELECT 1 FROM {table} WHERE document = ?", (doc["id"],)
            ).fetchone()
        assert not ws.db.execute("SELECT 1 FROM documents WHERE id = ?", (doc["id"],)).fetchone()
        orphans = "SELECT count(*) FROM {} WHERE pk NOT IN (SELECT pk FROM clauses)"
        for table in ("vectors", "clause_topics", "terms"):
            assert ws.db.execute(orphans.format(table)).fetchone()[0] == 0
        ws.db.execute("INSERT INTO clause_fts (clause_fts) VALUES ('integrity-check')")
        assert ws.audit_log()[-1]["action"] == "delete"
    with Workspace(workspace_copy) as ws:  # the saved index agrees after reopening
        assert ws.index().ntotal == ws.vector_count()
        assert ws.index_status == "loaded"


def test_model_mismatch_names_the_rebuild_command(workspace_copy: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:
        Workspace(workspace_copy, model="some-other-model@1")
    message = str(caught.value)
    assert f"rfp-assist rebuild --workspace {workspace_copy}" in message
    assert "some-other-model@1" in message


def test_rebuild_after_model_change_re_embeds(workspace_copy: Path, reader: Reader) -> None:
    with Workspace(workspace_copy) as ws:
        ws.db.execute("UPDATE meta SET value = 'old-model@0' WHERE key = 'model'")
    with Workspace(workspace_copy, check_model=False) as ws:
        count = ws.rebuild(reader.embed)
        assert count == ws.vector_count() == ws.index().ntotal
        assert ws.meta("model") == ws.model
        assert ws.audit_log()[-1]["action"] == "rebuild"
    Workspace(workspace_copy).close()  # opens cleanly again


@pytest.mark.parametrize("damage", ["delete", "corrupt", "truncate", "manifest"])
def test_lost_or_corrupt_index_is_rebuilt_from_sqlite(workspace_copy: Path, damage: str) -> None:
    manifest = json.loads((workspace_copy / faiss_index.MANIFEST_NAME).read_text())
    index_file = workspace_copy / manifest["file"]
    if damage == "delete":
        index_file.unlink()
    elif damage == "corrupt":
        data = bytearray(index_file.read_bytes())
        data[len(data) // 2] ^= 0xFF
        index_file.write_bytes(bytes(data))
    elif damage == "truncate":
        index_file.write_bytes(index_file.read_bytes()[:100])
    else:
        (workspace_copy / faiss_index.MANIFEST_NAME).write_text("{not json")
    with Workspace(workspace_copy) as ws:
        assert ws.index().ntotal == ws.vector_count() > 0
        assert ws.index_status.startswith("rebuilt from SQLite")
    with Workspace(workspace_copy) as ws:  # and the rebuilt index was saved
        assert ws.index().ntotal == ws.vector_count()
        assert ws.index_status == "loaded"


def test_stale_index_catches_up_with_sqlite(workspace_copy: Path, reader: Reader) -> None:
    """An index saved before the last commit (a crash in between) is brought up to date."""
    manifest_path = workspace_copy / faiss_index.MANIFEST_NAME
    with Workspace(workspace_copy) as ws:
        doc = ws.documents()[0]
        ws.delete(doc["id"])
        ws.index()  # saved without the document
        stale = (
            manifest_path.read_bytes(),
            (workspace_copy / json.loads(manifest_path.read_bytes())["file"]),
        )
        saved = stale[1].read_bytes()
        ingest_paths(ws, SAMPLE_FILES, reader=lambda: reader)
    # Put the old index back, as if the process died before saving the new one.
    stale[1].write_bytes(saved)
    manifest_path.write_bytes(stale[0])
    with Workspace(workspace_copy) as ws:
        assert ws.index().ntotal == ws.vector_count()
        assert ws.index_status == "loaded"


def test_schema_is_sqlite_wal(workspace_copy: Path) -> None:
    db = sqlite3.connect(workspace_copy / "workspace.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "documents",
        "clauses",
        "vectors",
        "clause_topics",
        "terms",
        "flags",
        "audit",
        "clause_fts",
    } <= tables
    db.close()
