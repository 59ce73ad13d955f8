"""Shared fixtures (the real embedding model and Reader, loaded once per session) and helpers."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rfp_assist.pipeline import Analysis
from rfp_assist.retrieval import faiss_index
from rfp_assist.retrieval.ingest import IngestResult, ingest_paths
from rfp_assist.retrieval.search import Searcher
from rfp_assist.retrieval.store import CACHE_NAME, DB_NAME, Workspace
from rfp_assist.understand import DEFAULT_PLAYBOOK, Reader, flagged_texts
from tests.conftest import CORPORA, ROOT, SHARED_EVAL

CUAD_TXT = SHARED_EVAL / "cuad" / "contracts"
#: Small real documents of every format: two PDFs, one DOCX, two CUAD text files.
SAMPLE_FILES = (
    CORPORA / "proposals" / "cobalt_ridge_proposal.pdf",
    CORPORA / "proposals" / "kestrel_bioprocess_proposal.pdf",
    CORPORA / "proposals" / "bluestem_bioprocess_proposal.docx",
    CUAD_TXT / "NETZEEINC_11_14_2002-EX-10.3-MAINTENANCE AGREEMENT.txt",
    CUAD_TXT
    / "BellringBrandsInc_20190920_S-1_EX-10.12_11817081_EX-10.12_Manufacturing Agreement2.txt",
)


@pytest.fixture(scope="session")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    """One Reader (model, topic model, playbook) with an embedding cache for the session."""
    return Reader(cache_path=tmp_path_factory.mktemp("cache") / CACHE_NAME)


def seed_cache(reader: Reader, workspace: Path) -> None:
    """Copy the session's embedding cache into a workspace folder (SQLite backup: WAL-safe)."""
    assert reader.cache is not None
    workspace.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(reader.cache._db.execute("PRAGMA database_list").fetchone()[2])
    target = sqlite3.connect(workspace / CACHE_NAME)
    with target:
        source.backup(target)
    source.close()
    target.close()


@pytest.fixture(scope="session")
def sample_workspace(
    tmp_path_factory: pytest.TempPathFactory, reader: Reader
) -> tuple[Path, list[IngestResult]]:
    """A workspace holding SAMPLE_FILES, built once; tests copy it before changing it."""
    folder = tmp_path_factory.mktemp("sample") / "ws"
    with Workspace(folder) as workspace:
        results = ingest_paths(workspace, SAMPLE_FILES, reader=lambda: reader)
    return folder, results


@pytest.fixture
def workspace_copy(sample_workspace: tuple[Path, list[IngestResult]], tmp_path: Path) -> Path:
    """A private copy of the sample workspace folder."""
    folder = tmp_path / "ws"
    shutil.copytree(sample_workspace[0], folder)
    return folder


@pytest.fixture
def revised_playbook(tmp_path: Path) -> Path:
    """The shipped playbook with every position relabelled: the reasons a clause gets change."""
    text = DEFAULT_PLAYBOOK.read_text(encoding="utf-8")
    assert text.count("label: ") > 10
    path = tmp_path / "playbook_v2.yaml"
    path.write_text(text.replace("label: ", "label: Revised "), encoding="utf-8")
    return path


def spawn_ingest(folder: Path, files: tuple[Path, ...]) -> subprocess.Popen[bytes]:
    """Start a real `rfp-assist ingest` of `files` into `folder` in a subprocess (output dropped)."""
    command = [sys.executable, "-m", "rfp_assist.cli", "ingest", "--workspace", str(folder)]
    return subprocess.Popen(
        [*command, *map(str, files)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


def check_workspace(folder: Path, expected: dict[str, int], reader: Reader) -> int:
    """Assert the workspace is whole and consistent; return how many documents it holds."""
    with Workspace(folder) as ws:
        db = ws.db
        docs = ws.documents()
        for doc in docs:
            assert doc["clauses"] == expected[doc["id"]], doc["name"]
        assert (
            db.execute(
                "SELECT count(*) FROM clauses WHERE pk NOT IN (SELECT pk FROM vectors)"
            ).fetchone()[0]
            == 0
        )
        assert (
            db.execute(
                "SELECT count(*) FROM vectors WHERE pk NOT IN (SELECT pk FROM clauses)"
            ).fetchone()[0]
            == 0
        )
        assert db.execute("SELECT count(*) FROM audit WHERE action = 'ingest'").fetchone()[
            0
        ] >= len(docs)
        db.execute("INSERT INTO clause_fts (clause_fts) VALUES ('integrity-check')")
        index = ws.index()
        keys = {r[0] for r in db.execute("SELECT pk FROM vectors")}
        assert index.ntotal == ws.vector_count() == len(keys)
        assert set(faiss_index.keys_of(index).tolist()) == keys
        searcher = Searcher(ws, reader.embed)
        hits = searcher.search("termination for convenience on notice", k=10)
        assert len(hits) == min(10, len(keys))
        clause_ids = {r[0] for r in db.execute("SELECT id FROM clauses")}
        assert {h.clause for h in hits} <= clause_ids
        if docs:
            one = docs[0]["id"]
            hits = searcher.search("payment", k=5, document=one)
            assert hits
            assert {h.document for h in hits} == {one}
        return len(docs)


Rows = dict[str, Any]


def stored_readings(folder: Path) -> Rows:
    """Every stored reading by clause id, the flags by document, and each clause's key+vector."""
    db = sqlite3.connect(folder / DB_NAME)
    out: Rows = {"clauses": {}, "flags": {}, "vectors": {}}
    for pk, cid, risk, reasons, search_text in db.execute(
        "SELECT pk, id, risk, reasons, search_text FROM clauses"
    ):
        topics = db.execute(
            "SELECT topic, round(score, 4) FROM clause_topics WHERE pk = ? ORDER BY topic", (pk,)
        ).fetchall()
        terms = db.execute(
            'SELECT topic, key, value, start, "end" FROM terms WHERE pk = ? ORDER BY rowid', (pk,)
        ).fetchall()
        out["clauses"][cid] = (risk, json.loads(reasons), search_text, topics, terms)
        vector = db.execute("SELECT vector FROM vectors WHERE pk = ?", (pk,)).fetchone()[0]
        out["vectors"][cid] = (pk, vector)
    for row in db.execute(
        'SELECT document, clause, kind, reason, start, "end", page, text FROM flags'
    ):
        out["flags"].setdefault(row[0], []).append(row[1:])
    for flags in out["flags"].values():
        flags.sort()
    db.close()
    return out


def as_lists(rows: Rows) -> Rows:
    """The clauses and flags of `rows`, tuples from SQLite and from Python compared alike."""
    return json.loads(json.dumps({k: rows[k] for k in ("clauses", "flags")}))


def clause_texts(analysis: Analysis) -> list[str]:
    """The clause texts a Reader embeds for `analysis` (flagged text masked, as `Reader.read`)."""
    return flagged_texts(analysis)[2]
