"""SIGKILL a real `rfp-assist ingest` at random moments; the workspace must always hold up.

After every kill the workspace must open, hold every stored document whole (all its clauses,
vectors and FTS rows, as an uninterrupted ingest stores them), have a FAISS index with exactly
SQLite's vectors, and answer searches with clauses that exist. The embedding cache is warmed
once, so each killed run costs process start-up and real work, not model inference.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from rfp_assist.retrieval import faiss_index
from rfp_assist.retrieval.ingest import ingest_paths
from rfp_assist.retrieval.search import Searcher
from rfp_assist.retrieval.store import Workspace
from rfp_assist.understand import Reader
from tests.conftest import ROOT
from tests.retrieval.conftest import CUAD_TXT, SAMPLE_FILES, seed_cache

CRASH_FILES = (
    *SAMPLE_FILES,
    CUAD_TXT / "PFSFUNDS_06_26_2020-EX-99.H OTH MAT CONT-SERVICES AGREEMENT.txt",
    CUAD_TXT / "LEGACYTECHNOLOGYHOLDINGS,INC_12_09_2005-EX-10.2-DISTRIBUTOR AGREEMENT.txt",
)
KILLS = 20


def _spawn(folder: Path, files: tuple[Path, ...] = CRASH_FILES) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "rfp_assist.cli", "ingest", "--workspace", str(folder)]
    return subprocess.Popen(
        [*command, *map(str, files)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


def _check(folder: Path, expected: dict[str, int], reader: Reader) -> int:
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


def test_sigkill_during_ingest_never_breaks_the_workspace(
    tmp_path: Path, reader: Reader, sample_workspace: object
) -> None:
    # An uninterrupted ingest: what every document must look like, and a warm embedding cache.
    with Workspace(tmp_path / "reference") as ws:
        results = ingest_paths(ws, CRASH_FILES, reader=lambda: reader)
    expected = {r.document: r.clauses for r in results if r.document}
    assert all(r.status == "added" for r in results)

    # One uninterrupted run in a subprocess to learn how long a run takes.
    baseline = tmp_path / "baseline"
    seed_cache(reader, baseline)
    started = time.perf_counter()
    assert _spawn(baseline).wait(timeout=120) == 0
    duration = time.perf_counter() - started
    assert _check(baseline, expected, reader) == len(CRASH_FILES)

    rng = random.Random(20261123)
    folder = tmp_path / "ws-0"
    stored_counts = []
    for attempt in range(KILLS):
        if attempt % 2 == 0:  # a fresh workspace
            folder = tmp_path / f"ws-{attempt}"
            seed_cache(reader, folder)
        else:  # the same workspace, with a document or two deleted to give the run work
            with Workspace(folder) as ws:
                for doc in rng.sample(ws.documents(), k=min(2, len(ws.documents()))):
                    ws.delete(doc["id"])
        process = _spawn(folder)
        time.sleep(rng.uniform(0.05, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        stored_counts.append(_check(folder, expected, reader))
    # The kills landed at different stages: some runs stored nothing, some stored part.
    assert len(set(stored_counts)) > 2, stored_counts
    # And a final uninterrupted run completes the last workspace.
    assert _spawn(folder).wait(timeout=120) == 0
    assert _check(folder, expected, reader) == len(CRASH_FILES)
