"""SIGKILL a real `rfp-assist ingest` at random moments; the workspace must always hold up.

After every kill the workspace must open, hold every stored document whole (all its clauses,
vectors and FTS rows, as an uninterrupted ingest stores them), have a FAISS index with exactly
SQLite's vectors, and answer searches with clauses that exist. The embedding cache is warmed
once, so each killed run costs process start-up and real work, not model inference.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

from rfp_assist.retrieval.ingest import ingest_paths
from rfp_assist.retrieval.store import Workspace
from rfp_assist.understand import Reader
from tests.retrieval.conftest import (
    CUAD_TXT,
    SAMPLE_FILES,
    check_workspace,
    seed_cache,
    spawn_ingest,
)

CRASH_FILES = (
    *SAMPLE_FILES,
    CUAD_TXT / "PFSFUNDS_06_26_2020-EX-99.H OTH MAT CONT-SERVICES AGREEMENT.txt",
    CUAD_TXT / "LEGACYTECHNOLOGYHOLDINGS,INC_12_09_2005-EX-10.2-DISTRIBUTOR AGREEMENT.txt",
)
KILLS = 20


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
    assert spawn_ingest(baseline, CRASH_FILES).wait(timeout=120) == 0
    duration = time.perf_counter() - started
    assert check_workspace(baseline, expected, reader) == len(CRASH_FILES)

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
        process = spawn_ingest(folder, CRASH_FILES)
        time.sleep(rng.uniform(0.05, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        stored_counts.append(check_workspace(folder, expected, reader))
    # The kills landed at different stages: some runs stored nothing, some stored part.
    assert len(set(stored_counts)) > 2, stored_counts
    # And a final uninterrupted run completes the last workspace.
    assert spawn_ingest(folder, CRASH_FILES).wait(timeout=120) == 0
    assert check_workspace(folder, expected, reader) == len(CRASH_FILES)
