"""Stale readings: a document read by another reader version is re-read from the stored text.

Real parts only: the sample workspace (real loaders, model, FAISS, SQLite), a real change of
the reader's inputs (the playbook's bytes, part of the reader version), and an old (schema 1)
workspace made by taking the column away again.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np

from rfp_assist.loaders import load
from rfp_assist.pipeline import analyse
from rfp_assist.retrieval.ingest import ingest_paths
from rfp_assist.retrieval.reader_version import playbook_bytes, reader_version
from rfp_assist.retrieval.rows import ClauseRecord, DocumentRecord, record_from_reading
from rfp_assist.retrieval.store import DB_NAME, Workspace
from rfp_assist.understand import DEFAULT_PLAYBOOK, Reader
from tests.retrieval.conftest import SAMPLE_FILES, Rows, as_lists, seed_cache, stored_readings


def _fresh(reader: Reader, version: str) -> Rows:
    """What a fresh ingest with `reader` stores, as `stored_readings` shows it (vectors aside)."""
    clauses: dict[str, Any] = {}
    flags: dict[str, Any] = {}
    for path in SAMPLE_FILES:
        record = record_from_reading(reader.read(analyse(load(path))), version)
        for item in record.clauses:
            terms = [(t.topic, t.key, json.dumps(t.value), t.start, t.end) for t in item.terms]
            topics = sorted((t, round(s, 4)) for t, s in item.topics)
            clauses[item.clause.id] = (item.risk, list(item.reasons), item.search_text,
                                       topics, terms)  # fmt: skip
        flags[record.document.id] = sorted(
            (f.clause_id, f.kind, f.reason, f.start, f.end, f.page, f.text) for f in record.flags
        )
    return {"clauses": clauses, "flags": {k: v for k, v in flags.items() if v}}


def test_a_playbook_change_re_reads_stored_documents(
    workspace_copy: Path, reader: Reader, revised_playbook: Path
) -> None:
    before = stored_readings(workspace_copy)
    assert reader.cache is not None
    cache = Path(reader.cache._db.execute("PRAGMA database_list").fetchone()[2])
    revised = Reader(cache_path=cache, playbook_path=revised_playbook, embedder=reader.embedder)
    revised._topic_model = reader.topic_model  # the same topic model, not built a second time
    version = reader_version(playbook_bytes(revised_playbook), model=reader.embedder.model_id)
    expected = as_lists(_fresh(revised, version))
    assert expected != as_lists(before)  # the change is one a re-read must show

    with Workspace(workspace_copy) as ws:
        assert ws.stale_documents(version) == [d["id"] for d in ws.documents()]
        generation = ws.generation()
        results = ingest_paths(ws, SAMPLE_FILES, reader=lambda: revised, playbook=revised_playbook)
        assert [r.status for r in results] == ["unchanged"] * len(SAMPLE_FILES)
        assert ws.stale_documents(version) == []
        assert ws.generation() > generation
        rereads = [e for e in ws.audit_log() if e["action"] == "reread"]
        assert len(rereads) == len(SAMPLE_FILES)
        assert all(version in e["detail"] and "(0 re-embedded)" in e["detail"] for e in rereads)
        assert ws.index().ntotal == ws.vector_count()
    after = stored_readings(workspace_copy)
    assert as_lists(after) == expected
    assert after["vectors"] == before["vectors"]  # same keys, same vectors: nothing re-embedded

    # Once re-read, the next ingest has nothing to do (the Reader is not even made).
    def must_not_read() -> Reader:
        raise AssertionError("nothing is stale")

    with Workspace(workspace_copy) as ws:
        generation = ws.generation()
        ingest_paths(ws, SAMPLE_FILES, reader=must_not_read, playbook=revised_playbook)
        assert ws.generation() == generation


def test_an_old_workspace_is_upgraded_and_re_read_faithfully(
    workspace_copy: Path, reader: Reader
) -> None:
    """A schema 1 workspace opens, gains the column, and its documents are re-read.

    The reader is the one that wrote them, so the re-read, made from the stored text, clauses
    and hidden spans alone, must give back exactly the rows a read of the files gave.
    """
    before = stored_readings(workspace_copy)
    db = sqlite3.connect(workspace_copy / DB_NAME)
    with db:
        db.execute("ALTER TABLE documents DROP COLUMN reader_version")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    db.close()
    version = reader_version(playbook_bytes(None), model=reader.embedder.model_id)
    with Workspace(workspace_copy) as ws:
        assert ws.meta("schema") == "2"
        assert len(ws.stale_documents(version)) == len(SAMPLE_FILES)
        ingest_paths(ws, [], reader=lambda: reader)
        assert ws.stale_documents(version) == []
        assert ws.index().ntotal == ws.vector_count()
    assert stored_readings(workspace_copy) == before


def test_a_changed_search_text_gets_a_new_key_and_vector(workspace_copy: Path) -> None:
    """replace_readings stores a clause whose masked text changed under a new key."""
    with Workspace(workspace_copy) as ws:
        doc_id = ws.documents()[0]["id"]
        rows = ws.db.execute(
            "SELECT c.pk, c.id, c.text, c.search_text FROM clauses c WHERE document = ?"
            " ORDER BY seq",
            (doc_id,),
        ).fetchall()
        from rfp_assist.retrieval.reread import stored_document

        stored = stored_document(ws, doc_id)
        assert stored is not None
        clauses = []
        vectors = np.stack([stored.vectors[r[3]] for r in rows])
        for i, clause in enumerate(stored.analysis.clauses):
            text = rows[i][3]
            if i == 0:
                text = "zyzzyva " + text[8:]  # as if a flag had blanked its first word
                vectors[0] = -vectors[0]
            clauses.append(ClauseRecord(clause, text, (("pricing", 0.9),), (), "low", ("why",)))
        record = DocumentRecord(
            stored.analysis.document, "other", None, tuple(clauses), vectors, (), {}, "v-test"
        )
        assert ws.replace_readings(record) == 1
        assert ws.replace_readings(record) is None  # already at that version
        keys = {r[1]: r[0] for r in ws.db.execute("SELECT pk, id FROM clauses")}
        assert keys[rows[0][1]] > max(r[0] for r in rows)  # new key for the changed clause
        assert all(keys[r[1]] == r[0] for r in rows[1:])  # the others keep theirs
        hits = ws.db.execute(
            "SELECT rowid FROM clause_fts WHERE clause_fts MATCH 'zyzzyva'"
        ).fetchall()
        assert hits == [(keys[rows[0][1]],)]
        ws.db.execute("INSERT INTO clause_fts (clause_fts) VALUES ('integrity-check')")
        index = ws.index()
        assert index.ntotal == ws.vector_count()
        got, vector = ws.vectors(np.array([keys[rows[0][1]]]))
        assert got.tolist() == [keys[rows[0][1]]]
        assert np.allclose(vector[0], vectors[0])
        risks = {
            r[0] for r in ws.db.execute("SELECT risk FROM clauses WHERE document = ?", (doc_id,))
        }
        assert risks == {"low"}


def test_the_version_follows_the_playbook_and_the_model(tmp_path: Path) -> None:
    shipped = playbook_bytes(None)
    copy = tmp_path / "same.yaml"
    shutil.copy(DEFAULT_PLAYBOOK, copy)
    assert reader_version(playbook_bytes(copy), model="m") == reader_version(shipped, model="m")
    assert reader_version(shipped + b"\n# edited", model="m") != reader_version(shipped, model="m")
    assert reader_version(shipped, model="m2") != reader_version(shipped, model="m")


def test_rebuild_re_reads_stale_documents(workspace_copy: Path, reader: Reader) -> None:
    from click.testing import CliRunner

    from rfp_assist.cli import main

    seed_cache(reader, workspace_copy)  # the model still loads; nothing needs embedding
    before = stored_readings(workspace_copy)
    db = sqlite3.connect(workspace_copy / DB_NAME)
    with db:
        db.execute("UPDATE documents SET reader_version = 'made-by-an-older-reader'")
    db.close()
    result = CliRunner().invoke(main, ["rebuild", "--workspace", str(workspace_copy)])
    assert result.exit_code == 0, result.output
    assert f"re-read {len(SAMPLE_FILES)} documents" in result.output
    assert stored_readings(workspace_copy) == before
    result = CliRunner().invoke(main, ["rebuild", "--workspace", str(workspace_copy)])
    assert "re-read" not in result.output
