"""SIGKILL a real `rfp-assist ingest` while it re-reads stale documents; nothing may break.

The workspace is first read with a revised playbook, so the CLI (shipped playbook) finds every
document stale and re-reads it from the stored text. After every kill the workspace must open
and be whole (`check_workspace`: clauses, vectors, FTS, FAISS and search agree), and each
document must hold exactly one reader's readings, the old or the new, never a mix. A final
uninterrupted run leaves every document as a fresh ingest with the shipped playbook stores it.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

from rfp_assist.retrieval.ingest import IngestResult, reread_workspace
from rfp_assist.retrieval.reader_version import playbook_bytes, reader_version
from rfp_assist.retrieval.store import DB_NAME, Workspace
from rfp_assist.understand import Reader
from tests.retrieval.conftest import (
    SAMPLE_FILES,
    as_lists,
    check_workspace,
    seed_cache,
    spawn_ingest,
    stored_readings,
)

KILLS = 10
MAX_KILLS = 40


def _per_document(folder: Path) -> dict[str, Any]:
    """Each document's reader version and its readings (clauses and flags), comparable."""
    rows = as_lists(stored_readings(folder))
    db = sqlite3.connect(folder / DB_NAME)
    owner = dict(db.execute("SELECT id, document FROM clauses").fetchall())
    versions = dict(db.execute("SELECT id, reader_version FROM documents").fetchall())
    db.close()
    out: dict[str, Any] = {d: {"clauses": {}, "flags": rows["flags"].get(d, [])} for d in versions}
    for clause_id, reading in rows["clauses"].items():
        out[owner[clause_id]]["clauses"][clause_id] = reading
    return {d: (versions[d], out[d]) for d in versions}


def test_sigkill_during_a_re_read_leaves_old_or_new_readings_never_a_mix(
    tmp_path: Path,
    reader: Reader,
    sample_workspace: tuple[Path, list[IngestResult]],
    revised_playbook: Path,
) -> None:
    # New: what the CLI's reader stores (the sample workspace was ingested with it).
    new = _per_document(sample_workspace[0])
    with Workspace(sample_workspace[0]) as ws:
        expected = {d["id"]: d["clauses"] for d in ws.documents()}
    assert len(expected) == len(SAMPLE_FILES)
    # Old: the same documents re-read with the revised playbook, in-process.
    stale = tmp_path / "stale"
    shutil.copytree(sample_workspace[0], stale)
    assert reader.cache is not None
    cache = Path(reader.cache._db.execute("PRAGMA database_list").fetchone()[2])
    revised = Reader(cache_path=cache, playbook_path=revised_playbook, embedder=reader.embedder)
    revised._topic_model = reader.topic_model  # the same topic model, not built a second time
    with Workspace(stale) as ws:
        assert len(reread_workspace(ws, reader=lambda: revised, playbook=revised_playbook)) == len(
            SAMPLE_FILES
        )
    old = _per_document(stale)
    assert set(old) == set(new)
    assert all(old[d] != new[d] for d in new)
    shipped = reader_version(playbook_bytes(None), model=reader.embedder.model_id)
    assert {v for v, _ in new.values()} == {shipped}

    def copy(name: str) -> Path:
        folder = tmp_path / name
        shutil.copytree(stale, folder)
        seed_cache(reader, folder)
        return folder

    # One uninterrupted run: how long a re-read of every document takes, and that it is whole.
    baseline = copy("baseline")
    started = time.perf_counter()
    assert spawn_ingest(baseline, SAMPLE_FILES).wait(timeout=120) == 0
    duration = time.perf_counter() - started
    check_workspace(baseline, expected, reader)
    assert _per_document(baseline) == new

    rng = random.Random(20261130)
    re_read_counts: list[int] = []
    folder = baseline
    # At least KILLS kills, and on until one lands mid-way (some documents re-read, not all).
    while len(re_read_counts) < KILLS or not any(0 < n < len(SAMPLE_FILES) for n in re_read_counts):
        assert len(re_read_counts) < MAX_KILLS, re_read_counts
        folder = copy(f"ws-{len(re_read_counts)}")
        process = spawn_ingest(folder, SAMPLE_FILES)
        time.sleep(rng.uniform(0.05, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert check_workspace(folder, expected, reader) == len(SAMPLE_FILES)
        now = _per_document(folder)
        for doc, state in now.items():
            assert state in (old[doc], new[doc]), f"kill {len(re_read_counts)}: {doc} holds a mix"
        re_read_counts.append(sum(now[d] == new[d] for d in now))
    # And a run to the end finishes what the last kill interrupted.
    assert spawn_ingest(folder, SAMPLE_FILES).wait(timeout=120) == 0
    check_workspace(folder, expected, reader)
    assert _per_document(folder) == new
